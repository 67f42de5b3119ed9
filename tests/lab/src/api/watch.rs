//! Watches: initial events or replay from a resourceVersion, live changes with selectors,
//! bookmarks, timeouts, and the watch faults (dropped streams, 410 Expired).

use std::sync::Arc;
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
                views::converted(self.res, &c.obj)?,
                c.old.as_deref().and_then(|o| views::converted(self.res, o)),
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

/// What a watch sends first and where it continues.
struct Start {
    initial: Vec<Bytes>,
    live: Option<broadcast::Receiver<Arc<Change>>>,
    last_rv: u64,
    /// A 410 to send instead (resourceVersion too old).
    expired: Option<String>,
}

/// Collects the initial events under the store lock, so nothing is missed between them and
/// the live feed: synthetic ADDED for the current state, or the history after `rv`.
fn start(state: &Shared, filter: &WatchFilter, rv: Option<u64>) -> Start {
    let store = lock(&state.store);
    let current = store.rv();
    let fail = |msg: String| Start {
        initial: vec![],
        live: None,
        last_rv: current,
        expired: Some(msg),
    };
    let (initial, live) = match rv {
        None => {
            let (ns, ls, fs) = (filter.ns.as_deref(), &filter.ls, &filter.fs);
            let objs = select(&store, filter.res, ns, ls, fs);
            let lines = objs.iter().map(|o| filter.line("ADDED", o)).collect();
            (lines, store.subscribe())
        }
        Some(rv) if state.faults().expire_rv && rv < current => {
            return fail(format!("too old resource version: {rv} ({current})"))
        }
        Some(rv) => match store.watch_from(rv) {
            Ok((past, live)) => (past.iter().filter_map(|c| filter.render(c)).collect(), live),
            Err(e) => return fail(e.message),
        },
    };
    Start {
        initial,
        live: Some(live),
        last_rv: current,
        expired: None,
    }
}

/// A running watch stream.
struct Stream {
    state: Shared,
    filter: WatchFilter,
    tx: mpsc::Sender<Bytes>,
    sent: u32,
    /// `DropWatchesAfter` as it was when the watch started.
    drop_after: Option<u32>,
    last_rv: u64,
}

impl Stream {
    /// Sends one event; `false` when the stream must end (client gone, drop limit reached).
    async fn send(&mut self, line: Bytes) -> bool {
        if self.tx.send(line).await.is_err() {
            return false;
        }
        self.sent += 1;
        let hit = |n: Option<u32>| n.is_some_and(|n| self.sent >= n);
        !(hit(self.drop_after) || hit(self.state.faults().drop_watches_after))
    }

    async fn bookmark(&mut self) -> bool {
        let r = def(self.filter.res);
        let bm = json!({"kind": r.kind, "apiVersion": r.api_version(), "metadata": {"resourceVersion": self.last_rv.to_string(),
            "annotations": {"k8s.io/initial-events-end": "true"}}});
        let line = event_line("BOOKMARK", bm.to_string().as_bytes());
        self.tx.send(line).await.is_ok()
    }

    /// Reacts to a fault change; `false` ends the stream (down, 410, drop limit, and the
    /// faults that would break an open watch of a real server: every request failing with
    /// 5xx, a server that stops answering, namespaces becoming forbidden), so the client's
    /// next request meets the fault.
    async fn on_fault(&mut self) -> bool {
        let f = self.state.faults();
        if f.expire_rv {
            let msg = format!("too old resource version: {}", self.last_rv);
            let _ = self.tx.send(expired_event(&msg)).await;
            return false;
        }
        !self.broken_by(&f)
    }

    /// Whether the faults in force end this watch (everything `on_fault` reacts to except the
    /// 410, which is only sent on a change so a relist is not met by another one).
    fn broken_by(&self, f: &crate::cluster::Faults) -> bool {
        let forbidden = f.forbid_namespaces && self.filter.res == crate::resources::ids::NAMESPACES;
        f.down
            || f.error_percent >= 100
            || f.hang_after_connect
            || forbidden
            || f.drop_watches_after.is_some_and(|n| self.sent >= n)
    }

    async fn run(
        mut self,
        start: Start,
        mut gen_rx: tokio::sync::watch::Receiver<u64>,
        bookmarks: bool,
        timeout: Duration,
    ) {
        if let Some(msg) = start.expired {
            let _ = self.tx.send(expired_event(&msg)).await;
            return;
        }
        // Counted as open for as long as this stream runs (it ends when the client goes).
        let state = Arc::clone(&self.state);
        let _open =
            crate::cluster::HeldRequest::new(&state.open_watches, def(self.filter.res).plural);
        // A request that passed the server's fault check just before a fault was set
        // subscribed to the fault generation after its bump: check what is in force now.
        if self.broken_by(&self.state.faults()) {
            return;
        }
        for line in start.initial {
            if !self.send(line).await {
                return;
            }
        }
        let Some(mut live) = start.live else { return };
        let deadline = tokio::time::Instant::now() + timeout;
        let mut tick = tokio::time::interval(self.state.bookmark_interval);
        tick.tick().await;
        loop {
            let go_on = tokio::select! {
                ev = live.recv() => match ev {
                    Ok(c) if c.rv <= self.last_rv => true,
                    Ok(c) => {
                        self.last_rv = c.rv;
                        match self.filter.render(&c) {
                            Some(line) => self.send(line).await,
                            None => true,
                        }
                    }
                    // Lagging behind the broadcast buffer or closed: the client re-watches.
                    Err(_) => false,
                },
                _ = tick.tick(), if bookmarks => self.bookmark().await,
                _ = tokio::time::sleep_until(deadline) => false,
                ch = gen_rx.changed() => ch.is_ok() && self.on_fault().await,
                _ = self.tx.closed() => false,
            };
            if !go_on {
                return;
            }
        }
    }
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
    let gen_rx = state.fault_gen.subscribe();
    let begin = start(&state, &filter, parse_rv(q));
    let (tx, rx) = mpsc::channel::<Bytes>(256);
    let stream = Stream {
        drop_after: state.faults().drop_watches_after,
        last_rv: begin.last_rv,
        state,
        filter,
        tx,
        sent: 0,
    };
    let timeout = Duration::from_secs(timeout);
    tokio::spawn(stream.run(begin, gen_rx, bookmarks, timeout));
    stream_response(rx, "application/json")
}
