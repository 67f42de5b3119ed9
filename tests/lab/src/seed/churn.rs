//! Churn: a steady stream of realistic changes (scaling, restarts, crash loops, events).

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::event_json;
use crate::cluster::{lock, ClusterState, Shared};
use crate::mutate::Tx;
use crate::resources::ids::*;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::StoredObj;
use crate::util::{now_secs, rfc3339, Rng};

/// Runs churn forever: about `per_sec` changes per second spread over `clusters`.
pub async fn churn(clusters: Vec<Shared>, per_sec: f64, seed: u64) {
    if clusters.is_empty() || per_sec <= 0.0 {
        return;
    }
    let mut rng = Rng::new(seed ^ 0xC4_0C4);
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let mut acc = 0.0f64;
    let targets: Vec<usize> = clusters
        .iter()
        .map(|c| lock(&c.store).count(PODS))
        .collect();
    loop {
        tick.tick().await;
        acc += per_sec * 0.05;
        while acc >= 1.0 {
            acc -= 1.0;
            let ci = rng.below(clusters.len() as u64) as usize;
            churn_one(&clusters[ci], &mut rng, targets[ci]);
        }
    }
}

/// One random change in one cluster: scale a deployment (15 %), add an event (15 %), or
/// restart a running pod's first container, sometimes into CrashLoopBackOff.
pub fn churn_one(state: &Arc<ClusterState>, rng: &mut Rng, target_pods: usize) {
    if state.faults().down {
        return;
    }
    let mut tx = Tx::begin(state);
    let roll = rng.below(100);
    if roll < 15 {
        scale_one(&mut tx, rng, target_pods);
        return;
    }
    let pods = tx.store.list(
        PODS,
        None,
        &LabelSelector::default(),
        &FieldSelector::default(),
    );
    if pods.is_empty() {
        return;
    }
    let p = pods[rng.below(pods.len() as u64) as usize].clone();
    if roll < 30 {
        event_one(&mut tx, rng, &p);
    } else {
        restart_one(&mut tx, &p, roll);
    }
}

/// Scales a random deployment one step towards the cluster's pod target.
fn scale_one(tx: &mut Tx, rng: &mut Rng, target_pods: usize) {
    let deps = tx.store.list(
        DEPLOYMENTS,
        None,
        &LabelSelector::default(),
        &FieldSelector::default(),
    );
    if deps.is_empty() {
        return;
    }
    let d = &deps[rng.below(deps.len() as u64) as usize];
    let mut v = d.value();
    let cur = v["spec"]["replicas"].as_u64().unwrap_or(1);
    let next = if tx.store.count(PODS) > target_pods {
        cur.saturating_sub(1).max(1)
    } else {
        cur + 1
    };
    if next == cur {
        return;
    }
    v["spec"]["replicas"] = json!(next);
    let _ = tx.update(DEPLOYMENTS, v);
}

/// A kubelet event about pod `p`; the oldest event goes once there are more than 3,000.
fn event_one(tx: &mut Tx, rng: &mut Rng, p: &StoredObj) {
    let ename = format!("{}.{:016x}", p.name, rng.next_u64());
    let (ty, reason, msg) = *rng.pick(&[
        (
            "Normal",
            "Pulled",
            "Container image already present on machine",
        ),
        (
            "Warning",
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
        ),
        ("Normal", "Killing", "Stopping container"),
    ]);
    let v = p.value();
    let node = v["spec"]["nodeName"].as_str().unwrap_or("").to_string();
    let ev = event_json(
        &ename,
        &p.namespace,
        &p.name,
        &p.uid,
        ty,
        reason,
        msg,
        "kubelet",
        &node,
        now_secs(),
    );
    let _ = tx.create(EVENTS, ev);
    if tx.store.count(EVENTS) > 3000 {
        let all = (LabelSelector::default(), FieldSelector::default());
        let evs = tx.store.list(EVENTS, None, &all.0, &all.1);
        if let Some(e) = evs.first() {
            let _ = tx.delete(EVENTS, &e.namespace, &e.name);
        }
    }
}

/// Restarts a running pod's first container: healthy again (roll < 75 or it was waiting),
/// else into CrashLoopBackOff; readiness conditions follow.
fn restart_one(tx: &mut Tx, p: &StoredObj, roll: u64) {
    let mut v = p.value();
    if v["status"]["phase"] != "Running" {
        return;
    }
    let Some(cs) = v["status"]["containerStatuses"].get_mut(0) else {
        return;
    };
    let restarts = cs["restartCount"].as_u64().unwrap_or(0);
    cs["restartCount"] = json!(restarts + 1);
    if roll < 75 || cs["state"]["waiting"].is_object() {
        cs["state"] = json!({"running": {"startedAt": rfc3339(now_secs())}});
        cs["ready"] = json!(true);
        cs["lastState"] = json!({"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": rfc3339(now_secs())}});
    } else {
        cs["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed container"}});
        cs["ready"] = json!(false);
    }
    let ready = v["status"]["containerStatuses"]
        .as_array()
        .is_some_and(|a| a.iter().all(|c| c["ready"] == json!(true)));
    if let Some(conds) = v["status"]["conditions"].as_array_mut() {
        for c in conds.iter_mut() {
            if c["type"] == "Ready" || c["type"] == "ContainersReady" {
                c["status"] = json!(if ready { "True" } else { "False" });
                c["lastTransitionTime"] = json!(rfc3339(now_secs()));
            }
        }
    }
    let _ = tx.update(PODS, v);
}
