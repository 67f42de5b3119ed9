//! Server-side printing: `meta.k8s.io/v1` Table responses with columns like the real API server's for common kinds.

use serde_json::{json, Value};

use crate::resources::ids::*;
use crate::util::{human_duration, now_secs, parse_rfc3339};

/// What each row carries as `object` (`includeObject`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    /// PartialObjectMetadata (default).
    Metadata,
    /// The full object.
    Object,
    /// Nothing.
    None,
}

impl IncludeObject {
    /// From the `includeObject` query parameter.
    pub fn parse(s: Option<&str>) -> Self {
        match s {
            Some("Object") => IncludeObject::Object,
            Some("None") => IncludeObject::None,
            _ => IncludeObject::Metadata,
        }
    }
}

fn col(name: &str, ty: &str, desc: &str, priority: u8) -> Value {
    let mut c =
        json!({"name": name, "type": ty, "format": "", "description": desc, "priority": priority});
    if name == "Name" {
        c["format"] = json!("name");
    }
    c
}

/// Column definitions for a resource.
pub fn columns(res: usize) -> Vec<Value> {
    let name = col(
        "Name",
        "string",
        "Name must be unique within a namespace.",
        0,
    );
    let age = col("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
    let s = |n: &str, p: u8| col(n, "string", n, p);
    let i = |n: &str, p: u8| col(n, "integer", n, p);
    match res {
        PODS => vec![
            name,
            s("Ready", 0),
            s("Status", 0),
            s("Restarts", 0),
            age,
            s("IP", 1),
            s("Node", 1),
            s("Nominated Node", 1),
            s("Readiness Gates", 1),
        ],
        DEPLOYMENTS => vec![
            name,
            s("Ready", 0),
            i("Up-to-date", 0),
            i("Available", 0),
            age,
            s("Containers", 1),
            s("Images", 1),
            s("Selector", 1),
        ],
        REPLICASETS => vec![
            name,
            i("Desired", 0),
            i("Current", 0),
            i("Ready", 0),
            age,
            s("Containers", 1),
            s("Images", 1),
            s("Selector", 1),
        ],
        STATEFULSETS => vec![name, s("Ready", 0), age, s("Containers", 1), s("Images", 1)],
        DAEMONSETS => vec![
            name,
            i("Desired", 0),
            i("Current", 0),
            i("Ready", 0),
            i("Up-to-date", 0),
            i("Available", 0),
            s("Node Selector", 0),
            age,
        ],
        SERVICES => vec![
            name,
            s("Type", 0),
            s("Cluster-IP", 0),
            s("External-IP", 0),
            s("Port(s)", 0),
            age,
            s("Selector", 1),
        ],
        NODES => vec![
            name,
            s("Status", 0),
            s("Roles", 0),
            age,
            s("Version", 0),
            s("Internal-IP", 1),
            s("OS-Image", 1),
            s("Kernel-Version", 1),
            s("Container-Runtime", 1),
        ],
        NAMESPACES => vec![name, s("Status", 0), age],
        CONFIGMAPS => vec![name, i("Data", 0), age],
        SECRETS => vec![name, s("Type", 0), i("Data", 0), age],
        EVENTS => vec![
            s("Last Seen", 0),
            s("Type", 0),
            s("Reason", 0),
            s("Object", 0),
            s("Message", 0),
        ],
        _ => vec![name, age],
    }
}

fn age(v: &Value, now: i64) -> String {
    v["metadata"]["creationTimestamp"]
        .as_str()
        .and_then(parse_rfc3339)
        .map(|t| human_duration(now - t))
        .unwrap_or_else(|| "<unknown>".into())
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn containers(v: &Value) -> (String, String) {
    let cs = v["spec"]["template"]["spec"]["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = cs.iter().filter_map(|c| c["name"].as_str()).collect();
    let imgs: Vec<&str> = cs.iter().filter_map(|c| c["image"].as_str()).collect();
    (names.join(","), imgs.join(","))
}

fn selector(v: &Value) -> String {
    let m = v["spec"]["selector"]["matchLabels"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    m.iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(",")
}

/// The pod STATUS column (phase, or a waiting/terminated reason).
pub fn pod_status(v: &Value) -> String {
    let mut reason = v["status"]["phase"]
        .as_str()
        .unwrap_or("Unknown")
        .to_string();
    if let Some(r) = v["status"]["reason"].as_str() {
        reason = r.to_string();
    }
    for c in v["status"]["containerStatuses"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if let Some(w) = c["state"]["waiting"]["reason"].as_str() {
            reason = w.to_string();
        } else if let Some(t) = c["state"]["terminated"]["reason"].as_str() {
            reason = t.to_string();
        }
    }
    if v["metadata"]["deletionTimestamp"].is_string() {
        reason = "Terminating".into();
    }
    reason
}

/// Cells of one row.
pub fn cells(res: usize, v: &Value, now: i64) -> Vec<Value> {
    let name = json!(v["metadata"]["name"]);
    let a = age(v, now);
    match res {
        PODS => {
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
        SERVICES => {
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
        NODES => {
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
        NAMESPACES => vec![
            name,
            json!(v["status"]["phase"].as_str().unwrap_or("Active")),
            json!(a),
        ],
        CONFIGMAPS => {
            let d = v["data"].as_object().map(|m| m.len()).unwrap_or(0)
                + v["binaryData"].as_object().map(|m| m.len()).unwrap_or(0);
            vec![name, json!(d), json!(a)]
        }
        SECRETS => vec![
            name,
            json!(v["type"].as_str().unwrap_or("Opaque")),
            json!(v["data"].as_object().map(|m| m.len()).unwrap_or(0)),
            json!(a),
        ],
        EVENTS => {
            let last = v["lastTimestamp"]
                .as_str()
                .and_then(parse_rfc3339)
                .map(|t| human_duration(now - t))
                .unwrap_or(a);
            let io = &v["involvedObject"];
            vec![
                json!(last),
                json!(v["type"]),
                json!(v["reason"]),
                json!(format!(
                    "{}/{}",
                    io["kind"].as_str().unwrap_or("").to_lowercase(),
                    io["name"].as_str().unwrap_or("")
                )),
                json!(v["message"]),
            ]
        }
        _ => vec![name, json!(a)],
    }
}

/// One Table row.
pub fn row(res: usize, v: &Value, inc: IncludeObject, now: i64) -> Value {
    let mut r = json!({"cells": cells(res, v, now)});
    match inc {
        IncludeObject::Metadata => {
            r["object"] = json!({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata": v["metadata"]});
        }
        IncludeObject::Object => r["object"] = v.clone(),
        IncludeObject::None => {}
    }
    r
}

/// A whole Table for a list (or a single object / watch event).
pub fn table(
    res: usize,
    objs: &[Value],
    inc: IncludeObject,
    rv: &str,
    cont: Option<&str>,
) -> Value {
    let now = now_secs();
    let mut md = json!({"resourceVersion": rv});
    if let Some(c) = cont {
        md["continue"] = json!(c);
    }
    json!({"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata": md,
        "columnDefinitions": columns(res),
        "rows": objs.iter().map(|v| row(res, v, inc, now)).collect::<Vec<_>>()})
}
