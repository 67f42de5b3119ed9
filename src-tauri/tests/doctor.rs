//! `kubeli doctor --json`, the real binary, over a lab kubeconfig with one cluster down and
//! one that forbids listing namespaces.

use std::process::Command;

use kubeli_lab::{Fault, Lab, LabOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reports_each_context_correctly_with_one_cluster_down() {
    let lab = Lab::start(LabOptions {
        clusters: 3,
        pods_per_cluster: 20,
        seed: 5,
        ..Default::default()
    })
    .await
    .unwrap();
    lab.cluster(1).set_fault(Fault::Down);
    lab.cluster(2).set_fault(Fault::ForbidNamespaces);
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = lab.kubeconfig_path().to_path_buf();

    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kubeli"))
            .args(["doctor", "--json"])
            .env("KUBECONFIG", kubeconfig)
            .env("HOME", home.path())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "one context is down: {stdout}"
    );
    let reports: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let by = |name: &str| {
        reports
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["context"] == name)
            .unwrap_or_else(|| panic!("{name} missing from {stdout}"))
            .clone()
    };

    let dev = by("lab-dev");
    assert_eq!(dev["reachable"], true);
    assert_eq!(dev["serverVersion"], lab.cluster(0).version());
    assert_eq!(dev["namespaces"], lab.cluster(0).count("namespaces"));
    assert_eq!(dev["auth"]["kind"], "token");
    assert!(dev["latencyMs"].is_u64());

    let staging = by("lab-staging");
    assert_eq!(staging["reachable"], false);
    assert_eq!(staging["errorKind"], "unreachable");
    assert!(
        staging["error"]
            .as_str()
            .unwrap()
            .starts_with("lab-staging: cannot reach"),
        "{staging}"
    );
    assert_eq!(staging["auth"]["kind"], "clientCertificate");

    let prod = by("lab-prod");
    assert_eq!(prod["reachable"], true);
    assert!(prod["namespaces"].is_null());
    assert!(
        prod["namespacesError"]
            .as_str()
            .unwrap()
            .contains("forbidden"),
        "{prod}"
    );
}

#[test]
fn doctor_names_an_unknown_context() {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kubeli"))
        .args(["doctor", "--context", "no-such-context"])
        .env("KUBECONFIG", home.path().join("none.yaml"))
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("\"no-such-context\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reads_the_sources_the_user_added_in_the_app() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 20,
        seed: 8,
        ..Default::default()
    })
    .await
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let settings = serde_json::json!({ "kubeconfigSources": [lab.kubeconfig_path()] });
    std::fs::write(config.join("settings.json"), settings.to_string()).unwrap();

    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kubeli"))
            .args(["doctor", "--context", "lab-dev"])
            .env_remove("KUBECONFIG")
            .env("HOME", home.path())
            .env("KUBELI_CONFIG_DIR", config)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("OK   lab-dev"), "{stdout}");
    assert!(stdout.contains("1 of 1 contexts reachable"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reports_server_errors_within_seconds_with_code_and_message() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 20,
        seed: 9,
        ..Default::default()
    })
    .await
    .unwrap();
    lab.cluster(0)
        .set_fault(Fault::ServerErrors { percent: 100 });
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = lab.kubeconfig_path().to_path_buf();
    let started = std::time::Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kubeli"))
            .args(["doctor", "--json"])
            .env("KUBECONFIG", kubeconfig)
            .env("HOME", home.path())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reports: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let error = reports[0]["namespacesError"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("lab-dev: the API server answered 50")
            && (error.contains("503 Service Unavailable")
                || error.contains("500 Internal Server Error"))
            && error.contains("unable to handle the request"),
        "{stdout}"
    );
    assert!(
        elapsed < std::time::Duration::from_secs(3),
        "took {elapsed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reports_a_503_on_version_within_seconds() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 20,
        seed: 10,
        ..Default::default()
    })
    .await
    .unwrap();
    lab.cluster(0).set_fault(Fault::HealthErrors { code: 503 });
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = lab.kubeconfig_path().to_path_buf();
    let started = std::time::Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kubeli"))
            .args(["doctor", "--json"])
            .env("KUBECONFIG", kubeconfig)
            .env("HOME", home.path())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reports: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let dev = &reports[0];
    assert_eq!(dev["reachable"], false, "{stdout}");
    assert_eq!(dev["errorKind"], "api", "{stdout}");
    assert!(
        dev["error"]
            .as_str()
            .unwrap_or_default()
            .starts_with("lab-dev: the API server answered 503 Service Unavailable"),
        "{stdout}"
    );
    assert!(
        elapsed < std::time::Duration::from_secs(3),
        "took {elapsed:?}"
    );
}
