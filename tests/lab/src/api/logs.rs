//! Pod logs: deterministic generated lines per pod and container, with `container`,
//! `tailLines`, `timestamps`, `previous` and `follow`.

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

pub(super) async fn logs(state: Shared, ns: &str, name: &str, q: &Query) -> Response<Body> {
    let r = def(PODS);
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
