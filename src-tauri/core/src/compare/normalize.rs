//! Noise removal before a compare: what the API server or a controller writes on its own
//! (ids, versions, timestamps, field managers, kubectl's copy of the applied object) would
//! make every object differ from its twin in another cluster, so it is taken out first.

use serde_json::{Map, Value};

use crate::resources::LAST_APPLIED;

/// Metadata fields that every cluster fills on its own.
const NOISY_METADATA: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "managedFields",
    "creationTimestamp",
    "selfLink",
    "deletionGracePeriodSeconds",
];

/// An object as the compare shows it: without the noise above, without `status` unless
/// `include_status` (then without the timestamps of its conditions and its
/// `observedGeneration`, which follows the removed `generation`). Keys come out sorted
/// (serde_json's map is ordered by key), so the YAML of equal objects is equal text.
pub(crate) fn normalize(mut object: Value, include_status: bool) -> Value {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        for field in NOISY_METADATA {
            meta.remove(*field);
        }
        remove_annotation(meta, LAST_APPLIED);
    }
    if let Some(top) = object.as_object_mut() {
        if include_status {
            if let Some(status) = top.get_mut("status").and_then(Value::as_object_mut) {
                status.remove("observedGeneration");
                strip_condition_times(status);
            }
        } else {
            top.remove("status");
        }
    }
    object
}

/// Remove one annotation, and the annotations map when nothing is left in it.
fn remove_annotation(meta: &mut Map<String, Value>, key: &str) {
    let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut) else {
        return;
    };
    annotations.remove(key);
    if annotations.is_empty() {
        meta.remove("annotations");
    }
}

/// In every `conditions` list under `map` (at any depth), drop the fields named
/// `last…Time` (`lastTransitionTime`, `lastUpdateTime`, `lastProbeTime`,
/// `lastHeartbeatTime`): the moment a condition last changed differs between clusters.
fn strip_condition_times(map: &mut Map<String, Value>) {
    for (key, value) in map.iter_mut() {
        match value {
            Value::Array(items) if key == "conditions" => {
                for condition in items.iter_mut().filter_map(Value::as_object_mut) {
                    condition.retain(|k, _| !(k.starts_with("last") && k.ends_with("Time")));
                }
            }
            Value::Object(inner) => strip_condition_times(inner),
            Value::Array(items) => {
                for inner in items.iter_mut().filter_map(Value::as_object_mut) {
                    strip_condition_times(inner);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn deployment() -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": "web",
                "namespace": "shop",
                "uid": "4f1c",
                "resourceVersion": "812",
                "generation": 4,
                "creationTimestamp": "2026-01-02T03:04:05Z",
                "selfLink": "/apis/apps/v1/namespaces/shop/deployments/web",
                "deletionGracePeriodSeconds": 30,
                "managedFields": [{"manager": "kubectl", "operation": "Apply"}],
                "labels": {"app": "web"},
                "annotations": {
                    LAST_APPLIED: "{\"spec\":{\"replicas\":2}}",
                    "team": "checkout",
                },
            },
            "spec": {"replicas": 2},
            "status": {
                "observedGeneration": 4,
                "replicas": 2,
                "conditions": [{
                    "type": "Available",
                    "status": "True",
                    "lastTransitionTime": "2026-01-02T03:04:05Z",
                    "lastUpdateTime": "2026-01-02T03:04:06Z",
                    "reason": "MinimumReplicasAvailable",
                }],
            },
        })
    }

    #[test]
    fn cluster_written_metadata_and_status_are_removed_and_the_rest_is_kept() {
        let out = normalize(deployment(), false);
        assert_eq!(
            out,
            json!({
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {
                    "name": "web",
                    "namespace": "shop",
                    "labels": {"app": "web"},
                    "annotations": {"team": "checkout"},
                },
                "spec": {"replicas": 2},
            })
        );
    }

    #[test]
    fn status_asked_for_is_kept_without_condition_times_or_observed_generation() {
        let out = normalize(deployment(), true);
        assert_eq!(
            out["status"],
            json!({
                "replicas": 2,
                "conditions": [{
                    "type": "Available",
                    "status": "True",
                    "reason": "MinimumReplicasAvailable",
                }],
            })
        );
    }

    #[test]
    fn an_annotations_map_holding_only_last_applied_goes_away() {
        let mut object = deployment();
        object["metadata"]["annotations"] = json!({ LAST_APPLIED: "{}" });
        let out = normalize(object, false);
        assert!(out["metadata"].get("annotations").is_none(), "{out}");
    }

    #[test]
    fn twins_from_two_clusters_become_equal() {
        let mut other = deployment();
        other["metadata"]["uid"] = json!("9a9a");
        other["metadata"]["resourceVersion"] = json!("17");
        other["metadata"]["creationTimestamp"] = json!("2026-03-01T00:00:00Z");
        other["status"]["conditions"][0]["lastTransitionTime"] = json!("2026-03-01T00:00:00Z");
        other["status"]["observedGeneration"] = json!(1);
        assert_eq!(normalize(other, true), normalize(deployment(), true));
    }
}
