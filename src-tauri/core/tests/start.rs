//! Reconnecting the last session while the app starts (`connect_at_start`), against lab
//! clusters over real HTTPS: the listed contexts that log in without the user connect in
//! parallel; interactive logins, contexts no longer in the files and broken ones are left
//! to the window.

use std::sync::Arc;
use std::time::Duration;

use kubeli_core::events::ChannelSink;
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::ContextId;
use kubeli_lab::{Lab, LabOptions};

/// A file with a context whose login opens a browser, and one whose user is missing.
const OTHERS: &str = r#"apiVersion: v1
kind: Config
clusters:
- name: far
  cluster: {server: "https://127.0.0.1:9"}
users:
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: gke-auth, interactiveMode: Always}
contexts:
- name: needs-browser
  context: {cluster: far, user: sso}
- name: no-user
  context: {cluster: far, user: nobody}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_the_listed_contexts_that_need_no_login_and_leaves_the_rest_to_the_window() {
    let lab = Lab::start(LabOptions {
        clusters: 3,
        pods_per_cluster: 2,
        seed: 5,
        ..Default::default()
    })
    .await
    .expect("lab starts");
    let dir = tempfile::tempdir().unwrap();
    let others = dir.path().join("others.yaml");
    std::fs::write(&others, OTHERS).unwrap();
    let files = std::env::join_paths([lab.kubeconfig_path(), others.as_path()]).unwrap();
    let (tx, _events) = tokio::sync::mpsc::unbounded_channel();
    let pool = KubeClientManager::new(
        Arc::new(move || SourceInputs {
            kubeconfig_env: Some(files.clone()),
            home: None,
            extra: vec![],
        }),
        Arc::new(ChannelSink(tx)),
        PoolOptions {
            connect_timeout: Duration::from_secs(4),
            ..PoolOptions::default()
        },
    );
    let lab_id = |name: &str| ContextId::new(lab.kubeconfig_path(), name, 1);
    let wanted = vec![
        lab_id("lab-dev"),
        ContextId::new(&others, "needs-browser", 1),
        lab_id("lab-prod"),
        ContextId::new(&others, "no-user", 1),
        ContextId::parse(format!("{}#gone", lab.kubeconfig_path().display())),
    ];

    let started = pool.connect_at_start(wanted).await;

    assert_eq!(started, [lab_id("lab-dev"), lab_id("lab-prod")]);
    let mut live: Vec<String> = pool
        .connected()
        .into_iter()
        .map(|c| c.context.as_str().to_owned())
        .collect();
    live.sort();
    let mut expected = vec![
        lab_id("lab-dev").as_str().to_owned(),
        lab_id("lab-prod").as_str().to_owned(),
    ];
    expected.sort();
    assert_eq!(
        live, expected,
        "exactly the two lab contexts are connected, lab-staging was not listed"
    );
    assert!(pool.connect_at_start(Vec::new()).await.is_empty());
    for id in [lab_id("lab-dev"), lab_id("lab-prod")] {
        assert!(pool.disconnect(&id));
    }
    assert_eq!(
        pool.task_count(),
        0,
        "nothing of the start's connects is left running"
    );
}
