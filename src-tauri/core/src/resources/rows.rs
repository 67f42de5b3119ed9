//! Compact rows: what a watched list sends the resource table for each object — the fields
//! its columns, status chips, text filter and row actions read, and nothing else. A pod
//! crosses IPC as a few hundred bytes instead of its whole spec (volumes, env, probes…),
//! annotations and `managedFields`; the details panel and YAML fetch the full object
//! (`get_resource`) when opened.
//!
//! Kinds the UI has its own columns for (kubectl's) are trimmed to those columns' fields;
//! every other kind (custom resources, whose printer columns may point anywhere in the
//! object) keeps its body and loses only `managedFields` and the
//! `last-applied-configuration` annotation. The row keeps the object's shape, so the
//! table's column readers work on rows and full objects alike.

use kube::api::DynamicObject;
use serde_json::{Map, Value};

use super::{hide_secret_values, KindInfo, LAST_APPLIED};

/// Kinds with kubectl's columns in the UI (`src/features/dashboard/utils/columns-*.ts`).
const KNOWN: &[&str] = &[
    "pods",
    "deployments.apps",
    "replicasets.apps",
    "statefulsets.apps",
    "daemonsets.apps",
    "jobs.batch",
    "cronjobs.batch",
    "nodes",
    "namespaces",
    "events",
    "events.events.k8s.io",
    "services",
    "endpoints",
    "endpointslices.discovery.k8s.io",
    "ingresses.networking.k8s.io",
    "networkpolicies.networking.k8s.io",
    "configmaps",
    "secrets",
    "horizontalpodautoscalers.autoscaling",
    "poddisruptionbudgets.policy",
    "resourcequotas",
    "limitranges",
    "persistentvolumeclaims",
    "persistentvolumes",
    "storageclasses.storage.k8s.io",
    "serviceaccounts",
    "roles.rbac.authorization.k8s.io",
    "rolebindings.rbac.authorization.k8s.io",
    "clusterroles.rbac.authorization.k8s.io",
    "clusterrolebindings.rbac.authorization.k8s.io",
];

/// Metadata a row of a known kind keeps: identity and version, age, terminating, labels (the
/// filter). No `uid` or `ownerReferences`: no column reads them, and the details panel reads
/// the owners of the full object it fetches. Every connected cluster's page holds thousands
/// of rows, so each field left out here is memory of every row of every cluster.
const META: &[&str] = &[
    "name",
    "namespace",
    "resourceVersion",
    "creationTimestamp",
    "deletionTimestamp",
    "labels",
];

/// The row of `obj` as a watch sends it (see the module comment). Takes the object: its
/// body moves into the row instead of being copied.
pub(crate) fn row(kind: &KindInfo, mut obj: DynamicObject) -> Value {
    let name = kind.qualified_name();
    let known = KNOWN.contains(&name.as_str());
    let meta = &mut obj.metadata;
    meta.managed_fields = None;
    if known {
        meta.annotations = None;
    } else if let Some(notes) = meta.annotations.as_mut() {
        notes.remove(LAST_APPLIED);
    }
    let mut metadata = serde_json::to_value(&obj.metadata).unwrap_or(Value::Null);
    if let (true, Some(m)) = (known, metadata.as_object_mut()) {
        m.retain(|k, _| META.contains(&k.as_str()));
    }
    let mut top = match std::mem::take(&mut obj.data) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Some(types) = obj.types {
        top.insert("apiVersion".into(), Value::String(types.api_version));
        top.insert("kind".into(), Value::String(types.kind));
    }
    top.insert("metadata".into(), metadata);
    trim_body(&name, &mut top);
    let mut value = Value::Object(top);
    if kind.hides_values {
        hide_secret_values(&mut value);
    }
    value
}

/// Drops what a known kind's columns never read.
fn trim_body(name: &str, top: &mut Map<String, Value>) {
    match name {
        "pods" => trim_pod(top),
        "configmaps" => {
            // The table counts keys; values can be megabytes.
            for field in ["data", "binaryData"] {
                if let Some(map) = top.get_mut(field).and_then(Value::as_object_mut) {
                    map.values_mut()
                        .for_each(|v| *v = Value::String(String::new()));
                }
            }
        }
        "nodes" => {
            if let Some(status) = object(top, "status") {
                status.retain(|k, _| matches!(k.as_str(), "conditions" | "addresses" | "nodeInfo"));
            }
        }
        "deployments.apps" | "replicasets.apps" | "statefulsets.apps" | "daemonsets.apps"
        | "jobs.batch" => {
            if let Some(spec) = object(top, "spec") {
                spec.remove("template");
                spec.remove("volumeClaimTemplates");
            }
        }
        "cronjobs.batch" => {
            if let Some(spec) = object(top, "spec") {
                spec.remove("jobTemplate");
            }
        }
        _ => {}
    }
}

/// A pod's row: node and container names of its spec (logs and shell pick a container by
/// name); phase, IP and each container's readiness, restarts and state — which state, and
/// its reason, all the Status column prints — of its status.
fn trim_pod(top: &mut Map<String, Value>) {
    if let Some(spec) = object(top, "spec") {
        spec.retain(|k, _| matches!(k.as_str(), "nodeName" | "containers" | "initContainers"));
        for field in ["containers", "initContainers"] {
            keep_in_each(spec, field, &["name"]);
        }
    }
    if let Some(status) = object(top, "status") {
        status.retain(|k, _| {
            matches!(
                k.as_str(),
                "phase" | "podIP" | "reason" | "containerStatuses" | "initContainerStatuses"
            )
        });
        for field in ["containerStatuses", "initContainerStatuses"] {
            keep_in_each(status, field, &["ready", "restartCount", "state"]);
            keep_state_reasons(status, field);
        }
    }
}

/// In each container status of `parent[field]`, its state (`running`, `waiting` or
/// `terminated`) keeps only its `reason`: times, exit codes and messages are the details'.
fn keep_state_reasons(parent: &mut Map<String, Value>, field: &str) {
    let Some(statuses) = parent.get_mut(field).and_then(Value::as_array_mut) else {
        return;
    };
    for status in statuses.iter_mut() {
        let Some(state) = status.get_mut("state").and_then(Value::as_object_mut) else {
            continue;
        };
        for detail in state.values_mut().filter_map(Value::as_object_mut) {
            detail.retain(|k, _| k == "reason");
        }
    }
}

fn object<'a>(top: &'a mut Map<String, Value>, field: &str) -> Option<&'a mut Map<String, Value>> {
    top.get_mut(field).and_then(Value::as_object_mut)
}

/// In each object of the array `parent[field]`, keeps only `keep`.
fn keep_in_each(parent: &mut Map<String, Value>, field: &str, keep: &[&str]) {
    if let Some(items) = parent.get_mut(field).and_then(Value::as_array_mut) {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            item.retain(|k, _| keep.contains(&k.as_str()));
        }
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
