//! Resolution order, verb needs and qualified names, against hand-built catalogs.

use super::builtin::resolve_builtin;
use super::*;

fn kind(group: &str, version: &str, plural: &str, kind: &str, preferred: bool) -> KindInfo {
    KindInfo {
        group: group.into(),
        version: version.into(),
        kind: kind.into(),
        plural: plural.into(),
        singular: kind.to_lowercase(),
        namespaced: true,
        short_names: Vec::new(),
        verbs: vec!["get".into(), "list".into(), "watch".into()],
        preferred,
        hides_values: false,
        scalable: false,
        restartable: false,
        printer_columns: Vec::new(),
    }
}

fn served() -> Vec<KindInfo> {
    // Listed aggregated groups first, as a HashMap could hand them out.
    let mut metrics_pods = kind("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true);
    metrics_pods.verbs = vec!["get".into(), "list".into()];
    vec![
        metrics_pods,
        kind("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", true),
        kind("events.k8s.io", "v1", "events", "Event", true),
        kind("zeta.example.com", "v1", "widgets", "Widget", true),
        kind("alpha.example.com", "v1beta1", "widgets", "Widget", false),
        kind("alpha.example.com", "v1", "widgets", "Widget", true),
        kind("", "v1", "pods", "Pod", true),
        kind("", "v1", "nodes", "Node", true),
        kind("", "v1", "events", "Event", true),
        kind(
            "autoscaling",
            "v1",
            "horizontalpodautoscalers",
            "HorizontalPodAutoscaler",
            false,
        ),
        kind(
            "autoscaling",
            "v2",
            "horizontalpodautoscalers",
            "HorizontalPodAutoscaler",
            true,
        ),
    ]
}

fn gv(k: Option<&KindInfo>) -> String {
    k.map_or_else(|| "none".into(), |k| format!("{}/{}", k.group, k.version))
}

#[test]
fn bare_names_prefer_the_core_group_in_any_order() {
    let mut kinds = served();
    for _ in 0..kinds.len() {
        kinds.rotate_left(1);
        for name in ["pods", "pod", "Pod", "nodes", "events", "Event"] {
            assert_eq!(gv(resolve(&kinds, name, Need::View)), "/v1", "{name}");
            assert_eq!(gv(resolve(&kinds, name, Need::Any)), "/v1", "{name}");
        }
    }
}

#[test]
fn a_group_qualifier_reaches_the_other_group() {
    let kinds = served();
    assert_eq!(
        gv(resolve(&kinds, "nodes.metrics.k8s.io", Need::View)),
        "metrics.k8s.io/v1beta1"
    );
    assert_eq!(
        gv(resolve(&kinds, "events.events.k8s.io", Need::View)),
        "events.k8s.io/v1"
    );
    // Metrics pods cannot be watched: not for a view, but for a get.
    assert_eq!(
        gv(resolve(&kinds, "pods.metrics.k8s.io", Need::View)),
        "none"
    );
    assert_eq!(
        gv(resolve(&kinds, "pods.metrics.k8s.io", Need::Any)),
        "metrics.k8s.io/v1beta1"
    );
    assert_eq!(
        gv(resolve(
            &kinds,
            "widgets.v1beta1.alpha.example.com",
            Need::View
        )),
        "alpha.example.com/v1beta1"
    );
}

#[test]
fn other_groups_go_alphabetically_and_to_the_preferred_version() {
    let mut kinds = served();
    kinds.reverse();
    assert_eq!(
        gv(resolve(&kinds, "widgets", Need::View)),
        "alpha.example.com/v1"
    );
    assert_eq!(gv(resolve(&kinds, "hpa", Need::View)), "none");
    assert_eq!(
        gv(resolve(&kinds, "horizontalpodautoscalers", Need::View)),
        "autoscaling/v2"
    );
}

#[test]
fn short_names_never_beat_real_names() {
    let mut kinds = served();
    let mut sneaky = kind("aaa.example.com", "v1", "things", "Thing", true);
    sneaky.short_names = vec!["pods".into()];
    kinds.push(sneaky);
    assert_eq!(gv(resolve(&kinds, "pods", Need::View)), "/v1");
    assert_eq!(gv(resolve(&kinds, "PODS", Need::View)), "/v1");
}

#[test]
fn builtin_names_resolve_without_discovery() {
    let cases = [
        ("po", "", "pods"),
        ("deploy", "apps", "deployments"),
        ("Deployment", "apps", "deployments"),
        ("deployments.apps", "apps", "deployments"),
        ("cj", "batch", "cronjobs"),
        ("ing", "networking.k8s.io", "ingresses"),
        ("hpa", "autoscaling", "horizontalpodautoscalers"),
        ("crd", "apiextensions.k8s.io", "customresourcedefinitions"),
        ("ev", "", "events"),
        ("ConfigMap.v1", "", "configmaps"),
        ("Deployment.v1.apps", "apps", "deployments"),
    ];
    for (name, group, plural) in cases {
        let k = resolve_builtin(name).unwrap_or_else(|| panic!("{name} not built in"));
        assert_eq!(
            (k.group.as_str(), k.plural.as_str()),
            (group, plural),
            "{name}"
        );
    }
    assert!(resolve_builtin("pods.metrics.k8s.io").is_none());
    assert!(resolve_builtin("widgets").is_none());
    assert!(resolve_builtin("secrets").unwrap().hides_values);
    assert!(resolve_builtin("deploy").unwrap().scalable);
    assert!(!resolve_builtin("nodes").unwrap().namespaced);
}
