//! Writes the single kubeconfig that describes every simulated cluster.

use base64::Engine;
use serde_json::{json, Value};

/// What the kubeconfig needs to know about one cluster.
pub struct KubeconfigEntry {
    /// Context = cluster entry name (`lab-dev`).
    pub context: String,
    /// `https://127.0.0.1:PORT`
    pub server: String,
    /// CA PEM.
    pub ca_pem: String,
    /// User entry name.
    pub user: String,
    /// Bearer token, if token auth.
    pub token: Option<String>,
    /// Client certificate + key PEM, if certificate auth.
    pub client_cert: Option<(String, String)>,
    /// Default namespace of the context.
    pub namespace: Option<String>,
    /// `tls-server-name`: the name to ask for and verify instead of the server URL's host.
    pub tls_server_name: Option<String>,
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// The kubeconfig as YAML.
pub fn render(entries: &[&KubeconfigEntry]) -> String {
    let clusters: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut cluster = json!({"server": e.server, "certificate-authority-data": b64(&e.ca_pem),
                "extensions": [{"name": "kubeli-lab", "extension": {"simulated": true, "lab": e.context}}]});
            if let Some(name) = &e.tls_server_name {
                cluster["tls-server-name"] = json!(name);
            }
            json!({"name": e.context, "cluster": cluster})
        })
        .collect();
    let users: Vec<Value> = entries
        .iter()
        .map(|e| {
            let user = match (&e.token, &e.client_cert) {
                (Some(t), _) => json!({"token": t}),
                (None, Some((c, k))) => {
                    json!({"client-certificate-data": b64(c), "client-key-data": b64(k)})
                }
                _ => json!({}),
            };
            json!({"name": e.user, "user": user})
        })
        .collect();
    let contexts: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut c = json!({"cluster": e.context, "user": e.user});
            if let Some(ns) = &e.namespace {
                c["namespace"] = json!(ns);
            }
            json!({"name": e.context, "context": c})
        })
        .collect();
    let doc = json!({"apiVersion": "v1", "kind": "Config", "preferences": {},
        "clusters": clusters, "users": users, "contexts": contexts,
        "current-context": entries.first().map(|e| e.context.clone()).unwrap_or_default()});
    serde_saphyr::to_string(&doc).unwrap_or_default()
}
