//! Watches: initial events or replay from a resourceVersion, live changes with selectors,
//! bookmarks, timeouts, and the watch faults (dropped streams, 410 Expired).

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::Response;
use http_body_util::BodyExt;
use serde_json::json;
use tokio::sync::{broadcast, mpsc};

use super::read::{parse_rv, select, selectors};
use super::{Query, Target};
use crate::cluster::{lock, Shared};
use crate::resources::def;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::server::{error_response, Body, ChanBody};
use crate::store::{ApiError, Change, EventType, StoredObj};
use crate::table::{self, IncludeObject};
use crate::views;

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
    /// The store resource whose changes are followed (core events for `events.k8s.io`).
    source: usize,
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
        if c.res != self.source {
            return None;
        }
        let (obj, old) = if self.source == self.res {
            (c.obj.clone(), c.old.clone())
        } else {
            (
                views::event_obj(&c.obj),
                c.old.as_deref().map(views::event_obj),
            )
        };
        let now_m = obj.matches(self.ns.as_deref(), &self.ls, &self.fs);
        let old_m = old
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
        Some(self.line(kind.as_str(), &obj))
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

pub(super) fn stream_response(rx: mpsc::Receiver<Bytes>, ct: &'static str) -> Response<Body> {
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

pub(super) fn watch(state: Shared, t: &Target, q: &Query, table: bool) -> Response<Body> {
    let (ls, fs) = match selectors(q) {
        Ok(x) => x,
        Err(e) => return error_response(&e),
    };
    let filter = WatchFilter {
        source: views::source(t.res),
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
                let objs = select(
                    &store,
                    filter.res,
                    filter.ns.as_deref(),
                    &filter.ls,
                    &filter.fs,
                );
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
                    let r = def(filter.res);
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
