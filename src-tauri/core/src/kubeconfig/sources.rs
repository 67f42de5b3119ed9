//! Where kubeconfig files are: kubectl's rule (`KUBECONFIG` entries, else
//! `~/.kube/config`) plus the files and folders the user added.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::{KubeconfigSource, SourceError, SourceInputs, SourceOrigin};

/// The user's home directory (`HOME`, or `USERPROFILE` on Windows).
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Expand a leading `~` to the home directory.
pub(crate) fn expand_tilde(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            home.join(rest.trim_start_matches(['/', '\\']))
        }
        _ => PathBuf::from(path),
    }
}

/// The places to look, in priority order, following kubectl's rule: every `KUBECONFIG`
/// entry when that variable is set, else `~/.kube/config`; then the user's additions. A path
/// listed twice is kept once, at its first place.
pub(crate) fn resolve_sources(inputs: &SourceInputs) -> Vec<KubeconfigSource> {
    let mut out: Vec<(PathBuf, SourceOrigin)> = Vec::new();
    if let Some(env) = inputs.kubeconfig_env.as_deref() {
        for p in std::env::split_paths(env) {
            if !p.as_os_str().is_empty() {
                out.push((p, SourceOrigin::KubeconfigEnv));
            }
        }
    }
    if out.is_empty() {
        if let Some(home) = inputs.home.as_deref() {
            out.push((home.join(".kube").join("config"), SourceOrigin::Default));
        }
    }
    for p in &inputs.extra {
        out.push((p.clone(), SourceOrigin::UserAdded));
    }
    let mut seen = HashSet::new();
    out.into_iter()
        .filter(|(p, _)| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
        .map(|(p, origin)| KubeconfigSource {
            exists: p.exists(),
            is_dir: p.is_dir(),
            path: p.to_string_lossy().into_owned(),
            origin,
        })
        .collect()
}

/// The most files read from one folder (in name order); a folder with more is reported.
pub const MAX_FOLDER_FILES: usize = 256;

/// The files behind the sources: a file source is itself; a folder gives its regular,
/// non-hidden files in name order (not recursive), at most [`MAX_FOLDER_FILES`] of them.
/// Missing sources give nothing.
pub(super) fn files_of(
    sources: &[KubeconfigSource],
    errors: &mut Vec<SourceError>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for s in sources.iter().filter(|s| s.exists) {
        let path = PathBuf::from(&s.path);
        if !s.is_dir {
            files.push(path);
            continue;
        }
        let folder_error = |message: String| SourceError {
            file: s.path.clone(),
            message,
            line: None,
            column: None,
        };
        match std::fs::read_dir(&path) {
            Ok(entries) => {
                // FIFOs, devices and sockets are left out here (`is_file` follows symlinks).
                let mut inner: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| !is_hidden(p) && p.is_file())
                    .collect();
                inner.sort();
                if inner.len() > MAX_FOLDER_FILES {
                    errors.push(folder_error(format!(
                        "folder has {} files; only the first {MAX_FOLDER_FILES} by name are read as kubeconfigs",
                        inner.len()
                    )));
                    inner.truncate(MAX_FOLDER_FILES);
                }
                files.extend(inner);
            }
            Err(e) => errors.push(folder_error(format!("cannot read folder: {e}"))),
        }
    }
    files.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    files
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(OsStr::to_str)
        .is_some_and(|n| n.starts_with('.'))
}
