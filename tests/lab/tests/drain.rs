//! The real `kubectl drain` against the lab: it finds the Eviction subresource in discovery,
//! evicts the node's pods (their ReplicaSets replace them on other nodes, cordoned nodes take
//! none), leaves DaemonSet pods, and a stale resourceVersion in a patch answers 409.

mod common;

use common::*;
use serde_json::{json, Value};

fn on_node(c: &kubeli_lab::ClusterHandle, node: &str) -> Vec<Value> {
    c.list("pods", None)
        .into_iter()
        .filter(|p| p["spec"]["nodeName"] == node)
        .collect()
}

fn owner(p: &Value) -> &str {
    p["metadata"]["ownerReferences"][0]["kind"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_drain_evicts_through_the_eviction_subresource() {
    let env = start(1, 30).await;
    let c = env.lab.cluster(0);
    let o = env.ok(&["api-resources", "--no-headers"]).await;
    assert!(!o.stdout.is_empty());
    let node = c
        .list("nodes", None)
        .iter()
        .map(|n| n["metadata"]["name"].as_str().unwrap().to_owned())
        .find(|n| {
            let pods = on_node(&c, n);
            pods.iter().any(|p| owner(p) == "ReplicaSet")
                && pods.iter().all(|p| !owner(p).is_empty())
        })
        .expect("a node with only managed pods, some of a ReplicaSet");
    let daemon = on_node(&c, &node)
        .iter()
        .filter(|p| owner(p) == "DaemonSet")
        .count();
    let total = c.pod_count();
    let o = env
        .ok(&[
            "drain",
            &node,
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=20s",
        ])
        .await;
    assert!(o.stdout.contains("drained"), "{}", o.stdout);
    assert!(
        o.stderr.contains("evicting pod") || o.stdout.contains("evicted"),
        "{}\n{}",
        o.stdout,
        o.stderr
    );
    let left = on_node(&c, &node);
    assert_eq!(left.len(), daemon);
    assert!(left.iter().all(|p| owner(p) == "DaemonSet"));
    assert_eq!(c.pod_count(), total, "every evicted pod was replaced");
    assert_eq!(
        c.get("nodes", "", &node).unwrap()["spec"]["unschedulable"],
        json!(true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patch_with_a_stale_resource_version_answers_409() {
    let env = start(1, 10).await;
    let c = env.lab.cluster(0);
    c.create(
        "configmaps",
        json!({"metadata": {"name": "cfg", "namespace": "default"}, "data": {"a": "1"}}),
    )
    .unwrap();
    let rv = c.get("configmaps", "default", "cfg").unwrap()["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_owned();
    c.patch("configmaps", "default", "cfg", json!({"data": {"a": "2"}}))
        .unwrap();
    let stale = format!(r#"{{"metadata":{{"resourceVersion":"{rv}"}},"data":{{"a":"3"}}}}"#);
    let o = env
        .kubectl(&[
            "patch",
            "configmap",
            "cfg",
            "-n",
            "default",
            "--type=merge",
            "-p",
            &stale,
        ])
        .await;
    assert!(!o.ok, "a stale patch must fail");
    assert!(
        o.stderr.contains("Conflict") || o.stderr.contains("has been modified"),
        "{}",
        o.stderr
    );
    assert_eq!(
        c.get("configmaps", "default", "cfg").unwrap()["data"]["a"],
        "2"
    );
}
