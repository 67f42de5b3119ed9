//! A small HTTP CONNECT proxy on a chosen loopback address, for proxy tests: optional basic
//! auth (407 otherwise), counts the CONNECTs it receives and remembers their targets.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::cluster::lock;

/// Options for [`crate::Lab::start_proxy`].
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    /// Where to listen, e.g. `127.0.0.2:0` (port 0 = any free port).
    pub addr: SocketAddr,
    /// Required `Proxy-Authorization: Basic` user and password; `None` = open proxy.
    pub basic_auth: Option<(String, String)>,
}

impl Default for ProxyOptions {
    fn default() -> Self {
        ProxyOptions {
            addr: SocketAddr::from(([127, 0, 0, 2], 0)),
            basic_auth: None,
        }
    }
}

#[derive(Default)]
struct Counters {
    connects: AtomicUsize,
    rejected: AtomicUsize,
    targets: Mutex<Vec<String>>,
}

/// A running CONNECT proxy. Dropping it (or stopping the lab) stops it.
pub struct ProxyHandle {
    addr: SocketAddr,
    counters: Arc<Counters>,
    task: JoinHandle<()>,
}

impl ProxyHandle {
    /// Listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://ADDR` (put it in `proxy-url`, `HTTPS_PROXY`; add `user:pass@` for auth).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// CONNECT requests received (accepted or not).
    pub fn connects(&self) -> usize {
        self.counters.connects.load(Ordering::SeqCst)
    }
    /// Requests answered 407 (bad or missing credentials) or 405 (not CONNECT).
    pub fn rejected(&self) -> usize {
        self.counters.rejected.load(Ordering::SeqCst)
    }
    /// `host:port` of every CONNECT, in order.
    pub fn targets(&self) -> Vec<String> {
        lock(&self.counters.targets).clone()
    }
}

impl Drop for ProxyHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a proxy.
pub async fn start(opts: ProxyOptions) -> std::io::Result<ProxyHandle> {
    let listener = TcpListener::bind(opts.addr).await?;
    let addr = listener.local_addr()?;
    let counters = Arc::new(Counters::default());
    let expected = opts
        .basic_auth
        .map(|(u, p)| base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}")));
    let c = counters.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(serve(tcp, c.clone(), expected.clone()));
        }
    });
    Ok(ProxyHandle {
        addr,
        counters,
        task,
    })
}

/// Reads the request head (up to the blank line); returns it and any bytes after it.
async fn read_head(tcp: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = tcp.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buf.split_off(end + 4);
            return Some((String::from_utf8_lossy(&buf).into_owned(), rest));
        }
        if buf.len() > 16 * 1024 {
            return None;
        }
    }
}

async fn serve(mut tcp: TcpStream, c: Arc<Counters>, expected: Option<String>) {
    let Some((head, rest)) = read_head(&mut tcp).await else {
        return;
    };
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let (method, target) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
    if method != "CONNECT" {
        c.rejected.fetch_add(1, Ordering::SeqCst);
        let _ = tcp
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
        return;
    }
    c.connects.fetch_add(1, Ordering::SeqCst);
    lock(&c.targets).push(target.to_string());
    let given = lines.find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("proxy-authorization")
            .then(|| {
                v.trim()
                    .strip_prefix("Basic ")
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
    });
    if let Some(want) = expected {
        if given.as_deref() != Some(want.as_str()) {
            c.rejected.fetch_add(1, Ordering::SeqCst);
            let _ = tcp.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"kubeli-lab\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
            return;
        }
    }
    let Ok(mut upstream) = TcpStream::connect(target).await else {
        let _ = tcp
            .write_all(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await;
        return;
    };
    if tcp
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await
        .is_err()
        || upstream.write_all(&rest).await.is_err()
    {
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut tcp, &mut upstream).await;
}
