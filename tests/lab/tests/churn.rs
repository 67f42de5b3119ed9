//! Churn mode changes the world at about the rate asked for, across clusters, and the
//! world stays consistent while it does: every ReplicaSet owns as many pods as it wants.

use std::collections::HashMap;
use std::time::Duration;

use kubeli_lab::{Lab, LabOptions};

mod common;

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

/// `POST /churn` starts churn on the named clusters only, at about the asked rate, and
/// `DELETE /churn` stops it: the benchmark's event storm is switched at run time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn churn_is_started_and_stopped_through_the_control_endpoint() {
    let lab = Lab::start(LabOptions {
        clusters: 3,
        pods_per_cluster: 40,
        seed: 9,
        ..Default::default()
    })
    .await
    .unwrap();
    let url = lab.start_control().await.unwrap();
    let rvs = || -> Vec<u64> {
        lab.clusters()
            .iter()
            .map(|c| c.resource_version())
            .collect()
    };
    let (code, _) = common::http(&url, "POST", "/churn", r#"{"per_sec":0}"#).await;
    assert_eq!(code, 400, "a zero rate is refused");
    let (code, _) = common::http(
        &url,
        "POST",
        "/churn",
        r#"{"per_sec":5,"clusters":["nope"]}"#,
    )
    .await;
    assert_eq!(code, 404, "an unknown cluster is refused");

    let before = rvs();
    let (code, body) = common::http(
        &url,
        "POST",
        "/churn",
        r#"{"per_sec":80,"clusters":["lab-dev","prod"]}"#,
    )
    .await;
    assert_eq!(code, 200, "{body}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let during = rvs();
    assert!(
        during[0] > before[0] && during[2] > before[2],
        "{before:?} -> {during:?}"
    );
    assert_eq!(during[1], before[1], "lab-staging was not named: untouched");
    let changes: u64 = during.iter().zip(&before).map(|(a, b)| a - b).sum();
    assert!(
        (60..=1200).contains(&changes),
        "{changes} writes in 1.5 s at 80/s"
    );

    let (code, _) = common::http(&url, "DELETE", "/churn", "").await;
    assert_eq!(code, 200);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = rvs();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(rvs(), stopped, "no change after DELETE /churn");
    lab.stop().await;
}
