//! The answers request-level faults give in place of (or around) the API's: injected 5xx and
//! 429, health errors, a failing gateway's web page, and a slow link's pacing. Called by the
//! server for every request (`server::handle`).

use std::time::Duration;

use bytes::Bytes;
use http::{Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Body as HttpBody;
use tokio::sync::mpsc;

use crate::cluster::{lock, Faults, Shared};
use crate::server::{bytes_response, error_response, is_public, Body, ChanBody};
use crate::store::ApiError;

/// The answer an injected 5xx / 429 fault gives this request, if any.
pub(crate) fn failure(state: &Shared, faults: &Faults, path: &str) -> Option<Response<Body>> {
    if crate::oidc::is_issuer_path(path) {
        return None;
    }
    if let Some(code) = faults.gateway_error {
        return Some(gateway_page(code));
    }
    if is_public(path) {
        let code = faults.health_error?;
        let reason = if code == 503 {
            "ServiceUnavailable"
        } else {
            "InternalError"
        };
        let e = ApiError::new(
            code,
            reason,
            "the server is unhealthy (injected by kubeli-lab)",
        );
        return Some(if path == "/version" {
            error_response(&e)
        } else {
            let mut r = bytes_response(
                code,
                Bytes::from_static(b"[-]etcd failed: reason withheld\nreadyz check failed\n"),
            );
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            r
        });
    }
    if faults.error_percent > 0 {
        let roll = lock(&state.rng).below(100);
        if roll < faults.error_percent as u64 {
            let (code, reason) = if roll & 1 == 0 {
                (500, "InternalError")
            } else {
                (503, "ServiceUnavailable")
            };
            return Some(error_response(&ApiError::new(
                code,
                reason,
                "the server is currently unable to handle the request (injected by kubeli-lab)",
            )));
        }
    }
    let (retry_after, percent) = faults.throttle?;
    if lock(&state.rng).below(100) >= percent as u64 {
        return None;
    }
    let mut e = ApiError::new(
        429,
        "TooManyRequests",
        "Too many requests, please try again later.",
    );
    e.details = serde_json::json!({"retryAfterSeconds": retry_after});
    let mut r = error_response(&e);
    r.headers_mut().insert(
        http::header::RETRY_AFTER,
        http::HeaderValue::from(retry_after),
    );
    Some(r)
}

/// [`crate::Fault::GatewayErrors`]: the page nginx answers with when its upstream fails.
fn gateway_page(code: u16) -> Response<Body> {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    let mut r = bytes_response(status.as_u16(), Bytes::from(page));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/html"),
    );
    r
}

/// [`crate::Fault::SlowLink`]: a whole answer sent a slice every 20 ms, each slice what the
/// link carries in that time (the first at once). Streams keep their own pace.
pub(crate) fn slow_link(response: Response<Body>, kbit_per_s: u64) -> Response<Body> {
    // Streams have no length; an empty body (an upgrade's 101, a 204) has nothing to pace.
    if response.body().size_hint().exact().is_none_or(|n| n == 0) {
        return response;
    }
    const TICK: Duration = Duration::from_millis(20);
    let slice = usize::try_from(kbit_per_s.saturating_mul(1_000) / 8 / 50)
        .unwrap_or(usize::MAX)
        .max(1);
    let (parts, body) = response.into_parts();
    let (tx, rx) = mpsc::channel::<Bytes>(2);
    tokio::spawn(async move {
        let all = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(never) => match never {},
        };
        let mut tick = tokio::time::interval(TICK);
        let mut at = 0;
        while at < all.len() {
            tick.tick().await;
            let end = (at + slice).min(all.len());
            if tx.send(all.slice(at..end)).await.is_err() {
                return;
            }
            at = end;
        }
    });
    Response::from_parts(parts, ChanBody(rx).boxed())
}
