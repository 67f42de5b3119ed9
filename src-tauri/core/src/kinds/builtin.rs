//! The built-in kinds every supported Kubernetes version (1.27+) serves, known without a
//! discovery round trip; a bare name that matches one resolves the same as with discovery.

use std::sync::LazyLock;

use super::{hides_values, is_restartable, resolve, KindInfo, Need};

/// Every verb of a plain, fully served kind.
const ALL_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

/// `(group, version, plural, Kind, namespaced, short names, has scale)` of the built-in kinds
/// every supported Kubernetes version (1.27+) serves.
type Builtin = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
    bool,
);

#[rustfmt::skip]
const BUILTINS: &[Builtin] = &[
    ("", "v1", "pods", "Pod", true, &["po"], false),
    ("", "v1", "services", "Service", true, &["svc"], false),
    ("", "v1", "endpoints", "Endpoints", true, &["ep"], false),
    ("", "v1", "configmaps", "ConfigMap", true, &["cm"], false),
    ("", "v1", "secrets", "Secret", true, &[], false),
    ("", "v1", "events", "Event", true, &["ev"], false),
    ("", "v1", "nodes", "Node", false, &["no"], false),
    ("", "v1", "namespaces", "Namespace", false, &["ns"], false),
    ("", "v1", "serviceaccounts", "ServiceAccount", true, &["sa"], false),
    ("", "v1", "persistentvolumes", "PersistentVolume", false, &["pv"], false),
    ("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, &["pvc"], false),
    ("", "v1", "resourcequotas", "ResourceQuota", true, &["quota"], false),
    ("", "v1", "limitranges", "LimitRange", true, &["limits"], false),
    ("", "v1", "replicationcontrollers", "ReplicationController", true, &["rc"], true),
    ("", "v1", "podtemplates", "PodTemplate", true, &[], false),
    ("apps", "v1", "deployments", "Deployment", true, &["deploy"], true),
    ("apps", "v1", "replicasets", "ReplicaSet", true, &["rs"], true),
    ("apps", "v1", "statefulsets", "StatefulSet", true, &["sts"], true),
    ("apps", "v1", "daemonsets", "DaemonSet", true, &["ds"], false),
    ("apps", "v1", "controllerrevisions", "ControllerRevision", true, &[], false),
    ("batch", "v1", "jobs", "Job", true, &[], false),
    ("batch", "v1", "cronjobs", "CronJob", true, &["cj"], false),
    ("networking.k8s.io", "v1", "ingresses", "Ingress", true, &["ing"], false),
    ("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, &["netpol"], false),
    ("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, &[], false),
    ("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, &["hpa"], false),
    ("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, &["pdb"], false),
    ("rbac.authorization.k8s.io", "v1", "roles", "Role", true, &[], false),
    ("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, &[], false),
    ("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, &[], false),
    ("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, &[], false),
    ("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, &["sc"], false),
    ("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false, &[], false),
    ("storage.k8s.io", "v1", "csinodes", "CSINode", false, &[], false),
    ("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false, &[], false),
    ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, &["crd", "crds"], false),
    ("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, &[], false),
    ("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, &[], false),
    ("coordination.k8s.io", "v1", "leases", "Lease", true, &[], false),
    ("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, &[], false),
    ("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, &["pc"], false),
    ("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, &[], false),
    ("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false, &["csr"], false),
];

/// The built-in kinds as [`KindInfo`]s, built once.
pub fn builtin_kinds() -> &'static [KindInfo] {
    static KINDS: LazyLock<Vec<KindInfo>> = LazyLock::new(|| {
        BUILTINS
            .iter()
            .map(
                |&(group, version, plural, kind, namespaced, short, scale)| KindInfo {
                    group: group.to_owned(),
                    version: version.to_owned(),
                    kind: kind.to_owned(),
                    plural: plural.to_owned(),
                    singular: kind.to_lowercase(),
                    namespaced,
                    short_names: short.iter().map(|s| (*s).to_owned()).collect(),
                    verbs: ALL_VERBS.iter().map(|s| (*s).to_owned()).collect(),
                    preferred: true,
                    hides_values: hides_values(group, plural),
                    scalable: scale,
                    restartable: is_restartable(group, plural),
                    printer_columns: Vec::new(),
                },
            )
            .collect()
    });
    &KINDS
}

/// Resolve a name among the built-in kinds alone, with no round trip. A bare name that
/// matches a built-in kind resolves the same with discovery: every built-in group outranks
/// every other group. Names qualified by a group that is not built-in return `None`.
pub fn resolve_builtin(name: &str) -> Option<&'static KindInfo> {
    resolve(builtin_kinds(), name, Need::View)
}
