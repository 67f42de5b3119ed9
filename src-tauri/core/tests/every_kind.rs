//! Every kind the kind sidebar offers (`BUILTIN_GROUPS` in
//! `src/features/dashboard/utils/nav.ts`) lists and watches against a lab cluster over real
//! HTTPS: the list holds exactly the lab's objects (and is non-empty where the lab seeds
//! some), and a watch delivers a first delta with the same object names. A sidebar kind the
//! lab does not serve fails the test by name.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use kubeli_core::events::Event;
use kubeli_core::ContextId;
use kubeli_lab::{Lab, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

/// The sidebar's kinds, by the qualified name the UI watches them under, in sidebar order,
/// and whether the seeded lab has objects of that kind.
const SIDEBAR: &[(&str, bool)] = &[
    // Cluster
    ("nodes", true),
    ("namespaces", true),
    ("events", true),
    // Workloads
    ("pods", true),
    ("deployments.apps", true),
    ("replicasets.apps", true),
    ("statefulsets.apps", true),
    ("daemonsets.apps", true),
    ("jobs.batch", true),
    ("cronjobs.batch", true),
    // Network
    ("services", true),
    ("endpoints", true),
    ("endpointslices.discovery.k8s.io", true),
    ("ingresses.networking.k8s.io", true),
    ("networkpolicies.networking.k8s.io", true),
    // Config
    ("configmaps", true),
    ("secrets", true),
    ("horizontalpodautoscalers.autoscaling", true),
    ("poddisruptionbudgets.policy", true),
    ("resourcequotas", true),
    ("limitranges", true),
    // Storage
    ("persistentvolumeclaims", true),
    ("persistentvolumes", true),
    ("storageclasses.storage.k8s.io", true),
    // Access
    ("serviceaccounts", true),
    ("roles.rbac.authorization.k8s.io", true),
    ("rolebindings.rbac.authorization.k8s.io", true),
    ("clusterroles.rbac.authorization.k8s.io", true),
    ("clusterrolebindings.rbac.authorization.k8s.io", true),
];

/// `namespace/name` (or `name`) of each object, sorted.
fn names<'a>(items: impl IntoIterator<Item = &'a serde_json::Value>) -> Vec<String> {
    let mut out: Vec<String> = items
        .into_iter()
        .map(|o| {
            let m = &o["metadata"];
            let name = m["name"].as_str().unwrap_or_default();
            match m["namespace"].as_str() {
                Some(ns) => format!("{ns}/{name}"),
                None => name.to_owned(),
            }
        })
        .collect();
    out.sort();
    out
}

/// The qualified names of the `entry("plural", "group")` calls in the sidebar's source.
fn sidebar_in_nav_ts() -> Vec<String> {
    let path = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("../../src/features/dashboard/utils/nav.ts");
    let source = std::fs::read_to_string(path).expect("nav.ts readable");
    let start = source
        .find("BUILTIN_GROUPS")
        .expect("BUILTIN_GROUPS in nav.ts");
    source[start..]
        .split("entry(\"")
        .skip(1)
        .map(|call| {
            let args = &call[..call.find(')').expect("entry( closes")];
            let parts: Vec<&str> = args
                .split(',')
                .map(|a| a.trim().trim_matches('"'))
                .collect();
            match parts.as_slice() {
                [plural] => (*plural).to_owned(),
                [plural, group] => format!("{plural}.{group}"),
                _ => panic!("unexpected entry({args})"),
            }
        })
        .collect()
}

/// The object names of the first delta of the watch of `kind`, which must be a full list.
async fn first_delta(
    events: &mut UnboundedReceiver<Event>,
    context: &ContextId,
    kind: &str,
) -> Result<Vec<String>, String> {
    let first = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match events.recv().await {
                Some(Event::ResourceDelta(d)) if d.context == *context && d.kind == kind => {
                    return Some(d);
                }
                Some(_) => {}
                None => return None,
            }
        }
    })
    .await;
    match first {
        Ok(Some(d)) => d
            .reset
            .map(|reset| names(&reset))
            .ok_or_else(|| "the watch's first delta is not a full list".to_owned()),
        Ok(None) => Err("the event channel closed".to_owned()),
        Err(_) => Err("no delta from the watch within 10 s".to_owned()),
    }
}

#[test]
fn the_table_is_the_sidebar_of_nav_ts() {
    let table: Vec<&str> = SIDEBAR.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        sidebar_in_nav_ts(),
        table,
        "copy nav.ts's kinds into SIDEBAR"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sidebar_kind_lists_and_watches_against_the_lab() {
    // 60 pods: enough for the seeded StatefulSet and its volumes.
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 60,
        seed: 5,
        ..Default::default()
    })
    .await
    .expect("lab starts");
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.expect("lab-dev connects");
    let c = lab.cluster(0);

    let mut failures: Vec<String> = Vec::new();
    for &(kind, seeded) in SIDEBAR {
        let listed = match pool.list(&dev, kind, None, None, None).await {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{kind}: list failed: {e}"));
                continue;
            }
        };
        let qualified = if listed.resolved.group.is_empty() {
            listed.resolved.plural.clone()
        } else {
            format!("{}.{}", listed.resolved.plural, listed.resolved.group)
        };
        if qualified != kind {
            failures.push(format!("{kind}: resolved to {qualified}"));
            continue;
        }
        let listed = names(&listed.items);
        eprintln!("{kind}: {} objects", listed.len());
        let in_lab = names(&c.list(kind, None));
        if listed != in_lab {
            failures.push(format!(
                "{kind}: the list ({}) differs from the lab's objects ({})",
                listed.len(),
                in_lab.len()
            ));
        }
        if seeded && listed.is_empty() {
            failures.push(format!(
                "{kind}: the lab seeds objects but the list is empty"
            ));
        }

        let key = match pool.watch(&dev, kind, None).await {
            Ok(k) => k,
            Err(e) => {
                failures.push(format!("{kind}: watch failed: {e}"));
                continue;
            }
        };
        match first_delta(&mut events, &dev, &key.kind).await {
            Ok(reset) if reset == listed => {}
            Ok(reset) => failures.push(format!(
                "{kind}: the watch's first delta has {} objects, the list {}",
                reset.len(),
                listed.len()
            )),
            Err(e) => failures.push(format!("{kind}: {e}")),
        }
        assert!(pool.unwatch(&key), "{kind}: the watch was running");
    }
    assert!(
        failures.is_empty(),
        "sidebar kinds that do not list and watch against the lab:\n{}",
        failures.join("\n")
    );
}
