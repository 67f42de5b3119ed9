//! Resource watches of one connection: list, then watch from that resourceVersion, resume
//! after a drop, list again on 410 Gone. Changes go out coalesced as deltas every batch
//! window, and every change of the watch's health goes out as a [`WatchState`], so a list
//! never reads "live" while its watch is failing. A paused watch ([`super::pausing`]) closes
//! its request and parks until resumed, then watches on from its last resourceVersion.

use std::sync::{Arc, Weak};
use std::time::Duration;

use kube::api::{DynamicObject, WatchParams};
use kube::Api;
use tokio::sync::mpsc;

use super::backoff::Backoff;
use super::batch::{Batch, Report};
use super::follow::{follow, Ended, Signals, Watched};
use super::paged::{list_all, timeout_error};
use super::pausing::{hold_while_paused, PauseSignal};
use crate::error::Error;
use crate::events::{now_ms, Event, EventSink};
use crate::kinds::KindInfo;
use crate::pool::{ClusterConnection, WatchStats, WatcherKey};
use crate::reach::{answers_again, spells, ReachSignal};

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
    /// Whether the cluster's network answers, as its health probe found.
    pub reach: ReachSignal,
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
            Err(e) if recover(&mut out, &mut source, &e).await => continue 'relist,
            Err(_) => return,
        };
        loop {
            let Some(api) = source.api_when_resumed(&out, &kind).await else {
                return;
            };
            let Some((ended, opened_at)) = watch_once(
                &mut source,
                &mut out,
                &api,
                (&kind, &name),
                &times,
                &mut version,
            )
            .await
            else {
                continue;
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
                Ended::Broke(e) if recover(&mut out, &mut source, &e).await => {}
                Ended::Broke(_) => return,
            }
        }
    }
}

/// Open one watch request from `version` and follow it until it ends; returns how it ended
/// and when it opened, or `None` when the cluster answered again after a silence while it was
/// being opened (an attempt sent while it was silent may sit on a dead connection until its
/// time limit: send a new one).
async fn watch_once(
    source: &mut Source,
    out: &mut Reporter,
    api: &Api<DynamicObject>,
    (kind, name): (&KindInfo, &str),
    times: &WatchTimes,
    version: &mut String,
) -> Option<(Ended, tokio::time::Instant)> {
    let read_timeout = times.read_timeout;
    let params = WatchParams::default().timeout(crate::error::secs(times.watch_timeout));
    let spells = spells(&source.reach);
    let opened = tokio::select! {
        opened = tokio::time::timeout(read_timeout, api.watch(&params, version)) => opened,
        () = answers_again(&mut source.reach) => return None,
    };
    let opened_at = tokio::time::Instant::now();
    let ended = match opened {
        Ok(Ok(stream)) if out.live() => {
            let watched = Watched {
                kind,
                name,
                stats: &source.stats,
                // Silent for longer than the server's own timeout: the connection is dead.
                idle: times.watch_timeout + Duration::from_secs(5),
                spells,
            };
            let signals = Signals {
                pause: &mut source.pause,
                reach: &mut source.reach,
            };
            follow(stream, out, &watched, version, signals).await
        }
        Ok(Ok(_)) => Ended::Stopped,
        Ok(Err(e)) => Ended::Broke(Error::from_kube(name, &e)),
        Err(_) => Ended::Broke(timeout_error(
            name,
            kind,
            "opening the watch of",
            read_timeout,
        )),
    };
    Some((ended, opened_at))
}

/// After a failed attempt: `true` to try again — at once after rebuilding the client on a
/// first 401 (expired credentials), else after reporting and a backoff (cut short when a
/// silent cluster answers again) — or `false` when the watch must end (reported as failed).
async fn recover(out: &mut Reporter, source: &mut Source, e: &Error) -> bool {
    if matches!(e, Error::Unauthorized { .. }) && !out.reauthenticated {
        out.reauthenticated = true;
        if source.reauthenticate().await {
            return true;
        }
    }
    match out.failed(e) {
        Some(wait) => {
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = answers_again(&mut source.reach) => {}
            }
            true
        }
        None => false,
    }
}
