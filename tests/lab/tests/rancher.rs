//! The Rancher-style front (`Lab::start_rancher`) seen by the real kubectl: every cluster at one
//! host and port, told apart by the path of the server URL.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use kubeli_lab::{Fault, FrontHandle};

/// A lab of two clusters with the front started and its kubeconfig written.
async fn front() -> (Env, FrontHandle, PathBuf) {
    let env = start(2, 20).await;
    let kubeconfig = env.home.join("rancher.yaml");
    let front = env.lab.start_rancher(&kubeconfig).await.unwrap();
    (env, front, kubeconfig)
}

/// kubectl on `context` of the front's kubeconfig.
async fn on(env: &Env, kubeconfig: &Path, context: &str, args: &[&str]) -> Out {
    let args: Vec<&str> = ["--context", context].iter().chain(args).copied().collect();
    env.kubectl_with(kubeconfig, &args).await
}

fn pod_names<'a>(names: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    names.map(str::to_owned).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_context_reaches_the_cluster_its_path_names() {
    let (env, front, kubeconfig) = front().await;
    let text = std::fs::read_to_string(&kubeconfig).unwrap();
    for id in ["c-m-dev", "c-m-staging"] {
        assert!(
            text.contains(&format!("{}/k8s/clusters/{id}", front.url())),
            "{text}"
        );
    }
    for (i, context) in ["rancher-dev", "rancher-staging"].iter().enumerate() {
        let o = on(
            &env,
            &kubeconfig,
            context,
            &["get", "pods", "-n", "web", "--no-headers"],
        )
        .await;
        assert!(o.ok, "{context}: {}", o.stderr);
        let listed = pod_names(o.lines().iter().filter_map(|l| l.split_whitespace().next()));
        let pods = env.lab.cluster(i).list("pods", Some("web"));
        let want = pod_names(pods.iter().filter_map(|p| p["metadata"]["name"].as_str()));
        assert_eq!(listed, want, "{context} lists its own cluster's pods");
        let o = on(&env, &kubeconfig, context, &["version", "-o", "json"]).await;
        assert!(
            o.stdout.contains(env.lab.cluster(i).version()),
            "{context}: {}",
            o.stdout
        );
    }
    // A log and an exec go through the prefix too (exec upgrades the connection).
    let pod = env.lab.cluster(0).running_pod("web").unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap();
    let o = on(
        &env,
        &kubeconfig,
        "rancher-dev",
        &["logs", "-n", "web", name, "--tail", "3"],
    )
    .await;
    assert_eq!(o.lines().len(), 3, "{}", o.stderr);
    let echo = [
        "exec", "-n", "web", name, "--", "echo", "through", "rancher",
    ];
    let o = on(&env, &kubeconfig, "rancher-dev", &echo).await;
    assert_eq!(o.stdout.trim(), "through rancher", "{}", o.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_answers_for_a_missing_prefix_and_a_cluster_that_is_down() {
    let (env, front, kubeconfig) = front().await;
    // Without the prefix (a client that dropped the path) the front has no Kubernetes API.
    let bare = ["--server", &front.url(), "get", "pods", "-n", "web"];
    let o = on(&env, &kubeconfig, "rancher-dev", &bare).await;
    assert!(
        !o.ok && o.stderr.contains("could not find the requested resource"),
        "{}",
        o.stderr
    );
    let requests = front.requests();
    assert!(
        requests.iter().any(|r| r.starts_with("/api")),
        "{requests:?}"
    );
    // A cluster whose agent is gone answers 503 through the front; the other still answers.
    env.lab.cluster(0).set_fault(Fault::Down);
    let pods = ["get", "pods", "-n", "web", "--request-timeout", "5s"];
    let o = on(&env, &kubeconfig, "rancher-dev", &pods).await;
    assert!(
        !o.ok && o.stderr.contains("(ServiceUnavailable)"),
        "{}",
        o.stderr
    );
    assert!(on(&env, &kubeconfig, "rancher-staging", &pods).await.ok);
    env.lab.cluster(0).set_fault(Fault::None);
    let o = on(&env, &kubeconfig, "rancher-dev", &pods).await;
    assert!(o.ok, "{}", o.stderr);
}
