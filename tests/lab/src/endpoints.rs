//! The endpoints and endpointslice controllers: every Service with a selector gets an
//! `Endpoints` object and one `discovery.k8s.io/v1` `EndpointSlice` listing the pods its
//! selector picks (ready ones as ready), kept in step whenever pods or services change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::controller::owner_ref;
use crate::resources::ids::*;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::Store;

/// The alphabet Kubernetes uses for generated name suffixes.
const SUFFIX_CHARS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Just a Service's `spec.selector`.
#[derive(Deserialize, Default)]
struct SelectorOnly {
    #[serde(default)]
    spec: SelectorSpec,
}

#[derive(Deserialize, Default)]
struct SelectorSpec {
    #[serde(default)]
    selector: BTreeMap<String, String>,
}

/// The fields of a pod its endpoints name (parsed instead of the whole pod: far cheaper).
#[derive(Deserialize, Serialize)]
struct PodLite {
    metadata: NamedLite,
    #[serde(default)]
    spec: PodSpecLite,
    #[serde(default)]
    status: PodStatusLite,
}

#[derive(Deserialize, Serialize, Default)]
struct PodSpecLite {
    #[serde(default, rename = "nodeName")]
    node_name: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct NamedLite {
    name: String,
    #[serde(default)]
    uid: String,
}

#[derive(Deserialize, Serialize, Default)]
struct PodStatusLite {
    #[serde(default, rename = "podIP", skip_serializing_if = "Option::is_none")]
    pod_ip: Option<String>,
    #[serde(default)]
    conditions: Vec<ConditionLite>,
}

#[derive(Deserialize, Serialize)]
struct ConditionLite {
    #[serde(rename = "type")]
    kind: String,
    status: String,
}

/// Re-publishes what a write of `obj` (of resource `res`) may have changed: a Service's own
/// endpoints (removed with a deleted Service; its slice goes by garbage collection), or those
/// of every Service selecting a pod or a workload's pod template.
pub fn after_change(store: &mut Store, res: usize, obj: &Value, deleted: bool) {
    let ns = obj["metadata"]["namespace"].as_str().unwrap_or("");
    let labels = match res {
        SERVICES if deleted => {
            let name = obj["metadata"]["name"].as_str().unwrap_or("");
            let _ = store.delete(ENDPOINTS, ns, name);
            return;
        }
        SERVICES => return sync_service(store, obj),
        PODS => &obj["metadata"]["labels"],
        DEPLOYMENTS | REPLICASETS | STATEFULSETS => &obj["spec"]["template"]["metadata"]["labels"],
        _ => return,
    };
    let Some(labels) = labels.as_object() else {
        return;
    };
    let services = store.list(
        SERVICES,
        Some(ns),
        &LabelSelector::default(),
        &FieldSelector::default(),
    );
    for svc in services {
        // Only the selector is read here: parsing every Service of the namespace in full on
        // each pod write made the lab's CPU under churn several times higher.
        let selector = serde_json::from_slice::<SelectorOnly>(&svc.json)
            .map(|s| s.spec.selector)
            .unwrap_or_default();
        let selects = !selector.is_empty()
            && selector
                .iter()
                .all(|(k, v)| labels.get(k).and_then(Value::as_str) == Some(v));
        if selects {
            sync_service(store, &svc.value());
        }
    }
}

/// The `default/kubernetes` Service's Endpoints and EndpointSlice (both named `kubernetes`), as
/// the API server itself publishes them: the control-plane node's address on port 6443.
pub fn apiserver(store: &mut Store, created: &Value) {
    let nodes = store.list(
        NODES,
        None,
        &LabelSelector::parse("node-role.kubernetes.io/control-plane").unwrap_or_default(),
        &FieldSelector::default(),
    );
    let Some(ip) = nodes.first().and_then(|n| {
        let v = n.value();
        v["status"]["addresses"][0]["address"]
            .as_str()
            .map(str::to_owned)
    }) else {
        return;
    };
    let m = |labels: Value| json!({"name": "kubernetes", "namespace": "default", "creationTimestamp": created, "labels": labels});
    let ports = json!([{"name": "https", "port": 6443, "protocol": "TCP"}]);
    let subsets = json!([{"addresses": [{"ip": ip}], "ports": ports}]);
    let _ = store.create(
        ENDPOINTS,
        json!({"metadata": m(json!({"endpointslice.kubernetes.io/skip-mirror": "true"})), "subsets": subsets}),
    );
    let _ = store.create(
        ENDPOINTSLICES,
        json!({"metadata": m(json!({"kubernetes.io/service-name": "kubernetes"})), "addressType": "IPv4",
            "endpoints": [{"addresses": [ip], "conditions": {"ready": true}}], "ports": ports}),
    );
}

/// What the endpoints of a pod depend on: IP, node, readiness and labels.
pub fn pod_view(pod: &Value) -> Value {
    json!([
        pod["status"]["podIP"],
        pod["spec"]["nodeName"],
        is_ready(pod),
        pod["metadata"]["labels"]
    ])
}

/// Creates or updates the Endpoints and EndpointSlice of one Service (only when they change,
/// so watches see no empty updates). Services without a selector are left alone.
pub fn sync_service(store: &mut Store, svc: &Value) {
    let Some(selector) = svc["spec"]["selector"]
        .as_object()
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let ns = svc["metadata"]["namespace"].as_str().unwrap_or("");
    let name = svc["metadata"]["name"].as_str().unwrap_or("");
    let expr: Vec<String> = selector
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    let sel = LabelSelector::parse(&expr.join(",")).unwrap_or_default();
    let mut pods: Vec<Value> = store
        .list(PODS, Some(ns), &sel, &FieldSelector::default())
        .iter()
        .filter_map(|p| serde_json::from_slice::<PodLite>(&p.json).ok())
        .filter_map(|p| serde_json::to_value(p).ok())
        .filter(|p| p["status"]["podIP"].is_string())
        .collect();
    pods.sort_by(|a, b| {
        a["metadata"]["name"]
            .as_str()
            .cmp(&b["metadata"]["name"].as_str())
    });
    let ports: Vec<Value> = svc["spec"]["ports"].as_array().into_iter().flatten().map(|p| {
        let port = if p["targetPort"].is_u64() { &p["targetPort"] } else { &p["port"] };
        json!({"name": p["name"].as_str().unwrap_or(""), "port": port, "protocol": p["protocol"].as_str().unwrap_or("TCP")})
    }).collect();
    let created = svc["metadata"]["creationTimestamp"].clone();
    let labels = svc["metadata"]["labels"].clone();

    let target = |p: &Value| json!({"kind": "Pod", "name": p["metadata"]["name"], "namespace": ns, "uid": p["metadata"]["uid"]});
    let address = |p: &Value| json!({"ip": p["status"]["podIP"], "nodeName": p["spec"]["nodeName"], "targetRef": target(p)});
    let (ready, not_ready): (Vec<&Value>, Vec<&Value>) = pods.iter().partition(|p| is_ready(p));
    let subsets = if pods.is_empty() {
        json!([])
    } else {
        let mut s = json!({"ports": ports});
        if !ready.is_empty() {
            s["addresses"] = json!(ready.iter().map(|p| address(p)).collect::<Vec<_>>());
        }
        if !not_ready.is_empty() {
            s["notReadyAddresses"] =
                json!(not_ready.iter().map(|p| address(p)).collect::<Vec<_>>());
        }
        json!([s])
    };
    let mut m = json!({"name": name, "namespace": ns, "creationTimestamp": created});
    if labels.is_object() {
        m["labels"] = labels.clone();
    }
    upsert(
        store,
        ENDPOINTS,
        json!({"metadata": m, "subsets": subsets}),
        "subsets",
    );

    let endpoints: Vec<Value> = pods.iter().map(|p| {
        let r = is_ready(p);
        json!({"addresses": [p["status"]["podIP"]], "conditions": {"ready": r, "serving": r, "terminating": false},
            "nodeName": p["spec"]["nodeName"], "targetRef": target(p)})
    }).collect();
    let mut slice_labels = labels.as_object().cloned().unwrap_or_default();
    slice_labels.insert("kubernetes.io/service-name".into(), json!(name));
    slice_labels.insert(
        "endpointslice.kubernetes.io/managed-by".into(),
        json!("endpointslice-controller.k8s.io"),
    );
    let slice = json!({"metadata": {"name": slice_name(svc), "namespace": ns, "creationTimestamp": created,
            "labels": slice_labels, "generateName": format!("{name}-"), "ownerReferences": [owner_ref(svc)]},
        "addressType": "IPv4", "endpoints": endpoints, "ports": ports});
    upsert(store, ENDPOINTSLICES, slice, "endpoints");
}

/// `{service}-{5 chars}`, the suffix derived from the Service's uid (stable, no randomness used).
fn slice_name(svc: &Value) -> String {
    let uid = svc["metadata"]["uid"].as_str().unwrap_or("");
    let suffix: String = uid
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .take(5)
        .enumerate()
        .map(|(i, b)| SUFFIX_CHARS[(b as usize * 7 + i * 3) % SUFFIX_CHARS.len()] as char)
        .collect();
    format!(
        "{}-{suffix}",
        svc["metadata"]["name"].as_str().unwrap_or("")
    )
}

fn is_ready(pod: &Value) -> bool {
    pod["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

/// Stores `want` unless the stored object already has the same `field` (and `ports`).
fn upsert(store: &mut Store, res: usize, mut want: Value, field: &str) {
    let ns = want["metadata"]["namespace"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let name = want["metadata"]["name"].as_str().unwrap_or("").to_string();
    match store.get(res, &ns, &name) {
        None => {
            let _ = store.create(res, want);
        }
        Some(cur) => {
            let cur = cur.value();
            if cur[field] == want[field] && cur["ports"] == want["ports"] {
                return;
            }
            let mut v = cur.clone();
            v[field] = want[field].take();
            if want["ports"].is_array() {
                v["ports"] = want["ports"].take();
            }
            let _ = store.update(res, v);
        }
    }
}
