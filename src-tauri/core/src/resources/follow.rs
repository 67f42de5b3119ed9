//! Following one open watch request: its events become reports until the server closes it,
//! it breaks, goes idle for too long, the connection's watches are paused, or the cluster's
//! network goes silent ([`crate::reach`]).

use std::time::Duration;

use futures::StreamExt;
use kube::api::{DynamicObject, WatchEvent};
use kube::ResourceExt;

use super::batch::Report;
use super::object_key;
use super::paged::timeout_error;
use super::pausing::PauseSignal;
use super::rows::row;
use super::watch::Reporter;
use crate::error::Error;
use crate::kinds::KindInfo;
use crate::pool::WatchStats;
use crate::reach::{unnamed, went_silent, ReachSignal};

/// How an open watch ended.
pub(super) enum Ended {
    /// The server closed it (its timeout, a restart): resume at once.
    Closed,
    /// It broke: report, wait, resume (or list again after a 410).
    Broke(Error),
    /// Nobody listens any more: the watch was stopped.
    Stopped,
    /// The connection's watches were paused: the request is dropped, the version kept.
    Paused,
}

/// What an open watch follows: its kind, its cluster's name, where it counts objects, how
/// long it may stay silent, and how many silent spells of the network began before it opened.
pub(super) struct Watched<'a> {
    pub kind: &'a KindInfo,
    pub name: &'a str,
    pub stats: &'a WatchStats,
    pub idle: Duration,
    pub spells: u64,
}

/// What a followed watch listens to besides its stream.
pub(super) struct Signals<'a> {
    pub pause: &'a mut PauseSignal,
    pub reach: &'a mut ReachSignal,
}

/// Report the events of an open watch until it ends, keeping `version` current.
pub(super) async fn follow(
    stream: impl futures::Stream<Item = kube::Result<WatchEvent<DynamicObject>>>,
    out: &Reporter,
    watched: &Watched<'_>,
    version: &mut String,
    signals: Signals<'_>,
) -> Ended {
    let Watched {
        kind, name, stats, ..
    } = *watched;
    let Signals { pause, reach } = signals;
    let mut stream = std::pin::pin!(stream);
    loop {
        let next = tokio::select! {
            next = tokio::time::timeout(watched.idle, stream.next()) => next,
            paused = pause.wait_for(Option::is_some) => {
                return if paused.is_ok() { Ended::Paused } else { Ended::Stopped };
            }
            // Nothing will come through a silent network: drop the request now rather than
            // say "live" until the idle limit, and open it again when the cluster answers.
            probe = went_silent(reach, watched.spells) => {
                return Ended::Broke(silenced(name, kind, &probe));
            }
        };
        let Ok(next) = next else {
            return Ended::Broke(timeout_error(
                name,
                kind,
                "waiting on the watch of",
                watched.idle,
            ));
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

/// Why a watch was dropped when its cluster went silent, in the probe's own words.
fn silenced(name: &str, kind: &KindInfo, probe: &str) -> Error {
    let probe = unnamed(probe, name);
    Error::Unreachable {
        context: name.to_owned(),
        reason: format!(
            "it stopped answering ({probe}); the watch of {} goes on as soon as it answers",
            kind.qualified_name()
        ),
    }
}
