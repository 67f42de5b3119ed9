//! HTTPS fronts before the lab's clusters, as real clusters are reached through them.
//!
//! **Rancher-style** ([`start_rancher`]): one server that reaches each cluster under
//! `/k8s/clusters/{id}/…`, as Rancher's cluster proxy does. The kubeconfigs Rancher hands out
//! name every managed cluster at the same host and port, told apart only by the path of the
//! server URL (`https://rancher.example/k8s/clusters/c-m-4x7kq2sd`), so a client that drops the
//! path, or keys anything by host, reaches the wrong cluster or none. Requests without a known
//! cluster's prefix get Rancher's 404; a cluster switched `Down` answers Rancher's 503 (its
//! agent is gone) while the front stays up.
//!
//! **A tunnel to a named server** ([`start_tunnel`]): one cluster on a local port whose
//! certificate names only the server's own DNS name (`api.lab.internal`), as an API server
//! reached through `ssh -L`, a bastion or a cloud's tunnel is; the kubeconfig says
//! `tls-server-name`, which the client must send (SNI) and verify against.
//!
//! Every other fault of a cluster applies as on its own port. Credentials are bearer tokens
//! (Rancher's are its own; here each cluster's). Each front records the path of every request
//! and the server name of every TLS connection.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use hyper::body::Incoming;
use hyper::{Request, Response, Uri};
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::cluster::{lock, Shared};
use crate::handle::ClusterHandle;
use crate::kubeconfig::{self, KubeconfigEntry};
use crate::server::{json_response, Body};

/// The path every cluster's API is served under.
const PREFIX: &str = "/k8s/clusters/";

/// The Rancher id of a cluster (`lab-dev` → `c-m-dev`).
pub fn cluster_id(cluster: &ClusterHandle) -> String {
    format!("c-m-{}", cluster.name().trim_start_matches("lab-"))
}

/// Where a front sends a request.
#[derive(Clone)]
enum Routes {
    /// By the cluster id after [`PREFIX`].
    Prefixed(Arc<Vec<(String, Shared)>>),
    /// Everything to one cluster.
    One(Shared),
}

/// What a front saw: the path and query of every request, the server name (SNI) of every TLS
/// connection (`None`: the client sent none), in order.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<String>>,
    server_names: Mutex<Vec<Option<String>>>,
}

/// A running front. Dropping it stops it.
pub struct FrontHandle {
    addr: SocketAddr,
    seen: Arc<Seen>,
    task: JoinHandle<()>,
}

impl FrontHandle {
    /// `https://ADDR`, the front's base URL.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }
    /// The path and query of every request received (prefix included), in order.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.seen.requests).clone()
    }
    /// The server name (SNI) each TLS connection asked for, in order.
    pub fn server_names(&self) -> Vec<Option<String>> {
        lock(&self.seen.server_names).clone()
    }
}

impl Drop for FrontHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Listens on a loopback port with `pki`'s certificate and serves `routes`.
async fn listen(pki: crate::tls::ClusterPki, routes: Routes) -> std::io::Result<FrontHandle> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let acceptor = TlsAcceptor::from(pki.server_config);
    let seen = Arc::new(Seen::default());
    let log = Arc::clone(&seen);
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let _ = tcp.set_nodelay(true);
            tokio::spawn(connection(
                routes.clone(),
                Arc::clone(&log),
                acceptor.clone(),
                tcp,
            ));
        }
    });
    Ok(FrontHandle { addr, seen, task })
}

/// The short name of a lab cluster (`lab-dev` → `dev`).
fn short(cluster: &ClusterHandle) -> &str {
    cluster.name().trim_start_matches("lab-")
}

/// A kubeconfig entry of `context` at `server` with a fresh token of `cluster`.
fn entry(
    cluster: &ClusterHandle,
    context: String,
    server: String,
    ca_pem: &str,
) -> KubeconfigEntry {
    KubeconfigEntry {
        user: context.clone(),
        context,
        server,
        ca_pem: ca_pem.to_owned(),
        token: Some(cluster.issue_token(None)),
        client_cert: None,
        namespace: None,
        tls_server_name: None,
    }
}

fn write(kubeconfig: &Path, entries: &[KubeconfigEntry]) -> std::io::Result<()> {
    std::fs::write(
        kubeconfig,
        kubeconfig::render(&entries.iter().collect::<Vec<_>>()),
    )
}

/// Starts the Rancher-style front for `clusters` and writes `kubeconfig` with one context per
/// cluster, `rancher-{short name}` (`rancher-dev`), each at `https://ADDR/k8s/clusters/{id}`
/// with a token of its own and the front's CA.
pub async fn start_rancher(
    clusters: &[ClusterHandle],
    kubeconfig: &Path,
) -> std::io::Result<FrontHandle> {
    let pki = crate::tls::make_pki("rancher", "rancher-user").map_err(std::io::Error::other)?;
    let ca = pki.ca_pem.clone();
    let routes = clusters
        .iter()
        .map(|c| (cluster_id(c), c.state().clone()))
        .collect();
    let front = listen(pki, Routes::Prefixed(Arc::new(routes))).await?;
    let entries: Vec<KubeconfigEntry> = clusters
        .iter()
        .map(|c| {
            entry(
                c,
                format!("rancher-{}", short(c)),
                format!("{}{PREFIX}{}", front.url(), cluster_id(c)),
                &ca,
            )
        })
        .collect();
    write(kubeconfig, &entries)?;
    Ok(front)
}

/// Starts a tunnel to `cluster` whose certificate names only `server_name`, and writes
/// `kubeconfig` with `tunnel-{short name}` (its `tls-server-name` set to `server_name`) and
/// `tunnel-{short name}-unnamed` (the same without it, so the certificate does not match).
pub async fn start_tunnel(
    cluster: &ClusterHandle,
    server_name: &str,
    kubeconfig: &Path,
) -> std::io::Result<FrontHandle> {
    let pki = crate::tls::make_pki_for(
        &format!("tunnel-{}", short(cluster)),
        "tunnel-user",
        &[server_name],
    )
    .map_err(std::io::Error::other)?;
    let ca = pki.ca_pem.clone();
    let front = listen(pki, Routes::One(cluster.state().clone())).await?;
    let named = KubeconfigEntry {
        tls_server_name: Some(server_name.to_owned()),
        ..entry(
            cluster,
            format!("tunnel-{}", short(cluster)),
            front.url(),
            &ca,
        )
    };
    let unnamed = entry(
        cluster,
        format!("tunnel-{}-unnamed", short(cluster)),
        front.url(),
        &ca,
    );
    write(kubeconfig, &[named, unnamed])?;
    Ok(front)
}

async fn connection(
    routes: Routes,
    seen: Arc<Seen>,
    acceptor: TlsAcceptor,
    tcp: tokio::net::TcpStream,
) {
    let Ok(tls) = acceptor.accept(tcp).await else {
        return;
    };
    let name = tls.get_ref().1.server_name().map(str::to_owned);
    lock(&seen.server_names).push(name);
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let routes = routes.clone();
        if let Some(target) = req.uri().path_and_query() {
            lock(&seen.requests).push(target.to_string());
        }
        async move {
            let answer = match routes {
                Routes::Prefixed(routes) => route(&routes, req).await,
                Routes::One(state) => crate::server::handle(state, None, req).await,
            };
            Ok::<_, Infallible>(answer)
        }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), svc)
        .with_upgrades()
        .await;
}

/// `/k8s/clusters/{id}/rest?query` → the cluster `id` and `/rest?query`.
fn split(path_and_query: &str) -> Option<(&str, String)> {
    let rest = path_and_query.strip_prefix(PREFIX)?;
    let (id, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let tail = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    (!id.is_empty()).then_some((id, tail))
}

async fn route(routes: &[(String, Shared)], mut req: Request<Incoming>) -> Response<Body> {
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let Some((id, tail)) = split(target) else {
        return rancher_error(404, "NotFound", "not found");
    };
    let Some((_, state)) = routes.iter().find(|(rid, _)| rid == id) else {
        return rancher_error(
            404,
            "NotFound",
            &format!("clusters.management.cattle.io \"{id}\" not found"),
        );
    };
    if state.faults().down {
        return rancher_error(503, "ClusterUnavailable", "cluster agent disconnected");
    }
    match tail.parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return rancher_error(400, "InvalidPath", "invalid path"),
    }
    crate::server::handle(state.clone(), None, req).await
}

/// Rancher's own error shape (not a Kubernetes `Status`).
fn rancher_error(status: u16, code: &str, message: &str) -> Response<Body> {
    json_response(
        status,
        &json!({"type": "error", "status": status.to_string(), "code": code, "message": message}),
    )
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_the_cluster_from_the_path() {
        assert_eq!(
            split("/k8s/clusters/c-m-dev/api/v1/pods?watch=1"),
            Some(("c-m-dev", "/api/v1/pods?watch=1".into()))
        );
        assert_eq!(
            split("/k8s/clusters/c-m-dev?x=1"),
            Some(("c-m-dev", "/?x=1".into()))
        );
        assert_eq!(
            split("/k8s/clusters/c-m-dev"),
            Some(("c-m-dev", "/".into()))
        );
        assert_eq!(split("/api/v1/pods"), None);
        assert_eq!(split("/k8s/clusters/"), None);
    }
}
