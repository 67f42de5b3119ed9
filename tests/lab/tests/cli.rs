//! The `kubeli-lab` binary: prints `ready`, writes kubeconfig and control file, serves kubectl, exits 0 on SIGTERM.

#![allow(
    clippy::too_many_lines,
    reason = "the workspace limit (clippy.toml) arrived after these tests were written; the lab's owner splits them"
)]

mod common;

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_ready_kubectl_and_sigterm() {
    let dir = std::env::temp_dir().join(format!("kubeli-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let kc = dir.join("kubeconfig");
    let control = dir.join("control.json");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kubeli-lab"))
        .args([
            "--clusters",
            "3",
            "--pods",
            "25",
            "--seed",
            "5",
            "--churn",
            "5",
        ])
        .arg("--kubeconfig")
        .arg(&kc)
        .arg("--control-file")
        .arg(&control)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut control_line = None;
    loop {
        let l = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .unwrap()
            .unwrap()
            .expect("stdout open");
        if l == "ready" {
            break;
        }
        if let Some(u) = l.strip_prefix("control ") {
            control_line = Some(u.to_string());
        }
    }
    assert!(kc.exists());
    let cf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&control).unwrap()).unwrap();
    let url = cf["control"].as_str().unwrap().to_string();
    assert_eq!(Some(url.clone()), control_line);

    let run = |args: Vec<&'static str>| {
        let mut c = common::command(&kc, &dir, &args);
        async move { c.output().await.unwrap() }
    };
    let o = run(vec!["get", "pods", "-A", "--no-headers"]).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let n = String::from_utf8_lossy(&o.stdout).lines().count();
    assert!((20..=40).contains(&n), "{n} pods");
    let o = run(vec!["--context", "lab-prod", "get", "ns", "-o", "name"]).await;
    assert!(String::from_utf8_lossy(&o.stdout).contains("namespace/search"));

    // Out-of-process fault switching.
    let (code, _) = common::http(
        &url,
        "POST",
        "/clusters/lab-prod/fault",
        r#"{"fault":"down"}"#,
    )
    .await;
    assert_eq!(code, 200);
    let o = run(vec![
        "--context",
        "lab-prod",
        "get",
        "ns",
        "--request-timeout",
        "3s",
    ])
    .await;
    assert!(!o.status.success());
    let (code, _) = common::http(&url, "DELETE", "/clusters/lab-prod/fault", "").await;
    assert_eq!(code, 200);

    let pid = child.id().unwrap().to_string();
    let k = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(k.success());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
