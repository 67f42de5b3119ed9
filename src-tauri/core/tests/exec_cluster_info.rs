//! An exec plugin with `provideClusterInfo: true` gets its cluster entry in
//! `KUBERNETES_EXEC_INFO` (server, CA, the `client.authentication.k8s.io/exec` extension…),
//! as Pinniped-style plugins need: the same `spec.cluster` the real kubectl gives the same
//! plugin; without the flag, none.

mod common;

use common::{exec_credential, kubeconfig, lab, options, pool, script};
use kubeli_core::ContextId;
use serde_json::{json, Value};

/// `kubectl get ns` through `context` of `file`, which must succeed.
fn kubectl(file: &std::path::Path, context: &str, home: &std::path::Path) {
    let out = std::process::Command::new("kubectl")
        .args([
            "--kubeconfig",
            file.to_str().unwrap(),
            "--context",
            context,
            "get",
            "ns",
        ])
        .args(["--request-timeout", "10s"])
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kubectl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plugin_that_asks_for_the_cluster_gets_what_kubectl_gives_it() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("exec-info");
    let plugin = script(
        dir.path(),
        "plugin.sh",
        &format!(
            "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"{}.$1\"\necho '{}'",
            seen.display(),
            exec_credential(&lab.cluster(0).token())
        ),
    );
    let user = |who: &str, provide: bool| {
        json!({"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": plugin, "args": [who],
            "interactiveMode": "Never", "provideClusterInfo": provide}})
    };
    let extension = json!({"extensions": [{"name": "client.authentication.k8s.io/exec",
        "extension": {"audience": "lab-dev", "issuer": "https://issuer.lab"}}]});
    let with = kubeconfig(
        dir.path(),
        &lab,
        "with-info",
        user("kubeli", true),
        extension.clone(),
    );
    let without = kubeconfig(
        dir.path(),
        &lab,
        "without-info",
        user("kubeli-none", false),
        extension,
    );
    let (pool, _events) = pool(&[&with, &without], options());
    pool.connect(&ContextId::new(&with, "with-info", 1))
        .await
        .unwrap();
    pool.connect(&ContextId::new(&without, "without-info", 1))
        .await
        .unwrap();

    let read = |who: &str| -> Value {
        let text = std::fs::read_to_string(format!("{}.{who}", seen.display())).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let ours = read("kubeli");
    // The referee: kubectl runs the same plugin from the same file (it overwrites the file).
    kubectl(&with, "with-info", dir.path());
    let kubectl = read("kubeli");
    assert_eq!(
        ours["spec"]["cluster"], kubectl["spec"]["cluster"],
        "ours: {ours}\nkubectl: {kubectl}"
    );
    let cluster = &ours["spec"]["cluster"];
    let lab_config: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    assert_eq!(
        cluster["server"],
        lab_config["clusters"][0]["cluster"]["server"]
    );
    assert_eq!(
        cluster["certificate-authority-data"],
        lab_config["clusters"][0]["cluster"]["certificate-authority-data"]
    );
    assert_eq!(
        cluster["config"],
        json!({"audience": "lab-dev", "issuer": "https://issuer.lab"})
    );
    assert_eq!(ours["spec"]["interactive"], false);
    assert!(
        read("kubeli-none")["spec"].get("cluster").is_none(),
        "no cluster without provideClusterInfo"
    );
}
