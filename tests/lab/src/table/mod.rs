//! Server-side printing: `meta.k8s.io/v1` Table responses with columns like the real API server's for common kinds.
//! Column definitions live in `columns`, the cells of the busier kinds in `cells`.

mod cells;
mod columns;

use cells::{endpointslice_cells, node_cells, pod_cells, service_cells, workload_cells};
pub use columns::columns;

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
        PODS => pod_cells(v, name, a),
        DEPLOYMENTS | REPLICASETS | STATEFULSETS | DAEMONSETS => workload_cells(res, v, name, a),
        SERVICES => service_cells(v, name, a),
        NODES => node_cells(v, name, a),
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
        ENDPOINTSLICES => endpointslice_cells(v, name, a),
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
