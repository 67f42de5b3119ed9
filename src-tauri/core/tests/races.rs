//! Races in the connection pool, each landed deterministically at its window through the
//! pool's pause points (feature `test-hooks`) or the lab's `HangAfterConnect` fault, never
//! by sleeping and hoping: a cancel after the connection was published, a disconnect while
//! a watch is being registered, and a panic inside a connect.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::FutureExt;
use kubeli_core::error::{Error, ErrorKind};
use kubeli_core::events::Event;
use kubeli_core::pool::{KubeClientManager, PausePoint};
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use tokio::sync::{oneshot, Notify};

fn dev(lab: &kubeli_lab::Lab) -> ContextId {
    ContextId::new(lab.kubeconfig_path(), "lab-dev", 1)
}

/// Pause the first connect of `context` at `at` until `release` is notified; `reached`
/// fires when it gets there. Later connects pass through.
fn pause_once(
    pool: &KubeClientManager,
    at: PausePoint,
    reached: oneshot::Sender<()>,
    release: Arc<Notify>,
) {
    let armed = Arc::new(AtomicBool::new(true));
    let reached = Arc::new(std::sync::Mutex::new(Some(reached)));
    pool.set_pause_hook(Arc::new(move |point, _| {
        let hit = point == at && armed.swap(false, Ordering::SeqCst);
        let reached = Arc::clone(&reached);
        let release = Arc::clone(&release);
        async move {
            if hit {
                if let Some(tx) = reached.lock().unwrap().take() {
                    let _ = tx.send(());
                }
                release.notified().await;
            }
        }
        .boxed()
    }));
}

/// Wait until `cond` holds, polling; the tasks it checks end asynchronously after an abort.
async fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_after_the_connection_was_published_tears_it_down_fully() {
    let lab = common::lab(2).await;
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = dev(&lab);
    let (reached_tx, reached) = oneshot::channel();
    let release = Arc::new(Notify::new());
    pause_once(
        &pool,
        PausePoint::Published,
        reached_tx,
        Arc::clone(&release),
    );

    let p = Arc::clone(&pool);
    let c = id.clone();
    let pending = tokio::spawn(async move { p.connect(&c).await });
    reached
        .await
        .expect("the connect reaches its published point");
    // The window: the connection is published with its tasks running, the attempt is not over.
    let conn = pool.connection(&id).expect("published");
    assert!(!conn.running_tasks().is_empty());

    assert!(pool.cancel_connect(&id), "the attempt was still in flight");
    release.notify_one();
    let err = pending.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Cancelled { .. }), "{err:?}");
    // Fully torn down: not in the pool, no task left running, the UI told.
    assert!(pool.connection(&id).is_none());
    assert!(pool.connected().is_empty());
    assert!(conn.is_closed());
    eventually("the connection's tasks ended", || {
        conn.running_tasks().is_empty()
    })
    .await;
    common::wait_for(&mut events, "Disconnected", Duration::from_secs(5), |e| {
        matches!(e, Event::Disconnected { context } if *context == id).then_some(())
    })
    .await;
    // And the context connects again, to a working connection.
    pool.connect(&id).await.expect("connects again");
    pool.list(&id, "pods", None, Some(5), None).await.unwrap();
    assert!(!pool.connection(&id).unwrap().is_closed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_of_a_finished_connect_leaves_the_connection_alone() {
    let lab = common::lab(1).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = dev(&lab);
    pool.connect(&id).await.unwrap();
    assert!(!pool.cancel_connect(&id), "nothing was in flight");
    let conn = pool.connection(&id).expect("still connected");
    assert!(!conn.is_closed());
    pool.list(&id, "pods", None, Some(5), None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disconnect_while_a_watch_registers_leaves_no_watch_behind() {
    let lab = common::lab(2).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = dev(&lab);
    let other = ContextId::new(lab.kubeconfig_path(), "lab-staging", 1);
    pool.connect(&id).await.unwrap();
    pool.connect(&other).await.unwrap();
    let conn = pool.connection(&id).unwrap();

    // The watch's first list is held by the server: the watch is between looking up its
    // connection and registering its task.
    lab.cluster(0).set_fault(Fault::HangAfterConnect);
    let p = Arc::clone(&pool);
    let c = id.clone();
    let watching = tokio::spawn(async move { p.watch(&c, "pods", Some("default")).await });
    eventually("the watch's list is held", || {
        lab.cluster(0).held_requests("/pods") > 0
    })
    .await;

    assert!(pool.disconnect(&id));
    lab.cluster(0).set_fault(Fault::None); // the list completes now
    let err = watching.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotConnected, "{err:?}");
    assert!(err.to_string().starts_with("lab-dev:"), "{err}");
    // Nothing runs under the dead connection (the test still holds it, so Drop did not help).
    eventually("no task of the disconnected context runs", || {
        conn.running_tasks().is_empty()
    })
    .await;
    assert!(pool.connection(&id).is_none());
    // The other cluster is untouched and can still watch.
    pool.watch(&other, "pods", Some("default")).await.unwrap();
    assert!(pool.connection(&other).unwrap().running_tasks().len() >= 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_a_connect_leaves_the_context_connectable() {
    for at in [PausePoint::Resolved, PausePoint::Published] {
        let lab = common::lab(1).await;
        let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
        let id = dev(&lab);
        let armed = Arc::new(AtomicBool::new(true));
        pool.set_pause_hook(Arc::new(move |point, context| {
            let hit = point == at && armed.swap(false, Ordering::SeqCst);
            async move {
                assert!(
                    !hit,
                    "injected panic in the connect of {context} at {point:?}"
                );
            }
            .boxed()
        }));

        let err = pool.connect(&id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Internal, "{at:?}: {err:?}");
        assert!(err.to_string().starts_with("lab-dev:"), "{err}");
        // No stuck attempt, no half-made connection: the next connect works.
        assert!(pool.connection(&id).is_none(), "{at:?}");
        assert!(
            !pool.cancel_connect(&id),
            "{at:?}: an attempt stayed behind"
        );
        let info = tokio::time::timeout(Duration::from_secs(10), pool.connect(&id))
            .await
            .expect("the second connect does not hang")
            .expect("the second connect succeeds");
        assert_eq!(info.context, id);
        pool.list(&id, "pods", None, Some(5), None).await.unwrap();
    }
}
