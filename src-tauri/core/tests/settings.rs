//! Settings are never lost: unreadable or unintelligible files are kept, the app starts with
//! defaults and a warning naming the backup, and concurrent saves keep each other's updates.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kubeli_core::settings::{Settings, SettingsStore};

fn source(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, "").unwrap();
    path
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_that_is_not_utf8_is_moved_aside_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = [0xff, 0xfe, b'{', 0x00, 0xc3];
    std::fs::write(dir.path().join("settings.json"), garbage).unwrap();
    let (store, warning) = SettingsStore::load(dir.path());
    let warning = warning.unwrap();
    assert!(warning.contains("not UTF-8"), "{warning}");
    assert!(warning.contains("settings.json.broken"), "{warning}");
    assert_eq!(store.warning(), Some(warning.as_str()));
    assert_eq!(store.get(), Settings::default());
    assert_eq!(
        std::fs::read(dir.path().join("settings.json.broken")).unwrap(),
        garbage
    );
}

#[test]
fn a_file_from_a_newer_version_is_kept_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let newer = r#"{"version": 7, "kubeconfigSources": ["/a"], "somethingNew": true}"#;
    std::fs::write(dir.path().join("settings.json"), newer).unwrap();
    let (store, warning) = SettingsStore::load(dir.path());
    assert!(warning.unwrap().contains("format version 7"));
    let extra = source(dir.path(), "extra.yaml");
    store
        .add_kubeconfig_source(extra.to_str().unwrap())
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("settings.json.broken")).unwrap(),
        newer
    );
    assert_eq!(
        SettingsStore::load(dir.path()).0.get().kubeconfig_sources,
        vec![extra]
    );
}

#[test]
fn a_second_broken_file_never_replaces_the_first_backup() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), "first garbage").unwrap();
    SettingsStore::load(dir.path());
    std::fs::write(dir.path().join("settings.json"), "[1, 2").unwrap();
    let (_, warning) = SettingsStore::load(dir.path());
    assert!(warning.unwrap().contains("settings.json.broken.1"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("settings.json.broken")).unwrap(),
        "first garbage"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("settings.json.broken.1")).unwrap(),
        "[1, 2"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_left_untouched_and_never_overwritten() {
    // A folder where the file should be: reading fails with an I/O error even as root
    // (file permissions do not stop root).
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("settings.json");
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "mine").unwrap();
    let (store, warning) = SettingsStore::load(dir.path());
    let warning = warning.unwrap();
    assert!(warning.contains("left untouched"), "{warning}");
    assert_eq!(store.get(), Settings::default());
    let extra = source(dir.path(), "extra.yaml");
    let err = store
        .add_kubeconfig_source(extra.to_str().unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(
        std::fs::read_to_string(blocker.join("keep")).unwrap(),
        "mine"
    );
}

#[test]
fn files_written_before_versions_existed_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"kubeconfigSources": ["/old/config"]}"#,
    )
    .unwrap();
    let (store, warning) = SettingsStore::load(dir.path());
    assert!(warning.is_none());
    assert_eq!(
        store.get().kubeconfig_sources,
        vec![PathBuf::from("/old/config")]
    );
}

#[test]
fn two_instances_saving_at_once_keep_every_update_and_leave_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let sources = tempfile::tempdir().unwrap();
    // Two stores on one folder stand for two app instances; each saves from several threads.
    let instances: Vec<Arc<SettingsStore>> = (0..2)
        .map(|_| Arc::new(SettingsStore::load(dir.path()).0))
        .collect();
    let mut expected = Vec::new();
    let mut threads = Vec::new();
    for (i, store) in instances.iter().enumerate() {
        for t in 0..8 {
            let path = source(sources.path(), &format!("config-{i}-{t}"));
            expected.push(path.clone());
            let store = Arc::clone(store);
            threads.push(std::thread::spawn(move || {
                store.add_kubeconfig_source(path.to_str().unwrap()).unwrap();
            }));
        }
    }
    for t in threads {
        t.join().unwrap();
    }
    let mut saved = SettingsStore::load(dir.path()).0.get().kubeconfig_sources;
    saved.sort();
    expected.sort();
    assert_eq!(saved, expected);
    assert_eq!(files_in(dir.path()), vec!["settings.json", "settings.lock"]);
}
