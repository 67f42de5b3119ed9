//! The HTTP stack under every `kube::Client` the pool makes. kube's default stack would
//! retry 429/503 silently for minutes and has no TCP keepalive; this one has keepalive and
//! a connect timeout (proxy and TLS included), goes through the proxy Kubeli chose for the
//! cluster, and retries only idempotent reads, at most twice within about a second.

use std::time::Duration;

use http::{Method, Request, Response, Uri};
use hyper_timeout::TimeoutConnector;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kube::client::retry::RetryPolicy;
use kube::client::{Body, ConfigExt};
use tower::retry::{Policy, RetryLayer};
use tower::{BoxError, ServiceBuilder, ServiceExt};
use tower_http::decompression::DecompressionLayer;

use super::{foreign, proxy};
use crate::error::ProxyFailure;
use crate::options::PoolOptions;

/// Build a client for `config`, through `proxy` when given.
pub(crate) fn client(
    config: &kube::Config,
    proxy: Option<&Uri>,
    options: &PoolOptions,
) -> Result<kube::Client, kube::Error> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_keepalive(Some(options.tcp_keepalive));
    http.set_connect_timeout(Some(options.tcp_connect_timeout));
    let Some(proxy_uri) = proxy else {
        return finish(config, http, options);
    };
    let shown = proxy::redact(proxy_uri);
    let tag = move |e: BoxError| -> BoxError {
        Box::new(ProxyFailure {
            proxy: shown.clone(),
            source: e,
        })
    };
    if proxy_uri.scheme_str() == Some("http") {
        let mut tunnel = Tunnel::new(proxy_uri.clone(), http);
        if let Some((user, pass)) = proxy::credentials(proxy_uri) {
            tunnel = tunnel.with_auth(basic_auth(&user, &pass));
        }
        finish(config, tunnel.map_err(move |e| tag(e.into())), options)
    } else {
        let mut socks = SocksV5::new(proxy_uri.clone(), http)
            .local_dns(proxy_uri.scheme_str() == Some("socks5"));
        if let Some((user, pass)) = proxy::credentials(proxy_uri) {
            socks = socks.with_auth(user, pass);
        }
        finish(config, socks.map_err(move |e| tag(e.into())), options)
    }
}

fn basic_auth(user: &str, pass: &str) -> http::HeaderValue {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
    let mut value = http::HeaderValue::from_str(&format!("Basic {encoded}"))
        .unwrap_or_else(|_| http::HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}

/// TLS, timeouts, auth and the read-only retry on top of `connector`.
fn finish<C>(
    config: &kube::Config,
    connector: C,
    options: &PoolOptions,
) -> Result<kube::Client, kube::Error>
where
    C: tower::Service<Uri> + Clone + Send + Sync + 'static,
    C::Response: hyper::rt::Read
        + hyper::rt::Write
        + hyper_util::client::legacy::connect::Connection
        + Send
        + Unpin
        + 'static,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    let https = config.rustls_https_connector_with_connector(connector)?;
    let mut connector = TimeoutConnector::new(https);
    // The whole connection: TCP, the proxy's handshake and TLS.
    connector.set_connect_timeout(Some(options.connect_timeout));
    let http: hyper_util::client::legacy::Client<_, Body> =
        hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
    let service = ServiceBuilder::new()
        // Outside the base URI, so the retry sees the path kube asked for (`/readyz`), not the
        // server URL's path before it (`/k8s/clusters/c-m-…/readyz` behind Rancher).
        .layer(RetryLayer::new(ReadRetry::new()))
        .layer(config.base_uri_layer())
        .option_layer(config.auth_layer()?)
        .layer(config.extra_headers_layer()?)
        .map_err(BoxError::from)
        .map_future(|answer| async move { foreign::restate(answer.await?).await })
        .layer(decompression(config))
        .service(http);
    Ok(kube::Client::new(service, config.default_namespace.clone()))
}

/// Asks for gzip and decodes it, as kubectl does: the API server sends an answer over 128 KiB
/// (a page of a large list) gzip-encoded at level 1, several times smaller, which is what a
/// cluster across a VPN or an ocean is waiting for. Off for a cluster whose kubeconfig says
/// `disable-compression: true`. Watches ask for no encoding themselves (kube sets `identity`:
/// a stream gzipped one member per event, as newer servers send it, would not decode).
fn decompression(config: &kube::Config) -> DecompressionLayer {
    DecompressionLayer::new()
        .no_br()
        .no_deflate()
        .no_zstd()
        .gzip(!config.disable_compression)
}

/// kube's retry policy (429, 503, 504 with backoff), for GET requests only and bounded:
/// two retries, 200 ms then up to 800 ms apart, so an overloaded server is reported within
/// seconds, never retried silently for minutes. A server's `Retry-After` is not waited for.
/// Health endpoints are not retried: the health probe has its own backoff.
#[derive(Clone)]
struct ReadRetry(RetryPolicy);

impl ReadRetry {
    fn new() -> Self {
        let policy = RetryPolicy::new(
            Duration::from_millis(200),
            Duration::from_millis(800),
            2,
            false,
        )
        .unwrap_or_default();
        Self(policy)
    }
}

impl<Res> Policy<Request<Body>, Response<Res>, BoxError> for ReadRetry {
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        req: &mut Request<Body>,
        result: &mut Result<Response<Res>, BoxError>,
    ) -> Option<Self::Future> {
        if retried(req) {
            self.0.retry(req, result)
        } else {
            None
        }
    }

    fn clone_request(&mut self, req: &Request<Body>) -> Option<Request<Body>> {
        if retried(req) {
            Policy::<Request<Body>, Response<Res>, BoxError>::clone_request(&mut self.0, req)
        } else {
            None
        }
    }
}

/// Idempotent reads, except the health endpoints.
fn retried(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && !["/readyz", "/livez", "/healthz"]
            .iter()
            .any(|probe| path.starts_with(probe))
}
