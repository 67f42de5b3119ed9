//! Stored objects and the changes watchers see: [`StoredObj`] (serialized JSON plus the fields
//! selectors need), [`EventType`] and [`Change`].

use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;

use crate::selectors::{FieldSelector, LabelSelector, FIELD_PATHS};

/// One stored object: its JSON bytes plus the fields needed for selection.
#[derive(Debug)]
pub struct StoredObj {
    /// Serialized JSON (with the current resourceVersion inside).
    pub json: Bytes,
    /// metadata.name
    pub name: String,
    /// metadata.namespace ("" for cluster-scoped).
    pub namespace: String,
    /// metadata.uid
    pub uid: String,
    /// resourceVersion as a number.
    pub rv: u64,
    /// metadata.labels
    pub labels: Vec<(String, String)>,
    /// Indexed field values for field selectors.
    pub fields: Vec<(&'static str, String)>,
    /// UIDs of the owners (ownerReferences).
    pub owners: Vec<String>,
}

fn path<'a>(v: &'a Value, p: &str) -> Option<&'a Value> {
    p.split('.').try_fold(v, |acc, k| acc.get(k))
}

impl StoredObj {
    /// Builds the stored form of `v` (which must already carry its metadata).
    pub fn from_value(v: &Value, rv: u64) -> Self {
        let md = &v["metadata"];
        let s = |x: &Value| x.as_str().unwrap_or("").to_string();
        let labels = md["labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let fields = FIELD_PATHS
            .iter()
            .filter_map(|p| {
                path(v, p)
                    .and_then(|x| x.as_str())
                    .map(|x| (*p, x.to_string()))
            })
            .collect();
        let owners = md["ownerReferences"]
            .as_array()
            .map(|a| a.iter().map(|o| s(&o["uid"])).collect())
            .unwrap_or_default();
        StoredObj {
            json: Bytes::from(serde_json::to_vec(v).unwrap_or_default()),
            name: s(&md["name"]),
            namespace: s(&md["namespace"]),
            uid: s(&md["uid"]),
            rv,
            labels,
            fields,
            owners,
        }
    }
    /// The object parsed back into a JSON value.
    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.json).unwrap_or(Value::Null)
    }
    /// Whether it satisfies the selectors.
    pub fn matches(&self, ns: Option<&str>, ls: &LabelSelector, fs: &FieldSelector) -> bool {
        if let Some(ns) = ns {
            if self.namespace != ns {
                return false;
            }
        }
        if !ls.0.is_empty() && !ls.matches(&self.labels) {
            return false;
        }
        if fs.0.is_empty() {
            return true;
        }
        let mut f = self.fields.clone();
        f.push(("metadata.name", self.name.clone()));
        f.push(("metadata.namespace", self.namespace.clone()));
        fs.matches(&f)
    }
}

/// Watch event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// ADDED
    Added,
    /// MODIFIED
    Modified,
    /// DELETED
    Deleted,
}

impl EventType {
    /// Wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// A change recorded in the history and broadcast to watchers.
#[derive(Debug)]
pub struct Change {
    /// resourceVersion of this change.
    pub rv: u64,
    /// Resource id.
    pub res: usize,
    /// Event type.
    pub kind: EventType,
    /// The object after the change (the last state for deletions).
    pub obj: Arc<StoredObj>,
    /// The object before the change, if any.
    pub old: Option<Arc<StoredObj>>,
}
