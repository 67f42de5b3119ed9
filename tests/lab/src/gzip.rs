//! Response compression as kube-apiserver does it (its `APIResponseCompression`, on by default
//! since 1.16): when the request accepts gzip, a response of more than 128 KiB goes out
//! gzip-encoded at level 1 with `Content-Encoding: gzip` and `Vary: Accept-Encoding`. Large
//! lists are what this touches; Go clients such as kubectl ask for gzip on every request, so
//! the lab compresses for them as a real cluster would. Only serialized objects are (the
//! server's `SerializeObject`): pod logs, which it streams as `text/plain` whether they follow
//! or not, and every streamed answer (watches, exec, port-forward) go out as they are.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use flate2::{write::GzEncoder, Compression};
use http::{header, HeaderMap, HeaderValue, Response};
use http_body_util::BodyExt;
use hyper::body::Body as _;

use crate::server::{error_response, full, Body};
use crate::store::ApiError;

/// The API server's threshold: answers of this size or less are sent as they are.
pub const THRESHOLD: u64 = 128 * 1024;

/// What the cluster has sent compressed so far.
#[derive(Debug, Default)]
pub struct Compressed {
    responses: AtomicU64,
    plain_bytes: AtomicU64,
    sent_bytes: AtomicU64,
}

/// A reading of [`Compressed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CompressedCount {
    /// Responses sent gzip-encoded.
    pub responses: u64,
    /// Their size before compression.
    pub plain_bytes: u64,
    /// Their size as sent.
    pub sent_bytes: u64,
}

impl Compressed {
    /// The counts so far.
    pub fn count(&self) -> CompressedCount {
        CompressedCount {
            responses: self.responses.load(Ordering::Relaxed),
            plain_bytes: self.plain_bytes.load(Ordering::Relaxed),
            sent_bytes: self.sent_bytes.load(Ordering::Relaxed),
        }
    }

    fn add(&self, plain: usize, sent: usize) {
        self.responses.fetch_add(1, Ordering::Relaxed);
        self.plain_bytes.fetch_add(plain as u64, Ordering::Relaxed);
        self.sent_bytes.fetch_add(sent as u64, Ordering::Relaxed);
    }
}

/// Whether `Accept-Encoding` names gzip with a weight above zero (`gzip`, `gzip;q=0.5`;
/// not `gzip;q=0`, `identity` or `*`, which the API server does not take as gzip either).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let named = parts
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case("gzip"));
            let weight = parts
                .find_map(|p| p.strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            named && weight > 0.0
        })
}

/// `response`, gzip-encoded when the request accepted gzip and its body is a whole serialized
/// object (`application/…`) of more than [`THRESHOLD`] bytes; counted in `count`.
pub async fn encode(accepts: bool, response: Response<Body>, count: &Compressed) -> Response<Body> {
    let large = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n > THRESHOLD);
    let object = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/"));
    if !accepts || !large || !object || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let plain: Bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(never) => match never {},
    };
    let plain_len = plain.len();
    // Compressing a few megabytes takes milliseconds: off the server's worker threads.
    let Ok(Ok(packed)) = tokio::task::spawn_blocking(move || gzip(&plain)).await else {
        let e = ApiError::new(
            500,
            "InternalError",
            "the lab could not compress its answer",
        );
        return error_response(&e);
    };
    count.add(plain_len, packed.len());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Response::from_parts(parts, full(packed))
}

/// Level 1, the API server's (`defaultGzipContentEncodingLevel`).
fn gzip(plain: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(plain.len() / 4), Compression::fast());
    encoder.write_all(plain)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn gzip_is_accepted_as_the_api_server_reads_it() {
        assert!(accepts_gzip(&headers("gzip")));
        assert!(accepts_gzip(&headers("br, GZIP;q=0.5")));
        assert!(!accepts_gzip(&headers("gzip;q=0")));
        assert!(!accepts_gzip(&headers("identity")));
        assert!(!accepts_gzip(&headers("*")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    async fn answer(len: usize, accepts: bool, count: &Compressed) -> (Response<Body>, Vec<u8>) {
        let plain = vec![b'x'; len];
        let response = crate::server::bytes_response(200, Bytes::from(plain.clone()));
        (encode(accepts, response, count).await, plain)
    }

    #[tokio::test]
    async fn only_large_answers_to_gzip_requests_are_compressed() {
        let count = Compressed::default();
        let small = answer(THRESHOLD as usize, true, &count).await.0;
        assert!(small.headers().get(header::CONTENT_ENCODING).is_none());
        let unasked = answer(THRESHOLD as usize + 1, false, &count).await.0;
        assert!(unasked.headers().get(header::CONTENT_ENCODING).is_none());
        let mut log = Response::new(full(vec![b'x'; THRESHOLD as usize + 1]));
        log.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        let log = encode(true, log, &count).await;
        assert!(log.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(count.count(), CompressedCount::default());

        let (large, plain) = answer(THRESHOLD as usize + 1, true, &count).await;
        assert_eq!(large.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(large.headers()[header::VARY], "Accept-Encoding");
        let sent = large.into_body().collect().await.unwrap().to_bytes();
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&sent[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, plain);
        let counted = count.count();
        assert_eq!(
            (counted.responses, counted.plain_bytes),
            (1, plain.len() as u64)
        );
        assert_eq!(counted.sent_bytes, sent.len() as u64);
    }
}
