//! Request routing and the Kubernetes API handlers: discovery, list/get/watch, create/update/patch/delete, scale and pod logs.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{json, Value};
use tokio::sync::{broadcast, mpsc};

use crate::cluster::{lock, Shared};
use crate::controller;
use crate::patch::{self, PatchKind};
use crate::resources::{self, ids::*, ResourceDef, RESOURCES};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::server::{bytes_response, error_response, json_response, Body, Caller, ChanBody};
use crate::store::{ApiError, Change, EventType, StoredObj};
use crate::table::{self, IncludeObject};
use crate::util::{now_secs, rfc3339_nanos, Rng};

/// Decodes `%XX` and `+` in a query component.
pub fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(x) => {
                    out.push(x);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            x => out.push(x),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(req: &Request<Incoming>) -> HashMap<String, String> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|x| !x.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect()
}

/// A parsed resource path.
#[derive(Debug)]
struct Target {
    res: usize,
    ns: Option<String>,
    name: Option<String>,
    sub: Option<String>,
}

fn parse_target(group: &str, version: &str, segs: &[&str]) -> Option<Target> {
    let find = |p: &str| resources::find(group, version, p);
    if segs.len() >= 3 && segs[0] == "namespaces" {
        if let Some(res) = find(segs[2]) {
            if RESOURCES[res].namespaced {
                return Some(Target {
                    res,
                    ns: Some(segs[1].to_string()),
                    name: segs.get(3).map(|s| s.to_string()),
                    sub: segs.get(4).map(|s| s.to_string()),
                });
            }
        }
    }
    let res = find(segs.first()?)?;
    Some(Target {
        res,
        ns: None,
        name: segs.get(1).map(|s| s.to_string()),
        sub: segs.get(2).map(|s| s.to_string()),
    })
}

fn wants_table(req: &Request<Incoming>) -> bool {
    req.headers()
        .get(http::header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("as=Table"))
}

fn not_found_path() -> Response<Body> {
    error_response(&ApiError::new(
        404,
        "NotFound",
        "the server could not find the requested resource",
    ))
}

/// Entry point for an authenticated request.
pub async fn handle(state: Shared, caller: Caller, req: Request<Incoming>) -> Response<Body> {
    let path = req.uri().path().trim_end_matches('/').to_string();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["version"] => {
            let v = &state.version;
            let mut parts = v.trim_start_matches('v').split('.');
            let major = parts.next().unwrap_or("1");
            let minor = parts.next().unwrap_or("0");
            return json_response(
                200,
                &json!({"major": major, "minor": minor, "gitVersion": v,
                "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
                "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
                "platform": "linux/amd64"}),
            );
        }
        ["healthz"] | ["livez"] | ["readyz"] => return text(200, "ok"),
        [x, ..] if *x == "livez" || *x == "readyz" => return text(200, "ok"),
        _ => {}
    }
    if caller.user.is_none() {
        return error_response(&ApiError::new(401, "Unauthorized", "Unauthorized"));
    }
    if segs.as_slice() == ["openapi", "v2"] {
        return openapi_v2(&req);
    }
    let addr = state.addr().to_string();
    match segs.as_slice() {
        ["api"] => return json_response(200, &resources::api_versions(&addr)),
        ["apis"] => return json_response(200, &resources::api_group_list()),
        ["api", "v1"] => return opt(resources::api_resource_list("", "v1")),
        ["apis", g] => return opt(resources::api_group(g)),
        ["apis", g, v] => return opt(resources::api_resource_list(g, v)),
        _ => {}
    }
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return not_found_path(),
    };
    let Some(t) = parse_target(group, version, rest) else {
        return not_found_path();
    };
    let q = query(&req);
    let user = caller.user.clone().unwrap_or_default();
    if t.res == NAMESPACES && state.faults().forbid_namespaces {
        let verb = match (req.method(), &t.name) {
            (&Method::GET, None) if is_watch(&q) => "watch",
            (&Method::GET, None) => "list",
            (&Method::GET, Some(_)) => "get",
            (&Method::POST, _) => "create",
            (&Method::DELETE, _) => "delete",
            _ => "update",
        };
        let msg = match &t.name {
            Some(n) => format!("namespaces \"{n}\" is forbidden: User \"{user}\" cannot {verb} resource \"namespaces\" in API group \"\" in the namespace \"{n}\""),
            None => format!("namespaces is forbidden: User \"{user}\" cannot {verb} resource \"namespaces\" in API group \"\" at the cluster scope"),
        };
        let mut e = ApiError::new(403, "Forbidden", msg);
        e.details = json!({"kind": "namespaces"});
        if let Some(n) = &t.name {
            e.details["name"] = json!(n);
        }
        return error_response(&e);
    }
    let table = wants_table(&req);
    let method = req.method().clone();
    let ct = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let r = &RESOURCES[t.res];
    let ns = t.ns.clone().unwrap_or_default();
    let result = match (&method, t.name.as_deref(), t.sub.as_deref()) {
        (&Method::GET, None, None) if is_watch(&q) => return watch(state, &t, &q, table),
        (&Method::GET, None, None) => list(&state, &t, &q, table),
        (&Method::GET, Some(name), None | Some("status")) => get(&state, &t, name, table, &q),
        (&Method::GET, Some(name), Some("log")) if t.res == PODS => {
            return logs(state, &ns, name, &q).await
        }
        (&Method::GET | &Method::PUT | &Method::PATCH, Some(name), Some("scale")) if r.scale => {
            scale(&state, &t, name, &method, &ct, &body)
        }
        (&Method::POST, None, None) => create(&state, &t, &body, &q),
        (&Method::PUT, Some(name), None | Some("status")) => update(&state, &t, name, &body, &q),
        (&Method::PATCH, Some(name), None | Some("status")) => {
            do_patch(&state, &t, name, &ct, &body, &q)
        }
        (&Method::DELETE, Some(name), None) => delete(&state, &t, name, &q),
        (&Method::DELETE, None, None) => delete_collection(&state, &t, &q),
        (_, _, Some(_)) => return not_found_path(),
        _ => Err(ApiError::new(
            405,
            "MethodNotAllowed",
            format!(
                "the server does not allow this method on the requested resource ({})",
                r.plural
            ),
        )),
    };
    match result {
        Ok(Reply::Json(code, v)) => json_response(code, &v),
        Ok(Reply::Raw(b)) => bytes_response(200, b),
        Err(e) => error_response(&e),
    }
}

/// A minimal, empty OpenAPI v2 document: enough for kubectl's client-side validation and
/// apply (which then falls back to its built-in strategic-merge metadata). Served as an empty
/// protobuf message when protobuf is asked for, as JSON otherwise.
fn openapi_v2(req: &Request<Incoming>) -> Response<Body> {
    let accept = req
        .headers()
        .get(http::header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .unwrap_or("");
    if accept.contains("protobuf") {
        let mut r = bytes_response(200, Bytes::new());
        r.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(
                "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
            ),
        );
        return r;
    }
    json_response(
        200,
        &json!({"swagger": "2.0", "info": {"title": "kubeli-lab", "version": "v1"}, "paths": {}, "definitions": {}}),
    )
}

fn text(code: u16, s: &str) -> Response<Body> {
    let mut r = bytes_response(code, Bytes::from(s.to_string()));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn opt(v: Option<Value>) -> Response<Body> {
    match v {
        Some(v) => json_response(200, &v),
        None => not_found_path(),
    }
}

fn is_watch(q: &HashMap<String, String>) -> bool {
    matches!(q.get("watch").map(String::as_str), Some("true") | Some("1"))
}

enum Reply {
    Json(u16, Value),
    Raw(Bytes),
}

type Res = Result<Reply, ApiError>;

fn selectors(q: &HashMap<String, String>) -> Result<(LabelSelector, FieldSelector), ApiError> {
    let ls = LabelSelector::parse(q.get("labelSelector").map(String::as_str).unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("unable to parse requirement: {e}")))?;
    let fs = FieldSelector::parse(q.get("fieldSelector").map(String::as_str).unwrap_or(""))
        .map_err(ApiError::bad_request)?;
    Ok((ls, fs))
}

fn parse_rv(q: &HashMap<String, String>) -> Option<u64> {
    q.get("resourceVersion")
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|x| *x > 0)
}

fn join_items(prefix: &str, items: &[Arc<StoredObj>], suffix: &str) -> Bytes {
    let total: usize = items.iter().map(|o| o.json.len() + 1).sum();
    let mut b = BytesMut::with_capacity(prefix.len() + total + suffix.len() + 2);
    b.extend_from_slice(prefix.as_bytes());
    for (i, o) in items.iter().enumerate() {
        if i > 0 {
            b.extend_from_slice(b",");
        }
        b.extend_from_slice(&o.json);
    }
    b.extend_from_slice(suffix.as_bytes());
    b.freeze()
}

fn encode_continue(rv: u64, ns: &str, name: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(json!({"rv": rv, "ns": ns, "name": name}).to_string())
}

fn decode_continue(s: &str) -> Result<(u64, String, String), ApiError> {
    use base64::Engine;
    let bad = || ApiError::bad_request("continue key is not valid");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    Ok((
        v["rv"].as_u64().ok_or_else(bad)?,
        v["ns"].as_str().unwrap_or("").into(),
        v["name"].as_str().unwrap_or("").into(),
    ))
}

fn list(state: &Shared, t: &Target, q: &HashMap<String, String>, table: bool) -> Res {
    let r = &RESOURCES[t.res];
    let (ls, fs) = selectors(q)?;
    let store = lock(&state.store);
    if let Some(rv) = parse_rv(q) {
        if state.faults().expire_rv && rv < store.rv() {
            return Err(ApiError::expired(format!(
                "too old resource version: {rv} ({})",
                store.rv()
            )));
        }
    }
    let mut items = store.list(t.res, t.ns.as_deref(), &ls, &fs);
    let rv = store.rv();
    drop(store);
    let mut list_rv = rv;
    if let Some(c) = q.get("continue").filter(|c| !c.is_empty()) {
        let (crv, cns, cname) = decode_continue(c)?;
        if crv < lock(&state.store).floor() && state.faults().expire_rv {
            return Err(ApiError::expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
        }
        list_rv = crv;
        let key = (cns, cname);
        items.retain(|o| (o.namespace.clone(), o.name.clone()) > key);
    }
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0);
    let mut cont = None;
    let mut remaining = 0;
    if let Some(l) = limit {
        if items.len() > l {
            remaining = items.len() - l;
            items.truncate(l);
            let last = items
                .last()
                .map(|o| (o.namespace.clone(), o.name.clone()))
                .unwrap_or_default();
            cont = Some(encode_continue(list_rv, &last.0, &last.1));
        }
    }
    if table {
        let vals: Vec<Value> = items.iter().map(|o| o.value()).collect();
        let inc = IncludeObject::parse(q.get("includeObject").map(String::as_str));
        return Ok(Reply::Json(
            200,
            table::table(t.res, &vals, inc, &list_rv.to_string(), cont.as_deref()),
        ));
    }
    let mut md = json!({"resourceVersion": list_rv.to_string()});
    if let Some(c) = &cont {
        md["continue"] = json!(c);
        md["remainingItemCount"] = json!(remaining);
    }
    let prefix = format!(
        "{{\"kind\":\"{}\",\"apiVersion\":\"{}\",\"metadata\":{},\"items\":[",
        r.list_kind(),
        r.api_version(),
        md
    );
    Ok(Reply::Raw(join_items(&prefix, &items, "]}")))
}

fn get(state: &Shared, t: &Target, name: &str, table: bool, q: &HashMap<String, String>) -> Res {
    let r = &RESOURCES[t.res];
    let ns = t.ns.clone().unwrap_or_default();
    let o = lock(&state.store)
        .get(t.res, &ns, name)
        .ok_or_else(|| ApiError::not_found(r, name))?;
    let v = o.value();
    if table {
        let inc = IncludeObject::parse(q.get("includeObject").map(String::as_str));
        return Ok(Reply::Json(
            200,
            table::table(t.res, &[v], inc, &o.rv.to_string(), None),
        ));
    }
    Ok(Reply::Json(200, v))
}

fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice::<Value>(body)
        .or_else(|_| serde_yaml::from_slice::<Value>(body))
        .map_err(|e| {
            ApiError::bad_request(format!(
                "the body of the request was in an unknown format: {e}"
            ))
        })
}

fn dry_run(q: &HashMap<String, String>) -> bool {
    q.get("dryRun").is_some_and(|d| d == "All")
}

fn check_namespace(store: &crate::store::Store, r: &ResourceDef, ns: &str) -> Result<(), ApiError> {
    if r.namespaced && store.get(NAMESPACES, "", ns).is_none() {
        let mut e = ApiError::not_found(&RESOURCES[NAMESPACES], ns);
        e.details = json!({"name": ns, "kind": "namespaces"});
        return Err(e);
    }
    Ok(())
}

fn prepare(t: &Target, mut v: Value, name: Option<&str>) -> Result<Value, ApiError> {
    let r = &RESOURCES[t.res];
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

fn create(state: &Shared, t: &Target, body: &[u8], q: &HashMap<String, String>) -> Res {
    let r = &RESOURCES[t.res];
    let mut v = prepare(t, parse_body(body)?, None)?;
    let mut store = lock(&state.store);
    if v["metadata"]["name"].as_str().unwrap_or("").is_empty() {
        if let Some(g) = v["metadata"]["generateName"].as_str().map(str::to_string) {
            let mut rng = lock(&state.rng);
            v["metadata"]["name"] = json!(format!("{g}{}", rng.suffix(5)));
        }
    }
    check_namespace(&store, r, t.ns.as_deref().unwrap_or(""))?;
    if dry_run(q) {
        return Ok(Reply::Json(201, v));
    }
    let o = store.create(t.res, v)?;
    let mut rng = lock(&state.rng);
    controller::reconcile(&mut store, &mut rng, t.res, &o.namespace, &o.name);
    let out = store
        .get(t.res, &o.namespace, &o.name)
        .map(|x| x.value())
        .unwrap_or_else(|| o.value());
    Ok(Reply::Json(201, out))
}

fn update(state: &Shared, t: &Target, name: &str, body: &[u8], q: &HashMap<String, String>) -> Res {
    let v = prepare(t, parse_body(body)?, Some(name))?;
    if dry_run(q) {
        return Ok(Reply::Json(200, v));
    }
    let mut store = lock(&state.store);
    let o = store.update(t.res, v)?;
    let mut rng = lock(&state.rng);
    controller::reconcile(&mut store, &mut rng, t.res, &o.namespace, &o.name);
    let out = store
        .get(t.res, &o.namespace, &o.name)
        .map(|x| x.value())
        .unwrap_or_else(|| o.value());
    Ok(Reply::Json(200, out))
}

fn do_patch(
    state: &Shared,
    t: &Target,
    name: &str,
    ct: &str,
    body: &[u8],
    q: &HashMap<String, String>,
) -> Res {
    let r = &RESOURCES[t.res];
    let kind = PatchKind::from_content_type(ct).ok_or_else(|| {
        ApiError::new(415, "UnsupportedMediaType", format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {ct})"))
    })?;
    let p = patch::parse_body(kind, body).map_err(ApiError::bad_request)?;
    let ns = t.ns.clone().unwrap_or_default();
    let mut store = lock(&state.store);
    let existing = store.get(t.res, &ns, name);
    let o = match existing {
        None if kind == PatchKind::Apply => {
            let v = prepare(t, p, Some(name))?;
            check_namespace(&store, r, &ns)?;
            if dry_run(q) {
                return Ok(Reply::Json(201, v));
            }
            store.create(t.res, v)?
        }
        None => return Err(ApiError::not_found(r, name)),
        Some(cur) => {
            let mut v = cur.value();
            patch::apply(kind, &mut v, &p).map_err(|e| ApiError::new(422, "Invalid", e))?;
            let mut v = prepare(t, v, Some(name))?;
            v["metadata"]["resourceVersion"] = json!(cur.rv.to_string());
            if dry_run(q) {
                return Ok(Reply::Json(200, v));
            }
            store.update(t.res, v)?
        }
    };
    let mut rng = lock(&state.rng);
    controller::reconcile(&mut store, &mut rng, t.res, &o.namespace, &o.name);
    let out = store
        .get(t.res, &o.namespace, &o.name)
        .map(|x| x.value())
        .unwrap_or_else(|| o.value());
    Ok(Reply::Json(200, out))
}

fn delete(state: &Shared, t: &Target, name: &str, q: &HashMap<String, String>) -> Res {
    let ns = t.ns.clone().unwrap_or_default();
    let mut store = lock(&state.store);
    if dry_run(q) {
        let r = &RESOURCES[t.res];
        return store
            .get(t.res, &ns, name)
            .map(|o| Reply::Json(200, o.value()))
            .ok_or_else(|| ApiError::not_found(r, name));
    }
    let mut rng = lock(&state.rng);
    let o = controller::delete(&mut store, &mut rng, t.res, &ns, name)?;
    Ok(Reply::Json(200, o.value()))
}

fn delete_collection(state: &Shared, t: &Target, q: &HashMap<String, String>) -> Res {
    let r = &RESOURCES[t.res];
    let (ls, fs) = selectors(q)?;
    let mut store = lock(&state.store);
    let mut rng = lock(&state.rng);
    let items = store.list(t.res, t.ns.as_deref(), &ls, &fs);
    let mut out = Vec::new();
    for o in items {
        if let Ok(d) = controller::delete(&mut store, &mut rng, t.res, &o.namespace, &o.name) {
            out.push(d.value());
        }
    }
    Ok(Reply::Json(
        200,
        json!({"kind": r.list_kind(), "apiVersion": r.api_version(), "metadata": {"resourceVersion": store.rv().to_string()}, "items": out}),
    ))
}

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

fn scale(state: &Shared, t: &Target, name: &str, method: &Method, ct: &str, body: &[u8]) -> Res {
    let r = &RESOURCES[t.res];
    let ns = t.ns.clone().unwrap_or_default();
    let mut store = lock(&state.store);
    let cur = store
        .get(t.res, &ns, name)
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
    store.update(t.res, v)?;
    let mut rng = lock(&state.rng);
    controller::reconcile(&mut store, &mut rng, t.res, &ns, name);
    let out = store
        .get(t.res, &ns, name)
        .map(|o| scale_of(&o.value()))
        .unwrap_or(Value::Null);
    Ok(Reply::Json(200, out))
}

/// Serialized watch event line.
fn event_line(kind: &str, obj: &[u8]) -> Bytes {
    let mut b = BytesMut::with_capacity(obj.len() + 32);
    b.extend_from_slice(b"{\"type\":\"");
    b.extend_from_slice(kind.as_bytes());
    b.extend_from_slice(b"\",\"object\":");
    b.extend_from_slice(obj);
    b.extend_from_slice(b"}\n");
    b.freeze()
}

fn expired_event(msg: &str) -> Bytes {
    let st = ApiError::expired(msg).status();
    event_line("ERROR", st.to_string().as_bytes())
}

struct WatchFilter {
    ns: Option<String>,
    ls: LabelSelector,
    fs: FieldSelector,
    res: usize,
    table: bool,
    inc: IncludeObject,
}

impl WatchFilter {
    /// The event to send for a change, if any (objects entering/leaving the selection become ADDED/DELETED).
    fn render(&self, c: &Change) -> Option<Bytes> {
        if c.res != self.res {
            return None;
        }
        let now_m = c.obj.matches(self.ns.as_deref(), &self.ls, &self.fs);
        let old_m = c
            .old
            .as_ref()
            .is_some_and(|o| o.matches(self.ns.as_deref(), &self.ls, &self.fs));
        let kind = match (c.kind, old_m, now_m) {
            (EventType::Deleted, true, _) => EventType::Deleted,
            (EventType::Deleted, false, _) => return None,
            (_, true, true) => EventType::Modified,
            (_, false, true) => EventType::Added,
            (_, true, false) => EventType::Deleted,
            (_, false, false) => return None,
        };
        Some(self.line(kind.as_str(), &c.obj))
    }
    fn line(&self, kind: &str, o: &StoredObj) -> Bytes {
        if self.table {
            let t = table::table(self.res, &[o.value()], self.inc, &o.rv.to_string(), None);
            event_line(kind, t.to_string().as_bytes())
        } else {
            event_line(kind, &o.json)
        }
    }
}

fn stream_response(rx: mpsc::Receiver<Bytes>, ct: &'static str) -> Response<Body> {
    let mut r = Response::new(BodyExt::boxed(ChanBody(rx)));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(ct),
    );
    r.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-cache, private"),
    );
    r
}

fn watch(state: Shared, t: &Target, q: &HashMap<String, String>, table: bool) -> Response<Body> {
    let (ls, fs) = match selectors(q) {
        Ok(x) => x,
        Err(e) => return error_response(&e),
    };
    let filter = WatchFilter {
        ns: t.ns.clone(),
        ls,
        fs,
        res: t.res,
        table,
        inc: IncludeObject::parse(q.get("includeObject").map(String::as_str)),
    };
    let bookmarks = q
        .get("allowWatchBookmarks")
        .is_some_and(|x| x == "true" || x == "1");
    let timeout = q
        .get("timeoutSeconds")
        .and_then(|x| x.parse::<u64>().ok())
        .unwrap_or(1800);
    let rv = parse_rv(q);
    let (tx, rx) = mpsc::channel::<Bytes>(256);
    // Collect the initial events under the store lock so nothing is missed.
    let (initial, live, mut last_rv, err) = {
        let store = lock(&state.store);
        let current = store.rv();
        match rv {
            None => {
                let objs = store.list(filter.res, filter.ns.as_deref(), &filter.ls, &filter.fs);
                let lines: Vec<Bytes> = objs.iter().map(|o| filter.line("ADDED", o)).collect();
                (lines, Some(store.subscribe()), current, None)
            }
            Some(rv) if state.faults().expire_rv && rv < current => (
                vec![],
                None,
                current,
                Some(format!("too old resource version: {rv} ({current})")),
            ),
            Some(rv) => match store.watch_from(rv) {
                Ok((past, live)) => (
                    past.iter().filter_map(|c| filter.render(c)).collect(),
                    Some(live),
                    current,
                    None,
                ),
                Err(e) => (vec![], None, current, Some(e.message)),
            },
        }
    };
    let drop_after = state.faults().drop_watches_after;
    let mut gen_rx = state.fault_gen.subscribe();
    tokio::spawn(async move {
        if let Some(msg) = err {
            let _ = tx.send(expired_event(&msg)).await;
            return;
        }
        let mut sent: u32 = 0;
        let limit_hit = |sent: u32| drop_after.is_some_and(|n| sent >= n);
        for l in initial {
            if tx.send(l).await.is_err() {
                return;
            }
            sent += 1;
            if limit_hit(sent) {
                return;
            }
        }
        let Some(mut live) = live else { return };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let mut tick = tokio::time::interval(state.bookmark_interval);
        tick.tick().await;
        loop {
            tokio::select! {
                ev = live.recv() => match ev {
                    Ok(c) => {
                        if c.rv <= last_rv { continue; }
                        last_rv = c.rv;
                        if let Some(l) = filter.render(&c) {
                            if tx.send(l).await.is_err() { return; }
                            sent += 1;
                            if limit_hit(sent) || state.faults().drop_watches_after.is_some_and(|n| sent >= n) { return; }
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = tick.tick(), if bookmarks => {
                    let r = &RESOURCES[filter.res];
                    let bm = json!({"kind": r.kind, "apiVersion": r.api_version(), "metadata": {"resourceVersion": last_rv.to_string(),
                        "annotations": {"k8s.io/initial-events-end": "true"}}});
                    if tx.send(event_line("BOOKMARK", bm.to_string().as_bytes())).await.is_err() { return; }
                }
                _ = tokio::time::sleep_until(deadline) => return,
                ch = gen_rx.changed() => {
                    if ch.is_err() { return; }
                    let f = state.faults();
                    if f.down { return; }
                    if f.expire_rv {
                        let _ = tx.send(expired_event(&format!("too old resource version: {last_rv}"))).await;
                        return;
                    }
                    if f.drop_watches_after.is_some_and(|n| sent >= n) { return; }
                }
                _ = tx.closed() => return,
            }
        }
    });
    stream_response(rx, "application/json")
}

const LOG_TEMPLATES: &[&str] = &[
    "INFO  http request method=GET path=/api/items/{n} status=200 duration_ms={d}",
    "INFO  http request method=POST path=/api/orders status=201 duration_ms={d}",
    "DEBUG cache hit key=item:{n} ttl_s=300",
    "INFO  worker processed job id={n} queue=default attempts=1",
    "WARN  slow query table=orders rows={n} duration_ms={d}",
    "INFO  health check ok uptime_s={n}",
    "ERROR upstream timeout service=payments attempt={d} request_id=req-{n}",
    "INFO  connected to database pool_size={d} host=db-{n}",
];

fn log_line(pod: &str, container: &str, i: u64, previous: bool) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ i ^ if previous { 0xdead } else { 0 };
    for b in pod.bytes().chain(container.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    let mut rng = Rng::new(h.wrapping_add(i));
    let t = rng.pick(LOG_TEMPLATES);
    t.replace("{n}", &rng.range(1, 99_999).to_string())
        .replace("{d}", &rng.range(1, 900).to_string())
}

async fn logs(state: Shared, ns: &str, name: &str, q: &HashMap<String, String>) -> Response<Body> {
    let r = &RESOURCES[PODS];
    let Some(pod) = lock(&state.store).get(PODS, ns, name) else {
        return error_response(&ApiError::not_found(r, name));
    };
    let v = pod.value();
    let containers: Vec<String> = v["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect();
    let container = match q.get("container").filter(|c| !c.is_empty()) {
        Some(c) if containers.contains(c) => c.clone(),
        Some(c) => {
            return error_response(&ApiError::bad_request(format!(
                "container {c} is not valid for pod {name}"
            )))
        }
        None if containers.len() == 1 => containers[0].clone(),
        None => {
            return error_response(&ApiError::bad_request(format!(
                "a container name must be specified for pod {name}, choose one of: [{}]",
                containers.join(" ")
            )))
        }
    };
    let cs = v["status"]["containerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == json!(container))
        .cloned()
        .unwrap_or(Value::Null);
    let previous = q.get("previous").is_some_and(|p| p == "true");
    if previous && cs["restartCount"].as_u64().unwrap_or(0) == 0 {
        return error_response(&ApiError::bad_request(format!(
            "previous terminated container \"{container}\" in pod \"{name}\" not found"
        )));
    }
    if !previous
        && (cs["state"]["waiting"].is_object() && cs["restartCount"].as_u64().unwrap_or(0) == 0)
    {
        let reason = cs["state"]["waiting"]["reason"]
            .as_str()
            .unwrap_or("ContainerCreating");
        return error_response(&ApiError::bad_request(format!(
            "container \"{container}\" in pod \"{name}\" is waiting to start: {reason}"
        )));
    }
    let started = v["status"]["startTime"]
        .as_str()
        .and_then(crate::util::parse_rfc3339)
        .unwrap_or_else(now_secs);
    let now = now_secs();
    let mut seed_h: u64 = 0;
    for b in name.bytes() {
        seed_h = seed_h.wrapping_mul(31).wrapping_add(b as u64);
    }
    let existing = 40 + seed_h % 60;
    let span = (now - started).max(1) as u64;
    let step = (span / existing).max(1);
    let timestamps = q.get("timestamps").is_some_and(|p| p == "true");
    let fmt = |i: u64, ts: i64, nanos: u32| {
        let body = log_line(name, &container, i, previous);
        if timestamps {
            format!("{} {body}\n", rfc3339_nanos(ts, nanos))
        } else {
            format!("{body}\n")
        }
    };
    let tail = q.get("tailLines").and_then(|x| x.parse::<u64>().ok());
    let first = tail.map(|t| existing.saturating_sub(t)).unwrap_or(0);
    let mut out = String::new();
    for i in first..existing {
        out.push_str(&fmt(
            i,
            started + (i * step) as i64,
            ((i * 7919) % 1_000_000_000) as u32,
        ));
    }
    let follow = q.get("follow").is_some_and(|p| p == "true") && !previous;
    if !follow {
        return text(200, &out);
    }
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let name = name.to_string();
    tokio::spawn(async move {
        if tx.send(Bytes::from(out)).await.is_err() {
            return;
        }
        let mut i = existing;
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        tick.tick().await;
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let line = { let body = log_line(&name, &container, i, false);
                        if timestamps { format!("{} {body}\n", rfc3339_nanos(now_secs(), (i % 1000) as u32 * 1_000_000)) } else { format!("{body}\n") } };
                    if tx.send(Bytes::from(line)).await.is_err() { return; }
                    i += 1;
                }
                _ = tx.closed() => return,
            }
            if state.faults().down {
                return;
            }
        }
    });
    stream_response(rx, "text/plain")
}
