//! Every argument the window sends is checked before it reaches a cluster: an unknown
//! context, an empty kind, a bad namespace or name, an absurd page size or replica count
//! each end as a clear error that names the cluster and the argument.

mod common;

use kubeli_core::error::Error;
use kubeli_core::ContextId;

fn invalid(result: Result<impl std::fmt::Debug, Error>, argument: &str) -> String {
    match result {
        Err(Error::InvalidInput(message)) => {
            assert!(
                message.starts_with("lab-dev: "),
                "names the cluster: {message}"
            );
            assert!(
                message.contains(&format!("argument \"{argument}\"")),
                "{message}"
            );
            message
        }
        other => panic!("expected a refusal of {argument}, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_arguments_are_refused_with_the_cluster_and_the_argument_named() {
    let lab = common::lab(1).await;
    let (pool, _events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let id = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&id).await.unwrap();

    invalid(pool.list(&id, "", None, None, None).await, "kind");
    invalid(pool.list(&id, "pods; rm", None, None, None).await, "kind");
    invalid(
        pool.list(&id, "pods", Some(""), None, None).await,
        "namespace",
    );
    invalid(
        pool.list(&id, "pods", Some("Not/A/Namespace"), None, None)
            .await,
        "namespace",
    );
    let m = invalid(pool.list(&id, "pods", None, Some(0), None).await, "limit");
    assert!(m.contains("1 to 10000"), "{m}");
    invalid(
        pool.list(&id, "pods", None, Some(u32::MAX), None).await,
        "limit",
    );
    invalid(
        pool.get(&id, "pods", Some("default"), "../../secrets")
            .await,
        "name",
    );
    invalid(pool.get(&id, "pods", Some("default"), "").await, "name");
    invalid(
        pool.delete(&id, "pods", Some("default"), "a/b").await,
        "name",
    );
    invalid(
        pool.scale(&id, "deployments", Some("default"), "web", 4_000_000_000)
            .await,
        "replicas",
    );
    invalid(pool.kind_for_view(&id, " ").await, "kind");
    let huge = "a".repeat(kubeli_core::args::MAX_YAML_BYTES + 1);
    invalid(pool.apply_yaml(&id, &huge, None).await, "yaml");
    // The edits and actions of the details panel check theirs too.
    invalid(pool.replace_yaml(&id, &huge, false).await, "yaml");
    invalid(pool.create_yaml(&id, &huge, None).await, "yaml");
    invalid(
        pool.create_yaml(&id, "kind: ConfigMap", Some("Bad/NS"))
            .await,
        "namespace",
    );
    invalid(pool.cordon(&id, "../node", true).await, "name");
    invalid(pool.drain(&id, "", Default::default()).await, "name");
    invalid(pool.trigger_cronjob(&id, "default", "a/b").await, "name");
    invalid(
        pool.suspend_cronjob(&id, "", "nightly", true).await,
        "namespace",
    );

    // Good arguments still work, at both ends of the page size.
    assert!(pool.list(&id, "pods", None, Some(1), None).await.is_ok());
    assert!(pool
        .list(&id, "pods", None, Some(kubeli_core::args::MAX_PAGE), None)
        .await
        .is_ok());

    // An unknown context is refused by name, and no connection is made for it.
    let unknown = ContextId::new(lab.kubeconfig_path(), "no-such-context", 1);
    let err = pool.connect(&unknown).await.unwrap_err();
    assert!(matches!(err, Error::UnknownContext(_)), "{err:?}");
    assert!(err.to_string().contains("no-such-context"), "{err}");
    let err = pool
        .list(&unknown, "pods", None, None, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no-such-context"), "{err}");
}
