//! Error answers that are JSON but not a Kubernetes `Status`, sent by something in front of the
//! API server: Rancher's cluster proxy (`{"type":"error","code":"ClusterUnavailable",…}`), API
//! gateways (`{"message":"no Route matched"}`), cloud front ends. kube reads every JSON error
//! body as a `Status`: one that is not either came through as raw JSON, or — when it happened
//! to parse, as `{"message": …}` does — with code 0, the HTTP status lost, so a 401 or 503 from
//! a gateway was neither an authentication failure nor retried. Such an answer is given a
//! `Status` here, below kube, with the HTTP code and a message saying what it is. HTML pages are
//! told apart later (`web_page`), from the text kube passes on.

use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{json, Map, Value};
use tower::BoxError;

/// The body every response of the stack has.
pub(crate) type StackBody = UnsyncBoxBody<Bytes, BoxError>;

/// `response` with its body boxed; an error answer whose body is a JSON object other than a
/// `Status` gets one in its place.
pub(crate) async fn restate<B>(response: Response<B>) -> Result<Response<StackBody>, BoxError>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    if response.status().as_u16() < 400 {
        return Ok(response.map(|body| body.map_err(Into::into).boxed_unsync()));
    }
    let (mut parts, body) = response.into_parts();
    let bytes = body.collect().await.map_err(Into::into)?.to_bytes();
    let bytes = match status_for(parts.status, &bytes) {
        Some(status) => {
            parts.headers.remove(CONTENT_LENGTH);
            parts
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Bytes::from(status)
        }
        None => bytes,
    };
    let body = Full::new(bytes)
        .map_err(|never| match never {})
        .boxed_unsync();
    Ok(Response::from_parts(parts, body))
}

/// A `Status` (as JSON) for an error body that is a JSON object but not a `Status`.
fn status_for(code: StatusCode, body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    if is_status(object) {
        return None;
    }
    let said = said(object).unwrap_or_else(|| value.to_string());
    let said: String = said.split_whitespace().collect::<Vec<_>>().join(" ");
    let said: String = said.chars().take(160).collect();
    let label = ["code", "reason", "error_code"]
        .iter()
        .find_map(|key| object.get(*key)?.as_str())
        .filter(|label| !label.is_empty() && !said.contains(label));
    let quoted = match label {
        Some(label) => format!("\"{said}\" ({label})"),
        None => format!("\"{said}\""),
    };
    let message = format!(
        "{quoted}, not a Kubernetes answer: a proxy or gateway in front of the API server sent it"
    );
    serde_json::to_vec(&json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "code": code.as_u16(), "message": message,
    }))
    .ok()
}

/// A Kubernetes `Status`: its kind, or (from servers that leave the kind out) `status` with a
/// numeric `code`.
fn is_status(object: &Map<String, Value>) -> bool {
    object.get("kind").and_then(Value::as_str) == Some("Status")
        || (matches!(
            object.get("status").and_then(Value::as_str),
            Some("Failure" | "Success")
        ) && object.get("code").is_some_and(Value::is_u64))
}

/// What the answer says: its `message`, `error` (text, or an object's `message`), `detail` or
/// `title` (RFC 9457 problem details).
fn said(object: &Map<String, Value>) -> Option<String> {
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    text("message")
        .or_else(|| text("error"))
        .or_else(|| {
            object
                .get("error")?
                .get("message")?
                .as_str()
                .map(str::to_owned)
        })
        .or_else(|| text("detail"))
        .or_else(|| text("title"))
        .filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(code: u16, body: &str) -> Option<(u64, String)> {
        let status: Value = serde_json::from_slice(&status_for(
            StatusCode::from_u16(code).unwrap(),
            body.as_bytes(),
        )?)
        .unwrap();
        Some((
            status["code"].as_u64().unwrap(),
            status["message"].as_str().unwrap().to_owned(),
        ))
    }

    #[test]
    fn a_foreign_json_error_becomes_a_status_with_the_http_code() {
        let rancher = r#"{"type":"error","status":"503","code":"ClusterUnavailable","message":"cluster agent disconnected"}"#;
        assert_eq!(
            message(503, rancher).unwrap(),
            (503, "\"cluster agent disconnected\" (ClusterUnavailable), not a Kubernetes answer: a proxy or gateway in front of the API server sent it".to_owned())
        );
        assert_eq!(
            message(401, r#"{"message":"Unauthorized"}"#).unwrap().0,
            401
        );
        assert!(
            message(502, r#"{"error":{"message":"upstream  timed out"}}"#)
                .unwrap()
                .1
                .starts_with("\"upstream timed out\",")
        );
        assert!(message(500, r#"{"foo":1}"#)
            .unwrap()
            .1
            .starts_with(r#""{"foo":1}","#));
    }

    #[test]
    fn a_status_or_a_body_that_is_not_json_is_left_alone() {
        let status = r#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","code":404}"#;
        assert_eq!(message(404, status), None);
        assert_eq!(
            message(500, r#"{"status":"Failure","code":500,"message":"boom"}"#),
            None
        );
        assert_eq!(
            message(502, "<html><title>502 Bad Gateway</title></html>"),
            None
        );
        assert_eq!(message(500, "[1,2]"), None);
    }
}
