//! Clusters behind a Rancher-style front (the lab's `start_rancher`): every context at one host
//! and port, told apart only by the path of the server URL (`…/k8s/clusters/c-m-dev`), as in
//! the kubeconfigs Rancher hands out. Each context reaches its own cluster for lists, kinds
//! (a custom resource on one cluster only), logs and exec; a cluster whose agent is gone is
//! reported unreachable with the front's answer while the other stays healthy.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use common::{lab, options, pool, wait_for};
use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::pool::KubeClientManager;
use kubeli_core::streams::{ExecRequest, LogRequest, LogTarget, StreamManager};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, FrontHandle, Lab};
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(15);
const SAID: &str = "rancher-dev: the API server answered 503 Service Unavailable: \"cluster agent disconnected\" (ClusterUnavailable), not a Kubernetes answer: a proxy or gateway in front of the API server sent it";

struct Env {
    lab: Lab,
    front: FrontHandle,
    pool: Arc<KubeClientManager>,
    events: UnboundedReceiver<Event>,
    dev: ContextId,
    staging: ContextId,
    _dir: tempfile::TempDir,
}

/// Two lab clusters (a custom resource on the first only) behind the front; `rancher-dev`,
/// `rancher-staging` and the lab's own `lab-dev` (the first cluster, directly) connected.
async fn env() -> Env {
    let lab = lab(2).await;
    let crd = lab
        .cluster(0)
        .add_custom_resource("rancher.kubeli.dev", "v1", "Herd", true);
    crd.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rancher.yaml");
    let front = lab.start_rancher(&file).await.unwrap();
    let (pool, events) = pool(&[&file, lab.kubeconfig_path()], options());
    let dev = ContextId::new(&file, "rancher-dev", 1);
    let staging = ContextId::new(&file, "rancher-staging", 1);
    let direct = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    for id in [&dev, &staging, &direct] {
        pool.connect(id).await.unwrap_or_else(|e| panic!("{e}"));
    }
    Env {
        lab,
        front,
        pool,
        events,
        dev,
        staging,
        _dir: dir,
    }
}

fn names<'a>(pods: impl Iterator<Item = &'a serde_json::Value>) -> BTreeSet<String> {
    pods.filter_map(|p| p["metadata"]["name"].as_str())
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contexts_at_one_host_reach_the_cluster_their_path_names() {
    let e = env().await;
    let direct = ContextId::new(e.lab.kubeconfig_path(), "lab-dev", 1);
    for (id, i) in [(&e.dev, 0), (&e.staging, 1), (&direct, 0)] {
        let listed = e
            .pool
            .list(id, "pods", Some("web"), None, None)
            .await
            .unwrap();
        let want = e.lab.cluster(i).list("pods", Some("web"));
        assert_eq!(
            names(listed.items.iter()),
            names(want.iter()),
            "{} lists cluster {i}'s pods",
            id.name()
        );
    }
    let herds =
        |kinds: kubeli_core::kinds::ClusterKinds| kinds.kinds.iter().any(|k| k.kind == "Herd");
    assert!(
        herds(e.pool.describe_kinds(&e.dev).await.unwrap()),
        "rancher-dev serves the custom resource"
    );
    assert!(
        !herds(e.pool.describe_kinds(&e.staging).await.unwrap()),
        "rancher-staging does not"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_and_exec_go_through_the_prefix() {
    let mut e = env().await;
    let pod = e.lab.cluster(0).running_pod("web").unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap().to_owned();
    let streams = StreamManager::new(e.pool.clone());
    let target = LogTarget::Pod {
        pod: name.clone(),
        container: None,
    };
    let logs = LogRequest {
        namespace: "web".into(),
        target,
        follow: false,
        tail_lines: Some(3),
        since_seconds: None,
        timestamps: false,
        previous: false,
    };
    let id = streams.start_logs(&e.dev, logs).await.unwrap();
    wait_for(
        &mut e.events,
        "rancher-dev's log lines",
        WAIT,
        |ev| match ev {
            Event::LogLines { id: i, lines, .. } if *i == id && !lines.is_empty() => Some(()),
            _ => None,
        },
    )
    .await;
    let command = Some(["echo", "through", "rancher"].map(str::to_owned).to_vec());
    let exec = ExecRequest {
        namespace: "web".into(),
        pod: name,
        container: None,
        command,
        cols: 80,
        rows: 24,
    };
    let id = streams.start_exec(&e.dev, exec).await.unwrap().id;
    let mut out = String::new();
    wait_for(
        &mut e.events,
        "rancher-dev's exec output",
        WAIT,
        |ev| match ev {
            Event::ExecOutput { id: i, data, .. } if *i == id => {
                out.push_str(data);
                out.contains("through rancher").then_some(())
            }
            _ => None,
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_whose_agent_is_gone_is_unreachable_with_the_fronts_answer() {
    let mut e = env().await;
    e.lab.cluster(0).set_fault(Fault::Down);
    // A read is retried twice; a health probe never (the probe has its own backoff), whatever
    // path the server URL puts before it.
    let client = e.pool.get_client(&e.dev).unwrap();
    let hits = |target: &str| {
        e.front
            .requests()
            .iter()
            .filter(|r| r.ends_with(target))
            .count()
    };
    for (path, tries) in [
        ("/readyz?probe=rancher-test", 1),
        ("/api/v1/namespaces/web/configmaps?probe=rancher-test", 3),
    ] {
        let request = http::Request::get(path).body(Vec::new()).unwrap();
        let err = client.request_text(request).await.unwrap_err();
        assert!(err.to_string().contains("503"), "{path}: {err}");
        assert_eq!(hits(path), tries, "{path} asked {tries} time(s)");
    }
    let said = wait_for(
        &mut e.events,
        "rancher-dev unreachable",
        WAIT,
        |ev| match ev {
            Event::Health { context, health }
                if *context == e.dev && health.status == HealthStatus::Unreachable =>
            {
                health.last_error.clone()
            }
            _ => None,
        },
    )
    .await;
    assert_eq!(said, SAID);
    let health = e.pool.connection(&e.staging).unwrap().health();
    assert_eq!(health.status, HealthStatus::Healthy, "{health:?}");
    e.lab.cluster(0).set_fault(Fault::None);
    wait_for(
        &mut e.events,
        "rancher-dev healthy again",
        WAIT,
        |ev| match ev {
            Event::Health { context, health }
                if *context == e.dev && health.status == HealthStatus::Healthy =>
            {
                Some(())
            }
            _ => None,
        },
    )
    .await;
}
