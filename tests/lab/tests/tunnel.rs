//! A cluster reached through a tunnel whose certificate names only the server's own DNS name
//! (`Lab::start_tunnel`), seen by the real kubectl: with `tls-server-name` it works and the
//! front sees that name (SNI); without, kubectl refuses the certificate.

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_server_name_is_what_the_certificate_is_checked_against() {
    let env = start(1, 20).await;
    let kubeconfig = env.home.join("tunnel.yaml");
    let front = env
        .lab
        .start_tunnel(0, "api.lab.internal", &kubeconfig)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&kubeconfig).unwrap();
    assert!(text.contains("tls-server-name: api.lab.internal"), "{text}");

    let pods = ["get", "pods", "-n", "web", "--no-headers"];
    let named: Vec<&str> = ["--context", "tunnel-dev"]
        .iter()
        .chain(&pods)
        .copied()
        .collect();
    let o = env.kubectl_with(&kubeconfig, &named).await;
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(
        o.lines().len(),
        env.lab.cluster(0).list("pods", Some("web")).len()
    );
    assert!(
        front
            .server_names()
            .contains(&Some("api.lab.internal".to_owned())),
        "{:?}",
        front.server_names()
    );

    let unnamed: Vec<&str> = ["--context", "tunnel-dev-unnamed"]
        .iter()
        .chain(&pods)
        .copied()
        .collect();
    let o = env.kubectl_with(&kubeconfig, &unnamed).await;
    assert!(
        !o.ok
            && o.stderr
                .contains("x509: cannot validate certificate for 127.0.0.1"),
        "{}",
        o.stderr
    );
}
