//! The operations on a cluster's objects, each with an explicit context and a timeout
//! (reads within `read_timeout`, changes within `write_timeout`): list, get, YAML, delete,
//! scale, rollout restart, server-side apply, and starting and stopping watches.

use std::sync::Arc;

use kube::api::{DeleteParams, DynamicObject, ListParams, Patch, PatchParams};
use kube::Api;

use super::paged::read_page;
use super::rows::finish;
use super::watch::{self, WatchTimes};
use super::{shown, within, ResourceList, FIELD_MANAGER, SHOWN};
use crate::args;
use crate::context_id::ContextId;
use crate::error::Error;
use crate::kinds::{KindInfo, Need};
use crate::pool::{KubeClientManager, TaskKey, WatcherKey};

impl KubeClientManager {
    /// List one page of objects of `kind` (all namespaces when `namespace` is `None`).
    pub async fn list(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        limit: Option<u32>,
        continue_token: Option<String>,
    ) -> Result<ResourceList, Error> {
        args::limit(context, limit)?;
        let (api, k) = self.api(context, kind, namespace, Need::List).await?;
        let params = ListParams {
            limit,
            continue_token,
            ..ListParams::default()
        };
        let during = || format!("listing {}", k.qualified_name());
        // Read straight into what `shown` makes of each object, without building it whole.
        let page = read_page(&api, &params, SHOWN);
        let list = within(context, during, self.options().read_timeout, page).await?;
        Ok(ResourceList {
            items: list.rows.into_iter().map(|o| finish(&k, o)).collect(),
            continue_token: list.continue_token.filter(|c| !c.is_empty()),
            resource_version: list.resource_version,
            resolved: (&k).into(),
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
        let (api, k) = self.api(context, kind, namespace, Need::Any).await?;
        let object = self.read_one(context, &api, &k, name).await?;
        Ok(shown(&k, &object))
    }

    async fn read_one(
        &self,
        context: &ContextId,
        api: &Api<DynamicObject>,
        k: &KindInfo,
        name: &str,
    ) -> Result<DynamicObject, Error> {
        args::name(context, name)?;
        let during = || format!("reading {} {name}", k.qualified_name());
        within(context, during, self.options().read_timeout, api.get(name)).await
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
        let (api, k) = self.api(context, kind, namespace, Need::Any).await?;
        let object = self.read_one(context, &api, &k, name).await?;
        let mut value = if reveal {
            serde_json::to_value(&object).unwrap_or(serde_json::Value::Null)
        } else {
            shown(&k, &object)
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
        args::name(context, name)?;
        self.ensure_writable(context, || format!("deleting {kind} {name}"))?;
        let (api, k) = self.api(context, kind, namespace, Need::Any).await?;
        let during = || format!("deleting {} {name}", k.qualified_name());
        let params = DeleteParams::default();
        self.write(context, during, api.delete(name, &params)).await
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
        args::name(context, name)?;
        args::replicas(context, replicas)?;
        self.ensure_writable(context, || format!("scaling {kind} {name}"))?;
        let (api, k) = self.api(context, kind, namespace, Need::Any).await?;
        let patch = serde_json::json!({ "spec": { "replicas": replicas } });
        let during = || format!("scaling {} {name}", k.qualified_name());
        let params = PatchParams::default();
        let patch = Patch::Merge(&patch);
        let request = api.patch_scale(name, &params, &patch);
        self.write(context, during, request).await
    }

    /// One write request within the write timeout; its answer is not needed.
    pub(crate) async fn write<T>(
        &self,
        context: &ContextId,
        during: impl FnOnce() -> String,
        request: impl std::future::Future<Output = Result<T, kube::Error>>,
    ) -> Result<(), Error> {
        within(context, during, self.options().write_timeout, request)
            .await
            .map(|_| ())
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
        args::name(context, name)?;
        self.ensure_writable(context, || format!("restarting {kind} {name}"))?;
        let (api, k) = self.api(context, kind, namespace, Need::Any).await?;
        let now = k8s_openapi::jiff::Timestamp::now().to_string();
        let patch = serde_json::json!({ "spec": { "template": { "metadata": { "annotations": {
            "kubectl.kubernetes.io/restartedAt": now
        } } } } });
        let during = || format!("restarting {} {name}", k.qualified_name());
        let params = PatchParams::default();
        let patch = Patch::Merge(&patch);
        self.write(context, during, api.patch(name, &params, &patch))
            .await
    }

    /// Server-side apply every document of `yaml`. Objects without a namespace go to
    /// `namespace` (or the context's default). Returns the applied objects.
    pub async fn apply_yaml(
        &self,
        context: &ContextId,
        yaml: &str,
        namespace: Option<&str>,
    ) -> Result<Vec<serde_json::Value>, Error> {
        args::yaml(context, yaml)?;
        args::namespace(context, namespace)?;
        self.ensure_writable(context, || "applying YAML".to_owned())?;
        let name = context.display_name();
        // Parse every document first, before any request.
        let mut applied = Vec::new();
        for value in super::documents::documents(context, yaml)? {
            applied.push(self.apply_one(context, value, namespace).await?);
        }
        if applied.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{name}: the YAML holds no object"
            )));
        }
        Ok(applied)
    }

    async fn apply_one(
        &self,
        context: &ContextId,
        value: serde_json::Value,
        namespace: Option<&str>,
    ) -> Result<serde_json::Value, Error> {
        let doc = self.document(context, &value, namespace).await?;
        let params = PatchParams::apply(FIELD_MANAGER).force();
        let during = || format!("applying {} {}", doc.kind.qualified_name(), doc.name);
        let patch = Patch::Apply(&value);
        let request = doc.api.patch(&doc.name, &params, &patch);
        let result = within(context, during, self.options().write_timeout, request).await?;
        Ok(shown(&doc.kind, &result))
    }

    /// Start watching `kind` in `namespace` (all when `None`). The initial list arrives as a
    /// delta with `reset`, then changes arrive coalesced every `batch_window`; the watch's
    /// state arrives as [`crate::events::Event::WatchState`]. A watch of the same key
    /// replaces the old one.
    pub async fn watch(
        self: &Arc<Self>,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
    ) -> Result<WatcherKey, Error> {
        let conn = self.connected_conn(context)?;
        let (api, k) = self.api(context, kind, namespace, Need::View).await?;
        // One cheap list first: a watch the credentials may not make (401/403), of a kind
        // that is gone or of a server that hangs fails here, as the command's error.
        let during = || format!("starting the watch of {}", k.qualified_name());
        let one = ListParams::default().limit(1);
        let probe = api.list(&one);
        within(context, during, self.options().read_timeout, probe).await?;
        let key = WatcherKey {
            context: context.clone(),
            kind: k.qualified_name(),
            namespace: namespace.filter(|_| k.namespaced).map(str::to_owned),
            resolved: (&k).into(),
        };
        let times = WatchTimes {
            batch_window: self.options().batch_window,
            read_timeout: self.options().read_timeout,
            max_backoff: self.options().max_backoff,
            watch_timeout: self.options().watch_timeout,
        };
        let source = watch::Source {
            conn: Arc::downgrade(&conn),
            namespace: key.namespace.clone(),
            stats: conn.new_watch_stats(&key),
            pause: conn.pause_signal(),
            reach: conn.reach_signal(),
        };
        let task = tokio::spawn(watch::run(
            source,
            k,
            key.clone(),
            Arc::clone(self.sink()),
            times,
        ));
        // Disconnected while the watch was starting: the task is aborted, the watch fails.
        conn.register_task(TaskKey::Watcher(key.clone()), task.abort_handle())?;
        Ok(key)
    }

    /// Stop a watch. Returns whether it was running.
    pub fn unwatch(&self, key: &WatcherKey) -> bool {
        self.connection(&key.context)
            .is_some_and(|c| c.abort_task(&TaskKey::Watcher(key.clone())))
    }
}
