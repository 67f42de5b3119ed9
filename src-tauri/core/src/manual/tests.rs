//! The exec command of a hand-added cluster: split like a shell, written and listed back.

use super::*;

fn exec_cluster(command: &str) -> ManualCluster {
    ManualCluster {
        name: "by-hand".into(),
        server: "https://127.0.0.1:6443".into(),
        ca: None,
        skip_tls_verify: true,
        auth: ManualAuth::Exec {
            command: command.into(),
        },
    }
}

#[test]
fn a_quoted_argument_with_spaces_stays_one_argument_and_lists_back_the_same() {
    let c = exec_cluster(r#"aws eks get-token --cluster-name "prod cluster" --profile 'a b'"#);
    check(&c).unwrap();
    let user = saved_user(&c, "kubeli");
    assert_eq!(user["exec"]["command"], "aws");
    assert_eq!(
        user["exec"]["args"],
        json!([
            "eks",
            "get-token",
            "--cluster-name",
            "prod cluster",
            "--profile",
            "a b"
        ])
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manual.yaml");
    write_atomically(&path, &single(&c, user)).unwrap();
    let listed = list(&path).unwrap();
    let shown = listed[0].exec_command.clone().unwrap();
    assert_eq!(
        shlex::split(&shown).unwrap(),
        [
            "aws",
            "eks",
            "get-token",
            "--cluster-name",
            "prod cluster",
            "--profile",
            "a b"
        ]
    );
}

#[test]
fn an_unclosed_quote_is_refused_naming_the_cluster() {
    let err = check(&exec_cluster(r#"aws eks get-token --cluster-name "prod"#)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("by-hand") && text.contains("unclosed quote"),
        "{text}"
    );
    let err = check(&exec_cluster("   ")).unwrap_err();
    assert!(err.to_string().contains("enter the exec command"), "{err}");
}

#[test]
fn a_keychain_reference_records_the_credential_kind_so_an_edit_can_keep_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("manual.yaml");
    let mut c = exec_cluster("unused");
    c.auth = ManualAuth::ClientCertificate {
        certificate: "cert".into(),
        key: "key".into(),
    };
    write_atomically(&path, &single(&c, saved_user(&c, "kubeli"))).unwrap();
    assert_eq!(list(&path).unwrap()[0].auth_kind, "clientCertificate");
    c.auth = ManualAuth::Token { token: "t".into() };
    write_atomically(&path, &single(&c, saved_user(&c, "kubeli"))).unwrap();
    assert_eq!(list(&path).unwrap()[0].auth_kind, "token");

    // Editing a certificate cluster with nothing entered keeps the saved certificate.
    let saved = keychain::Secret {
        client_certificate_data: Some("cert\n".into()),
        client_key_data: Some("key\n".into()),
        ..Default::default()
    };
    c.auth = ManualAuth::ClientCertificate {
        certificate: String::new(),
        key: String::new(),
    };
    let kept = secret_of(&c, Some(saved.clone())).unwrap().unwrap();
    assert_eq!(kept.client_certificate_data, saved.client_certificate_data);
}
