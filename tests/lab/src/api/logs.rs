//! Pod logs, as a container's log file that grows whether anyone reads it or not (the model
//! is in `timeline`): the lines written so far, filtered as the kubelet does by `sinceTime`
//! (whole seconds: the API server passes it on so), `sinceSeconds` and `tailLines`, with
//! `timestamps`, `container` and `previous`; `follow` then sends each further line when it is
//! written, until the pod is deleted, the cluster goes down, `Fault::CutStreams` cuts it or the
//! client goes away. Parameters are decoded and validated as the API server does (400, 422).

mod timeline;

use std::ops::Range;
use std::time::Duration;

use bytes::Bytes;
use http::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use self::timeline::{history_len, log_line, Timeline, LIVE_STEP};
use super::watch::stream_response;
use super::{text, Query};
use crate::cluster::{lock, ClusterState, Shared};
use crate::resources::{def, ids::PODS};
use crate::server::{error_response, Body};
use crate::store::ApiError;
use crate::util::{now_nanos, parse_rfc3339, parse_rfc3339_go, rfc3339_nano, NANOS};

/// Containers whose log anchors are kept before those of deleted pods are dropped.
const ANCHORS_KEPT: usize = 4096;

/// Where the lines a request asks for start.
#[derive(Debug, Clone, Copy)]
enum Since {
    /// `sinceTime`, in nanoseconds since the Unix epoch.
    Time(i64),
    /// `sinceSeconds`: that long before the request.
    Seconds(i64),
}

/// A log request's parameters, decoded and validated as the API server does.
#[derive(Debug)]
struct Options {
    follow: bool,
    previous: bool,
    timestamps: bool,
    tail: Option<u64>,
    since: Option<Since>,
}

/// A boolean parameter as the API server reads one: present and neither `false` nor `0`.
fn flag(q: &Query, key: &str) -> bool {
    q.get(key)
        .is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// An integer parameter as the API server decodes one (Go's `strconv.ParseInt`): 400 if bad.
fn int(q: &Query, key: &str) -> Result<Option<i64>, ApiError> {
    let Some(v) = q.get(key) else {
        return Ok(None);
    };
    v.parse::<i64>().map(Some).map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        ApiError::bad_request(format!("strconv.ParseInt: parsing {v:?}: {why}"))
    })
}

impl Options {
    fn decode(q: &Query, pod: &str) -> Result<Options, ApiError> {
        let seconds = int(q, "sinceSeconds")?;
        // Go's `time.Parse(time.RFC3339, ..)`; the kubelet then gets `Format(time.RFC3339)`,
        // the whole second. Empty or `null` is the zero time: set, but before every line.
        let time = match q.get("sinceTime").map(String::as_str) {
            None => None,
            Some("" | "null") => Some(i64::MIN),
            Some(s) => {
                let (secs, _) = parse_rfc3339_go(s).map_err(ApiError::bad_request)?;
                Some(secs.saturating_mul(NANOS))
            }
        };
        let tail = int(q, "tailLines")?;
        validate(pod, tail, seconds, time.is_some())?;
        Ok(Options {
            follow: flag(q, "follow"),
            previous: flag(q, "previous"),
            timestamps: flag(q, "timestamps"),
            tail: tail.map(|t| t as u64),
            since: time.map(Since::Time).or(seconds.map(Since::Seconds)),
        })
    }
}

/// The API server's `ValidatePodLogOptions`: a 422 naming each fault.
fn validate(
    pod: &str,
    tail: Option<i64>,
    seconds: Option<i64>,
    time: bool,
) -> Result<(), ApiError> {
    let mut causes: Vec<(&str, &str, String)> = Vec::new();
    if let Some(t) = tail.filter(|t| *t < 0) {
        let body = format!("Invalid value: {t}: must be greater than or equal to 0");
        causes.push(("tailLines", "FieldValueInvalid", body));
    }
    match seconds {
        Some(_) if time => causes.push((
            "[]",
            "FieldValueForbidden",
            "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified".into(),
        )),
        Some(s) if s < 1 => {
            let body = format!("Invalid value: {s}: must be greater than 0");
            causes.push(("sinceSeconds", "FieldValueInvalid", body));
        }
        _ => {}
    }
    if causes.is_empty() {
        return Ok(());
    }
    let all: Vec<String> = causes.iter().map(|(f, _, b)| format!("{f}: {b}")).collect();
    let all = match all.len() {
        1 => all[0].clone(),
        _ => format!("[{}]", all.join(", ")),
    };
    let mut e = ApiError::new(
        422,
        "Invalid",
        format!("PodLogOptions \"{pod}\" is invalid: {all}"),
    );
    let causes: Vec<Value> = causes
        .iter()
        .map(|(f, r, b)| json!({"reason": r, "message": b, "field": f}))
        .collect();
    e.details = json!({"name": pod, "kind": "PodLogOptions", "causes": causes});
    Err(e)
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

/// One container's log being served.
struct Source {
    ns: String,
    pod: String,
    uid: String,
    container: String,
    previous: bool,
}

impl Source {
    /// Lines `range`, each with its timestamp (Go's RFC 3339 with nanoseconds) when asked.
    fn lines(&self, tl: &Timeline, range: Range<u64>, timestamps: bool) -> String {
        let mut out = String::new();
        for i in range {
            if timestamps {
                out.push_str(&rfc3339_nano(tl.time(i)));
                out.push(' ');
            }
            out.push_str(&log_line(&self.pod, &self.container, i, self.previous));
            out.push('\n');
        }
        out
    }

    /// Whether the pod still runs (not deleted, nor replaced by another of the same name).
    fn running(&self, state: &ClusterState) -> bool {
        let pod = lock(&state.store).get(PODS, &self.ns, &self.pod);
        pod.is_some_and(|p| p.uid == self.uid)
    }

    /// When the lab first served this container's log: where its history ends and its live
    /// lines begin. Kept per cluster; those of deleted pods are dropped once there are many.
    fn anchor(&self, state: &ClusterState, now: i64) -> i64 {
        let key = (self.ns.clone(), self.pod.clone(), self.container.clone());
        let mut anchors = lock(&state.log_anchors);
        match anchors.get(&key) {
            Some((uid, at)) if *uid == self.uid => return *at,
            _ => {}
        }
        if anchors.len() >= ANCHORS_KEPT {
            // Lock order: the anchors, then the store (nothing holds the store for them).
            let store = lock(&state.store);
            anchors.retain(|(ns, pod, _), (uid, _)| {
                store.get(PODS, ns, pod).is_some_and(|p| p.uid == *uid)
            });
        }
        anchors.insert(key, (self.uid.clone(), now));
        now
    }

    /// The times of this log's lines: the running container's from the pod's start to its
    /// anchor and on; the previous instance's from the pod's start to when it finished.
    fn timeline(&self, state: &ClusterState, pod: &Value, now: i64) -> Timeline {
        let at = |v: &Value| v.as_str().and_then(parse_rfc3339).map(|s| s * NANOS);
        let start =
            at(&pod["status"]["startTime"]).or_else(|| at(&pod["metadata"]["creationTimestamp"]));
        let history = history_len(&self.pod);
        if !self.previous {
            let anchor = self.anchor(state, now);
            return Timeline::new(history, start.unwrap_or(anchor), anchor, true);
        }
        let start = start.unwrap_or(0);
        let finished = pod["status"]["containerStatuses"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["name"] == json!(self.container))
            .and_then(|s| at(&s["lastState"]["terminated"]["finishedAt"]))
            .filter(|f| *f >= start);
        let end = finished.unwrap_or(start + history as i64 * NANOS);
        Timeline::new(history, start, end, false)
    }
}

/// A followed log after what was written when it was asked for.
struct Follow {
    state: Shared,
    tx: mpsc::Sender<Bytes>,
    src: Source,
    tl: Timeline,
    /// The next line to send.
    next: u64,
    timestamps: bool,
    /// Bytes sent so far, for [`crate::Fault::CutStreams`].
    sent: u64,
}

impl Follow {
    /// Sends each line when it is written, until the client goes away, the cluster goes down,
    /// the pod is deleted (its container stopped) or [`crate::Fault::CutStreams`] cuts it.
    async fn run(mut self) {
        let mut faults = self.state.fault_gen.subscribe();
        loop {
            let f = self.state.faults();
            if f.down || f.cut_streams_after.is_some_and(|n| self.sent >= n) {
                return;
            }
            let due = self.tl.time(self.next) - now_nanos();
            let wait = Duration::from_nanos(due.clamp(0, LIVE_STEP) as u64);
            tokio::select! {
                () = tokio::time::sleep(wait) => {
                    if !self.src.running(&self.state) {
                        return;
                    }
                    if now_nanos() < self.tl.time(self.next) {
                        continue;
                    }
                    let line = self.src.lines(&self.tl, self.next..self.next + 1, self.timestamps);
                    self.sent += line.len() as u64;
                    if self.tx.send(Bytes::from(line)).await.is_err() {
                        return;
                    }
                    self.next += 1;
                }
                _ = faults.changed() => {}
                () = self.tx.closed() => return,
            }
        }
    }
}

pub(super) async fn logs(state: Shared, ns: &str, name: &str, q: &Query) -> Response<Body> {
    let opts = match Options::decode(q, name) {
        Ok(o) => o,
        Err(e) => return error_response(&e),
    };
    let pod = lock(&state.store).get(PODS, ns, name);
    let Some(pod) = pod else {
        return error_response(&ApiError::not_found(def(PODS), name));
    };
    let v = pod.value();
    let container = match container_of(&v, name, q, opts.previous) {
        Ok(c) => c,
        Err(e) => return error_response(&e),
    };
    let src = Source {
        ns: ns.to_string(),
        pod: name.to_string(),
        uid: pod.uid.clone(),
        container,
        previous: opts.previous,
    };
    let now = now_nanos();
    let tl = src.timeline(&state, &v, now);
    // The kubelet's order: the last `tailLines` of the file, of those the ones since the time
    // asked; the same as since, then tail, as the times never decrease.
    let written = tl.written(now);
    let since = match opts.since {
        None => 0,
        Some(Since::Time(t)) => tl.first_at_or_after(t),
        Some(Since::Seconds(s)) => {
            tl.first_at_or_after(now.saturating_sub(s.saturating_mul(NANOS)))
        }
    };
    let first = since.max(opts.tail.map_or(0, |n| written.saturating_sub(n)));
    let out = src.lines(&tl, first..written, opts.timestamps);
    if !opts.follow || opts.previous {
        return text(200, &out);
    }
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let follow = Follow {
        state,
        tx,
        src,
        tl,
        next: first.max(written),
        timestamps: opts.timestamps,
        sent: out.len() as u64,
    };
    tokio::spawn(async move {
        if out.is_empty() || follow.tx.send(Bytes::from(out)).await.is_ok() {
            follow.run().await;
        }
    });
    stream_response(rx, "text/plain")
}
