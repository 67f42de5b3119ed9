//! Editing one object from YAML without ever overwriting a change made meanwhile: the edit
//! carries the `resourceVersion` it started from and is sent as a replace (PUT), so a stale
//! one answers 409 Conflict; only an explicit `force` replaces on top of the live version.
//! A Secret edited from its hidden form keeps its live values for every hidden key: the
//! placeholder is never written back. Also creating one object from YAML.

use kube::api::{DynamicObject, PostParams};

use super::documents::one_document;
use super::{shown, within, HIDDEN, LAST_APPLIED};
use crate::context_id::ContextId;
use crate::error::Error;
use crate::pool::KubeClientManager;

impl KubeClientManager {
    /// Replace the object `yaml` describes with it. Without `force` the YAML must carry the
    /// `metadata.resourceVersion` it was read at, and a change made since answers
    /// [`Error::Conflict`]; with `force` it replaces whatever is live now.
    pub async fn replace_yaml(
        &self,
        context: &ContextId,
        yaml: &str,
        force: bool,
    ) -> Result<serde_json::Value, Error> {
        crate::args::yaml(context, yaml)?;
        self.ensure_writable(context, || "saving the edited YAML".to_owned())?;
        let value = one_document(context, yaml)?;
        let doc = self.document(context, &value, None).await?;
        let mut object = doc.object;
        let started_from = object.metadata.resource_version.clone().unwrap_or_default();
        if started_from.is_empty() && !force {
            return Err(Error::InvalidInput(format!(
                "{}: the YAML carries no metadata.resourceVersion, so a change made meanwhile \
                 could be overwritten; reload the object and edit again",
                context.display_name()
            )));
        }
        let hidden = doc.kind.hides_values && has_hidden(&object);
        if force || hidden {
            let during = || format!("reading {} {}", doc.kind.qualified_name(), doc.name);
            let read = doc.api.get(&doc.name);
            let live = within(context, during, self.options().read_timeout, read).await?;
            if force {
                object.metadata.resource_version = live.metadata.resource_version.clone();
            }
            if hidden {
                restore_hidden(context, &mut object, &live)?;
            }
        }
        let during = || format!("replacing {} {}", doc.kind.qualified_name(), doc.name);
        let params = PostParams::default();
        let request = doc.api.replace(&doc.name, &params, &object);
        let result = within(context, during, self.options().write_timeout, request).await?;
        Ok(shown(&doc.kind, &result))
    }

    /// Create the one object `yaml` describes (in `namespace` when it names none). An object
    /// of that name answers [`Error::Conflict`] (409 AlreadyExists).
    pub async fn create_yaml(
        &self,
        context: &ContextId,
        yaml: &str,
        namespace: Option<&str>,
    ) -> Result<serde_json::Value, Error> {
        crate::args::yaml(context, yaml)?;
        crate::args::namespace(context, namespace)?;
        self.ensure_writable(context, || "creating from YAML".to_owned())?;
        let value = one_document(context, yaml)?;
        let doc = self.document(context, &value, namespace).await?;
        let during = || format!("creating {} {}", doc.kind.qualified_name(), doc.name);
        let params = PostParams::default();
        let request = doc.api.create(&params, &doc.object);
        let result = within(context, during, self.options().write_timeout, request).await?;
        Ok(shown(&doc.kind, &result))
    }
}

fn has_hidden(object: &DynamicObject) -> bool {
    let in_values = ["data", "stringData"].iter().any(|field| {
        object.data[*field]
            .as_object()
            .is_some_and(|m| m.values().any(|v| v == HIDDEN))
    });
    let in_annotation = object
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(LAST_APPLIED))
        .is_some_and(|v| v == HIDDEN);
    in_values || in_annotation
}

/// Put the live value back for every key still showing [`HIDDEN`]. A hidden `stringData`
/// key takes the live `data` value (the server keeps only `data`). A hidden key the live
/// object no longer has is an error: there is no value to keep.
fn restore_hidden(
    context: &ContextId,
    object: &mut DynamicObject,
    live: &DynamicObject,
) -> Result<(), Error> {
    for field in ["data", "stringData"] {
        let hidden: Vec<String> = object.data[field]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(_, v)| *v == HIDDEN)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        for key in hidden {
            let Some(current) = live.data["data"].get(&key).cloned() else {
                return Err(Error::InvalidInput(format!(
                    "{}: the Secret no longer has the key \"{key}\", so its hidden value cannot \
                     be kept; reveal the values or remove the key",
                    context.display_name()
                )));
            };
            if let Some(map) = object.data.get_mut(field).and_then(|m| m.as_object_mut()) {
                map.remove(&key);
            }
            if !object.data["data"].is_object() {
                object.data["data"] = serde_json::json!({});
            }
            object.data["data"][&key] = current;
        }
    }
    if let Some(annotations) = object.metadata.annotations.as_mut() {
        if annotations.get(LAST_APPLIED).is_some_and(|v| v == HIDDEN) {
            let live_value = live
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(LAST_APPLIED));
            match live_value {
                Some(v) => annotations.insert(LAST_APPLIED.to_owned(), v.clone()),
                None => annotations.remove(LAST_APPLIED),
            };
        }
    }
    Ok(())
}
