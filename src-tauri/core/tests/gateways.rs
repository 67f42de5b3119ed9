//! A load balancer or proxy in front of the API server that fails answers with a web page (the
//! lab's `GatewayErrors`: nginx's "502 Bad Gateway"), not a Kubernetes `Status`: the error names
//! the cluster, the code and the page's title, never its HTML, for a list and for a connect.

mod common;

use common::{lab, options, pool};
use kubeli_core::error::Error;
use kubeli_core::ContextId;
use kubeli_lab::Fault;

const SAID: &str = "lab-dev: the API server answered 502 Bad Gateway: a web page (\"502 Bad Gateway\") instead of a Kubernetes answer: a proxy or load balancer in front of the API server sent it";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_gateway_is_named_by_its_page_title_not_its_html() {
    let lab = lab(1).await;
    let (pool, _events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();

    lab.cluster(0).set_fault(Fault::GatewayErrors { code: 502 });
    let err = pool.list(&dev, "pods", None, None, None).await.unwrap_err();
    assert!(matches!(err, Error::Api { code: 502, .. }), "{err:?}");
    assert_eq!(err.to_string(), SAID);
    assert!(err.retryable());

    // Connecting through it: the first request (`/version`) gets the same page.
    pool.disconnect(&dev);
    let err = pool.connect(&dev).await.unwrap_err();
    assert!(err.to_string().contains(SAID), "{err}");
    assert!(!err.to_string().contains('<'), "{err}");

    lab.cluster(0).set_fault(Fault::None);
    pool.disconnect(&dev);
    pool.connect(&dev).await.unwrap();
    pool.list(&dev, "pods", None, None, None).await.unwrap();
}
