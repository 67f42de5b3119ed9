//! Per-cluster PKI: a CA, a server certificate for 127.0.0.1/localhost and an optional client certificate, all made with rcgen.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

/// Certificates of one simulated cluster.
pub struct ClusterPki {
    /// CA certificate (PEM), written into the kubeconfig as certificate-authority-data.
    pub ca_pem: String,
    /// Client certificate (PEM) for the certificate user.
    pub client_cert_pem: String,
    /// Client key (PEM).
    pub client_key_pem: String,
    /// DER of the client certificate, used to recognise the user after the handshake.
    pub client_cert_der: Vec<u8>,
    /// rustls server configuration (server cert + optional client-cert verification).
    pub server_config: Arc<ServerConfig>,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Generates a fresh PKI for cluster `name`; the client certificate's CN is `client_user`.
pub fn make_pki(name: &str, client_user: &str) -> Result<ClusterPki, String> {
    make_pki_for(name, client_user, &[])
}

/// [`make_pki`] whose server certificate names only `server_names` (DNS names); none: as
/// [`make_pki`], `localhost` and `127.0.0.1`.
pub fn make_pki_for(
    name: &str,
    client_user: &str,
    server_names: &[&str],
) -> Result<ClusterPki, String> {
    let ca_key = KeyPair::generate().map_err(err)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, format!("kubeli-lab-ca-{name}"));
    ca_params.distinguished_name = dn;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
    let ca_pem = ca_cert.pem();
    let ca_der = ca_cert.der().clone();
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().map_err(err)?;
    let mut sp = if server_names.is_empty() {
        let mut sp = CertificateParams::new(vec!["localhost".to_string()]).map_err(err)?;
        sp.subject_alt_names
            .push(SanType::IpAddress(std::net::IpAddr::from([127, 0, 0, 1])));
        sp
    } else {
        CertificateParams::new(
            server_names
                .iter()
                .map(|n| (*n).to_owned())
                .collect::<Vec<_>>(),
        )
        .map_err(err)?
    };
    let mut sdn = DistinguishedName::new();
    sdn.push(DnType::CommonName, "kube-apiserver");
    sp.distinguished_name = sdn;
    sp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = sp.signed_by(&server_key, &issuer).map_err(err)?;

    let client_key = KeyPair::generate().map_err(err)?;
    let mut cp = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    let mut cdn = DistinguishedName::new();
    cdn.push(DnType::CommonName, client_user);
    cdn.push(DnType::OrganizationName, "system:masters");
    cp.distinguished_name = cdn;
    cp.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client_cert = cp.signed_by(&client_key, &issuer).map_err(err)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(ca_der).map_err(err)?;
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .allow_unauthenticated()
        .build()
        .map_err(err)?;
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let mut cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(err)?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            key_der,
        )
        .map_err(err)?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];

    Ok(ClusterPki {
        ca_pem,
        client_cert_pem: client_cert.pem(),
        client_key_pem: client_key.serialize_pem(),
        client_cert_der: client_cert.der().to_vec(),
        server_config: Arc::new(cfg),
    })
}
