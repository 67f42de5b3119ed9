//! Credentials against lab clusters: tokens that expire renewed through an exec plugin
//! without the user, revoked ones reported as Unauthorized, OIDC refresh through the lab's
//! token endpoint, and exec plugins that fail without leaking secrets.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{
    exec_credential, exec_user, kubeconfig, lab, now_ms, options, pool, script, wait_for,
};
use kubeli_core::error::Error;
use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::ContextId;

// --- exec plugins ---------------------------------------------------------------------------

/// Have the token plugin hand out `token`.
fn issue(file: &Path, token: &str) {
    let mut credential = exec_credential(token);
    credential["status"]["expirationTimestamp"] = "2099-01-01T00:00:00Z".into();
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
    // A probe ending later than this (the probe timeout is 1 s) started on the new token.
    let revoked_at = now_ms();
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
                (health.status == HealthStatus::Healthy
                    && health.last_check_ms > Some(revoked_at + 1000.0))
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_with_a_ttl_are_renewed_through_the_exec_plugin_without_the_user() {
    let lab = lab(1).await;
    let control = lab.start_control().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    // Each run asks the lab for a token that lives 2 s and says so in expirationTimestamp.
    let plugin = script(
        dir.path(),
        "ttl-plugin",
        &format!(
            "echo run >> \"{}\"\ncurl -sf -X POST -d '{{\"ttl_seconds\":2}}' {control}/clusters/dev/exec-credential",
            runs.display()
        ),
    );
    let user = exec_user(&plugin, &[], &[]);
    let config = kubeconfig(dir.path(), &lab, "ttl", user, serde_json::json!({}));
    let (pool, mut events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "ttl", 1);
    pool.connect(&ctx).await.unwrap();

    // Across three lifetimes of a token, every probe and call succeeds.
    let until = now_ms() + 6500.0;
    while now_ms() < until {
        let health = wait_for(
            &mut events,
            "a health probe",
            Duration::from_secs(5),
            |e| match e {
                Event::Health { context, health } if *context == ctx => Some(health.clone()),
                _ => None,
            },
        )
        .await;
        assert_eq!(health.status, HealthStatus::Healthy, "{health:?}");
    }
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
    let plugin_runs = std::fs::read_to_string(&runs).unwrap().lines().count();
    assert!(plugin_runs >= 3, "the plugin ran {plugin_runs} times");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_ends_in_unauthorized() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let token = lab.cluster(0).issue_token(None);
    let config = kubeconfig(
        dir.path(),
        &lab,
        "static",
        serde_json::json!({ "token": token }),
        serde_json::json!({}),
    );
    let (pool, mut events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "static", 1);
    pool.connect(&ctx).await.unwrap();
    assert!(lab.cluster(0).revoke_token(&token));
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
        error.starts_with("static:") && error.contains("401 Unauthorized"),
        "{error}"
    );
    let err = pool.list(&ctx, "pods", None, None, None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_oidc_token_is_refreshed_through_the_token_endpoint() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    // kube's refresher trusts the system roots; make the lab's CA one of them.
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, lab.cluster(0).ca_pem()).unwrap();
    std::env::set_var("SSL_CERT_FILE", &ca);
    let oidc = lab.cluster(0).oidc();
    let user = oidc.kubeconfig_user(&lab.cluster(0).mint_id_token(-30));
    let config = kubeconfig(dir.path(), &lab, "oidc", user, serde_json::json!({}));
    let (pool, _events) = pool(&[&config], options());
    let ctx = ContextId::new(&config, "oidc", 1);
    pool.connect(&ctx).await.unwrap();
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
    assert!(
        lab.cluster(0).oidc_refreshes() >= 1,
        "the expired ID token was refreshed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_answered_401_can_reauthenticate_once_and_succeed() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let issued = dir.path().join("credential.json");
    let plugin = script(dir.path(), "token-plugin", "cat \"$CREDENTIAL_FILE\"");
    let user = exec_user(
        &plugin,
        &[],
        &[("CREDENTIAL_FILE", issued.to_str().unwrap())],
    );
    let config = kubeconfig(dir.path(), &lab, "reauth", user, serde_json::json!({}));
    // No health probe gets in first: the call itself has to recover.
    let slow_probes = kubeli_core::pool::PoolOptions {
        health_interval: Duration::from_secs(600),
        ..options()
    };
    let (pool, mut events) = pool(&[&config], slow_probes);
    let ctx = ContextId::new(&config, "reauth", 1);
    let first = lab.cluster(0).issue_token(None);
    issue(&issued, &first);
    pool.connect(&ctx).await.unwrap();
    wait_for(
        &mut events,
        "the first probe",
        Duration::from_secs(5),
        |e| matches!(e, Event::Health { context, .. } if *context == ctx).then_some(()),
    )
    .await;
    assert!(lab.cluster(0).revoke_token(&first));
    issue(&issued, &lab.cluster(0).issue_token(None));

    let err = pool.list(&ctx, "pods", None, None, None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    pool.reauthenticate(&ctx).await.unwrap();
    pool.list(&ctx, "pods", None, None, None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_exec_plugin_times_out_and_a_cancelled_connect_kills_it() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let plugin = script(
        dir.path(),
        "slow-plugin",
        &format!("echo $$ > \"{}\"\nexec sleep 30", pid_file.display()),
    );
    let config = kubeconfig(
        dir.path(),
        &lab,
        "slow",
        exec_user(&plugin, &[], &[]),
        serde_json::json!({}),
    );
    let ctx = ContextId::new(&config, "slow", 1);

    // A limit of 1 s: the error says the plugin gave no credentials and why that may be.
    let short = kubeli_core::pool::PoolOptions {
        exec_timeout: Duration::from_secs(1),
        ..options()
    };
    let (impatient, _events) = pool(&[&config], short);
    let started = std::time::Instant::now();
    let err = impatient.connect(&ctx).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    assert!(matches!(err, Error::ExecPluginFailed { .. }), "{err:?}");
    assert!(
        err.to_string().contains("within 1 s") && err.to_string().contains("interactive logins"),
        "{err}"
    );

    // A cancelled connect kills the plugin it was waiting for.
    std::fs::remove_file(&pid_file).ok();
    let (pool, _events) = pool(&[&config], options());
    let pending = {
        let (pool, ctx) = (std::sync::Arc::clone(&pool), ctx.clone());
        tokio::spawn(async move { pool.connect(&ctx).await })
    };
    let pid = loop {
        if let Some(pid) = std::fs::read_to_string(&pid_file)
            .ok()
            .filter(|p| p.ends_with('\n'))
        {
            break pid.trim().to_owned();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(pool.cancel_connect(&ctx));
    assert!(matches!(
        pending.await.unwrap(),
        Err(Error::Cancelled { .. })
    ));
    let alive = || {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z ")
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while alive() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !alive(),
        "the plugin {pid} still runs after the connect was cancelled"
    );
}
