//! Helpers shared by the real-cluster tests: a pool over chosen kubeconfig files, a lab,
//! waiting for an event, and kubeconfigs of our own pointing at a lab cluster.
#![allow(
    dead_code,
    reason = "each test crate uses a different subset of these helpers"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::events::{ChannelSink, Event};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions, ProxyEnv};
use kubeli_lab::{Lab, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

pub fn options() -> PoolOptions {
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

pub fn pool(
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

pub async fn lab(clusters: usize) -> Lab {
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
pub async fn wait_for<T>(
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
pub fn kubeconfig(
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

/// An executable shell script `name` in `dir` running `body`.
pub fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A kubeconfig user whose credentials come from the exec plugin `command`.
pub fn exec_user(command: &Path, args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    serde_json::json!({ "exec": {
        "apiVersion": "client.authentication.k8s.io/v1",
        "command": command,
        "args": args,
        "env": env.iter().map(|(k, v)| serde_json::json!({"name": k, "value": v})).collect::<Vec<_>>(),
        "interactiveMode": "Never",
    }})
}

/// What an exec plugin prints to hand out `token` (no expiry).
pub fn exec_credential(token: &str) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": { "token": token },
    })
}

pub fn token_user(lab: &Lab) -> serde_json::Value {
    serde_json::json!({ "token": lab.cluster(0).token() })
}

/// Milliseconds since the Unix epoch, as events carry them.
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}
