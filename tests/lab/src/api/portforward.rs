//! `pods/portforward` over WebSocket, as kube-rs speaks it (`v5`/`v4.channel.k8s.io`, or
//! `portforward.k8s.io`): per requested port a data channel `2*i` and an error channel
//! `2*i+1`, each opened by a frame carrying the port as two little-endian bytes. Behind each
//! port a responder: an HTTP request gets `200` with a body naming the cluster, pod and port
//! (then the stream closes, as with `Connection: close`); anything else is echoed back.

use futures::StreamExt;
use http::{Request, Response};
use hyper::body::Incoming;
use tokio_tungstenite::tungstenite::Message;

use super::exec::{forbidden_sub, query_all};
use super::upgrade::{self, Out, Ws, FORWARD_PROTOCOLS};
use crate::cluster::{lock, Shared};
use crate::resources::{def, ids::PODS};
use crate::server::{error_response, Body};
use crate::store::ApiError;

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

#[derive(PartialEq)]
enum Mode {
    /// Not yet known whether the bytes are HTTP.
    Sniff,
    Http,
    Echo,
}

/// What answers behind one forwarded port.
struct Responder {
    banner: String,
    buf: Vec<u8>,
    mode: Mode,
}

impl Responder {
    /// Take client bytes; the reply, and whether the stream ends after it.
    fn feed(&mut self, data: &[u8]) -> (Vec<u8>, bool) {
        if self.mode == Mode::Echo {
            return (data.to_vec(), false);
        }
        self.buf.extend_from_slice(data);
        if self.mode == Mode::Sniff {
            let head = String::from_utf8_lossy(&self.buf[..self.buf.len().min(8)]).into_owned();
            let word = head.split(' ').next().unwrap_or("");
            let could_be = METHODS.iter().any(|m| m.starts_with(word));
            let is = METHODS.contains(&word) && head.contains(' ');
            self.mode = match (is, could_be && !head.contains(' ')) {
                (true, _) => Mode::Http,
                (false, true) => return (Vec::new(), false),
                (false, false) => Mode::Echo,
            };
            if self.mode == Mode::Echo {
                return (std::mem::take(&mut self.buf), false);
            }
        }
        if !self.buf.windows(4).any(|w| w == b"\r\n\r\n") {
            return (Vec::new(), false);
        }
        let body = format!("{}\n", self.banner);
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        (reply.into_bytes(), true)
    }
}

pub(super) async fn portforward(
    state: Shared,
    ns: &str,
    name: &str,
    mut req: Request<Incoming>,
    user: &str,
) -> Response<Body> {
    if let Some(e) = forbidden_sub(&state, "portforward", ns, name, user) {
        return error_response(&e);
    }
    let Some(pod) = lock(&state.store).get(PODS, ns, name) else {
        return error_response(&ApiError::not_found(def(PODS), name));
    };
    let phase = pod.value()["status"]["phase"]
        .as_str()
        .unwrap_or("Pending")
        .to_string();
    if phase != "Running" {
        return error_response(&ApiError::bad_request(format!(
            "unable to upgrade connection: pod {name} is not running (phase {phase})"
        )));
    }
    let ports: Vec<u16> = query_all(&req, "ports")
        .iter()
        .flat_map(|v| {
            v.split(',')
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|p| p.parse().ok())
        .collect();
    if ports.is_empty() {
        return error_response(&ApiError::bad_request("at least 1 port must be specified"));
    }
    let pending = match upgrade::upgrade(&mut req, FORWARD_PROTOCOLS) {
        Ok(p) => p,
        Err(e) => return error_response(&e),
    };
    let banners = ports
        .iter()
        .map(|p| format!("kubeli-lab {}: pod {ns}/{name} port {p}", state.name))
        .collect();
    let upgrading = pending.upgrade;
    tokio::spawn(async move {
        if let Some(ws) = upgrading.socket().await {
            session(state, ws, ports, banners).await;
        }
    });
    pending.response
}

/// Open each port's channels, then answer data frames until the client goes away.
async fn session(state: Shared, ws: Ws, ports: Vec<u16>, banners: Vec<String>) {
    let (sink, mut stream) = ws.split();
    let mut out = Out::new(sink, state.clone());
    for (i, port) in ports.iter().enumerate() {
        let Ok(ch) = u8::try_from(2 * i) else { return };
        for channel in [ch, ch + 1] {
            if out.send(channel, &port.to_le_bytes()).await.is_err() {
                return;
            }
        }
    }
    let mut responders: Vec<Responder> = banners
        .into_iter()
        .map(|banner| Responder {
            banner,
            buf: Vec::new(),
            mode: Mode::Sniff,
        })
        .collect();
    let mut faults = state.fault_gen.subscribe();
    loop {
        tokio::select! {
            msg = stream.next() => match msg {
                Some(Ok(Message::Binary(b))) if b.len() > 1 && b[0] % 2 == 0 => {
                    let Some(r) = responders.get_mut(usize::from(b[0] / 2)) else { continue };
                    let (reply, close) = r.feed(&b[1..]);
                    if !reply.is_empty() && out.send(b[0], &reply).await.is_err() {
                        return;
                    }
                    if close && ports.len() == 1 {
                        out.close().await;
                        return;
                    }
                }
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                _ => {}
            },
            _ = faults.changed() => {
                if out.must_cut() {
                    return;
                }
            }
        }
    }
}
