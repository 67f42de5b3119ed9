//! The OS keychain, through the `keyring` crate: Secret Service on Linux (gnome-keyring,
//! KWallet), Keychain on macOS, Credential Manager on Windows. A credential of a cluster
//! added by hand lives only here; the kubeconfig entry Kubeli writes names it (see
//! `manual/mod.rs`). When no keychain can be reached the caller gets
//! [`Error::Keychain`](crate::error::Error::Keychain) and nothing is written anywhere else.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The keychain service every Kubeli item is filed under; the account is the cluster name.
pub const SERVICE: &str = "dev.kubeli.app";

/// What is kept for one cluster: a bearer token, or a client certificate and key (PEM).
/// The same fields as an `ExecCredential`'s status, so the credential plugin prints it as is.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_certificate_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_key_data: Option<String>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

fn entry(name: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(SERVICE, name).map_err(|e| failed(name, "open", &e))
}

fn failed(name: &str, doing: &str, e: &keyring::Error) -> Error {
    let reason = match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => format!(
            "no OS keychain is available to {doing} its credential ({e}); on Linux a Secret \
             Service such as gnome-keyring must be running and unlocked. Nothing was saved \
             in plain text"
        ),
        other => format!("cannot {doing} its credential in the OS keychain: {other}"),
    };
    Error::Keychain {
        context: name.to_owned(),
        reason,
    }
}

/// Keep `secret` as the credential of cluster `name`, replacing any earlier one.
pub fn store(name: &str, secret: &Secret) -> Result<(), Error> {
    let text = serde_json::to_string(secret).map_err(|e| Error::Keychain {
        context: name.to_owned(),
        reason: e.to_string(),
    })?;
    entry(name)?
        .set_password(&text)
        .map_err(|e| failed(name, "save", &e))
}

/// The credential of cluster `name`; `None` when the keychain holds none.
pub fn load(name: &str) -> Result<Option<Secret>, Error> {
    match entry(name)?.get_password() {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::Keychain {
                context: name.to_owned(),
                reason: format!("its keychain item is not one Kubeli wrote: {e}"),
            }),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(failed(name, "read", &e)),
    }
}

/// Delete the credential of cluster `name`. Returns whether there was one.
pub fn delete(name: &str) -> Result<bool, Error> {
    match entry(name)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(failed(name, "delete", &e)),
    }
}
