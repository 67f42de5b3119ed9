//! A Rancher-style front for the lab's clusters: one HTTPS server that reaches each cluster
//! under `/k8s/clusters/{id}/…`, as Rancher's cluster proxy does. The kubeconfigs Rancher hands
//! out name every managed cluster at the same host and port, told apart only by the path of the
//! server URL (`https://rancher.example/k8s/clusters/c-m-4x7kq2sd`), so a client that drops the
//! path, or keys anything by host, reaches the wrong cluster or none. Requests without a known
//! cluster's prefix get Rancher's 404; a cluster switched `Down` answers Rancher's 503 (its
//! agent is gone) while the front stays up. Every other fault of the cluster applies as on its
//! own port. Credentials are bearer tokens (Rancher's are its own; here each cluster's).

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

/// A running front. Dropping it stops it.
pub struct RancherHandle {
    addr: SocketAddr,
    seen: Seen,
    task: JoinHandle<()>,
}

/// The path and query of every request the front received, in order.
type Seen = Arc<Mutex<Vec<String>>>;

impl RancherHandle {
    /// `https://ADDR`, the front's base URL.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }
    /// The path and query of every request received (prefix included), in order.
    pub fn requests(&self) -> Vec<String> {
        lock(&self.seen).clone()
    }
}

impl Drop for RancherHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the front for `clusters` and writes `kubeconfig` with one context per cluster,
/// `rancher-{short name}` (`rancher-dev`), each at `https://ADDR/k8s/clusters/{id}` with a
/// token of its own and the front's CA.
pub async fn start(
    clusters: &[ClusterHandle],
    kubeconfig: &Path,
) -> std::io::Result<RancherHandle> {
    let pki = crate::tls::make_pki("rancher", "rancher-user").map_err(std::io::Error::other)?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let entries: Vec<KubeconfigEntry> = clusters
        .iter()
        .map(|c| KubeconfigEntry {
            context: format!("rancher-{}", c.name().trim_start_matches("lab-")),
            server: format!("https://{addr}{PREFIX}{}", cluster_id(c)),
            ca_pem: pki.ca_pem.clone(),
            user: format!("rancher-{}", c.name().trim_start_matches("lab-")),
            token: Some(c.issue_token(None)),
            client_cert: None,
            namespace: None,
        })
        .collect();
    std::fs::write(
        kubeconfig,
        kubeconfig::render(&entries.iter().collect::<Vec<_>>()),
    )?;
    let routes: Arc<Vec<(String, Shared)>> = Arc::new(
        clusters
            .iter()
            .map(|c| (cluster_id(c), c.state().clone()))
            .collect(),
    );
    let acceptor = TlsAcceptor::from(pki.server_config);
    let seen = Seen::default();
    let log = seen.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let _ = tcp.set_nodelay(true);
            tokio::spawn(connection(
                routes.clone(),
                log.clone(),
                acceptor.clone(),
                tcp,
            ));
        }
    });
    Ok(RancherHandle { addr, seen, task })
}

async fn connection(
    routes: Arc<Vec<(String, Shared)>>,
    seen: Seen,
    acceptor: TlsAcceptor,
    tcp: tokio::net::TcpStream,
) {
    let Ok(tls) = acceptor.accept(tcp).await else {
        return;
    };
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let routes = routes.clone();
        if let Some(target) = req.uri().path_and_query() {
            lock(&seen).push(target.to_string());
        }
        async move { Ok::<_, Infallible>(route(&routes, req).await) }
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
