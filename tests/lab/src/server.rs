//! The HTTPS front of one simulated cluster: accept loop with the connection faults (down, hang,
//! blackhole, a failing gateway), TLS with optional client certificates, authentication and
//! impersonation; the answers request-level faults give are in `injected.rs`.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body as HttpBody, Frame, Incoming};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;

use crate::cluster::{lock, Faults, Shared};
use crate::store::ApiError;

/// Response body type used everywhere.
pub type Body = BoxBody<Bytes, Infallible>;

/// A streaming body fed by a channel; dropping the body closes the channel (client went away).
pub struct ChanBody(pub mpsc::Receiver<Bytes>);

impl HttpBody for ChanBody {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b))))
    }
}

/// A full body.
pub fn full(b: impl Into<Bytes>) -> Body {
    Full::new(b.into()).boxed()
}

/// A JSON response.
pub fn json_response(code: u16, v: &serde_json::Value) -> Response<Body> {
    bytes_response(code, Bytes::from(serde_json::to_vec(v).unwrap_or_default()))
}

/// A JSON response from pre-serialized bytes.
pub fn bytes_response(code: u16, b: Bytes) -> Response<Body> {
    let mut r = Response::new(full(b));
    *r.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    r
}

/// A `Status` error response.
pub fn error_response(e: &ApiError) -> Response<Body> {
    json_response(e.code, &e.status())
}

/// Who made a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Authenticated user name, `None` when anonymous.
    pub user: Option<String>,
}

/// Runs the cluster server forever: serves while up, closes the socket while down and rebinds the same port on recovery.
pub async fn run(state: Shared, mut listener: Option<TcpListener>, tls: Arc<rustls::ServerConfig>) {
    let acceptor = TlsAcceptor::from(tls);
    let mut gen_rx = state.fault_gen.subscribe();
    loop {
        if state.faults().down {
            drop(listener.take());
            if gen_rx.changed().await.is_err() {
                return;
            }
            continue;
        }
        let l = match listener.take() {
            Some(l) => l,
            None => {
                let addr = state.addr();
                let mut bound = None;
                for _ in 0..100 {
                    match TcpListener::bind(addr).await {
                        Ok(l) => {
                            bound = Some(l);
                            break;
                        }
                        Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                    }
                }
                match bound {
                    Some(l) => l,
                    None => return,
                }
            }
        };
        loop {
            tokio::select! {
                acc = l.accept() => {
                    if let Ok((tcp, _)) = acc {
                        let _ = tcp.set_nodelay(true);
                        tokio::spawn(connection(state.clone(), acceptor.clone(), tcp));
                    }
                }
                ch = gen_rx.changed() => {
                    if ch.is_err() { return; }
                    if state.faults().down { break; }
                }
            }
        }
        drop(l);
        listener = None;
    }
}

pub(crate) async fn wait_not(
    state: &Shared,
    pred: impl Fn(&crate::cluster::Faults) -> bool,
) -> bool {
    let mut rx = state.fault_gen.subscribe();
    loop {
        if !pred(&state.faults()) {
            return true;
        }
        if rx.changed().await.is_err() {
            return false;
        }
    }
}

async fn connection(state: Shared, acceptor: TlsAcceptor, tcp: TcpStream) {
    // Hang (and a silent network): hold the TCP connection without a TLS handshake while it lasts.
    if state.faults().hang || silent(&state.faults()) {
        let st = state.clone();
        tokio::select! {
            ok = wait_not(&st, |f| f.hang || silent(f) || f.down) => { if !ok { return; } }
            _ = peer_closed(&tcp) => return,
        }
        if state.faults().down {
            return;
        }
    }
    let tls = match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await {
        Ok(Ok(t)) => t,
        _ => return,
    };
    let cert_user = tls
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|c| (c.as_ref() == state.client_cert_der.as_slice()).then(|| state.user.clone()));
    let st = state.clone();
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let st = st.clone();
        let cert_user = cert_user.clone();
        async move { Ok::<_, Infallible>(handle(st, cert_user, req).await) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), svc)
        // Exec and port-forward upgrade to WebSocket (`api/upgrade.rs`).
        .with_upgrades();
    // Down ends every connection. A failing gateway ends those opened before it failed, as a
    // load balancer whose upstream died ends the requests it was proxying (open watches, logs
    // followed, exec) and the upstream connections they used; its own 502s come on new ones.
    let before_gateway = state.faults().gateway_error.is_none();
    let st = state.clone();
    let mut conn = std::pin::pin!(conn);
    loop {
        // The faults first: a connection that has bytes to send when a blackhole starts must not
        // send them (the fault is set before anything that would make them).
        tokio::select! {
            biased;
            _ = wait_not(&st, |f| !f.down && !silent(f) && (!before_gateway || f.gateway_error.is_none())) => {}
            _ = conn.as_mut() => return,
        }
        // Severed: the connection is kept, unpolled, for good (until the cluster goes down).
        if st.faults().severed {
            wait_not(&st, |f| !f.down).await;
            return;
        }
        // A blackhole: the connection is kept, unpolled (not a byte either way), until it heals.
        if !st.faults().blackhole || !wait_not(&st, |f| f.blackhole && !f.down).await {
            return;
        }
        if st.faults().down {
            return;
        }
    }
}

/// Whether the network is silent: nothing new is answered.
fn silent(f: &crate::cluster::Faults) -> bool {
    f.blackhole || f.severed
}

async fn peer_closed(tcp: &TcpStream) {
    let mut buf = [0u8; 1];
    loop {
        if tcp.readable().await.is_err() {
            return;
        }
        match tcp.peek(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

fn unauthorized() -> Response<Body> {
    error_response(&ApiError::new(401, "Unauthorized", "Unauthorized"))
}

/// Paths served without credentials: version, health and the OIDC issuer.
pub(crate) fn is_public(path: &str) -> bool {
    matches!(path, "/version" | "/healthz" | "/livez" | "/readyz")
        || path.starts_with("/readyz/")
        || path.starts_with("/livez/")
        || crate::oidc::is_issuer_path(path)
}

/// The user behind a request's bearer token or client certificate (`None`: anonymous);
/// `Err` when credentials were given but are not accepted (401).
fn authenticate(
    state: &Shared,
    faults: &Faults,
    req: &Request<Incoming>,
    cert_user: Option<String>,
) -> Result<Option<String>, ()> {
    let bearer = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let user = match bearer {
        Some(t) => lock(&state.tokens).user(t).map(str::to_string),
        None => cert_user,
    };
    match (bearer.is_some() || user.is_some(), user) {
        (false, _) => Ok(None),
        // The lab's users may impersonate anyone (`as:` in a kubeconfig, `kubectl --as`): the
        // request then acts, and is refused, as that user.
        (true, Some(u)) if !faults.reject_credentials => Ok(Some(impersonated(req).unwrap_or(u))),
        _ => Err(()),
    }
}

/// The user an `Impersonate-User` header asks to act as.
fn impersonated(req: &Request<Incoming>) -> Option<String> {
    req.headers()
        .get("impersonate-user")
        .and_then(|h| h.to_str().ok())
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
}

/// Serves one request for the cluster `state` (its faults, credentials and API); also called by
/// the fronts (`front.rs`), with a Rancher prefix taken off.
pub(crate) async fn handle(
    state: Shared,
    cert_user: Option<String>,
    req: Request<Incoming>,
) -> Response<Body> {
    let faults = state.faults();
    if faults.hang && !wait_not(&state, |f| f.hang).await {
        return unauthorized();
    }
    if faults.slow_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.slow_ms)).await;
    }
    let path = req.uri().path().to_string();
    if let Some(r) = crate::injected::failure(&state, &faults, &path) {
        return r;
    }
    if crate::oidc::is_issuer_path(&path) {
        return crate::oidc::handle(&state, req).await;
    }
    let user = match authenticate(&state, &faults, &req, cert_user) {
        Ok(u) => u,
        Err(()) => return unauthorized(),
    };
    if user.is_none() && !is_public(&path) {
        return unauthorized();
    }
    let gzip = crate::gzip::accepts_gzip(req.headers());
    let response = crate::api::handle(state.clone(), Caller { user }, req).await;
    let response = crate::gzip::encode(gzip, response, &state.compressed).await;
    match state.faults().link_kbit_per_s {
        Some(rate) => crate::injected::slow_link(response, rate),
        None => response,
    }
}
