//! The cluster's own OIDC issuer, for token-refresh tests: `/.well-known/openid-configuration`
//! and `POST /oidc/token` (refresh-token grant, client credentials as Basic header or form
//! fields) on the cluster's HTTPS port. ID tokens it issues are accepted as bearer tokens
//! until their `exp`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use http::{Method, Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{json, Value};

use crate::api::pct_decode;
use crate::auth::Oidc;
use crate::cluster::{lock, ClusterState, Shared};
use crate::server::{json_response, Body};
use crate::ClusterHandle;

/// Whether `path` belongs to the issuer (served without credentials).
pub fn is_issuer_path(path: &str) -> bool {
    path == "/.well-known/openid-configuration" || path.starts_with("/oidc/")
}

fn issuer(state: &ClusterState) -> String {
    format!("https://{}", state.addr())
}

/// Mints an ID token for the cluster's user and accepts it until it expires.
fn mint(state: &ClusterState, valid_for: i64) -> String {
    let token = lock(&state.oidc).mint(&issuer(state), &state.user, valid_for);
    let until = match u64::try_from(valid_for) {
        Ok(s) => Instant::now() + Duration::from_secs(s),
        Err(_) => Instant::now(),
    };
    lock(&state.tokens).insert_until(&token, &state.user, Some(until));
    token
}

fn form(body: &[u8]) -> HashMap<String, String> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect()
}

/// Serves an issuer path.
pub async fn handle(state: &Shared, req: Request<Incoming>) -> Response<Body> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let basic = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
        .map(|b| b.trim().to_string());
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    match (method, path.as_str()) {
        (Method::GET, "/.well-known/openid-configuration") => {
            json_response(200, &Oidc::discovery(&issuer(state)))
        }
        (Method::GET, "/oidc/keys") => json_response(200, &json!({"keys": []})),
        (Method::POST, "/oidc/token") => {
            let oidc = lock(&state.oidc).clone();
            if let Err((code, error)) = oidc.check_grant(basic.as_deref(), &form(&body)) {
                return json_response(code, &json!({"error": error}));
            }
            let ttl = oidc.id_token_ttl.as_secs() as i64;
            let id_token = mint(state, ttl);
            lock(&state.oidc).refreshes += 1;
            json_response(
                200,
                &json!({"access_token": id_token, "id_token": id_token, "token_type": "Bearer",
                    "expires_in": ttl, "refresh_token": oidc.refresh_token}),
            )
        }
        _ => json_response(404, &json!({"error": "not_found"})),
    }
}

/// What a kubeconfig's `auth-provider: oidc` needs for one cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcClient {
    /// `idp-issuer-url`: the cluster's own `https://127.0.0.1:PORT`.
    pub issuer_url: String,
    /// `client-id`
    pub client_id: String,
    /// `client-secret`
    pub client_secret: String,
    /// `refresh-token`
    pub refresh_token: String,
}

impl OidcClient {
    /// The kubeconfig `user` entry (`auth-provider: oidc`) with `id_token`.
    pub fn kubeconfig_user(&self, id_token: &str) -> Value {
        json!({"auth-provider": {"name": "oidc", "config": {
            "idp-issuer-url": self.issuer_url, "client-id": self.client_id,
            "client-secret": self.client_secret, "refresh-token": self.refresh_token,
            "id-token": id_token}}})
    }
}

impl ClusterHandle {
    /// The cluster's OIDC client registration (issuer = the cluster's server URL).
    pub fn oidc(&self) -> OidcClient {
        let o = lock(&self.0.oidc);
        OidcClient {
            issuer_url: issuer(&self.0),
            client_id: o.client_id.clone(),
            client_secret: o.client_secret.clone(),
            refresh_token: o.refresh_token.clone(),
        }
    }
    /// An ID token (HS256 JWT) for the cluster's user, accepted until `exp` = now +
    /// `valid_for_secs` (negative: already expired, so a client must refresh first).
    pub fn mint_id_token(&self, valid_for_secs: i64) -> String {
        mint(&self.0, valid_for_secs)
    }
    /// Lifetime of ID tokens the token endpoint issues (default 300 s).
    pub fn set_id_token_ttl(&self, ttl: Duration) {
        lock(&self.0.oidc).id_token_ttl = ttl;
    }
    /// Successful refresh-token grants so far.
    pub fn oidc_refreshes(&self) -> u64 {
        lock(&self.0.oidc).refreshes
    }
    /// PEM of the cluster's CA (trust it for the issuer: kube-rs' OIDC refresher uses the
    /// system roots, e.g. via `SSL_CERT_FILE`).
    pub fn ca_pem(&self) -> String {
        self.0.ca_pem.clone()
    }
}
