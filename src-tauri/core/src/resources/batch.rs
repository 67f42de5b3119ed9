//! What a watch collects between two flushes of its batch window: changes to one list,
//! coalesced per object, sent as one [`ResourceDelta`] (a relist replaces everything).

use std::collections::BTreeMap;

use crate::events::ResourceDelta;
use crate::events::WatchState;
use crate::events::WatcherKey;

/// What the watch loop reports to the batching loop.
pub(crate) enum Report {
    Reset(Vec<serde_json::Value>),
    Upsert(String, serde_json::Value),
    Delete(String),
    State(WatchState),
}

/// Changes collected between two flushes.
#[derive(Default)]
#[cfg_attr(test, derive(Clone))]
pub(crate) struct Batch {
    /// A finished (re)list not yet sent; it replaces everything the UI holds.
    reset: Option<Vec<serde_json::Value>>,
    upserts: BTreeMap<String, serde_json::Value>,
    deletes: BTreeMap<String, ()>,
}

impl Batch {
    pub(crate) fn add(&mut self, report: Report) {
        match report {
            Report::Reset(items) => {
                self.reset = Some(items);
                self.upserts.clear();
                self.deletes.clear();
            }
            Report::Upsert(key, value) => {
                self.deletes.remove(&key);
                self.upserts.insert(key, value);
            }
            Report::Delete(key) => {
                self.upserts.remove(&key);
                self.deletes.insert(key, ());
            }
            Report::State(_) => {}
        }
    }

    pub(crate) fn take(&mut self, key: &WatcherKey) -> Option<ResourceDelta> {
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

#[cfg(test)]
#[path = "batch_fuzz.rs"]
mod batch_fuzz;
