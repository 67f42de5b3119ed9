//! `pods/exec` over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`): stdin on channel
//! 0, stdout 1, stderr 2, the exit `Status` on 3, resize on 4, v5's close frame on 255. The
//! command runs in the lab's interpreter (`shell.rs`). Errors are the API server's: pod not
//! found (404), container not valid or not running, completed pod (400), forbidden (403
//! under `Fault::Forbid { resource: "pods/exec" }`).

use futures::StreamExt;
use http::{Request, Response};
use hyper::body::Incoming;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use super::shell::{self, Input, Process};
use super::upgrade::{self, Out, Ws, EXEC_PROTOCOLS};
use crate::cluster::{lock, Shared};
use crate::resources::{def, ids::PODS};
use crate::server::{error_response, Body};
use crate::store::ApiError;

/// Every value of a query parameter, in order (`command` repeats).
pub(super) fn query_all(req: &Request<Incoming>, key: &str) -> Vec<String> {
    req.uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| super::pct_decode(k) == key)
        .map(|(_, v)| super::pct_decode(v))
        .collect()
}

/// The 403 a user without the `create` verb on a pod subresource gets.
pub(super) fn forbidden_sub(
    state: &Shared,
    sub: &str,
    ns: &str,
    name: &str,
    user: &str,
) -> Option<ApiError> {
    let resource = format!("pods/{sub}");
    if !state.faults().forbidden.contains(&resource) {
        return None;
    }
    let mut e = ApiError::new(
        403,
        "Forbidden",
        format!("pods \"{name}\" is forbidden: User \"{user}\" cannot create resource \"{resource}\" in API group \"\" in the namespace \"{ns}\""),
    );
    e.details = json!({"name": name, "kind": "pods"});
    Some(e)
}

/// The container to run in, checked as the API server and kubelet check it.
fn container_for(pod: &Value, name: &str, asked: Option<&str>) -> Result<String, ApiError> {
    let containers: Vec<&str> = pod["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let container = match asked.filter(|c| !c.is_empty()) {
        Some(c) if containers.contains(&c) => c.to_string(),
        Some(c) => {
            return Err(ApiError::bad_request(format!(
                "container {c} is not valid for pod {name}"
            )))
        }
        None => containers
            .first()
            .map(|c| c.to_string())
            .unwrap_or_default(),
    };
    let phase = pod["status"]["phase"].as_str().unwrap_or("Pending");
    if phase == "Succeeded" || phase == "Failed" {
        return Err(ApiError::bad_request(format!(
            "cannot exec into a container in a completed pod; current phase is {phase}"
        )));
    }
    let running = pod["status"]["containerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|s| s["name"] == json!(container) && s["state"]["running"].is_object());
    if phase != "Running" || !running {
        return Err(ApiError::bad_request(format!(
            "unable to upgrade connection: container not found (\"{container}\")"
        )));
    }
    Ok(container)
}

/// The container's environment as `env` prints it.
fn environment(pod: &Value, name: &str, container: &str, tty: bool) -> Vec<String> {
    let mut env = vec![
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        format!("HOSTNAME={name}"),
        "HOME=/root".to_string(),
    ];
    if tty {
        env.push("TERM=xterm".to_string());
    }
    let spec = pod["spec"]["containers"].as_array().into_iter().flatten();
    for c in spec.filter(|c| c["name"] == json!(container)) {
        for e in c["env"].as_array().into_iter().flatten() {
            if let (Some(k), Some(v)) = (e["name"].as_str(), e["value"].as_str()) {
                env.push(format!("{k}={v}"));
            }
        }
    }
    env
}

pub(super) async fn exec(
    state: Shared,
    ns: &str,
    name: &str,
    mut req: Request<Incoming>,
    user: &str,
) -> Response<Body> {
    if let Some(e) = forbidden_sub(&state, "exec", ns, name, user) {
        return error_response(&e);
    }
    let Some(pod) = lock(&state.store).get(PODS, ns, name) else {
        return error_response(&ApiError::not_found(def(PODS), name));
    };
    let pod = pod.value();
    let asked = query_all(&req, "container").pop();
    let container = match container_for(&pod, name, asked.as_deref()) {
        Ok(c) => c,
        Err(e) => return error_response(&e),
    };
    let argv = query_all(&req, "command");
    if argv.is_empty() {
        return error_response(&ApiError::bad_request(
            "you must specify at least 1 command",
        ));
    }
    let tty = query_all(&req, "tty")
        .iter()
        .any(|v| v == "true" || v == "1");
    let pending = match upgrade::upgrade(&mut req, EXEC_PROTOCOLS) {
        Ok(p) => p,
        Err(e) => return error_response(&e),
    };
    let process = Process {
        env: environment(&pod, name, &container, tty),
        argv,
        tty,
    };
    let upgrading = pending.upgrade;
    tokio::spawn(async move {
        if let Some(ws) = upgrading.socket().await {
            session(state, ws, process).await;
        }
    });
    pending.response
}

/// The exit `Status` the API server sends on channel 3.
fn status(code: i32, argv: &[String]) -> Value {
    if code == 0 {
        return json!({"metadata": {}, "status": "Success"});
    }
    json!({"metadata": {}, "status": "Failure",
        "message": format!("command terminated with non-zero exit code: error executing command [{}], exit code {code}", argv.join(" ")),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
}

/// Run the process, relaying stdin in and output out, then send its status and close.
async fn session(state: Shared, ws: Ws, process: Process) {
    let (sink, mut stream) = ws.split();
    let mut out = Out::new(sink, state.clone());
    let (in_tx, in_rx) = mpsc::unbounded_channel();
    let (out_tx, mut out_rx) = mpsc::channel(64);
    let argv = process.argv.clone();
    let program = tokio::spawn(shell::run(process, in_rx, out_tx));
    let mut faults = state.fault_gen.subscribe();
    loop {
        tokio::select! {
            msg = stream.next() => match msg {
                Some(Ok(Message::Binary(b))) => match (b.first().copied(), b.get(1).copied()) {
                    (Some(0), _) => { let _ = in_tx.send(Input::Data(b[1..].to_vec())); }
                    (Some(255), Some(0)) => { let _ = in_tx.send(Input::Eof); }
                    (Some(4), _) => {
                        if let Ok(size) = serde_json::from_slice::<Value>(&b[1..]) {
                            let dim = |k: &str| size[k].as_u64().and_then(|v| u16::try_from(v).ok()).unwrap_or(0);
                            let _ = in_tx.send(Input::Resize(dim("Width"), dim("Height")));
                        }
                    }
                    _ => {}
                },
                Some(Ok(Message::Close(_)) | Err(_)) | None => {
                    program.abort();
                    return;
                }
                _ => {}
            },
            chunk = out_rx.recv() => match chunk {
                Some((channel, data)) => {
                    if out.send(channel, &data).await.is_err() {
                        program.abort();
                        return;
                    }
                }
                None => break,
            },
            _ = faults.changed() => {
                if out.must_cut() {
                    program.abort();
                    return;
                }
            }
        }
    }
    let code = program.await.unwrap_or(1);
    let body = status(code, &argv).to_string();
    if out.send(3, body.as_bytes()).await.is_ok() {
        out.close().await;
    }
}
