//! WebSocket upgrades of the streaming pod subresources (exec, port-forward): the handshake
//! with subprotocol negotiation, and channel frames (first byte = channel) as the API server
//! sends them, cut by [`crate::Fault::CutStreams`] or when the cluster goes down.

use bytes::Bytes;
use futures::stream::SplitSink;
use futures::SinkExt;
use http::{Request, Response};
use hyper::body::Incoming;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::cluster::Shared;
use crate::server::{bytes_response, Body};
use crate::store::ApiError;

/// An upgraded stream.
pub(super) type Ws = WebSocketStream<TokioIo<Upgraded>>;

/// The subprotocols of exec (remotecommand), newest first.
pub(super) const EXEC_PROTOCOLS: &[&str] = &["v5.channel.k8s.io", "v4.channel.k8s.io"];
/// The subprotocols of port-forward: kube-rs asks for the channel protocols, others for
/// `portforward.k8s.io`. SPDY (kubectl's own port-forward) is not served.
pub(super) const FORWARD_PROTOCOLS: &[&str] = &[
    "v5.channel.k8s.io",
    "v4.channel.k8s.io",
    "portforward.k8s.io",
];

/// A pending upgrade: the `101 Switching Protocols` answer (naming the subprotocol agreed)
/// and the request's upgrade to await once the answer is out.
pub(super) struct Pending {
    pub response: Response<Body>,
    pub upgrade: Upgrading,
}

/// The request's upgrade, done once the client has the 101 answer.
pub(super) struct Upgrading(hyper::upgrade::OnUpgrade);

impl Upgrading {
    /// The WebSocket, once the client has the 101 answer.
    pub(super) async fn socket(self) -> Option<Ws> {
        let upgraded = self.0.await.ok()?;
        Some(WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await)
    }
}

/// Start a WebSocket upgrade speaking the first of `supported` the client offers; the error
/// error (400) when the request is not a WebSocket upgrade or offers none of them.
pub(super) fn upgrade(
    req: &mut Request<Incoming>,
    supported: &[&str],
) -> Result<Pending, ApiError> {
    let header = |name: http::header::HeaderName| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let upgrade = header(http::header::UPGRADE);
    let key = header(http::header::SEC_WEBSOCKET_KEY);
    if !upgrade.eq_ignore_ascii_case("websocket") || key.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the lab serves this subresource over WebSocket only (subprotocols {}), not \"{upgrade}\"",
            supported.join(", ")
        )));
    }
    let offered = header(http::header::SEC_WEBSOCKET_PROTOCOL);
    let offered: Vec<&str> = offered.split(',').map(str::trim).collect();
    let Some(protocol) = supported.iter().find(|p| offered.contains(p)) else {
        return Err(ApiError::bad_request(format!(
            "none of the offered subprotocols [{}] is supported; the lab speaks {}",
            offered.join(", "),
            supported.join(", ")
        )));
    };
    let mut response = bytes_response(101, Bytes::new());
    let headers = response.headers_mut();
    let value = |s: &str| http::HeaderValue::from_str(s).ok();
    for (name, v) in [
        (http::header::UPGRADE, value("websocket")),
        (http::header::CONNECTION, value("Upgrade")),
        (
            http::header::SEC_WEBSOCKET_ACCEPT,
            value(&derive_accept_key(key.as_bytes())),
        ),
        (http::header::SEC_WEBSOCKET_PROTOCOL, value(protocol)),
    ] {
        if let Some(v) = v {
            headers.insert(name, v);
        }
    }
    headers.remove(http::header::CONTENT_TYPE);
    Ok(Pending {
        response,
        upgrade: Upgrading(hyper::upgrade::on(req)),
    })
}

/// The sending half of a stream: channel frames, counted so the cut fault can act.
pub(super) struct Out {
    sink: SplitSink<Ws, Message>,
    state: Shared,
    sent: u64,
}

/// The stream was cut (fault, cluster down) or the client went away.
#[derive(Debug)]
pub(super) struct Cut;

impl Out {
    pub(super) fn new(sink: SplitSink<Ws, Message>, state: Shared) -> Self {
        Self {
            sink,
            state,
            sent: 0,
        }
    }

    /// Whether the stream must be cut now.
    pub(super) fn must_cut(&self) -> bool {
        let f = self.state.faults();
        f.down || f.cut_streams_after.is_some_and(|n| self.sent >= n)
    }

    /// Send `data` on `channel`.
    pub(super) async fn send(&mut self, channel: u8, data: &[u8]) -> Result<(), Cut> {
        if self.must_cut() {
            return Err(Cut);
        }
        let mut frame = Vec::with_capacity(data.len() + 1);
        frame.push(channel);
        frame.extend_from_slice(data);
        self.sink
            .send(Message::binary(frame))
            .await
            .map_err(|_| Cut)?;
        self.sent += data.len() as u64;
        Ok(())
    }

    /// Close the stream normally: a close frame with code 1000, which client-go's readers
    /// take as the end of every channel (an empty close frame is an error to them).
    pub(super) async fn close(mut self) {
        let normal = CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        };
        let _ = self.sink.send(Message::Close(Some(normal))).await;
        let _ = self.sink.close().await;
    }
}
