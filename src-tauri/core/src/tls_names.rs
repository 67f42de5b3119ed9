//! A certificate that names another server than the one in the server URL: what to set.
//! Reaching an API server through a tunnel (`ssh -L`, a bastion, a cloud's tunnel) or by its
//! IP puts an address in the server URL that the server's certificate does not name; the
//! kubeconfig's `tls-server-name` says which name to ask for and check instead. rustls says
//! only "certificate not valid for name …"; this names the fix.

/// The hint for a TLS failure whose cause chain says the certificate names other servers
/// (rustls: `certificate not valid for name "127.0.0.1"; certificate is only valid for
/// DnsName("api.internal")`), or `None`.
pub(crate) fn name_mismatch_hint(reason: &str) -> Option<String> {
    let asked = reason
        .split("certificate not valid for name \"")
        .nth(1)?
        .split('"')
        .next()?;
    let valid = reason.split("certificate is only valid for ").nth(1)?;
    let names: Vec<&str> = valid
        .split("DnsName(\"")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .filter(|name| !name.is_empty())
        .collect();
    let first = names.first()?;
    Some(format!(
        "the server's certificate names {}, not {asked}: if you reach it through a tunnel or by another address, set `tls-server-name: {first}` on its cluster entry",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::name_mismatch_hint;

    #[test]
    fn names_what_the_certificate_holds_and_what_to_set() {
        let rustls = "ServiceError: client error (Connect): invalid peer certificate: certificate not valid for name \"127.0.0.1\"; certificate is only valid for DnsName(\"api.lab.internal\")";
        assert_eq!(
            name_mismatch_hint(rustls).unwrap(),
            "the server's certificate names api.lab.internal, not 127.0.0.1: if you reach it through a tunnel or by another address, set `tls-server-name: api.lab.internal` on its cluster entry"
        );
        let two = "certificate not valid for name \"10.0.0.5\"; certificate is only valid for [DnsName(\"kubernetes\"), DnsName(\"kubernetes.default\")]";
        assert!(name_mismatch_hint(two).unwrap().starts_with(
            "the server's certificate names kubernetes, kubernetes.default, not 10.0.0.5:"
        ));
        assert_eq!(
            name_mismatch_hint("invalid peer certificate: UnknownIssuer"),
            None
        );
    }
}
