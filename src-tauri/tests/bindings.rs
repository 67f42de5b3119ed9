//! The generated TypeScript bindings must match the Rust types. Run `make bindings` (or this
//! test with `UPDATE_BINDINGS=1`) to regenerate them after changing a command or type.

use std::path::Path;

#[test]
fn generated_bindings_are_up_to_date() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(kubeli_app::bindings::BINDINGS_PATH);
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
