//! Kubeconfig → `kube::Client`: build a client from exactly the parsed file a context came
//! from (kept by discovery, never read again here), with exec plugins resolved against the
//! login-shell `PATH`. A [`ClientRecipe`] keeps what is needed to build it again when
//! credentials expire.

use std::sync::Arc;
use std::time::SystemTime;

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::error::Error;
use crate::kubeconfig::{AuthType, Cluster, KubeconfigFile};
use crate::options::PoolOptions;

use super::{exec, proxy, stack};

/// A client just built.
pub(crate) struct Built {
    pub(crate) client: kube::Client,
    /// What its transport was made from, to make fresh connections with the same credentials.
    pub(crate) transport: Transport,
    /// When its credentials expire, if an exec plugin said.
    pub(crate) expires: Option<SystemTime>,
    /// The proxy it goes through, without credentials.
    proxy: Option<String>,
    /// The kubeconfig's cluster entry said `disable-compression: true`.
    uncompressed: bool,
}

/// The transport of a built client: its resolved config (credentials included) and proxy. A
/// client made from it again shares nothing with the first — no pooled connection.
#[derive(Clone)]
pub(crate) struct Transport {
    config: kube::Config,
    proxy: Option<http::Uri>,
    options: PoolOptions,
}

impl Transport {
    /// A client on fresh connections, with the same credentials.
    pub(crate) fn client(&self) -> Result<kube::Client, kube::Error> {
        stack::client(&self.config, self.proxy.as_ref(), &self.options)
    }
}

/// Everything needed to build (and rebuild) the client of one context.
#[derive(Clone)]
pub(crate) struct ClientRecipe {
    /// The readable context name, for errors.
    name: String,
    /// The context's own file, parsed by discovery.
    kubeconfig: Arc<Kubeconfig>,
    /// Which context of that name in the file (1 for the first).
    ordinal: u32,
    context: String,
    server: Option<String>,
    auth: AuthType,
    login_path: Option<String>,
    options: PoolOptions,
}

impl ClientRecipe {
    pub(crate) fn new(
        cluster: &Cluster,
        file: &KubeconfigFile,
        login_path: Option<String>,
        options: PoolOptions,
    ) -> Self {
        Self {
            name: cluster.id.display_name(),
            kubeconfig: Arc::clone(&file.config),
            ordinal: cluster.id.ordinal(),
            context: cluster.context.clone(),
            server: cluster.server.clone(),
            auth: cluster.auth.clone(),
            login_path,
            options,
        }
    }

    /// The server this recipe talks to and the proxy it went through, for the connection
    /// log (the proxy without credentials).
    pub(crate) fn describe(&self, built: &Built) -> String {
        let mut text = format!("server {}", self.server.as_deref().unwrap_or("?"));
        if let Some(proxy) = &built.proxy {
            text.push_str(&format!(" via proxy {proxy}"));
        }
        if built.uncompressed {
            text.push_str(", answers uncompressed (disable-compression)");
        }
        text
    }

    /// Build a client. Errors name the context and say which part of the entry is wrong.
    pub(crate) async fn build(&self) -> Result<Built, Error> {
        self.build_inner()
            .await
            .map_err(|e| with_auth(e, &self.auth))
    }

    async fn build_inner(&self) -> Result<Built, Error> {
        let invalid = |reason: String| Error::KubeconfigInvalid {
            context: self.name.clone(),
            reason,
        };
        let mut kubeconfig = self.kubeconfig_for_context();
        let expires = self.run_exec_plugin(&mut kubeconfig).await?;
        let proxy_url = self.proxy_url(&kubeconfig);
        let options = KubeConfigOptions {
            context: Some(self.context.clone()),
            ..KubeConfigOptions::default()
        };
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .map_err(|e| invalid(crate::error::chain(&e)))?;
        let proxy = proxy::choose(
            proxy_url.as_deref(),
            &config.cluster_url,
            &self.options.proxy_env(),
        )
        .map_err(|reason| Error::Proxy {
            context: self.name.clone(),
            reason,
        })?;
        let transport = Transport {
            config,
            proxy,
            options: self.options.clone(),
        };
        let client = transport
            .client()
            .map_err(|e| match Error::from_kube(&self.name, &e) {
                Error::Tls { context, reason } => Error::KubeconfigInvalid {
                    context,
                    reason: format!("its TLS settings cannot be used: {reason}"),
                },
                other => other,
            })?;
        Ok(Built {
            client,
            expires,
            proxy: transport.proxy.as_ref().map(proxy::redact),
            uncompressed: transport.config.disable_compression,
            transport,
        })
    }

    /// Run the context's exec plugin, if it has one, and put the credentials it printed in
    /// its user entry. Returns when they expire.
    async fn run_exec_plugin(
        &self,
        kubeconfig: &mut Kubeconfig,
    ) -> Result<Option<SystemTime>, Error> {
        let Some(user) = self.user_of(kubeconfig) else {
            return Ok(None);
        };
        let Some(mut exec_config) = kubeconfig
            .auth_infos
            .iter()
            .find(|a| a.name == user)
            .and_then(|a| a.auth_info.as_ref()?.exec.clone())
        else {
            return Ok(None);
        };
        // `provideClusterInfo`: the plugin gets the cluster entry (server, CA, …) in
        // KUBERNETES_EXEC_INFO, as kubectl gives it (kube fills it only when it loads the file).
        if exec_config.provide_cluster_info {
            exec_config.cluster = self
                .cluster_of(kubeconfig)
                .map(kube::config::ExecAuthCluster::try_from)
                .transpose()
                .map_err(|e| Error::KubeconfigInvalid {
                    context: self.name.clone(),
                    reason: format!("the cluster entry for the auth plugin: {e}"),
                })?;
        }
        // Never in a kubeconfig (kube does not read it from one): only the host's own variables.
        exec_config.drop_env = Some(self.options.child_env_remove.clone());
        let path = self
            .login_path
            .clone()
            .or_else(|| std::env::var("PATH").ok())
            .unwrap_or_default();
        let creds = exec::run(&self.name, &exec_config, &path, self.options.exec_timeout).await?;
        let expires = creds.expires;
        if let Some(auth) = kubeconfig
            .auth_infos
            .iter_mut()
            .find(|a| a.name == user)
            .and_then(|a| a.auth_info.as_mut())
        {
            creds.apply(auth);
        }
        Ok(expires)
    }

    /// The user entry the context names.
    fn user_of(&self, kubeconfig: &Kubeconfig) -> Option<String> {
        kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == self.context)
            .and_then(|c| c.context.as_ref())
            .and_then(|c| c.user.clone())
    }

    /// The context's cluster entry.
    fn cluster_of<'k>(&self, kubeconfig: &'k Kubeconfig) -> Option<&'k kube::config::Cluster> {
        let cluster = kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == self.context)
            .and_then(|c| c.context.as_ref())
            .map(|c| c.cluster.clone())?;
        kubeconfig
            .clusters
            .iter()
            .find(|c| c.name == cluster)
            .and_then(|c| c.cluster.as_ref())
    }

    /// The `proxy-url` of the context's cluster entry.
    fn proxy_url(&self, kubeconfig: &Kubeconfig) -> Option<String> {
        self.cluster_of(kubeconfig)
            .and_then(|c| c.proxy_url.clone())
    }

    /// The parsed file with only this recipe's context left among the contexts of its
    /// name, so the n-th repeat of a name is the one kube picks.
    fn kubeconfig_for_context(&self) -> Kubeconfig {
        let mut kubeconfig = (*self.kubeconfig).clone();
        let mut seen = 0;
        kubeconfig.contexts.retain(|c| {
            if c.name != self.context {
                return true;
            }
            seen += 1;
            seen == self.ordinal
        });
        kubeconfig
    }
}

/// Errors of the first probe: a 401/403 means the server is reachable and the credentials
/// or RBAC are the problem, and the message says so.
pub(crate) fn probe_error(context: &str, err: &kube::Error, auth: &AuthType) -> Error {
    let err = match Error::from_kube(context, err) {
        Error::Unauthorized { context, message } => Error::Unauthorized {
            context,
            message: format!("the server is reachable but refused these credentials ({message})"),
        },
        Error::Forbidden { context, message } => Error::Forbidden {
            context,
            message: format!(
                "the server is reachable but RBAC forbids reading its version ({message})"
            ),
        },
        other => other,
    };
    with_auth(err, auth)
}

/// kube reports auth failures without saying which auth the user has; fill that in from
/// the kubeconfig: the exec plugin's command, or an auth provider kube cannot use.
fn with_auth(err: Error, auth: &AuthType) -> Error {
    match (err, auth) {
        (Error::ExecPluginMissing { context, hint, .. }, AuthType::Exec { command }) => {
            Error::ExecPluginMissing {
                context,
                command: command.clone(),
                hint,
            }
        }
        (
            Error::ExecPluginFailed {
                context, reason, ..
            },
            AuthType::Exec { command },
        ) => Error::ExecPluginFailed {
            context,
            command: command.clone(),
            reason,
        },
        (
            Error::ExecPluginFailed {
                context, reason, ..
            }
            | Error::ExecPluginMissing {
                context,
                command: reason,
                ..
            },
            other,
        ) => Error::KubeconfigInvalid {
            context,
            reason: match other {
                AuthType::AuthProvider { name } => {
                    format!("its auth provider \"{name}\" cannot be used ({reason})")
                }
                _ => format!("its credentials cannot be used ({reason})"),
            },
        },
        (other, _) => other,
    }
}

/// Ask the user's login shell for its `PATH` (Unix), without the variables in `remove`;
/// `None` when that fails.
pub(crate) async fn login_shell_path(remove: &[String]) -> Option<String> {
    if cfg!(windows) {
        return None;
    }
    let shell = std::env::var("SHELL").unwrap_or_else(|_| "/bin/sh".into());
    let mut command = tokio::process::Command::new(shell);
    for name in remove {
        command.env_remove(name);
    }
    let output = command
        .args(["-l", "-c", "printf %s \"$PATH\""])
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .ok()?;
    let path = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !path.trim().is_empty()).then(|| path.trim().to_owned())
}
