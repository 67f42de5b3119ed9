//! Generated pods: how a pod built from a template looks in each [`Health`] state (container
//! statuses, conditions, IPs), as the controllers and the seeding create them.

use serde_json::{json, Value};

use crate::controller::owner_ref;
use crate::util::{rfc3339, Rng};

/// How a generated pod looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Running and ready.
    Running,
    /// Running, ready, restarted a few times.
    Restarted(u32),
    /// Pending, containers creating.
    Pending,
    /// Running phase, container waiting in CrashLoopBackOff.
    CrashLoop(u32),
    /// Failed (Error).
    Failed,
    /// Succeeded (Completed).
    Succeeded,
}

impl Health {
    /// The distribution used while seeding: mostly Running.
    pub fn random(rng: &mut Rng) -> Health {
        match rng.below(100) {
            0..=84 => Health::Running,
            85..=90 => Health::Restarted(rng.range(1, 4) as u32),
            91..=94 => Health::Pending,
            95..=97 => Health::CrashLoop(rng.range(5, 60) as u32),
            _ => Health::Failed,
        }
    }
}

/// Builds a pod from a template.
#[allow(
    clippy::too_many_arguments,
    reason = "each argument is one field of the pod template the controllers stamp"
)]
pub fn build_pod(
    rng: &mut Rng,
    ns: &str,
    name: &str,
    template: &Value,
    owner: Option<&Value>,
    node: Option<&str>,
    health: Health,
    created: i64,
) -> Value {
    let mut labels = template["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({});
    }
    let mut spec = template["spec"].clone();
    if !spec.is_object() {
        spec = json!({"containers":[{"name":"main","image":"busybox:1.36"}]});
    }
    if let Some(n) = node {
        spec["nodeName"] = json!(n);
    }
    spec["restartPolicy"] = spec
        .get("restartPolicy")
        .cloned()
        .unwrap_or(json!("Always"));
    spec["serviceAccountName"] = spec
        .get("serviceAccountName")
        .cloned()
        .unwrap_or(json!("default"));
    spec["schedulerName"] = json!("default-scheduler");
    spec["dnsPolicy"] = json!("ClusterFirst");
    spec["terminationGracePeriodSeconds"] = json!(30);
    let start = rfc3339(created + 2);
    let containers = spec["containers"].as_array().cloned().unwrap_or_default();
    let statuses: Vec<Value> = containers
        .iter()
        .enumerate()
        .map(|(i, c)| container_status(rng, c, name, i, health, created, &start))
        .collect();
    let status = pod_status(rng, statuses, node, health, created, &start);
    let mut md = json!({"name": name, "namespace": ns, "labels": labels, "creationTimestamp": rfc3339(created)});
    if let Some(o) = owner {
        md["ownerReferences"] = json!([owner_ref(o)]);
        if let Some(gn) = o["metadata"]["name"].as_str() {
            md["generateName"] = json!(format!("{gn}-"));
        }
    }
    if let Some(a) = template["metadata"]["annotations"].as_object() {
        md["annotations"] = Value::Object(a.clone());
    }
    json!({"apiVersion":"v1","kind":"Pod","metadata": md,"spec": spec,"status": status})
}

/// The status of container `i` (`c` from the pod spec) of pod `name` in state `health`.
fn container_status(
    rng: &mut Rng,
    c: &Value,
    name: &str,
    i: usize,
    health: Health,
    created: i64,
    start: &str,
) -> Value {
    let pending = health == Health::Pending;
    let cname = c["name"].as_str().unwrap_or("main");
    let image = c["image"].as_str().unwrap_or("busybox:1.36");
    let cid = format!(
        "containerd://{:016x}{:016x}",
        rng.next_u64(),
        rng.next_u64()
    );
    let image_id = format!(
        "{image}@sha256:{:016x}{:016x}",
        rng.next_u64(),
        rng.next_u64()
    );
    let (ready, restarts, state) = match health {
        Health::Running => (true, 0, json!({"running":{"startedAt": start}})),
        Health::Restarted(n) => (
            true,
            n,
            json!({"running":{"startedAt": rfc3339(created + 60)}}),
        ),
        Health::Pending => (false, 0, json!({"waiting":{"reason":"ContainerCreating"}})),
        Health::CrashLoop(n) if i == 0 => (
            false,
            n,
            json!({"waiting":{"reason":"CrashLoopBackOff",
                    "message": format!("back-off 5m0s restarting failed container={cname} pod={name}")}}),
        ),
        Health::CrashLoop(_) => (true, 0, json!({"running":{"startedAt": start}})),
        Health::Failed => (
            false,
            0,
            json!({"terminated":{"exitCode":1,"reason":"Error","startedAt":start,"finishedAt":rfc3339(created+30)}}),
        ),
        Health::Succeeded => (
            false,
            0,
            json!({"terminated":{"exitCode":0,"reason":"Completed","startedAt":start,"finishedAt":rfc3339(created+30)}}),
        ),
    };
    let mut s = json!({"name": cname, "image": image, "imageID": image_id, "ready": ready,
                "restartCount": restarts, "started": ready, "state": state});
    if !pending {
        s["containerID"] = json!(cid);
    }
    if restarts > 0 {
        s["lastState"] = json!({"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":start,"finishedAt":rfc3339(created+50)}});
    }
    s
}

/// The pod status: phase, conditions, container statuses, host and pod IPs.
fn pod_status(
    rng: &mut Rng,
    statuses: Vec<Value>,
    node: Option<&str>,
    health: Health,
    created: i64,
    start: &str,
) -> Value {
    let pending = health == Health::Pending;
    let all_ready = !statuses.is_empty() && statuses.iter().all(|s| s["ready"] == json!(true));
    let phase = match health {
        Health::Pending => "Pending",
        Health::Failed => "Failed",
        Health::Succeeded => "Succeeded",
        _ => "Running",
    };
    let b = |x: bool| if x { "True" } else { "False" };
    let mut status = json!({
        "phase": phase,
        "conditions": [
            {"type":"PodReadyToStartContainers","status": b(!pending),"lastTransitionTime": start},
            {"type":"Initialized","status":"True","lastTransitionTime": rfc3339(created)},
            {"type":"Ready","status": b(all_ready),"lastTransitionTime": start},
            {"type":"ContainersReady","status": b(all_ready),"lastTransitionTime": start},
            {"type":"PodScheduled","status": b(node.is_some()),"lastTransitionTime": rfc3339(created)}
        ],
        "containerStatuses": statuses,
        "qosClass": "Burstable",
        "startTime": rfc3339(created),
    });
    if let Some(n) = node {
        let host = 10 + (n.bytes().map(|b| b as u64).sum::<u64>() % 200);
        status["hostIP"] = json!(format!("172.18.0.{host}"));
        status["hostIPs"] = json!([{"ip": format!("172.18.0.{host}")}]);
        if !pending {
            let ip = format!("10.244.{}.{}", host % 250, rng.range(2, 254));
            status["podIP"] = json!(ip);
            status["podIPs"] = json!([{"ip": ip}]);
        }
    }
    status
}
