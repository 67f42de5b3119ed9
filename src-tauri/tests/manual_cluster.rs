//! A cluster added by hand, for real: validated against a lab cluster over HTTPS, its token
//! kept in gnome-keyring's Secret Service (a private D-Bus session, `scripts/with-keyring.sh`),
//! the file Kubeli writes holding only a reference that the `kubeli credential` plugin
//! resolves — for the pool and for kubectl alike — then edited and removed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use kubeli_core::error::ErrorKind;
use kubeli_core::events::ChannelSink;
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::manual::{self, keychain, ManualAuth, ManualCluster};
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::ContextId;
use kubeli_lab::{Lab, LabOptions};

const KUBELI: &str = env!("CARGO_BIN_EXE_kubeli");

/// Run test `name` of this binary again inside a private D-Bus session with an unlocked
/// keyring; true when this call is that run (the test body should go on).
fn in_keyring_session(name: &str) -> bool {
    if std::env::var_os("KUBELI_KEYRING_READY").is_some() {
        return true;
    }
    let script = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("../scripts/with-keyring.sh");
    let out = Command::new(script)
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .output()
        .expect("scripts/with-keyring.sh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the keyring run of {name} failed");
    assert!(
        stdout.contains(&format!("test {name} ... ok")),
        "{name} did not run in the keyring session"
    );
    false
}

fn credential(name: &str) -> std::process::Output {
    Command::new(KUBELI)
        .args(["credential", name])
        .output()
        .unwrap()
}

fn lab_ca(lab: &Lab) -> String {
    use base64::Engine;
    let config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    let data = config["clusters"][0]["cluster"]["certificate-authority-data"]
        .as_str()
        .unwrap();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap(),
    )
    .unwrap()
}

/// A pool whose only kubeconfig source is Kubeli's own file of clusters added by hand.
fn pool_over(
    file: &Path,
) -> (
    Arc<KubeClientManager>,
    tokio::sync::mpsc::UnboundedReceiver<kubeli_core::events::Event>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let source = file.to_path_buf();
    let sources = Arc::new(move || SourceInputs {
        kubeconfig_env: Some(source.clone().into()),
        home: None,
        extra: vec![],
    });
    let options = PoolOptions {
        connect_timeout: Duration::from_secs(4),
        ..PoolOptions::default()
    };
    (
        KubeClientManager::new(sources, Arc::new(ChannelSink(tx)), options),
        rx,
    )
}

/// Rename `cluster` with its token left empty (the saved one is kept), then remove it: the
/// keychain item goes and the plugin says so.
fn edit_then_remove(file: &Path, cluster: &ManualCluster, secret: &keychain::Secret) {
    let renamed = ManualCluster {
        name: "by-hand-2".into(),
        auth: ManualAuth::Token {
            token: String::new(),
        },
        ..cluster.clone()
    };
    let kept = manual::secret_of(&renamed, keychain::load("by-hand").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(&kept, secret);
    keychain::store("by-hand-2", &kept).unwrap();
    manual::save(file, &renamed, Some("by-hand"), KUBELI).unwrap();
    assert!(keychain::delete("by-hand").unwrap());
    let names: Vec<String> = manual::list(file)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["by-hand-2"]);
    assert!(credential("by-hand-2").status.success());

    assert!(keychain::delete("by-hand-2").unwrap());
    assert!(manual::remove(file, "by-hand-2").unwrap());
    assert_eq!(keychain::load("by-hand-2").unwrap(), None);
    let out = credential("by-hand-2");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no credential"));
    assert!(manual::list(file).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_added_by_hand_keeps_its_token_in_the_os_keychain_only() {
    if !in_keyring_session("a_cluster_added_by_hand_keeps_its_token_in_the_os_keychain_only") {
        return;
    }
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 5,
        seed: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = manual::file_path(dir.path());
    let (pool, _events) = pool_over(&file);

    let token = lab.cluster(0).token();
    let mut cluster = ManualCluster {
        name: "by-hand".into(),
        server: lab.cluster(0).server_url(),
        ca: Some(lab_ca(&lab)),
        skip_tls_verify: false,
        auth: ManualAuth::Token {
            token: "not-a-valid-token".into(),
        },
    };
    manual::check(&cluster).unwrap();

    // A wrong token is refused by the real server before anything is saved.
    let secret = manual::secret_of(&cluster, None).unwrap();
    let err = pool
        .probe_kubeconfig("by-hand", manual::probe_config(&cluster, secret.as_ref()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized, "{err}");
    assert!(err.to_string().starts_with("by-hand:"), "{err}");

    // The right one connects; then it goes to the keychain and the file gets a reference.
    cluster.auth = ManualAuth::Token {
        token: token.clone(),
    };
    let secret = manual::secret_of(&cluster, None).unwrap().unwrap();
    let version = pool
        .probe_kubeconfig("by-hand", manual::probe_config(&cluster, Some(&secret)))
        .await
        .unwrap();
    assert!(version.starts_with('v'), "{version}");
    keychain::store("by-hand", &secret).unwrap();
    manual::save(&file, &cluster, None, KUBELI).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains(&token),
        "the token must not be in the file:\n{text}"
    );
    assert!(
        text.contains("credential") && text.contains(KUBELI),
        "{text}"
    );

    // The plugin prints it from the keychain; the pool connects through it, and so does kubectl.
    let out = credential("by-hand");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&token));
    let id = ContextId::new(&file, "by-hand", 1);
    pool.connect(&id).await.unwrap();
    let pods = pool.list(&id, "pods", None, Some(50), None).await.unwrap();
    assert_eq!(pods.items.len(), lab.cluster(0).pod_count());
    let kubectl = Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(&file)
        .args(["--context", "by-hand", "get", "--raw", "/version"])
        .output()
        .unwrap();
    assert!(
        kubectl.status.success(),
        "kubectl: {}",
        String::from_utf8_lossy(&kubectl.stderr)
    );
    pool.disconnect(&id);

    edit_then_remove(&file, &cluster, &secret);
}

#[test]
fn without_a_keychain_the_user_is_told_and_no_secret_is_read_or_written() {
    let out = Command::new(KUBELI)
        .args(["credential", "anything"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kubeli-no-bus",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("anything: no OS keychain is available"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Nothing was saved in plain text"),
        "{stderr}"
    );
}
