//! Credentials one cluster accepts: bearer tokens (the kubeconfig's, extra ones, ones with a
//! time to live, all revocable) and OIDC ID tokens minted by the cluster's own small issuer
//! (`/.well-known/openid-configuration` + `POST /oidc/token`, refresh-token grant).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::util::{now_secs, Rng};

/// One accepted bearer token.
#[derive(Debug, Clone)]
struct Token {
    user: String,
    expires: Option<Instant>,
}

/// The bearer tokens a cluster accepts.
#[derive(Debug, Default)]
pub struct Tokens {
    primary: Option<String>,
    map: HashMap<String, Token>,
}

impl Tokens {
    /// Accepts `token` (the kubeconfig's) for `user`.
    pub fn new(token: &str, user: &str) -> Self {
        let mut t = Tokens::default();
        t.insert(token, user, None);
        t.primary = Some(token.to_string());
        t
    }
    /// Accepts `token` for `user`, until `ttl` has passed when given.
    pub fn insert(&mut self, token: &str, user: &str, ttl: Option<Duration>) {
        let expires = ttl.map(|d| Instant::now() + d);
        self.insert_until(token, user, expires);
    }
    /// Accepts `token` for `user` until `expires` (an instant in the past rejects it at once).
    pub fn insert_until(&mut self, token: &str, user: &str, expires: Option<Instant>) {
        let user = user.to_string();
        self.map.insert(token.to_string(), Token { user, expires });
    }
    /// The user of a valid (known, unexpired, unrevoked) token.
    pub fn user(&self, token: &str) -> Option<&str> {
        let t = self.map.get(token)?;
        match t.expires {
            Some(e) if Instant::now() >= e => None,
            _ => Some(&t.user),
        }
    }
    /// The kubeconfig's token, unless revoked.
    pub fn primary(&self) -> Option<&str> {
        self.primary
            .as_deref()
            .filter(|p| self.map.contains_key(*p))
    }
    /// Stops accepting `token`; `false` if it was not known.
    pub fn revoke(&mut self, token: &str) -> bool {
        self.map.remove(token).is_some()
    }
    /// Stops accepting every token.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

/// A random token string like `lab-dev-t1a2b3c4d5e6f7a8b`.
pub fn random_token(prefix: &str, rng: &mut Rng) -> String {
    format!("{prefix}-t{:016x}", rng.next_u64())
}

/// The cluster's OIDC client registration and issuer state.
#[derive(Debug, Clone)]
pub struct Oidc {
    /// `client-id` for the kubeconfig's auth-provider.
    pub client_id: String,
    /// `client-secret` for the kubeconfig's auth-provider.
    pub client_secret: String,
    /// A refresh token the token endpoint accepts (stable; returned again on refresh).
    pub refresh_token: String,
    /// Lifetime of ID tokens issued by the token endpoint.
    pub id_token_ttl: Duration,
    /// Successful refreshes so far.
    pub refreshes: u64,
    key: Vec<u8>,
}

fn b64url(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

impl Oidc {
    /// A client registration for cluster `short` (`dev`), secrets drawn from `rng`.
    pub fn new(short: &str, rng: &mut Rng) -> Self {
        Oidc {
            client_id: "kubeli".into(),
            client_secret: format!("lab-{short}-secret-{:08x}", rng.next_u64() as u32),
            refresh_token: format!("lab-{short}-refresh-{:016x}", rng.next_u64()),
            id_token_ttl: Duration::from_secs(300),
            refreshes: 0,
            key: rng.next_u64().to_be_bytes().repeat(4),
        }
    }

    /// An HS256-signed JWT for `user`, expiring `valid_for` seconds from now (negative: already expired).
    pub fn mint(&self, issuer: &str, user: &str, valid_for: i64) -> String {
        let now = now_secs();
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let claims = json!({"iss": issuer, "sub": user, "aud": self.client_id, "iat": now,
            "exp": now + valid_for, "email": format!("{user}@kubeli.lab"), "email_verified": true});
        let signing_input = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(claims.to_string().as_bytes())
        );
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.key);
        let sig = ring::hmac::sign(&key, signing_input.as_bytes());
        format!("{signing_input}.{}", b64url(sig.as_ref()))
    }

    /// `/.well-known/openid-configuration` for `issuer`.
    pub fn discovery(issuer: &str) -> Value {
        json!({"issuer": issuer, "token_endpoint": format!("{issuer}/oidc/token"),
            "authorization_endpoint": format!("{issuer}/oidc/auth"), "jwks_uri": format!("{issuer}/oidc/keys"),
            "response_types_supported": ["code", "id_token"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["HS256"],
            "grant_types_supported": ["refresh_token"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]})
    }

    /// Checks a token request: `Ok(())` for a refresh-token grant with this client's
    /// credentials (Basic header or form fields), else the OAuth error and HTTP code.
    pub fn check_grant(
        &self,
        basic: Option<&str>,
        form: &HashMap<String, String>,
    ) -> Result<(), (u16, &'static str)> {
        let from_header = basic
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| {
                s.split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            });
        let from_form = form
            .get("client_id")
            .zip(form.get("client_secret"))
            .map(|(a, b)| (a.clone(), b.clone()));
        let ok_client = from_header
            .or(from_form)
            .is_some_and(|(id, secret)| id == self.client_id && secret == self.client_secret);
        if !ok_client {
            return Err((401, "invalid_client"));
        }
        if form.get("grant_type").map(String::as_str) != Some("refresh_token") {
            return Err((400, "unsupported_grant_type"));
        }
        if form.get("refresh_token") != Some(&self.refresh_token) {
            return Err((400, "invalid_grant"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_and_revoke() {
        let mut t = Tokens::new("a", "admin");
        t.insert("b", "admin", Some(Duration::ZERO));
        t.insert("c", "admin", Some(Duration::from_secs(60)));
        assert_eq!(t.user("a"), Some("admin"));
        assert_eq!(t.user("b"), None);
        assert_eq!(t.user("c"), Some("admin"));
        assert!(t.revoke("c"));
        assert_eq!(t.user("c"), None);
        t.clear();
        assert_eq!(t.primary(), None);
    }

    #[test]
    fn minted_tokens_carry_expiry() {
        let o = Oidc::new("dev", &mut Rng::new(1));
        let jwt = o.mint("https://x", "lab-dev-admin", -5);
        let claims = jwt.split('.').nth(1).unwrap();
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap();
        let v: Value = serde_json::from_slice(&raw).unwrap();
        assert!(v["exp"].as_i64().unwrap() < now_secs());
        let mut form = HashMap::new();
        form.insert("grant_type".into(), "refresh_token".into());
        form.insert("refresh_token".into(), o.refresh_token.clone());
        assert_eq!(o.check_grant(None, &form), Err((401, "invalid_client")));
        form.insert("client_id".into(), "kubeli".into());
        form.insert("client_secret".into(), o.client_secret.clone());
        assert_eq!(o.check_grant(None, &form), Ok(()));
    }
}
