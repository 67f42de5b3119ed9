//! Resource watches of one connection: list, then watch from that resourceVersion, resume
//! after a drop, list again on 410 Gone. Changes go out coalesced as deltas every batch
//! window, and every change of the watch's health goes out as a [`WatchState`], so a list
//! never reads "live" while its watch is failing. A paused watch ([`super::pausing`]) closes
//! its request and parks until resumed, then watches on from its last resourceVersion.

use std::sync::{Arc, Weak};
use std::time::Duration;

use futures::StreamExt;
use kube::api::{DynamicObject, WatchEvent, WatchParams};
use kube::{Api, ResourceExt};
use tokio::sync::mpsc;

use super::backoff::Backoff;
use super::batch::{Batch, Report};
use super::object_key;
use super::paged::{list_all, timeout_error};
use super::pausing::{hold_while_paused, PauseSignal};
use super::rows::row;
use crate::error::Error;
use crate::events::{now_ms, Event, EventSink};
use crate::kinds::KindInfo;
use crate::pool::{ClusterConnection, WatchStats, WatcherKey};

pub use crate::events::WatchState;

/// Tunables of one watch.
pub(crate) struct WatchTimes {
    pub batch_window: Duration,
    pub read_timeout: Duration,
    pub max_backoff: Duration,
    /// The server-side timeout of each watch request.
    pub watch_timeout: Duration,
}

/// Run a watch until it fails for good or its task is aborted.
pub(crate) async fn run(
    source: Source,
    kind: KindInfo,
    key: WatcherKey,
    sink: Arc<dyn EventSink>,
    times: WatchTimes,
) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let read_timeout = times.read_timeout;
    let batch_window = times.batch_window;
    let backoff = Backoff::new(times.max_backoff);
    let name = key.context.display_name();
    let stats = Arc::clone(&source.stats);
    let producer = tokio::spawn(produce(source, kind, name, times, backoff, tx));
    // Ends the producer when this task is aborted.
    let _stop = AbortOnDrop(producer.abort_handle());
    let mut batch = Batch::default();
    let mut state: Option<WatchState> = None;
    let mut tick = tokio::time::interval(batch_window);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let emit_state = |state: &WatchState| {
        stats.set_state(state);
        sink.emit(Event::WatchState {
            key: key.clone(),
            state: state.clone(),
        });
    };
    loop {
        tokio::select! {
            report = rx.recv() => match report {
                Some(Report::State(next)) => {
                    // Changes that arrived before the state belong to the list it describes.
                    if let Some(delta) = batch.take(&key) { sink.emit(Event::ResourceDelta(delta)); }
                    // A stale list stays stale while the attempts go on, but shows the latest cause.
                    let next = match (&state, next) {
                        (Some(WatchState::Stale { since_ms, .. }), WatchState::Reconnecting { reason, .. }) => WatchState::Stale { since_ms: *since_ms, reason },
                        (_, next) => next,
                    };
                    if state.as_ref() != Some(&next) {
                        emit_state(&next);
                        state = Some(next);
                    }
                }
                Some(report) => batch.add(report),
                None => break,
            },
            _ = tick.tick() => {
                if let Some(delta) = batch.take(&key) {
                    sink.emit(Event::ResourceDelta(delta));
                }
                if let Some(WatchState::Reconnecting { since_ms, reason }) = &state {
                    if now_ms() - since_ms > read_timeout.as_secs_f64() * 1000.0 {
                        let stale = WatchState::Stale { since_ms: *since_ms, reason: reason.clone() };
                        emit_state(&stale);
                        state = Some(stale);
                    }
                }
            }
        }
    }
    if let Some(delta) = batch.take(&key) {
        sink.emit(Event::ResourceDelta(delta));
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Whether an error ends the watch for good: retrying unchanged cannot help.
fn is_fatal(e: &Error) -> bool {
    matches!(
        e,
        Error::Forbidden { .. } | Error::Unauthorized { .. } | Error::NotFound { .. }
    )
}

/// Where a watch gets its API: the connection's current client at each attempt, so a client
/// rebuilt after credentials expired is used from the next attempt on. Holds the connection
/// weakly: a disconnect ends the watch.
pub(crate) struct Source {
    pub conn: Weak<ClusterConnection>,
    /// The namespace watched, for a namespaced kind (`None` = all).
    pub namespace: Option<String>,
    /// Where the watch reports its state and object count (the Connections panel).
    pub stats: Arc<WatchStats>,
    /// Whether the connection's watches are paused.
    pub pause: PauseSignal,
}

impl Source {
    fn api(&self, kind: &KindInfo) -> Option<Api<DynamicObject>> {
        let conn = self.conn.upgrade()?;
        let resource = kind.api_resource();
        Some(match &self.namespace {
            Some(ns) => Api::namespaced_with(conn.client(), ns, &resource),
            None => Api::all_with(conn.client(), &resource),
        })
    }

    /// The API for the next attempt once the connection's watches are not paused (reported
    /// as paused meanwhile); `None` when the watch must end.
    async fn api_when_resumed(
        &mut self,
        out: &Reporter,
        kind: &KindInfo,
    ) -> Option<Api<DynamicObject>> {
        if !hold_while_paused(out, &mut self.pause).await {
            return None;
        }
        self.api(kind)
    }

    /// Build the connection's client again (exec plugin, token files) after a 401.
    async fn reauthenticate(&self) -> bool {
        match self.conn.upgrade() {
            Some(conn) => conn.rebuild_client().await.is_ok(),
            None => false,
        }
    }
}

/// Sends reports to the batching loop and keeps the state of failing attempts.
pub(super) struct Reporter {
    tx: mpsc::UnboundedSender<Report>,
    backoff: Backoff,
    /// When the current run of failures began.
    since: Option<f64>,
    /// Whether the client was rebuilt after a 401 since the watch was last live.
    reauthenticated: bool,
}

impl Reporter {
    /// Send a report; `false` when nobody listens any more (the watch was stopped).
    pub(super) fn send(&self, report: Report) -> bool {
        self.tx.send(report).is_ok()
    }

    /// Report a failure. Returns how long to wait before the next attempt, or `None` when
    /// the watch must end.
    fn failed(&mut self, e: &Error) -> Option<Duration> {
        let reason = e.to_string();
        if is_fatal(e) {
            self.send(Report::State(WatchState::Failed { reason }));
            return None;
        }
        let since_ms = *self.since.get_or_insert_with(now_ms);
        self.send(Report::State(WatchState::Reconnecting { since_ms, reason }))
            .then(|| self.backoff.next())
    }

    /// Report that the list is read again at once (410 Gone, a watch the server closed
    /// early): the list lags until the watch is live again.
    fn resuming(&mut self, reason: String) -> bool {
        let since_ms = *self.since.get_or_insert_with(now_ms);
        self.send(Report::State(WatchState::Reconnecting { since_ms, reason }))
    }

    fn live(&mut self) -> bool {
        self.since = None;
        self.reauthenticated = false;
        self.backoff.reset();
        self.send(Report::State(WatchState::Live))
    }
}

/// How an open watch ended.
enum Ended {
    /// The server closed it (its timeout, a restart): resume at once.
    Closed,
    /// It broke: report, wait, resume (or list again after a 410).
    Broke(Error),
    /// Nobody listens any more: the watch was stopped.
    Stopped,
    /// The connection's watches were paused: the request is dropped, the version kept.
    Paused,
}

/// List, then watch from the list's resourceVersion, forever; report what happens.
async fn produce(
    mut source: Source,
    kind: KindInfo,
    name: String,
    times: WatchTimes,
    backoff: Backoff,
    tx: mpsc::UnboundedSender<Report>,
) {
    let mut out = Reporter {
        tx,
        backoff,
        since: None,
        reauthenticated: false,
    };
    let read_timeout = times.read_timeout;
    'relist: loop {
        let Some(api) = source.api_when_resumed(&out, &kind).await else {
            return;
        };
        let mut version = match list_all(
            &api,
            &kind,
            &name,
            read_timeout,
            |r| out.send(r),
            &source.stats,
        )
        .await
        {
            Ok(Some(version)) => version,
            Ok(None) => return,
            Err(e) if recover(&mut out, &source, &e).await => continue 'relist,
            Err(_) => return,
        };
        loop {
            let Some(api) = source.api_when_resumed(&out, &kind).await else {
                return;
            };
            let secs = crate::error::secs(times.watch_timeout);
            let params = WatchParams::default().timeout(secs);
            let opened = tokio::time::timeout(read_timeout, api.watch(&params, &version)).await;
            let opened_at = tokio::time::Instant::now();
            let ended = match opened {
                Ok(Ok(stream)) if out.live() => {
                    // Silent for longer than the server's own timeout: the connection is dead.
                    let idle = times.watch_timeout + Duration::from_secs(5);
                    let watched = Watched {
                        kind: &kind,
                        name: &name,
                        stats: &source.stats,
                    };
                    let pause = &mut source.pause;
                    follow(stream, &out, &watched, &mut version, idle, pause).await
                }
                Ok(Ok(_)) => Ended::Stopped,
                Ok(Err(e)) => Ended::Broke(Error::from_kube(&name, &e)),
                Err(_) => Ended::Broke(timeout_error(
                    &name,
                    &kind,
                    "opening the watch of",
                    read_timeout,
                )),
            };
            match ended {
                // Closed well before the server's timeout: the watch was dropped; say so.
                Ended::Closed if opened_at.elapsed() < times.watch_timeout / 2 => {
                    let after = opened_at.elapsed().as_secs();
                    let what = kind.qualified_name();
                    if !out.resuming(format!("{name}: the API server closed the watch of {what} after {after} s; resuming")) {
                        return;
                    }
                }
                Ended::Closed | Ended::Paused => {}
                Ended::Stopped => return,
                Ended::Broke(Error::Api {
                    code: 410, message, ..
                }) => {
                    let what = kind.qualified_name();
                    if !out.resuming(format!("{name}: re-listing {what} (410 Gone: {message})")) {
                        return;
                    }
                    continue 'relist;
                }
                Ended::Broke(e) if recover(&mut out, &source, &e).await => {}
                Ended::Broke(_) => return,
            }
        }
    }
}

/// After a failed attempt: `true` to try again — at once after rebuilding the client on a
/// first 401 (expired credentials), else after reporting and a backoff — or `false` when
/// the watch must end (reported as failed).
async fn recover(out: &mut Reporter, source: &Source, e: &Error) -> bool {
    if matches!(e, Error::Unauthorized { .. }) && !out.reauthenticated {
        out.reauthenticated = true;
        if source.reauthenticate().await {
            return true;
        }
    }
    match out.failed(e) {
        Some(wait) => {
            tokio::time::sleep(wait).await;
            true
        }
        None => false,
    }
}

/// What an open watch follows: its kind, its cluster's name and where it counts objects.
struct Watched<'a> {
    kind: &'a KindInfo,
    name: &'a str,
    stats: &'a WatchStats,
}

/// Report the events of an open watch until it ends, keeping `version` current.
async fn follow(
    stream: impl futures::Stream<Item = kube::Result<WatchEvent<DynamicObject>>>,
    out: &Reporter,
    watched: &Watched<'_>,
    version: &mut String,
    idle: Duration,
    pause: &mut PauseSignal,
) -> Ended {
    let Watched { kind, name, stats } = *watched;
    let mut stream = std::pin::pin!(stream);
    loop {
        let next = tokio::select! {
            next = tokio::time::timeout(idle, stream.next()) => next,
            paused = pause.wait_for(Option::is_some) => {
                return if paused.is_ok() { Ended::Paused } else { Ended::Stopped };
            }
        };
        let Ok(next) = next else {
            return Ended::Broke(timeout_error(name, kind, "waiting on the watch of", idle));
        };
        let report = match next {
            Some(Ok(WatchEvent::Added(obj))) => {
                stats.added();
                *version = obj.resource_version().unwrap_or_else(|| version.clone());
                Report::Upsert(object_key(&obj), row(kind, obj))
            }
            Some(Ok(WatchEvent::Modified(obj))) => {
                *version = obj.resource_version().unwrap_or_else(|| version.clone());
                Report::Upsert(object_key(&obj), row(kind, obj))
            }
            Some(Ok(WatchEvent::Deleted(obj))) => {
                stats.deleted();
                *version = obj.resource_version().unwrap_or_else(|| version.clone());
                Report::Delete(object_key(&obj))
            }
            Some(Ok(WatchEvent::Bookmark(b))) => {
                *version = b.metadata.resource_version;
                continue;
            }
            Some(Ok(WatchEvent::Error(status))) => {
                return Ended::Broke(Error::from_kube(name, &kube::Error::Api(status)));
            }
            Some(Err(e)) => return Ended::Broke(Error::from_kube(name, &e)),
            None => return Ended::Closed,
        };
        if !out.send(report) {
            return Ended::Stopped;
        }
    }
}
