//! OpenShift's projects (`ClusterHandle::serve_projects`), seen by the real kubectl: every
//! namespace is a Project, and a user who may not list namespaces still lists and watches
//! their projects, as on OpenShift.

mod common;

use common::*;
use kubeli_lab::Fault;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_are_listed_and_watched_while_namespaces_are_forbidden() {
    let env = start(2, 10).await;
    let c = env.lab.cluster(0);
    let unknown = env.kubectl(&["get", "projects"]).await;
    assert!(!unknown.ok, "projects served before they were asked for");
    c.serve_projects();
    c.set_fault(Fault::ForbidNamespaces);
    let refused = env.kubectl(&["get", "namespaces"]).await;
    assert!(refused.stderr.contains("Forbidden"), "{}", refused.stderr);
    let o = env
        .ok(&[
            "get",
            "projects",
            "-o",
            "jsonpath={.items[*].metadata.name}",
        ])
        .await;
    let mut projects: Vec<&str> = o.stdout.split_whitespace().collect();
    projects.sort_unstable();
    let mut namespaces: Vec<String> = c
        .list("namespaces", None)
        .iter()
        .map(|n| n["metadata"]["name"].as_str().unwrap().to_owned())
        .collect();
    namespaces.sort_unstable();
    assert_eq!(projects, namespaces);
    let one = env
        .ok(&[
            "get",
            "project",
            "web",
            "-o",
            "jsonpath={.kind} {.apiVersion} {.status.phase}",
        ])
        .await;
    assert_eq!(one.stdout, "Project project.openshift.io/v1 Active");

    let mut watch = Following::start(&env, &["get", "projects", "-w", "--no-headers"]);
    for _ in 0..namespaces.len() {
        watch.line("the watch's first rows").await;
    }
    c.create("namespaces", json!({"metadata": {"name": "team-new"}}))
        .unwrap();
    let line = watch.line("the new project").await;
    assert!(line.starts_with("team-new"), "{line}");
    // The other cluster was not asked to serve projects.
    let other = env
        .kubectl(&["--context", "lab-staging", "get", "projects"])
        .await;
    assert!(!other.ok, "{}", other.stdout);
}
