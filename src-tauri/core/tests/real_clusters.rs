//! Real-cluster behaviour against lab clusters over real HTTPS: server errors reported in
//! seconds with their code, recovery after a failed manual reconnect, credentials that
//! expire (an exec plugin that issues new tokens), exec plugins that fail without leaking
//! secrets, and proxies (a CONNECT proxy on 127.0.0.2 that counts the tunnels it opens).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::error::Error;
use kubeli_core::events::{ChannelSink, Event, HealthStatus};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions, ProxyEnv};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab, LabOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc::UnboundedReceiver;

fn options() -> PoolOptions {
    PoolOptions {
        connect_timeout: Duration::from_secs(4),
        health_interval: Duration::from_millis(300),
        probe_timeout: Duration::from_secs(1),
        max_backoff: Duration::from_millis(800),
        batch_window: Duration::from_millis(50),
        proxy_env: Some(ProxyEnv::default()),
        ..PoolOptions::default()
    }
}

fn pool(
    files: &[&Path],
    options: PoolOptions,
) -> (Arc<KubeClientManager>, UnboundedReceiver<Event>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let env = std::env::join_paths(files).unwrap();
    let sources = Arc::new(move || SourceInputs {
        kubeconfig_env: Some(env.clone()),
        home: None,
        extra: vec![],
    });
    (
        KubeClientManager::new(sources, Arc::new(ChannelSink(tx)), options),
        rx,
    )
}

async fn lab(clusters: usize) -> Lab {
    Lab::start(LabOptions {
        clusters,
        pods_per_cluster: 20,
        seed: 21,
        ..Default::default()
    })
    .await
    .expect("lab starts")
}

/// Wait for an event matching `pick`, skipping others.
async fn wait_for<T>(
    events: &mut UnboundedReceiver<Event>,
    what: &str,
    timeout: Duration,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, events.recv()).await {
            Ok(Some(e)) => {
                if let Some(v) = pick(&e) {
                    return v;
                }
            }
            _ => panic!("timed out waiting for {what}"),
        }
    }
}

/// A kubeconfig with one context `name` on lab cluster 0, with `user` as its user entry
/// and `cluster_extra` merged into its cluster entry. JSON is valid YAML.
fn kubeconfig(
    dir: &Path,
    lab: &Lab,
    name: &str,
    user: serde_json::Value,
    cluster_extra: serde_json::Value,
) -> PathBuf {
    let lab_config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    let mut cluster = lab_config["clusters"][0]["cluster"].clone();
    for (k, v) in cluster_extra.as_object().unwrap() {
        cluster[k] = v.clone();
    }
    let config = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": cluster}],
        "users": [{"name": name, "user": user}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
    });
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, config.to_string()).unwrap();
    path
}

fn token_user(lab: &Lab) -> serde_json::Value {
    serde_json::json!({ "token": lab.cluster(0).token() })
}

// --- server errors and recovery -------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_surface_within_seconds_with_code_and_message() {
    let lab = lab(1).await;
    let (pool, _events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    pool.list(&dev, "pods", None, None, None).await.unwrap();
    lab.cluster(0)
        .set_fault(Fault::ServerErrors { percent: 100 });
    for _ in 0..4 {
        let started = Instant::now();
        let err = pool.list(&dev, "pods", None, None, None).await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "took {:?}",
            started.elapsed()
        );
        let text = err.to_string();
        assert!(
            matches!(
                err,
                Error::Api {
                    code: 500 | 503,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            text.starts_with("lab-dev: the API server answered 50")
                && (text.contains("503 Service Unavailable")
                    || text.contains("500 Internal Server Error"))
                && text.contains("unable to handle the request"),
            "{text}"
        );
        assert!(err.retryable());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manual_reconnect_while_down_keeps_retrying_until_the_server_returns() {
    let lab = lab(1).await;
    let (pool, mut events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    lab.cluster(0).set_fault(Fault::Down);
    // "Reconnect" on the red tab: disconnect, then connect while the server is still down.
    pool.disconnect(&dev);
    let err = pool.connect(&dev).await.unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(pool.connection(&dev).is_none());
    let next = wait_for(
        &mut events,
        "a retry report",
        Duration::from_secs(5),
        |e| match e {
            Event::Health { context, health }
                if *context == dev && health.status == HealthStatus::Unreachable =>
            {
                health.next_retry_ms
            }
            _ => None,
        },
    )
    .await;
    assert!(next > 0.0, "the report says when the next try is");

    lab.cluster(0).set_fault(Fault::None);
    wait_for(
        &mut events,
        "healthy by itself",
        Duration::from_secs(10),
        |e| match e {
            Event::Health { context, health }
                if *context == dev && health.status == HealthStatus::Healthy =>
            {
                Some(())
            }
            _ => None,
        },
    )
    .await;
    assert!(
        pool.connection(&dev).is_some(),
        "connected again without the user"
    );
    pool.list(&dev, "pods", None, None, None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnecting_stops_the_retrying() {
    let lab = lab(1).await;
    let (pool, mut events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    lab.cluster(0).set_fault(Fault::Down);
    pool.connect(&dev).await.unwrap_err();
    pool.disconnect(&dev);
    lab.cluster(0).set_fault(Fault::None);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        pool.connection(&dev).is_none(),
        "a disconnected context stays disconnected"
    );
    while let Ok(e) = events.try_recv() {
        assert!(
            !matches!(e, Event::Health { ref health, .. } if health.status == HealthStatus::Healthy),
            "{e:?}"
        );
    }
}

// --- exec plugins ---------------------------------------------------------------------------

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn exec_user(command: &Path, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    serde_json::json!({ "exec": {
        "apiVersion": "client.authentication.k8s.io/v1",
        "command": command,
        "args": args,
        "env": env.iter().map(|(k, v)| serde_json::json!({"name": k, "value": v})).collect::<Vec<_>>(),
        "interactiveMode": "Never",
    }})
}

/// Have the token plugin hand out `token`.
fn issue(file: &Path, token: &str) {
    let credential = serde_json::json!({
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": { "token": token, "expirationTimestamp": "2099-01-01T00:00:00Z" },
    });
    std::fs::write(file, credential.to_string()).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_exec_credentials_are_renewed_once_then_reported_unauthorized() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let issued = dir.path().join("credential.json");
    let plugin = script(dir.path(), "token-plugin", "cat \"$CREDENTIAL_FILE\"");
    let user = exec_user(
        &plugin,
        &[],
        &[("CREDENTIAL_FILE", issued.to_str().unwrap())],
    );
    let config = kubeconfig(dir.path(), &lab, "exec-ctx", user, serde_json::json!({}));
    let (pool, mut events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "exec-ctx", 1);
    let cluster = lab.cluster(0);
    cluster.add_token("first-token-0001", "lab-dev-admin");
    issue(&issued, "first-token-0001");
    pool.connect(&ctx).await.unwrap();

    // The server forgets the token mid-session; the plugin now issues another one.
    cluster.revoke_tokens();
    cluster.add_token("second-token-0002", "lab-dev-admin");
    issue(&issued, "second-token-0002");
    let revoked_at = kubeli_core_now_ms();
    wait_for(
        &mut events,
        "healthy on the new token",
        Duration::from_secs(10),
        |e| match e {
            Event::Health { context, health } if *context == ctx => {
                assert_ne!(
                    health.status,
                    HealthStatus::Unauthorized,
                    "renewed without the user: {health:?}"
                );
                (health.status == HealthStatus::Healthy && health.last_check_ms > Some(revoked_at))
                    .then_some(())
            }
            _ => None,
        },
    )
    .await;
    pool.list(&ctx, "pods", None, None, None).await.unwrap();

    // Revoked for good: one renewal gives the same dead token, so it ends in Unauthorized.
    cluster.revoke_tokens();
    let health = wait_for(
        &mut events,
        "unauthorized",
        Duration::from_secs(10),
        |e| match e {
            Event::Health { context, health }
                if *context == ctx && health.status == HealthStatus::Unauthorized =>
            {
                Some(health.clone())
            }
            _ => None,
        },
    )
    .await;
    let error = health.last_error.unwrap();
    assert!(
        error.starts_with("exec-ctx:") && error.contains("401"),
        "{error}"
    );
}

fn kubeli_core_now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_exec_plugin_leaks_no_secret_into_errors_logs_or_doctor() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let plugin = script(
        dir.path(),
        "leaky-plugin",
        "echo \"token: stdout-Secret-4242424242\"\necho \"error: credential s3cr3tT0kenValue1234567890 was rejected\" >&2\nexit 3",
    );
    let user = exec_user(
        &plugin,
        &["--password", "arg-Secret-hunter2"],
        &[("API_KEY", "env-Secret-0xdeadbeef")],
    );
    let config = kubeconfig(dir.path(), &lab, "leaky", user, serde_json::json!({}));
    let (pool, _events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "leaky", 1);
    let err = pool.connect(&ctx).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::ExecPluginFailed { .. }), "{err:?}");
    assert!(
        text.starts_with("leaky:")
            && text.contains("leaky-plugin")
            && text.contains("exited with code 3"),
        "{text}"
    );
    assert!(
        text.contains("was rejected"),
        "the first stderr line, redacted: {text}"
    );
    let log = serde_json::to_string(&pool.connection_log(&ctx)).unwrap();
    let report = kubeli_core::doctor::run(
        SourceInputs {
            kubeconfig_env: Some(config.clone().into()),
            home: None,
            extra: vec![],
        },
        &[],
        options(),
    )
    .await
    .unwrap();
    let doctor = format!(
        "{}{}",
        kubeli_core::doctor::render(&report),
        serde_json::to_string(&report).unwrap()
    );
    assert!(doctor.contains("exited with code 3"), "{doctor}");
    for secret in ["stdout-Secret", "s3cr3tT0ken", "arg-Secret", "env-Secret"] {
        for (what, out) in [
            ("error", &text),
            ("connection log", &log),
            ("doctor", &doctor),
        ] {
            assert!(
                !out.contains(secret),
                "{secret} leaked into the {what}: {out}"
            );
        }
    }
}

// --- proxies --------------------------------------------------------------------------------

/// A CONNECT proxy on 127.0.0.2 that counts the tunnels it opens and, when given a
/// password, answers 407 to requests without it.
struct Proxy {
    url: String,
    tunnels: Arc<AtomicUsize>,
}

async fn proxy(credentials: Option<&str>) -> Proxy {
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tunnels = Arc::new(AtomicUsize::new(0));
    let expected = credentials.map(|c| {
        use base64::Engine;
        format!(
            "basic {}",
            base64::engine::general_purpose::STANDARD.encode(c)
        )
        .to_lowercase()
    });
    let count = Arc::clone(&tunnels);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (count, expected) = (Arc::clone(&count), expected.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).to_lowercase();
                let target = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                if let Some(expected) = expected {
                    if !head.contains(&format!("proxy-authorization: {expected}")) {
                        let _ = client
                            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
                            .await;
                        return;
                    }
                }
                let Ok(mut upstream) = tokio::net::TcpStream::connect(&target).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    let url = match credentials {
        Some(c) => format!("http://{c}@127.0.0.2:{port}"),
        None => format!("http://127.0.0.2:{port}"),
    };
    Proxy { url, tunnels }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kubeconfig_proxy_url_is_used() {
    let lab = lab(1).await;
    let proxy = proxy(None).await;
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(
        dir.path(),
        &lab,
        "via-proxy",
        token_user(&lab),
        serde_json::json!({"proxy-url": proxy.url}),
    );
    let (pool, _events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "via-proxy", 1);
    pool.connect(&ctx).await.unwrap();
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
    assert!(
        proxy.tunnels.load(Ordering::SeqCst) >= 1,
        "the connection went through the proxy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_is_used_unless_no_proxy_names_the_cluster() {
    let lab = lab(1).await;
    let proxy = proxy(None).await;
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    let env = |no_proxy: Option<&str>| PoolOptions {
        proxy_env: Some(ProxyEnv {
            https_proxy: Some(proxy.url.clone()),
            http_proxy: None,
            no_proxy: no_proxy.map(str::to_owned),
        }),
        ..options()
    };
    let (through, _e1) = pool(
        &[lab.kubeconfig_path()],
        env(Some("example.com,10.0.0.0/8")),
    );
    through.connect(&dev).await.unwrap();
    let tunnels = proxy.tunnels.load(Ordering::SeqCst);
    assert!(tunnels >= 1, "HTTPS_PROXY was used");
    // Its health probe and watchers would open more tunnels: end them before counting.
    through.disconnect(&dev);
    drop(through);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let tunnels = proxy.tunnels.load(Ordering::SeqCst);

    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "localhost, 127.0.0.1"] {
        let (around, _e2) = pool(&[lab.kubeconfig_path()], env(Some(no_proxy)));
        around.connect(&dev).await.unwrap();
        around.list(&dev, "pods", None, None, None).await.unwrap();
        assert_eq!(
            proxy.tunnels.load(Ordering::SeqCst),
            tunnels,
            "NO_PROXY={no_proxy} bypasses the proxy"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_proxy_password_is_a_proxy_error_without_the_password() {
    let lab = lab(1).await;
    let proxy = proxy(Some("kubeli:right-password")).await;
    let dir = tempfile::tempdir().unwrap();
    let wrong = proxy.url.replace("right-password", "wrong-Pa55word");
    let config = kubeconfig(
        dir.path(),
        &lab,
        "bad-proxy",
        token_user(&lab),
        serde_json::json!({"proxy-url": wrong}),
    );
    let good = kubeconfig(
        dir.path(),
        &lab,
        "good-proxy",
        token_user(&lab),
        serde_json::json!({"proxy-url": proxy.url}),
    );
    let (pool, _events) = pool(&[&config, &good], options());
    let ctx = ContextId::new(&config, "bad-proxy", 1);
    let err = pool.connect(&ctx).await.unwrap_err();
    let text = err.to_string();
    let log = serde_json::to_string(&pool.connection_log(&ctx)).unwrap();
    assert!(matches!(err, Error::Proxy { .. }), "{err:?}");
    assert!(
        text.starts_with("bad-proxy:") && text.contains("proxy") && text.contains("127.0.0.2"),
        "{text}"
    );
    assert!(
        !text.contains("wrong-Pa55word") && !log.contains("wrong-Pa55word"),
        "{text} {log}"
    );
    // The right password works through the same proxy.
    pool.connect(&ContextId::new(&good, "good-proxy", 1))
        .await
        .unwrap();
}
