//! Table cells for pods, services, endpoint slices, nodes and the apps workloads.

use serde_json::{json, Value};

use super::{containers, n, pod_status, selector};
use crate::resources::ids::*;

pub(super) fn pod_cells(v: &Value, name: Value, a: String) -> Vec<Value> {
    let cs = v["status"]["containerStatuses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let total = v["spec"]["containers"]
        .as_array()
        .map(|a| a.len())
        .unwrap_or(cs.len());
    let ready = cs.iter().filter(|c| c["ready"] == json!(true)).count();
    let restarts: u64 = cs.iter().map(|c| n(&c["restartCount"])).sum();
    vec![
        name,
        json!(format!("{ready}/{total}")),
        json!(pod_status(v)),
        json!(restarts.to_string()),
        json!(a),
        json!(v["status"]["podIP"].as_str().unwrap_or("<none>")),
        json!(v["spec"]["nodeName"].as_str().unwrap_or("<none>")),
        json!("<none>"),
        json!("<none>"),
    ]
}

pub(super) fn service_cells(v: &Value, name: Value, a: String) -> Vec<Value> {
    let ports: Vec<String> = v["spec"]["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| format!("{}/{}", p["port"], p["protocol"].as_str().unwrap_or("TCP")))
        .collect();
    let ext = if v["spec"]["type"] == "LoadBalancer" {
        v["status"]["loadBalancer"]["ingress"][0]["ip"]
            .as_str()
            .unwrap_or("<pending>")
            .to_string()
    } else {
        "<none>".into()
    };
    vec![
        name,
        json!(v["spec"]["type"].as_str().unwrap_or("ClusterIP")),
        json!(v["spec"]["clusterIP"].as_str().unwrap_or("None")),
        json!(ext),
        json!(if ports.is_empty() {
            "<none>".into()
        } else {
            ports.join(",")
        }),
        json!(a),
        json!(v["spec"]["selector"]
            .as_object()
            .map(|m| m
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(","))
            .unwrap_or_else(|| "<none>".into())),
    ]
}

pub(super) fn node_cells(v: &Value, name: Value, a: String) -> Vec<Value> {
    let ready = v["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True");
    let mut st = if ready {
        "Ready".to_string()
    } else {
        "NotReady".to_string()
    };
    if v["spec"]["unschedulable"] == json!(true) {
        st.push_str(",SchedulingDisabled");
    }
    let roles: Vec<String> = v["metadata"]["labels"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, _)| {
            k.strip_prefix("node-role.kubernetes.io/")
                .map(str::to_string)
        })
        .collect();
    let ni = &v["status"]["nodeInfo"];
    vec![
        name,
        json!(st),
        json!(if roles.is_empty() {
            "<none>".into()
        } else {
            roles.join(",")
        }),
        json!(a),
        json!(ni["kubeletVersion"]),
        json!(v["status"]["addresses"][0]["address"]),
        json!(ni["osImage"]),
        json!(ni["kernelVersion"]),
        json!(ni["containerRuntimeVersion"]),
    ]
}

pub(super) fn workload_cells(res: usize, v: &Value, name: Value, a: String) -> Vec<Value> {
    match res {
        DEPLOYMENTS => {
            let (c, i) = containers(v);
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    n(&v["status"]["readyReplicas"]),
                    n(&v["spec"]["replicas"])
                )),
                json!(n(&v["status"]["updatedReplicas"])),
                json!(n(&v["status"]["availableReplicas"])),
                json!(a),
                json!(c),
                json!(i),
                json!(selector(v)),
            ]
        }
        REPLICASETS => {
            let (c, i) = containers(v);
            vec![
                name,
                json!(n(&v["spec"]["replicas"])),
                json!(n(&v["status"]["replicas"])),
                json!(n(&v["status"]["readyReplicas"])),
                json!(a),
                json!(c),
                json!(i),
                json!(selector(v)),
            ]
        }
        STATEFULSETS => {
            let (c, i) = containers(v);
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    n(&v["status"]["readyReplicas"]),
                    n(&v["spec"]["replicas"])
                )),
                json!(a),
                json!(c),
                json!(i),
            ]
        }
        DAEMONSETS => vec![
            name,
            json!(n(&v["status"]["desiredNumberScheduled"])),
            json!(n(&v["status"]["currentNumberScheduled"])),
            json!(n(&v["status"]["numberReady"])),
            json!(n(&v["status"]["updatedNumberScheduled"])),
            json!(n(&v["status"]["numberAvailable"])),
            json!(v["spec"]["template"]["spec"]["nodeSelector"]
                .as_object()
                .map(|m| m
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join(","))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "<none>".into())),
            json!(a),
        ],
        _ => vec![name, json!(a)],
    }
}

/// `NAME ADDRESSTYPE PORTS ENDPOINTS AGE`, endpoints cut after three like kubectl.
pub(super) fn endpointslice_cells(v: &Value, name: Value, a: String) -> Vec<Value> {
    let ports: Vec<String> = v["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["port"].to_string())
        .collect();
    let addrs: Vec<&str> = v["endpoints"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["addresses"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    let shown = match addrs.len() {
        0 => "<unset>".to_string(),
        1..=3 => addrs.join(","),
        n => format!("{} + {} more...", addrs[..3].join(","), n - 3),
    };
    vec![
        name,
        json!(v["addressType"].as_str().unwrap_or("IPv4")),
        json!(if ports.is_empty() {
            "<unset>".to_string()
        } else {
            ports.join(",")
        }),
        json!(shown),
        json!(a),
    ]
}
