//! Checks of the arguments the window sends with a command, before anything reaches a
//! cluster: each refusal names the cluster, the argument and what would be accepted.
//!
//! The window is trusted code, but it is the boundary the app has: a bug there (an empty
//! kind, a name with a slash, a page size of four billion) must end as a clear error, not
//! as a strange URL or an hour-long request.

use crate::context_id::ContextId;
use crate::error::Error;

/// The largest page a list may ask for (kubectl pages by 500).
pub const MAX_PAGE: u32 = 10_000;
/// The most replicas a scale may set.
pub const MAX_REPLICAS: u32 = 100_000;
/// The largest YAML text `apply_yaml` accepts (an object is at most ~1.5 MiB in etcd).
pub const MAX_YAML_BYTES: usize = 16 * 1024 * 1024;
/// Kubernetes names are at most 253 characters (DNS subdomains); kind names are shorter.
const MAX_NAME: usize = 253;

fn refuse(context: &ContextId, argument: &str, why: String) -> Error {
    Error::InvalidInput(format!(
        "{}: argument \"{argument}\" {why}",
        context.display_name()
    ))
}

/// A resource kind as typed or resolved: `pods`, `po`, `deployments.apps`,
/// `pods.v1.metrics.k8s.io`.
pub(crate) fn kind(context: &ContextId, kind: &str) -> Result<(), Error> {
    if kind.trim().is_empty() {
        return Err(refuse(
            context,
            "kind",
            "is empty; name a resource kind such as \"pods\"".into(),
        ));
    }
    let ok = kind.len() <= MAX_NAME
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    if !ok {
        return Err(refuse(
            context,
            "kind",
            format!(
                "is not a resource kind (letters, digits, '.' and '-', at most {MAX_NAME} characters)"
            ),
        ));
    }
    Ok(())
}

/// A namespace: `None` means every namespace; a given one is a DNS label.
pub(crate) fn namespace(context: &ContextId, namespace: Option<&str>) -> Result<(), Error> {
    let Some(ns) = namespace else { return Ok(()) };
    let ok = !ns.is_empty()
        && ns.len() <= 63
        && ns
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(refuse(
            context,
            "namespace",
            "is not a namespace name (1–63 lower-case letters, digits and '-'; null for all namespaces)".into(),
        ))
    }
}

/// An object's name: not empty, no `/`, not `.` or `..` (it becomes a URL path segment).
pub(crate) fn name(context: &ContextId, name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.contains(['/', '\\', '?', '#', '%'])
        && name != "."
        && name != "..";
    if ok {
        Ok(())
    } else {
        Err(refuse(
            context,
            "name",
            format!("is not an object name (1–{MAX_NAME} characters, no '/', '?', '#' or '%')"),
        ))
    }
}

/// A list's page size: absent for the server's default, else 1 to [`MAX_PAGE`].
pub(crate) fn limit(context: &ContextId, limit: Option<u32>) -> Result<(), Error> {
    match limit {
        Some(n) if n == 0 || n > MAX_PAGE => Err(refuse(
            context,
            "limit",
            format!("is {n}; a page holds 1 to {MAX_PAGE} objects (or leave it out)"),
        )),
        _ => Ok(()),
    }
}

/// A replica count for scale: 0 to [`MAX_REPLICAS`].
pub(crate) fn replicas(context: &ContextId, replicas: u32) -> Result<(), Error> {
    if replicas > MAX_REPLICAS {
        return Err(refuse(
            context,
            "replicas",
            format!("is {replicas}; scale to 0 to {MAX_REPLICAS} replicas"),
        ));
    }
    Ok(())
}

/// A YAML text to apply: at most [`MAX_YAML_BYTES`].
pub(crate) fn yaml(context: &ContextId, yaml: &str) -> Result<(), Error> {
    if yaml.len() > MAX_YAML_BYTES {
        return Err(refuse(
            context,
            "yaml",
            format!(
                "is {} MiB; apply at most {} MiB at once",
                yaml.len() / 1_048_576,
                MAX_YAML_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}
