//! The programs the pool starts — an exec auth plugin and the login shell asked for `PATH` —
//! run without the variables the host set for itself (`PoolOptions::child_env_remove`: the
//! desktop app's WebKit and JavaScriptCore settings), and with the rest of its environment. A
//! test binary of its own, since it sets variables of the process (`SHELL` and two of its own).

mod common;

use common::{exec_credential, exec_user, kubeconfig, lab, options, pool, script};
use kubeli_core::pool::PoolOptions;
use kubeli_core::ContextId;

const SET_BY_APP: &str = "KUBELI_TEST_SET_BY_APP";
const USERS_OWN: &str = "KUBELI_TEST_USERS_OWN";

/// A line saying what a program saw of the two variables, `unset` for one it did not get.
fn report(to: &std::path::Path) -> String {
    format!(
        "echo \"${{{SET_BY_APP}-unset}} ${{{USERS_OWN}-unset}}\" >> \"{}\"",
        to.display()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_plugins_and_the_login_shell_get_the_users_environment_not_the_apps() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let (shell_saw, plugin_saw) = (dir.path().join("shell-saw"), dir.path().join("plugin-saw"));
    let shell = script(
        dir.path(),
        "login-shell",
        &format!("{}\nprintf %s \"$PATH\"", report(&shell_saw)),
    );
    std::env::set_var("SHELL", &shell);
    std::env::set_var(SET_BY_APP, "webkit-setting");
    std::env::set_var(USERS_OWN, "kept");

    let credential = exec_credential(&lab.cluster(0).token());
    let plugin = script(
        dir.path(),
        "plugin",
        &format!("{}\necho '{credential}'", report(&plugin_saw)),
    );
    let file = kubeconfig(
        dir.path(),
        &lab,
        "exec-ctx",
        exec_user(&plugin, &[], &[]),
        serde_json::json!({}),
    );
    let options = PoolOptions {
        child_env_remove: vec![SET_BY_APP.to_owned()],
        ..options()
    };
    let (pool, _events) = pool(&[&file], options);

    pool.connect(&ContextId::new(&file, "exec-ctx", 1))
        .await
        .unwrap();
    for (program, saw) in [("login shell", &shell_saw), ("exec plugin", &plugin_saw)] {
        let saw = std::fs::read_to_string(saw)
            .unwrap_or_else(|e| panic!("the {program} did not run: {e}"));
        assert_eq!(
            saw.trim(),
            "unset kept",
            "what the {program} saw of the two variables"
        );
    }
}
