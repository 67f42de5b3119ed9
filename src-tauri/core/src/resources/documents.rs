//! From a YAML document the user wrote to the API it belongs to: the exact group, version and
//! kind it names, its name and namespace. Shared by apply, create and the resourceVersion-
//! checked replace of the details panel's editor.

use kube::api::DynamicObject;
use kube::{Api, ResourceExt};

use crate::context_id::ContextId;
use crate::error::Error;
use crate::kinds::{self, KindInfo, Need};
use crate::pool::KubeClientManager;

/// Where one document goes.
pub(crate) struct Document {
    pub(crate) api: Api<DynamicObject>,
    pub(crate) kind: KindInfo,
    pub(crate) name: String,
    pub(crate) object: DynamicObject,
}

/// Parse every document of `yaml` (empty documents skipped), before any request is made;
/// a parse error names the cluster and where, never the values.
pub(crate) fn documents(context: &ContextId, yaml: &str) -> Result<Vec<serde_json::Value>, Error> {
    let documents = serde_saphyr::from_multiple::<serde_json::Value>(yaml).map_err(|e| {
        Error::InvalidInput(format!(
            "{}: the YAML is not valid: {}",
            context.display_name(),
            e.without_snippet()
        ))
    })?;
    Ok(documents.into_iter().filter(|d| !d.is_null()).collect())
}

/// Parse YAML that must hold exactly one object.
pub(crate) fn one_document(context: &ContextId, yaml: &str) -> Result<serde_json::Value, Error> {
    let name = context.display_name();
    let mut objects = documents(context, yaml)?.into_iter();
    match (objects.next(), objects.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err(Error::InvalidInput(format!(
            "{name}: the YAML holds no object"
        ))),
        (Some(_), Some(_)) => Err(Error::InvalidInput(format!(
            "{name}: the YAML holds more than one object; edit one at a time"
        ))),
    }
}

impl KubeClientManager {
    /// Resolve a document's `apiVersion` and `kind` exactly (a kind name alone can exist in
    /// two groups) and build the API for its namespace: the document's, else `namespace`,
    /// else the context's default.
    pub(crate) async fn document(
        &self,
        context: &ContextId,
        value: &serde_json::Value,
        namespace: Option<&str>,
    ) -> Result<Document, Error> {
        let name = context.display_name();
        let object: DynamicObject = serde_json::from_value(value.clone())
            .map_err(|e| Error::InvalidInput(format!("{name}: not a Kubernetes object: {e}")))?;
        let types = object.types.clone().ok_or_else(|| {
            Error::InvalidInput(format!("{name}: every object needs apiVersion and kind"))
        })?;
        let object_name = object.name_any();
        if object_name.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{name}: every object needs metadata.name"
            )));
        }
        let conn = self.connected_conn(context)?;
        let (group, version) = match types.api_version.split_once('/') {
            Some((g, v)) => (g.to_owned(), v.to_owned()),
            None => (String::new(), types.api_version.clone()),
        };
        let exact = if group.is_empty() {
            format!("{}.{version}", types.kind)
        } else {
            format!("{}.{version}.{group}", types.kind)
        };
        let kind = match kinds::builtin::resolve_builtin(&exact).filter(|k| k.kind == types.kind) {
            Some(k) => k.clone(),
            None => self
                .resolve_kind(&conn, &exact, Need::Any)
                .await
                .ok()
                .filter(|k| k.kind == types.kind && k.group == group && k.version == version)
                .ok_or_else(|| Error::NotFound {
                    context: name.clone(),
                    message: format!("the server has no {} in {}", types.kind, types.api_version),
                })?,
        };
        let ns = object
            .namespace()
            .or_else(|| namespace.map(str::to_owned))
            .or_else(|| conn.cluster.namespace.clone())
            .unwrap_or_else(|| "default".into());
        let resource = kind.api_resource();
        let api: Api<DynamicObject> = if kind.namespaced {
            Api::namespaced_with(conn.client(), &ns, &resource)
        } else {
            Api::all_with(conn.client(), &resource)
        };
        Ok(Document {
            api,
            kind,
            name: object_name,
            object,
        })
    }
}
