//! The generic object store: serialized JSON per object keyed by resource/namespace/name, one monotonically increasing resourceVersion per cluster, and a bounded event history for watch resume.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::broadcast;

pub use crate::error::ApiError;
pub use crate::object::{Change, EventType, StoredObj};
use crate::resources::{def, RESOURCES};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::util::{now_secs, rfc3339};

type Key = (String, String);

/// History to replay plus the live feed, returned by [`Store::watch_from`].
pub type WatchStart = (Vec<Arc<Change>>, broadcast::Receiver<Arc<Change>>);

/// Per-cluster store.
pub struct Store {
    rv: u64,
    uid_counter: u64,
    uid_seed: u64,
    objects: Vec<BTreeMap<Key, Arc<StoredObj>>>,
    /// Resource ids this cluster serves (built-in ones plus CRD-registered ones), in discovery order.
    served: Vec<usize>,
    history: VecDeque<Arc<Change>>,
    history_cap: usize,
    /// Every change with rv > floor is in `history`.
    floor: u64,
    tx: broadcast::Sender<Arc<Change>>,
}

impl Store {
    /// An empty store.
    pub fn new(uid_seed: u64, history_cap: usize) -> Self {
        let (tx, _) = broadcast::channel(8192);
        Store {
            rv: 1000,
            uid_counter: 0,
            uid_seed,
            objects: RESOURCES.iter().map(|_| BTreeMap::new()).collect(),
            served: (0..RESOURCES.len()).collect(),
            history: VecDeque::new(),
            history_cap: history_cap.max(16),
            floor: 1000,
            tx,
        }
    }

    /// Resource ids this cluster serves, in discovery order.
    pub fn served(&self) -> &[usize] {
        &self.served
    }
    /// The served resource with this group, version and plural.
    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<usize> {
        self.served.iter().copied().find(|i| {
            let r = def(*i);
            r.group == group && r.version == version && r.plural == plural
        })
    }
    /// Resolves `pods`, `po`, `Pod`, `deployments.apps`, `widgets.lab.kubeli.dev` among the
    /// served kinds (the first match in discovery order wins, built-in kinds first).
    pub fn resolve(&self, resource: &str) -> Option<usize> {
        let (name, group) = match resource.split_once('.') {
            Some((n, g)) => (n, Some(g)),
            None => (resource, None),
        };
        self.served.iter().copied().find(|i| {
            let r = def(*i);
            group.is_none_or(|g| g == r.group)
                && (r.plural == name
                    || r.singular == name
                    || r.kind.eq_ignore_ascii_case(name)
                    || r.short_names.contains(&name))
        })
    }
    /// Starts serving resource `id` (a kind registered from a CRD).
    pub fn serve(&mut self, id: usize) {
        if !self.served.contains(&id) {
            self.served.push(id);
        }
        if self.objects.len() <= id {
            self.objects.resize_with(id + 1, BTreeMap::new);
        }
    }
    /// Stops serving resource `id`, deleting its objects (watchers see DELETED events).
    pub fn unserve(&mut self, id: usize) {
        let keys: Vec<Key> = self.objects[id].keys().cloned().collect();
        for (ns, name) in keys {
            let _ = self.delete(id, &ns, &name);
        }
        self.served.retain(|i| *i != id);
    }

    /// Current resourceVersion.
    pub fn rv(&self) -> u64 {
        self.rv
    }
    /// Oldest resourceVersion a watch can resume from.
    pub fn floor(&self) -> u64 {
        self.floor
    }
    /// Forgets the history: any watch from an older resourceVersion gets 410.
    pub fn compact(&mut self) {
        self.history.clear();
        self.floor = self.rv;
    }

    /// A fresh, seed-deterministic UID.
    pub fn new_uid(&mut self) -> String {
        self.uid_counter += 1;
        let a = self
            .uid_seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(self.uid_counter.wrapping_mul(0xBF58_476D_1CE4_E5B9));
        let b = a.rotate_left(29) ^ self.uid_counter;
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            (a >> 32) as u32,
            (a >> 16) as u16,
            (a & 0xfff) as u16,
            (b >> 52) as u16 & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }

    fn record(
        &mut self,
        res: usize,
        kind: EventType,
        obj: Arc<StoredObj>,
        old: Option<Arc<StoredObj>>,
    ) {
        let c = Arc::new(Change {
            rv: obj.rv,
            res,
            kind,
            obj,
            old,
        });
        self.history.push_back(c.clone());
        while self.history.len() > self.history_cap {
            if let Some(x) = self.history.pop_front() {
                self.floor = x.rv;
            }
        }
        let _ = self.tx.send(c);
    }

    /// Gets one object.
    pub fn get(&self, res: usize, ns: &str, name: &str) -> Option<Arc<StoredObj>> {
        self.objects[res]
            .get(&(ns.to_string(), name.to_string()))
            .cloned()
    }

    /// Objects of a resource (optionally in one namespace) that match the selectors, in key order.
    pub fn list(
        &self,
        res: usize,
        ns: Option<&str>,
        ls: &LabelSelector,
        fs: &FieldSelector,
    ) -> Vec<Arc<StoredObj>> {
        let map = &self.objects[res];
        let it: Box<dyn Iterator<Item = &Arc<StoredObj>>> = match ns {
            Some(n) => Box::new(
                map.range((n.to_string(), String::new())..)
                    .take_while(move |((k, _), _)| k == n)
                    .map(|(_, v)| v),
            ),
            None => Box::new(map.values()),
        };
        it.filter(|o| o.matches(ns, ls, fs)).cloned().collect()
    }

    /// Number of objects of a resource.
    pub fn count(&self, res: usize) -> usize {
        self.objects[res].len()
    }

    fn stamp(&mut self, res: usize, v: &mut Value) -> Result<(), ApiError> {
        let r = def(res);
        if !v.is_object() {
            return Err(ApiError::bad_request("the body must be a JSON object"));
        }
        v["apiVersion"] = json!(r.api_version());
        v["kind"] = json!(r.kind);
        if !v["metadata"].is_object() {
            v["metadata"] = json!({});
        }
        let name = v["metadata"]["name"].as_str().unwrap_or("").to_string();
        if name.is_empty() {
            return Err(ApiError::invalid(
                r,
                "",
                "metadata.name: Required value: name or generateName is required",
            ));
        }
        if !r.namespaced {
            if let Some(m) = v["metadata"].as_object_mut() {
                m.remove("namespace");
            }
        }
        Ok(())
    }

    /// Creates an object; fills uid, creationTimestamp, resourceVersion, generation.
    pub fn create(&mut self, res: usize, mut v: Value) -> Result<Arc<StoredObj>, ApiError> {
        self.stamp(res, &mut v)?;
        let r = def(res);
        let name = v["metadata"]["name"].as_str().unwrap_or("").to_string();
        let ns = v["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if r.namespaced && ns.is_empty() {
            return Err(ApiError::bad_request(
                "the namespace of the object must be set",
            ));
        }
        let key = (ns, name.clone());
        if self.objects[res].contains_key(&key) {
            return Err(ApiError::already_exists(r, &name));
        }
        self.rv += 1;
        let uid = self.new_uid();
        let md = &mut v["metadata"];
        md["uid"] = json!(uid);
        md["resourceVersion"] = json!(self.rv.to_string());
        if md["creationTimestamp"].as_str().is_none() {
            md["creationTimestamp"] = json!(rfc3339(now_secs()));
        }
        if v.get("spec").is_some() && !r.group.is_empty() {
            v["metadata"]["generation"] = json!(1);
        }
        let obj = Arc::new(StoredObj::from_value(&v, self.rv));
        self.objects[res].insert(key, obj.clone());
        self.record(res, EventType::Added, obj.clone(), None);
        Ok(obj)
    }

    /// Replaces an existing object (keeps uid/creationTimestamp; checks a resourceVersion precondition).
    pub fn update(&mut self, res: usize, mut v: Value) -> Result<Arc<StoredObj>, ApiError> {
        self.stamp(res, &mut v)?;
        let r = def(res);
        let name = v["metadata"]["name"].as_str().unwrap_or("").to_string();
        let ns = v["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let key = (ns, name.clone());
        let old = self.objects[res]
            .get(&key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(r, &name))?;
        if let Some(want) = v["metadata"]["resourceVersion"].as_str() {
            if !want.is_empty() && want != old.rv.to_string() {
                let mut e = ApiError::new(409, "Conflict", format!(
                    "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                    r.qualified()));
                e.details = json!({"name": name, "group": r.group, "kind": r.plural});
                return Err(e);
            }
        }
        let oldv = old.value();
        let md = &mut v["metadata"];
        md["uid"] = json!(old.uid);
        md["creationTimestamp"] = oldv["metadata"]["creationTimestamp"].clone();
        if let Some(g) = oldv["metadata"]["generation"].as_i64() {
            let changed = oldv.get("spec") != v.get("spec");
            v["metadata"]["generation"] = json!(if changed { g + 1 } else { g });
        }
        self.rv += 1;
        v["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        let obj = Arc::new(StoredObj::from_value(&v, self.rv));
        self.objects[res].insert(key, obj.clone());
        self.record(res, EventType::Modified, obj.clone(), Some(old));
        Ok(obj)
    }

    /// Deletes an object; the returned object carries the deletion's resourceVersion.
    pub fn delete(&mut self, res: usize, ns: &str, name: &str) -> Result<Arc<StoredObj>, ApiError> {
        let r = def(res);
        let old = self.objects[res]
            .remove(&(ns.to_string(), name.to_string()))
            .ok_or_else(|| ApiError::not_found(r, name))?;
        self.rv += 1;
        let mut v = old.value();
        v["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        let obj = Arc::new(StoredObj::from_value(&v, self.rv));
        self.record(res, EventType::Deleted, obj.clone(), Some(old));
        Ok(obj)
    }

    /// Objects (any resource) owned by `uid`.
    pub fn dependents(&self, uid: &str) -> Vec<(usize, String, String)> {
        let mut out = Vec::new();
        for (res, map) in self.objects.iter().enumerate() {
            for o in map.values() {
                if o.owners.iter().any(|u| u == uid) {
                    out.push((res, o.namespace.clone(), o.name.clone()));
                }
            }
        }
        out
    }

    /// Objects in a namespace (any namespaced resource).
    pub fn in_namespace(&self, ns: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (res, map) in self.objects.iter().enumerate() {
            for ((n, name), _) in map.iter() {
                if n == ns {
                    out.push((res, name.clone()));
                }
            }
        }
        out
    }

    /// Starts a watch: the history after `rv` plus a live receiver, or 410 if `rv` is too old.
    pub fn watch_from(&self, rv: u64) -> Result<WatchStart, ApiError> {
        if rv < self.floor {
            return Err(ApiError::expired(format!(
                "too old resource version: {rv} ({})",
                self.floor
            )));
        }
        let past = self.history.iter().filter(|c| c.rv > rv).cloned().collect();
        Ok((past, self.tx.subscribe()))
    }

    /// A live receiver from now.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.tx.subscribe()
    }

    /// Total stored bytes (for diagnostics).
    pub fn bytes(&self) -> usize {
        self.objects
            .iter()
            .flat_map(|m| m.values())
            .map(|o| o.json.len())
            .sum()
    }
}
