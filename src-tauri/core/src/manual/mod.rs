//! Clusters added by hand (server URL, CA, and a token, a client certificate + key, or an
//! exec command). Kubeli writes them to its own kubeconfig file, `manual-clusters.yaml` in
//! its config folder, added as a kubeconfig source. That file never holds a secret: a token
//! or a certificate's key lives in the OS keychain ([`keychain`]), and the file's user entry
//! is an exec credential plugin that runs the Kubeli binary itself as
//! `kubeli credential <name>`, which prints it from the keychain — so `kubectl` with the
//! same file works too. An exec command the user gives is written as it is (it holds no
//! secret). Each connect is validated for real before anything is saved.

pub mod keychain;
mod listing;

pub use listing::list;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use crate::error::Error;
use keychain::Secret;

/// The file Kubeli writes, in its config folder.
pub const FILE_NAME: &str = "manual-clusters.yaml";

/// A cluster as the user enters it.
#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ManualCluster {
    /// The context name it gets (letters, digits, `.`, `_`, `-`).
    pub name: String,
    /// `https://host:port` of the API server.
    pub server: String,
    /// The CA certificate (PEM); none only with `skip_tls_verify`.
    pub ca: Option<String>,
    /// Trust any certificate (the UI warns).
    pub skip_tls_verify: bool,
    pub auth: ManualAuth,
}

/// How the cluster is authenticated. An empty secret when editing keeps the saved one.
#[derive(Clone, Deserialize, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ManualAuth {
    Token {
        token: String,
    },
    #[serde(rename_all = "camelCase")]
    ClientCertificate {
        certificate: String,
        key: String,
    },
    /// A command line (`aws eks get-token --cluster-name x`), split the way a shell would
    /// (quotes keep an argument with spaces whole).
    Exec {
        command: String,
    },
}

impl std::fmt::Debug for ManualAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Token { .. } => f.write_str("Token(hidden)"),
            Self::ClientCertificate { .. } => f.write_str("ClientCertificate(hidden)"),
            Self::Exec { command } => write!(f, "Exec({command})"),
        }
    }
}

/// A saved cluster as listed for editing: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ManualClusterInfo {
    pub name: String,
    pub server: String,
    pub skip_tls_verify: bool,
    /// What the OS keychain holds for it — `token` or `clientCertificate` — or `exec`
    /// (`keychain` for an entry written before the kind was recorded).
    pub auth_kind: String,
    pub exec_command: Option<String>,
}

pub fn file_path(config_dir: &Path) -> PathBuf {
    config_dir.join(FILE_NAME)
}

fn invalid(name: &str, reason: impl Into<String>) -> Error {
    let name = if name.is_empty() { "new cluster" } else { name };
    Error::InvalidInput(format!("{name}: {}", reason.into()))
}

/// Check what the user entered before anything is tried.
pub fn check(c: &ManualCluster) -> Result<(), Error> {
    let ok_name = !c.name.is_empty()
        && c.name.len() <= 100
        && c.name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
    if !ok_name {
        return Err(invalid(
            &c.name,
            "the name may hold only letters, digits, '.', '_' and '-' (1 to 100)",
        ));
    }
    let url = http::Uri::try_from(c.server.trim()).ok();
    if url.as_ref().and_then(http::Uri::scheme_str) != Some("https")
        || url.and_then(|u| u.host().map(str::to_owned)).is_none()
    {
        return Err(invalid(
            &c.name,
            "the server must be an https:// URL with a host",
        ));
    }
    match &c.ca {
        Some(pem) if !pem.contains("-----BEGIN CERTIFICATE-----") => {
            return Err(invalid(
                &c.name,
                "the CA is not a PEM certificate (-----BEGIN CERTIFICATE-----)",
            ))
        }
        None if !c.skip_tls_verify => {
            return Err(invalid(
                &c.name,
                "give the server's CA certificate, or choose to skip TLS verification",
            ))
        }
        _ => {}
    }
    if let ManualAuth::Exec { command } = &c.auth {
        match shlex::split(command) {
            Some(words) if !words.is_empty() => {}
            Some(_) => return Err(invalid(&c.name, "enter the exec command")),
            None => {
                return Err(invalid(
                    &c.name,
                    "the exec command has an unclosed quote or a trailing backslash",
                ))
            }
        }
    }
    Ok(())
}

/// The secret to keep for `c`: the one entered, or `saved` when editing left it empty.
/// `None` for exec auth (nothing secret).
pub fn secret_of(c: &ManualCluster, saved: Option<Secret>) -> Result<Option<Secret>, Error> {
    let entered = match &c.auth {
        ManualAuth::Exec { .. } => return Ok(None),
        ManualAuth::Token { token } if !token.trim().is_empty() => Secret {
            token: Some(token.trim().to_owned()),
            ..Secret::default()
        },
        ManualAuth::ClientCertificate { certificate, key }
            if !certificate.trim().is_empty() && !key.trim().is_empty() =>
        {
            Secret {
                client_certificate_data: Some(certificate.trim().to_owned() + "\n"),
                client_key_data: Some(key.trim().to_owned() + "\n"),
                ..Secret::default()
            }
        }
        _ => {
            let wanted = matches!(c.auth, ManualAuth::Token { .. });
            return saved
                .filter(|s| s.token.is_some() == wanted)
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        &c.name,
                        "enter the credential (token, or certificate and key)",
                    )
                });
        }
    };
    Ok(Some(entered))
}

fn b64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn cluster_entry(c: &ManualCluster) -> Value {
    let mut cluster = json!({ "server": c.server.trim() });
    match (&c.ca, c.skip_tls_verify) {
        (_, true) => cluster["insecure-skip-tls-verify"] = json!(true),
        (Some(pem), false) => cluster["certificate-authority-data"] = json!(b64(pem.trim())),
        (None, false) => {}
    }
    cluster
}

fn exec_user(command: &str, args: Vec<String>) -> Value {
    json!({ "exec": {
        "apiVersion": "client.authentication.k8s.io/v1",
        "command": command,
        "args": args,
        "interactiveMode": "Never",
    }})
}

/// The variable in a keychain reference's exec entry that records the credential's kind.
const CREDENTIAL_KIND: &str = "KUBELI_CREDENTIAL_KIND";

/// The user entry written to the file: a reference to the keychain (through the Kubeli
/// binary at `kubeli`), or the user's own exec command.
fn saved_user(c: &ManualCluster, kubeli: &str) -> Value {
    match &c.auth {
        ManualAuth::Exec { command } => {
            // Split the way a shell would, so quoted arguments with spaces stay one argument
            // (`check` has refused a command that does not split).
            let mut words = shlex::split(command).unwrap_or_default().into_iter();
            let program = words.next().unwrap_or_default();
            exec_user(&program, words.collect())
        }
        _ => {
            let mut user = exec_user(kubeli, vec!["credential".into(), c.name.clone()]);
            // What the keychain holds, so editing can keep it without asking again.
            let kind = match c.auth {
                ManualAuth::ClientCertificate { .. } => "clientCertificate",
                _ => "token",
            };
            user["exec"]["env"] = json!([{ "name": CREDENTIAL_KIND, "value": kind }]);
            user
        }
    }
}

/// A kubeconfig holding only `c`, with `user` as its user entry.
fn single(c: &ManualCluster, user: Value) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{ "name": c.name, "cluster": cluster_entry(c) }],
        "users": [{ "name": c.name, "user": user }],
        "contexts": [{ "name": c.name, "context": { "cluster": c.name, "user": c.name } }],
        "current-context": c.name,
    })
}

/// The kubeconfig to validate `c` with, kept in memory only: the secret inline.
pub fn probe_config(c: &ManualCluster, secret: Option<&Secret>) -> Value {
    let user = match (secret, &c.auth) {
        (Some(s), _) => {
            let mut user = json!({});
            if let Some(token) = &s.token {
                user["token"] = json!(token);
            }
            if let (Some(cert), Some(key)) = (&s.client_certificate_data, &s.client_key_data) {
                user["client-certificate-data"] = json!(b64(cert));
                user["client-key-data"] = json!(b64(key));
            }
            user
        }
        (None, _) => saved_user(c, ""),
    };
    single(c, user)
}

fn read(path: &Path) -> Result<Value, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(json!({"apiVersion": "v1", "kind": "Config"}))
        }
        Err(e) => {
            return Err(Error::Settings(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
    };
    serde_saphyr::from_str(&text)
        .map_err(|e| Error::Settings(format!("{} cannot be read: {e}", path.display())))
}

/// Every list of the file (`clusters`, `users`, `contexts`) without `name`'s entries.
fn without(mut config: Value, name: &str) -> (Value, bool) {
    let mut found = false;
    for list in ["clusters", "users", "contexts"] {
        if let Some(items) = config.get_mut(list).and_then(Value::as_array_mut) {
            let before = items.len();
            items.retain(|i| i["name"] != name);
            found |= items.len() != before;
        }
    }
    (config, found)
}

fn write_atomically(path: &Path, config: &Value) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Settings(format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let text = serde_json::to_vec_pretty(config).map_err(|e| fail(std::io::Error::other(e)))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".manual.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(&text).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Write `c` into the file at `path` (replacing `previous`, the name it had, when edited),
/// its user entry a reference to the keychain through the binary at `kubeli`.
pub fn save(
    path: &Path,
    c: &ManualCluster,
    previous: Option<&str>,
    kubeli: &str,
) -> Result<(), Error> {
    let (config, _) = without(read(path)?, previous.unwrap_or(&c.name));
    let (mut config, _) = without(config, &c.name);
    let entry = single(c, saved_user(c, kubeli));
    for list in ["clusters", "users", "contexts"] {
        let mut items = config
            .get(list)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        items.extend(entry[list].as_array().cloned().unwrap_or_default());
        config[list] = Value::Array(items);
    }
    write_atomically(path, &config)
}

/// Remove cluster `name` from the file. Returns whether it was there.
pub fn remove(path: &Path, name: &str) -> Result<bool, Error> {
    let (config, found) = without(read(path)?, name);
    if found {
        write_atomically(path, &config)?;
    }
    Ok(found)
}

/// `kubeli credential <name>`: the `ExecCredential` JSON a kubeconfig exec plugin prints.
pub fn exec_credential(name: &str) -> Result<String, Error> {
    let secret = keychain::load(name)?.ok_or_else(|| Error::Keychain {
        context: name.to_owned(),
        reason: "the OS keychain holds no credential for it (add the cluster again in Kubeli)"
            .into(),
    })?;
    Ok(json!({
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": secret,
    })
    .to_string())
}

#[cfg(test)]
mod tests;
