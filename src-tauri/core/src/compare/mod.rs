//! Compare one object, or one namespace, across clusters (issue #11): the object is read
//! from every context at once, cleaned of what each cluster writes on its own
//! ([`normalize`]) and rendered as YAML with sorted keys, plus the paths that differ
//! ([`diff`]). A cluster that fails or lacks the object is a result of its own, naming the
//! cluster and the cause, never a failure of the whole compare.
//!
//! Above `resources`: it reads through the pool's `get` and paged `list`, which clone the
//! client out of the pool before awaiting, so one slow cluster never holds another.

mod diff;
mod normalize;

use std::collections::BTreeMap;

use futures::future::join_all;
use serde::Serialize;
use serde_json::Value;
use specta::Type;

pub use diff::PathDifference;

use crate::context_id::ContextId;
use crate::error::{AppError, Error};
use crate::kinds::ResolvedKind;
use crate::pool::KubeClientManager;

/// The most clusters one compare reads.
pub const MAX_SIDES: usize = 16;
/// Objects per page of a namespace summary's lists.
const PAGE: u32 = 500;
/// Pages read per cluster before a summary gives up (100,000 objects).
const MAX_PAGES: usize = 200;

/// What a cluster answered for the compared object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum SideState {
    Found,
    /// The cluster answered 404: no such object (or no such kind) there.
    Missing,
    /// The read failed (unreachable, forbidden, timeout, not connected…).
    Failed,
}

/// One cluster's side of an object compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ComparedObject {
    pub context: ContextId,
    pub state: SideState,
    /// The normalized object as YAML (keys sorted), when found.
    pub yaml: Option<String>,
    /// Why it is missing or failed, naming the cluster.
    pub error: Option<AppError>,
}

/// One object compared across clusters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectComparison {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub include_status: bool,
    /// One per context, in the order asked; the first is the one the others are shown against.
    pub sides: Vec<ComparedObject>,
    /// Paths where the found objects do not all agree; `values` follow `sides`.
    pub differences: Vec<PathDifference>,
}

/// Whether a cluster has an object of that kind, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ObjectPresence {
    pub context: ContextId,
    pub state: SideState,
    pub error: Option<AppError>,
}

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

/// A 404 is "this cluster has no such object", anything else a failure.
fn state_of(error: &Error) -> SideState {
    match error {
        Error::NotFound { .. } => SideState::Missing,
        _ => SideState::Failed,
    }
}

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

fn yaml_of(context: &ContextId, object: &Value) -> Result<String, Error> {
    serde_saphyr::to_string(object).map_err(|e| {
        Error::InvalidInput(format!(
            "{}: cannot render YAML: {e}",
            context.display_name()
        ))
    })
}

/// Distinct contexts, at least `min`, at most [`MAX_SIDES`].
fn check_contexts(contexts: &[ContextId], min: usize) -> Result<(), Error> {
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = contexts.iter().find(|c| !seen.insert(*c)) {
        return Err(Error::InvalidInput(format!(
            "{}: named twice in one compare",
            twice.display_name()
        )));
    }
    if contexts.len() < min || contexts.len() > MAX_SIDES {
        return Err(Error::InvalidInput(format!(
            "a compare needs {min} to {MAX_SIDES} clusters, not {}",
            contexts.len()
        )));
    }
    Ok(())
}

impl KubeClientManager {
    /// Read one object from every context at once; each answer stands on its own.
    async fn get_everywhere(
        &self,
        contexts: &[ContextId],
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Vec<Result<Value, Error>> {
        join_all(
            contexts
                .iter()
                .map(|context| self.get(context, kind, namespace, name)),
        )
        .await
    }

    /// Compare the object `kind`/`namespace`/`name` across `contexts` (2 to [`MAX_SIDES`]).
    /// Only the argument check fails the whole call; each cluster's failure is its side's.
    pub async fn compare_object(
        &self,
        contexts: &[ContextId],
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        include_status: bool,
    ) -> Result<ObjectComparison, Error> {
        check_contexts(contexts, 2)?;
        let answers = self.get_everywhere(contexts, kind, namespace, name).await;
        let mut sides = Vec::with_capacity(contexts.len());
        let mut objects = Vec::with_capacity(contexts.len());
        for (context, answer) in contexts.iter().zip(answers) {
            let found = answer
                .map(|object| normalize::normalize(object, include_status))
                .and_then(|object| Ok((yaml_of(context, &object)?, object)));
            let (side, object) = match found {
                Ok((yaml, object)) => (
                    ComparedObject {
                        context: context.clone(),
                        state: SideState::Found,
                        yaml: Some(yaml),
                        error: None,
                    },
                    Some(object),
                ),
                Err(e) => (
                    ComparedObject {
                        context: context.clone(),
                        state: state_of(&e),
                        yaml: None,
                        error: Some(e.into()),
                    },
                    None,
                ),
            };
            sides.push(side);
            objects.push(object);
        }
        let refs: Vec<Option<&Value>> = objects.iter().map(Option::as_ref).collect();
        Ok(ObjectComparison {
            kind: kind.to_owned(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            include_status,
            sides,
            differences: diff::differences(&refs),
        })
    }

    /// Which of `contexts` have an object `kind`/`namespace`/`name` ("same name in other
    /// clusters"), read from all at once.
    pub async fn locate_object(
        &self,
        contexts: &[ContextId],
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<Vec<ObjectPresence>, Error> {
        check_contexts(contexts, 1)?;
        let answers = self.get_everywhere(contexts, kind, namespace, name).await;
        Ok(contexts
            .iter()
            .zip(answers)
            .map(|(context, answer)| match answer {
                Ok(_) => ObjectPresence {
                    context: context.clone(),
                    state: SideState::Found,
                    error: None,
                },
                Err(e) => ObjectPresence {
                    context: context.clone(),
                    state: state_of(&e),
                    error: Some(e.into()),
                },
            })
            .collect())
    }

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
