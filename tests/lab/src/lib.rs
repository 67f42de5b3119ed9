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

pub mod api;
pub mod auth;
pub mod cluster;
pub mod control;
pub mod controller;
pub mod crd;
pub mod discovery;
pub mod endpoints;
pub mod error;
pub mod faults;
pub mod front;
pub mod gotime;
pub mod gzip;
pub mod handle;
pub mod injected;
pub mod kubeconfig;
pub mod mutate;
pub mod object;
pub mod oidc;
pub mod patch;
pub mod pod;
pub mod proxy;
pub mod resources;
pub mod seed;
pub mod selectors;
pub mod server;
pub mod store;
pub mod table;
pub mod tls;
pub mod util;
pub mod views;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use cluster::{lock, ClusterState, Shared};
pub use cluster::{AuthKind, Fault, Faults};
pub use front::FrontHandle;
pub use handle::ClusterHandle;
pub use oidc::OidcClient;
pub use proxy::{ProxyHandle, ProxyOptions};
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
        let mut clusters = Vec::new();
        for i in 0..opts.clusters {
            clusters.push(new_cluster(i, &opts, &mut rng).await?);
        }
        // Seed in parallel on blocking threads.
        let mut seeders = Vec::new();
        for c in &clusters {
            let st = c.state.clone();
            let pods = opts.pods_per_cluster;
            seeders.push(tokio::task::spawn_blocking(move || {
                seed::seed_cluster(&st, pods)
            }));
        }
        for s in seeders {
            s.await
                .map_err(|e| LabError(format!("seeding failed: {e}")))?;
        }
        let (kubeconfig, temp_dir) = kubeconfig_location(&opts)?;
        let entries: Vec<_> = clusters.iter().map(|c| &c.entry).collect();
        std::fs::write(&kubeconfig, kubeconfig::render(&entries))
            .map_err(|e| LabError(format!("writing kubeconfig {}: {e}", kubeconfig.display())))?;
        let mut tasks = Vec::new();
        let mut states = Vec::new();
        for c in clusters {
            tasks.push(tokio::spawn(server::run(
                c.state.clone(),
                Some(c.listener),
                c.tls,
            )));
            states.push(c.state);
        }
        if opts.churn > 0.0 {
            tasks.push(tokio::spawn(seed::churn(
                states.clone(),
                opts.churn,
                opts.seed,
            )));
        }
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

    /// Starts an HTTP CONNECT proxy (e.g. on `127.0.0.2:0`, optional basic auth) that counts
    /// the CONNECTs it receives; it stops when the handle is dropped.
    pub async fn start_proxy(&self, opts: ProxyOptions) -> std::io::Result<ProxyHandle> {
        proxy::start(opts).await
    }

    /// Starts a Rancher-style front reaching every cluster under `/k8s/clusters/{id}` on one
    /// host and port, and writes `kubeconfig` with a context per cluster (`rancher-dev`, …)
    /// whose server URL carries that path; it stops when the handle is dropped.
    pub async fn start_rancher(&self, kubeconfig: &Path) -> std::io::Result<FrontHandle> {
        front::start_rancher(&self.clusters, kubeconfig).await
    }

    /// Starts a tunnel to cluster `i` whose certificate names only `server_name` (as an API
    /// server reached through `ssh -L` or a bastion), and writes `kubeconfig` with
    /// `tunnel-{short}` (`tls-server-name: server_name`) and `tunnel-{short}-unnamed` (without).
    pub async fn start_tunnel(
        &self,
        i: usize,
        server_name: &str,
        kubeconfig: &Path,
    ) -> std::io::Result<FrontHandle> {
        front::start_tunnel(&self.clusters[i], server_name, kubeconfig).await
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

/// One cluster before its server runs.
struct NewCluster {
    state: Shared,
    entry: kubeconfig::KubeconfigEntry,
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
}

/// Creates cluster `i`: identity, PKI, listening socket, credentials, empty store.
async fn new_cluster(i: usize, opts: &LabOptions, rng: &mut Rng) -> Result<NewCluster, LabError> {
    let name = context_name(i);
    let user = format!("{name}-admin");
    let auth = if i % 3 == 1 {
        AuthKind::ClientCert
    } else {
        AuthKind::Token
    };
    let pki = tls::make_pki(&name, &user).map_err(|e| LabError(format!("{name}: {e}")))?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| LabError(format!("{name}: binding 127.0.0.1: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| LabError(format!("{name}: {e}")))?;
    let token = format!("lab-{}-{:016x}", seed::short_name(i), rng.next_u64());
    let oidc = auth::Oidc::new(&seed::short_name(i), rng);
    let cseed = opts.seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
    let (gen_tx, _) = tokio::sync::watch::channel(0u64);
    let state = Arc::new(ClusterState {
        index: i,
        name: name.clone(),
        version: VERSIONS[i % VERSIONS.len()].to_string(),
        auth: auth.clone(),
        user: user.clone(),
        tokens: Mutex::new(auth::Tokens::new(&token, &user)),
        oidc: Mutex::new(oidc),
        ca_pem: pki.ca_pem.clone(),
        client_cert_der: pki.client_cert_der.clone(),
        addr: Mutex::new(addr),
        store: Mutex::new(store::Store::new(cseed, opts.history)),
        faults: Mutex::new(Faults::default()),
        fault_gen: gen_tx,
        rng: Mutex::new(Rng::new(cseed ^ 0x5EED)),
        seed: cseed,
        bookmark_interval: opts.bookmark_interval,
        held_requests: Mutex::new(Vec::new()),
        open_watches: Mutex::new(Vec::new()),
        lists: Mutex::new(std::collections::HashMap::new()),
        compressed: gzip::Compressed::default(),
        log_anchors: Mutex::new(cluster::LogAnchors::new()),
    });
    let entry = kubeconfig::KubeconfigEntry {
        context: name,
        server: format!("https://{addr}"),
        ca_pem: pki.ca_pem,
        user,
        token: (auth == AuthKind::Token).then_some(token),
        client_cert: (auth == AuthKind::ClientCert)
            .then_some((pki.client_cert_pem, pki.client_key_pem)),
        namespace: match i {
            1 => Some("shop".to_string()),
            i if i >= 3 && i % 2 == 0 => Some("default".to_string()),
            _ => None,
        },
        tls_server_name: None,
    };
    Ok(NewCluster {
        state,
        entry,
        listener,
        tls: pki.server_config,
    })
}

/// Where the kubeconfig goes (`opts.kubeconfig`, or a fresh temp dir removed on stop).
fn kubeconfig_location(opts: &LabOptions) -> Result<(PathBuf, Option<PathBuf>), LabError> {
    let (kubeconfig, temp_dir) = match &opts.kubeconfig {
        Some(p) => (p.clone(), None),
        None => {
            let dir = std::env::temp_dir().join(format!(
                "kubeli-lab-{}-{}",
                std::process::id(),
                TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir)
                .map_err(|e| LabError(format!("creating {}: {e}", dir.display())))?;
            (dir.join("kubeconfig"), Some(dir))
        }
    };
    if let Some(parent) = kubeconfig.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| LabError(format!("creating {}: {e}", parent.display())))?;
    }
    Ok((kubeconfig, temp_dir))
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.shutdown();
    }
}
