//! A kubeconfig user with `as:` (impersonation, as `kubectl --as`): its card says whom it acts
//! as, and the pool's requests act as that user, so the server's answers — a refusal naming the
//! user — are that user's.

mod common;

use common::{kubeconfig, lab, options, pool};
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_context_with_as_acts_as_that_user() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let token = lab.cluster(0).token();
    let as_jane = kubeconfig(
        dir.path(),
        &lab,
        "as-jane",
        json!({"token": token, "as": "jane"}),
        json!({}),
    );
    let own = kubeconfig(dir.path(), &lab, "own", json!({"token": token}), json!({}));
    // The home page's card says so.
    let inputs = kubeli_core::kubeconfig::SourceInputs {
        kubeconfig_env: Some(std::env::join_paths([&as_jane, &own]).unwrap()),
        home: None,
        extra: vec![],
    };
    let cards = kubeli_core::kubeconfig::discover(&inputs)
        .discovery
        .clusters;
    let acts_as: Vec<Option<&str>> = cards.iter().map(|c| c.acts_as.as_deref()).collect();
    assert_eq!(acts_as, [Some("jane"), None]);
    let (pool, _events) = pool(&[&as_jane, &own], options());
    let jane = ContextId::new(&as_jane, "as-jane", 1);
    let admin = ContextId::new(&own, "own", 1);
    pool.connect(&jane).await.unwrap();
    pool.connect(&admin).await.unwrap();
    lab.cluster(0).set_fault(Fault::Forbid {
        resource: "deployments.apps".into(),
    });
    let refused = |user: &str| format!("User \"{user}\" cannot list resource \"deployments\"");
    let err = pool
        .list(&jane, "deployments", Some("web"), None, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("as-jane: forbidden (403)")
            && err.to_string().contains(&refused("jane")),
        "{err}"
    );
    let err = pool
        .list(&admin, "deployments", Some("web"), None, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&refused(lab.cluster(0).user())),
        "{err}"
    );
    // Other reads go through as jane.
    pool.list(&jane, "pods", Some("web"), None, None)
        .await
        .unwrap();
}
