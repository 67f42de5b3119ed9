//! Seeding workloads: kube-system, the apps (deployments, one statefulset) and the objects
//! that come with them (services with endpoints and endpoint slices, config maps, secrets), with pods made by the
//! controllers.

use serde_json::json;

use super::{apps_for, create, image_for, md, Seeder};
use crate::cluster::lock;
use crate::controller::{self, Health};
use crate::endpoints;
use crate::resources::{self, ids::*};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::Store;
use crate::util::Rng;

impl Seeder<'_> {
    /// coredns, metrics-server and kube-proxy; returns the pod budget left for apps.
    pub(super) fn kube_system(&mut self, store: &mut Store, pods: usize) -> i64 {
        let (state, born) = (self.state, self.born);
        // kube-system.
        let mut budget = pods as i64;
        let small = pods < 20;
        let sys_replicas = if small { 1 } else { 2 };
        deployment(
            store,
            &mut self.rng,
            "kube-system",
            "coredns",
            "registry.k8s.io/coredns/coredns:v1.11.3",
            sys_replicas,
            born,
            Some(53),
            "k8s-app",
        );
        budget -= sys_replicas as i64;
        if !small {
            deployment(
                store,
                &mut self.rng,
                "kube-system",
                "metrics-server",
                "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
                1,
                born,
                Some(443),
                "k8s-app",
            );
            budget -= 1;
            budget -= daemonset(
                store,
                &mut self.rng,
                "kube-system",
                "kube-proxy",
                &format!("registry.k8s.io/kube-proxy:{}", state.version),
                born,
            ) as i64;
        }
        budget
    }

    /// Apps until the pod budget is spent; returns `(namespace, app)` in creation order.
    pub(super) fn apps(
        &mut self,
        apps_ns: &[String],
        mut budget: i64,
        pods: usize,
    ) -> Vec<(String, String)> {
        let (state, born, cluster_age) = (self.state, self.born, self.age);
        // Apps.
        let avg = (pods / 150).clamp(2, 20) as u64;
        let mut made_sts = false;
        let mut k = 0usize;
        let mut seq: Vec<(String, String)> = Vec::new();
        while budget > 0 {
            let ns = apps_ns[k % apps_ns.len()].clone();
            let apps = apps_for(&ns);
            let round = k / apps_ns.len();
            let base = apps[(k / apps_ns.len()) % apps.len()];
            let app = if round < apps.len() {
                base.to_string()
            } else {
                format!("{base}-{}", round / apps.len() + 1)
            };
            k += 1;
            let created = born + self.rng.range(7200, (cluster_age - 600) as u64) as i64;
            let mut store = lock(&state.store);
            if !made_sts && budget >= 3 && pods >= 40 {
                made_sts = true;
                let dbname = if state.index & 1 == 0 {
                    "postgres"
                } else {
                    "redis"
                };
                let sts_ns = apps_ns.last().cloned().unwrap_or_default();
                statefulset(&mut store, &mut self.rng, &sts_ns, dbname, 3, created);
                budget -= 3;
            }
            let replicas = (self.rng.range(1, 2 * avg - 1) as i64).min(budget).max(1) as u64;
            let img = image_for(&app, &mut self.rng);
            let port = *self.rng.pick(&[8080, 8080, 80, 3000, 9090]);
            deployment(
                &mut store,
                &mut self.rng,
                &ns,
                &app,
                &img,
                replicas,
                created,
                Some(port),
                "app",
            );
            budget -= replicas as i64;
            seq.push((ns, app));
        }

        seq
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "a seed table row: each argument is one field of the generated Deployment"
)]
fn deployment(
    store: &mut Store,
    rng: &mut Rng,
    ns: &str,
    app: &str,
    image: &str,
    replicas: u64,
    created: i64,
    port: Option<u16>,
    label_key: &str,
) {
    let labels = json!({label_key: app});
    let mut container = json!({"name": app.split('-').next().unwrap_or(app), "image": image, "imagePullPolicy": "IfNotPresent",
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}});
    if let Some(p) = port {
        container["ports"] = json!([{"containerPort": p, "name": "http", "protocol": "TCP"}]);
        container["readinessProbe"] =
            json!({"httpGet": {"path": "/healthz", "port": p}, "periodSeconds": 10});
    }
    let mut containers = vec![container];
    if rng.chance(15) {
        containers.push(json!({"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.23.2", "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}]}));
    }
    let mut m = md(app, Some(ns), created);
    m["labels"] = labels.clone();
    m["annotations"] = json!({"deployment.kubernetes.io/revision": "1"});
    let dep = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": m,
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels}, "revisionHistoryLimit": 10,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": containers, "serviceAccountName": "default"}}}});
    if store.create(DEPLOYMENTS, dep).is_err() {
        return;
    }
    controller::reconcile_deployment(store, rng, ns, app, true);
    if let Some(p) = port {
        service_for(store, rng, ns, app, label_key, p, created);
    }
    if rng.chance(70) {
        let mut cm = md(&format!("{app}-config"), Some(ns), created);
        cm["labels"] = json!({label_key: app});
        create(
            store,
            CONFIGMAPS,
            json!({"metadata": cm, "data": {"LOG_LEVEL": *rng.pick(&["info", "debug", "warn"]),
            "FEATURE_FLAGS": "new-ui,fast-checkout", "config.yaml": format!("server:\n  port: {}\n  workers: {}\n", port.unwrap_or(8080), rng.range(2, 16))}}),
        );
    }
    if rng.chance(50) {
        use base64::Engine;
        let enc = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let mut s = md(&format!("{app}-credentials"), Some(ns), created);
        s["labels"] = json!({label_key: app});
        create(
            store,
            SECRETS,
            json!({"metadata": s, "type": "Opaque", "data": {"username": enc(app), "password": enc(&rng.suffix(16))}}),
        );
    }
}

fn service_for(
    store: &mut Store,
    rng: &mut Rng,
    ns: &str,
    app: &str,
    label_key: &str,
    port: u16,
    created: i64,
) {
    let ip = format!("10.96.{}.{}", rng.range(1, 254), rng.range(1, 254));
    let lb = ns == "ingress-nginx";
    let mut m = md(app, Some(ns), created);
    m["labels"] = json!({label_key: app});
    let mut svc = json!({"metadata": m, "spec": {"type": if lb { "LoadBalancer" } else { "ClusterIP" }, "clusterIP": ip, "clusterIPs": [ip],
        "selector": {label_key: app}, "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": port}]}});
    if lb {
        svc["status"] = json!({"loadBalancer": {"ingress": [{"ip": format!("203.0.113.{}", rng.range(2, 250))}]}});
    }
    if let Some(svc) = create(store, SERVICES, svc) {
        endpoints::sync_service(store, &svc);
    }
}

fn daemonset(
    store: &mut Store,
    rng: &mut Rng,
    ns: &str,
    name: &str,
    image: &str,
    created: i64,
) -> usize {
    let labels = json!({"k8s-app": name});
    let mut m = md(name, Some(ns), created);
    m["labels"] = labels.clone();
    let template = json!({"metadata": {"labels": labels}, "spec": {"containers": [{"name": name, "image": image}], "nodeSelector": {"kubernetes.io/os": "linux"}}});
    let Some(ds) = create(
        store,
        DAEMONSETS,
        json!({"metadata": m, "spec": {"selector": {"matchLabels": labels}, "template": template}}),
    ) else {
        return 0;
    };
    let nodes = store.list(
        NODES,
        None,
        &LabelSelector::default(),
        &FieldSelector::default(),
    );
    for n in &nodes {
        let pname = format!("{name}-{}", rng.suffix(5));
        let pod = controller::build_pod(
            rng,
            ns,
            &pname,
            &template,
            Some(&ds),
            Some(&n.name),
            Health::Running,
            created + 60,
        );
        let _ = store.create(PODS, pod);
    }
    let k = nodes.len();
    let mut v = ds.clone();
    v["status"] = json!({"desiredNumberScheduled": k, "currentNumberScheduled": k, "numberReady": k, "updatedNumberScheduled": k, "numberAvailable": k, "numberMisscheduled": 0, "observedGeneration": 1});
    let _ = store.update(DAEMONSETS, v);
    k
}

fn statefulset(
    store: &mut Store,
    rng: &mut Rng,
    ns: &str,
    name: &str,
    replicas: u64,
    created: i64,
) {
    let labels = json!({"app": name});
    let mut m = md(name, Some(ns), created);
    m["labels"] = labels.clone();
    let image = if name == "postgres" {
        "postgres:16.4"
    } else {
        "redis:7.4"
    };
    let port = if name == "postgres" { 5432 } else { 6379 };
    create(
        store,
        STATEFULSETS,
        json!({"metadata": m, "spec": {"replicas": replicas, "serviceName": name, "selector": {"matchLabels": labels},
        "template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": name, "image": image, "ports": [{"containerPort": port, "name": "db"}]}]}},
        "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}]}}),
    );
    controller::reconcile_statefulset(store, rng, ns, name, true);
    let pvs = resources::find("", "v1", "persistentvolumes").unwrap_or(0);
    let pvcs = resources::find("", "v1", "persistentvolumeclaims").unwrap_or(0);
    for i in 0..replicas {
        let claim = format!("data-{name}-{i}");
        let pv = format!("pvc-{}", store.new_uid());
        create(
            store,
            pvs,
            json!({"metadata": md(&pv, None, created), "spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard", "claimRef": {"kind": "PersistentVolumeClaim", "namespace": ns, "name": claim}},
            "status": {"phase": "Bound"}}),
        );
        create(
            store,
            pvcs,
            json!({"metadata": md(&claim, Some(ns), created), "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}},
            "storageClassName": "standard", "volumeName": pv}, "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}}}),
        );
    }
    let mut sm = md(name, Some(ns), created);
    sm["labels"] = labels.clone();
    let svc = create(
        store,
        SERVICES,
        json!({"metadata": sm, "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "selector": labels,
        "ports": [{"name": "db", "port": port, "protocol": "TCP", "targetPort": port}]}}),
    );
    if let Some(svc) = svc {
        endpoints::sync_service(store, &svc);
    }
}
