//! [`ClusterHandle`]: a test's handle on one simulated cluster — identity, fault switches and
//! direct reads and writes (through the same mutation path as the HTTP API).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::cluster::{lock, AuthKind, ClusterState, Fault, Shared};
use crate::mutate::Tx;
use crate::patch::PatchKind;
use crate::resources::{self, def, ids::PODS};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::{self, ApiError};
use crate::{auth, crd, util, views};

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
    /// The kubeconfig's bearer token (also accepted on client-cert clusters, though not in the
    /// kubeconfig); empty after [`revoke_tokens`](Self::revoke_tokens).
    pub fn token(&self) -> String {
        lock(&self.0.tokens)
            .primary()
            .unwrap_or_default()
            .to_string()
    }
    /// Revokes every token: token users get 401 from now on.
    pub fn revoke_tokens(&self) {
        lock(&self.0.tokens).clear();
    }
    /// Accepts an extra bearer token for `user`.
    pub fn add_token(&self, token: &str, user: &str) {
        lock(&self.0.tokens).insert(token, user, None);
    }
    /// Issues a new bearer token for the cluster's user, accepted for `ttl` (forever when
    /// `None`), then 401.
    pub fn issue_token(&self, ttl: Option<Duration>) -> String {
        let token = auth::random_token(&self.0.name, &mut lock(&self.0.rng));
        lock(&self.0.tokens).insert(&token, &self.0.user, ttl);
        token
    }
    /// How many requests whose path contains `path` are held right now by
    /// [`crate::Fault::HangAfterConnect`]; one drops off as soon as its client gives up on it
    /// (closes the connection).
    pub fn held_requests(&self, path: &str) -> usize {
        lock(&self.0.held_requests)
            .iter()
            .filter(|p| p.contains(path))
            .count()
    }
    /// How many watch streams of `resource` (plural, e.g. `pods`) are open right now.
    pub fn open_watches(&self, resource: &str) -> usize {
        lock(&self.0.open_watches)
            .iter()
            .filter(|r| *r == resource)
            .count()
    }
    /// How many list requests of `resource` (plural) the cluster has served so far.
    pub fn list_requests(&self, resource: &str) -> u64 {
        lock(&self.0.lists).get(resource).copied().unwrap_or(0)
    }
    /// What the cluster has sent gzip-encoded so far ([`crate::gzip`]).
    pub fn compressed(&self) -> crate::gzip::CompressedCount {
        self.0.compressed.count()
    }
    /// Stops accepting one token (401 from now on); `false` if it was not known.
    pub fn revoke_token(&self, token: &str) -> bool {
        lock(&self.0.tokens).revoke(token)
    }
    /// An `ExecCredential` (`client.authentication.k8s.io/v1`) carrying a fresh token accepted
    /// for `ttl`, announcing `expirationTimestamp` = now + `announce` (default: `ttl`), as an
    /// exec credential plugin prints it.
    pub fn exec_credential(&self, ttl: Duration, announce: Option<Duration>) -> Value {
        let token = self.issue_token(Some(ttl));
        let expires = util::now_secs() + announce.unwrap_or(ttl).as_secs() as i64;
        json!({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
            "status": {"token": token, "expirationTimestamp": util::rfc3339(expires)}})
    }
    /// Replaces the active faults with `fault` ([`Fault::None`] heals).
    pub fn set_fault(&self, fault: Fault) {
        self.0.set_fault(&fault);
    }
    /// Waits until the cluster's port refuses connections, as it does once [`Fault::Down`] has
    /// taken effect: [`set_fault`](Self::set_fault) only flags it, and the server closes its
    /// socket when its task next runs, so a connection made in between is still served.
    /// `false` if the port still accepts after `limit`.
    pub async fn until_refusing(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while tokio::time::Instant::now() < deadline {
            if tokio::net::TcpStream::connect(self.addr()).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
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
        let store = lock(&self.0.store);
        let res = store.resolve(resource)?;
        let ns = if def(res).namespaced { ns } else { "" };
        match def(res).view {
            resources::View::Stored => store.get(res, ns, name).map(|o| o.value()),
            _ => views::get(&store, res, ns, name).map(|o| o.value()),
        }
    }
    /// Resolves `pods`, `po`, `Pod`, `deployments.apps`, `widgets.lab.kubeli.dev` to a
    /// resource id among the kinds this cluster serves.
    pub fn resolve(&self, resource: &str) -> Option<usize> {
        lock(&self.0.store).resolve(resource)
    }
    fn resolved(&self, resource: &str) -> Result<usize, ApiError> {
        self.resolve(resource).ok_or_else(|| unknown(resource))
    }
    /// Lists objects (all namespaces when `ns` is `None`).
    pub fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Value> {
        self.each(resource, ns, |o| o.value())
    }
    /// A pod in `ns` that is `Running` with exactly one container (logs and exec need no
    /// container name), the first by name.
    pub fn running_pod(&self, ns: &str) -> Option<Value> {
        self.list("pods", Some(ns)).into_iter().find(|p| {
            p["status"]["phase"] == "Running"
                && p["spec"]["containers"]
                    .as_array()
                    .is_some_and(|c| c.len() == 1)
        })
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
        let store = lock(&self.0.store);
        let Some(res) = store.resolve(resource) else {
            return vec![];
        };
        let all = (LabelSelector::default(), FieldSelector::default());
        match def(res).view {
            resources::View::Stored => store.list(res, ns, &all.0, &all.1),
            _ => views::list(&store, res, ns, &all.0, &all.1),
        }
        .iter()
        .map(|o| f(o))
        .collect()
    }
    /// Number of objects of a kind.
    pub fn count(&self, resource: &str) -> usize {
        let store = lock(&self.0.store);
        store.resolve(resource).map(|r| store.count(r)).unwrap_or(0)
    }
    /// Number of pods.
    pub fn pod_count(&self) -> usize {
        lock(&self.0.store).count(PODS)
    }
    /// Creates an object (JSON, `metadata.namespace` required for namespaced kinds); controllers
    /// react, and a CustomResourceDefinition starts serving its kind at once.
    pub fn create(&self, resource: &str, obj: Value) -> Result<Value, ApiError> {
        let res = self.resolved(resource)?;
        Tx::begin(&self.0).create(res, obj)
    }
    /// Replaces an object (a `resourceVersion` in the body is checked).
    pub fn update(&self, resource: &str, obj: Value) -> Result<Value, ApiError> {
        let res = self.resolved(resource)?;
        Tx::begin(&self.0).update(res, obj)
    }
    /// JSON-merge-patches an object.
    pub fn patch(
        &self,
        resource: &str,
        ns: &str,
        name: &str,
        merge: Value,
    ) -> Result<Value, ApiError> {
        let res = self.resolved(resource)?;
        let ns = if def(res).namespaced { ns } else { "" };
        Tx::begin(&self.0)
            .patch(res, ns, name, PatchKind::Merge, &merge, false)
            .map(|w| w.obj)
    }
    /// Deletes an object (with garbage collection; controllers replace owned pods).
    pub fn delete(&self, resource: &str, ns: &str, name: &str) -> Result<Value, ApiError> {
        let res = self.resolved(resource)?;
        let ns = if def(res).namespaced { ns } else { "" };
        Tx::begin(&self.0).delete(res, ns, name)
    }
    /// Creates a CustomResourceDefinition for `kind` in `group`/`version` (plural: lowercase
    /// kind + `s`); the kind is served (discovery, list, watch, writes) as soon as this returns.
    /// Two groups may serve the same plural (e.g. `widgets`), as on real clusters.
    pub fn add_custom_resource(
        &self,
        group: &str,
        version: &str,
        kind: &str,
        namespaced: bool,
    ) -> Result<Value, ApiError> {
        self.create(
            "customresourcedefinitions",
            crd::simple(group, version, kind, namespaced),
        )
    }
    /// Serves OpenShift's `project.openshift.io/v1` projects from now on: every namespace as
    /// a Project, readable while listing namespaces is forbidden ([`Fault::ForbidNamespaces`]),
    /// as on OpenShift, where a user who may not list namespaces lists their projects.
    pub fn serve_projects(&self) {
        lock(&self.0.store).serve(resources::intern(resources::PROJECTS));
    }
    /// Sets a pod's phase (`Running`, `Pending`, `Succeeded`, `Failed`, `Unknown`), adjusting readiness.
    pub fn set_pod_phase(&self, ns: &str, name: &str, phase: &str) -> Result<Value, ApiError> {
        let ready = phase == "Running";
        let mut v = self
            .get("pods", ns, name)
            .ok_or_else(|| ApiError::not_found(def(PODS), name))?;
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
