//! Churn mode changes the world at about the rate asked for, across clusters, and the
//! world stays consistent while it does: every ReplicaSet owns as many pods as it wants.

use std::collections::HashMap;
use std::time::Duration;

use kubeli_lab::{Lab, LabOptions};

fn owner_name(pod: &serde_json::Value) -> Option<String> {
    pod["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["kind"] == "ReplicaSet")
        .and_then(|r| r["name"].as_str().map(str::to_owned))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn churn_changes_objects_at_about_the_asked_rate_and_keeps_replicasets_consistent() {
    let lab = Lab::start(LabOptions {
        clusters: 2,
        pods_per_cluster: 40,
        seed: 9,
        churn: 40.0,
        ..Default::default()
    })
    .await
    .unwrap();
    let before: Vec<u64> = lab
        .clusters()
        .iter()
        .map(|c| c.resource_version())
        .collect();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after: Vec<u64> = lab
        .clusters()
        .iter()
        .map(|c| c.resource_version())
        .collect();

    // 40 changes/s for 2.5 s is ~100 changes; a scale may write several objects at once.
    let changes: u64 = after.iter().zip(&before).map(|(a, b)| a - b).sum();
    assert!(
        (50..=1000).contains(&changes),
        "{changes} writes in 2.5 s at --churn 40"
    );
    for (i, (a, b)) in after.iter().zip(&before).enumerate() {
        assert!(
            a > b,
            "cluster {i} saw no change: churn spreads over every cluster"
        );
    }

    for c in lab.clusters() {
        let mut owned: HashMap<String, u64> = HashMap::new();
        for pod in c.list("pods", None) {
            if let Some(rs) = owner_name(&pod) {
                *owned.entry(rs).or_default() += 1;
            }
        }
        for rs in c.list("replicasets", None) {
            let name = rs["metadata"]["name"].as_str().unwrap().to_owned();
            let want = rs["spec"]["replicas"].as_u64().unwrap();
            assert_eq!(
                owned.get(&name).copied().unwrap_or(0),
                want,
                "{}: replicaset {name}",
                c.name()
            );
        }
    }
    lab.stop().await;
}
