//! The namespace summary of Compare: one kind in one namespace on two clusters, by object
//! name — only in A, only in B, different, equal (after noise removal) — read with the paged
//! list API from both clusters at once.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use specta::Type;

use super::{check_contexts, normalize};
use crate::context_id::ContextId;
use crate::error::{AppError, Error};
use crate::kinds::ResolvedKind;
use crate::pool::KubeClientManager;

/// `apiVersion` and `kind` filled from the resolved kind: list items come without them.
fn with_type(mut object: Value, kind: &ResolvedKind) -> Value {
    if let Some(map) = object.as_object_mut() {
        let api_version = if kind.group.is_empty() {
            kind.version.clone()
        } else {
            format!("{}/{}", kind.group, kind.version)
        };
        map.entry("apiVersion")
            .or_insert_with(|| Value::String(api_version));
        map.entry("kind")
            .or_insert_with(|| Value::String(kind.kind.clone()));
    }
    object
}

/// Objects per page of a namespace summary's lists.
const PAGE: u32 = 500;
/// Pages read per cluster before a summary gives up (100,000 objects).
const MAX_PAGES: usize = 200;

/// One cluster's side of a namespace summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SummarySide {
    pub context: ContextId,
    /// Objects listed; 0 when the list failed.
    pub count: u32,
    /// Why the list failed, naming the cluster; the name lists are then empty.
    pub error: Option<AppError>,
}

/// A kind in one namespace (all namespaces for cluster-scoped kinds) on two clusters, by
/// object name (`namespace/name` when `namespace` is `None` for a namespaced kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceSummary {
    pub kind: String,
    pub namespace: Option<String>,
    pub include_status: bool,
    pub a: SummarySide,
    pub b: SummarySide,
    pub only_in_a: Vec<String>,
    pub only_in_b: Vec<String>,
    /// In both, different after noise removal.
    pub different: Vec<String>,
    /// In both and equal after noise removal.
    pub equal: Vec<String>,
}

impl KubeClientManager {
    /// Every object of `kind` in `namespace` on `context`, page by page, normalized and
    /// keyed by name (`namespace/name` across namespaces).
    async fn list_normalized(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        include_status: bool,
    ) -> Result<BTreeMap<String, Value>, Error> {
        let mut objects = BTreeMap::new();
        let mut token = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .list(context, kind, namespace, Some(PAGE), token)
                .await?;
            for item in page.items {
                let meta = &item["metadata"];
                let name = meta["name"].as_str().unwrap_or_default();
                let key = match (namespace, meta["namespace"].as_str()) {
                    (None, Some(ns)) => format!("{ns}/{name}"),
                    _ => name.to_owned(),
                };
                let object = with_type(item, &page.resolved);
                objects.insert(key, normalize::normalize(object, include_status));
            }
            token = page.continue_token;
            if token.is_none() {
                return Ok(objects);
            }
        }
        Err(Error::InvalidInput(format!(
            "{}: {kind} has more than {} objects here; compare a narrower namespace",
            context.display_name(),
            MAX_PAGES * PAGE as usize
        )))
    }

    /// The objects of `kind` in `namespace` on clusters `a` and `b`: names only in A, only
    /// in B, in both but different, in both and equal (after noise removal). Read with the
    /// paged list API, both clusters at once; a failed side is reported in its
    /// [`SummarySide`] and leaves the name lists empty.
    pub async fn compare_namespace(
        &self,
        a: &ContextId,
        b: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        include_status: bool,
    ) -> Result<NamespaceSummary, Error> {
        check_contexts(&[a.clone(), b.clone()], 2)?;
        let (left, right) = tokio::join!(
            self.list_normalized(a, kind, namespace, include_status),
            self.list_normalized(b, kind, namespace, include_status),
        );
        let side = |context: &ContextId, r: &Result<BTreeMap<String, Value>, Error>| SummarySide {
            context: context.clone(),
            count: r
                .as_ref()
                .map_or(0, |m| u32::try_from(m.len()).unwrap_or(u32::MAX)),
            error: r.as_ref().err().map(|e| e.clone().into()),
        };
        let mut summary = NamespaceSummary {
            kind: kind.to_owned(),
            namespace: namespace.map(str::to_owned),
            include_status,
            a: side(a, &left),
            b: side(b, &right),
            only_in_a: Vec::new(),
            only_in_b: Vec::new(),
            different: Vec::new(),
            equal: Vec::new(),
        };
        if let (Ok(left), Ok(right)) = (left, right) {
            for (name, object) in &left {
                match right.get(name) {
                    None => summary.only_in_a.push(name.clone()),
                    Some(other) if other == object => summary.equal.push(name.clone()),
                    Some(_) => summary.different.push(name.clone()),
                }
            }
            summary.only_in_b = right
                .into_keys()
                .filter(|name| !left.contains_key(name))
                .collect();
        }
        Ok(summary)
    }
}
