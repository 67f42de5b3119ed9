//! Listing the clusters added by hand for editing: what the file says about each, never a secret.

use std::path::Path;

use serde_json::Value;

use super::{read, ManualClusterInfo, CREDENTIAL_KIND};
use crate::error::Error;

/// The clusters in the file, without their secrets.
pub fn list(path: &Path) -> Result<Vec<ManualClusterInfo>, Error> {
    let config = read(path)?;
    let items = |list: &str| {
        config
            .get(list)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let users = items("users");
    Ok(items("clusters")
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap_or_default().to_owned();
            let exec = users
                .iter()
                .find(|u| u["name"] == name.as_str())
                .map(|u| u["user"]["exec"].clone())
                .unwrap_or_default();
            let is_ref = exec["args"].get(0).and_then(Value::as_str) == Some("credential");
            ManualClusterInfo {
                server: c["cluster"]["server"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                skip_tls_verify: c["cluster"]["insecure-skip-tls-verify"] == true,
                auth_kind: match is_ref {
                    false => "exec".into(),
                    true => exec["env"]
                        .as_array()
                        .and_then(|env| env.iter().find(|v| v["name"] == CREDENTIAL_KIND))
                        .and_then(|v| v["value"].as_str())
                        .unwrap_or("keychain")
                        .to_owned(),
                },
                exec_command: (!is_ref).then(|| {
                    let args = exec["args"].as_array().cloned().unwrap_or_default();
                    let words = std::iter::once(exec["command"].as_str().unwrap_or_default())
                        .chain(args.iter().filter_map(Value::as_str));
                    // Quoted back the way it was split; a word shlex cannot quote (a NUL)
                    // is shown as it is.
                    shlex::try_join(words.clone())
                        .unwrap_or_else(|_| words.collect::<Vec<_>>().join(" "))
                }),
                name,
            }
        })
        .collect())
}
