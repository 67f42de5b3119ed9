//! Real-cluster faults against lab clusters over real HTTPS: 5xx and 429 reported within
//! seconds with their code and message, recovery after a failed manual reconnect, and
//! proxies (the lab's CONNECT proxy on 127.0.0.2, which counts the tunnels it opens).

mod common;

use std::time::{Duration, Instant};

use common::{kubeconfig, lab, options, pool, token_user, wait_for};
use kubeli_core::error::{Error, ErrorKind};
use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::pool::{PoolOptions, ProxyEnv};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, ProxyOptions};

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
        println!(
            "a server error ({:?}) reached the caller {:?} after the list started (bounded GET retry included)",
            err.kind(),
            started.elapsed()
        );
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
    // Down takes effect when the lab's server task next runs; a connect sent before would be
    // served (seen once in CI: the reconnect below succeeded).
    assert!(lab.cluster(0).until_refusing(Duration::from_secs(5)).await);
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
    assert!(lab.cluster(0).until_refusing(Duration::from_secs(5)).await);
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

// --- proxies --------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kubeconfig_proxy_url_is_used() {
    let lab = lab(1).await;
    let proxy = lab.start_proxy(ProxyOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(
        dir.path(),
        &lab,
        "via-proxy",
        token_user(&lab),
        serde_json::json!({"proxy-url": proxy.url()}),
    );
    let (pool, _events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "via-proxy", 1);
    pool.connect(&ctx).await.unwrap();
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
    let log = pool.connection_log(&ctx);
    let built = log.iter().find(|s| s.step == "build the client").unwrap();
    assert!(
        built
            .detail
            .as_deref()
            .unwrap()
            .ends_with(&format!("via proxy {}", proxy.url())),
        "the connection log names the proxy: {built:?}"
    );
    assert!(
        proxy.connects() >= 1,
        "the connection went through the proxy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_is_used_unless_no_proxy_names_the_cluster() {
    let lab = lab(1).await;
    let proxy = lab.start_proxy(ProxyOptions::default()).await.unwrap();
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    let env = |no_proxy: Option<&str>| PoolOptions {
        proxy_env: Some(ProxyEnv {
            https_proxy: Some(proxy.url()),
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
    let tunnels = proxy.connects();
    assert!(tunnels >= 1, "HTTPS_PROXY was used");
    // Its health probe and watchers would open more tunnels: end them before counting.
    through.disconnect(&dev);
    drop(through);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let tunnels = proxy.connects();

    for no_proxy in ["127.0.0.1", "127.0.0.0/8", "localhost, 127.0.0.1"] {
        let (around, _e2) = pool(&[lab.kubeconfig_path()], env(Some(no_proxy)));
        around.connect(&dev).await.unwrap();
        around.list(&dev, "pods", None, None, None).await.unwrap();
        assert_eq!(
            proxy.connects(),
            tunnels,
            "NO_PROXY={no_proxy} bypasses the proxy"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_proxy_password_is_a_proxy_error_without_the_password() {
    let lab = lab(1).await;
    let proxy = lab
        .start_proxy(ProxyOptions {
            basic_auth: Some(("kubeli".into(), "right-password".into())),
            ..ProxyOptions::default()
        })
        .await
        .unwrap();
    let with = |password: &str| {
        proxy
            .url()
            .replace("http://", &format!("http://kubeli:{password}@"))
    };
    let dir = tempfile::tempdir().unwrap();
    let wrong = with("wrong-Pa55word");
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
        serde_json::json!({"proxy-url": with("right-password")}),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_503_on_version_and_health_is_reported_within_seconds() {
    let lab = lab(1).await;
    let (pool, mut events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    lab.cluster(0).set_fault(Fault::HealthErrors { code: 503 });
    let health = wait_for(
        &mut events,
        "unreachable",
        Duration::from_secs(5),
        |e| match e {
            Event::Health { context, health }
                if *context == dev && health.status == HealthStatus::Unreachable =>
            {
                Some(health.clone())
            }
            _ => None,
        },
    )
    .await;
    assert_eq!(health.error_kind, Some(ErrorKind::Api));
    assert!(health
        .last_error
        .unwrap()
        .contains("503 Service Unavailable"));

    // A fresh connect (what doctor does) fails at /version with the code, within seconds.
    pool.disconnect(&dev);
    let started = Instant::now();
    let err = pool.connect(&dev).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::Api { code: 503, .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("lab-dev: the API server answered 503 Service Unavailable"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_reported_within_seconds_without_waiting_for_retry_after() {
    let lab = lab(1).await;
    let (pool, _events) = pool(&[lab.kubeconfig_path()], options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    lab.cluster(0).set_fault(Fault::TooManyRequests {
        retry_after: 30,
        percent: 100,
    });
    let started = Instant::now();
    let err = pool.list(&dev, "pods", None, None, None).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::Api { code: 429, .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("lab-dev: the API server answered 429 Too Many Requests"),
        "{err}"
    );
    assert!(err.retryable());
}

/// A minimal SOCKS5 proxy (no auth, CONNECT only) on 127.0.0.2 that counts its tunnels: the
/// lab has no SOCKS proxy, and the protocol is small.
async fn socks5_proxy() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let url = format!("socks5://{}", listener.local_addr().unwrap());
    let tunnels = std::sync::Arc::new(AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&tunnels);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let count = std::sync::Arc::clone(&count);
            tokio::spawn(async move {
                let mut head = [0u8; 2];
                client.read_exact(&mut head).await.ok()?;
                let mut methods = vec![0u8; usize::from(head[1])];
                client.read_exact(&mut methods).await.ok()?;
                client.write_all(&[5, 0]).await.ok()?;
                let mut request = [0u8; 4];
                client.read_exact(&mut request).await.ok()?;
                let host = match request[3] {
                    1 => {
                        let mut ip = [0u8; 4];
                        client.read_exact(&mut ip).await.ok()?;
                        std::net::Ipv4Addr::from(ip).to_string()
                    }
                    3 => {
                        let len = client.read_u8().await.ok()?;
                        let mut name = vec![0u8; usize::from(len)];
                        client.read_exact(&mut name).await.ok()?;
                        String::from_utf8(name).ok()?
                    }
                    _ => return None,
                };
                let port = client.read_u16().await.ok()?;
                let mut upstream = tokio::net::TcpStream::connect((host.as_str(), port))
                    .await
                    .ok()?;
                count.fetch_add(1, Ordering::SeqCst);
                client
                    .write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])
                    .await
                    .ok()?;
                tokio::io::copy_bidirectional(&mut client, &mut upstream)
                    .await
                    .ok()
            });
        }
    });
    (url, tunnels)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socks5_proxy_url_is_used() {
    let lab = lab(1).await;
    let (url, tunnels) = socks5_proxy().await;
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(
        dir.path(),
        &lab,
        "via-socks",
        token_user(&lab),
        serde_json::json!({"proxy-url": url}),
    );
    let (pool, _events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "via-socks", 1);
    pool.connect(&ctx).await.unwrap();
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
    assert!(
        tunnels.load(std::sync::atomic::Ordering::SeqCst) >= 1,
        "the connection went through the SOCKS proxy"
    );
}
