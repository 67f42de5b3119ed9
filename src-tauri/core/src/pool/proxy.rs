//! Which proxy, if any, a cluster is reached through. Kubeli decides per cluster, as
//! kubectl does: the kubeconfig cluster's `proxy-url` wins; otherwise `HTTPS_PROXY`
//! (`HTTP_PROXY` for an `http://` server) unless `NO_PROXY` names the *cluster's* host —
//! by name, domain suffix, IP or CIDR. (kube-client matches `NO_PROXY` against the proxy's
//! own address, so its choice is not used.) Proxy URLs are shown only without credentials.

use std::net::IpAddr;
use std::str::FromStr;

use http::Uri;
use ipnet::IpNet;

use crate::options::ProxyEnv;

/// The proxy to use for `server`, or `None` to connect directly. `Err` carries a message
/// that never contains the proxy's credentials.
pub(crate) fn choose(
    kubeconfig_proxy: Option<&str>,
    server: &Uri,
    env: &ProxyEnv,
) -> Result<Option<Uri>, String> {
    let configured = kubeconfig_proxy.map(str::trim).filter(|p| !p.is_empty());
    let from_env = || {
        let proxy = if server.scheme_str() == Some("http") {
            env.http_proxy.as_deref()
        } else {
            env.https_proxy.as_deref()
        };
        proxy.filter(|_| !bypassed(env.no_proxy.as_deref().unwrap_or(""), server))
    };
    let Some(raw) = configured.or_else(from_env) else {
        return Ok(None);
    };
    // `host:port` alone means an HTTP proxy, as curl and Go read it.
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let uri = Uri::from_str(&with_scheme)
        .map_err(|_| format!("the proxy address {} is not a URL", redact_text(raw)))?;
    match uri.scheme_str() {
        Some("http" | "socks5" | "socks5h") => Ok(Some(uri)),
        other => Err(format!(
            "the proxy {} uses the scheme \"{}\", which Kubeli does not support (use http:// or socks5://)",
            redact(&uri),
            other.unwrap_or("")
        )),
    }
}

/// Whether `NO_PROXY` sends `server` around the proxy: `*`; an IP or CIDR containing the
/// server's IP; a host name equal to the server's or a parent domain of it (`corp.example`
/// and `.corp.example` both match `api.corp.example`), optionally with a port.
pub(crate) fn bypassed(no_proxy: &str, server: &Uri) -> bool {
    let Some(host) = server.host() else {
        return false;
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_lowercase();
    let port = server
        .port_u16()
        .unwrap_or(if server.scheme_str() == Some("http") {
            80
        } else {
            443
        });
    let ip = IpAddr::from_str(&host).ok();
    no_proxy
        .split(',')
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .any(|entry| matches(&entry, &host, ip, port))
}

fn matches(entry: &str, host: &str, ip: Option<IpAddr>, port: u16) -> bool {
    if entry == "*" {
        return true;
    }
    if let Ok(net) = IpNet::from_str(entry) {
        return ip.is_some_and(|ip| net.contains(&ip));
    }
    if let Ok(entry_ip) = IpAddr::from_str(entry.trim_start_matches('[').trim_end_matches(']')) {
        return ip == Some(entry_ip);
    }
    // `name:port` limits the entry to one port.
    let (name, wanted_port) = match entry.rsplit_once(':') {
        Some((name, p)) if !name.contains(':') => match p.parse::<u16>() {
            Ok(p) => (name, Some(p)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    };
    if wanted_port.is_some_and(|p| p != port) {
        return false;
    }
    if let Ok(entry_ip) = IpAddr::from_str(name) {
        return ip == Some(entry_ip);
    }
    let name = name.trim_start_matches('*').trim_start_matches('.');
    !name.is_empty() && (host == name || host.ends_with(&format!(".{name}")))
}

/// A proxy URL without its user and password, safe to show.
pub(crate) fn redact(uri: &Uri) -> String {
    let host = uri.host().unwrap_or("?");
    let port = uri.port_u16().map(|p| format!(":{p}")).unwrap_or_default();
    format!("{}://{host}{port}", uri.scheme_str().unwrap_or("http"))
}

/// Like [`redact`], for text that did not even parse as a URL: drop anything up to an `@`.
fn redact_text(raw: &str) -> String {
    let (scheme, rest) = raw.split_once("://").unwrap_or(("", raw));
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    if scheme.is_empty() {
        rest.to_owned()
    } else {
        format!("{scheme}://{rest}")
    }
}

/// The user and password of a proxy URL, percent-decoded.
pub(crate) fn credentials(uri: &Uri) -> Option<(String, String)> {
    let authority = uri.authority()?.as_str();
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    Some((decode(user), decode(pass)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn no_proxy_matches_hosts_suffixes_ips_and_cidrs_of_the_cluster() {
        let server = uri("https://api.corp.example:6443");
        assert!(bypassed("corp.example", &server));
        assert!(bypassed(".corp.example", &server));
        assert!(bypassed("*.corp.example", &server));
        assert!(bypassed("api.corp.example:6443", &server));
        assert!(!bypassed("api.corp.example:443", &server));
        assert!(!bypassed("other.example,rp.example", &server));
        assert!(bypassed("*", &server));
        let ip = uri("https://10.1.2.3:6443");
        assert!(bypassed("10.0.0.0/8", &ip));
        assert!(bypassed(" 10.1.2.3 ", &ip));
        assert!(!bypassed("192.168.0.0/16,10.1.2.4", &ip));
    }

    #[test]
    fn kubeconfig_proxy_wins_and_env_proxy_honours_no_proxy() {
        let server = uri("https://10.1.2.3:6443");
        let env = ProxyEnv {
            https_proxy: Some("http://u:p@proxy:3128".into()),
            http_proxy: None,
            no_proxy: Some("10.0.0.0/8".into()),
        };
        assert_eq!(choose(None, &server, &env).unwrap(), None);
        let chosen = choose(Some("socks5://s:1080"), &server, &env)
            .unwrap()
            .unwrap();
        assert_eq!(chosen.scheme_str(), Some("socks5"));
        let env = ProxyEnv {
            no_proxy: None,
            ..env
        };
        let chosen = choose(None, &server, &env).unwrap().unwrap();
        assert_eq!(redact(&chosen), "http://proxy:3128");
        assert_eq!(credentials(&chosen), Some(("u".into(), "p".into())));
    }

    #[test]
    fn bad_proxies_are_reported_without_credentials() {
        let server = uri("https://k:6443");
        let err = choose(
            Some("ftp://user:hunter2@p:21"),
            &server,
            &ProxyEnv::default(),
        )
        .unwrap_err();
        assert!(!err.contains("hunter2") && err.contains("ftp"), "{err}");
        let err = choose(
            Some("http://user:hunter2@bad host"),
            &server,
            &ProxyEnv::default(),
        )
        .unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
