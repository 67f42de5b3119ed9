//! Writes over HTTP: create, update, patch (all flavours, server-side apply), delete,
//! deletecollection and the scale subresource — decoded here, executed by [`crate::mutate::Tx`].

use http::Method;
use serde_json::{json, Value};

use super::read::selectors;
use super::{Query, Reply, Res, Target};
use crate::cluster::Shared;
use crate::mutate::Tx;
use crate::patch::{self, PatchKind};
use crate::store::ApiError;

/// Parses a JSON or YAML request body.
fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice::<Value>(body)
        .or_else(|_| serde_saphyr::from_slice::<Value>(body))
        .map_err(|e| {
            ApiError::bad_request(format!(
                "the body of the request was in an unknown format: {e}"
            ))
        })
}

fn dry_run(q: &Query) -> bool {
    q.get("dryRun").is_some_and(|d| d == "All")
}

/// Checks a body against the URL (kind, namespace, name) and fills what the URL implies.
fn prepare(t: &Target, mut v: Value, name: Option<&str>) -> Result<Value, ApiError> {
    let r = t.def();
    if !v.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    if let Some(k) = v["kind"].as_str() {
        if k != r.kind {
            return Err(ApiError::bad_request(format!(
                "the API version in the data ({}) does not match the expected API version ({})",
                v["apiVersion"].as_str().unwrap_or(""),
                r.api_version()
            )));
        }
    }
    if !v["metadata"].is_object() {
        v["metadata"] = json!({});
    }
    if let Some(ns) = &t.ns {
        match v["metadata"]["namespace"].as_str() {
            Some(x) if !x.is_empty() && x != ns => {
                return Err(ApiError::bad_request("the namespace of the provided object does not match the namespace sent on the request"));
            }
            _ => v["metadata"]["namespace"] = json!(ns),
        }
    }
    if let Some(n) = name {
        match v["metadata"]["name"].as_str() {
            Some(x) if x != n => {
                return Err(ApiError::bad_request(
                    "the name of the object does not match the name on the URL",
                ))
            }
            _ => v["metadata"]["name"] = json!(n),
        }
    }
    Ok(v)
}

pub(super) fn create(state: &Shared, t: &Target, body: &[u8], q: &Query) -> Res {
    let v = prepare(t, parse_body(body)?, None)?;
    let mut tx = Tx::begin(state);
    if dry_run(q) {
        tx.check_namespace(t.res, &t.ns())?;
        return Ok(Reply::Json(201, v));
    }
    Ok(Reply::Json(201, tx.create(t.res, v)?))
}

pub(super) fn update(state: &Shared, t: &Target, name: &str, body: &[u8], q: &Query) -> Res {
    let v = prepare(t, parse_body(body)?, Some(name))?;
    if dry_run(q) {
        return Ok(Reply::Json(200, v));
    }
    Ok(Reply::Json(200, Tx::begin(state).update(t.res, v)?))
}

pub(super) fn patch(
    state: &Shared,
    t: &Target,
    name: &str,
    ct: &str,
    body: &[u8],
    q: &Query,
) -> Res {
    let kind = PatchKind::from_content_type(ct).ok_or_else(|| {
        ApiError::new(415, "UnsupportedMediaType", format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {ct})"))
    })?;
    let mut p = patch::parse_body(kind, body).map_err(ApiError::bad_request)?;
    if kind == PatchKind::Apply {
        p = prepare(t, p, Some(name))?;
    }
    let mut tx = Tx::begin(state);
    if kind == PatchKind::Apply {
        tx.check_namespace(t.res, &t.ns())?;
    }
    let w = tx.patch(t.res, &t.ns(), name, kind, &p, dry_run(q))?;
    Ok(Reply::Json(if w.created { 201 } else { 200 }, w.obj))
}

pub(super) fn delete(state: &Shared, t: &Target, name: &str, q: &Query) -> Res {
    let mut tx = Tx::begin(state);
    if dry_run(q) {
        return tx
            .store
            .get(t.res, &t.ns(), name)
            .map(|o| Reply::Json(200, o.value()))
            .ok_or_else(|| ApiError::not_found(t.def(), name));
    }
    Ok(Reply::Json(200, tx.delete(t.res, &t.ns(), name)?))
}

pub(super) fn delete_collection(state: &Shared, t: &Target, q: &Query) -> Res {
    let r = t.def();
    let (ls, fs) = selectors(q)?;
    let mut tx = Tx::begin(state);
    let items = tx.store.list(t.res, t.ns.as_deref(), &ls, &fs);
    let mut out = Vec::new();
    for o in items {
        if let Ok(d) = tx.delete(t.res, &o.namespace, &o.name) {
            out.push(d);
        }
    }
    Ok(Reply::Json(
        200,
        json!({"kind": r.list_kind(), "apiVersion": r.api_version(), "metadata": {"resourceVersion": tx.store.rv().to_string()}, "items": out}),
    ))
}

/// The `autoscaling/v1` Scale of a scalable object.
fn scale_of(v: &Value) -> Value {
    let sel = v["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let md = &v["metadata"];
    json!({"kind":"Scale","apiVersion":"autoscaling/v1",
        "metadata":{"name": md["name"], "namespace": md["namespace"], "uid": md["uid"],
            "resourceVersion": md["resourceVersion"], "creationTimestamp": md["creationTimestamp"]},
        "spec":{"replicas": v["spec"]["replicas"].as_u64().unwrap_or(0)},
        "status":{"replicas": v["status"]["replicas"].as_u64().unwrap_or(0), "selector": sel}})
}

pub(super) fn scale(
    state: &Shared,
    t: &Target,
    name: &str,
    method: &Method,
    ct: &str,
    body: &[u8],
) -> Res {
    let r = t.def();
    let mut tx = Tx::begin(state);
    let cur = tx
        .store
        .get(t.res, &t.ns(), name)
        .ok_or_else(|| ApiError::not_found(r, name))?;
    let curv = cur.value();
    if *method == Method::GET {
        return Ok(Reply::Json(200, scale_of(&curv)));
    }
    let mut sc = scale_of(&curv);
    if *method == Method::PUT {
        sc = parse_body(body)?;
    } else {
        let kind = PatchKind::from_content_type(ct)
            .ok_or_else(|| ApiError::new(415, "UnsupportedMediaType", "unsupported patch type"))?;
        let p = patch::parse_body(kind, body).map_err(ApiError::bad_request)?;
        patch::apply(kind, &mut sc, &p).map_err(|e| ApiError::new(422, "Invalid", e))?;
    }
    let Some(n) = sc["spec"]["replicas"].as_i64().filter(|n| *n >= 0) else {
        return Err(ApiError::new(422, "Invalid", format!("Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0")));
    };
    if let Some(want) = sc["metadata"]["resourceVersion"].as_str() {
        if *method == Method::PUT && !want.is_empty() && want != cur.rv.to_string() {
            return Err(ApiError::new(409, "Conflict", format!("Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", r.qualified())));
        }
    }
    let mut v = curv;
    v["spec"]["replicas"] = json!(n);
    let out = tx.update(t.res, v)?;
    Ok(Reply::Json(200, scale_of(&out)))
}
