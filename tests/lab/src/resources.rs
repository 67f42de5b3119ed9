//! The table of resource kinds: the built-in rows every cluster serves, plus kinds registered at
//! run time from CustomResourceDefinitions (interned process-wide, served per cluster).

use std::sync::RwLock;

/// Where a resource's objects come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Objects live in the store under this resource's own id.
    Stored,
    /// `events.k8s.io/v1` events: the core events converted on the way out.
    EventsV1,
    /// `metrics.k8s.io` PodMetrics computed from running pods.
    PodMetrics,
    /// `metrics.k8s.io` NodeMetrics computed from nodes and their pods.
    NodeMetrics,
    /// OpenShift's `project.openshift.io/v1` Projects: the namespaces in Project shape.
    Projects,
}

/// One served resource (a row of the resource table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Stored, or computed from other kinds.
    pub view: View,
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
    /// Verbs served for this resource.
    pub fn verbs(&self) -> &'static [&'static str] {
        match self.view {
            View::Stored => &[
                "create",
                "delete",
                "deletecollection",
                "get",
                "list",
                "patch",
                "update",
                "watch",
            ],
            View::EventsV1 | View::Projects => &["get", "list", "watch"],
            View::PodMetrics | View::NodeMetrics => &["get", "list"],
        }
    }
    /// Whether `verb` is served.
    pub fn allows(&self, verb: &str) -> bool {
        self.verbs().contains(&verb)
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
            short_names: &[$($sn),*], in_all: $all, scale: $scale, status: $status, view: View::Stored }
    };
    ($g:expr, $v:expr, $p:expr, $s:expr, $k:expr, $ns:expr, [$($sn:expr),*], view $view:expr) => {
        ResourceDef { group: $g, version: $v, plural: $p, singular: $s, kind: $k, namespaced: $ns,
            short_names: &[$($sn),*], in_all: false, scale: false, status: false, view: $view }
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
    r!("events.k8s.io", "v1", "events", "event", "Event", true, ["ev"], view View::EventsV1),
    r!("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, [], view View::PodMetrics),
    r!("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, [], view View::NodeMetrics),
    r!("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, [], false, false, false),
];

/// OpenShift's projects, served only by a cluster that was asked to
/// ([`crate::ClusterHandle::serve_projects`]): every namespace as a Project, listed and watched
/// even while listing namespaces is forbidden, as OpenShift lets a user see their projects.
#[rustfmt::skip]
pub static PROJECTS: ResourceDef =
    r!("project.openshift.io", "v1", "projects", "project", "Project", false, [], view View::Projects);

/// Kinds registered at run time (ids continue after [`RESOURCES`]); append-only, shared by all clusters.
static DYNAMIC: RwLock<Vec<&'static ResourceDef>> = RwLock::new(Vec::new());

/// The definition of resource id `id` (built-in or registered at run time).
pub fn def(id: usize) -> &'static ResourceDef {
    if id < RESOURCES.len() {
        return &RESOURCES[id];
    }
    let dynamic = DYNAMIC.read().unwrap_or_else(|e| e.into_inner());
    dynamic[id - RESOURCES.len()]
}

/// The id of `d`: a built-in row, an already registered kind, or a newly registered one.
/// Leaks the few strings of each distinct kind once per process (a test instrument).
pub fn intern(d: ResourceDef) -> usize {
    if let Some(i) = RESOURCES.iter().position(|r| *r == d) {
        return i;
    }
    let mut dynamic = DYNAMIC.write().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = dynamic.iter().position(|r| **r == d) {
        return RESOURCES.len() + i;
    }
    dynamic.push(Box::leak(Box::new(d)));
    RESOURCES.len() + dynamic.len() - 1
}

/// A `&'static` list of run-time names (deduplicated like [`leak_str`]).
pub fn leak_strs(items: &[&str]) -> &'static [&'static str] {
    static LISTS: RwLock<Vec<&'static [&'static str]>> = RwLock::new(Vec::new());
    let mut lists = LISTS.write().unwrap_or_else(|e| e.into_inner());
    if let Some(l) = lists.iter().find(|l| **l == items) {
        return l;
    }
    let owned: Vec<&'static str> = items.iter().map(|s| leak_str(s)).collect();
    let l: &'static [&'static str] = Box::leak(owned.into_boxed_slice());
    lists.push(l);
    l
}

/// A `&'static str` for a run-time name (deduplicated so repeated CRDs do not leak again).
pub fn leak_str(s: &str) -> &'static str {
    static NAMES: RwLock<Vec<&'static str>> = RwLock::new(Vec::new());
    let mut names = NAMES.write().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| **n == s) {
        return n;
    }
    let n: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.push(n);
    n
}

/// Index of a built-in resource by plural name and group.
pub fn find(group: &str, version: &str, plural: &str) -> Option<usize> {
    RESOURCES
        .iter()
        .position(|r| r.group == group && r.version == version && r.plural == plural)
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
    /// events.events.k8s.io (a view of core events)
    pub const EVENTS_V1: usize = 30;
    /// pods.metrics.k8s.io (computed)
    pub const POD_METRICS: usize = 31;
    /// nodes.metrics.k8s.io (computed)
    pub const NODE_METRICS: usize = 32;
    /// endpointslices.discovery.k8s.io
    pub const ENDPOINTSLICES: usize = 33;
}
