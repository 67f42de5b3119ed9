//! OpenShift: a user who may not list namespaces (the usual OpenShift set-up) lists the projects
//! they may use (`project.openshift.io/v1`). The namespace picker gets those, watched live,
//! instead of the fallback of the context's namespace and the ones the user added.

mod common;

use std::time::Duration;

use kubeli_core::events::{Event, NamespaceSource, Namespaces};
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

fn names(lab: &kubeli_lab::Lab) -> Vec<String> {
    let mut names: Vec<String> = lab
        .cluster(0)
        .list("namespaces", None)
        .iter()
        .map(|n| n["metadata"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort_unstable();
    names
}

/// Waits for a namespace list that `want` accepts.
async fn list(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
    what: &str,
    want: impl Fn(&Namespaces) -> bool,
) -> Namespaces {
    common::wait_for(events, what, WAIT, |e| match e {
        Event::Namespaces { namespaces, .. } if want(namespaces) => Some(namespaces.clone()),
        _ => None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_are_the_list_when_namespaces_are_forbidden() {
    let lab = common::lab(1).await;
    lab.cluster(0).serve_projects();
    lab.cluster(0).set_fault(Fault::ForbidNamespaces);
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    let first = list(&mut events, "the projects", |_| true).await;
    assert_eq!(first.source, NamespaceSource::Projects, "{first:?}");
    assert_eq!(first.names, names(&lab));
    assert_eq!(first.error, None);
    // Watched: a project made now is listed without a reconnect.
    lab.cluster(0)
        .create("namespaces", json!({"metadata": {"name": "team-new"}}))
        .unwrap();
    let next = list(&mut events, "the new project", |n| {
        n.names.iter().any(|x| x == "team-new")
    })
    .await;
    assert_eq!(next.source, NamespaceSource::Projects);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_projects_a_forbidden_list_falls_back() {
    let lab = common::lab(1).await;
    lab.cluster(0).set_fault(Fault::ForbidNamespaces);
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    let first = list(&mut events, "the fallback", |_| true).await;
    assert_eq!(first.source, NamespaceSource::Fallback, "{first:?}");
    // Allowed again: the namespaces themselves come back (the 404 on projects is not tried
    // again, and does not stop the retries).
    lab.cluster(0).set_fault(Fault::None);
    let back = list(&mut events, "the namespaces", |n| {
        n.source == NamespaceSource::Watched
    })
    .await;
    assert_eq!(back.names, names(&lab));
}
