//! The production guard's backend half and the Connections panel's query, against a lab
//! cluster over real HTTPS: a read-only context refuses every change before sending it
//! (the error names the cluster), other contexts are untouched, lifting the mark allows
//! changes again; and `connection_stats` reports each watch with its live object count.

mod common;

use std::time::Duration;

use kubeli_core::error::{Error, ErrorKind};
use kubeli_core::events::{Event, WatchState};
use kubeli_core::resources::DrainOptions;
use kubeli_core::ContextId;

fn first_pod(cluster: &kubeli_lab::ClusterHandle) -> (String, String) {
    let pod = &cluster.list("pods", None)[0];
    let meta = &pod["metadata"];
    (
        meta["namespace"].as_str().unwrap().to_owned(),
        meta["name"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_read_only_context_refuses_every_change_naming_the_cluster() {
    let lab = common::lab(2).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let ro = ContextId::new(lab.kubeconfig_path(), lab.cluster(0).context(), 1);
    let rw = ContextId::new(lab.kubeconfig_path(), lab.cluster(1).context(), 1);
    pool.connect(&ro).await.expect("connects");
    pool.connect(&rw).await.expect("connects");
    pool.set_read_only(vec![ro.clone()]);
    assert!(pool.is_read_only(&ro) && !pool.is_read_only(&rw));

    let (ns, name) = first_pod(&lab.cluster(0));
    let err = pool
        .delete(&ro, "pods", Some(&ns), &name)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReadOnly);
    assert!(matches!(err, Error::ReadOnly { .. }));
    let message = err.to_string();
    assert!(message.starts_with(lab.cluster(0).context()), "{message}");
    assert!(
        message.contains("read-only") && message.contains(&name),
        "{message}"
    );
    assert!(!err.retryable());
    assert!(
        lab.cluster(0).get("pods", &ns, &name).is_some(),
        "the pod was not deleted"
    );

    // Every other write path is refused too.
    let node = lab.cluster(0).list("nodes", None)[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = [
        pool.cordon(&ro, &node, true).await.map(|_| ()),
        pool.drain(&ro, &node, DrainOptions::default())
            .await
            .map(|_| ()),
        pool.restart(&ro, "deployments", Some(&ns), "x").await,
        pool.scale(&ro, "deployments", Some(&ns), "x", 0).await,
        pool.apply_yaml(
            &ro,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            Some(&ns),
        )
        .await
        .map(|_| ()),
        pool.create_yaml(
            &ro,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            Some(&ns),
        )
        .await
        .map(|_| ()),
    ];
    for result in refused {
        assert_eq!(result.unwrap_err().kind(), ErrorKind::ReadOnly);
    }
    let n = lab.cluster(0).get("nodes", "", &node).unwrap();
    assert_ne!(
        n["spec"]["unschedulable"],
        serde_json::json!(true),
        "not cordoned"
    );

    // The other cluster is not affected, and lifting the mark allows changes again.
    let (ns1, name1) = first_pod(&lab.cluster(1));
    pool.delete(&rw, "pods", Some(&ns1), &name1)
        .await
        .expect("writable");
    pool.set_read_only(vec![]);
    pool.delete(&ro, "pods", Some(&ns), &name)
        .await
        .expect("writable again");
    assert!(lab.cluster(0).get("pods", &ns, &name).is_none());
}

#[tokio::test]
async fn connection_stats_list_each_watch_with_its_object_count() {
    let lab = common::lab(1).await;
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = ContextId::new(lab.kubeconfig_path(), lab.cluster(0).context(), 1);
    pool.connect(&id).await.expect("connects");
    let key = pool.watch(&id, "configmaps", None).await.expect("watches");
    common::wait_for(
        &mut events,
        "the watch to be live",
        Duration::from_secs(10),
        |e| {
            matches!(e, Event::WatchState { key: k, state: WatchState::Live } if *k == key)
                .then_some(())
        },
    )
    .await;

    let listed = lab.cluster(0).count("configmaps");
    let objects = |pool: &kubeli_core::pool::KubeClientManager| {
        let stats = pool.connection_stats();
        let watcher = stats[0]
            .watchers
            .iter()
            .find(|w| w.kind == "configmaps")
            .cloned();
        watcher.expect("configmaps watcher").objects as usize
    };
    let stats = pool.connection_stats();
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].context, id);
    assert!(!stats[0].read_only);
    assert_eq!(stats[0].watchers[0].state, Some(WatchState::Live));
    assert_eq!(objects(&pool), listed);

    // An object created and then deleted, as the watch sees them, moves the count.
    let cm = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "counted", "namespace": "default"}, "data": {}});
    lab.cluster(0).create("configmaps", cm).unwrap();
    wait_until(|| objects(&pool) == listed + 1, "the count to rise").await;
    lab.cluster(0)
        .delete("configmaps", "default", "counted")
        .unwrap();
    wait_until(|| objects(&pool) == listed, "the count to fall back").await;

    // Stopping the watch removes it from the report.
    assert!(pool.unwatch(&key));
    assert!(pool.connection_stats()[0].watchers.is_empty());
}

async fn wait_until(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
