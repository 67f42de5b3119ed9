//! Unit tests of the compact rows: what each trimmed kind keeps (what its columns read) and
//! loses, and that unknown kinds keep their body.

use super::*;
use crate::kinds::builtin::resolve_builtin;
use serde_json::json;

fn object(value: Value) -> DynamicObject {
    serde_json::from_value(value).unwrap()
}

fn pod() -> DynamicObject {
    object(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web-0", "namespace": "default", "uid": "u-1", "resourceVersion": "42",
            "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"app": "web"},
            "annotations": {"note": "x".repeat(4000)},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-abc", "uid": "o-1"}],
            "managedFields": [{"manager": "kubectl", "operation": "Apply"}],
        },
        "spec": {
            "nodeName": "node-1",
            "containers": [{"name": "web", "image": "nginx", "env": [{"name": "A", "value": "1"}], "args": ["--big"]}],
            "volumes": [{"name": "data", "emptyDir": {}}],
        },
        "status": {
            "phase": "Running", "podIP": "10.0.0.7", "hostIP": "192.0.2.1",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "web", "ready": true, "restartCount": 3, "image": "nginx", "imageID": "sha", "containerID": "c", "state": {"running": {"startedAt": "2026-01-01T00:00:01Z"}}}],
        },
    }))
}

#[test]
fn a_pod_row_keeps_what_its_columns_read_and_drops_the_rest() {
    let row = row(resolve_builtin("pods").unwrap(), pod());
    let meta = &row["metadata"];
    for field in [
        "name",
        "namespace",
        "resourceVersion",
        "creationTimestamp",
        "labels",
    ] {
        assert!(meta.get(field).is_some(), "{field} missing: {row}");
    }
    for field in ["annotations", "managedFields", "uid", "ownerReferences"] {
        assert!(meta.get(field).is_none(), "{field} kept: {row}");
    }
    assert_eq!(row["spec"]["nodeName"], "node-1");
    assert_eq!(row["spec"]["containers"], json!([{"name": "web"}]));
    assert!(row["spec"].get("volumes").is_none(), "{row}");
    assert_eq!(row["status"]["phase"], "Running");
    assert_eq!(row["status"]["podIP"], "10.0.0.7");
    assert!(row["status"].get("conditions").is_none() && row["status"].get("hostIP").is_none());
    // Running: no `state` at all (its `startedAt` is the details').
    assert_eq!(
        row["status"]["containerStatuses"],
        json!([{"ready": true, "restartCount": 3}])
    );
    assert_eq!(
        (row["apiVersion"].as_str(), row["kind"].as_str()),
        (Some("v1"), Some("Pod"))
    );
    assert!(
        row.to_string().len() < 400,
        "a pod row should be small: {} bytes",
        row.to_string().len()
    );
}

#[test]
fn a_pod_row_keeps_the_reason_of_a_waiting_or_terminated_container_and_nothing_else_of_its_state() {
    let mut pod = pod();
    pod.data["status"]["containerStatuses"] = json!([
        {"name": "web", "ready": false, "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}},
         "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}},
        {"name": "sidecar", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-01-01T00:00:01Z", "finishedAt": "2026-01-01T00:00:31Z"}}},
    ]);
    pod.data["status"]["initContainerStatuses"] = json!([
        {"name": "init", "ready": false, "restartCount": 0, "image": "busybox", "state": {"waiting": {"reason": "PodInitializing"}}},
    ]);
    let row = row(resolve_builtin("pods").unwrap(), pod);
    assert_eq!(
        row["status"]["containerStatuses"],
        json!([
            {"ready": false, "restartCount": 7, "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
            {"ready": false, "restartCount": 0, "state": {"terminated": {"reason": "Error"}}},
        ])
    );
    assert_eq!(
        row["status"]["initContainerStatuses"],
        json!([{"ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}])
    );
}

#[test]
fn a_configmap_row_keeps_its_keys_but_not_their_values() {
    let cm = object(
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "d"}, "data": {"a": "x".repeat(10_000), "b": "y"}, "binaryData": {"c": "eg=="}}),
    );
    let row = row(resolve_builtin("configmaps").unwrap(), cm);
    assert_eq!(row["data"], json!({"a": "", "b": ""}));
    assert_eq!(row["binaryData"], json!({"c": ""}));
}

#[test]
fn a_secret_row_still_hides_its_values() {
    let secret = object(
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "d"}, "type": "Opaque", "data": {"password": "aHVudGVyMg=="}}),
    );
    let row = row(resolve_builtin("secrets").unwrap(), secret);
    assert_eq!(row["data"]["password"], crate::resources::HIDDEN);
    assert_eq!(row["type"], "Opaque");
}

#[test]
fn workload_and_node_rows_drop_templates_and_images_but_keep_their_counts() {
    let deploy = object(
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "d", "annotations": {"deployment.kubernetes.io/revision": "3"}}, "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "web"}]}}}, "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}),
    );
    let row = row(resolve_builtin("deployments").unwrap(), deploy);
    assert_eq!(row["spec"], json!({"replicas": 3}));
    assert_eq!(row["status"]["availableReplicas"], 2);
    assert!(row["metadata"].get("annotations").is_none());

    let node = object(
        json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1", "labels": {"node-role.kubernetes.io/control-plane": ""}}, "spec": {"unschedulable": true}, "status": {"conditions": [{"type": "Ready", "status": "True"}], "addresses": [{"type": "InternalIP", "address": "192.0.2.1"}], "nodeInfo": {"kubeletVersion": "v1.31.0"}, "images": [{"names": ["a"], "sizeBytes": 1}]}}),
    );
    let row = super::row(resolve_builtin("nodes").unwrap(), node);
    assert!(row["status"].get("images").is_none(), "{row}");
    assert_eq!(row["status"]["nodeInfo"]["kubeletVersion"], "v1.31.0");
    assert_eq!(row["spec"]["unschedulable"], true);
    assert!(row["metadata"]["labels"]
        .get("node-role.kubernetes.io/control-plane")
        .is_some());
}

#[test]
fn a_custom_resource_row_keeps_its_body_and_annotations_for_its_printer_columns() {
    let mut kind = resolve_builtin("pods").unwrap().clone();
    (kind.group, kind.plural, kind.kind) =
        ("later.kubeli.dev".into(), "gizmos".into(), "Gizmo".into());
    let gizmo = object(json!({
        "apiVersion": "later.kubeli.dev/v1", "kind": "Gizmo",
        "metadata": {"name": "g", "namespace": "d", "annotations": {"size": "L", LAST_APPLIED: "{…}"}, "managedFields": [{"manager": "x"}]},
        "spec": {"size": 3, "deep": {"nested": [1, 2]}},
    }));
    let row = row(&kind, gizmo);
    assert_eq!(row["spec"], json!({"size": 3, "deep": {"nested": [1, 2]}}));
    assert_eq!(row["metadata"]["annotations"], json!({"size": "L"}));
    assert!(row["metadata"].get("managedFields").is_none());
}

/// What a list page's item parses into (`paged`: the row read straight from the page's
/// text, the rest skipped unread).
fn parsed(kind: &KindInfo, obj: &DynamicObject) -> Value {
    use serde::de::DeserializeSeed;
    let text = serde_json::to_string(obj).unwrap();
    let mut de = serde_json::Deserializer::from_str(&text);
    let row = super::super::prune::Pruned(rule(kind))
        .deserialize(&mut de)
        .unwrap();
    finish(kind, row)
}

#[test]
fn a_row_parsed_from_a_list_page_equals_the_row_of_the_whole_object() {
    let mut gizmo = resolve_builtin("pods").unwrap().clone();
    (gizmo.group, gizmo.plural, gizmo.kind) =
        ("later.kubeli.dev".into(), "gizmos".into(), "Gizmo".into());
    let samples = [
        (resolve_builtin("pods").unwrap().clone(), pod()),
        (
            resolve_builtin("configmaps").unwrap().clone(),
            object(
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "d", "annotations": {"a": "b"}}, "data": {"a": "x", "b": "y"}}),
            ),
        ),
        (
            resolve_builtin("secrets").unwrap().clone(),
            object(
                json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "d", "annotations": {LAST_APPLIED: "{\"data\": 1}"}}, "data": {"password": "aHVudGVyMg=="}}),
            ),
        ),
        (
            resolve_builtin("deployments").unwrap().clone(),
            object(
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "d", "managedFields": [{"manager": "x"}]}, "spec": {"replicas": 3, "template": {"spec": {}}}}),
            ),
        ),
        (
            resolve_builtin("cronjobs").unwrap().clone(),
            object(
                json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "d"}, "spec": {"schedule": "0 1 * * *", "jobTemplate": {"spec": {}}}}),
            ),
        ),
        (
            resolve_builtin("nodes").unwrap().clone(),
            object(
                json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}, "status": {"nodeInfo": {"kubeletVersion": "v1.31.0"}, "images": [{"names": ["a"]}]}}),
            ),
        ),
        (
            gizmo,
            object(
                json!({"apiVersion": "later.kubeli.dev/v1", "kind": "Gizmo", "metadata": {"name": "g", "annotations": {"size": "L", LAST_APPLIED: "{…}"}, "managedFields": [{"manager": "x"}]}, "spec": {"size": 3}}),
            ),
        ),
    ];
    for (kind, obj) in samples {
        let from_page = parsed(&kind, &obj);
        assert_eq!(from_page, row(&kind, obj), "{}", kind.qualified_name());
    }
}

#[test]
fn a_rows_key_is_namespace_and_name_as_for_the_object() {
    let pod = pod();
    assert_eq!(
        row_key(&row(resolve_builtin("pods").unwrap(), pod.clone())),
        crate::resources::object_key(&pod)
    );
    let node = object(json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}}));
    assert_eq!(row_key(&row(resolve_builtin("nodes").unwrap(), node)), "n1");
}
