//! A kube-rs reflector over pods survives dropped watches and a forced 410, and converges to exactly the lab's state.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Pod;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::runtime::{reflector, watcher, WatchStreamExt};
use kube::{Api, Client, Config};
use kubeli_lab::{Fault, LabOptions};
use serde_json::json;

fn snapshot(reader: &reflector::Store<Pod>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = reader
        .state()
        .iter()
        .map(|p| {
            (
                format!(
                    "{}/{}",
                    p.metadata.namespace.clone().unwrap_or_default(),
                    p.metadata.name.clone().unwrap_or_default()
                ),
                p.metadata.resource_version.clone().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

async fn converge(reader: &reflector::Store<Pod>, c: &kubeli_lab::ClusterHandle, what: &str) {
    for _ in 0..300 {
        if snapshot(reader) == c.list_versions("pods") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{what}: reflector did not converge:\nreflector {:?}\nlab {:?}",
        snapshot(reader).len(),
        c.list_versions("pods").len()
    );
}

fn new_pod(i: usize) -> serde_json::Value {
    json!({"metadata": {"name": format!("extra-{i}"), "namespace": "web", "labels": {"app": "extra"}},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]}, "status": {"phase": "Pending"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflector_survives_drops_and_410() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let env = common::start_with(LabOptions {
        clusters: 1,
        pods_per_cluster: 40,
        seed: 7,
        bookmark_interval: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let c = env.lab.cluster(0);
    let kc = Kubeconfig::read_from(env.lab.kubeconfig_path()).unwrap();
    let cfg = Config::from_custom_kubeconfig(
        kc,
        &KubeConfigOptions {
            context: Some("lab-dev".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let client = Client::try_from(cfg).unwrap();
    let (reader, writer) = reflector::store::<Pod>();
    let inits = Arc::new(AtomicUsize::new(0));
    let inits2 = inits.clone();
    let cfg = watcher::Config::default();
    let stream = watcher(Api::<Pod>::all(client), cfg)
        .default_backoff()
        .reflect(writer)
        .for_each(move |ev| {
            if let Ok(watcher::Event::Init) = ev {
                inits2.fetch_add(1, Ordering::SeqCst);
            }
            futures::future::ready(())
        });
    let task = tokio::spawn(stream);
    tokio::time::timeout(Duration::from_secs(10), reader.wait_until_ready())
        .await
        .unwrap()
        .unwrap();
    converge(&reader, &c, "initial list").await;

    // Watches are cut after 2 events each: the watcher must resume without losing anything.
    c.set_fault(Fault::DropWatchesAfter { events: 2 });
    for i in 0..6 {
        c.create("pods", new_pod(i)).unwrap();
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    c.set_pod_phase("web", "extra-0", "Running").unwrap();
    c.delete("pods", "web", "extra-1").unwrap();
    c.scale("deployments", "web", "frontend", 4).unwrap();
    converge(&reader, &c, "after dropped watches").await;

    // Forced 410: open watches get an Expired error, history is compacted; the watcher must relist.
    let before = inits.load(Ordering::SeqCst);
    c.set_fault(Fault::ExpireResourceVersions);
    for i in 6..9 {
        c.create("pods", new_pod(i)).unwrap();
    }
    c.delete("pods", "web", "extra-2").unwrap();
    converge(&reader, &c, "after 410").await;
    common::eventually("a relist after 410", || {
        inits.load(Ordering::SeqCst) > before
    })
    .await;

    c.set_fault(Fault::None);
    c.scale("deployments", "web", "frontend", 1).unwrap();
    c.set_pod_phase("web", "extra-3", "Failed").unwrap();
    converge(&reader, &c, "after healing").await;
    assert!(c
        .list_versions("pods")
        .iter()
        .any(|(n, _)| n == "web/extra-8"));
    task.abort();
}
