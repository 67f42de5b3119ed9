//! Saving text the user downloads (a log tab's lines) into their Downloads folder: a name
//! built from the cluster, pod, container and time that never overwrites a file, written
//! atomically (a temporary file in the same folder, then a rename that refuses to replace),
//! and never outside that folder.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What a saved log is called: `<cluster>-<pod>-<container>-<timestamp>.log`, each part
/// reduced to characters safe in a file name on every OS.
#[derive(Debug, Clone)]
pub struct LogFileName<'a> {
    pub cluster: &'a str,
    pub pod: &'a str,
    pub container: &'a str,
    /// e.g. `20261128-094200` (the caller's local time).
    pub timestamp: &'a str,
}

impl LogFileName<'_> {
    /// The file name without extension and without a uniqueness suffix.
    fn stem(&self) -> String {
        [self.cluster, self.pod, self.container, self.timestamp]
            .iter()
            .map(|part| safe_part(part))
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// A part of a file name: letters, digits, `.`, `_` and `-` kept, anything else (path
/// separators, `:` of EKS ARNs, spaces) becomes `_`; leading dots are dropped so no part
/// is `..` or hidden; at most 80 characters.
fn safe_part(part: &str) -> String {
    let mapped: String = part
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    mapped.trim_start_matches('.').chars().take(80).collect()
}

/// Writes `text` into `dir` as a new file named by `name` (`…-2.log`, `…-3.log` when the
/// name is taken: an existing file is never replaced); returns the full path. `context`
/// names the cluster in errors.
pub fn save_log(
    dir: &Path,
    name: &LogFileName<'_>,
    text: &str,
    context: &str,
) -> Result<PathBuf, Error> {
    let fail = |reason: String| Error::SaveFile {
        context: context.to_owned(),
        what: "the log".to_owned(),
        reason,
    };
    if !dir.is_dir() {
        return Err(fail(format!(
            "the Downloads folder {} does not exist",
            dir.display()
        )));
    }
    let stem = name.stem();
    if stem.is_empty() {
        return Err(fail("the log has no name".to_owned()));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".kubeli-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| fail(format!("cannot write in {}: {e}", dir.display())))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| fail(format!("writing into {} failed: {e}", dir.display())))?;
    for n in 1..=1000 {
        let file = if n == 1 {
            format!("{stem}.log")
        } else {
            format!("{stem}-{n}.log")
        };
        let target = dir.join(file);
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok(target),
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => {
                return Err(fail(format!(
                    "cannot create {}: {}",
                    target.display(),
                    e.error
                )))
            }
        }
    }
    Err(fail(format!(
        "{stem}.log and 999 numbered names are taken in {}",
        dir.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name<'a>(pod: &'a str) -> LogFileName<'a> {
        LogFileName {
            cluster: "arn:aws:eks:eu-west-1:1234:cluster/prod",
            pod,
            container: "app",
            timestamp: "20261128-094200",
        }
    }

    #[test]
    fn writes_a_new_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_log(dir.path(), &name("web-1"), "one\n", "prod").unwrap();
        assert_eq!(
            first.file_name().unwrap(),
            "arn_aws_eks_eu-west-1_1234_cluster_prod-web-1-app-20261128-094200.log"
        );
        let second = save_log(dir.path(), &name("web-1"), "two\n", "prod").unwrap();
        assert!(
            second.to_string_lossy().ends_with("-094200-2.log"),
            "{}",
            second.display()
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one\n");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn names_never_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = save_log(dir.path(), &name("../../etc/passwd"), "x", "prod").unwrap();
        assert_eq!(path.parent().unwrap(), dir.path());
        assert!(!path.file_name().unwrap().to_string_lossy().contains('/'));
    }

    #[test]
    fn errors_name_the_cluster_and_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("Downloads");
        let err = save_log(&missing, &name("web-1"), "x", "lab-dev").unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::SaveFile);
        let message = err.to_string();
        assert!(
            message.starts_with("lab-dev: could not save the log: the Downloads folder"),
            "{message}"
        );
        assert!(message.contains("does not exist"), "{message}");
    }
}
