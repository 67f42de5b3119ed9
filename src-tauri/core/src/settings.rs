//! App settings that live on disk beside the app: the kubeconfig files and folders the user
//! added. No credential is ever stored here.
//!
//! Start at [`SettingsStore`]: it loads once and never loses what the user had. A file that
//! cannot be read is left untouched; one that cannot be understood (not UTF-8, not JSON, a
//! newer version) is moved aside under a name the warning gives; either way the app starts
//! with defaults and says so ([`SettingsStore::warning`]). Every change is a read-modify-write
//! under a lock file (`settings.lock`), so two app instances or quick successive saves keep
//! each other's updates, and is written atomically (a unique temporary file in the same
//! folder, fsync, rename).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::kubeconfig::{expand_tilde, home_dir};

/// The settings file's format version; a file with a higher one is from a newer Kubeli.
const VERSION: u32 = 1;
const FILE: &str = "settings.json";
const LOCK: &str = "settings.lock";

/// What is persisted in `settings.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Kubeconfig files and folders the user added, in the order added.
    pub kubeconfig_sources: Vec<PathBuf>,
    /// Contexts (ids) the app connects as it starts, before its window has loaded: the
    /// window's last session when it reconnects at start (`KubeClientManager::connect_at_start`).
    /// Set by the window; empty when it does not reconnect.
    pub start_contexts: Vec<String>,
}

/// At most this many contexts are reconnected at start.
pub const MAX_START_CONTEXTS: usize = 256;

/// The file's shape: the settings plus the format version (missing in files written before
/// versions existed, which are version 1).
#[derive(Serialize, Deserialize)]
struct OnDisk {
    #[serde(default = "first_version")]
    version: u32,
    #[serde(flatten)]
    settings: Settings,
}

fn first_version() -> u32 {
    1
}

/// What reading the settings file found.
enum Read {
    Missing,
    Loaded(Settings),
    /// The file exists but could not be read (permissions, I/O, a folder): leave it alone.
    Unreadable(String),
    /// The file was read but cannot be understood: move it aside.
    Invalid(String),
}

fn read(path: &Path) -> Read {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Unreadable(e.to_string()),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Read::Invalid("it is not UTF-8 text".into());
    };
    match serde_json::from_str::<OnDisk>(text) {
        Ok(file) if file.version > VERSION => Read::Invalid(format!(
            "it has format version {}, newer than this Kubeli understands ({VERSION})",
            file.version
        )),
        Ok(file) => Read::Loaded(file.settings),
        Err(e) => Read::Invalid(e.to_string()),
    }
}

/// Settings loaded from one file, changed through methods that save as they go.
#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    settings: Mutex<Settings>,
    warning: Option<String>,
}

impl SettingsStore {
    /// Load `dir/settings.json`. A missing file gives the defaults. A file that cannot be read
    /// is left untouched, one that cannot be understood is moved aside
    /// (`settings.json.broken`, `.broken.1`, … — never over an earlier backup); both give the
    /// defaults and a warning that says what happened, also kept for [`Self::warning`].
    pub fn load(dir: &Path) -> (Self, Option<String>) {
        let path = dir.join(FILE);
        let lock = lock_file(dir).ok();
        let (settings, warning) = match read(&path) {
            Read::Missing => (Settings::default(), None),
            Read::Loaded(settings) => (settings, None),
            Read::Unreadable(cause) => (
                Settings::default(),
                Some(format!(
                    "settings file {} could not be read ({cause}); it was left untouched and defaults are used",
                    path.display()
                )),
            ),
            Read::Invalid(cause) => (Settings::default(), Some(move_aside(&path, &cause))),
        };
        drop(lock);
        if let Some(warning) = &warning {
            tracing::warn!("{warning}");
        }
        let store = Self {
            path,
            settings: Mutex::new(settings),
            warning: warning.clone(),
        };
        (store, warning)
    }

    /// Why the settings on disk were not used at start, if they were not.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
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

    /// Remember the contexts to connect at the next start (see [`Settings::start_contexts`]).
    /// Unchanged lists are not written again.
    pub fn set_start_contexts(&self, ids: Vec<String>) -> Result<(), Error> {
        if ids.len() > MAX_START_CONTEXTS {
            return Err(Error::InvalidInput(format!(
                "{} contexts to reconnect at start; at most {MAX_START_CONTEXTS} are kept",
                ids.len()
            )));
        }
        if let Some(bad) = ids
            .iter()
            .find(|id| id.trim().is_empty() || id.len() > 4096)
        {
            return Err(Error::InvalidInput(format!(
                "\"{}\" is not a context id",
                bad.chars().take(80).collect::<String>()
            )));
        }
        let mut unique: Vec<String> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        if self.lock().start_contexts == unique {
            return Ok(());
        }
        self.update(|s| s.start_contexts = unique)
    }

    /// Apply `change` to what is on disk now (another instance may have saved since we
    /// loaded), under the lock file, and write the result atomically.
    fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), Error> {
        let mut guard = self.lock();
        let fail = |e: std::io::Error| {
            Error::Settings(format!("cannot save {}: {e}", self.path.display()))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let _lock = lock_file(dir).map_err(fail)?;
        let mut next = match read(&self.path) {
            Read::Missing => Settings::default(),
            Read::Loaded(settings) => settings,
            Read::Unreadable(cause) => {
                return Err(Error::Settings(format!(
                    "cannot save {}: the file there cannot be read ({cause}) and is left untouched",
                    self.path.display()
                )))
            }
            Read::Invalid(cause) => {
                move_aside(&self.path, &cause);
                Settings::default()
            }
        };
        change(&mut next);
        write_atomically(&self.path, &next).map_err(fail)?;
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

/// Hold `dir/settings.lock` exclusively until the returned file is dropped. Other Kubeli
/// instances wait here; the lock ends with the process even if it crashes.
fn lock_file(dir: &Path) -> std::io::Result<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))?;
    file.lock_exclusive()?;
    Ok(file)
}

/// Rename a settings file that cannot be understood to the first free `*.broken[.N]` name
/// and return the warning that names it.
fn move_aside(path: &Path, cause: &str) -> String {
    let mut aside = path.with_extension("json.broken");
    for n in 1..1000 {
        if !aside.exists() {
            break;
        }
        aside = path.with_extension(format!("json.broken.{n}"));
    }
    let kept = match std::fs::rename(path, &aside) {
        Ok(()) => format!("it was kept as {}", aside.display()),
        Err(e) => format!("it could not be moved aside ({e}) and was left as it is"),
    };
    let warning = format!(
        "settings file {} could not be used ({cause}); {kept} and defaults are used",
        path.display()
    );
    tracing::warn!("{warning}");
    warning
}

/// Write to a unique temporary file in the same folder, fsync it, then rename it over
/// `path`: a crash leaves the old file or the new one, never half of one.
fn write_atomically(path: &Path, settings: &Settings) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file = OnDisk {
        version: VERSION,
        settings: settings.clone(),
    };
    let text = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".settings.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(&text)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the folder is synced (not possible on Windows).
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
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

    #[test]
    fn start_contexts_are_kept_deduplicated_and_bad_ids_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = SettingsStore::load(dir.path());
        let ids = vec![
            "/k/a.yaml#a".to_owned(),
            "/k/a.yaml#b".to_owned(),
            "/k/a.yaml#a".to_owned(),
        ];
        store.set_start_contexts(ids).unwrap();
        let (reloaded, _) = SettingsStore::load(dir.path());
        assert_eq!(
            reloaded.get().start_contexts,
            ["/k/a.yaml#a", "/k/a.yaml#b"]
        );
        let err = store.set_start_contexts(vec!["  ".into()]).unwrap_err();
        assert!(err.to_string().contains("not a context id"), "{err}");
        let many = (0..=MAX_START_CONTEXTS)
            .map(|n| format!("/k#{n}"))
            .collect();
        let err = store.set_start_contexts(many).unwrap_err();
        assert!(err.to_string().contains("at most"), "{err}");
        assert_eq!(
            store.get().start_contexts.len(),
            2,
            "a refused list changes nothing"
        );
        // A settings file of a build without the field loads with none.
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"version":1,"kubeconfigSources":[]}"#,
        )
        .unwrap();
        assert!(SettingsStore::load(dir.path())
            .0
            .get()
            .start_contexts
            .is_empty());
    }
}
