//! Deterministic seeding of a realistic, internally consistent cluster, and the churn generator.
//! [`seed_cluster`] runs the steps in order: `infra` (nodes, namespaces, cluster-scoped and
//! per-namespace objects), `workloads` (kube-system and apps with their pods), `events`;
//! `churn` keeps changing things afterwards.

mod churn;
mod events;
mod infra;
mod workloads;

pub use churn::{churn, churn_one};
pub use events::event_json;

use serde_json::{json, Value};

use crate::cluster::{lock, ClusterState, Shared};
use crate::store::Store;
use crate::util::{now_secs, rfc3339, Rng};

/// The fixed names of the first three clusters; later ones are numbered.
pub const FIRST_NAMES: &[&str] = &["dev", "staging", "prod"];

/// Short name of cluster `i`: `dev`, `staging`, `prod`, then `4`, `5`, ...
pub fn short_name(i: usize) -> String {
    FIRST_NAMES
        .get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| (i + 1).to_string())
}

/// App namespaces of cluster `i` (distinct per cluster).
pub fn app_namespaces(i: usize, rng: &mut Rng) -> Vec<String> {
    let fixed: &[&[&str]] = &[
        &["web", "api", "sandbox"],
        &["shop", "payments", "monitoring", "web"],
        &[
            "shop",
            "payments",
            "search",
            "monitoring",
            "ingress-nginx",
            "data",
        ],
    ];
    if let Some(f) = fixed.get(i) {
        return f.iter().map(|s| s.to_string()).collect();
    }
    const POOL: &[&str] = &[
        "team-a",
        "team-b",
        "analytics",
        "ml",
        "backend",
        "frontend",
        "data",
        "batch",
        "logging",
        "billing",
        "edge",
        "search",
    ];
    let n = rng.range(2, 5) as usize;
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let x = rng.pick(POOL).to_string();
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

fn apps_for(ns: &str) -> &'static [&'static str] {
    match ns {
        "web" => &["frontend", "landing", "cdn-purger"],
        "api" => &["api-gateway", "users", "orders", "notifications"],
        "sandbox" => &["echo", "playground"],
        "shop" => &[
            "storefront",
            "cart",
            "checkout",
            "catalog",
            "recommendations",
        ],
        "payments" => &["payments-api", "ledger", "fraud-detector"],
        "monitoring" => &["prometheus", "grafana", "alertmanager"],
        "search" => &["search-api", "indexer", "query-cache"],
        "ingress-nginx" => &["ingress-nginx-controller"],
        "data" => &["etl-runner", "kafka-connect", "schema-registry"],
        _ => &[
            "api",
            "worker",
            "frontend",
            "gateway",
            "scheduler",
            "auth",
            "notifier",
        ],
    }
}

fn image_for(app: &str, rng: &mut Rng) -> String {
    let base = match app {
        "prometheus" => "quay.io/prometheus/prometheus",
        "grafana" => "grafana/grafana",
        "alertmanager" => "quay.io/prometheus/alertmanager",
        "ingress-nginx-controller" => "registry.k8s.io/ingress-nginx/controller",
        "frontend" | "storefront" | "landing" => "nginx",
        _ => {
            return format!(
                "registry.lab.kubeli.dev/{app}:v{}.{}.{}",
                rng.range(1, 3),
                rng.range(0, 20),
                rng.range(0, 9)
            )
        }
    };
    format!(
        "{base}:v{}.{}.{}",
        rng.range(1, 3),
        rng.range(0, 20),
        rng.range(0, 9)
    )
}

fn md(name: &str, ns: Option<&str>, created: i64) -> Value {
    let mut m = json!({"name": name, "creationTimestamp": rfc3339(created)});
    if let Some(ns) = ns {
        m["namespace"] = json!(ns);
    }
    m
}

fn create(store: &mut Store, res: usize, v: Value) -> Option<Value> {
    store.create(res, v).ok().map(|o| o.value())
}

/// One seeding run: the cluster, its randomness and its clock.
struct Seeder<'a> {
    state: &'a ClusterState,
    rng: Rng,
    now: i64,
    born: i64,
    age: i64,
}

/// Seeds one cluster. Pod count is about `pods` (exact once `pods` ≥ 20).
pub fn seed_cluster(state: &Shared, pods: usize) {
    let mut rng = Rng::new(
        state
            .seed
            .wrapping_mul(7919)
            .wrapping_add(state.index as u64),
    );
    let now = now_secs();
    let age = 86_400 * rng.range(20, 400) as i64;
    let mut s = Seeder {
        state,
        rng,
        now,
        born: now - age,
        age,
    };
    let mut store = lock(&state.store);
    s.nodes(&mut store, pods);
    let apps_ns = s.namespaces(&mut store);
    s.cluster_scoped(&mut store);
    let budget = s.kube_system(&mut store, pods);
    drop(store);
    let seq = s.apps(&apps_ns, budget, pods);
    let mut store = lock(&state.store);
    s.namespace_extras(&mut store, &apps_ns);
    s.app_extras(&mut store, &seq);
    s.events(&mut store);
    store.compact();
}
