//! Kinds computed from stored objects instead of stored themselves: `events.k8s.io/v1` events
//! (the core events in their newer shape) and `metrics.k8s.io/v1beta1` PodMetrics and
//! NodeMetrics (usage derived deterministically from the running pods and their nodes).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::resources::{def, ids::*, View};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::{Store, StoredObj};
use crate::util::{now_secs, rfc3339};

/// The store resource whose changes a view follows (itself for stored kinds).
pub fn source(res: usize) -> usize {
    match def(res).view {
        View::Stored => res,
        View::EventsV1 => EVENTS,
        View::PodMetrics => PODS,
        View::NodeMetrics => NODES,
        View::Projects => NAMESPACES,
    }
}

/// A namespace as OpenShift's Project: the same name, labels and annotations (the display
/// name is an annotation), its phase.
pub fn project(ns: &Value) -> Value {
    json!({"apiVersion": "project.openshift.io/v1", "kind": "Project",
        "metadata": ns["metadata"], "spec": {"finalizers": ns["spec"]["finalizers"].as_array().cloned().unwrap_or_else(|| vec![json!("kubernetes")])},
        "status": {"phase": ns["status"]["phase"].as_str().unwrap_or("Active")}})
}

/// A view object made from its source object alone (`None` for kinds that need more of the
/// store, and for stored kinds): what a watch of the view sends for a change of its source.
pub fn converted(res: usize, src: &StoredObj) -> Option<Arc<StoredObj>> {
    match def(res).view {
        View::EventsV1 => Some(event_obj(src)),
        View::Projects => Some(Arc::new(StoredObj::from_value(
            &project(&src.value()),
            src.rv,
        ))),
        View::Stored | View::PodMetrics | View::NodeMetrics => None,
    }
}

/// A core v1 Event in `events.k8s.io/v1` shape.
pub fn event_v1(core: &Value) -> Value {
    let mut v = json!({"apiVersion": "events.k8s.io/v1", "kind": "Event",
        "metadata": core["metadata"], "regarding": core["involvedObject"], "note": core["message"],
        "reason": core["reason"], "type": core["type"],
        "reportingController": core["reportingComponent"].as_str().or(core["source"]["component"].as_str()).unwrap_or(""),
        "reportingInstance": core["reportingInstance"].as_str().or(core["source"]["host"].as_str()).unwrap_or(""),
        "eventTime": core.get("eventTime").cloned().unwrap_or(Value::Null)});
    let copy = [
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
        ("source", "deprecatedSource"),
        ("action", "action"),
        ("related", "related"),
        ("series", "series"),
    ];
    for (from, to) in copy {
        if let Some(x) = core.get(from).filter(|x| !x.is_null()) {
            v[to] = x.clone();
        }
    }
    v
}

/// A stored core event as its `events.k8s.io/v1` object (same name and resourceVersion).
pub fn event_obj(core: &StoredObj) -> Arc<StoredObj> {
    Arc::new(StoredObj::from_value(&event_v1(&core.value()), core.rv))
}

/// A stable number in `lo..hi` from a name (usage must not jump between two reads).
fn spread(name: &str, salt: u64, lo: u64, hi: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    lo + h % (hi - lo).max(1)
}

/// Parses a CPU quantity (`100m`, `2`) to millicores.
fn millicores(q: &str) -> Option<u64> {
    match q.strip_suffix('m') {
        Some(m) => m.parse().ok(),
        None => q.parse::<f64>().ok().map(|c| (c * 1000.0) as u64),
    }
}

/// Parses a memory quantity (`128Mi`, `2Gi`, `1000Ki`) to KiB.
fn kib(q: &str) -> Option<u64> {
    for (suffix, mult) in [("Ki", 1), ("Mi", 1024), ("Gi", 1024 * 1024)] {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().ok().map(|n| n * mult);
        }
    }
    q.parse::<u64>().ok().map(|b| b / 1024)
}

/// `(container, millicores, KiB)` for every container of a running pod; empty otherwise.
pub fn pod_usage(pod: &Value) -> Vec<(String, u64, u64)> {
    if pod["status"]["phase"] != json!("Running") {
        return vec![];
    }
    let pod_name = pod["metadata"]["name"].as_str().unwrap_or("");
    let containers = pod["spec"]["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    containers
        .iter()
        .map(|c| {
            let name = c["name"].as_str().unwrap_or("main").to_string();
            let key = format!("{pod_name}/{name}");
            let req = &c["resources"]["requests"];
            let cpu = match req["cpu"].as_str().and_then(millicores) {
                Some(r) => r * spread(&key, 1, 5, 95) / 100,
                None => spread(&key, 2, 1, 150),
            }
            .max(1);
            let mem = match req["memory"].as_str().and_then(kib) {
                Some(r) => r * spread(&key, 3, 30, 95) / 100,
                None => spread(&key, 4, 8, 300) * 1024,
            };
            (name, cpu, mem)
        })
        .collect()
}

fn metrics_metadata(obj: &Value, now: i64) -> Value {
    let md = &obj["metadata"];
    let mut m = json!({"name": md["name"], "creationTimestamp": rfc3339(now)});
    if !md["namespace"].is_null() {
        m["namespace"] = md["namespace"].clone();
    }
    if md["labels"].is_object() {
        m["labels"] = md["labels"].clone();
    }
    m
}

/// The PodMetrics of a running pod.
pub fn pod_metrics(pod: &Value, now: i64) -> Option<Value> {
    let usage = pod_usage(pod);
    if usage.is_empty() {
        return None;
    }
    let containers: Vec<Value> = usage
        .iter()
        .map(|(n, cpu, mem)| json!({"name": n, "usage": {"cpu": format!("{}n", cpu * 1_000_000), "memory": format!("{mem}Ki")}}))
        .collect();
    Some(
        json!({"kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": metrics_metadata(pod, now), "timestamp": rfc3339(now - 5),
        "window": "15.011s", "containers": containers}),
    )
}

/// `(millicores, KiB)` used by the pods of each node, in one pass over the pods.
fn usage_by_node(store: &Store) -> HashMap<String, (u64, u64)> {
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    let all = (LabelSelector::default(), FieldSelector::default());
    for p in store.list(PODS, None, &all.0, &all.1) {
        let Some(node) = p.fields.iter().find(|(k, _)| *k == "spec.nodeName") else {
            continue;
        };
        let usage = pod_usage(&p.value());
        let e = out.entry(node.1.clone()).or_default();
        for (_, c, m) in usage {
            e.0 += c;
            e.1 += m;
        }
    }
    out
}

/// The NodeMetrics of a node: its pods' usage plus system overhead.
pub fn node_metrics(node: &Value, pods_usage: &HashMap<String, (u64, u64)>, now: i64) -> Value {
    let name = node["metadata"]["name"].as_str().unwrap_or("");
    let (mut cpu, mut mem) = (spread(name, 5, 80, 250), spread(name, 6, 400, 900) * 1024);
    if let Some((c, m)) = pods_usage.get(name) {
        cpu += c;
        mem += m;
    }
    json!({"kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": metrics_metadata(node, now), "timestamp": rfc3339(now - 5), "window": "20.029s",
        "usage": {"cpu": format!("{}n", cpu * 1_000_000), "memory": format!("{mem}Ki")}})
}

/// The view object for one stored source object (`None` when the view has no such object,
/// e.g. metrics of a pod that is not running).
pub fn present(store: &Store, res: usize, src: &StoredObj, now: i64) -> Option<Arc<StoredObj>> {
    let v = match def(res).view {
        View::Stored => return None,
        View::EventsV1 | View::Projects => return converted(res, src),
        View::PodMetrics => pod_metrics(&src.value(), now)?,
        View::NodeMetrics => node_metrics(&src.value(), &usage_by_node(store), now),
    };
    Some(Arc::new(StoredObj::from_value(&v, src.rv)))
}

/// Lists a view's objects matching the selectors, in key order.
pub fn list(
    store: &Store,
    res: usize,
    ns: Option<&str>,
    ls: &LabelSelector,
    fs: &FieldSelector,
) -> Vec<Arc<StoredObj>> {
    let now = now_secs();
    let all = (LabelSelector::default(), FieldSelector::default());
    let sources = store.list(source(res), ns, &all.0, &all.1);
    if def(res).view == View::NodeMetrics {
        let usage = usage_by_node(store);
        return sources
            .iter()
            .map(|n| {
                Arc::new(StoredObj::from_value(
                    &node_metrics(&n.value(), &usage, now),
                    n.rv,
                ))
            })
            .filter(|o| o.matches(ns, ls, fs))
            .collect();
    }
    sources
        .iter()
        .filter_map(|o| present(store, res, o, now))
        .filter(|o| o.matches(ns, ls, fs))
        .collect()
}

/// Gets one view object.
pub fn get(store: &Store, res: usize, ns: &str, name: &str) -> Option<Arc<StoredObj>> {
    let src = store.get(source(res), ns, name)?;
    present(store, res, &src, now_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse() {
        assert_eq!(millicores("100m"), Some(100));
        assert_eq!(millicores("2"), Some(2000));
        assert_eq!(kib("128Mi"), Some(128 * 1024));
        assert_eq!(kib("1Gi"), Some(1024 * 1024));
    }

    #[test]
    fn usage_stays_below_requests_and_is_stable() {
        let pod = json!({"metadata": {"name": "web-1"}, "status": {"phase": "Running"},
            "spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}});
        let u = pod_usage(&pod);
        assert_eq!(u.len(), 1);
        assert!(u[0].1 >= 1 && u[0].1 < 100, "{u:?}");
        assert!(u[0].2 < 128 * 1024, "{u:?}");
        assert_eq!(u, pod_usage(&pod));
        let pending = json!({"metadata": {"name": "x"}, "status": {"phase": "Pending"}, "spec": {"containers": [{"name": "a"}]}});
        assert!(pod_usage(&pending).is_empty());
    }
}
