//! kubeli-lab: many simulated Kubernetes clusters on loopback HTTPS, for Kubeli's tests, benchmarks and first-run demo.
//!
//! ```no_run
//! # async fn demo() {
//! use kubeli_lab::{Fault, Lab, LabOptions};
//! let lab = Lab::start(LabOptions { clusters: 3, pods_per_cluster: 50, ..Default::default() }).await.unwrap();
//! std::env::set_var("KUBECONFIG", lab.kubeconfig_path());
//! lab.cluster(1).set_fault(Fault::Down);
//! lab.cluster(1).set_fault(Fault::None);
//! lab.stop().await;
//! # }
//! ```

#![allow(
    clippy::too_many_lines,
    reason = "the workspace limit (clippy.toml) arrived after the lab was written; the lab's owner splits its long handlers"
)]

pub mod api;
pub mod cluster;
pub mod control;
pub mod controller;
pub mod kubeconfig;
pub mod patch;
pub mod resources;
pub mod seed;
pub mod selectors;
pub mod server;
pub mod store;
pub mod table;
pub mod tls;
pub mod util;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use cluster::{lock, ClusterState, Shared};
pub use cluster::{AuthKind, Fault, Faults};
use resources::{ids::PODS, RESOURCES};
use selectors::{FieldSelector, LabelSelector};
pub use store::ApiError;
use util::Rng;

/// Options for [`Lab::start`].
#[derive(Debug, Clone)]
pub struct LabOptions {
    /// Number of clusters (1–50).
    pub clusters: usize,
    /// Pods seeded per cluster (approximate below 20, exact above).
    pub pods_per_cluster: usize,
    /// Seed for everything generated.
    pub seed: u64,
    /// Churn: changes per second across all clusters (0 = off).
    pub churn: f64,
    /// Where to write the kubeconfig; a fresh temp file (removed on stop) when `None`.
    pub kubeconfig: Option<PathBuf>,
    /// Interval between BOOKMARK events on watches with `allowWatchBookmarks`.
    pub bookmark_interval: Duration,
    /// Watch-history capacity per cluster (events); older resourceVersions get 410.
    pub history: usize,
}

impl Default for LabOptions {
    fn default() -> Self {
        LabOptions {
            clusters: 3,
            pods_per_cluster: 30,
            seed: 1,
            churn: 0.0,
            kubeconfig: None,
            bookmark_interval: Duration::from_secs(5),
            history: 10_000,
        }
    }
}

/// Errors from [`Lab::start`].
#[derive(Debug)]
pub struct LabError(pub String);

impl std::fmt::Display for LabError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "kubeli-lab: {}", self.0)
    }
}

impl std::error::Error for LabError {}

/// Kubernetes versions handed out to clusters in turn.
pub const VERSIONS: &[&str] = &[
    "v1.32.4", "v1.31.6", "v1.32.1", "v1.31.2", "v1.33.0", "v1.30.10",
];

/// Context (and cluster entry) name of cluster `i`: `lab-dev`, `lab-staging`, `lab-prod`, `lab-4`, `lab-5`, ...
pub fn context_name(i: usize) -> String {
    format!("lab-{}", seed::short_name(i))
}

/// A running lab: N clusters, one kubeconfig.
pub struct Lab {
    clusters: Vec<ClusterHandle>,
    kubeconfig: PathBuf,
    temp_dir: Option<PathBuf>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    control: Mutex<Option<SocketAddr>>,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Lab {
    /// Starts all clusters, seeds them, writes the kubeconfig; returns once every cluster listens.
    pub async fn start(opts: LabOptions) -> Result<Lab, LabError> {
        if opts.clusters == 0 || opts.clusters > 50 {
            return Err(LabError("clusters must be between 1 and 50".into()));
        }
        let mut rng = Rng::new(opts.seed);
        let mut states = Vec::new();
        let mut entries = Vec::new();
        let mut tasks = Vec::new();
        let mut pkis = Vec::new();
        for i in 0..opts.clusters {
            let name = context_name(i);
            let user = format!("{name}-admin");
            let auth = if i % 3 == 1 {
                AuthKind::ClientCert
            } else {
                AuthKind::Token
            };
            let pki = tls::make_pki(&name, &user).map_err(LabError)?;
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| LabError(e.to_string()))?;
            let addr = listener.local_addr().map_err(|e| LabError(e.to_string()))?;
            let token = format!("lab-{}-{:016x}", seed::short_name(i), rng.next_u64());
            let mut tokens = HashMap::new();
            tokens.insert(token.clone(), user.clone());
            let cseed = opts.seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
            let (gen_tx, _) = tokio::sync::watch::channel(0u64);
            let st = Arc::new(ClusterState {
                index: i,
                name: name.clone(),
                version: VERSIONS[i % VERSIONS.len()].to_string(),
                auth: auth.clone(),
                user: user.clone(),
                tokens: Mutex::new(tokens),
                client_cert_der: pki.client_cert_der.clone(),
                addr: Mutex::new(addr),
                store: Mutex::new(store::Store::new(cseed, opts.history)),
                faults: Mutex::new(Faults::default()),
                fault_gen: gen_tx,
                rng: Mutex::new(Rng::new(cseed ^ 0x5EED)),
                seed: cseed,
                bookmark_interval: opts.bookmark_interval,
            });
            entries.push(kubeconfig::KubeconfigEntry {
                context: name.clone(),
                server: format!("https://{addr}"),
                ca_pem: pki.ca_pem.clone(),
                user,
                token: (auth == AuthKind::Token).then_some(token),
                client_cert: (auth == AuthKind::ClientCert)
                    .then(|| (pki.client_cert_pem.clone(), pki.client_key_pem.clone())),
                namespace: match i {
                    1 => Some("shop".to_string()),
                    i if i >= 3 && i % 2 == 0 => Some("default".to_string()),
                    _ => None,
                },
            });
            pkis.push((listener, pki.server_config.clone()));
            states.push(st);
        }
        // Seed in parallel on blocking threads.
        let mut seeders = Vec::new();
        for st in &states {
            let st = st.clone();
            let pods = opts.pods_per_cluster;
            seeders.push(tokio::task::spawn_blocking(move || {
                seed::seed_cluster(&st, pods)
            }));
        }
        for s in seeders {
            s.await
                .map_err(|e| LabError(format!("seeding failed: {e}")))?;
        }
        for (st, (listener, tls)) in states.iter().zip(pkis) {
            tasks.push(tokio::spawn(server::run(st.clone(), Some(listener), tls)));
        }
        if opts.churn > 0.0 {
            tasks.push(tokio::spawn(seed::churn(
                states.clone(),
                opts.churn,
                opts.seed,
            )));
        }
        let (kubeconfig, temp_dir) = match &opts.kubeconfig {
            Some(p) => (p.clone(), None),
            None => {
                let dir = std::env::temp_dir().join(format!(
                    "kubeli-lab-{}-{}",
                    std::process::id(),
                    TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&dir).map_err(|e| LabError(e.to_string()))?;
                (dir.join("kubeconfig"), Some(dir))
            }
        };
        if let Some(parent) = kubeconfig.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| LabError(e.to_string()))?;
        }
        std::fs::write(&kubeconfig, kubeconfig::render(&entries))
            .map_err(|e| LabError(format!("writing kubeconfig: {e}")))?;
        Ok(Lab {
            clusters: states.into_iter().map(ClusterHandle).collect(),
            kubeconfig,
            temp_dir,
            tasks: Mutex::new(tasks),
            control: Mutex::new(None),
        })
    }

    /// Path of the kubeconfig describing every cluster.
    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig
    }

    /// All clusters, in order.
    pub fn clusters(&self) -> &[ClusterHandle] {
        &self.clusters
    }

    /// Cluster `i` (0-based). Panics when out of range.
    pub fn cluster(&self, i: usize) -> ClusterHandle {
        self.clusters[i].clone()
    }

    /// A cluster by context name (`lab-dev`) or short name (`dev`, `4`).
    pub fn cluster_by_name(&self, name: &str) -> Option<ClusterHandle> {
        self.clusters
            .iter()
            .find(|c| c.0.name == name || c.0.name.strip_prefix("lab-") == Some(name))
            .cloned()
    }

    /// Starts the loopback HTTP control endpoint; returns its base URL (`http://127.0.0.1:PORT`).
    pub async fn start_control(&self) -> std::io::Result<String> {
        let l = TcpListener::bind("127.0.0.1:0").await?;
        let addr = l.local_addr()?;
        let states: Vec<Shared> = self.clusters.iter().map(|c| c.0.clone()).collect();
        lock(&self.tasks).push(tokio::spawn(control::serve(l, states)));
        *lock(&self.control) = Some(addr);
        Ok(format!("http://{addr}"))
    }

    /// Base URL of the control endpoint, if started.
    pub fn control_url(&self) -> Option<String> {
        lock(&self.control).map(|a| format!("http://{a}"))
    }

    /// Stops every cluster (connections are closed) and removes a temp kubeconfig.
    pub async fn stop(self) {
        self.shutdown();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    fn shutdown(&self) {
        for c in &self.clusters {
            c.0.set_fault(&Fault::Down);
        }
        for t in lock(&self.tasks).drain(..) {
            t.abort();
        }
        if let Some(d) = &self.temp_dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Resolves `pods`, `po`, `Pod`, `deployments.apps`, `widgets.lab.kubeli.dev` to a resource id.
pub fn resolve(resource: &str) -> Option<usize> {
    let (name, group) = match resource.split_once('.') {
        Some((n, g)) => (n, Some(g)),
        None => (resource, None),
    };
    RESOURCES.iter().position(|r| {
        group.is_none_or(|g| g == r.group)
            && (r.plural == name
                || r.singular == name
                || r.kind.eq_ignore_ascii_case(name)
                || r.short_names.contains(&name))
    })
}

fn unknown(resource: &str) -> ApiError {
    ApiError::new(
        404,
        "NotFound",
        format!("the server doesn't have a resource type \"{resource}\""),
    )
}

/// Handle to one simulated cluster: identity, fault switches and direct object mutation.
#[derive(Clone)]
pub struct ClusterHandle(pub(crate) Shared);

impl std::fmt::Debug for ClusterHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClusterHandle({} at {})", self.0.name, self.0.addr())
    }
}

impl ClusterHandle {
    /// Context / cluster name (`lab-dev`).
    pub fn name(&self) -> &str {
        &self.0.name
    }
    /// Same as [`name`](Self::name): contexts are named after clusters.
    pub fn context(&self) -> &str {
        &self.0.name
    }
    /// Position in the lab.
    pub fn index(&self) -> usize {
        self.0.index
    }
    /// Kubernetes version string served on `/version`.
    pub fn version(&self) -> &str {
        &self.0.version
    }
    /// Listening address (stable across down/up).
    pub fn addr(&self) -> SocketAddr {
        self.0.addr()
    }
    /// `https://127.0.0.1:PORT`
    pub fn server_url(&self) -> String {
        format!("https://{}", self.0.addr())
    }
    /// How the kubeconfig user authenticates.
    pub fn auth(&self) -> AuthKind {
        self.0.auth.clone()
    }
    /// The kubeconfig user's name (as named in 403 messages).
    pub fn user(&self) -> &str {
        &self.0.user
    }
    /// The accepted bearer token (also accepted on client-cert clusters, though not in the kubeconfig).
    pub fn token(&self) -> String {
        lock(&self.0.tokens)
            .keys()
            .next()
            .cloned()
            .unwrap_or_default()
    }
    /// Revokes every token: token users get 401 from now on.
    pub fn revoke_tokens(&self) {
        lock(&self.0.tokens).clear();
    }
    /// Accepts an extra bearer token for `user`.
    pub fn add_token(&self, token: &str, user: &str) {
        lock(&self.0.tokens).insert(token.to_string(), user.to_string());
    }
    /// Replaces the active faults with `fault` ([`Fault::None`] heals).
    pub fn set_fault(&self, fault: Fault) {
        self.0.set_fault(&fault);
    }
    /// Adds `fault` to the active ones.
    pub fn add_fault(&self, fault: Fault) {
        self.0.add_fault(&fault);
    }
    /// Removes `fault` from the active ones.
    pub fn clear_fault(&self, fault: Fault) {
        self.0.clear_fault(&fault);
    }
    /// Active faults.
    pub fn faults(&self) -> Vec<Fault> {
        self.0.faults().list()
    }
    /// Current resourceVersion of the cluster.
    pub fn resource_version(&self) -> u64 {
        lock(&self.0.store).rv()
    }
    /// Forgets watch history: resuming from any older resourceVersion gets 410.
    pub fn compact(&self) {
        lock(&self.0.store).compact();
    }
    /// Gets an object (`ns` is ignored for cluster-scoped kinds).
    pub fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Value> {
        let res = resolve(resource)?;
        let ns = if RESOURCES[res].namespaced { ns } else { "" };
        lock(&self.0.store).get(res, ns, name).map(|o| o.value())
    }
    /// Lists objects (all namespaces when `ns` is `None`).
    pub fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Value> {
        self.each(resource, ns, |o| o.value())
    }
    /// `(namespace/name, resourceVersion)` of every object of a kind, sorted.
    pub fn list_versions(&self, resource: &str) -> Vec<(String, String)> {
        self.each(resource, None, |o| {
            (format!("{}/{}", o.namespace, o.name), o.rv.to_string())
        })
    }
    /// `f` of every object of a kind (nothing for an unknown kind).
    fn each<T>(
        &self,
        resource: &str,
        ns: Option<&str>,
        f: impl Fn(&store::StoredObj) -> T,
    ) -> Vec<T> {
        let Some(res) = resolve(resource) else {
            return vec![];
        };
        lock(&self.0.store)
            .list(
                res,
                ns,
                &LabelSelector::default(),
                &FieldSelector::default(),
            )
            .iter()
            .map(|o| f(o))
            .collect()
    }
    /// Number of objects of a kind.
    pub fn count(&self, resource: &str) -> usize {
        resolve(resource)
            .map(|r| lock(&self.0.store).count(r))
            .unwrap_or(0)
    }
    /// Number of pods.
    pub fn pod_count(&self) -> usize {
        lock(&self.0.store).count(PODS)
    }
    /// Creates an object (JSON, `metadata.namespace` required for namespaced kinds); controllers react.
    pub fn create(&self, resource: &str, obj: Value) -> Result<Value, ApiError> {
        let res = resolve(resource).ok_or_else(|| unknown(resource))?;
        let mut store = lock(&self.0.store);
        let o = store.create(res, obj)?;
        let mut rng = lock(&self.0.rng);
        controller::reconcile(&mut store, &mut rng, res, &o.namespace, &o.name);
        Ok(store
            .get(res, &o.namespace, &o.name)
            .map(|x| x.value())
            .unwrap_or_else(|| o.value()))
    }
    /// Replaces an object (a `resourceVersion` in the body is checked).
    pub fn update(&self, resource: &str, obj: Value) -> Result<Value, ApiError> {
        let res = resolve(resource).ok_or_else(|| unknown(resource))?;
        let mut store = lock(&self.0.store);
        let o = store.update(res, obj)?;
        let mut rng = lock(&self.0.rng);
        controller::reconcile(&mut store, &mut rng, res, &o.namespace, &o.name);
        Ok(store
            .get(res, &o.namespace, &o.name)
            .map(|x| x.value())
            .unwrap_or_else(|| o.value()))
    }
    /// JSON-merge-patches an object.
    pub fn patch(
        &self,
        resource: &str,
        ns: &str,
        name: &str,
        merge: Value,
    ) -> Result<Value, ApiError> {
        let res = resolve(resource).ok_or_else(|| unknown(resource))?;
        let ns = if RESOURCES[res].namespaced { ns } else { "" };
        let mut v = lock(&self.0.store)
            .get(res, ns, name)
            .ok_or_else(|| store::ApiError::not_found(&RESOURCES[res], name))?
            .value();
        json_patch::merge(&mut v, &merge);
        self.update(resource, v)
    }
    /// Deletes an object (with garbage collection; controllers replace owned pods).
    pub fn delete(&self, resource: &str, ns: &str, name: &str) -> Result<Value, ApiError> {
        let res = resolve(resource).ok_or_else(|| unknown(resource))?;
        let ns = if RESOURCES[res].namespaced { ns } else { "" };
        let mut store = lock(&self.0.store);
        let mut rng = lock(&self.0.rng);
        controller::delete(&mut store, &mut rng, res, ns, name).map(|o| o.value())
    }
    /// Sets a pod's phase (`Running`, `Pending`, `Succeeded`, `Failed`, `Unknown`), adjusting readiness.
    pub fn set_pod_phase(&self, ns: &str, name: &str, phase: &str) -> Result<Value, ApiError> {
        let ready = phase == "Running";
        let mut v = self
            .get("pods", ns, name)
            .ok_or_else(|| ApiError::not_found(&RESOURCES[PODS], name))?;
        v["status"]["phase"] = json!(phase);
        if let Some(cs) = v["status"]["containerStatuses"].as_array_mut() {
            for c in cs {
                c["ready"] = json!(ready);
                c["state"] = match phase {
                    "Running" => json!({"running": {"startedAt": util::rfc3339(util::now_secs())}}),
                    "Pending" => json!({"waiting": {"reason": "ContainerCreating"}}),
                    "Succeeded" => json!({"terminated": {"exitCode": 0, "reason": "Completed"}}),
                    _ => json!({"terminated": {"exitCode": 1, "reason": "Error"}}),
                };
            }
        }
        if let Some(conds) = v["status"]["conditions"].as_array_mut() {
            for c in conds {
                if c["type"] == "Ready" || c["type"] == "ContainersReady" {
                    c["status"] = json!(if ready { "True" } else { "False" });
                }
            }
        }
        self.update("pods", v)
    }
    /// Scales a deployment / replicaset / statefulset; pods follow.
    pub fn scale(
        &self,
        resource: &str,
        ns: &str,
        name: &str,
        replicas: u64,
    ) -> Result<Value, ApiError> {
        self.patch(resource, ns, name, json!({"spec": {"replicas": replicas}}))
    }
    /// Shared state (crate-internal use and advanced tests).
    pub fn state(&self) -> &Arc<ClusterState> {
        &self.0
    }
}
