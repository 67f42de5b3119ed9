//! Pod logs: deterministic generated lines per pod and container, with `container`,
//! `tailLines`, `timestamps`, `previous` and `follow` (which ends when the pod is deleted, the
//! cluster goes down, or `Fault::CutStreams` cuts it).

use std::time::Duration;

use bytes::Bytes;
use http::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::watch::stream_response;
use super::{text, Query};
use crate::cluster::{lock, Shared};
use crate::resources::{def, ids::PODS};
use crate::server::{error_response, Body};
use crate::store::ApiError;
use crate::util::{now_secs, rfc3339_nanos, Rng};

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

/// The container a log request is for, checked against the pod's state.
fn container_of(v: &Value, name: &str, q: &Query, previous: bool) -> Result<String, ApiError> {
    let containers: Vec<String> = v["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect();
    let container = match q.get("container").filter(|c| !c.is_empty()) {
        Some(c) if containers.contains(c) => c.clone(),
        Some(c) => {
            return Err(ApiError::bad_request(format!(
                "container {c} is not valid for pod {name}"
            )))
        }
        None if containers.len() == 1 => containers[0].clone(),
        None => {
            return Err(ApiError::bad_request(format!(
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
    let restarts = cs["restartCount"].as_u64().unwrap_or(0);
    if previous && restarts == 0 {
        return Err(ApiError::bad_request(format!(
            "previous terminated container \"{container}\" in pod \"{name}\" not found"
        )));
    }
    if !previous && cs["state"]["waiting"].is_object() && restarts == 0 {
        let reason = cs["state"]["waiting"]["reason"]
            .as_str()
            .unwrap_or("ContainerCreating");
        return Err(ApiError::bad_request(format!(
            "container \"{container}\" in pod \"{name}\" is waiting to start: {reason}"
        )));
    }
    Ok(container)
}

/// One log line, with a timestamp when asked.
fn format_line(body: &str, timestamps: bool, ts: i64, nanos: u32) -> String {
    if timestamps {
        format!("{} {body}\n", rfc3339_nanos(ts, nanos))
    } else {
        format!("{body}\n")
    }
}

/// The lines logged so far (40–99 per pod, spread since it started), and their count.
fn history(v: &Value, name: &str, container: &str, previous: bool, q: &Query) -> (String, u64) {
    let started = v["status"]["startTime"]
        .as_str()
        .and_then(crate::util::parse_rfc3339)
        .unwrap_or_else(now_secs);
    let mut seed_h: u64 = 0;
    for b in name.bytes() {
        seed_h = seed_h.wrapping_mul(31).wrapping_add(b as u64);
    }
    let existing = 40 + seed_h % 60;
    let step = ((now_secs() - started).max(1) as u64 / existing).max(1);
    let timestamps = q.get("timestamps").is_some_and(|p| p == "true");
    let tail = q.get("tailLines").and_then(|x| x.parse::<u64>().ok());
    let first = tail.map(|t| existing.saturating_sub(t)).unwrap_or(0);
    let mut out = String::new();
    for i in first..existing {
        let body = log_line(name, container, i, previous);
        let ts = started + (i * step) as i64;
        out.push_str(&format_line(
            &body,
            timestamps,
            ts,
            ((i * 7919) % 1_000_000_000) as u32,
        ));
    }
    (out, existing)
}

/// Streams a new line every 0.5 s until the client goes away, the cluster goes down, the pod
/// is deleted (its container stopped) or [`crate::Fault::CutStreams`] cuts the stream.
async fn follow(
    state: Shared,
    tx: mpsc::Sender<Bytes>,
    (ns, name, container): (String, String, String),
    mut i: u64,
    timestamps: bool,
    mut sent: u64,
) {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    tick.tick().await;
    let mut faults = state.fault_gen.subscribe();
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if lock(&state.store).get(PODS, &ns, &name).is_none() { return; }
                let body = log_line(&name, &container, i, false);
                let nanos = (i % 1000) as u32 * 1_000_000;
                let line = format_line(&body, timestamps, now_secs(), nanos);
                sent += line.len() as u64;
                if tx.send(Bytes::from(line)).await.is_err() { return; }
                i += 1;
            }
            _ = faults.changed() => {}
            _ = tx.closed() => return,
        }
        let f = state.faults();
        if f.down || f.cut_streams_after.is_some_and(|n| sent >= n) {
            return;
        }
    }
}

pub(super) async fn logs(state: Shared, ns: &str, name: &str, q: &Query) -> Response<Body> {
    let Some(pod) = lock(&state.store).get(PODS, ns, name) else {
        return error_response(&ApiError::not_found(def(PODS), name));
    };
    let v = pod.value();
    let previous = q.get("previous").is_some_and(|p| p == "true");
    let container = match container_of(&v, name, q, previous) {
        Ok(c) => c,
        Err(e) => return error_response(&e),
    };
    let (out, existing) = history(&v, name, &container, previous, q);
    let follows = q.get("follow").is_some_and(|p| p == "true") && !previous;
    if !follows {
        return text(200, &out);
    }
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let timestamps = q.get("timestamps").is_some_and(|p| p == "true");
    let source = (ns.to_string(), name.to_string(), container);
    let sent = out.len() as u64;
    tokio::spawn(async move {
        if tx.send(Bytes::from(out)).await.is_ok() {
            follow(state, tx, source, existing, timestamps, sent).await;
        }
    });
    stream_response(rx, "text/plain")
}
