//! Notices when the kubeconfig files change on disk: `aws eks update-kubeconfig`, `gcloud …
//! get-credentials`, `kind create cluster` or an editor add, change or remove contexts while
//! the app runs, and the home page should show them without a Refresh. Each file source is
//! watched through its folder (tools replace the file: write a new one, rename it over the
//! old), each folder source as a folder; only changes to those files (or, in a folder source,
//! to its non-hidden entries) count, and reads — discovery's own — never do. A burst of
//! changes (a tool writing a file in steps) is reported once, after it has been quiet for a
//! while. No polling: the operating system's file notifications (inotify, FSEvents, …).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::KubeconfigSource;

/// What counts in one watched folder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Interest {
    /// A folder source: any of its non-hidden entries.
    Entries,
    /// The folder of file sources: these names only.
    Names(BTreeSet<OsString>),
}

type Interests = BTreeMap<PathBuf, Interest>;

/// The folders to watch for `sources`, and what counts in each. A source that does not exist
/// yet is watched through its folder, so its creation is seen; one whose folder is missing too
/// is not watched.
fn interests(sources: &[KubeconfigSource]) -> Interests {
    let mut wanted = Interests::new();
    for source in sources {
        let path = Path::new(&source.path);
        if source.exists && source.is_dir {
            wanted.insert(path.to_path_buf(), Interest::Entries);
            continue;
        }
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        if !folder.is_dir() {
            continue;
        }
        match wanted
            .entry(folder.to_path_buf())
            .or_insert_with(|| Interest::Names(BTreeSet::new()))
        {
            Interest::Names(names) => {
                names.insert(name.to_owned());
            }
            Interest::Entries => {}
        }
    }
    wanted
}

/// Whether a change to `path` is one of the watched sources' (or a watched folder itself).
fn concerns(wanted: &Interests, path: &Path) -> bool {
    if wanted.contains_key(path) {
        return true;
    }
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    match wanted.get(folder) {
        Some(Interest::Entries) => !name.to_string_lossy().starts_with('.'),
        Some(Interest::Names(names)) => names.contains(name),
        None => false,
    }
}

/// Whether an event changes a file: creating, writing, renaming, removing, its attributes.
/// Opening, reading and closing without writing (discovery reading the files) do not.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Watches the kubeconfig sources; `changed` runs once after a burst of changes has been
/// quiet for the given time, on the watcher's own thread. Dropping it stops both.
pub struct SourceWatcher {
    watcher: Mutex<RecommendedWatcher>,
    wanted: Arc<Mutex<Interests>>,
}

impl SourceWatcher {
    /// Starts watching nothing yet ([`watch`](Self::watch) says what).
    pub fn start(
        quiet: Duration,
        changed: impl Fn() + Send + 'static,
    ) -> Result<Self, notify::Error> {
        let wanted = Arc::new(Mutex::new(Interests::new()));
        let (tx, rx) = mpsc::channel::<()>();
        let seen = Arc::clone(&wanted);
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if !changes(&event.kind) {
                return;
            }
            let wanted = seen.lock().unwrap_or_else(|e| e.into_inner());
            if event.paths.iter().any(|p| concerns(&wanted, p)) {
                let _ = tx.send(());
            }
        })?;
        // Ends when the watcher (and with it the sender) is dropped.
        std::thread::Builder::new()
            .name("kubeconfig-watch".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    std::thread::sleep(quiet);
                    while rx.try_recv().is_ok() {}
                    changed();
                }
            })
            .map_err(notify::Error::io)?;
        Ok(SourceWatcher {
            watcher: Mutex::new(watcher),
            wanted,
        })
    }

    /// Watches `sources` (a discovery's) instead of what was watched before. A folder that
    /// cannot be watched is logged and left out; the others are still watched.
    pub fn watch(&self, sources: &[KubeconfigSource]) {
        let next = interests(sources);
        let mut watcher = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        let mut wanted = self.wanted.lock().unwrap_or_else(|e| e.into_inner());
        for folder in wanted.keys().filter(|f| !next.contains_key(*f)) {
            let _ = watcher.unwatch(folder);
        }
        for folder in next.keys().filter(|f| !wanted.contains_key(*f)) {
            if let Err(e) = watcher.watch(folder, RecursiveMode::NonRecursive) {
                tracing::warn!(folder = %folder.display(), "cannot watch a kubeconfig folder: {e}");
            }
        }
        *wanted = next;
    }

    /// The folders watched now (tests read it).
    pub fn folders(&self) -> Vec<PathBuf> {
        let wanted = self.wanted.lock().unwrap_or_else(|e| e.into_inner());
        wanted.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubeconfig::SourceOrigin;

    fn source(path: &Path, is_dir: bool) -> KubeconfigSource {
        KubeconfigSource {
            path: path.display().to_string(),
            origin: SourceOrigin::KubeconfigEnv,
            exists: path.exists(),
            is_dir,
        }
    }

    #[test]
    fn files_are_watched_through_their_folder_and_folders_for_their_entries() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config");
        std::fs::write(&file, "").unwrap();
        let folder = dir.path().join("configs");
        std::fs::create_dir(&folder).unwrap();
        let missing = dir.path().join("nowhere").join("config");
        let wanted = interests(&[
            source(&file, false),
            source(&dir.path().join("later.yaml"), false),
            source(&folder, true),
            source(&missing, false),
        ]);
        assert_eq!(
            wanted.keys().cloned().collect::<Vec<_>>(),
            vec![dir.path().to_path_buf(), folder.clone()]
        );
        assert!(concerns(&wanted, &file));
        assert!(concerns(&wanted, &dir.path().join("later.yaml")));
        assert!(!concerns(&wanted, &dir.path().join("notes.txt")));
        assert!(concerns(&wanted, &folder.join("team.yaml")));
        assert!(!concerns(&wanted, &folder.join(".team.yaml.swp")));
        assert!(concerns(&wanted, &folder));
        assert!(!concerns(&wanted, &missing));
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};
        assert!(!changes(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes(&EventKind::Create(CreateKind::File)));
        assert!(changes(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(changes(&EventKind::Remove(RemoveKind::File)));
    }
}
