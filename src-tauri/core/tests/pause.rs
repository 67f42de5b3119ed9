//! Pausing the resource watches of a background cluster, against a lab cluster over real
//! HTTPS: a paused watch holds no request open, resumes from its last resourceVersion
//! (changes made meanwhile arrive as deltas, no re-list), re-lists only on 410 Gone, and a
//! disconnect while paused leaves no task.

mod common;

use std::sync::Arc;
use std::time::Duration;

use kubeli_core::error::Error;
use kubeli_core::events::{Event, ResourceDelta};
use kubeli_core::pool::KubeClientManager;
use kubeli_core::resources::WatchState;
use kubeli_core::ContextId;
use kubeli_lab::Lab;
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(10);

struct Env {
    lab: Lab,
    pool: Arc<KubeClientManager>,
    events: UnboundedReceiver<Event>,
    dev: ContextId,
}

/// A pool connected to lab cluster 0 with a live watch of pods in `default`.
async fn watching() -> Env {
    let lab = common::lab(1).await;
    let (pool, events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    pool.watch(&dev, "pods", Some("default")).await.unwrap();
    let mut env = Env {
        lab,
        pool,
        events,
        dev,
    };
    assert_eq!(env.next_state().await, WatchState::Live);
    env
}

impl Env {
    async fn next_state(&mut self) -> WatchState {
        let dev = self.dev.clone();
        common::wait_for(
            &mut self.events,
            "a state of the pods watch",
            WAIT,
            |ev| match ev {
                Event::WatchState { key, state } if key.context == dev && key.kind == "pods" => {
                    Some(state.clone())
                }
                _ => None,
            },
        )
        .await
    }

    /// Wait until the lab has `n` open watches of pods.
    async fn open_watches(&self, n: usize) {
        for _ in 0..100 {
            if self.lab.cluster(0).open_watches("pods") == n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let open = self.lab.cluster(0).open_watches("pods");
        panic!("expected {n} open watches of pods, the lab has {open}");
    }

    /// Pause, see the state say since when, and see the lab's watch close.
    async fn pause(&mut self) -> f64 {
        let before = common::now_ms();
        let since = self.pool.pause_watchers(&self.dev).unwrap();
        assert!(since >= before, "paused since {since}, before {before}");
        assert_eq!(
            self.next_state().await,
            WatchState::Paused { since_ms: since }
        );
        self.open_watches(0).await;
        since
    }

    fn add_pod(&self, name: &str) {
        let pod = serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]},
        });
        self.lab.cluster(0).create("pods", pod).unwrap();
    }

    /// The next delta of the pods watch.
    async fn next_delta(&mut self) -> ResourceDelta {
        let dev = self.dev.clone();
        common::wait_for(&mut self.events, "a delta of pods", WAIT, |ev| match ev {
            Event::ResourceDelta(d) if d.context == dev && d.kind == "pods" => Some(d.clone()),
            _ => None,
        })
        .await
    }
}

fn names(objects: &[serde_json::Value]) -> Vec<&str> {
    objects
        .iter()
        .filter_map(|o| o["metadata"]["name"].as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_watch_holds_no_request_and_resumes_with_the_changes_made_meanwhile_as_deltas() {
    let mut e = watching().await;
    e.open_watches(1).await;
    let lists = e.lab.cluster(0).list_requests("pods");
    let since = e.pause().await;
    assert_eq!(e.pool.watchers_paused_since(&e.dev), Some(since));

    // The Connections panel shows the watcher paused, still registered with its count.
    let stats = e.pool.connection_stats();
    assert_eq!(stats[0].paused_since_ms, Some(since));
    assert_eq!(
        stats[0].watchers[0].state,
        Some(WatchState::Paused { since_ms: since })
    );
    // The watcher keeps its key; health probe and namespace watcher keep running.
    assert_eq!(e.pool.running_watchers().len(), 1);
    assert_eq!(e.pool.task_count(), 3);

    // A second pause keeps the first time.
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(e.pool.pause_watchers(&e.dev).unwrap(), since);

    e.add_pod("made-while-paused");
    tokio::time::sleep(Duration::from_millis(300)).await;
    e.pool.resume_watchers(&e.dev).unwrap();
    assert_eq!(e.next_state().await, WatchState::Live);
    let delta = e.next_delta().await;
    assert!(delta.reset.is_none(), "resumed with a re-list: {delta:?}");
    assert_eq!(names(&delta.upserts), ["made-while-paused"]);
    assert_eq!(e.lab.cluster(0).list_requests("pods"), lists, "re-listed");
    e.open_watches(1).await;
    assert_eq!(e.pool.watchers_paused_since(&e.dev), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resuming_from_a_compacted_resource_version_lists_again() {
    let mut e = watching().await;
    let lists = e.lab.cluster(0).list_requests("pods");
    e.pause().await;
    e.add_pod("after-compaction");
    e.lab.cluster(0).compact();
    e.pool.resume_watchers(&e.dev).unwrap();

    // The watch opens (live), then the server's first event is the 410: re-listing.
    let mut state = e.next_state().await;
    if state == WatchState::Live {
        state = e.next_state().await;
    }
    let WatchState::Reconnecting { reason, .. } = &state else {
        panic!("expected a re-list after 410, got {state:?}");
    };
    assert!(
        reason.starts_with("lab-dev:") && reason.contains("410 Gone"),
        "{reason}"
    );
    let delta = e.next_delta().await;
    let reset = delta.reset.expect("a 410 re-lists");
    assert!(names(&reset).contains(&"after-compaction"));
    assert_eq!(e.next_state().await, WatchState::Live);
    assert!(e.lab.cluster(0).list_requests("pods") > lists);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disconnect_while_paused_leaves_no_task_and_unknown_contexts_are_named() {
    let mut e = watching().await;
    e.pause().await;
    assert_eq!(e.pool.running_watchers().len(), 1);
    assert!(e.pool.disconnect(&e.dev));
    assert_eq!(e.pool.task_count(), 0);
    assert!(e.pool.running_watchers().is_empty());
    assert!(e.pool.connection_stats().is_empty());

    for result in [
        e.pool.pause_watchers(&e.dev).map(|_| ()),
        e.pool.resume_watchers(&e.dev),
    ] {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::NotConnected { .. }), "{err:?}");
        assert_eq!(err.to_string(), "lab-dev: not connected");
    }
    let unknown = ContextId::new(e.lab.kubeconfig_path(), "no-such-context", 1);
    let err = e.pool.pause_watchers(&unknown).unwrap_err();
    assert_eq!(err.to_string(), "no-such-context: not connected");
}
