//! A failing load balancer in front of a cluster (`Fault::GatewayErrors`), seen from outside:
//! its web page on every request, and what it was proxying ended.

mod common;

use std::time::Duration;

use common::*;
use kubeli_lab::Fault;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_gateway_answers_every_request_with_its_web_page() {
    let env = start(2, 20).await;
    env.lab
        .cluster(0)
        .set_fault(Fault::GatewayErrors { code: 502 });
    let client = client(&env.lab, "lab-dev").await;
    for path in ["/readyz", "/version", "/api/v1/pods"] {
        let (code, ct, body) = raw(&client, "GET", path, "application/json").await;
        assert_eq!((code, ct.as_str()), (502, "text/html"), "{path}");
        assert!(
            body.contains("<title>502 Bad Gateway</title>"),
            "{path}: {body}"
        );
    }
    let o = env.kubectl(&["get", "pods", "-A"]).await;
    assert!(
        !o.ok && o.stderr.contains("502 Bad Gateway"),
        "{}",
        o.stderr
    );
    // The other cluster is not behind that gateway.
    env.ok(&["--context", "lab-staging", "get", "pods", "-A"])
        .await;
    env.lab.cluster(0).set_fault(Fault::None);
    env.ok(&["get", "pods", "-A"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_gateway_ends_the_watches_and_logs_it_was_proxying() {
    let env = start(2, 20).await;
    let c = env.lab.cluster(0);
    let pod = c.running_pod("web").unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap().to_string();
    let mut watch = Following::start(&env, &["get", "pods", "-n", "web", "-w", "--no-headers"]);
    watch.line("the watch's first row").await;
    let mut logs = Following::start(&env, &["logs", "-n", "web", &name, "--tail", "1", "-f"]);
    logs.line("the followed log's first line").await;
    // Lab-staging's watch is not behind the failing gateway.
    let mut other = Following::start(
        &env,
        &[
            "--context",
            "lab-staging",
            "get",
            "pods",
            "-n",
            "web",
            "-w",
            "--no-headers",
        ],
    );
    other.line("lab-staging's first row").await;

    c.set_fault(Fault::GatewayErrors { code: 502 });
    assert!(
        watch.ends_within(Duration::from_secs(10)).await,
        "the watch kept streaming through the failed gateway"
    );
    assert!(
        logs.ends_within(Duration::from_secs(10)).await,
        "the followed log kept streaming through the failed gateway"
    );
    assert!(
        !other.ends_within(Duration::from_secs(1)).await,
        "lab-staging's watch ended too"
    );
    // New requests get the gateway's page until it recovers.
    let o = env.kubectl(&["get", "pods", "-n", "web"]).await;
    assert!(
        !o.ok && o.stderr.contains("502 Bad Gateway"),
        "{}",
        o.stderr
    );
    c.set_fault(Fault::None);
    let mut again = Following::start(&env, &["get", "pods", "-n", "web", "-w", "--no-headers"]);
    again.line("a watch after recovery").await;
}
