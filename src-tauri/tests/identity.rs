//! The app's identity comes from one place: the workspace version in the root `Cargo.toml`
//! is what the real binary's `--version` prints, and `tauri.conf.json` carries no version of
//! its own (Tauri then takes the crate's), so packages and the About panel agree.

use std::path::PathBuf;
use std::process::Command;

fn workspace_version() -> String {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("../Cargo.toml");
    let text = std::fs::read_to_string(root).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("version = "))
        .expect("the workspace Cargo.toml has a version");
    line.trim_start_matches("version = ")
        .trim_matches('"')
        .to_owned()
}

#[test]
fn kubeli_version_prints_the_workspace_version() {
    for flag in ["--version", "-V"] {
        let output = Command::new(env!("CARGO_BIN_EXE_kubeli"))
            .arg(flag)
            .output()
            .unwrap();
        assert!(output.status.success(), "{flag} exits 0");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let want = format!("kubeli {} (", workspace_version());
        assert!(
            stdout.starts_with(&want),
            "{flag} printed {stdout:?}, want {want}…"
        );
    }
}

#[test]
fn tauri_conf_takes_the_version_from_cargo() {
    let conf = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("tauri.conf.json");
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(conf).unwrap()).unwrap();
    assert!(
        conf.get("version").is_none(),
        "tauri.conf.json must not set its own version"
    );
    assert_eq!(conf["productName"], "Kubeli");
    assert_eq!(conf["mainBinaryName"], "kubeli");
}
