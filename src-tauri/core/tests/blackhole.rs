//! A network that goes silent (the lab's `Blackhole`: a laptop asleep, a VPN dropped): nothing
//! is closed, nothing answers. The pool must notice on its own — the health probe reports the
//! cluster unreachable and the open watch, which receives nothing (not even its bookmarks),
//! leaves `live` once its idle limit passes — and recover by itself when the network is back,
//! with the change made meanwhile. Short limits here (a 3 s watch, 2 s reads); the defaults are
//! 50 s and 30 s.

mod common;

use std::time::Duration;

use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::resources::WatchState;
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

/// Waits for a health report of `status`.
async fn health(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    what: &str,
    status: HealthStatus,
) {
    common::wait_for(events, what, WAIT, |e| match e {
        Event::Health { health, .. } if health.status == status => Some(()),
        _ => None,
    })
    .await;
}

/// Waits for the pod made while silent and the watch live again, in whichever order they come.
async fn changed_and_live(events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>) {
    let (mut pod, mut live) = (false, false);
    common::wait_for(events, "the new pod and the watch live again", WAIT, |e| {
        match e {
            Event::ResourceDelta(d) => {
                pod |= d
                    .upserts
                    .iter()
                    .any(|o| o["metadata"]["name"] == "while-silent");
            }
            Event::WatchState { key, state } if key.kind == "pods" => {
                live = *state == WatchState::Live;
            }
            _ => {}
        }
        (pod && live).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_network_is_noticed_and_recovered_from() {
    let lab = common::lab(1).await;
    let options = kubeli_core::pool::PoolOptions {
        watch_timeout: Duration::from_secs(3),
        read_timeout: Duration::from_secs(2),
        ..common::options()
    };
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], options);
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    pool.watch(&dev, "pods", Some("web")).await.unwrap();
    let state = |want: fn(&WatchState) -> bool| {
        move |e: &Event| match e {
            Event::WatchState { key, state } if key.kind == "pods" && want(state) => {
                Some(state.clone())
            }
            _ => None,
        }
    };
    common::wait_for(
        &mut events,
        "the watch live",
        WAIT,
        state(|s| *s == WatchState::Live),
    )
    .await;

    lab.cluster(0).set_fault(Fault::Blackhole);
    let started = std::time::Instant::now();
    health(
        &mut events,
        "the cluster unreachable",
        HealthStatus::Unreachable,
    )
    .await;
    let left = common::wait_for(
        &mut events,
        "the watch no longer live",
        WAIT,
        state(|s| *s != WatchState::Live),
    )
    .await;
    assert!(
        matches!(
            left,
            WatchState::Reconnecting { .. } | WatchState::Stale { .. }
        ),
        "{left:?} after {:?}",
        started.elapsed()
    );
    lab.cluster(0)
        .create(
            "pods",
            json!({"metadata": {"name": "while-silent", "namespace": "web"},
            "spec": {"containers": [{"name": "main", "image": "busybox"}]}}),
        )
        .unwrap();

    lab.cluster(0).set_fault(Fault::None);
    changed_and_live(&mut events).await;
    health(
        &mut events,
        "the cluster healthy again",
        HealthStatus::Healthy,
    )
    .await;
}
