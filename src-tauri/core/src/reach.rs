//! Whether a cluster's network answers at all, as its health probe last found, for the tasks
//! that cannot tell by themselves. A network that goes silent (a laptop asleep, a VPN dropped,
//! a route gone) closes nothing: an open watch waits on a connection nothing will ever come
//! through, and says "live" until its own idle limit (the watch timeout plus 5 s) passes. The
//! probe notices within its interval plus its timeout; the watches follow it — they end their
//! request when a silent spell begins and start again the moment the cluster answers — and so
//! do followed logs, which go on from where they stopped; shells end, saying so.

use std::future::pending;

use crate::error::ErrorKind;
use crate::events::{Health, HealthStatus};

/// What the probe last found about the network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reach {
    /// While the cluster is silent: why the probe got no answer (its error).
    pub silent: Option<String>,
    /// How many silent spells began since the connection was made.
    pub spells: u64,
}

/// Where a task follows the [`Reach`] of its connection.
pub(crate) type ReachSignal = tokio::sync::watch::Receiver<Reach>;

impl Reach {
    /// Take a probe's result; `true` when a silent spell began or ended. Only a probe that got
    /// no answer (timed out, refused, reset) counts as silence: an answer of any status — a
    /// 503 from `/readyz`, a 401 — means the network carries requests, and the watches can
    /// tell for themselves what their server answers.
    pub(crate) fn update(&mut self, health: &Health) -> bool {
        let no_answer = health.status == HealthStatus::Unreachable
            && matches!(
                health.error_kind,
                Some(ErrorKind::Timeout | ErrorKind::Unreachable)
            );
        match (no_answer, self.silent.is_some()) {
            (true, false) => {
                self.spells += 1;
                self.silent = Some(health.last_error.clone().unwrap_or_default());
                true
            }
            (false, true) => {
                self.silent = None;
                true
            }
            _ => false,
        }
    }
}

/// The probe's error without the cluster's name it starts with, for a message that names the
/// cluster once.
pub(crate) fn unnamed<'a>(probe: &'a str, name: &str) -> &'a str {
    probe
        .strip_prefix(name)
        .and_then(|p| p.strip_prefix(": "))
        .unwrap_or(probe)
}

/// The number of silent spells so far: a task remembers it when it opens a request, so only a
/// spell that began later ends that request.
pub(crate) fn spells(reach: &ReachSignal) -> u64 {
    reach.borrow().spells
}

/// Resolves with the probe's error when a silent spell begins after `seen` spells; never
/// resolves if none does (or the connection is gone).
pub(crate) async fn went_silent(reach: &mut ReachSignal, seen: u64) -> String {
    let probe = reach
        .wait_for(|r| r.spells > seen && r.silent.is_some())
        .await
        .map(|r| r.silent.clone().unwrap_or_default());
    match probe {
        Ok(probe) => probe,
        Err(_) => pending().await,
    }
}

/// Resolves once the cluster answers again after a spell that began after `seen` spells —
/// at once if that already happened; never resolves otherwise.
pub(crate) async fn answered_after(reach: &mut ReachSignal, seen: u64) {
    answered(reach, seen).await;
}

/// As [`answered_after`], with the number of spells when it answered: a task that goes on then
/// waits for a spell after that one.
pub(crate) async fn answered(reach: &mut ReachSignal, seen: u64) -> u64 {
    let spells = reach
        .wait_for(|r| r.spells > seen && r.silent.is_none())
        .await
        .map(|now| now.spells);
    match spells {
        Ok(spells) => spells,
        Err(_) => pending().await,
    }
}

/// Resolves once the cluster answers again if it is silent now; never resolves if it is not
/// (a wait that is not about silence is not cut short).
pub(crate) async fn answers_again(reach: &mut ReachSignal) {
    let Some(spell) = silent_spell(reach) else {
        return pending().await;
    };
    answered_after(reach, spell - 1).await;
}

/// The current spell's number while the cluster is silent.
fn silent_spell(reach: &ReachSignal) -> Option<u64> {
    let now = reach.borrow();
    now.silent.is_some().then_some(now.spells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(status: HealthStatus, kind: Option<ErrorKind>) -> Health {
        Health {
            status,
            error_kind: kind,
            last_error: kind.map(|k| format!("{k:?}")),
            ..Health::connecting()
        }
    }

    #[test]
    fn only_a_probe_without_an_answer_begins_a_spell() {
        let mut reach = Reach::default();
        // A server that answers, whatever it says, is not silent.
        for (status, kind) in [
            (HealthStatus::Healthy, None),
            (HealthStatus::Slow, None),
            (HealthStatus::Unreachable, Some(ErrorKind::Api)),
            (HealthStatus::Unreachable, Some(ErrorKind::Tls)),
            (HealthStatus::Unauthorized, Some(ErrorKind::Unauthorized)),
        ] {
            assert!(!reach.update(&health(status, kind)), "{status:?} {kind:?}");
        }
        assert_eq!(reach, Reach::default());
        let timeout = health(HealthStatus::Unreachable, Some(ErrorKind::Timeout));
        assert!(reach.update(&timeout));
        assert_eq!(reach.spells, 1);
        assert_eq!(reach.silent.as_deref(), Some("Timeout"));
        // Still silent, now refused: the same spell, no news.
        let refused = health(HealthStatus::Unreachable, Some(ErrorKind::Unreachable));
        assert!(!reach.update(&refused));
        assert!(reach.update(&health(HealthStatus::Healthy, None)));
        assert_eq!((reach.silent.clone(), reach.spells), (None, 1));
        assert!(reach.update(&refused));
        assert_eq!(reach.spells, 2);
    }

    #[tokio::test]
    async fn waits_resolve_on_the_spells_they_are_about() {
        let (tx, mut rx) = tokio::sync::watch::channel(Reach::default());
        let seen = spells(&rx);
        let quick = std::time::Duration::from_millis(20);
        // Answering now: waiting for an answer never ends.
        assert!(tokio::time::timeout(quick, answers_again(&mut rx))
            .await
            .is_err());
        tx.send_modify(|r| {
            r.update(&health(HealthStatus::Unreachable, Some(ErrorKind::Timeout)));
        });
        assert_eq!(went_silent(&mut rx, seen).await, "Timeout");
        // A request opened during the spell is not ended by it.
        let during = spells(&rx);
        assert!(tokio::time::timeout(quick, went_silent(&mut rx, during))
            .await
            .is_err());
        let mut waiting = rx.clone();
        let answered = answers_again(&mut waiting);
        tokio::pin!(answered);
        // Silent: it waits…
        assert!(tokio::time::timeout(quick, &mut answered).await.is_err());
        tx.send_modify(|r| {
            r.update(&health(HealthStatus::Healthy, None));
        });
        // …until the cluster answers.
        answered.await;
        answered_after(&mut rx, seen).await;
        assert!(tokio::time::timeout(quick, answered_after(&mut rx, during))
            .await
            .is_err());
    }
}
