//! What a resource kind is and how a name the user typed becomes one, the way kubectl's
//! RESTMapper does it: the core group first, then a fixed group priority, then every other
//! group alphabetically; the group's preferred version first; only kinds that can be listed
//! and watched for views. The built-in kinds (known without asking the server) are in
//! [`builtin`]; what a cluster serves comes from [`discovery`] (cached per connection) and
//! [`catalog`] (discovery documents → [`KindInfo`]s). Nothing here knows the pool.

pub mod builtin;
pub mod catalog;
pub mod discovery;

pub use catalog::{Catalog, ClusterKinds, FailedGroup};
pub use discovery::KindCache;

use serde::Serialize;
use specta::Type;

/// One column a kind's list shows, from a CRD's `additionalPrinterColumns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PrinterColumn {
    pub name: String,
    /// `string`, `integer`, `number`, `boolean` or `date`.
    #[serde(rename = "type")]
    pub column_type: String,
    /// A simple JSONPath into the object, like `.spec.replicas`.
    pub json_path: String,
    /// 0 = shown by default, higher = only in wide views.
    pub priority: i32,
    pub description: Option<String>,
}

/// A resource kind a cluster serves: everything the UI needs to show and act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KindInfo {
    /// `""` for the core group.
    pub group: String,
    pub version: String,
    /// `Pod`, `Deployment`…
    pub kind: String,
    /// `pods`, `deployments`…
    pub plural: String,
    pub singular: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub verbs: Vec<String>,
    /// Whether this version is the one the group prefers.
    pub preferred: bool,
    /// Values are hidden until the user reveals them (core Secrets).
    pub hides_values: bool,
    /// Has a `scale` subresource (replicas can be set).
    pub scalable: bool,
    /// Has a pod template that `kubectl rollout restart` can stamp.
    pub restartable: bool,
    /// Columns a CRD asks for (empty for built-in kinds: the UI knows those).
    pub printer_columns: Vec<PrinterColumn>,
}

impl KindInfo {
    /// The name that reaches exactly this kind from any cluster: `pods`, `deployments.apps`,
    /// `pods.metrics.k8s.io`. Watches and deltas are keyed by it.
    pub fn qualified_name(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    pub(crate) fn api_resource(&self) -> kube::discovery::ApiResource {
        kube::discovery::ApiResource {
            group: self.group.clone(),
            version: self.version.clone(),
            api_version: self.api_version(),
            kind: self.kind.clone(),
            plural: self.plural.clone(),
        }
    }
}

/// The group, version and kind a name resolved to; travels with every list, watch and delta.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedKind {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub namespaced: bool,
}

impl From<&KindInfo> for ResolvedKind {
    fn from(k: &KindInfo) -> Self {
        Self {
            group: k.group.clone(),
            version: k.version.clone(),
            kind: k.kind.clone(),
            plural: k.plural.clone(),
            namespaced: k.namespaced,
        }
    }
}

/// Groups in the order a bare name is looked up in, after the core group; groups not
/// listed follow alphabetically. Aggregated groups such as `metrics.k8s.io` are never here,
/// so their `pods` and `nodes` never shadow the core ones.
const GROUP_PRIORITY: &[&str] = &[
    "",
    "apps",
    "batch",
    "networking.k8s.io",
    "autoscaling",
    "policy",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "apiextensions.k8s.io",
    "admissionregistration.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "scheduling.k8s.io",
    "node.k8s.io",
    "certificates.k8s.io",
    "apiregistration.k8s.io",
    "events.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "resource.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
];

/// Sort key of a group: its place in [`GROUP_PRIORITY`], then its name.
fn group_rank(group: &str) -> (usize, &str) {
    let place = GROUP_PRIORITY
        .iter()
        .position(|g| *g == group)
        .unwrap_or(GROUP_PRIORITY.len());
    (place, group)
}

/// How well a kind matches a lowercased name: 0 by plural, singular or kind, 1 by short
/// name (a CRD's short name never beats a real name), `None` not at all.
fn match_tier(k: &KindInfo, name: &str) -> Option<u8> {
    if k.plural == name || k.singular == name || k.kind.eq_ignore_ascii_case(name) {
        Some(0)
    } else if k.short_names.iter().any(|s| s == name) {
        Some(1)
    } else {
        None
    }
}

/// What a caller will do with a kind, and so which verbs it must support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anything (get, delete, patch…).
    Any,
    /// A list.
    List,
    /// A view: a list kept live by a watch.
    View,
}

impl Need {
    fn met_by(self, k: &KindInfo) -> bool {
        let has = |verb: &str| k.verbs.iter().any(|v| v == verb);
        match self {
            Need::Any => true,
            Need::List => has("list"),
            Need::View => has("list") && has("watch"),
        }
    }
}

/// Whether `s` reads like a Kubernetes version (`v1`, `v2beta1`).
fn looks_like_version(s: &str) -> bool {
    s.strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Resolve `name` among `kinds`, as kubectl would. `name` is a plural, singular, Kind or
/// short name (`pods`, `pod`, `Pod`, `po`), optionally qualified by group
/// (`pods.metrics.k8s.io`) or by version and group (`deployments.v1.apps`). Only kinds
/// that support what `need` asks for count.
pub fn resolve<'a>(
    kinds: impl IntoIterator<Item = &'a KindInfo>,
    name: &str,
    need: Need,
) -> Option<&'a KindInfo> {
    let lower = name.trim().to_lowercase();
    let (bare, qualifier) = match lower.split_once('.') {
        Some((bare, rest)) => (bare, Some(rest)),
        None => (lower.as_str(), None),
    };
    let wanted = |k: &KindInfo| match qualifier {
        None => true,
        Some(q) if k.group == q => true,
        // `configmaps.v1`: the core group at a version.
        Some(q) if !q.contains('.') && looks_like_version(q) => {
            k.group.is_empty() && k.version == q
        }
        // `deployments.v1.apps`
        Some(q) => q
            .split_once('.')
            .is_some_and(|(v, g)| looks_like_version(v) && k.version == v && k.group == g),
    };
    kinds
        .into_iter()
        .filter(|k| need.met_by(k))
        .filter(|k| wanted(k))
        .filter_map(|k| match_tier(k, bare).map(|tier| (tier, k)))
        .min_by(|(ta, a), (tb, b)| {
            ta.cmp(tb)
                .then_with(|| group_rank(&a.group).cmp(&group_rank(&b.group)))
                .then_with(|| b.preferred.cmp(&a.preferred))
                .then_with(|| {
                    let va = kube::core::Version::parse(&a.version).priority();
                    let vb = kube::core::Version::parse(&b.version).priority();
                    vb.cmp(&va)
                })
        })
        .map(|(_, k)| k)
}

/// Order kinds the way a person scans them: by group priority, then plural.
pub fn sort_kinds(kinds: &mut [KindInfo]) {
    kinds.sort_by(|a, b| {
        group_rank(&a.group)
            .cmp(&group_rank(&b.group))
            .then_with(|| a.plural.cmp(&b.plural))
            .then_with(|| b.preferred.cmp(&a.preferred))
    });
}

/// Whether a kind of this group has a pod template `kubectl rollout restart` stamps.
pub(crate) fn is_restartable(group: &str, plural: &str) -> bool {
    group == "apps" && matches!(plural, "deployments" | "statefulsets" | "daemonsets")
}

/// Whether values of this kind are hidden until revealed.
pub(crate) fn hides_values(group: &str, plural: &str) -> bool {
    group.is_empty() && plural == "secrets"
}

#[cfg(test)]
mod tests;
