//! Fault switches seen from outside: down (same port back), hang, 5xx, 401, 403 on namespaces only, health 5xx, 429, hang after connect, and the control endpoint (a failing gateway: `gateway.rs`).

mod common;

use std::time::Duration;

use common::*;
use kubeli_lab::Fault;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn down_refuses_then_returns_on_same_port() {
    let env = start(2, 20).await;
    let c = env.lab.cluster(0);
    let addr = c.addr();
    env.ok(&["get", "pods", "-A"]).await;
    c.set_fault(Fault::Down);
    eventually("socket closed", || {
        std::net::TcpStream::connect(addr).is_err()
    })
    .await;
    let o = env
        .kubectl(&["get", "pods", "-A", "--request-timeout", "3s"])
        .await;
    assert!(!o.ok && o.stderr.contains("refused"), "{}", o.stderr);
    // The other cluster is fine.
    env.ok(&["--context", "lab-staging", "get", "pods", "-A"])
        .await;
    c.set_fault(Fault::None);
    eventually("socket back", || std::net::TcpStream::connect(addr).is_ok()).await;
    assert_eq!(c.addr(), addr);
    env.ok(&["get", "pods", "-A"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hang_accepts_but_never_answers() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    c.set_fault(Fault::Hang);
    // TCP still connects (unlike Down)...
    assert!(std::net::TcpStream::connect(c.addr()).is_ok());
    // ...but nothing answers.
    let t = std::time::Instant::now();
    let o = env
        .kubectl(&["get", "pods", "-A", "--request-timeout", "1s"])
        .await;
    assert!(!o.ok, "{}", o.stdout);
    assert!(t.elapsed() >= Duration::from_millis(900));
    c.set_fault(Fault::None);
    env.ok(&["get", "pods", "-A", "--request-timeout", "5s"])
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_slow_and_credentials() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    c.set_fault(Fault::ServerErrors { percent: 100 });
    let o = env
        .kubectl(&["get", "configmaps", "-n", "web", "--request-timeout", "5s"])
        .await;
    assert!(
        !o.ok
            && (o.stderr.contains("InternalError")
                || o.stderr.contains("unable to handle the request")
                || o.stderr.contains("Internal error")),
        "{}",
        o.stderr
    );
    c.set_fault(Fault::Slow { ms: 300 });
    let t = std::time::Instant::now();
    env.ok(&["get", "configmaps", "-n", "web"]).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    c.set_fault(Fault::RejectCredentials);
    let o = env.kubectl(&["get", "pods", "-n", "web"]).await;
    assert!(!o.ok && o.stderr.contains("Unauthorized"), "{}", o.stderr);
    c.set_fault(Fault::None);
    env.ok(&["get", "pods", "-n", "web"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbid_namespaces_only() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    c.set_fault(Fault::ForbidNamespaces);
    let o = env.kubectl(&["get", "namespaces"]).await;
    assert!(!o.ok);
    assert!(
        o.stderr.contains("Forbidden") || o.stderr.contains("forbidden"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains(&format!(
            "User \"{}\" cannot list resource \"namespaces\"",
            c.user()
        )),
        "{}",
        o.stderr
    );
    let o = env.ok(&["get", "pods", "-A", "--no-headers"]).await;
    assert_eq!(o.lines().len(), c.pod_count());
    c.set_fault(Fault::None);
    env.ok(&["get", "namespaces"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_endpoint_switches_faults_and_objects() {
    let env = start(2, 20).await;
    let url = env.lab.start_control().await.unwrap();
    let (code, body) = http(&url, "GET", "/clusters", "").await;
    assert_eq!(code, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v[0]["name"], "lab-dev");
    assert_eq!(v[1]["name"], "lab-staging");
    let (code, _) = http(
        &url,
        "POST",
        "/clusters/lab-dev/fault",
        r#"{"fault":"down"}"#,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(env.lab.cluster(0).faults(), vec![Fault::Down]);
    let (code, _) = http(
        &url,
        "POST",
        "/clusters/dev/fault",
        r#"{"fault":"slow","ms":50,"add":true}"#,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(
        env.lab.cluster(0).faults(),
        vec![Fault::Down, Fault::Slow { ms: 50 }]
    );
    let (code, _) = http(
        &url,
        "POST",
        "/clusters/lab-dev/fault",
        r#"{"fault":"bogus"}"#,
    )
    .await;
    assert_eq!(code, 400);
    let (code, _) = http(
        &url,
        "POST",
        "/clusters/lab-dev/fault",
        r#"{"fault":"none"}"#,
    )
    .await;
    assert_eq!(code, 200);
    assert!(env.lab.cluster(0).faults().is_empty());
    let (code, _) = http(
        &url,
        "POST",
        "/clusters/lab-dev/objects/configmaps",
        r#"{"metadata":{"name":"from-control","namespace":"web"},"data":{"a":"1"}}"#,
    )
    .await;
    assert_eq!(code, 200);
    let o = env
        .ok(&[
            "get",
            "cm",
            "from-control",
            "-n",
            "web",
            "-o",
            "jsonpath={.data.a}",
        ])
        .await;
    assert_eq!(o.stdout, "1");
    let (code, _) = http(
        &url,
        "DELETE",
        "/clusters/lab-dev/objects/configmaps/web/from-control",
        "",
    )
    .await;
    assert_eq!(code, 200);
    assert!(env
        .lab
        .cluster(0)
        .get("configmaps", "web", "from-control")
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_errors_throttling_and_hang_after_connect() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let client = client(&env.lab, "lab-dev").await;
    c.set_fault(Fault::HealthErrors { code: 503 });
    let (code, _, body) = raw(&client, "GET", "/readyz", "").await;
    assert_eq!(code, 503, "{body}");
    let (code, _, body) = raw(&client, "GET", "/version", "").await;
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("ServiceUnavailable"), "{body}");
    // Only the health endpoints: the API itself still answers.
    let (code, _, _) = raw(&client, "GET", "/api/v1/namespaces", "").await;
    assert_eq!(code, 200);

    c.set_fault(Fault::TooManyRequests {
        retry_after: 7,
        percent: 100,
    });
    let (code, headers, body) = raw_full(&client, "GET", "/api/v1/namespaces", "", "").await;
    assert_eq!(code, 429, "{body}");
    assert_eq!(headers.get("retry-after").unwrap(), "7");
    let status: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status["details"]["retryAfterSeconds"], serde_json::json!(7));
    let (code, _, _) = raw(&client, "GET", "/readyz", "").await;
    assert_eq!(code, 200, "health is not throttled");

    c.set_fault(Fault::HangAfterConnect);
    for path in [
        "/version",
        "/readyz",
        "/api",
        "/apis",
        "/api/v1",
        "/apis/apps/v1",
    ] {
        let (code, _, _) = raw(&client, "GET", path, AGGREGATED).await;
        assert_eq!(code, 200, "{path}");
    }
    let pending = {
        let client = client.clone();
        tokio::spawn(async move { raw(&client, "GET", "/api/v1/namespaces", "").await })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!pending.is_finished(), "a resource request must hang");
    assert_eq!(
        c.held_requests("/api/v1/namespaces"),
        1,
        "the hung request is listed"
    );
    let o = env
        .kubectl(&["get", "pods", "-n", "web", "--request-timeout", "1s"])
        .await;
    assert!(!o.ok, "{}", o.stdout);
    // kubectl gave up and closed its connection: the lab lets go of that request at once.
    eventually("kubectl's abandoned request let go", || {
        c.held_requests("/namespaces/web/pods") == 0
    })
    .await;
    assert_eq!(c.held_requests("/api/v1/namespaces"), 1, "ours still hangs");
    c.set_fault(Fault::None);
    let (code, _, _) = tokio::time::timeout(Duration::from_secs(5), pending)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(code, 200, "the hung request completes once healed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_endpoint_sets_new_faults_and_issues_credentials() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let url = env.lab.start_control().await.unwrap();
    let post = |path: &'static str, body: &'static str| {
        let url = url.clone();
        async move { http(&url, "POST", path, body).await }
    };
    let (code, _) = post(
        "/clusters/dev/fault",
        r#"{"fault":"forbid","resource":"secrets"}"#,
    )
    .await;
    assert_eq!(code, 200);
    let (code, _) = post(
        "/clusters/dev/fault",
        r#"{"fault":"too_many_requests","retry_after":1,"add":true}"#,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(
        c.faults(),
        vec![
            Fault::Forbid {
                resource: "secrets".into()
            },
            Fault::TooManyRequests {
                retry_after: 1,
                percent: 100
            }
        ]
    );
    let (code, _) = http(&url, "DELETE", "/clusters/dev/fault", "").await;
    assert_eq!(code, 200);

    let (code, body) = post("/clusters/dev/tokens", r#"{"ttl_seconds":60}"#).await;
    assert_eq!(code, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let token = v["token"].as_str().unwrap().to_string();
    assert!(v["expirationTimestamp"].is_string());
    env.ok(&["--token", &token, "get", "namespaces"]).await;
    let (code, body) = http(&url, "DELETE", &format!("/clusters/dev/tokens/{token}"), "").await;
    assert_eq!((code, body.as_str()), (200, r#"{"revoked":true}"#));
    let o = env.kubectl(&["--token", &token, "get", "namespaces"]).await;
    assert!(!o.ok);

    let (code, body) = http(&url, "GET", "/clusters/dev/oidc", "").await;
    assert_eq!(code, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["issuerUrl"], serde_json::json!(c.server_url()));
    assert!(v["caPem"].as_str().unwrap().contains("BEGIN CERTIFICATE"));
    let (_, body) = post("/clusters/dev/oidc/id-token", r#"{"valid_for_seconds":60}"#).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    env.ok(&[
        "--token",
        v["idToken"].as_str().unwrap(),
        "get",
        "namespaces",
    ])
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbid_all_namespaces_keeps_one_namespace_listable() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    c.set_fault(Fault::ForbidAllNamespaces {
        resource: "pods".into(),
    });
    let o = env.kubectl(&["get", "pods", "-A"]).await;
    assert!(!o.ok);
    assert!(
        o.stderr.contains(&format!(
            "User \"{}\" cannot list resource \"pods\" in API group \"\" at the cluster scope",
            c.user()
        )),
        "{}",
        o.stderr
    );
    let o = env.ok(&["get", "pods", "-n", "web", "--no-headers"]).await;
    assert!(!o.stdout.is_empty());
    // Other kinds and cluster-scoped kinds stay listable everywhere.
    env.ok(&["get", "configmaps", "-A", "--no-headers"]).await;
    env.ok(&["get", "nodes", "--no-headers"]).await;
    assert_eq!(
        c.faults(),
        vec![Fault::ForbidAllNamespaces {
            resource: "pods".into()
        }]
    );
}
