//! Compare one object, or one namespace, across clusters (issue #11): the object is read
//! from every context, cleaned of what each cluster writes on its own ([`normalize`]) and
//! rendered as YAML with sorted keys, plus the paths that differ ([`diff`]). A cluster that
//! fails or lacks the object is a result of its own, naming the cluster and the cause, never
//! a failure of the whole compare. The window reads each cluster's side on its own
//! ([`KubeClientManager::compare_side`], each an abandonable request) so it shows them as
//! they arrive and can cancel the rest, and asks [`differences`] of the sides it has;
//! [`KubeClientManager::compare_object`] does all of it in one call.
//!
//! Above `resources`: it reads through the pool's `get` and paged `list`, which clone the
//! client out of the pool before awaiting, so one slow cluster never holds another.

mod diff;
mod normalize;
mod summary;

use futures::future::join_all;
use serde::Serialize;
use serde_json::Value;
use specta::Type;

pub use diff::PathDifference;
pub use summary::{NamespaceSummary, SummarySide};

use crate::context_id::ContextId;
use crate::error::{AppError, Error};
use crate::pool::KubeClientManager;

/// The most clusters one compare reads.
pub const MAX_SIDES: usize = 16;

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

/// One cluster's side of an object compare, with the normalized object the differences
/// are computed from (`None` unless found).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ComparedSide {
    pub side: ComparedObject,
    pub object: Option<Value>,
}

/// The paths where the sides' normalized objects (`None` for a side without one: missing,
/// failed or still loading) do not all agree; `values` follow `objects`.
pub fn differences(objects: &[Option<Value>]) -> Vec<PathDifference> {
    let refs: Vec<Option<&Value>> = objects.iter().map(Option::as_ref).collect();
    diff::differences(&refs)
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

/// A 404 is "this cluster has no such object", anything else a failure.
fn state_of(error: &Error) -> SideState {
    match error {
        Error::NotFound { .. } => SideState::Missing,
        _ => SideState::Failed,
    }
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
pub(crate) fn check_contexts(contexts: &[ContextId], min: usize) -> Result<(), Error> {
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

/// A cluster's answer as its side: normalized and rendered, or why not.
fn side_of(
    context: &ContextId,
    answer: Result<Value, Error>,
    include_status: bool,
) -> ComparedSide {
    let found = answer
        .map(|object| normalize::normalize(object, include_status))
        .and_then(|object| Ok((yaml_of(context, &object)?, object)));
    match found {
        Ok((yaml, object)) => ComparedSide {
            side: ComparedObject {
                context: context.clone(),
                state: SideState::Found,
                yaml: Some(yaml),
                error: None,
            },
            object: Some(object),
        },
        Err(e) => ComparedSide {
            side: ComparedObject {
                context: context.clone(),
                state: state_of(&e),
                yaml: None,
                error: Some(e.into()),
            },
            object: None,
        },
    }
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

    /// One cluster's side of a compare of `kind`/`namespace`/`name`: found (normalized,
    /// as YAML), missing or failed, naming the cluster. Never an `Err`: a failure is the side's.
    pub async fn compare_side(
        &self,
        context: &ContextId,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        include_status: bool,
    ) -> ComparedSide {
        let answer = self.get(context, kind, namespace, name).await;
        side_of(context, answer, include_status)
    }

    /// Compare the object `kind`/`namespace`/`name` across `contexts` (2 to [`MAX_SIDES`]),
    /// read from all at once. Only the argument check fails the whole call; each cluster's
    /// failure is its side's.
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
        let (sides, objects): (Vec<_>, Vec<_>) = contexts
            .iter()
            .zip(answers)
            .map(|(context, answer)| {
                let s = side_of(context, answer, include_status);
                (s.side, s.object)
            })
            .unzip();
        Ok(ObjectComparison {
            kind: kind.to_owned(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            include_status,
            sides,
            differences: differences(&objects),
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
}
