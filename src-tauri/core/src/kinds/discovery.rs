//! API discovery of one connection, made to survive broken groups: aggregated discovery
//! (`/api` and `/apis` in one answer each) where the server offers it, else one request per
//! group version; a group that fails (an APIService answering 503, a group serving nothing)
//! is recorded as a warning and every other kind keeps working. The result is cached per
//! connection; an unknown kind asks for one fresh discovery, so a CRD installed after the
//! connect shows up without reconnecting.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::stream::{self, StreamExt};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{APIGroupList, APIVersions};
use kube::core::discovery::v2::ACCEPT_AGGREGATED_DISCOVERY_V2;

use super::catalog::{add_aggregated, add_group_version, join_gv, parse, Catalog, FailedGroup};
use crate::context_id::ContextId;
use crate::error::secs;
use crate::error::Error;
use crate::sync::lock;

/// A connection's discovery cache.
#[derive(Default)]
pub struct KindCache {
    current: Mutex<Option<Arc<Catalog>>>,
    /// Lets one discovery run at a time per connection, so callers that find the cache empty
    /// (or stale) share one round of requests. Held only by this connection's callers.
    refresh: tokio::sync::Mutex<()>,
    generations: AtomicU64,
}

impl KindCache {
    /// The cached catalog, if discovery ran.
    pub fn cached(&self) -> Option<Arc<Catalog>> {
        lock(&self.current).clone()
    }

    /// The catalog, discovering when nothing is cached or when the cached one is no newer
    /// than `outdated` (the generation a caller found lacking).
    pub(crate) async fn load(
        &self,
        client: &kube::Client,
        context: &ContextId,
        timeout: Duration,
        outdated: Option<u64>,
    ) -> Result<Arc<Catalog>, Error> {
        let fresh = |c: &Arc<Catalog>| outdated.is_none_or(|g| c.generation > g);
        if let Some(c) = self.cached().filter(fresh) {
            return Ok(c);
        }
        // Held across this connection's discovery requests on purpose (single flight, bounded by
        // the timeout below); the cache belongs to one connection, so no other cluster waits.
        let _one_at_a_time = self.refresh.lock().await;
        if let Some(c) = self.cached().filter(fresh) {
            return Ok(c);
        }
        let name = context.display_name();
        let mut catalog =
            tokio::time::timeout(timeout * 2, run(client, &name, timeout, Shape::Aggregated))
                .await
                .map_err(|_| Error::Timeout {
                    context: name.clone(),
                    during: "discovering the API's resource kinds".into(),
                    seconds: secs(timeout * 2),
                })??;
        catalog.generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        for failed in &catalog.failed {
            tracing::warn!(context = %name, "discovery of {} failed: {}", failed.group_version, failed.reason);
        }
        let catalog = Arc::new(catalog);
        *lock(&self.current) = Some(Arc::clone(&catalog));
        Ok(catalog)
    }
}

/// A group version still to be fetched on its own: (group, version, preferred).
type Pending = (String, String, bool);

/// Which discovery documents to ask `/api` and `/apis` for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Aggregated where served (Kubernetes 1.26+), the classic shape otherwise.
    Aggregated,
    /// The classic shape only: one more request per group version (tests use it to check
    /// the path older servers take).
    #[cfg_attr(not(test), allow(dead_code))]
    Classic,
}

/// One discovery round: `/api` and `/apis` (aggregated where served), then every group
/// version they only named.
async fn run(
    client: &kube::Client,
    name: &str,
    timeout: Duration,
    shape: Shape,
) -> Result<Catalog, Error> {
    let mut catalog = Catalog {
        kinds: Vec::new(),
        failed: Vec::new(),
        aggregated: false,
        generation: 0,
    };
    let (core, groups) = futures::try_join!(
        root(client, name, "/api", timeout, shape),
        root(client, name, "/apis", timeout, shape)
    )?;
    let mut pending = Vec::new();
    for (value, path) in [(core, "/api"), (groups, "/apis")] {
        read_root(&mut catalog, &mut pending, name, value, path)?;
    }
    fetch_group_versions(&mut catalog, client, name, pending, timeout).await;
    catalog
        .failed
        .sort_by(|a, b| a.group_version.cmp(&b.group_version));
    super::sort_kinds(&mut catalog.kinds);
    Ok(catalog)
}

/// `/api` or `/apis`, asking for aggregated discovery (servers without it answer the classic shape).
async fn root(
    client: &kube::Client,
    name: &str,
    path: &'static str,
    timeout: Duration,
    shape: Shape,
) -> Result<serde_json::Value, Error> {
    let accept = match shape {
        Shape::Aggregated => ACCEPT_AGGREGATED_DISCOVERY_V2,
        Shape::Classic => "application/json",
    };
    let request = http::Request::get(path)
        .header(http::header::ACCEPT, accept)
        .body(Vec::new())
        .map_err(|e| Error::InvalidInput(format!("{name}: {e}")))?;
    let text = tokio::time::timeout(timeout, client.request_text(request))
        .await
        .map_err(|_| Error::Timeout {
            context: name.to_owned(),
            during: format!("discovering {path}"),
            seconds: secs(timeout),
        })?
        .map_err(|e| Error::from_kube(name, &e))?;
    serde_json::from_str(&text).map_err(|e| Error::Api {
        context: name.to_owned(),
        code: 200,
        message: format!("{path} is not valid discovery JSON: {e}"),
    })
}

/// Take the kinds of an aggregated answer, or note the group versions a classic one names.
fn read_root(
    catalog: &mut Catalog,
    pending: &mut Vec<Pending>,
    name: &str,
    value: serde_json::Value,
    path: &str,
) -> Result<(), Error> {
    match value.get("kind").and_then(|k| k.as_str()) {
        Some("APIGroupDiscoveryList") => {
            catalog.aggregated = true;
            add_aggregated(catalog, parse(name, value, path)?);
        }
        Some("APIVersions") => {
            let versions: APIVersions = parse(name, value, path)?;
            let versions = versions.versions.into_iter().enumerate();
            pending.extend(versions.map(|(i, v)| (String::new(), v, i == 0)));
        }
        _ => {
            let list: APIGroupList = parse(name, value, path)?;
            for group in list.groups {
                let preferred = group.preferred_version.map(|p| p.version);
                if group.versions.is_empty() {
                    catalog.failed.push(FailedGroup {
                        group_version: group.name.clone(),
                        reason: "the group serves no version".into(),
                    });
                }
                for v in group.versions {
                    let is_preferred = preferred.as_deref().is_none_or(|p| p == v.version);
                    pending.push((group.name.clone(), v.version, is_preferred));
                }
            }
        }
    }
    Ok(())
}

/// Fetch each pending group version (8 at a time); a failure is recorded, not returned.
async fn fetch_group_versions(
    catalog: &mut Catalog,
    client: &kube::Client,
    name: &str,
    pending: Vec<Pending>,
    timeout: Duration,
) {
    // A group behind a down APIService answers 503, which a client may retry with backoff
    // for minutes: give each group a few seconds, then record it as failed.
    let group_timeout = timeout.min(Duration::from_secs(5));
    let fetched: Vec<_> = stream::iter(pending)
        .map(|(group, version, preferred)| async move {
            let gv = join_gv(&group, &version);
            let answer = tokio::time::timeout(group_timeout, async {
                if group.is_empty() {
                    client.list_core_api_resources(&version).await
                } else {
                    client.list_api_group_resources(&gv).await
                }
            })
            .await;
            let result = match answer {
                Ok(Ok(list)) => Ok(list),
                Ok(Err(e)) => Err(Error::from_kube(name, &e).to_string()),
                Err(_) => Err(format!("no answer within {} s", secs(group_timeout))),
            };
            (group, version, preferred, gv, result)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for (group, version, preferred, gv, result) in fetched {
        match result {
            Ok(list) => add_group_version(catalog, &group, &version, preferred, &list),
            Err(reason) => catalog.failed.push(FailedGroup {
                group_version: gv,
                reason: reason.trim_start_matches(&format!("{name}: ")).to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeli_lab::{Fault, Lab, LabOptions};

    async fn client(lab: &Lab) -> kube::Client {
        let kubeconfig = kube::config::Kubeconfig::read_from(lab.kubeconfig_path()).unwrap();
        let options = kube::config::KubeConfigOptions {
            context: Some("lab-dev".into()),
            ..Default::default()
        };
        let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .unwrap();
        // See each 503 at once rather than kube's retries for minutes.
        config.default_retry = false;
        kube::Client::try_from(config).unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn classic_and_aggregated_discovery_find_the_same_kinds_and_the_same_failed_group() {
        let lab = Lab::start(LabOptions {
            clusters: 1,
            pods_per_cluster: 20,
            ..Default::default()
        })
        .await
        .unwrap();
        lab.cluster(0).set_fault(Fault::GroupUnavailable {
            group: "metrics.k8s.io".into(),
        });
        let client = client(&lab).await;
        let limit = Duration::from_secs(5);
        let aggregated = run(&client, "lab-dev", limit, Shape::Aggregated)
            .await
            .unwrap();
        let classic = run(&client, "lab-dev", limit, Shape::Classic)
            .await
            .unwrap();
        assert!(aggregated.aggregated && !classic.aggregated);
        assert!(aggregated.kinds.iter().any(|k| k.plural == "widgets"));
        assert_eq!(aggregated.kinds, classic.kinds);
        for c in [&aggregated, &classic] {
            assert!(!c.kinds.iter().any(|k| k.group == "metrics.k8s.io"));
            assert!(
                c.failed
                    .iter()
                    .any(|f| f.group_version.starts_with("metrics.k8s.io")),
                "{:?}",
                c.failed
            );
        }
        let failed = &classic.failed[0];
        assert!(failed.reason.contains("503"), "{failed:?}");
    }
}
