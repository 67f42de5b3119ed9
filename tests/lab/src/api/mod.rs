//! The Kubernetes API of one simulated cluster: routing, discovery and the request-level faults
//! (forbidden kinds, unavailable groups, hang after connect). Reads live in `read`, watches in
//! `watch`, writes in `write`, pod logs in `logs`, exec and port-forward (WebSocket) in `exec`
//! and `portforward`.

mod evict;
mod exec;
mod logs;
mod portforward;
mod read;
mod shell;
mod upgrade;
mod watch;
mod write;

use std::collections::HashMap;

use bytes::Bytes;
use http::{Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{json, Value};

use crate::cluster::{lock, Shared};
use crate::discovery::{self, Shape};
use crate::resources::{def, ids::*, ResourceDef};
use crate::server::{bytes_response, error_response, json_response, wait_not, Body, Caller};
use crate::store::ApiError;

/// Query parameters of a request.
type Query = HashMap<String, String>;

/// A handler's successful answer.
enum Reply {
    Json(u16, Value),
    Raw(Bytes),
}

type Res = Result<Reply, ApiError>;

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

fn query(req: &Request<Incoming>) -> Query {
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

impl Target {
    fn def(&self) -> &'static ResourceDef {
        def(self.res)
    }
    fn ns(&self) -> String {
        self.ns.clone().unwrap_or_default()
    }
}

fn parse_target(state: &Shared, group: &str, version: &str, segs: &[&str]) -> Option<Target> {
    let store = lock(&state.store);
    let find = |p: &str| store.find(group, version, p);
    if segs.len() >= 3 && segs[0] == "namespaces" {
        if let Some(res) = find(segs[2]) {
            if def(res).namespaced {
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

fn header(req: &Request<Incoming>, name: http::header::HeaderName) -> &str {
    req.headers()
        .get(name)
        .and_then(|a| a.to_str().ok())
        .unwrap_or("")
}

fn not_found_path() -> Response<Body> {
    error_response(&ApiError::new(
        404,
        "NotFound",
        "the server could not find the requested resource",
    ))
}

fn text(code: u16, s: &str) -> Response<Body> {
    let mut r = bytes_response(code, Bytes::from(s.to_string()));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn is_watch(q: &Query) -> bool {
    matches!(q.get("watch").map(String::as_str), Some("true") | Some("1"))
}

/// `/version` of this cluster.
fn version(state: &Shared) -> Value {
    let v = &state.version;
    let mut parts = v.trim_start_matches('v').split('.');
    let major = parts.next().unwrap_or("1");
    let minor = parts.next().unwrap_or("0");
    json!({"major": major, "minor": minor, "gitVersion": v,
        "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
        "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
        "platform": "linux/amd64"})
}

/// Entry point for a request that passed authentication (or is anonymous on a public path).
pub async fn handle(state: Shared, caller: Caller, req: Request<Incoming>) -> Response<Body> {
    let path = req.uri().path().trim_end_matches('/').to_string();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["version"] => return json_response(200, &version(&state)),
        ["healthz"] | ["livez"] | ["readyz"] => return text(200, "ok"),
        [x, ..] if *x == "livez" || *x == "readyz" => return text(200, "ok"),
        _ => {}
    }
    let Some(user) = caller.user else {
        return error_response(&ApiError::new(401, "Unauthorized", "Unauthorized"));
    };
    if let ["apis", g, ..] = segs.as_slice() {
        if state.faults().unavailable_groups.contains(*g) {
            return error_response(&ApiError::new(
                503,
                "ServiceUnavailable",
                "service unavailable",
            ));
        }
    }
    if let Some(r) = discovery(&state, &req, &segs) {
        return r;
    }
    if state.faults().hang_after_connect {
        let _held = crate::cluster::HeldRequest::new(&state.held_requests, req.uri().path());
        if !wait_not(&state, |f| f.hang_after_connect).await {
            return not_found_path();
        }
    }
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return not_found_path(),
    };
    let Some(t) = parse_target(&state, group, version, rest) else {
        return not_found_path();
    };
    let q = query(&req);
    if let Some(e) = forbidden(&state, &t, req.method(), &q, &user) {
        return error_response(&e);
    }
    if let (PODS, Some(name), Some(sub)) = (t.res, t.name.as_deref(), t.sub.as_deref()) {
        match sub {
            "exec" => return exec::exec(state.clone(), &t.ns(), name, req, &user).await,
            "portforward" => {
                return portforward::portforward(state.clone(), &t.ns(), name, req, &user).await
            }
            _ => {}
        }
    }
    resource(state, t, q, req).await
}

/// Answers discovery and OpenAPI paths; `None` for any other path.
fn discovery(state: &Shared, req: &Request<Incoming>, segs: &[&str]) -> Option<Response<Body>> {
    let shape = Shape::negotiate(header(req, http::header::ACCEPT));
    let served = lock(&state.store).served().to_vec();
    let doc = match (segs, shape) {
        (["openapi", "v2"], _) => return Some(openapi_v2(req)),
        (["api"], Shape::Aggregated(v)) => {
            Some(discovery::aggregated(&served, true, &Default::default(), v))
        }
        (["apis"], Shape::Aggregated(v)) => {
            let unavailable = state.faults().unavailable_groups;
            Some(discovery::aggregated(&served, false, &unavailable, v))
        }
        (["api"], _) => Some(discovery::api_versions(&state.addr().to_string())),
        (["apis"], _) => Some(discovery::api_group_list(&served)),
        (["api", "v1"], _) => discovery::api_resource_list(&served, "", "v1"),
        (["apis", g], _) => discovery::api_group(&served, g),
        (["apis", g, v], _) => discovery::api_resource_list(&served, g, v),
        _ => return None,
    };
    let Some(doc) = doc else {
        return Some(not_found_path());
    };
    let mut r = json_response(200, &doc);
    let aggregated = matches!(segs, ["api"] | ["apis"]) && shape != Shape::Classic;
    if aggregated {
        if let Ok(ct) = http::HeaderValue::from_str(&shape.content_type()) {
            r.headers_mut().insert(http::header::CONTENT_TYPE, ct);
        }
    }
    r.headers_mut()
        .insert(http::header::VARY, http::HeaderValue::from_static("Accept"));
    Some(r)
}

/// The verb a request maps to, as RBAC names it.
fn verb(method: &Method, t: &Target, q: &Query) -> &'static str {
    match (method, &t.name) {
        (&Method::GET, None) if is_watch(q) => "watch",
        (&Method::GET, None) => "list",
        (&Method::GET, Some(_)) => "get",
        (&Method::POST, _) => "create",
        (&Method::DELETE, None) => "deletecollection",
        (&Method::DELETE, _) => "delete",
        (&Method::PATCH, _) => "patch",
        _ => "update",
    }
}

/// The `403 Forbidden` a real RBAC-limited user would get, when a forbid fault covers `t`.
fn forbidden(
    state: &Shared,
    t: &Target,
    method: &Method,
    q: &Query,
    user: &str,
) -> Option<ApiError> {
    let r = t.def();
    let faults = state.faults();
    let hit = (t.res == NAMESPACES && faults.forbid_namespaces)
        || faults.forbidden.contains(&r.qualified());
    if !hit {
        return None;
    }
    let scope_ns =
        t.ns.as_deref()
            .or(t.name.as_deref().filter(|_| t.res == NAMESPACES));
    let scope = match scope_ns {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_string(),
    };
    let resource = match &t.sub {
        Some(s) => format!("{}/{s}", r.plural),
        None => r.plural.to_string(),
    };
    let who = format!(
        "is forbidden: User \"{user}\" cannot {} resource \"{resource}\" in API group \"{}\" {scope}",
        verb(method, t, q),
        r.group
    );
    let msg = match &t.name {
        Some(n) => format!("{} \"{n}\" {who}", r.qualified()),
        None => format!("{} {who}", r.qualified()),
    };
    let mut e = ApiError::new(403, "Forbidden", msg);
    e.details = json!({"kind": r.plural});
    if !r.group.is_empty() {
        e.details["group"] = json!(r.group);
    }
    if let Some(n) = &t.name {
        e.details["name"] = json!(n);
    }
    Some(e)
}

fn method_not_allowed(r: &ResourceDef) -> ApiError {
    ApiError::new(
        405,
        "MethodNotAllowed",
        format!(
            "the server does not allow this method on the requested resource ({})",
            r.qualified()
        ),
    )
}

/// Serves a request for a resource (collection, object or subresource).
async fn resource(state: Shared, t: Target, q: Query, req: Request<Incoming>) -> Response<Body> {
    let r = t.def();
    let table = header(&req, http::header::ACCEPT).contains("as=Table");
    let method = req.method().clone();
    let ct = header(&req, http::header::CONTENT_TYPE).to_string();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let result = match (&method, t.name.as_deref(), t.sub.as_deref()) {
        (&Method::GET, None, None) if is_watch(&q) && r.allows("watch") => {
            return watch::watch(state, &t, &q, table)
        }
        (&Method::GET, None, None) if is_watch(&q) => Err(method_not_allowed(r)),
        (&Method::GET, None, None) => read::list(&state, &t, &q, table),
        (&Method::GET, Some(name), None | Some("status")) => read::get(&state, &t, name, table, &q),
        (&Method::GET, Some(name), Some("log")) if t.res == PODS => {
            return logs::logs(state, &t.ns(), name, &q).await
        }
        (&Method::GET | &Method::PUT | &Method::PATCH, Some(name), Some("scale")) if r.scale => {
            write::scale(&state, &t, name, &method, &ct, &body)
        }
        (&Method::POST, None, None) => write::create(&state, &t, &body, &q),
        (&Method::POST, Some(name), Some("eviction")) if t.res == PODS => {
            evict::evict(&state, &t, name, &body)
        }
        (&Method::PUT, Some(name), None | Some("status")) => {
            write::update(&state, &t, name, &body, &q)
        }
        (&Method::PATCH, Some(name), None | Some("status")) => {
            write::patch(&state, &t, name, &ct, &body, &q)
        }
        (&Method::DELETE, Some(name), None) => write::delete(&state, &t, name, &q),
        (&Method::DELETE, None, None) => write::delete_collection(&state, &t, &q),
        (_, _, Some(_)) => return not_found_path(),
        _ => Err(method_not_allowed(r)),
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
    if header(req, http::header::ACCEPT).contains("protobuf") {
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
