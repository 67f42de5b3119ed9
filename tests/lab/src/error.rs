//! [`ApiError`]: an API failure as the `Status` object a real API server sends.

use serde_json::{json, Value};

use crate::resources::ResourceDef;

/// An API error rendered as a `Status` object.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status code.
    pub code: u16,
    /// Machine-readable reason (`NotFound`, `AlreadyExists`, ...).
    pub reason: &'static str,
    /// Human message.
    pub message: String,
    /// `details` field.
    pub details: Value,
}

impl ApiError {
    /// A generic error.
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: Value::Null,
        }
    }
    /// `pods "x" not found`
    pub fn not_found(r: &ResourceDef, name: &str) -> Self {
        let mut e = Self::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", r.qualified()),
        );
        e.details = json!({"name": name, "group": r.group, "kind": r.plural});
        e
    }
    /// `pods "x" already exists`
    pub fn already_exists(r: &ResourceDef, name: &str) -> Self {
        let mut e = Self::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", r.qualified()),
        );
        e.details = json!({"name": name, "group": r.group, "kind": r.plural});
        e
    }
    /// 400 BadRequest.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", msg)
    }
    /// 422 Invalid.
    pub fn invalid(r: &ResourceDef, name: &str, msg: &str) -> Self {
        let mut e = Self::new(
            422,
            "Invalid",
            format!("{} \"{name}\" is invalid: {msg}", r.kind),
        );
        e.details = json!({"name": name, "group": r.group, "kind": r.kind});
        e
    }
    /// 410 Expired.
    pub fn expired(msg: impl Into<String>) -> Self {
        Self::new(410, "Expired", msg)
    }
    /// The `Status` JSON.
    pub fn status(&self) -> Value {
        let mut v = json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
            "message": self.message, "reason": self.reason, "code": self.code});
        if !self.details.is_null() {
            v["details"] = self.details.clone();
        }
        v
    }
}
