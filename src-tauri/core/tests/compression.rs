//! Large answers arrive gzip-encoded, as kubectl gets them from a real API server: the pool's
//! clients ask for gzip unless the kubeconfig's cluster says `disable-compression: true`,
//! decode it, and a watch of every pod still lists every pod.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{kubeconfig, options, pool, token_user, wait_for};
use kubeli_core::events::Event;
use kubeli_core::ContextId;
use kubeli_lab::{Lab, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

const PODS: usize = 1_200;

/// Waits until `context`'s pods watch has listed every pod (its deltas, in any batching).
async fn lists_every_pod(events: &mut UnboundedReceiver<Event>, context: &ContextId) {
    let mut pods = HashSet::new();
    wait_for(
        events,
        "every pod in the watch's deltas",
        Duration::from_secs(20),
        |ev| match ev {
            Event::ResourceDelta(d) if &d.context == context && d.kind == "pods" => {
                let key = |p: &serde_json::Value| {
                    format!("{}/{}", p["metadata"]["namespace"], p["metadata"]["name"])
                };
                if let Some(all) = &d.reset {
                    pods.clear();
                    pods.extend(all.iter().map(key));
                }
                pods.extend(d.upserts.iter().map(key));
                (pods.len() == PODS).then_some(())
            }
            _ => None,
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_arrive_gzip_encoded_unless_the_kubeconfig_opts_out() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: PODS,
        seed: 21,
        ..Default::default()
    })
    .await
    .expect("lab starts");
    let cluster = lab.cluster(0);
    let dir = tempfile::tempdir().unwrap();
    let opted_out = kubeconfig(
        dir.path(),
        &lab,
        "plain",
        token_user(&lab),
        serde_json::json!({"disable-compression": true}),
    );
    let (pool, mut events) = pool(&[lab.kubeconfig_path(), &opted_out], options());

    // Every pod, listed in pages of 500 (each over the server's 128 KiB), as the pods view does.
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    pool.watch(&dev, "pods", None).await.unwrap();
    lists_every_pod(&mut events, &dev).await;
    let sent = cluster.compressed();
    assert!(sent.responses >= 3, "the pages came gzip-encoded: {sent:?}");
    assert!(sent.sent_bytes * 3 < sent.plain_bytes, "{sent:?}");

    // The same cluster through a kubeconfig that opts out: the same pods, nothing compressed.
    let plain = ContextId::new(&opted_out, "plain", 1);
    pool.connect(&plain).await.unwrap();
    pool.watch(&plain, "pods", None).await.unwrap();
    lists_every_pod(&mut events, &plain).await;
    assert_eq!(cluster.compressed(), sent);
    // The connection log says so (what `kubeli doctor` and the Connections panel show).
    let built = |id: &ContextId| {
        let log = pool.connection_log(id);
        log.iter()
            .find(|s| s.step == "build the client")
            .and_then(|s| s.detail.clone())
            .unwrap()
    };
    assert!(
        built(&plain).ends_with(", answers uncompressed (disable-compression)"),
        "{}",
        built(&plain)
    );
    assert!(!built(&dev).contains("uncompressed"), "{}", built(&dev));
}
