//! App settings that live on disk beside the app: the kubeconfig files and folders the user
//! added. No credential is ever stored here.
//!
//! Start at [`SettingsStore`]: it loads once, and every change is written atomically.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::kubeconfig::{expand_tilde, home_dir};

/// What is persisted in `settings.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Kubeconfig files and folders the user added, in the order added.
    pub kubeconfig_sources: Vec<PathBuf>,
}

/// Settings loaded from one file, changed through methods that save as they go.
#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    settings: Mutex<Settings>,
}

impl SettingsStore {
    /// Load `dir/settings.json`. A missing file gives the defaults. A file that cannot be
    /// parsed is moved aside to `settings.json.broken` (so nothing the user had is lost) and
    /// the defaults are used; the returned warning says so.
    pub fn load(dir: &Path) -> (Self, Option<String>) {
        let path = dir.join("settings.json");
        let (settings, warning) = match std::fs::read_to_string(&path) {
            Err(_) => (Settings::default(), None),
            Ok(text) => match serde_json::from_str(&text) {
                Ok(s) => (s, None),
                Err(e) => {
                    let aside = path.with_extension("json.broken");
                    let moved = std::fs::rename(&path, &aside).is_ok();
                    let warning = format!(
                        "settings file {} could not be read ({e}); {}",
                        path.display(),
                        if moved {
                            format!("it was kept as {} and defaults are used", aside.display())
                        } else {
                            "defaults are used".to_owned()
                        }
                    );
                    tracing::warn!("{warning}");
                    (Settings::default(), Some(warning))
                }
            },
        };
        (
            Self {
                path,
                settings: Mutex::new(settings),
            },
            warning,
        )
    }

    /// A copy of the current settings.
    pub fn get(&self) -> Settings {
        self.lock().clone()
    }

    /// Add a kubeconfig file or folder. It must exist; `~` is expanded.
    pub fn add_kubeconfig_source(&self, raw: &str) -> Result<(), Error> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Error::InvalidInput(
                "enter the path of a kubeconfig file or folder".into(),
            ));
        }
        let path = expand_tilde(raw, home_dir().as_deref());
        if !path.is_absolute() {
            return Err(Error::InvalidInput(format!(
                "\"{raw}\" is not an absolute path; enter the full path of a kubeconfig file or folder"
            )));
        }
        if !path.exists() {
            return Err(Error::InvalidInput(format!(
                "{} does not exist",
                path.display()
            )));
        }
        self.update(|s| {
            if !s.kubeconfig_sources.contains(&path) {
                s.kubeconfig_sources.push(path);
            }
        })
    }

    /// Remove a kubeconfig source the user added. Removing an unknown path is not an error.
    pub fn remove_kubeconfig_source(&self, raw: &str) -> Result<(), Error> {
        let path = PathBuf::from(raw);
        self.update(|s| s.kubeconfig_sources.retain(|p| p != &path))
    }

    fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), Error> {
        let mut guard = self.lock();
        let mut next = guard.clone();
        change(&mut next);
        write_atomically(&self.path, &next)?;
        *guard = next;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Settings> {
        // A panic while holding this lock cannot leave Settings half-changed (we swap whole
        // values), so a poisoned lock is safe to use.
        self.settings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn write_atomically(path: &Path, settings: &Settings) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Settings(format!("cannot save {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("json.tmp");
    let text =
        serde_json::to_string_pretty(settings).map_err(|e| Error::Settings(e.to_string()))?;
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_and_removes_sources_and_persists_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("extra.yaml");
        std::fs::write(&file, "").unwrap();
        let (store, warning) = SettingsStore::load(dir.path());
        assert!(warning.is_none());
        store.add_kubeconfig_source(file.to_str().unwrap()).unwrap();
        store.add_kubeconfig_source(file.to_str().unwrap()).unwrap();
        let (reloaded, _) = SettingsStore::load(dir.path());
        assert_eq!(reloaded.get().kubeconfig_sources, vec![file.clone()]);
        reloaded
            .remove_kubeconfig_source(file.to_str().unwrap())
            .unwrap();
        assert!(SettingsStore::load(dir.path())
            .0
            .get()
            .kubeconfig_sources
            .is_empty());
    }

    #[test]
    fn rejects_missing_and_relative_paths_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = SettingsStore::load(dir.path());
        let missing = dir.path().join("nope");
        let err = store
            .add_kubeconfig_source(missing.to_str().unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let err = store.add_kubeconfig_source("relative/config").unwrap_err();
        assert!(err.to_string().contains("not an absolute path"), "{err}");
        assert!(store.get().kubeconfig_sources.is_empty());
    }

    #[test]
    fn a_broken_settings_file_is_kept_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.json"), "{ not json").unwrap();
        let (store, warning) = SettingsStore::load(dir.path());
        assert!(warning.unwrap().contains("settings.json.broken"));
        assert_eq!(store.get(), Settings::default());
        let kept = std::fs::read_to_string(dir.path().join("settings.json.broken")).unwrap();
        assert_eq!(kept, "{ not json");
    }
}
