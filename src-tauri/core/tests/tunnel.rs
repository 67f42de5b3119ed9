//! A cluster reached through a tunnel (`ssh -L`, a bastion, a cloud's tunnel) whose certificate
//! names only the server's own DNS name (the lab's `start_tunnel`): with `tls-server-name` in the
//! kubeconfig the pool connects, lists and streams, asking for that name (SNI); without it the
//! connect fails as a TLS error that says which name the certificate holds and what to set.

mod common;

use common::{lab, options, pool};
use kubeli_core::error::ErrorKind;
use kubeli_core::ContextId;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_server_name_reaches_a_server_whose_certificate_names_only_itself() {
    let lab = lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tunnel.yaml");
    let front = lab
        .start_tunnel(0, "api.lab.internal", &file)
        .await
        .unwrap();
    let (pool, _events) = pool(&[&file], options());

    let named = ContextId::new(&file, "tunnel-dev", 1);
    pool.connect(&named).await.unwrap_or_else(|e| panic!("{e}"));
    let listed = pool
        .list(&named, "pods", Some("web"), None, None)
        .await
        .unwrap();
    assert_eq!(
        listed.items.len(),
        lab.cluster(0).list("pods", Some("web")).len()
    );
    let names = front.server_names();
    assert!(
        !names.is_empty()
            && names
                .iter()
                .all(|n| n.as_deref() == Some("api.lab.internal")),
        "{names:?}"
    );

    let unnamed = ContextId::new(&file, "tunnel-dev-unnamed", 1);
    let err = pool.connect(&unnamed).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
    let said = err.to_string();
    assert!(
        said.starts_with("tunnel-dev-unnamed: TLS handshake with the API server failed:")
            && said.ends_with("the server's certificate names api.lab.internal, not 127.0.0.1: if you reach it through a tunnel or by another address, set `tls-server-name: api.lab.internal` on its cluster entry"),
        "{said}"
    );
}
