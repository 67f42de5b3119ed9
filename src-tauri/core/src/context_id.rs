//! [`ContextId`]: the one owner of the `file#name` format that identifies a kubeconfig
//! context across every file Kubeli reads.
//!
//! A context *name* (`prod`) is what a kubeconfig calls a context; it may repeat across
//! files and even inside one file. A context *id* adds the file it came from (and an
//! ordinal when one file repeats a name), so it is unique. Nothing outside this module
//! splits or builds the string.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

/// The unique id of a kubeconfig context: `<file>#<name>`, or `<file>#<name>#<n>` for the
/// n-th context of that name in one file. Crosses IPC and the saved UI state as a plain
/// string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct ContextId(String);

impl ContextId {
    /// The id of the `ordinal`-th context (counting from 1) named `name` in `file`.
    pub fn new(file: &Path, name: &str, ordinal: u32) -> Self {
        let file = file.to_string_lossy();
        if ordinal <= 1 {
            Self(format!("{file}#{name}"))
        } else {
            Self(format!("{file}#{name}#{ordinal}"))
        }
    }

    /// An id as the frontend sends it back. Any string is accepted; one that does not
    /// follow the format simply matches no context.
    pub fn parse(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kubeconfig file the context came from (empty when the id has no `#`).
    pub fn file(&self) -> &str {
        self.parts().0
    }

    /// The context name as the kubeconfig spells it.
    pub fn name(&self) -> &str {
        self.parts().1
    }

    /// Which context of that name in its file (1 for the first).
    pub fn ordinal(&self) -> u32 {
        self.parts().2
    }

    /// The readable name: the context name, plus `(n)` for the n-th repeat in one file.
    /// Every error and log line about a cluster starts with it.
    pub fn display_name(&self) -> String {
        match self.parts() {
            (_, name, 1) => name.to_owned(),
            (_, name, n) => format!("{name} ({n})"),
        }
    }

    /// `(file, name, ordinal)`. The file ends at the first `#` after its last path
    /// separator, so folders with `#` in their names still work; a trailing `#<n>` with
    /// n ≥ 2 is the ordinal.
    fn parts(&self) -> (&str, &str, u32) {
        let s = self.0.as_str();
        let last_sep = s.rfind(['/', '\\']).map_or(0, |i| i + 1);
        let Some(hash) = s[last_sep..].find('#').map(|i| i + last_sep) else {
            return ("", s, 1);
        };
        let (file, rest) = (&s[..hash], &s[hash + 1..]);
        if let Some((name, n)) = rest.rsplit_once('#') {
            match n.parse::<u32>() {
                // `prod#02` is a name, not the second `prod`.
                Ok(ordinal) if ordinal >= 2 && ordinal.to_string() == n => {
                    return (file, name, ordinal)
                }
                _ => {}
            }
        }
        (file, rest, 1)
    }
}

impl fmt::Display for ContextId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ContextId {
    fn from(id: &str) -> Self {
        Self::parse(id)
    }
}

impl From<String> for ContextId {
    fn from(id: String) -> Self {
        Self::parse(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_display_names() {
        let id = ContextId::new(Path::new("/home/a/.kube/config"), "prod", 1);
        assert_eq!(id.as_str(), "/home/a/.kube/config#prod");
        assert_eq!(
            (id.file(), id.name(), id.display_name().as_str()),
            ("/home/a/.kube/config", "prod", "prod")
        );
        let second = ContextId::new(Path::new("/home/a/.kube/config"), "prod", 2);
        assert_eq!(second.as_str(), "/home/a/.kube/config#prod#2");
        assert_eq!((second.name(), second.ordinal()), ("prod", 2));
        assert_eq!(second.display_name(), "prod (2)");
    }

    #[test]
    fn hashes_in_folders_and_names_are_kept() {
        let id = ContextId::new(Path::new("/tmp/c#1/config"), "team#blue", 1);
        assert_eq!(id.file(), "/tmp/c#1/config");
        assert_eq!(id.name(), "team#blue");
        assert_eq!(id.display_name(), "team#blue");
        let windows = ContextId::parse(r"C:\Users\a\.kube\config#dev");
        assert_eq!(
            (windows.file(), windows.name()),
            (r"C:\Users\a\.kube\config", "dev")
        );
    }

    #[test]
    fn an_id_without_a_file_is_its_own_name() {
        let id = ContextId::parse("no-hash");
        assert_eq!((id.file(), id.name()), ("", "no-hash"));
        assert_eq!(id.display_name(), "no-hash");
    }

    #[test]
    fn crosses_ipc_as_a_plain_string() {
        let id = ContextId::parse("/k#dev");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"/k#dev\"");
        let back: ContextId = serde_json::from_str("\"/k#dev\"").unwrap();
        assert_eq!(back, id);
    }
}
