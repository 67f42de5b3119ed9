//! Bad kubeconfig sources never hang or exhaust discovery: FIFOs, devices, huge files,
//! folders with thousands of files and YAML alias bombs each get a clear per-file error,
//! quickly, and the good files beside them still load. One file repeating a context name
//! connects each card to its own context.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kubeli_core::kubeconfig::{
    discover, Discovery, SourceError, SourceInputs, MAX_FILE_BYTES, MAX_FOLDER_FILES,
};

const GOOD: &str = "apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: https://good.example}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: good\n  context: {cluster: c, user: u}\n";

/// Discover `paths` as `KUBECONFIG` lists them, and fail if that took over two seconds.
fn discover_quickly(paths: &[&Path]) -> Discovery {
    let started = Instant::now();
    let d = discover(&SourceInputs {
        kubeconfig_env: Some(std::env::join_paths(paths).unwrap()),
        home: None,
        extra: vec![],
    })
    .discovery;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "discovery took {:?}",
        started.elapsed()
    );
    d
}

fn error_for<'a>(d: &'a Discovery, path: &Path) -> &'a SourceError {
    let file = path.to_string_lossy();
    d.errors
        .iter()
        .find(|e| e.file == file)
        .unwrap_or_else(|| panic!("no error for {file}: {:?}", d.errors))
}

fn good_file(dir: &Path) -> PathBuf {
    let path = dir.join("good.yaml");
    std::fs::write(&path, GOOD).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let good = good_file(dir.path());
    // Opening a FIFO for reading blocks until a writer comes: the test would hang.
    let d = discover_quickly(&[&fifo, &good]);
    let e = error_for(&d, &fifo);
    assert!(e.message.contains("FIFO"), "{}", e.message);
    assert_eq!(d.clusters.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_without_reading_forever() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_file(dir.path());
    let zero = Path::new("/dev/zero");
    let d = discover_quickly(&[zero, &good]);
    assert!(error_for(&d, zero).message.contains("a device"));
    assert_eq!(d.clusters.len(), 1);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.yaml");
    // Sparse: the size is there without writing 16 MiB.
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let good = good_file(dir.path());
    let d = discover_quickly(&[&huge, &good]);
    let e = error_for(&d, &huge);
    assert!(e.message.contains("over the 16 MiB limit"), "{}", e.message);
    assert_eq!(d.clusters.len(), 1);
}

#[test]
fn a_folder_with_thousands_of_files_reads_only_the_first_ones_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("many");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..3000 {
        std::fs::write(folder.join(format!("f{i:05}.yaml")), "").unwrap();
    }
    std::fs::write(folder.join("a-first.yaml"), GOOD).unwrap();
    let d = discover_quickly(&[&folder]);
    let e = error_for(&d, &folder);
    assert!(e.message.contains("3001 files"), "{}", e.message);
    assert!(e.message.contains(&format!("first {MAX_FOLDER_FILES}")));
    assert_eq!(d.clusters.len(), 1);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    // "Billion laughs": nine levels of nine aliases each expand to 9^9 strings.
    let mut bomb = String::from("a0: &a0 [\"lol\"]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    bomb.push_str("contexts: *a9\n");
    let path = dir.path().join("bomb.yaml");
    std::fs::write(&path, bomb).unwrap();
    let good = good_file(dir.path());
    let d = discover_quickly(&[&path, &good]);
    let e = error_for(&d, &path);
    assert!(
        e.message.contains("not a valid kubeconfig"),
        "{}",
        e.message
    );
    assert!(e.message.contains("alias replay limit"), "{}", e.message);
    assert_eq!(d.clusters.len(), 1);
}

#[test]
fn a_file_that_is_not_utf8_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.yaml");
    std::fs::write(&path, [0x80, 0xff, 0x00, 0x41]).unwrap();
    let d = discover_quickly(&[&path]);
    assert!(error_for(&d, &path).message.contains("not UTF-8"));
}

#[tokio::test]
async fn one_file_repeating_a_context_name_connects_each_card_to_its_own_cluster() {
    let lab = common::lab(2).await;
    let dir = tempfile::tempdir().unwrap();
    // The lab's kubeconfig with both contexts renamed "twin"; each still names its own cluster.
    let mut config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    for context in config["contexts"].as_array_mut().unwrap() {
        context["name"] = "twin".into();
    }
    let path = dir.path().join("twins.yaml");
    std::fs::write(&path, config.to_string()).unwrap();

    let d = discover_quickly(&[&path]);
    assert_eq!(d.clusters.len(), 2);
    assert!(d.clusters.iter().all(|c| c.context == "twin"));
    assert_ne!(d.clusters[0].id, d.clusters[1].id);
    let (pool, _events) = common::pool(&[&path], common::options());
    for (i, card) in d.clusters.iter().enumerate() {
        let info = pool.connect(&card.id).await.unwrap();
        assert_eq!(info.cluster.server, card.server);
        assert_eq!(
            info.server_version.as_deref(),
            Some(lab.cluster(i).version()),
            "card {i} reached its own cluster"
        );
    }
}
