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

use super::prune::Keep;
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
const META: Keep = Keep::Only(&[
    ("name", Keep::All),
    ("namespace", Keep::All),
    ("resourceVersion", Keep::All),
    ("creationTimestamp", Keep::All),
    ("deletionTimestamp", Keep::All),
    ("labels", Keep::All),
]);

/// Metadata of any other kind: all but `managedFields` and the last applied configuration.
const META_OTHER: Keep = Keep::Except(&[
    ("managedFields", Keep::Drop),
    ("annotations", Keep::Except(&[(LAST_APPLIED, Keep::Drop)])),
]);

/// A container of a pod's spec: its name (logs and shell pick a container by name).
const NAME: Keep = Keep::Only(&[("name", Keep::All)]);
/// A waiting or terminated container's reason — all the Status column prints; times, exit
/// codes and messages are the details'.
const STATE_REASON: Keep = Keep::Only(&[("reason", Keep::All)]);
/// A container's readiness, restarts and, when it waits or has terminated, that state with its
/// reason. A running container's row has no `state`: `running` holds only `startedAt`, which no
/// column reads, and left out it saves two objects per container of every row of every
/// cluster (~4,000 per 2,000-pod cluster, `make heap-census`).
const CONTAINER_STATUS: Keep = Keep::Only(&[
    ("ready", Keep::All),
    ("restartCount", Keep::All),
    (
        "state",
        Keep::OnlyIfAny(&[("waiting", STATE_REASON), ("terminated", STATE_REASON)]),
    ),
]);

/// A pod's row: node and container names of its spec; phase, IP and each container's
/// readiness, restarts and state (with its reason) of its status.
const POD: Keep = Keep::Except(&[
    ("metadata", META),
    (
        "spec",
        Keep::Only(&[
            ("nodeName", Keep::All),
            ("containers", Keep::Each(&NAME)),
            ("initContainers", Keep::Each(&NAME)),
        ]),
    ),
    (
        "status",
        Keep::Only(&[
            ("phase", Keep::All),
            ("podIP", Keep::All),
            ("reason", Keep::All),
            ("containerStatuses", Keep::Each(&CONTAINER_STATUS)),
            ("initContainerStatuses", Keep::Each(&CONTAINER_STATUS)),
        ]),
    ),
]);

/// The table counts keys; values can be megabytes.
const CONFIGMAP: Keep = Keep::Except(&[
    ("metadata", META),
    ("data", Keep::Blank),
    ("binaryData", Keep::Blank),
]);

const NODE: Keep = Keep::Except(&[
    ("metadata", META),
    (
        "status",
        Keep::Only(&[
            ("conditions", Keep::All),
            ("addresses", Keep::All),
            ("nodeInfo", Keep::All),
        ]),
    ),
]);

/// Workloads: counts and selectors, not the pod template.
const WORKLOAD: Keep = Keep::Except(&[
    ("metadata", META),
    (
        "spec",
        Keep::Except(&[
            ("template", Keep::Drop),
            ("volumeClaimTemplates", Keep::Drop),
        ]),
    ),
]);

const CRONJOB: Keep = Keep::Except(&[
    ("metadata", META),
    ("spec", Keep::Except(&[("jobTemplate", Keep::Drop)])),
]);

const OTHER_KNOWN: Keep = Keep::Except(&[("metadata", META)]);
const UNKNOWN: Keep = Keep::Except(&[("metadata", META_OTHER)]);

/// What a row of `kind` keeps of an object (see the module comment).
pub(crate) fn rule(kind: &KindInfo) -> Keep {
    let name = kind.qualified_name();
    match name.as_str() {
        "pods" => POD,
        "configmaps" => CONFIGMAP,
        "nodes" => NODE,
        "deployments.apps" | "replicasets.apps" | "statefulsets.apps" | "daemonsets.apps"
        | "jobs.batch" => WORKLOAD,
        "cronjobs.batch" => CRONJOB,
        known if KNOWN.contains(&known) => OTHER_KNOWN,
        _ => UNKNOWN,
    }
}

/// The row of `obj` as a watch sends it (see the module comment). Takes the object: its
/// body moves into the row instead of being copied.
pub(crate) fn row(kind: &KindInfo, mut obj: DynamicObject) -> Value {
    obj.metadata.managed_fields = None;
    let mut top = match std::mem::take(&mut obj.data) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Some(types) = obj.types {
        top.insert("apiVersion".into(), Value::String(types.api_version));
        top.insert("kind".into(), Value::String(types.kind));
    }
    let metadata = serde_json::to_value(&obj.metadata).unwrap_or(Value::Null);
    top.insert("metadata".into(), metadata);
    let mut value = Value::Object(top);
    rule(kind).apply(&mut value);
    finish(kind, value)
}

/// A row parsed by [`super::prune::Pruned`] with [`rule`], made ready to send.
pub(crate) fn finish(kind: &KindInfo, mut row: Value) -> Value {
    if kind.hides_values {
        hide_secret_values(&mut row);
    }
    row
}

/// `namespace/name` of a row, or `name` for cluster-scoped objects (as [`super::object_key`]).
pub(crate) fn row_key(row: &Value) -> String {
    let name = row["metadata"]["name"].as_str().unwrap_or_default();
    match row["metadata"]["namespace"].as_str() {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
