//! Tiny controllers that keep the simulated world consistent: deployment → replicaset → pods, statefulset → pods, garbage collection on delete.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::resources::ids::*;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::{ApiError, Store, StoredObj};
use crate::util::{now_secs, rfc3339, Rng};

pub use crate::pod::{build_pod, Health};

/// The pod template-hash label value of a template.
pub fn template_hash(template: &Value) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in serde_json::to_vec(template).unwrap_or_default() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    Rng::new(h).suffix(10)
}

/// An ownerReference pointing at `owner`.
pub fn owner_ref(owner: &Value) -> Value {
    json!({"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true})
}

/// The nodes new pods may go to: cordoned (`spec.unschedulable`) nodes take none.
fn node_names(store: &Store) -> Vec<String> {
    store
        .list(
            NODES,
            None,
            &LabelSelector::default(),
            &FieldSelector::default(),
        )
        .iter()
        .filter(|n| n.value()["spec"]["unschedulable"] != json!(true))
        .map(|n| n.name.clone())
        .collect()
}

fn owned(store: &Store, res: usize, ns: &str, uid: &str) -> Vec<Arc<StoredObj>> {
    store
        .list(
            res,
            Some(ns),
            &LabelSelector::default(),
            &FieldSelector::default(),
        )
        .into_iter()
        .filter(|o| o.owners.iter().any(|u| u == uid))
        .collect()
}

fn pod_ready(p: &Value) -> bool {
    p["status"]["phase"] == "Running"
        && p["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|c| c["ready"] == json!(true)))
}

fn update_if_changed(store: &mut Store, res: usize, old: &Value, new: Value) {
    if *old != new {
        let _ = store.update(res, new);
    }
}

/// Makes the pods of a ReplicaSet match its replicas; `seeding` draws varied pod health.
pub fn reconcile_replicaset(store: &mut Store, rng: &mut Rng, ns: &str, name: &str, seeding: bool) {
    let Some(rs) = store.get(REPLICASETS, ns, name) else {
        return;
    };
    let rsv = rs.value();
    let desired = rsv["spec"]["replicas"].as_u64().unwrap_or(1) as usize;
    let mut pods = owned(store, PODS, ns, &rs.uid);
    let nodes = node_names(store);
    let now = now_secs();
    while pods.len() < desired {
        let pname = loop {
            let n = format!("{name}-{}", rng.suffix(5));
            if store.get(PODS, ns, &n).is_none() {
                break n;
            }
        };
        let node = (!nodes.is_empty()).then(|| rng.pick(&nodes).clone());
        let health = if seeding {
            Health::random(rng)
        } else {
            Health::Running
        };
        let created = if seeding {
            parse_created(&rsv).unwrap_or(now) + rng.range(0, 600) as i64
        } else {
            now
        };
        let node = if health == Health::Pending && rng.chance(50) {
            None
        } else {
            node
        };
        let pod = build_pod(
            rng,
            ns,
            &pname,
            &rsv["spec"]["template"],
            Some(&rsv),
            node.as_deref(),
            health,
            created.min(now),
        );
        match store.create(PODS, pod) {
            Ok(p) => pods.push(p),
            Err(_) => break,
        }
    }
    while pods.len() > desired {
        if let Some(p) = pods.pop() {
            let _ = store.delete(PODS, ns, &p.name);
        }
    }
    let values: Vec<Value> = pods.iter().map(|p| p.value()).collect();
    let ready = values.iter().filter(|p| pod_ready(p)).count();
    let Some(rs) = store.get(REPLICASETS, ns, name) else {
        return;
    };
    let old = rs.value();
    let mut new = old.clone();
    new["status"] = json!({"replicas": pods.len(), "fullyLabeledReplicas": pods.len(), "readyReplicas": ready,
        "availableReplicas": ready, "observedGeneration": old["metadata"]["generation"]});
    update_if_changed(store, REPLICASETS, &old, new);
}

fn parse_created(v: &Value) -> Option<i64> {
    crate::util::parse_rfc3339(v["metadata"]["creationTimestamp"].as_str()?)
}

/// Creates the ReplicaSet `rs_name` for the current template of deployment `depv`.
fn new_replicaset(
    store: &mut Store,
    depv: &Value,
    ns: &str,
    rs_name: &str,
    hash: &str,
    revision: u64,
    seeding: bool,
) -> Option<Arc<StoredObj>> {
    let replicas = depv["spec"]["replicas"].as_u64().unwrap_or(1);
    let mut template = depv["spec"]["template"].clone();
    template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
    let mut labels = template["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({});
    }
    let mut selector = depv["spec"]["selector"].clone();
    selector["matchLabels"]["pod-template-hash"] = json!(hash);
    let created = if seeding {
        parse_created(depv).unwrap_or_else(now_secs)
    } else {
        now_secs()
    };
    let rs = json!({"apiVersion":"apps/v1","kind":"ReplicaSet",
        "metadata":{"name": rs_name, "namespace": ns, "labels": labels, "creationTimestamp": rfc3339(created),
            "annotations":{"deployment.kubernetes.io/desired-replicas": replicas.to_string(),
                "deployment.kubernetes.io/max-replicas": (replicas + 1).to_string(),
                "deployment.kubernetes.io/revision": revision.to_string()},
            "ownerReferences":[owner_ref(depv)]},
        "spec":{"replicas": 0, "selector": selector, "template": template}});
    store.create(REPLICASETS, rs).ok()
}

/// A deployment's status from its replica counts.
fn deployment_status(
    old: &Value,
    replicas: u64,
    total: u64,
    updated: u64,
    ready: u64,
    rs_name: &str,
) -> Value {
    let created = old["metadata"]["creationTimestamp"].clone();
    let avail = if ready >= replicas.saturating_sub(replicas / 4) {
        "True"
    } else {
        "False"
    };
    let mut status = json!({"observedGeneration": old["metadata"]["generation"], "replicas": total,
        "updatedReplicas": updated, "readyReplicas": ready, "availableReplicas": ready,
        "conditions":[
            {"type":"Available","status": avail,"reason": if avail == "True" {"MinimumReplicasAvailable"} else {"MinimumReplicasUnavailable"},
             "message": if avail == "True" {"Deployment has minimum availability."} else {"Deployment does not have minimum availability."},
             "lastUpdateTime": created, "lastTransitionTime": created},
            {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable",
             "message": format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
             "lastUpdateTime": created, "lastTransitionTime": created}]});
    if total > ready {
        status["unavailableReplicas"] = json!(total - ready);
    }
    status
}

/// Rolls a Deployment: ensures the ReplicaSet of the current template has all replicas, old ones none; updates status.
pub fn reconcile_deployment(store: &mut Store, rng: &mut Rng, ns: &str, name: &str, seeding: bool) {
    let Some(dep) = store.get(DEPLOYMENTS, ns, name) else {
        return;
    };
    let depv = dep.value();
    let replicas = depv["spec"]["replicas"].as_u64().unwrap_or(1);
    let hash = template_hash(&depv["spec"]["template"]);
    let rs_name = format!("{name}-{hash}");
    let mut rses = owned(store, REPLICASETS, ns, &dep.uid);
    let revision = rses.len() as u64 + 1;
    if !rses.iter().any(|r| r.name == rs_name) {
        let created = new_replicaset(store, &depv, ns, &rs_name, &hash, revision, seeding);
        rses.extend(created);
    }
    let mut total = 0u64;
    let mut updated = 0u64;
    let mut ready = 0u64;
    for rs in &rses {
        let want = if rs.name == rs_name { replicas } else { 0 };
        let v = rs.value();
        if v["spec"]["replicas"].as_u64() != Some(want) {
            let mut n = v.clone();
            n["spec"]["replicas"] = json!(want);
            n["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
                json!(replicas.to_string());
            let _ = store.update(REPLICASETS, n);
        }
        reconcile_replicaset(store, rng, ns, &rs.name, seeding);
        if let Some(r) = store.get(REPLICASETS, ns, &rs.name) {
            let st = &r.value()["status"];
            let c = st["replicas"].as_u64().unwrap_or(0);
            total += c;
            ready += st["readyReplicas"].as_u64().unwrap_or(0);
            if rs.name == rs_name {
                updated += c;
            }
        }
    }
    let Some(dep) = store.get(DEPLOYMENTS, ns, name) else {
        return;
    };
    let old = dep.value();
    let mut new = old.clone();
    new["status"] = deployment_status(&old, replicas, total, updated, ready, &rs_name);
    new["metadata"]["annotations"]["deployment.kubernetes.io/revision"] =
        json!(revision.max(1).to_string());
    if let Some(rs) = store.get(REPLICASETS, ns, &rs_name) {
        if let Some(r) =
            rs.value()["metadata"]["annotations"]["deployment.kubernetes.io/revision"].as_str()
        {
            new["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = json!(r);
        }
    }
    update_if_changed(store, DEPLOYMENTS, &old, new);
}

/// Makes a StatefulSet's ordinal pods match its replicas; updates status.
pub fn reconcile_statefulset(
    store: &mut Store,
    rng: &mut Rng,
    ns: &str,
    name: &str,
    seeding: bool,
) {
    let Some(sts) = store.get(STATEFULSETS, ns, name) else {
        return;
    };
    let v = sts.value();
    let replicas = v["spec"]["replicas"].as_u64().unwrap_or(1) as usize;
    let nodes = node_names(store);
    let now = now_secs();
    let existing = owned(store, PODS, ns, &sts.uid);
    for p in &existing {
        let ord = p
            .name
            .rsplit('-')
            .next()
            .and_then(|x| x.parse::<usize>().ok());
        if ord.is_none_or(|o| o >= replicas) {
            let _ = store.delete(PODS, ns, &p.name);
        }
    }
    for i in 0..replicas {
        let pname = format!("{name}-{i}");
        if store.get(PODS, ns, &pname).is_none() {
            let node = (!nodes.is_empty()).then(|| nodes[i % nodes.len()].clone());
            let health = if seeding && i > 0 {
                Health::random(rng)
            } else {
                Health::Running
            };
            let created = if seeding {
                parse_created(&v).unwrap_or(now) + 30 * i as i64
            } else {
                now
            };
            let mut template = v["spec"]["template"].clone();
            template["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] = json!(pname);
            let mut pod = build_pod(
                rng,
                ns,
                &pname,
                &template,
                Some(&v),
                node.as_deref(),
                health,
                created.min(now),
            );
            pod["spec"]["hostname"] = json!(pname);
            let _ = store.create(PODS, pod);
        }
    }
    let pods: Vec<Value> = owned(store, PODS, ns, &sts.uid)
        .iter()
        .map(|p| p.value())
        .collect();
    let ready = pods.iter().filter(|p| pod_ready(p)).count();
    let Some(sts) = store.get(STATEFULSETS, ns, name) else {
        return;
    };
    let old = sts.value();
    let mut new = old.clone();
    new["status"] = json!({"replicas": pods.len(), "readyReplicas": ready, "currentReplicas": pods.len(),
        "updatedReplicas": pods.len(), "availableReplicas": ready, "observedGeneration": old["metadata"]["generation"]});
    update_if_changed(store, STATEFULSETS, &old, new);
}

/// Runs the controller for whatever kind `res` is (after a create/update/scale).
pub fn reconcile(store: &mut Store, rng: &mut Rng, res: usize, ns: &str, name: &str) {
    match res {
        DEPLOYMENTS => reconcile_deployment(store, rng, ns, name, false),
        REPLICASETS => {
            reconcile_replicaset(store, rng, ns, name, false);
            reconcile_owner_of(store, rng, REPLICASETS, ns, name);
        }
        STATEFULSETS => reconcile_statefulset(store, rng, ns, name, false),
        _ => {}
    }
}

fn reconcile_owner_of(store: &mut Store, rng: &mut Rng, _res: usize, ns: &str, name: &str) {
    let Some(rs) = store.get(REPLICASETS, ns, name) else {
        return;
    };
    let v = rs.value();
    if let Some(o) = v["metadata"]["ownerReferences"].get(0) {
        if o["kind"] == "Deployment" {
            if let Some(d) = o["name"].as_str() {
                reconcile_deployment(store, rng, ns, d, false);
            }
        }
    }
}

/// Deletes an object, garbage-collects its dependents, and lets the owning controller react
/// (a deleted pod of a ReplicaSet/StatefulSet is replaced, as in a real cluster).
pub fn delete(
    store: &mut Store,
    rng: &mut Rng,
    res: usize,
    ns: &str,
    name: &str,
) -> Result<Arc<StoredObj>, ApiError> {
    let owner = store.get(res, ns, name).and_then(|o| {
        let v = o.value();
        let r = &v["metadata"]["ownerReferences"][0];
        Some((
            r["kind"].as_str()?.to_string(),
            r["name"].as_str()?.to_string(),
        ))
    });
    let obj = store.delete(res, ns, name)?;
    let mut queue = vec![obj.uid.clone()];
    while let Some(uid) = queue.pop() {
        for (r, n, nm) in store.dependents(&uid) {
            if let Ok(o) = store.delete(r, &n, &nm) {
                queue.push(o.uid.clone());
            }
        }
    }
    if res == NAMESPACES {
        for (r, nm) in store.in_namespace(name) {
            let _ = store.delete(r, name, &nm);
        }
    }
    if res == PODS {
        match owner {
            Some((k, o)) if k == "ReplicaSet" => reconcile(store, rng, REPLICASETS, ns, &o),
            Some((k, o)) if k == "StatefulSet" => reconcile(store, rng, STATEFULSETS, ns, &o),
            _ => {}
        }
    }
    Ok(obj)
}
