//! Compare across clusters against lab clusters over real HTTPS: one object read from
//! several clusters at once differs only where its spec differs (ids, versions, timestamps
//! and kubectl's annotation removed, status only on request), a cluster lacking it or
//! failing is its own result naming the cluster, and a namespace summary sorts names into
//! only-in-A, only-in-B, different and equal. Read side by side, a hung cluster does not
//! hold the others back and cancelling its side ends the request at the server.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::compare::{differences, ComparedSide, SideState};
use kubeli_core::error::{Error, ErrorKind};
use kubeli_core::pool::KubeClientManager;
use kubeli_core::resources::PendingRequests;
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab};

const NS: &str = "compare-test";

fn deployment(name: &str, replicas: u32) -> String {
    format!(
        "apiVersion: v1\nkind: Namespace\nmetadata: {{name: {NS}}}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\n\
         metadata: {{name: {name}, namespace: {NS}, labels: {{app: {name}}}}}\n\
         spec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {name}}}}}\n\
         \x20 template:\n    metadata: {{labels: {{app: {name}}}}}\n\
         \x20   spec: {{containers: [{{name: web, image: 'nginx:1.27'}}]}}\n"
    )
}

async fn connected(clusters: usize) -> (Lab, Arc<KubeClientManager>, Vec<ContextId>) {
    let lab = common::lab(clusters).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let mut ids = Vec::new();
    for cluster in lab.clusters() {
        let id = ContextId::new(lab.kubeconfig_path(), cluster.context(), 1);
        pool.connect(&id).await.unwrap();
        ids.push(id);
    }
    (lab, pool, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_differing_only_in_replicas_shows_exactly_that_path_and_both_yamls() {
    let (_lab, pool, ids) = connected(2).await;
    pool.apply_yaml(&ids[0], &deployment("web", 2), None)
        .await
        .unwrap();
    pool.apply_yaml(&ids[1], &deployment("web", 3), None)
        .await
        .unwrap();

    let compared = pool
        .compare_object(&ids, "deployments", Some(NS), "web", false)
        .await
        .unwrap();
    let paths: Vec<(&str, &[Option<String>])> = compared
        .differences
        .iter()
        .map(|d| (d.path.as_str(), d.values.as_slice()))
        .collect();
    assert_eq!(
        paths,
        vec![(
            "spec.replicas",
            &[Some("2".to_owned()), Some("3".to_owned())][..]
        )]
    );
    for (side, replicas) in compared.sides.iter().zip([2, 3]) {
        assert_eq!(side.state, SideState::Found, "{side:?}");
        let yaml = side.yaml.as_deref().unwrap();
        assert!(yaml.contains(&format!("replicas: {replicas}")), "{yaml}");
        for noise in ["uid:", "resourceVersion:", "creationTimestamp:", "status:"] {
            assert!(!yaml.contains(noise), "{noise} left in\n{yaml}");
        }
        // Keys in a stable (sorted) order: apiVersion, kind, metadata, spec.
        let top: Vec<&str> = yaml
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('-'))
            .collect();
        assert_eq!(
            top,
            [
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata:",
                "spec:"
            ]
        );
    }

    // With status the lab's controller status joins the YAML; its condition times do not.
    let with_status = pool
        .compare_object(&ids, "deployments", Some(NS), "web", true)
        .await
        .unwrap();
    assert!(with_status.sides[0]
        .yaml
        .as_deref()
        .unwrap()
        .contains("status:"));
    assert!(with_status
        .differences
        .iter()
        .all(|d| !d.path.contains("Time")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_without_the_object_or_failing_is_its_own_result_naming_the_cluster() {
    let (lab, pool, ids) = connected(3).await;
    for id in &ids[..2] {
        pool.apply_yaml(id, &deployment("api", 2), None)
            .await
            .unwrap();
    }
    // The third cluster lacks it.
    let compared = pool
        .compare_object(&ids, "deployments", Some(NS), "api", false)
        .await
        .unwrap();
    let states: Vec<SideState> = compared.sides.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [SideState::Found, SideState::Found, SideState::Missing]
    );
    let missing = compared.sides[2].error.as_ref().unwrap();
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert!(missing.message.starts_with("lab-prod"), "{missing:?}");
    assert!(compared.differences.is_empty(), "{compared:?}");

    // The second cluster refuses deployments: a failure of that side alone.
    lab.cluster(1).set_fault(Fault::Forbid {
        resource: "deployments.apps".to_owned(),
    });
    let compared = pool
        .compare_object(&ids[..2], "deployments", Some(NS), "api", false)
        .await
        .unwrap();
    assert_eq!(compared.sides[0].state, SideState::Found);
    assert_eq!(compared.sides[1].state, SideState::Failed);
    let failed = compared.sides[1].error.as_ref().unwrap();
    assert_eq!(failed.kind, ErrorKind::Forbidden);
    assert!(failed.message.starts_with("lab-staging"), "{failed:?}");

    let found = pool
        .locate_object(&ids, "deployments", Some(NS), "api")
        .await
        .unwrap();
    let states: Vec<SideState> = found.iter().map(|p| p.state).collect();
    assert_eq!(
        states,
        [SideState::Found, SideState::Failed, SideState::Missing]
    );

    // One context named twice is refused before any request.
    let twice = [ids[0].clone(), ids[0].clone()];
    let err = pool
        .compare_object(&twice, "deployments", Some(NS), "api", false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("lab-dev"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_namespace_summary_sorts_names_into_only_in_a_only_in_b_different_and_equal() {
    let (lab, pool, ids) = connected(2).await;
    for (id, replicas) in ids.iter().zip([2, 3]) {
        pool.apply_yaml(id, &deployment("web", replicas), None)
            .await
            .unwrap();
        pool.apply_yaml(id, &deployment("same", 1), None)
            .await
            .unwrap();
    }
    pool.apply_yaml(&ids[0], &deployment("left", 1), None)
        .await
        .unwrap();
    pool.apply_yaml(&ids[1], &deployment("right", 1), None)
        .await
        .unwrap();

    let summary = pool
        .compare_namespace(&ids[0], &ids[1], "deployments", Some(NS), false)
        .await
        .unwrap();
    assert_eq!(summary.only_in_a, ["left"]);
    assert_eq!(summary.only_in_b, ["right"]);
    assert_eq!(summary.different, ["web"]);
    assert_eq!(summary.equal, ["same"]);
    assert_eq!((summary.a.count, summary.b.count), (3, 3));
    assert!(summary.a.error.is_none() && summary.b.error.is_none());

    // A side that cannot list is reported there, naming its cluster; nothing is guessed.
    lab.cluster(1).set_fault(Fault::Forbid {
        resource: "deployments.apps".to_owned(),
    });
    let summary = pool
        .compare_namespace(&ids[0], &ids[1], "deployments", Some(NS), false)
        .await
        .unwrap();
    let error = summary.b.error.unwrap();
    assert!(error.message.starts_with("lab-staging"), "{error:?}");
    assert!(summary.only_in_a.is_empty() && summary.different.is_empty());
}

/// One cluster's side read as the window reads it: an abandonable request under `side-{i}`.
fn read_side(
    pool: &Arc<KubeClientManager>,
    requests: &Arc<PendingRequests>,
    i: usize,
    id: &ContextId,
) -> tokio::task::JoinHandle<Result<ComparedSide, Error>> {
    let (pool, id, requests) = (Arc::clone(pool), id.clone(), Arc::clone(requests));
    tokio::spawn(async move {
        let context = id.clone();
        let call = async move {
            Ok(pool
                .compare_side(&id, "deployments", Some(NS), "api", false)
                .await)
        };
        requests
            .run(
                Some(format!("side-{i}")),
                &context,
                "reading the object to compare",
                call,
            )
            .await
    })
}

/// Waits until lab-prod holds the read (`held`) or has let go of it, failing after `within`.
async fn until_held(lab: &Lab, held: bool, within: Duration, what: &str) {
    let deadline = Instant::now() + within;
    while (lab.cluster(2).held_requests("/deployments/api") > 0) != held {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sides_arrive_on_their_own_a_hung_cluster_holds_back_nothing_and_cancel_ends_its_request() {
    let (lab, pool, ids) = connected(3).await;
    for (id, replicas) in ids.iter().zip([2, 3, 4]) {
        pool.apply_yaml(id, &deployment("api", replicas), None)
            .await
            .unwrap();
    }
    // lab-prod accepts the connection but never answers the read.
    lab.cluster(2).set_fault(Fault::HangAfterConnect);
    let requests = Arc::new(PendingRequests::default());
    let started = Instant::now();
    let [dev, staging, prod] = [0, 1, 2].map(|i| read_side(&pool, &requests, i, &ids[i]));
    let dev = dev.await.unwrap().unwrap();
    let staging = staging.await.unwrap().unwrap();
    let shown = started.elapsed();
    assert_eq!(
        (dev.side.state, staging.side.state),
        (SideState::Found, SideState::Found)
    );
    assert!(!prod.is_finished(), "the hung cluster's side is still out");
    // The differences of the sides in so far; the hung one takes no part.
    let so_far = differences(&[dev.object, staging.object, None]);
    let paths: Vec<(&str, &[Option<String>])> = so_far
        .iter()
        .map(|d| (d.path.as_str(), d.values.as_slice()))
        .collect();
    assert_eq!(
        paths,
        vec![(
            "spec.replicas",
            &[Some("2".to_owned()), Some("3".to_owned()), None][..]
        )]
    );
    let timeout = common::options().read_timeout;
    until_held(
        &lab,
        true,
        Duration::from_secs(5),
        "the read never reached lab-prod",
    )
    .await;
    assert_eq!(requests.len(), 1, "only the hung side is outstanding");

    // Cancel: the core task is aborted, the side ends as cancelled naming the cluster.
    assert!(requests.cancel("side-2"));
    let err = prod.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::RequestCancelled { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "lab-prod: reading the object to compare was cancelled"
    );
    assert!(requests.is_empty());
    let took = started.elapsed();
    assert!(took < timeout, "ended before its timeout");
    println!(
        "compare with one hung cluster: two sides shown after {shown:?}, cancelled after {took:?}"
    );
    // The server sees the request end well before the read timeout would have ended it.
    until_held(
        &lab,
        false,
        timeout / 2,
        "lab-prod still holds the cancelled read",
    )
    .await;
}
