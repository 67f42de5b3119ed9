//! [`PoolOptions`]: every timeout and interval of the pool in one place, with defaults for
//! a desktop app; tests shorten them.

use std::time::Duration;

/// Tunables of the pool. The defaults suit a desktop app; tests shorten them.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Time allowed for the first `/version` probe of a connect.
    pub connect_timeout: Duration,
    /// Time allowed to open a TCP connection (and pass a proxy) to an API server.
    pub tcp_connect_timeout: Duration,
    /// Time allowed for one reading request (get, list, discovery, the namespace
    /// watcher's initial list). Applied per request, not to the socket, so an idle watch
    /// is never cut by it.
    pub read_timeout: Duration,
    /// Time allowed for one writing request (delete, scale, restart, apply).
    pub write_timeout: Duration,
    /// Server-side timeout of every watch request: the server ends the watch after this
    /// long and kube-runtime starts a new one (resuming from its resourceVersion); a watch
    /// that goes silent for longer is treated as dead.
    pub watch_timeout: Duration,
    /// How often TCP keepalive probes a quiet connection, so a dead peer is noticed.
    pub tcp_keepalive: Duration,
    /// Interval between health probes of a healthy connection.
    pub health_interval: Duration,
    /// Time allowed for one health probe.
    pub probe_timeout: Duration,
    /// A probe slower than this marks the connection slow.
    pub slow_threshold: Duration,
    /// Longest wait between probes while a connection keeps failing.
    pub max_backoff: Duration,
    /// Window in which resource watch events are coalesced into one delta.
    pub batch_window: Duration,
    /// Time allowed for an exec auth plugin to print credentials. Interactive logins
    /// (a browser, a device code) may need longer.
    pub exec_timeout: Duration,
    /// Keep retrying, with backoff, a connect that failed for a reason that may pass
    /// (unreachable, timed out, 5xx), until it succeeds or the user disconnects.
    /// `kubeli doctor` turns it off.
    pub retry_failed_connects: bool,
    /// The proxy environment; `None` reads `HTTPS_PROXY`/`NO_PROXY`… at each connect.
    pub proxy_env: Option<ProxyEnv>,
    /// Variables the host process set in its own environment for itself (the desktop app's
    /// WebKit and JavaScriptCore settings), removed from the environment of every program the
    /// pool starts — exec auth plugins and the login shell — so they, and a browser an OIDC
    /// plugin opens, run with the user's environment.
    pub child_env_remove: Vec<String>,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(8),
            tcp_connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(60),
            watch_timeout: Duration::from_secs(50),
            tcp_keepalive: Duration::from_secs(15),
            health_interval: Duration::from_secs(10),
            probe_timeout: Duration::from_secs(5),
            slow_threshold: Duration::from_millis(1500),
            max_backoff: Duration::from_secs(60),
            batch_window: Duration::from_millis(80),
            exec_timeout: Duration::from_secs(60),
            retry_failed_connects: true,
            proxy_env: None,
            child_env_remove: Vec::new(),
        }
    }
}

/// The proxy settings of the environment, read once per client build (tests set them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    pub https_proxy: Option<String>,
    pub http_proxy: Option<String>,
    pub no_proxy: Option<String>,
}

impl ProxyEnv {
    /// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (upper case first, then lower case).
    pub fn from_env() -> Self {
        let var = |upper: &str| {
            std::env::var(upper)
                .ok()
                .or_else(|| std::env::var(upper.to_lowercase()).ok())
                .filter(|v| !v.trim().is_empty())
        };
        Self {
            https_proxy: var("HTTPS_PROXY"),
            http_proxy: var("HTTP_PROXY"),
            no_proxy: var("NO_PROXY"),
        }
    }
}

impl PoolOptions {
    /// The server-side watch timeout in whole seconds, as kube-runtime's watcher takes it.
    pub(crate) fn watch_timeout_secs(&self) -> u32 {
        u32::try_from(self.watch_timeout.as_secs()).unwrap_or(u32::MAX)
    }

    /// The proxy environment to use now.
    pub(crate) fn proxy_env(&self) -> ProxyEnv {
        self.proxy_env.clone().unwrap_or_else(ProxyEnv::from_env)
    }
}
