//! Fuzzing the watch-delta batching ([`super::Batch`]): any interleaving of watch events,
//! re-lists (with events missed while the watch was down), state reports and flushes
//! converges to the server's state, applied as the window applies deltas.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::{Batch, Report};
use crate::pool::WatcherKey;
use crate::resources::watch::WatchState;
use crate::resources::ResolvedKind;
use crate::ContextId;

#[path = "../../tests/common/fuzz.rs"]
mod runner;

#[derive(Debug, Clone)]
enum Op {
    /// The server creates or changes an object; `seen` is false while the watch is down.
    Put { key: u8, value: u16, seen: bool },
    /// The server deletes an object (if it has it).
    Delete { key: u8, seen: bool },
    /// The watch lists again (start, resume after 410): the server's whole state.
    Relist,
    /// A state report (live, reconnecting): changes before it are flushed first.
    State,
    /// The batch window ends: the delta goes to the window.
    Flush,
}

fn op() -> impl Strategy<Value = Op> {
    // Few keys, so the same object is changed, deleted and re-created within one batch.
    prop_oneof![
        4 => (0u8..12, any::<u16>(), prop::bool::weighted(0.9)).prop_map(|(key, value, seen)| Op::Put { key, value, seen }),
        3 => (0u8..12, prop::bool::weighted(0.9)).prop_map(|(key, seen)| Op::Delete { key, seen }),
        1 => Just(Op::Relist),
        1 => Just(Op::State),
        3 => Just(Op::Flush),
    ]
}

fn object(key: &str, value: u16) -> serde_json::Value {
    let (ns, name) = key.split_once('/').expect("keys are namespace/name");
    serde_json::json!({ "metadata": { "namespace": ns, "name": name }, "value": value })
}

fn key_of(object: &serde_json::Value) -> String {
    let meta = &object["metadata"];
    format!(
        "{}/{}",
        meta["namespace"].as_str().unwrap(),
        meta["name"].as_str().unwrap()
    )
}

fn watcher() -> WatcherKey {
    WatcherKey {
        context: ContextId::new(std::path::Path::new("/fuzz/config"), "fuzz", 1),
        kind: "pods".into(),
        namespace: None,
        resolved: ResolvedKind {
            group: String::new(),
            version: "v1".into(),
            kind: "Pod".into(),
            plural: "pods".into(),
            namespaced: true,
        },
    }
}

/// Applies a delta as `resource-store.ts` does: a reset replaces, then upserts, then deletes.
fn apply(window: &mut BTreeMap<String, serde_json::Value>, batch: &mut Batch, key: &WatcherKey) {
    if let Some(delta) = batch.take(key) {
        if let Some(items) = delta.reset {
            *window = items.into_iter().map(|o| (key_of(&o), o)).collect();
        }
        for o in delta.upserts {
            window.insert(key_of(&o), o);
        }
        for k in delta.deletes {
            window.remove(&k);
        }
    }
}

fn converges(initial: Vec<(u8, u16)>, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let key = watcher();
    let name = |k: u8| format!("ns-{}/pod-{k}", k % 3);
    let mut server: BTreeMap<String, serde_json::Value> = initial
        .into_iter()
        .map(|(k, v)| (name(k), object(&name(k), v)))
        .collect();
    let mut window = BTreeMap::new();
    let mut batch = Batch::default();
    // A watch starts with a list.
    batch.add(Report::Reset(server.values().cloned().collect()));
    let mut missed = false;
    for op in ops {
        match op {
            Op::Put {
                key: k,
                value,
                seen,
            } => {
                let o = object(&name(k), value);
                server.insert(name(k), o.clone());
                if seen {
                    batch.add(Report::Upsert(name(k), o));
                }
                missed |= !seen;
            }
            Op::Delete { key: k, seen } => {
                if server.remove(&name(k)).is_some() {
                    if seen {
                        batch.add(Report::Delete(name(k)));
                    }
                    missed |= !seen;
                }
            }
            Op::Relist => {
                batch.add(Report::Reset(server.values().cloned().collect()));
                missed = false;
            }
            Op::State => {
                apply(&mut window, &mut batch, &key);
                batch.add(Report::State(WatchState::Live));
            }
            Op::Flush => apply(&mut window, &mut batch, &key),
        }
        if !missed {
            // Whatever is still in the batch is exactly what the window lacks.
            let mut preview = window.clone();
            let mut pending = batch.clone();
            apply(&mut preview, &mut pending, &key);
            prop_assert_eq!(&preview, &server);
        }
    }
    // A watch that missed events relists when it resumes; then one flush settles it.
    if missed {
        batch.add(Report::Reset(server.values().cloned().collect()));
    }
    apply(&mut window, &mut batch, &key);
    prop_assert_eq!(&window, &server);
    prop_assert!(batch.take(&key).is_none(), "a flushed batch is empty");
    Ok(())
}

#[test]
fn any_interleaving_of_events_and_relists_converges_to_the_server() {
    let initial = prop::collection::vec((0u8..12, any::<u16>()), 0..8);
    let ops = prop::collection::vec(op(), 0..60);
    runner::fuzz("watch batching", (initial, ops), |(initial, ops)| {
        converges(initial, ops)
    });
}

/// Regression seeds: hand-picked interleavings that once mattered (delete then re-create in
/// one batch; a relist between an upsert and its flush).
#[test]
fn regression_seeds_converge() {
    let put = |key, value| Op::Put {
        key,
        value,
        seen: true,
    };
    let cases = vec![
        (
            vec![(1, 1)],
            vec![Op::Delete { key: 1, seen: true }, put(1, 2), Op::Flush],
        ),
        (
            vec![],
            vec![put(2, 1), Op::Relist, put(2, 3), Op::State, Op::Flush],
        ),
        (
            vec![(4, 1)],
            vec![
                Op::Delete {
                    key: 4,
                    seen: false,
                },
                put(5, 1),
                Op::Flush,
            ],
        ),
    ];
    for (initial, ops) in cases {
        converges(initial, ops).unwrap();
    }
}
