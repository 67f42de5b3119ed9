//! The login shell's `PATH` (where a shell profile puts exec plugins such as `aws` or
//! `kubelogin`) is looked up only for a context whose credentials come from an exec plugin:
//! a token context connects without starting the shell, which can take longer than the
//! rest of a connect. A test binary of its own, since it sets `SHELL` for the process.

mod common;

use common::{exec_credential, exec_user, kubeconfig, lab, options, pool, script, token_user};
use kubeli_core::ContextId;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_shell_starts_only_for_a_context_with_an_exec_plugin() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let started = dir.path().join("shell-started");
    let shell = script(
        dir.path(),
        "login-shell",
        &format!(
            "echo \"$*\" >> \"{}\"\nprintf %s \"$PATH\"",
            started.display()
        ),
    );
    std::env::set_var("SHELL", &shell);

    let token = kubeconfig(
        dir.path(),
        &lab,
        "token-ctx",
        token_user(&lab),
        serde_json::json!({}),
    );
    let credential = exec_credential(&lab.cluster(0).token());
    let plugin = script(dir.path(), "plugin", &format!("echo '{credential}'"));
    let exec = kubeconfig(
        dir.path(),
        &lab,
        "exec-ctx",
        exec_user(&plugin, &[], &[]),
        serde_json::json!({}),
    );
    let (pool, _events) = pool(&[&token, &exec], options());

    pool.connect(&ContextId::new(&token, "token-ctx", 1))
        .await
        .unwrap();
    assert!(!started.exists(), "a token context started the login shell");
    pool.connect(&ContextId::new(&exec, "exec-ctx", 1))
        .await
        .unwrap();
    let runs = std::fs::read_to_string(&started).expect("the exec context started the login shell");
    assert_eq!(runs.lines().count(), 1, "started once: {runs}");
}
