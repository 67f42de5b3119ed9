//! The generated TypeScript bindings must match the Rust types. Run `make bindings` (or this
//! test with `UPDATE_BINDINGS=1`) to regenerate them after changing a command or type.

use std::path::PathBuf;

#[test]
fn generated_bindings_are_up_to_date() {
    let committed = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join(kubeli_app::bindings::BINDINGS_PATH);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        kubeli_app::bindings::export(&committed).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    kubeli_app::bindings::export(&fresh).unwrap();
    let fresh = std::fs::read_to_string(fresh).unwrap();
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        fresh == current,
        "{} is stale: run `make bindings` and commit the result",
        committed.display()
    );
}

#[test]
fn every_command_is_declared_in_build_rs_and_granted_to_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    kubeli_app::bindings::export(&fresh).unwrap();
    let bindings = std::fs::read_to_string(fresh).unwrap();
    let mut served: Vec<String> = bindings
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter_map(|rest| rest.split('"').nth(1))
        // Command names only, not the import path of the invoke function.
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_owned)
        .collect();
    served.sort();
    served.dedup();

    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    );
    let build = std::fs::read_to_string(root.join("build.rs")).unwrap();
    let list = build
        .split("COMMANDS: &[&str] = &[")
        .nth(1)
        .unwrap()
        .split("];")
        .next()
        .unwrap();
    let mut declared: Vec<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    declared.sort();
    assert_eq!(
        declared, served,
        "build.rs COMMANDS must list exactly the served commands"
    );

    let capability = std::fs::read_to_string(root.join("capabilities/default.json")).unwrap();
    for command in &served {
        let permission = format!("\"allow-{}\"", command.replace('_', "-"));
        assert!(
            capability.contains(&permission),
            "capabilities/default.json must grant {permission}"
        );
    }
}
