//! Shared per-cluster state: identity, credentials, the store, and the fault switches in force (`faults.rs`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use crate::auth::{Oidc, Tokens};
use crate::store::Store;
use crate::util::Rng;

pub use crate::faults::{Fault, Faults};

/// How a user authenticates to a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// Bearer token.
    Token,
    /// TLS client certificate.
    ClientCert,
}

/// State shared by a cluster's server, handle and control endpoint.
pub struct ClusterState {
    /// Position in the lab (0-based).
    pub index: usize,
    /// Cluster name (`dev`, `staging`, `prod`, `c4`, ...).
    pub name: String,
    /// Kubernetes version string (`v1.32.4`).
    pub version: String,
    /// How the kubeconfig user authenticates.
    pub auth: AuthKind,
    /// The kubeconfig user's name.
    pub user: String,
    /// Accepted bearer tokens.
    pub tokens: Mutex<Tokens>,
    /// The cluster's OIDC client registration and issuer state.
    pub oidc: Mutex<Oidc>,
    /// PEM of the cluster's certificate authority.
    pub ca_pem: String,
    /// DER of the accepted client certificate.
    pub client_cert_der: Vec<u8>,
    /// Listening address (fixed after the first bind).
    pub addr: Mutex<SocketAddr>,
    /// The object store.
    pub store: Mutex<Store>,
    /// Active faults.
    pub faults: Mutex<Faults>,
    /// Bumped on every fault change so servers, connections and watches react.
    pub fault_gen: watch::Sender<u64>,
    /// Randomness for controllers/churn/errors (seeded).
    pub rng: Mutex<Rng>,
    /// Seed of this cluster.
    pub seed: u64,
    /// Interval between BOOKMARK events on watches that allow them.
    pub bookmark_interval: std::time::Duration,
    /// Paths of the requests held right now by [`Fault::HangAfterConnect`] (one entry per
    /// request): a client that gives up on one (closes its connection) takes it off, so tests
    /// can see a request end.
    pub held_requests: Mutex<Vec<String>>,
    /// Resources (plural, e.g. `pods`) of the watch streams open right now, one entry per
    /// stream: a client that pauses or drops its watch takes it off.
    pub open_watches: Mutex<Vec<String>>,
    /// How many list requests each resource (plural) has served, watches excluded: shows
    /// whether a client re-listed or resumed from a resourceVersion.
    pub lists: Mutex<std::collections::HashMap<String, u64>>,
    /// What the cluster has sent gzip-encoded (large answers to requests accepting gzip).
    pub compressed: crate::gzip::Compressed,
    /// Where each container's log stands (`api/logs`): when the lab first served it (ns since
    /// the epoch), by (namespace, pod, container), with the pod's uid (a pod created again
    /// under the same name starts a new log).
    pub log_anchors: Mutex<LogAnchors>,
}

/// [`ClusterState::log_anchors`].
pub type LogAnchors = std::collections::HashMap<(String, String, String), (String, i64)>;

/// Lists one request in [`ClusterState::held_requests`] for as long as it lives.
pub(crate) struct HeldRequest<'a> {
    held: &'a Mutex<Vec<String>>,
    path: String,
}

impl<'a> HeldRequest<'a> {
    pub(crate) fn new(held: &'a Mutex<Vec<String>>, path: &str) -> Self {
        lock(held).push(path.to_owned());
        Self {
            held,
            path: path.to_owned(),
        }
    }
}

impl Drop for HeldRequest<'_> {
    fn drop(&mut self) {
        let mut held = lock(self.held);
        if let Some(i) = held.iter().position(|p| *p == self.path) {
            held.swap_remove(i);
        }
    }
}

/// Locks a mutex, recovering from poisoning (a panicking test must not wedge the lab).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ClusterState {
    /// Current faults.
    pub fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }
    /// Replaces the fault set with `f` (or clears it for [`Fault::None`]).
    pub fn set_fault(&self, f: &Fault) {
        {
            let mut g = lock(&self.faults);
            *g = Faults::default();
            g.apply(f);
        }
        self.after_fault_change(f);
    }
    /// Adds `f` to the active faults.
    pub fn add_fault(&self, f: &Fault) {
        lock(&self.faults).apply(f);
        self.after_fault_change(f);
    }
    /// Removes `f` from the active faults.
    pub fn clear_fault(&self, f: &Fault) {
        lock(&self.faults).clear(f);
        self.fault_gen.send_modify(|g| *g += 1);
    }
    fn after_fault_change(&self, f: &Fault) {
        if *f == Fault::ExpireResourceVersions {
            lock(&self.store).compact();
        }
        self.fault_gen.send_modify(|g| *g += 1);
    }
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        *lock(&self.addr)
    }
}

/// Shared pointer to a cluster's state.
pub type Shared = Arc<ClusterState>;
