//! Resource operations on any connected cluster, every one with an explicit context:
//! list, get, YAML, delete, scale, rollout restart, server-side apply, and watches that
//! send coalesced deltas. Kinds are resolved through discovery (cached per connection), so
//! custom resources work like built-in ones.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::StreamExt;
use kube::api::{DeleteParams, DynamicObject, ListParams, Patch, PatchParams};
use kube::discovery::{ApiResource, Scope};
use kube::runtime::watcher::{self, Event as WatchEvent};
use kube::runtime::WatchStreamExt;
use kube::{Api, ResourceExt};
use serde::Serialize;
use specta::Type;

use crate::context_id::ContextId;
use crate::error::Error;
use crate::events::{Event, ResourceDelta};
use crate::pool::{ClusterConnection, KubeClientManager, TaskKey, WatcherKey};

/// The field manager Kubeli's server-side applies are recorded under.
pub const FIELD_MANAGER: &str = "kubeli";

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceList {
    pub items: Vec<serde_json::Value>,
    /// Pass back to get the next page; `None` on the last page.
    pub continue_token: Option<String>,
    pub resource_version: Option<String>,
}

/// A resolved resource kind of one cluster.
struct Kind {
    resource: ApiResource,
    namespaced: bool,
}

impl Kind {
    /// Core `Secret`s: their values are hidden until the user asks to reveal them.
    fn hides_values(&self) -> bool {
        self.resource.group.is_empty() && self.resource.kind == "Secret"
    }

    /// An object as the frontend receives it: Secret values replaced by [`HIDDEN`].
    fn value(&self, obj: &DynamicObject) -> serde_json::Value {
        let mut value = serde_json::to_value(obj).unwrap_or(serde_json::Value::Null);
        if self.hides_values() {
            hide_secret_values(&mut value);
        }
        value
    }
}

/// What a hidden Secret value reads as. Not valid base64, so YAML copied with it cannot be
/// applied back by mistake.
pub const HIDDEN: &str = "<hidden: reveal to see>";

/// Replace every value of a Secret's `data` and `stringData` (the keys stay visible).
pub fn hide_secret_values(secret: &mut serde_json::Value) {
    for field in ["data", "stringData"] {
        if let Some(map) = secret.get_mut(field).and_then(|m| m.as_object_mut()) {
            for value in map.values_mut() {
                *value = serde_json::Value::String(HIDDEN.to_owned());
            }
        }
    }
}

/// The connection's API discovery, run once and cached.
async fn discovery(conn: &ClusterConnection) -> Result<&Arc<kube::Discovery>, Error> {
    let client = conn.client();
    conn.discovery
        .get_or_try_init(|| async {
            kube::Discovery::new(client)
                .run()
                .await
                .map(Arc::new)
                .map_err(|e| Error::from_kube(&conn.context.display_name(), &e))
        })
        .await
}

impl KubeClientManager {
    fn connected_conn(&self, context: &ContextId) -> Result<Arc<ClusterConnection>, Error> {
        self.connection(context).ok_or_else(|| Error::NotConnected {
            context: context.display_name(),
        })
    }

    /// Resolve `kind` (plural like `pods`, kind like `Deployment`, a built-in short name like
    /// `deploy`, or `plural.group` like `widgets.lab.kubeli.dev`) through the connection's discovery.
    async fn kind(&self, conn: &ClusterConnection, kind: &str) -> Result<Kind, Error> {
        let name = conn.context.display_name();
        let discovery = discovery(conn).await?;
        let lower = kind.to_lowercase();
        let wanted = short_name(&lower).unwrap_or(&lower).to_owned();
        let matches = |ar: &ApiResource| {
            let qualified = if ar.group.is_empty() {
                ar.plural.clone()
            } else {
                format!("{}.{}", ar.plural, ar.group)
            };
            ar.plural == wanted || ar.kind.to_lowercase() == wanted || qualified == wanted
        };
        discovery
            .groups()
            .flat_map(|g| g.recommended_resources())
            .filter(|(ar, _)| matches(ar))
            // The core group first, as kubectl does (metrics.k8s.io also serves `pods`).
            .min_by_key(|(ar, _)| !ar.group.is_empty())
            .map(|(resource, caps)| Kind {
                resource,
                namespaced: caps.scope == Scope::Namespaced,
            })
            .ok_or_else(|| Error::NotFound {
                context: name,
                message: format!("the server has no resource kind \"{kind}\""),
            })
    }

    async fn api(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
    ) -> Result<(Api<DynamicObject>, Kind), Error> {
        let conn = self.connected_conn(context)?;
        let k = self.kind(&conn, kind).await?;
        let client = conn.client();
        let api = match (k.namespaced, namespace) {
            (true, Some(ns)) => Api::namespaced_with(client, ns, &k.resource),
            _ => Api::all_with(client, &k.resource),
        };
        Ok((api, k))
    }

    /// List one page of objects of `kind` (all namespaces when `namespace` is `None`).
    pub async fn list(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        limit: Option<u32>,
        continue_token: Option<String>,
    ) -> Result<ResourceList, Error> {
        let (api, k) = self.api(context, kind, namespace).await?;
        let params = ListParams {
            limit,
            continue_token,
            ..ListParams::default()
        };
        let list = api.list(&params).await.map_err(kube_error(context))?;
        Ok(ResourceList {
            items: list.items.iter().map(|o| k.value(o)).collect(),
            continue_token: list.metadata.continue_.filter(|c| !c.is_empty()),
            resource_version: list.metadata.resource_version,
        })
    }

    /// One object.
    pub async fn get(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<serde_json::Value, Error> {
        let (api, k) = self.api(context, kind, namespace).await?;
        api.get(name)
            .await
            .map(|o| k.value(&o))
            .map_err(kube_error(context))
    }

    /// One object as YAML, without the noisy `managedFields`. A Secret's values are hidden
    /// unless `reveal` is set: the user asked to see them.
    pub async fn get_yaml(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        reveal: bool,
    ) -> Result<String, Error> {
        let (api, k) = self.api(context, kind, namespace).await?;
        let object = api.get(name).await.map_err(kube_error(context))?;
        let mut value = if reveal {
            serde_json::to_value(&object).unwrap_or(serde_json::Value::Null)
        } else {
            k.value(&object)
        };
        if let Some(meta) = value.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            meta.remove("managedFields");
        }
        serde_saphyr::to_string(&value).map_err(|e| {
            Error::InvalidInput(format!(
                "{}: cannot render YAML: {e}",
                context.display_name()
            ))
        })
    }

    /// Delete one object.
    pub async fn delete(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<(), Error> {
        let (api, _) = self.api(context, kind, namespace).await?;
        api.delete(name, &DeleteParams::default())
            .await
            .map(|_| ())
            .map_err(kube_error(context))
    }

    /// Set the replicas of a scalable object (deployment, statefulset, replicaset…).
    pub async fn scale(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        replicas: u32,
    ) -> Result<(), Error> {
        let (api, _) = self.api(context, kind, namespace).await?;
        let patch = serde_json::json!({ "spec": { "replicas": replicas } });
        api.patch_scale(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map(|_| ())
            .map_err(kube_error(context))
    }

    /// Restart the pods of a workload the way `kubectl rollout restart` does: stamp its
    /// pod template with the current time.
    pub async fn restart(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<(), Error> {
        let (api, _) = self.api(context, kind, namespace).await?;
        let now = k8s_openapi::jiff::Timestamp::now().to_string();
        let patch = serde_json::json!({ "spec": { "template": { "metadata": { "annotations": {
            "kubectl.kubernetes.io/restartedAt": now
        } } } } });
        api.patch(name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map(|_| ())
            .map_err(kube_error(context))
    }

    /// Server-side apply every document of `yaml`. Objects without a namespace go to
    /// `namespace` (or the context's default). Returns the applied objects.
    pub async fn apply_yaml(
        &self,
        context: &ContextId,
        yaml: &str,
        namespace: Option<&str>,
    ) -> Result<Vec<serde_json::Value>, Error> {
        let name = context.display_name();
        // Parse every document first, before any request.
        let documents = serde_saphyr::from_multiple::<serde_json::Value>(yaml).map_err(|e| {
            Error::InvalidInput(format!(
                "{name}: the YAML is not valid: {}",
                e.without_snippet()
            ))
        })?;
        let mut applied = Vec::new();
        for value in documents {
            if value.is_null() {
                continue;
            }
            let obj: DynamicObject = serde_json::from_value(value.clone()).map_err(|e| {
                Error::InvalidInput(format!("{name}: not a Kubernetes object: {e}"))
            })?;
            let types = obj.types.clone().ok_or_else(|| {
                Error::InvalidInput(format!("{name}: every object needs apiVersion and kind"))
            })?;
            let object_name = obj.name_any();
            if object_name.is_empty() {
                return Err(Error::InvalidInput(format!(
                    "{name}: every object needs metadata.name"
                )));
            }
            let conn = self.connected_conn(context)?;
            // The exact group, version and kind the document names (a kind name alone can
            // exist in two groups).
            let gvk = kube::core::GroupVersionKind::try_from(&types)
                .map_err(|e| Error::InvalidInput(format!("{name}: {e}")))?;
            let (resource, caps) =
                discovery(&conn)
                    .await?
                    .resolve_gvk(&gvk)
                    .ok_or_else(|| Error::NotFound {
                        context: name.clone(),
                        message: format!("the server has no {} in {}", gvk.kind, types.api_version),
                    })?;
            let kind = Kind {
                resource,
                namespaced: caps.scope == Scope::Namespaced,
            };
            let ns = obj
                .namespace()
                .or_else(|| namespace.map(str::to_owned))
                .or_else(|| conn.cluster.namespace.clone())
                .unwrap_or_else(|| "default".into());
            let api: Api<DynamicObject> = if kind.namespaced {
                Api::namespaced_with(conn.client(), &ns, &kind.resource)
            } else {
                Api::all_with(conn.client(), &kind.resource)
            };
            let params = PatchParams::apply(FIELD_MANAGER).force();
            let result = api
                .patch(&object_name, &params, &Patch::Apply(&value))
                .await
                .map_err(|e| Error::from_kube(&name, &e))?;
            applied.push(kind.value(&result));
        }
        if applied.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{name}: the YAML holds no object"
            )));
        }
        Ok(applied)
    }

    /// Start watching `kind` in `namespace` (all when `None`). The initial list arrives as a
    /// delta with `reset`, then changes arrive coalesced every `batch_window`. A watch of the
    /// same key replaces the old one.
    pub async fn watch(
        self: &Arc<Self>,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
    ) -> Result<WatcherKey, Error> {
        let conn = self.connected_conn(context)?;
        let (api, k) = self.api(context, kind, namespace).await?;
        // One cheap list first: a watch the credentials may not make (401/403) or of a kind
        // that is gone fails here, as the command's error, instead of retrying unseen.
        api.list(&ListParams::default().limit(1))
            .await
            .map_err(kube_error(context))?;
        let key = WatcherKey {
            context: context.clone(),
            kind: kind.to_owned(),
            namespace: namespace.filter(|_| k.namespaced).map(str::to_owned),
        };
        let sink = Arc::clone(self.sink());
        let window = self.options().batch_window;
        let delta_key = key.clone();
        let task = tokio::spawn(async move {
            let mut stream = watcher::watcher(api, watcher::Config::default())
                .default_backoff()
                .boxed();
            let mut batch = Batch::new(k);
            let mut tick = tokio::time::interval(window);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    event = stream.next() => match event {
                        Some(Ok(event)) => batch.add(event),
                        Some(Err(e)) => tracing::debug!(context = %delta_key.context, "watch of {} interrupted: {e}", delta_key.kind),
                        None => break,
                    },
                    _ = tick.tick() => {
                        if let Some(delta) = batch.take(&delta_key) {
                            sink.emit(Event::ResourceDelta(delta));
                        }
                    }
                }
            }
        });
        conn.register_task(TaskKey::Watcher(key.clone()), task.abort_handle());
        Ok(key)
    }

    /// Stop a watch. Returns whether it was running.
    pub fn unwatch(&self, key: &WatcherKey) -> bool {
        self.connection(&key.context)
            .is_some_and(|c| c.abort_task(&TaskKey::Watcher(key.clone())))
    }
}

/// Watch events collected between two flushes.
struct Batch {
    /// The kind watched, which decides how objects are shown.
    kind: Kind,
    /// Objects of an initial list (or relist) in progress.
    initial: Option<Vec<serde_json::Value>>,
    /// A finished initial list not yet sent.
    reset: Option<Vec<serde_json::Value>>,
    upserts: BTreeMap<String, serde_json::Value>,
    deletes: BTreeMap<String, ()>,
}

impl Batch {
    fn new(kind: Kind) -> Self {
        Self {
            kind,
            initial: None,
            reset: None,
            upserts: BTreeMap::new(),
            deletes: BTreeMap::new(),
        }
    }

    fn add(&mut self, event: WatchEvent<DynamicObject>) {
        match event {
            WatchEvent::Init => self.initial = Some(Vec::new()),
            WatchEvent::InitApply(obj) => self
                .initial
                .get_or_insert_with(Vec::new)
                .push(self.kind.value(&obj)),
            WatchEvent::InitDone => {
                // The new list replaces everything, including changes not yet sent.
                self.reset = Some(self.initial.take().unwrap_or_default());
                self.upserts.clear();
                self.deletes.clear();
            }
            WatchEvent::Apply(obj) => {
                let key = object_key(&obj);
                self.deletes.remove(&key);
                let value = self.kind.value(&obj);
                self.upserts.insert(key, value);
            }
            WatchEvent::Delete(obj) => {
                let key = object_key(&obj);
                self.upserts.remove(&key);
                self.deletes.insert(key, ());
            }
        }
    }

    fn take(&mut self, key: &WatcherKey) -> Option<ResourceDelta> {
        if self.reset.is_none() && self.upserts.is_empty() && self.deletes.is_empty() {
            return None;
        }
        Some(ResourceDelta {
            context: key.context.clone(),
            kind: key.kind.clone(),
            namespace: key.namespace.clone(),
            reset: self.reset.take(),
            upserts: std::mem::take(&mut self.upserts).into_values().collect(),
            deletes: std::mem::take(&mut self.deletes).into_keys().collect(),
        })
    }
}

/// The plural behind a built-in kind's short name, as kubectl knows them (`deploy` →
/// `deployments`). Discovery as kube-rs runs it does not keep short names.
fn short_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "po" => "pods",
        "svc" => "services",
        "ep" => "endpoints",
        "cm" => "configmaps",
        "ev" => "events",
        "no" => "nodes",
        "ns" => "namespaces",
        "sa" => "serviceaccounts",
        "pv" => "persistentvolumes",
        "pvc" => "persistentvolumeclaims",
        "deploy" => "deployments",
        "rs" => "replicasets",
        "sts" => "statefulsets",
        "ds" => "daemonsets",
        "cj" => "cronjobs",
        "ing" => "ingresses",
        "netpol" => "networkpolicies",
        "hpa" => "horizontalpodautoscalers",
        "pdb" => "poddisruptionbudgets",
        "quota" => "resourcequotas",
        "limits" => "limitranges",
        "sc" => "storageclasses",
        "crd" | "crds" => "customresourcedefinitions",
        _ => return None,
    })
}

/// Turns a kube error into ours, naming the context.
fn kube_error(context: &ContextId) -> impl Fn(kube::Error) -> Error + '_ {
    move |e| Error::from_kube(&context.display_name(), &e)
}

/// `namespace/name`, or `name` for cluster-scoped objects.
pub fn object_key(obj: &DynamicObject) -> String {
    match obj.namespace() {
        Some(ns) => format!("{ns}/{}", obj.name_any()),
        None => obj.name_any(),
    }
}
