//! Try a kubeconfig held in memory — a cluster the user is adding by hand — for real: build
//! its client on the pool's own HTTP stack (proxy, timeouts) and ask the server for its
//! version. Nothing is written and nothing joins the pool.

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::error::Error;

use super::{proxy, stack, KubeClientManager};

impl KubeClientManager {
    /// Connect once to context `name` of `kubeconfig` and return the server's version.
    /// Errors name the context and say what failed (TLS, credentials, unreachable…).
    pub async fn probe_kubeconfig(
        &self,
        name: &str,
        kubeconfig: serde_json::Value,
    ) -> Result<String, Error> {
        let invalid = |reason: String| Error::KubeconfigInvalid {
            context: name.to_owned(),
            reason,
        };
        let kubeconfig: Kubeconfig =
            serde_json::from_value(kubeconfig).map_err(|e| invalid(e.to_string()))?;
        let options = KubeConfigOptions {
            context: Some(name.to_owned()),
            ..KubeConfigOptions::default()
        };
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .map_err(|e| invalid(crate::error::chain(&e)))?;
        let proxy = proxy::choose(None, &config.cluster_url, &self.options.proxy_env()).map_err(
            |reason| Error::Proxy {
                context: name.to_owned(),
                reason,
            },
        )?;
        let client = stack::client(&config, proxy.as_ref(), &self.options)
            .map_err(|e| Error::from_kube(name, &e))?;
        let timeout = self.options.connect_timeout;
        let version = tokio::time::timeout(timeout, client.apiserver_version())
            .await
            .map_err(|_| Error::Timeout {
                context: name.to_owned(),
                during: "probing /version".into(),
                seconds: u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX),
            })?
            .map_err(|e| Error::from_kube(name, &e))?;
        Ok(version.git_version)
    }
}
