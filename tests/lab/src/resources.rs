//! The static table of served resource kinds and the discovery documents built from it.

use serde_json::{json, Value};

/// One served resource (a row of the resource table).
#[derive(Debug, Clone, Copy)]
pub struct ResourceDef {
    /// API group ("" for the core group).
    pub group: &'static str,
    /// API version.
    pub version: &'static str,
    /// Plural resource name used in URLs.
    pub plural: &'static str,
    /// Singular name.
    pub singular: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// Short names (`po`, `deploy`, ...).
    pub short_names: &'static [&'static str],
    /// Member of the `all` category.
    pub in_all: bool,
    /// Has the `scale` subresource.
    pub scale: bool,
    /// Has the `status` subresource.
    pub status: bool,
}

impl ResourceDef {
    /// `group/version` or `version` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// Kind of the list (`PodList`).
    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }
    /// `plural` or `plural.group`, as used in error messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
}

macro_rules! r {
    ($g:expr, $v:expr, $p:expr, $s:expr, $k:expr, $ns:expr, [$($sn:expr),*], $all:expr, $scale:expr, $status:expr) => {
        ResourceDef { group: $g, version: $v, plural: $p, singular: $s, kind: $k, namespaced: $ns,
            short_names: &[$($sn),*], in_all: $all, scale: $scale, status: $status }
    };
}

/// Every resource the lab serves. Index into this table is the store's resource id.
/// Columns: group, version, plural, singular, Kind, namespaced, short names, in category
/// `all`, has a scale subresource, has a status subresource.
#[rustfmt::skip]
pub static RESOURCES: &[ResourceDef] = &[
    r!("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], false, false, true),
    r!("", "v1", "pods", "pod", "Pod", true, ["po"], true, false, true),
    r!("", "v1", "services", "service", "Service", true, ["svc"], true, false, true),
    r!("", "v1", "endpoints", "endpoints", "Endpoints", true, ["ep"], false, false, false),
    r!("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"], false, false, false),
    r!("", "v1", "secrets", "secret", "Secret", true, [], false, false, false),
    r!("", "v1", "events", "event", "Event", true, ["ev"], false, false, false),
    r!("", "v1", "nodes", "node", "Node", false, ["no"], false, false, true),
    r!("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], false, false, false),
    r!("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"], false, false, true),
    r!("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"], false, false, true),
    r!("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], false, false, true),
    r!("", "v1", "limitranges", "limitrange", "LimitRange", true, ["limits"], false, false, false),
    r!("apps", "v1", "deployments", "deployment", "Deployment", true, ["deploy"], true, true, true),
    r!("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], true, true, true),
    r!("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], true, true, true),
    r!("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], true, false, true),
    r!("batch", "v1", "jobs", "job", "Job", true, [], true, false, true),
    r!("batch", "v1", "cronjobs", "cronjob", "CronJob", true, ["cj"], true, false, true),
    r!("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, ["ing"], false, false, true),
    r!("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, ["netpol"], false, false, false),
    r!("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, [], false, false, false),
    r!("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, [], false, false, false),
    r!("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, [], false, false, false),
    r!("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, [], false, false, false),
    r!("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, ["hpa"], true, false, true),
    r!("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, ["pdb"], false, false, true),
    r!("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, ["sc"], false, false, false),
    r!("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, ["crd", "crds"], false, false, true),
    r!("lab.kubeli.dev", "v1", "widgets", "widget", "Widget", true, ["wdg"], true, false, false),
];

/// Index of a resource by plural name and group.
pub fn find(group: &str, version: &str, plural: &str) -> Option<usize> {
    RESOURCES
        .iter()
        .position(|r| r.group == group && r.version == version && r.plural == plural)
}

/// Index of a resource by kind and apiVersion.
pub fn find_kind(api_version: &str, kind: &str) -> Option<usize> {
    RESOURCES
        .iter()
        .position(|r| r.kind == kind && r.api_version() == api_version)
}

/// Well-known resource ids.
pub mod ids {
    /// namespaces
    pub const NAMESPACES: usize = 0;
    /// pods
    pub const PODS: usize = 1;
    /// services
    pub const SERVICES: usize = 2;
    /// endpoints
    pub const ENDPOINTS: usize = 3;
    /// configmaps
    pub const CONFIGMAPS: usize = 4;
    /// secrets
    pub const SECRETS: usize = 5;
    /// events
    pub const EVENTS: usize = 6;
    /// nodes
    pub const NODES: usize = 7;
    /// serviceaccounts
    pub const SERVICEACCOUNTS: usize = 8;
    /// deployments
    pub const DEPLOYMENTS: usize = 13;
    /// replicasets
    pub const REPLICASETS: usize = 14;
    /// statefulsets
    pub const STATEFULSETS: usize = 15;
    /// daemonsets
    pub const DAEMONSETS: usize = 16;
    /// customresourcedefinitions
    pub const CRDS: usize = 28;
    /// widgets.lab.kubeli.dev
    pub const WIDGETS: usize = 29;
}

fn verbs() -> Value {
    json!([
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch"
    ])
}

/// Groups in discovery order with their versions.
fn groups() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for r in RESOURCES {
        if !r.group.is_empty() && !out.contains(&(r.group, r.version)) {
            out.push((r.group, r.version));
        }
    }
    out
}

/// `/api`
pub fn api_versions(addr: &str) -> Value {
    json!({"kind":"APIVersions","versions":["v1"],
        "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":addr}]})
}

/// `/apis`
pub fn api_group_list() -> Value {
    let groups: Vec<Value> = groups()
        .into_iter()
        .map(|(g, v)| {
            let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
            json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv})
        })
        .collect();
    json!({"kind":"APIGroupList","apiVersion":"v1","groups":groups})
}

/// `/apis/{group}`
pub fn api_group(group: &str) -> Option<Value> {
    let (g, v) = groups().into_iter().find(|(g, _)| *g == group)?;
    let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
    Some(
        json!({"kind":"APIGroup","apiVersion":"v1","name":g,"versions":[gv.clone()],"preferredVersion":gv}),
    )
}

/// `/api/v1` or `/apis/{group}/{version}`
pub fn api_resource_list(group: &str, version: &str) -> Option<Value> {
    let mut resources = Vec::new();
    for r in RESOURCES
        .iter()
        .filter(|r| r.group == group && r.version == version)
    {
        let mut e = json!({"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
            "kind": r.kind, "verbs": verbs()});
        if !r.short_names.is_empty() {
            e["shortNames"] = json!(r.short_names);
        }
        if r.in_all {
            e["categories"] = json!(["all"]);
        }
        resources.push(e);
        if r.status {
            resources.push(json!({"name": format!("{}/status", r.plural), "singularName": "", "namespaced": r.namespaced,
                "kind": r.kind, "verbs": ["get","patch","update"]}));
        }
        if r.scale {
            resources.push(json!({"name": format!("{}/scale", r.plural), "singularName": "", "namespaced": true,
                "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get","patch","update"]}));
        }
        if r.kind == "Pod" {
            resources.push(json!({"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]}));
        }
    }
    if resources.is_empty() {
        return None;
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind":"APIResourceList","apiVersion":"v1","groupVersion":gv,"resources":resources}),
    )
}
