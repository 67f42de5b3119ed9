//! A network that goes silent (`Fault::Blackhole`: a laptop asleep, a VPN dropped), seen by the
//! real kubectl: an open watch gets nothing and is not closed, a new request times out, and once
//! the network is back the open watch goes on with what happened meanwhile.

mod common;

use std::time::Duration;

use common::*;
use kubeli_lab::Fault;
use serde_json::json;

/// The real kubectl watching lab-dev's pods in `web`, past its first rows.
async fn watching_web(env: &Env) -> Following {
    let rows = env.lab.cluster(0).list("pods", Some("web")).len();
    let mut watch = Following::start(env, &["get", "pods", "-n", "web", "-w", "--no-headers"]);
    for _ in 0..rows {
        watch.line("the watch's first rows").await;
    }
    watch
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_network_freezes_open_watches_and_hangs_new_requests() {
    let env = start(2, 20).await;
    let c = env.lab.cluster(0);
    let mut watch = watching_web(&env).await;
    c.set_fault(Fault::Blackhole);
    c.create("pods", json!({"metadata": {"name": "while-silent", "namespace": "web"},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]}, "status": {"phase": "Pending"}}))
        .unwrap();
    assert!(
        watch.quiet_for(Duration::from_millis(1500)).await,
        "the watch ended or got a line through a silent network"
    );
    let o = env
        .kubectl(&["get", "pods", "-n", "web", "--request-timeout", "2s"])
        .await;
    assert!(!o.ok, "a new request was answered: {}", o.stdout);
    // Lab-staging is on another network path.
    env.ok(&["--context", "lab-staging", "get", "pods", "-A"])
        .await;

    c.set_fault(Fault::None);
    let line = watch.line("the change made while silent").await;
    assert!(line.starts_with("while-silent"), "{line}");
    env.ok(&["get", "pods", "-n", "web"]).await;
}

/// A network that comes back changed (`Fault::Severed`: a VPN that reconnected with a new
/// address): the watch open through it never gets another line, even once the network is back,
/// and is not closed either; new requests are answered again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_severed_network_leaves_open_watches_silent_for_good() {
    let env = start(2, 20).await;
    let c = env.lab.cluster(0);
    let mut watch = watching_web(&env).await;
    c.set_fault(Fault::Severed);
    let o = env
        .kubectl(&["get", "pods", "-n", "web", "--request-timeout", "2s"])
        .await;
    assert!(!o.ok, "a new request was answered: {}", o.stdout);
    c.set_fault(Fault::None);
    c.create("pods", json!({"metadata": {"name": "after-severed", "namespace": "web"},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]}, "status": {"phase": "Pending"}}))
        .unwrap();
    let o = env.ok(&["get", "pods", "-n", "web", "--no-headers"]).await;
    assert!(o.stdout.contains("after-severed"), "{}", o.stdout);
    assert!(
        watch.quiet_for(Duration::from_millis(1500)).await,
        "the watch opened before the network changed ended or got a line"
    );
}
