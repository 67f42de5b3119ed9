//! Paths in a kubeconfig (`certificate-authority`, `client-certificate`, `client-key`,
//! `tokenFile`, an exec plugin's `command` with a `/`) are relative to the file's folder, as
//! kubectl reads them — not to wherever the app was started. A kubeconfig written beside its
//! certificates and token connects in the pool, and the real kubectl agrees with it.

mod common;

use std::path::Path;

use base64::Engine;
use common::{exec_credential, kubeconfig, lab, options, pool, script};
use kubeli_core::ContextId;
use serde_json::json;

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relative_paths_are_read_from_the_kubeconfigs_folder() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let lab_config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    let ca = lab_config["clusters"][0]["cluster"]["certificate-authority-data"]
        .as_str()
        .unwrap();
    let ca = base64::engine::general_purpose::STANDARD
        .decode(ca)
        .unwrap();
    write(&dir.path().join("pki/ca.crt"), &ca);
    write(
        &dir.path().join("secrets/token"),
        lab.cluster(0).token().as_bytes(),
    );
    std::fs::create_dir_all(dir.path().join("bin")).unwrap();
    script(
        &dir.path().join("bin"),
        "token.sh",
        &format!("echo '{}'", exec_credential(&lab.cluster(0).token())),
    );
    let relative_ca =
        json!({"certificate-authority": "pki/ca.crt", "certificate-authority-data": null});
    let files = [
        kubeconfig(
            dir.path(),
            &lab,
            "token-file",
            json!({"tokenFile": "secrets/token"}),
            relative_ca.clone(),
        ),
        kubeconfig(
            dir.path(),
            &lab,
            "exec-relative",
            json!({"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": "bin/token.sh", "interactiveMode": "Never"}}),
            relative_ca,
        ),
    ];
    // Started somewhere else: the paths must not resolve against the working folder.
    assert_ne!(std::env::current_dir().unwrap(), dir.path());
    let paths: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
    let (pool, _events) = pool(&paths, options());
    for (file, name) in files.iter().zip(["token-file", "exec-relative"]) {
        // The referee reads the same file the same way.
        let out = std::process::Command::new("kubectl")
            .args([
                "--kubeconfig",
                file.to_str().unwrap(),
                "--context",
                name,
                "get",
                "pods",
                "-n",
                "web",
                "--no-headers",
            ])
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "kubectl {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let id = ContextId::new(file, name, 1);
        pool.connect(&id)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let pods = pool
            .list(&id, "pods", Some("web"), None, None)
            .await
            .unwrap();
        assert_eq!(
            pods.items.len(),
            lab.cluster(0).list("pods", Some("web")).len(),
            "{name}"
        );
    }
}
