//! The loopback HTTP control endpoint: switch faults and mutate objects from another process.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::cluster::{lock, Fault, Shared};
use crate::server::{json_response, Body};
use crate::ClusterHandle;

/// The churn started through `POST /churn`; it stops when replaced, on `DELETE /churn`, or
/// when the control endpoint goes away.
#[derive(Default)]
struct ChurnTask(Option<tokio::task::JoinHandle<()>>);

impl Drop for ChurnTask {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            t.abort();
        }
    }
}

type Churn = Arc<Mutex<ChurnTask>>;

/// Serves the control API on `l` until aborted.
pub async fn serve(l: TcpListener, clusters: Vec<Shared>) {
    let churn = Churn::default();
    loop {
        let Ok((tcp, _)) = l.accept().await else {
            continue;
        };
        let clusters = clusters.clone();
        let churn = churn.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                let clusters = clusters.clone();
                let churn = churn.clone();
                async move { Ok::<_, Infallible>(handle(&clusters, &churn, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), svc)
                .await;
        });
    }
}

fn info(c: &Shared) -> Value {
    json!({"name": c.name, "context": c.name, "server": format!("https://{}", c.addr()), "version": c.version,
        "user": c.user, "faults": c.faults().list(), "resourceVersion": lock(&c.store).rv(),
        "pods": lock(&c.store).count(crate::resources::ids::PODS),
        "openWatches": lock(&c.open_watches).clone(), "compressed": compressed(c)})
}

fn compressed(c: &Shared) -> Value {
    let n = c.compressed.count();
    json!({"responses": n.responses, "plainBytes": n.plain_bytes, "sentBytes": n.sent_bytes})
}

fn secs(v: &Value, key: &str) -> Option<Duration> {
    v[key].as_u64().map(Duration::from_secs)
}

/// Token, exec-credential and OIDC routes of one cluster.
fn credentials(h: &ClusterHandle, m: &Method, rest: &[&str], v: &Value) -> Response<Body> {
    match (m, rest) {
        (&Method::POST, ["tokens"]) => {
            let ttl = secs(v, "ttl_seconds");
            let token = h.issue_token(ttl);
            let mut out = json!({"token": token, "user": h.user()});
            if let Some(t) = ttl {
                let at = crate::util::now_secs() + t.as_secs() as i64;
                out["expirationTimestamp"] = json!(crate::util::rfc3339(at));
            }
            json_response(200, &out)
        }
        (&Method::DELETE, ["tokens", token]) => {
            json_response(200, &json!({"revoked": h.revoke_token(token)}))
        }
        (&Method::POST, ["exec-credential"]) => {
            let ttl = secs(v, "ttl_seconds").unwrap_or(Duration::from_secs(3600));
            let mut cred = h.exec_credential(ttl, secs(v, "announce_seconds"));
            if let Some(api) = v["api_version"].as_str() {
                cred["apiVersion"] = json!(api);
            }
            json_response(200, &cred)
        }
        (&Method::GET, ["oidc"]) => {
            let o = h.oidc();
            json_response(
                200,
                &json!({"issuerUrl": o.issuer_url, "clientId": o.client_id, "clientSecret": o.client_secret,
                    "refreshToken": o.refresh_token, "caPem": h.ca_pem(), "refreshes": h.oidc_refreshes()}),
            )
        }
        (&Method::POST, ["oidc"]) => {
            if let Some(ttl) = secs(v, "id_token_ttl_seconds") {
                h.set_id_token_ttl(ttl);
            }
            json_response(200, &json!({"refreshes": h.oidc_refreshes()}))
        }
        (&Method::POST, ["oidc", "id-token"]) => {
            let valid_for = v["valid_for_seconds"].as_i64().unwrap_or(300);
            json_response(200, &json!({"idToken": h.mint_id_token(valid_for)}))
        }
        _ => err(404, "unknown control route"),
    }
}

fn err(code: u16, msg: impl Into<String>) -> Response<Body> {
    json_response(code, &json!({"error": msg.into()}))
}

fn result(r: Result<Value, crate::ApiError>) -> Response<Body> {
    match r {
        Ok(v) => json_response(200, &v),
        Err(e) => json_response(e.code, &e.status()),
    }
}

/// `POST /churn {"per_sec": 1000, "clusters": ["lab-dev", …], "seed": 1}`: about `per_sec`
/// changes per second spread over the named clusters (all when none are named), replacing
/// any churn started before; `DELETE /churn` stops it. Answers the clusters it churns.
fn start_churn(clusters: &[Shared], churn: &Churn, body: &[u8]) -> Response<Body> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return err(400, "body must be JSON like {\"per_sec\":1000}");
    };
    let Some(per_sec) = v["per_sec"].as_f64().filter(|r| *r > 0.0) else {
        return err(400, "per_sec must be a positive number");
    };
    let names: Vec<&str> = v["clusters"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let chosen: Vec<Shared> = clusters
        .iter()
        .filter(|c| {
            names.is_empty()
                || names
                    .iter()
                    .any(|n| c.name == *n || c.name.strip_prefix("lab-") == Some(n))
        })
        .cloned()
        .collect();
    if chosen.len() < names.len().max(1) {
        return err(404, format!("unknown cluster among {names:?}"));
    }
    let seed = v["seed"].as_u64().unwrap_or(1);
    let names: Vec<String> = chosen.iter().map(|c| c.name.clone()).collect();
    let task = tokio::spawn(crate::seed::churn(chosen, per_sec, seed));
    if let Some(old) = lock(churn).0.replace(task) {
        old.abort();
    }
    json_response(200, &json!({"per_sec": per_sec, "clusters": names}))
}

async fn handle(clusters: &[Shared], churn: &Churn, req: Request<Incoming>) -> Response<Body> {
    let method = req.method().clone();
    let path = req.uri().path().trim_end_matches('/').to_string();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let find = |name: &str| {
        clusters
            .iter()
            .find(|c| c.name == name || c.name.strip_prefix("lab-") == Some(name))
            .cloned()
    };
    match (method, segs.as_slice()) {
        (Method::GET, ["healthz"]) => json_response(200, &json!({"ok": true})),
        (Method::POST, ["churn"]) => start_churn(clusters, churn, &body),
        (Method::DELETE, ["churn"]) => {
            if let Some(t) = lock(churn).0.take() {
                t.abort();
            }
            json_response(200, &json!({"per_sec": 0}))
        }
        (Method::GET, ["clusters"]) => {
            json_response(200, &Value::Array(clusters.iter().map(info).collect()))
        }
        (m, ["clusters", name, rest @ ..]) => match find(name) {
            Some(c) => cluster_route(&c, m, rest, &body),
            None => err(404, format!("no cluster {name}")),
        },
        _ => err(404, "unknown control route"),
    }
}

/// Routes under `/clusters/{name}/`.
fn cluster_route(c: &Shared, m: Method, rest: &[&str], body: &[u8]) -> Response<Body> {
    let h = ClusterHandle(c.clone());
    let parse = || serde_json::from_slice::<Value>(body);
    match (m, rest) {
        (Method::GET, []) => json_response(200, &info(c)),
        (Method::POST, ["fault"]) => {
            let Ok(mut v) = parse() else {
                return err(400, "body must be JSON like {\"fault\":\"down\"}");
            };
            let add = v.get("add").and_then(|x| x.as_bool()).unwrap_or(false);
            if let Some(m) = v.as_object_mut() {
                m.remove("add");
            }
            match serde_json::from_value::<Fault>(v) {
                Ok(f) => {
                    if add {
                        c.add_fault(&f)
                    } else {
                        c.set_fault(&f)
                    }
                    json_response(200, &info(c))
                }
                Err(e) => err(400, format!("bad fault: {e}")),
            }
        }
        (Method::DELETE, ["fault"]) => {
            c.set_fault(&Fault::None);
            json_response(200, &info(c))
        }
        (Method::POST, ["projects"]) => {
            h.serve_projects();
            json_response(200, &info(c))
        }
        (Method::POST, ["revoke-tokens"]) => {
            h.revoke_tokens();
            json_response(200, &info(c))
        }
        (m, ["tokens", ..] | ["exec-credential"] | ["oidc", ..]) => {
            credentials(&h, &m, rest, &parse().unwrap_or(Value::Null))
        }
        (Method::GET, ["objects", res]) => json_response(200, &Value::Array(h.list(res, None))),
        (Method::POST, ["objects", res]) => match parse() {
            Ok(v) => result(h.create(res, v)),
            Err(e) => err(400, e.to_string()),
        },
        (Method::PUT, ["objects", res]) => match parse() {
            Ok(v) => result(h.update(res, v)),
            Err(e) => err(400, e.to_string()),
        },
        (Method::GET, ["objects", res, ns, name]) => match h.get(res, ns, name) {
            Some(v) => json_response(200, &v),
            None => err(404, "not found"),
        },
        (Method::PATCH, ["objects", res, ns, name]) => match parse() {
            Ok(v) => result(h.patch(res, ns, name, v)),
            Err(e) => err(400, e.to_string()),
        },
        (Method::DELETE, ["objects", res, ns, name]) => result(h.delete(res, ns, name)),
        (Method::POST, ["pods", ns, name, "phase"]) => match parse() {
            Ok(v) => result(h.set_pod_phase(ns, name, v["phase"].as_str().unwrap_or("Running"))),
            Err(e) => err(400, e.to_string()),
        },
        _ => err(404, "unknown control route"),
    }
}
