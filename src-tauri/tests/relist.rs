//! A window that fell behind: when the event queue dropped deltas of a list, the list is
//! started again and arrives whole — for a list still watched, against a real lab cluster.

use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_app::events::{relist, EventQueue, QUEUE_LIMIT};
use kubeli_core::events::{ChannelSink, Event, ResourceDelta};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::ContextId;
use kubeli_lab::{Lab, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

/// The next full list of pods in `events`, within 10 s.
async fn next_reset(events: &mut UnboundedReceiver<Event>) -> Option<usize> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, events.recv()).await {
            Ok(Some(Event::ResourceDelta(d))) if d.kind == "pods" && d.reset.is_some() => {
                return d.reset.map(|r| r.len())
            }
            Ok(Some(_)) => {}
            _ => return None,
        }
    }
}

fn delta(context: &ContextId, namespace: Option<&str>) -> Event {
    Event::ResourceDelta(ResourceDelta {
        context: context.clone(),
        kind: "pods".into(),
        namespace: namespace.map(str::to_owned),
        reset: None,
        upserts: vec![],
        deletes: vec![],
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_whose_deltas_were_dropped_is_listed_again_whole() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 12,
        seed: 5,
        ..Default::default()
    })
    .await
    .unwrap();
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let file = lab.kubeconfig_path().to_path_buf();
    let sources = Arc::new(move || SourceInputs {
        kubeconfig_env: Some(file.clone().into()),
        home: None,
        extra: vec![],
    });
    let pool = KubeClientManager::new(sources, Arc::new(ChannelSink(tx)), PoolOptions::default());
    let context = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&context).await.unwrap();
    pool.watch(&context, "pods", None).await.unwrap();
    assert_eq!(next_reset(&mut events).await, Some(12), "the first list");

    // The page took nothing for a while: one delta too many for the queue, of the watched
    // list and of a namespace's list nobody watches.
    let queue = EventQueue::default();
    queue.push(delta(&context, None));
    queue.push(delta(&context, Some("team-a")));
    for _ in 0..QUEUE_LIMIT {
        queue.push(delta(&context, None));
    }
    let taken = queue.take();
    assert_eq!(taken.events.len(), QUEUE_LIMIT);
    assert_eq!(taken.relist.len(), 2, "both lists lost a delta");

    assert_eq!(
        relist(&pool, taken.relist).await,
        1,
        "only the watched list is started again"
    );
    assert_eq!(
        next_reset(&mut events).await,
        Some(12),
        "the list arrives whole again"
    );
    assert_eq!(
        pool.running_watchers().len(),
        1,
        "it replaced its watch, none added"
    );
}
