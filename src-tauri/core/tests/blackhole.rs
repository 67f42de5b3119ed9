//! A network that goes silent (the lab's `Blackhole`: a laptop asleep, a VPN dropped; `Severed`:
//! the same, and the connections open through it never come back): nothing is closed, nothing
//! answers. The pool must notice on its own and recover by itself when the network is back,
//! with the changes made meanwhile: the health probe notices within its interval and timeout,
//! and the watches follow it; a watch whose connection dies while the probe still answers
//! notices by its own idle limit.

mod common;

use std::time::Duration;

use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::resources::WatchState;
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use serde_json::json;
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(30);

fn pod(name: &str) -> serde_json::Value {
    json!({"metadata": {"name": name, "namespace": "web"},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]}})
}

/// The pods watch's new state, if `e` is one.
fn pods_state(e: &Event) -> Option<&WatchState> {
    match e {
        Event::WatchState { key, state } if key.kind == "pods" => Some(state),
        _ => None,
    }
}

/// Waits for the watch to leave `live`; returns the state it went to.
async fn not_live(events: &mut UnboundedReceiver<Event>) -> WatchState {
    common::wait_for(events, "the watch no longer live", WAIT, |e| {
        pods_state(e).filter(|s| **s != WatchState::Live).cloned()
    })
    .await
}

/// What has to be seen again once the network is back.
#[derive(Default)]
struct Back {
    pod: bool,
    live: bool,
    healthy: bool,
    namespace: bool,
}

/// Waits, in whichever order they come, for the pod made while silent, the watch live again,
/// and — when asked — the cluster healthy and the namespace made while silent listed.
async fn back(events: &mut UnboundedReceiver<Event>, pod: &str, namespace: Option<&str>) {
    let mut seen = Back {
        healthy: namespace.is_none(),
        namespace: namespace.is_none(),
        ..Back::default()
    };
    common::wait_for(events, "everything back", WAIT, |e| {
        match e {
            Event::ResourceDelta(d) => {
                seen.pod |= d.upserts.iter().any(|o| o["metadata"]["name"] == pod);
            }
            Event::Health { health, .. } => seen.healthy = health.status == HealthStatus::Healthy,
            Event::Namespaces { namespaces, .. } => {
                seen.namespace |=
                    namespace.is_some_and(|n| namespaces.names.iter().any(|x| x == n));
            }
            e => {
                if let Some(state) = pods_state(e) {
                    seen.live = *state == WatchState::Live;
                }
            }
        }
        (seen.pod && seen.live && seen.healthy && seen.namespace).then_some(())
    })
    .await;
}

/// A connected pool on a one-cluster lab, watching the pods of `web`, live.
async fn watching(
    options: kubeli_core::pool::PoolOptions,
) -> (
    kubeli_lab::Lab,
    std::sync::Arc<kubeli_core::pool::KubeClientManager>,
    UnboundedReceiver<Event>,
) {
    let lab = common::lab(1).await;
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], options);
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    pool.watch(&dev, "pods", Some("web")).await.unwrap();
    common::wait_for(&mut events, "the watch live", WAIT, |e| {
        pods_state(e).filter(|s| **s == WatchState::Live).cloned()
    })
    .await;
    (lab, pool, events)
}

/// The probe does not notice here (it runs once an hour): the watch leaves `live` by its own
/// idle limit (a 3 s watch, 2 s reads; the defaults are 50 s and 30 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_notices_a_silent_connection_by_its_idle_limit() {
    let options = kubeli_core::pool::PoolOptions {
        watch_timeout: Duration::from_secs(3),
        read_timeout: Duration::from_secs(2),
        health_interval: Duration::from_secs(3600),
        ..common::options()
    };
    let (lab, _pool, mut events) = watching(options).await;
    lab.cluster(0).set_fault(Fault::Blackhole);
    let started = std::time::Instant::now();
    let left = not_live(&mut events).await;
    let (WatchState::Reconnecting { reason, .. } | WatchState::Stale { reason, .. }) = &left else {
        panic!("{left:?} after {:?}", started.elapsed());
    };
    assert!(reason.contains("waiting on the watch of"), "{reason}");
    lab.cluster(0).create("pods", pod("while-silent")).unwrap();
    lab.cluster(0).set_fault(Fault::None);
    back(&mut events, "while-silent", None).await;
}

/// With the default watch and read limits, the probe's finding ends the watch within seconds
/// (not after the 55 s idle limit), and once the cluster answers again the pods watch and the
/// namespace watcher start over at once — through a network that came back changed, where the
/// connections open before it never carry another byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_health_probe_ends_watches_through_silence_and_restarts_them() {
    let (lab, _pool, mut events) = watching(common::options()).await;
    lab.cluster(0).set_fault(Fault::Severed);
    let (mut unreachable, mut left) = (false, None);
    common::wait_for(&mut events, "unreachable and not live", WAIT, |e| {
        match e {
            Event::Health { health, .. } => {
                unreachable |= health.status == HealthStatus::Unreachable;
            }
            e => {
                if let Some(state) = pods_state(e).filter(|s| **s != WatchState::Live) {
                    left = Some(state.clone());
                }
            }
        }
        (unreachable && left.is_some()).then_some(())
    })
    .await;
    let left = left.unwrap();
    let WatchState::Reconnecting { reason, .. } = &left else {
        panic!("{left:?}");
    };
    assert!(
        reason.starts_with("lab-dev: cannot reach the API server: it stopped answering (no answer")
            && reason.ends_with("the watch of pods goes on as soon as it answers"),
        "{reason}"
    );
    let c = lab.cluster(0);
    c.create("pods", pod("while-severed")).unwrap();
    c.create(
        "namespaces",
        json!({"metadata": {"name": "made-while-severed"}}),
    )
    .unwrap();
    c.set_fault(Fault::None);
    back(&mut events, "while-severed", Some("made-while-severed")).await;
}

/// Requests go on fresh connections once the network went silent: the connections kept alive
/// for reuse through a network that came back changed would each hold a request sent on them —
/// the health probe's, whose limit is 2 s here, or a read's (30 s) — until its time limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_a_silence_go_on_fresh_connections() {
    let options = kubeli_core::pool::PoolOptions {
        probe_timeout: Duration::from_secs(2),
        ..common::options()
    };
    let (lab, pool, mut events) = watching(options).await;
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    // Lists at once keep as many connections alive in the pool.
    let lists = || {
        futures::future::join_all((0..8).map(|_| pool.list(&dev, "pods", Some("web"), None, None)))
    };
    for listed in lists().await {
        listed.unwrap();
    }
    let health = |want: HealthStatus| {
        move |e: &Event| match e {
            Event::Health { health, .. } if health.status == want => Some(()),
            _ => None,
        }
    };
    lab.cluster(0).set_fault(Fault::Severed);
    common::wait_for(
        &mut events,
        "unreachable",
        WAIT,
        health(HealthStatus::Unreachable),
    )
    .await;
    lab.cluster(0).set_fault(Fault::None);
    let cleared = std::time::Instant::now();
    common::wait_for(&mut events, "healthy", WAIT, health(HealthStatus::Healthy)).await;
    // Seven dead connections would take the probe at least 14 s.
    assert!(
        cleared.elapsed() < Duration::from_secs(8),
        "healthy only after {:?}",
        cleared.elapsed()
    );
    let listed = tokio::time::timeout(Duration::from_secs(10), lists())
        .await
        .expect("lists still waiting after 10 s");
    for list in listed {
        list.unwrap();
    }
}
