//! Resource operations on any connected cluster, every one with an explicit context and a
//! timeout: list, get, YAML, delete, scale, rollout restart, server-side apply, edits that
//! never overwrite a change made meanwhile ([`edit`]), node and cronjob [`actions`], and
//! watches that send coalesced deltas and their state.
//!
//! Start at [`crate::kinds`] (how a typed name becomes a kind, kubectl-like, and what a
//! cluster serves, surviving broken groups), then [`ops`] and [`watch`] (which sends
//! compact [`rows`]).

pub mod actions;
mod backoff;
mod batch;
mod documents;
mod edit;
mod follow;
pub mod ops;
mod paged;
mod pausing;
pub mod pending;
mod prune;
mod rows;
pub mod watch;

use std::future::Future;
use std::time::Duration;

use kube::api::DynamicObject;
use kube::{Api, ResourceExt};
use serde::Serialize;
use specta::Type;

pub use actions::{DrainOptions, DrainReport};
// What a cluster serves lives one layer down, in `crate::kinds`; re-exported for callers of resources.
pub use crate::kinds::{
    self, ClusterKinds, FailedGroup, KindCache, KindInfo, Need, PrinterColumn, ResolvedKind,
};
pub use pending::PendingRequests;
pub use watch::WatchState;

use crate::context_id::ContextId;
use crate::error::Error;
use crate::pool::{ClusterConnection, KubeClientManager};

/// The field manager Kubeli's server-side applies are recorded under.
pub const FIELD_MANAGER: &str = "kubeli";

/// The annotation `kubectl apply` leaves on objects: a full copy of what was applied,
/// values included.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceList {
    pub items: Vec<serde_json::Value>,
    /// Pass back to get the next page; `None` on the last page.
    pub continue_token: Option<String>,
    pub resource_version: Option<String>,
    /// The group, version and kind the requested name resolved to.
    pub resolved: ResolvedKind,
}

/// What a hidden Secret value reads as. Not valid base64, so YAML copied with it cannot be
/// applied back by mistake.
pub const HIDDEN: &str = "<hidden: reveal to see>";

/// Replace every value of a Secret's `data` and `stringData` (the keys stay visible), and
/// its `last-applied-configuration` annotation, which repeats them.
pub fn hide_secret_values(secret: &mut serde_json::Value) {
    for field in ["data", "stringData"] {
        if let Some(map) = secret.get_mut(field).and_then(|m| m.as_object_mut()) {
            for value in map.values_mut() {
                *value = serde_json::Value::String(HIDDEN.to_owned());
            }
        }
    }
    if let Some(applied) = secret
        .pointer_mut("/metadata/annotations")
        .and_then(|a| a.as_object_mut())
        .and_then(|a| a.get_mut(LAST_APPLIED))
    {
        *applied = serde_json::Value::String(HIDDEN.to_owned());
    }
}

/// What [`shown`] keeps of an object, as a rule a list page is parsed with.
const SHOWN: prune::Keep = prune::Keep::Except(&[(
    "metadata",
    prune::Keep::Except(&[("managedFields", prune::Keep::Drop)]),
)]);

/// An object as a list, get or edit returns it to the frontend: without `managedFields`
/// (often half of an object's size, never shown), and values of kinds that hide them
/// replaced by [`HIDDEN`]. Watches send the smaller [`rows`] instead.
pub(crate) fn shown(kind: &KindInfo, obj: &DynamicObject) -> serde_json::Value {
    let mut value = serde_json::to_value(obj).unwrap_or(serde_json::Value::Null);
    if let Some(meta) = value.get_mut("metadata").and_then(|m| m.as_object_mut()) {
        meta.remove("managedFields");
    }
    if kind.hides_values {
        hide_secret_values(&mut value);
    }
    value
}

/// `namespace/name`, or `name` for cluster-scoped objects.
pub fn object_key(obj: &DynamicObject) -> String {
    match obj.namespace() {
        Some(ns) => format!("{ns}/{}", obj.name_any()),
        None => obj.name_any(),
    }
}

/// Run one request against `context` within `limit`; the error names the cluster, the step
/// and the timeout.
pub(crate) async fn within<T>(
    context: &ContextId,
    during: impl FnOnce() -> String,
    limit: Duration,
    request: impl Future<Output = Result<T, kube::Error>>,
) -> Result<T, Error> {
    match tokio::time::timeout(limit, request).await {
        Ok(result) => result.map_err(|e| Error::from_kube(&context.display_name(), &e)),
        Err(_) => Err(Error::Timeout {
            context: context.display_name(),
            during: during(),
            seconds: crate::error::secs(limit),
        }),
    }
}

impl KubeClientManager {
    pub(crate) fn connected_conn(
        &self,
        context: &ContextId,
    ) -> Result<std::sync::Arc<ClusterConnection>, Error> {
        self.connection(context).ok_or_else(|| Error::NotConnected {
            context: context.display_name(),
        })
    }

    /// Resolve a name the user typed to one kind of this cluster. Built-in kinds need no
    /// round trip; others come from the connection's discovery, which runs once more when
    /// the name is unknown (a CRD installed since).
    pub(crate) async fn resolve_kind(
        &self,
        conn: &ClusterConnection,
        name: &str,
        need: Need,
    ) -> Result<KindInfo, Error> {
        if let Some(k) = crate::kinds::builtin::resolve_builtin(name) {
            return Ok(k.clone());
        }
        let client = conn.client();
        let limit = self.options().read_timeout;
        let mut catalog = conn.kinds.load(&client, &conn.context, limit, None).await?;
        if let Some(k) = kinds::resolve(&catalog.kinds, name, need) {
            return Ok(k.clone());
        }
        let outdated = Some(catalog.generation());
        catalog = conn
            .kinds
            .load(&client, &conn.context, limit, outdated)
            .await?;
        if let Some(k) = kinds::resolve(&catalog.kinds, name, need) {
            return Ok(k.clone());
        }
        let message = match kinds::resolve(&catalog.kinds, name, Need::Any) {
            Some(k) => format!(
                "the kind {} cannot be {} (it allows only: {})",
                k.qualified_name(),
                if need == Need::View {
                    "listed and watched"
                } else {
                    "listed"
                },
                k.verbs.join(", ")
            ),
            None => format!(
                "the server has no resource kind \"{name}\"{}",
                catalog.failed_note()
            ),
        };
        Err(Error::NotFound {
            context: conn.context.display_name(),
            message,
        })
    }

    /// An API of `name`'s kind: in `namespace` for namespaced kinds, cluster-wide otherwise.
    pub(crate) async fn api(
        &self,
        context: &ContextId,
        name: &str,
        namespace: Option<&str>,
        need: Need,
    ) -> Result<(Api<DynamicObject>, KindInfo), Error> {
        crate::args::kind(context, name)?;
        crate::args::namespace(context, namespace)?;
        let conn = self.connected_conn(context)?;
        let kind = self.resolve_kind(&conn, name, need).await?;
        let client = conn.client();
        let resource = kind.api_resource();
        let api = match (kind.namespaced, namespace) {
            (true, Some(ns)) => Api::namespaced_with(client, ns, &resource),
            _ => Api::all_with(client, &resource),
        };
        Ok((api, kind))
    }

    /// What a name the user typed means on this cluster, for a view: a kind that can be
    /// listed and watched, found as kubectl would.
    pub async fn kind_for_view(&self, context: &ContextId, name: &str) -> Result<KindInfo, Error> {
        crate::args::kind(context, name)?;
        let conn = self.connected_conn(context)?;
        self.resolve_kind(&conn, name, Need::View).await
    }

    /// The kinds a connected cluster serves, with the groups whose discovery failed.
    pub async fn describe_kinds(&self, context: &ContextId) -> Result<ClusterKinds, Error> {
        let conn = self.connected_conn(context)?;
        let client = conn.client();
        let limit = self.options().read_timeout;
        let catalog = conn.kinds.load(&client, context, limit, None).await?;
        Ok(crate::kinds::catalog::describe(&client, context, &catalog, limit).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_cross_ipc_without_managed_fields_but_with_the_rest_of_their_metadata() {
        let pod: DynamicObject = serde_json::from_value(serde_json::json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": "web-0",
                "namespace": "default",
                "labels": {"app": "web"},
                "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsType": "FieldsV1"}],
            },
            "spec": {"containers": [{"name": "web", "image": "nginx"}]},
        }))
        .unwrap();
        let kind = kinds::builtin::resolve_builtin("pods").unwrap();
        let value = shown(kind, &pod);
        assert!(value["metadata"].get("managedFields").is_none(), "{value}");
        assert_eq!(value["metadata"]["labels"]["app"], "web");
        assert_eq!(value["spec"]["containers"][0]["image"], "nginx");
    }

    #[test]
    fn a_listed_object_parsed_with_the_shown_rule_equals_the_shown_object() {
        use serde::de::DeserializeSeed;
        let pod = serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "default", "annotations": {"a": "b"},
                "managedFields": [{"manager": "kubectl", "operation": "Apply"}]},
            "spec": {"containers": [{"name": "web", "image": "nginx", "env": [{"name": "A"}]}]},
        });
        let secret = serde_json::json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s", "namespace": "d", "annotations": {LAST_APPLIED: "{\"data\": 1}"}},
            "data": {"password": "aHVudGVyMg=="},
        });
        for (kind, value) in [("pods", pod), ("secrets", secret)] {
            let kind = kinds::builtin::resolve_builtin(kind).unwrap();
            let text = value.to_string();
            let mut de = serde_json::Deserializer::from_str(&text);
            let parsed = prune::Pruned(SHOWN).deserialize(&mut de).unwrap();
            let obj: DynamicObject = serde_json::from_value(value).unwrap();
            assert_eq!(rows::finish(kind, parsed), shown(kind, &obj));
        }
    }
}
