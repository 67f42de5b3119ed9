//! Node and cronjob actions and conflict-safe edits, against a lab cluster over real HTTPS:
//! cordon / uncordon, drain through evictions (unmanaged and emptyDir pods block it unless
//! chosen, as kubectl; DaemonSet pods stay, the rest are replaced on other nodes), trigger a cronjob now, suspend / resume it, a stale edit answers 409 naming
//! the cluster, and a Secret edited from its hidden form never stores the placeholder.

mod common;

use std::sync::Arc;

use kubeli_core::error::Error;
use kubeli_core::pool::KubeClientManager;
use kubeli_core::resources::{DrainOptions, HIDDEN};
use kubeli_core::ContextId;
use kubeli_lab::{ClusterHandle, Lab};
use serde_json::json;

struct Env {
    lab: Lab,
    pool: Arc<KubeClientManager>,
    id: ContextId,
}

async fn env() -> Env {
    let lab = common::lab(1).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = ContextId::new(lab.kubeconfig_path(), lab.cluster(0).context(), 1);
    pool.connect(&id).await.expect("connects");
    Env { lab, pool, id }
}

impl Env {
    fn cluster(&self) -> ClusterHandle {
        self.lab.cluster(0)
    }
}

fn pods_on(cluster: &ClusterHandle, node: &str) -> Vec<serde_json::Value> {
    cluster
        .list("pods", None)
        .into_iter()
        .filter(|p| p["spec"]["nodeName"] == node)
        .collect()
}

fn owner_kind(pod: &serde_json::Value) -> &str {
    pod["metadata"]["ownerReferences"][0]["kind"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test]
async fn cordon_and_uncordon_set_unschedulable() {
    let e = env().await;
    let node = e.cluster().list("nodes", None)[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    e.pool.cordon(&e.id, &node, true).await.unwrap();
    let n = e.cluster().get("nodes", "", &node).unwrap();
    assert_eq!(n["spec"]["unschedulable"], json!(true));
    e.pool.cordon(&e.id, &node, false).await.unwrap();
    let n = e.cluster().get("nodes", "", &node).unwrap();
    assert_ne!(n["spec"]["unschedulable"], json!(true));
}

/// The node carrying the most ReplicaSet pods, with a pod no controller manages that keeps
/// scratch data in an emptyDir (`default/scratch`) added to it.
fn busiest_node_with_a_scratch_pod(c: &ClusterHandle) -> String {
    let nodes: Vec<String> = c
        .list("nodes", None)
        .iter()
        .map(|n| n["metadata"]["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(nodes.len() > 1, "the lab has several nodes");
    let node = nodes
        .iter()
        .max_by_key(|n| {
            pods_on(c, n)
                .iter()
                .filter(|p| owner_kind(p) == "ReplicaSet")
                .count()
        })
        .unwrap()
        .clone();
    c.create(
        "pods",
        json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "scratch", "namespace": "default"},
            "spec": {"nodeName": node, "containers": [{"name": "c", "image": "busybox"}],
                "volumes": [{"name": "tmp", "emptyDir": {}}]}}),
    )
    .unwrap();
    node
}

#[tokio::test]
async fn drain_plans_like_kubectl_and_refuses_unmanaged_and_empty_dir_pods_unless_chosen() {
    let e = env().await;
    let c = e.cluster();
    let node = busiest_node_with_a_scratch_pod(&c);
    let before = pods_on(&c, &node);
    let daemon_pods = before
        .iter()
        .filter(|p| owner_kind(p) == "DaemonSet")
        .count();

    // The plan, as `kubectl drain --dry-run` tells it: nothing changes.
    let dry = DrainOptions {
        dry_run: true,
        ..DrainOptions::default()
    };
    let plan = e.pool.drain(&e.id, &node, dry).await.unwrap();
    assert!(plan.dry_run);
    assert!(plan.unmanaged.contains(&"default/scratch".to_owned()));
    assert_eq!(plan.empty_dir, vec!["default/scratch".to_owned()]);
    assert_eq!(plan.skipped.len(), daemon_pods);
    assert_eq!(plan.evicted.len(), before.len() - daemon_pods);
    assert_eq!(pods_on(&c, &node).len(), before.len());

    // Without force the unmanaged pod blocks, naming itself and the cluster; nothing changes.
    let refused = e.pool.drain(&e.id, &node, DrainOptions::default()).await;
    let Err(Error::InvalidInput(message)) = refused else {
        panic!("an unmanaged pod blocks the drain: {refused:?}")
    };
    assert!(message.starts_with(c.context()), "{message}");
    assert!(message.contains("not managed by a controller"), "{message}");
    assert!(message.contains("default/scratch"), "{message}");
    assert!(message.contains("emptyDir"), "{message}");
    let node_obj = c.get("nodes", "", &node).unwrap();
    assert_ne!(
        node_obj["spec"]["unschedulable"],
        json!(true),
        "not cordoned"
    );
    assert_eq!(pods_on(&c, &node).len(), before.len());
    // Force alone still stops at the emptyDir data.
    let force = DrainOptions {
        force: true,
        ..DrainOptions::default()
    };
    let refused = e.pool.drain(&e.id, &node, force).await;
    let Err(Error::InvalidInput(message)) = refused else {
        panic!("emptyDir data blocks the drain: {refused:?}")
    };
    assert!(!message.contains("not managed"), "{message}");
    assert!(message.contains("emptyDir volumes") && message.contains("default/scratch"));
}

#[tokio::test]
async fn drain_evicts_all_but_daemonset_pods_which_are_replaced_elsewhere() {
    let e = env().await;
    let c = e.cluster();
    let node = busiest_node_with_a_scratch_pod(&c);
    let before = pods_on(&c, &node);
    let managed: Vec<_> = before
        .iter()
        .filter(|p| owner_kind(p) == "ReplicaSet")
        .collect();
    assert!(!managed.is_empty(), "the node runs ReplicaSet pods");
    let daemon_pods = before
        .iter()
        .filter(|p| owner_kind(p) == "DaemonSet")
        .count();
    assert!(daemon_pods > 0, "the node runs DaemonSet pods");
    let total = c.pod_count();

    let both = DrainOptions {
        force: true,
        delete_empty_dir_data: true,
        dry_run: false,
    };
    let report = e.pool.drain(&e.id, &node, both).await.unwrap();

    assert!(!report.dry_run);
    assert_eq!(report.skipped.len(), daemon_pods);
    assert_eq!(report.evicted.len(), before.len() - daemon_pods);
    assert!(report.evicted.contains(&"default/scratch".to_owned()));
    let after = pods_on(&c, &node);
    assert!(
        after.iter().all(|p| owner_kind(p) == "DaemonSet"),
        "only DaemonSet pods stay on the drained node"
    );
    assert_eq!(after.len(), daemon_pods);
    let node_obj = c.get("nodes", "", &node).unwrap();
    assert_eq!(node_obj["spec"]["unschedulable"], json!(true));
    // Every ReplicaSet pod was replaced, on another node; the unmanaged ones are gone.
    let unmanaged = before.len() - daemon_pods - managed.len();
    assert!(unmanaged >= 1);
    assert_eq!(c.pod_count(), total - unmanaged);
    for p in managed {
        let name = p["metadata"]["name"].as_str().unwrap();
        let ns = p["metadata"]["namespace"].as_str().unwrap();
        assert!(c.get("pods", ns, name).is_none(), "{ns}/{name} is gone");
    }
}

async fn a_cronjob(e: &Env) -> (String, String) {
    e.cluster()
        .create(
            "cronjobs.batch",
            json!({"apiVersion": "batch/v1", "kind": "CronJob",
                "metadata": {"name": "report", "namespace": "default"},
                "spec": {"schedule": "0 3 * * *", "jobTemplate": {
                    "metadata": {"labels": {"app": "report"}},
                    "spec": {"template": {"spec": {"restartPolicy": "Never",
                        "containers": [{"name": "r", "image": "busybox:1.36"}]}}}}}}),
        )
        .unwrap();
    ("default".into(), "report".into())
}

#[tokio::test]
async fn trigger_cronjob_creates_a_job_it_owns() {
    let e = env().await;
    let (ns, name) = a_cronjob(&e).await;
    let cj = e.cluster().get("cronjobs.batch", &ns, &name).unwrap();
    let job_name = e.pool.trigger_cronjob(&e.id, &ns, &name).await.unwrap();
    let job = e
        .cluster()
        .get("jobs.batch", &ns, &job_name)
        .expect("job exists");
    let owner = &job["metadata"]["ownerReferences"][0];
    assert_eq!(owner["kind"], "CronJob");
    assert_eq!(owner["name"], name.as_str());
    assert_eq!(owner["uid"], cj["metadata"]["uid"]);
    assert_eq!(owner["controller"], json!(true));
    assert_eq!(job["metadata"]["labels"]["app"], "report");
    assert_eq!(
        job["spec"]["template"]["spec"]["containers"][0]["image"],
        "busybox:1.36"
    );
    // Deleting the cronjob takes its job with it: the owner reference is real.
    e.cluster().delete("cronjobs.batch", &ns, &name).unwrap();
    assert!(e.cluster().get("jobs.batch", &ns, &job_name).is_none());
}

#[tokio::test]
async fn suspend_and_resume_a_cronjob() {
    let e = env().await;
    let (ns, name) = a_cronjob(&e).await;
    e.pool
        .suspend_cronjob(&e.id, &ns, &name, true)
        .await
        .unwrap();
    let cj = e.cluster().get("cronjobs.batch", &ns, &name).unwrap();
    assert_eq!(cj["spec"]["suspend"], json!(true));
    e.pool
        .suspend_cronjob(&e.id, &ns, &name, false)
        .await
        .unwrap();
    let cj = e.cluster().get("cronjobs.batch", &ns, &name).unwrap();
    assert_eq!(cj["spec"]["suspend"], json!(false));
}

#[tokio::test]
async fn a_stale_edit_answers_409_naming_the_cluster_and_force_replaces() {
    let e = env().await;
    let c = e.cluster();
    c.create(
        "configmaps",
        json!({"metadata": {"name": "settings", "namespace": "default"}, "data": {"mode": "a"}}),
    )
    .unwrap();
    let yaml = e
        .pool
        .get_yaml(&e.id, "configmaps", Some("default"), "settings", false)
        .await
        .unwrap();
    // Someone else changes it meanwhile.
    c.patch(
        "configmaps",
        "default",
        "settings",
        json!({"data": {"mode": "b"}}),
    )
    .unwrap();
    let edited = yaml.replace("mode: a", "mode: c");
    let err = e
        .pool
        .replace_yaml(&e.id, &edited, false)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert!(
        err.to_string().contains(c.context()),
        "names the cluster: {err}"
    );
    assert_eq!(
        c.get("configmaps", "default", "settings").unwrap()["data"]["mode"],
        "b"
    );

    // Without a resourceVersion the edit is refused before any request.
    let bare = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: d\n";
    let err = e.pool.replace_yaml(&e.id, bare, false).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");

    // The user chose force: it replaces what is live now.
    e.pool.replace_yaml(&e.id, &edited, true).await.unwrap();
    assert_eq!(
        c.get("configmaps", "default", "settings").unwrap()["data"]["mode"],
        "c"
    );
}

#[tokio::test]
async fn a_fresh_edit_applies() {
    let e = env().await;
    let c = e.cluster();
    c.create(
        "configmaps",
        json!({"metadata": {"name": "fresh", "namespace": "default"}, "data": {"k": "1"}}),
    )
    .unwrap();
    let yaml = e
        .pool
        .get_yaml(&e.id, "configmaps", Some("default"), "fresh", false)
        .await
        .unwrap();
    let out = e
        .pool
        .replace_yaml(
            &e.id,
            &yaml
                .replace("k: '1'", "k: '2'")
                .replace("k: \"1\"", "k: \"2\""),
            false,
        )
        .await
        .unwrap();
    assert_eq!(out["data"]["k"], "2");
    assert_eq!(
        c.get("configmaps", "default", "fresh").unwrap()["data"]["k"],
        "2"
    );
}

#[tokio::test]
async fn a_secret_edited_from_its_hidden_form_keeps_its_values() {
    let e = env().await;
    let c = e.cluster();
    c.create(
        "secrets",
        json!({"metadata": {"name": "creds", "namespace": "default"}, "type": "Opaque",
            "data": {"user": "YWRtaW4=", "pass": "czNjcjN0"}}),
    )
    .unwrap();
    let yaml = e
        .pool
        .get_yaml(&e.id, "secrets", Some("default"), "creds", false)
        .await
        .unwrap();
    assert!(yaml.contains(HIDDEN), "{yaml}");
    // Change nothing but a label; the values stay hidden in the editor.
    let edited = yaml.replace("name: creds", "name: creds\n  labels:\n    team: db");
    e.pool.replace_yaml(&e.id, &edited, false).await.unwrap();
    let stored = c.get("secrets", "default", "creds").unwrap();
    assert_eq!(stored["metadata"]["labels"]["team"], "db");
    assert_eq!(stored["data"]["user"], "YWRtaW4=");
    assert_eq!(stored["data"]["pass"], "czNjcjN0");
    assert!(!stored.to_string().contains(HIDDEN));
}

#[tokio::test]
async fn create_from_yaml_and_a_second_create_conflicts() {
    let e = env().await;
    let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  a: b\n";
    e.pool
        .create_yaml(&e.id, yaml, Some("default"))
        .await
        .unwrap();
    assert_eq!(
        e.cluster().get("configmaps", "default", "made").unwrap()["data"]["a"],
        "b"
    );
    let err = e
        .pool
        .create_yaml(&e.id, yaml, Some("default"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
}
