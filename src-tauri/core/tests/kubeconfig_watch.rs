//! The kubeconfig sources watched on disk (`SourceWatcher`): a tool replacing a file, a new
//! file appearing where one was expected and a new file in a folder source are each reported
//! once; reading the files (discovery itself) and unrelated files beside them are not.

use std::ffi::OsString;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::kubeconfig::{discover, SourceInputs, SourceWatcher};

const QUIET: Duration = Duration::from_millis(150);

fn kubeconfig(context: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters: [{{name: {context}, cluster: {{server: 'https://127.0.0.1:1'}}}}]\nusers: [{{name: {context}, user: {{token: t}}}}]\ncontexts: [{{name: {context}, context: {{cluster: {context}, user: {context}}}}}]\n"
    )
}

/// How many reports arrive within `within` (after waiting out the quiet time).
fn reports_after(count: &AtomicUsize, before: usize, within: Duration) -> usize {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline && count.load(Ordering::SeqCst) == before {
        std::thread::sleep(Duration::from_millis(20));
    }
    // Anything else of the same burst would come within the quiet time.
    std::thread::sleep(QUIET * 3);
    count.load(Ordering::SeqCst) - before
}

fn replace(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp-write");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn changed_sources_are_reported_once_and_reads_never() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let later = dir.path().join("later.yaml");
    let folder = dir.path().join("team");
    std::fs::write(&config, kubeconfig("one")).unwrap();
    std::fs::create_dir(&folder).unwrap();
    let inputs = SourceInputs {
        kubeconfig_env: Some(std::env::join_paths([&config, &later]).unwrap()),
        home: None,
        extra: vec![folder.clone()],
    };
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    let watcher = SourceWatcher::start(QUIET, move || {
        counted.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    let loaded = discover(&inputs);
    watcher.watch(&loaded.discovery.sources);
    let mut folders = watcher.folders();
    folders.sort();
    assert_eq!(folders, vec![dir.path().to_path_buf(), folder.clone()]);

    // Discovery reading the files, and a file nobody asked for, are not changes.
    let n = count.load(Ordering::SeqCst);
    let _ = discover(&inputs);
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    std::fs::write(folder.join(".hidden"), "x").unwrap();
    assert_eq!(
        reports_after(&count, n, Duration::from_millis(600)),
        0,
        "reads and other files"
    );

    // A tool replacing the file (write beside it, rename over it): one report.
    let n = count.load(Ordering::SeqCst);
    replace(&config, &kubeconfig("two"));
    assert_eq!(
        reports_after(&count, n, Duration::from_secs(5)),
        1,
        "the file replaced"
    );

    // The file the environment names but that did not exist, created.
    let n = count.load(Ordering::SeqCst);
    std::fs::write(&later, kubeconfig("three")).unwrap();
    assert_eq!(
        reports_after(&count, n, Duration::from_secs(5)),
        1,
        "a named file created"
    );

    // A new file in a folder source.
    let n = count.load(Ordering::SeqCst);
    std::fs::write(folder.join("team.yaml"), kubeconfig("four")).unwrap();
    assert_eq!(
        reports_after(&count, n, Duration::from_secs(5)),
        1,
        "a file in the folder"
    );

    // Watching fewer sources stops the others' reports.
    let only_config = SourceInputs {
        kubeconfig_env: Some(OsString::from(&config)),
        home: None,
        extra: vec![],
    };
    watcher.watch(&discover(&only_config).discovery.sources);
    let n = count.load(Ordering::SeqCst);
    std::fs::write(folder.join("team.yaml"), kubeconfig("five")).unwrap();
    assert_eq!(
        reports_after(&count, n, Duration::from_millis(600)),
        0,
        "an unwatched folder"
    );
    let contexts: Vec<String> = discover(&inputs)
        .discovery
        .clusters
        .iter()
        .map(|c| c.context.clone())
        .collect();
    assert_eq!(contexts, ["two", "three", "five"]);
}
