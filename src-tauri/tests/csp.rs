//! The window's Content Security Policy forbids remote content: every directive allows only
//! the app's own files, inline styles, `data:` images and Tauri's IPC, and nothing falls
//! back to "anything". Read from `tauri.conf.json`, the file the build embeds.

use std::collections::HashMap;
use std::path::PathBuf;

fn config() -> serde_json::Value {
    let path = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("tauri.conf.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn csp() -> HashMap<String, Vec<String>> {
    let config = config();
    let text = config["app"]["security"]["csp"]
        .as_str()
        .expect("tauri.conf.json sets app.security.csp as one string");
    text.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

/// What each directive may allow; anything else (a host, `https:`, `*`, `'unsafe-eval'`)
/// would let remote or injected content in.
fn allowed(directive: &str, source: &str) -> bool {
    match source {
        "'self'" | "'none'" => true,
        "'unsafe-inline'" => directive == "style-src",
        "data:" => directive == "img-src",
        "ipc:" | "http://ipc.localhost" => directive == "connect-src",
        _ => false,
    }
}

#[test]
fn the_csp_allows_no_remote_content() {
    let csp = csp();
    assert_eq!(
        csp.get("default-src").map(Vec::as_slice),
        Some(&["'self'".to_owned()][..])
    );
    for (directive, sources) in &csp {
        assert!(!sources.is_empty(), "{directive} lists no source");
        for source in sources {
            assert!(allowed(directive, source), "{directive} allows {source}");
        }
    }
    // Directives that do not fall back to default-src are closed explicitly.
    for directive in ["object-src", "base-uri", "form-action"] {
        assert_eq!(
            csp.get(directive).map(Vec::as_slice),
            Some(&["'none'".to_owned()][..]),
            "{directive}"
        );
    }
}

#[test]
fn the_window_loads_only_the_bundled_frontend() {
    let config = config();
    assert!(config["app"]["security"]["dangerousDisableAssetCspModification"].is_null());
    assert!(config["app"]["security"]["freezePrototype"].as_bool() != Some(false));
    for window in config["app"]["windows"].as_array().unwrap() {
        // No `url` means the bundled index.html; a remote URL would load remote content.
        let url = window["url"].as_str().unwrap_or("index.html");
        assert!(!url.contains("://"), "window url {url}");
    }
    assert_eq!(config["build"]["frontendDist"], "../dist");
}
