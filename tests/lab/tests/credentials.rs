//! Credentials that change while a client runs: tokens with a TTL and revocation, an exec
//! plugin fetching fresh tokens from the control endpoint, OIDC refresh against the cluster's
//! own issuer, a CONNECT proxy in front of a cluster, and impersonation (`--as`) — all with the
//! real kubectl.

mod common;

use std::time::Duration;

use base64::Engine;
use common::*;
use kubeli_lab::{Fault, ProxyOptions};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_with_a_ttl_expire_and_revoked_tokens_stop_working() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let short = c.issue_token(Some(Duration::from_secs(1)));
    let long = c.issue_token(None);
    env.ok(&["--token", &short, "get", "namespaces"]).await;
    env.ok(&["--token", &long, "get", "namespaces"]).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let o = env.kubectl(&["--token", &short, "get", "namespaces"]).await;
    assert!(!o.ok && o.stderr.contains("Unauthorized"), "{}", o.stderr);
    assert!(c.revoke_token(&long));
    let o = env.kubectl(&["--token", &long, "get", "namespaces"]).await;
    assert!(!o.ok && o.stderr.contains("Unauthorized"), "{}", o.stderr);
    // The kubeconfig's own token is untouched.
    env.ok(&["get", "namespaces"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_plugin_fetches_fresh_tokens_from_the_control_endpoint() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let url = env.lab.start_control().await.unwrap();
    let script =
        format!("curl -sf -X POST -d '{{\"ttl_seconds\":1}}' {url}/clusters/dev/exec-credential");
    let kc = env.kubeconfig_with("exec.json", |kc| {
        entry(kc, "users", "lab-dev-admin")["user"] = json!({"exec": {
            "apiVersion": "client.authentication.k8s.io/v1", "command": "sh",
            "args": ["-c", script], "interactiveMode": "Never"}});
    });
    env.ok(&[
        "--kubeconfig",
        kc.to_str().unwrap(),
        "get",
        "pods",
        "-n",
        "web",
    ])
    .await;
    // The first token has expired by now; a new kubectl run asks the plugin again.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let o = env
        .kubectl_with(&kc, &["get", "pods", "-n", "web", "--no-headers"])
        .await;
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(o.lines().len(), c.list("pods", Some("web")).len());
    c.revoke_tokens();
    let o = env.kubectl_with(&kc, &["get", "pods", "-n", "web"]).await;
    assert!(
        o.ok,
        "fresh tokens are not affected by revoking old ones: {}",
        o.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_refreshes_an_expired_oidc_token_at_the_cluster_issuer() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let oidc = c.oidc();
    let expired = c.mint_id_token(-30);
    let ca = base64::engine::general_purpose::STANDARD.encode(c.ca_pem());
    let user = |secret: &str| {
        let mut u = oidc.kubeconfig_user(&expired);
        u["auth-provider"]["config"]["client-secret"] = json!(secret);
        u["auth-provider"]["config"]["idp-certificate-authority-data"] = json!(ca);
        u
    };
    let good = user(&oidc.client_secret);
    let kc = env.kubeconfig_with("oidc.json", |kc| {
        entry(kc, "users", "lab-dev-admin")["user"] = good;
    });
    let o = env
        .kubectl_with(&kc, &["get", "namespaces", "--no-headers"])
        .await;
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(o.lines().len(), c.count("namespaces"));
    assert_eq!(c.oidc_refreshes(), 1);
    // kubectl stores the refreshed ID token in the kubeconfig.
    assert!(!std::fs::read_to_string(&kc).unwrap().contains(&expired));

    let bad = env.kubeconfig_with("oidc-bad.json", |kc| {
        entry(kc, "users", "lab-dev-admin")["user"] = user("wrong");
    });
    let o = env.kubectl_with(&bad, &["get", "namespaces"]).await;
    assert!(!o.ok, "{}", o.stdout);
    assert_eq!(c.oidc_refreshes(), 1);

    // The issuer as kube-rs' refresher reads it.
    let client = client(&env.lab, "lab-dev").await;
    let (code, _, body) = raw(&client, "GET", "/.well-known/openid-configuration", "").await;
    assert_eq!(code, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        doc["token_endpoint"],
        json!(format!("{}/oidc/token", c.server_url()))
    );
    let form = format!(
        "grant_type=refresh_token&refresh_token={}&client_id=kubeli&client_secret={}",
        oidc.refresh_token, oidc.client_secret
    );
    let (code, _, body) = raw_full(&client, "POST", "/oidc/token", "", &form).await;
    assert_eq!(code, 200, "{body}");
    let tok: Value = serde_json::from_str(&body).unwrap();
    let id = tok["id_token"].as_str().unwrap();
    env.ok(&["--token", id, "get", "namespaces"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_proxy_counts_tunnels_and_requires_its_credentials() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let proxy = env
        .lab
        .start_proxy(ProxyOptions {
            basic_auth: Some(("lab".into(), "s3cret".into())),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(proxy.addr().ip().to_string(), "127.0.0.2");
    let with = |file: &str, auth: &str| {
        let url = proxy.url().replace("http://", &format!("http://{auth}@"));
        // No ':' in the file name: KUBECONFIG is a ':'-separated list.
        env.kubeconfig_with(file, |kc| {
            entry(kc, "clusters", "lab-dev")["cluster"]["proxy-url"] = json!(url);
        })
    };
    let kc = with("proxy-good.json", "lab:s3cret");
    let o = env
        .kubectl_with(&kc, &["get", "namespaces", "--no-headers"])
        .await;
    assert!(o.ok, "{}", o.stderr);
    assert!(proxy.connects() >= 1);
    assert!(
        proxy.targets().iter().all(|t| *t == c.addr().to_string()),
        "{:?}",
        proxy.targets()
    );
    let before = proxy.rejected();
    let o = env
        .kubectl_with(&with("proxy-bad.json", "lab:wrong"), &["get", "namespaces"])
        .await;
    assert!(!o.ok, "{}", o.stdout);
    assert!(proxy.rejected() > before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impersonation_acts_and_is_refused_as_the_named_user() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    c.set_fault(Fault::Forbid {
        resource: "deployments.apps".into(),
    });
    let refused = |user: &str| {
        format!("User \"{user}\" cannot list resource \"deployments\" in API group \"apps\"")
    };
    let o = env
        .kubectl(&["--as", "jane", "get", "deployments", "-n", "web"])
        .await;
    assert!(!o.ok && o.stderr.contains(&refused("jane")), "{}", o.stderr);
    let o = env.kubectl(&["get", "deployments", "-n", "web"]).await;
    assert!(
        !o.ok && o.stderr.contains(&refused(c.user())),
        "{}",
        o.stderr
    );
    // Everything else still works for the impersonated user.
    env.ok(&["--as", "jane", "get", "pods", "-n", "web"]).await;
}
