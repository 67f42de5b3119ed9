//! Deterministic seeding of a realistic, internally consistent cluster, and the churn generator.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::cluster::{lock, Shared};
use crate::controller::{self, Health};
use crate::resources::{self, ids::*};
use crate::selectors::{FieldSelector, LabelSelector};
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

/// Seeds one cluster. Pod count is about `pods` (exact once `pods` ≥ 20).
pub fn seed_cluster(state: &Shared, pods: usize) {
    let mut rng = Rng::new(
        state
            .seed
            .wrapping_mul(7919)
            .wrapping_add(state.index as u64),
    );
    let mut store = lock(&state.store);
    let now = now_secs();
    let cluster_age = 86_400 * rng.range(20, 400) as i64;
    let born = now - cluster_age;
    let name = state.name.clone();

    // Nodes.
    let n_nodes = match state.index {
        0 => 3,
        1 => 5,
        2 => 8,
        _ => rng.range(3, 10) as usize,
    }
    .max(pods / 110 + 1);
    for i in 0..n_nodes {
        let nname = if i == 0 {
            format!("{name}-control-plane")
        } else if i == 1 {
            format!("{name}-worker")
        } else {
            format!("{name}-worker{i}")
        };
        let mut labels = json!({"kubernetes.io/hostname": nname, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
            "topology.kubernetes.io/zone": format!("lab-zone-{}", (b'a' + (i % 3) as u8) as char)});
        if i == 0 {
            labels["node-role.kubernetes.io/control-plane"] = json!("");
        }
        let ip = format!(
            "172.18.0.{}",
            10 + (nname.bytes().map(|b| b as u64).sum::<u64>() % 200)
        );
        let t = rfc3339(born);
        let cond = |ty: &str, st: &str, reason: &str| json!({"type": ty, "status": st, "reason": reason, "message": reason, "lastHeartbeatTime": rfc3339(now), "lastTransitionTime": t});
        let mut m = md(&nname, None, born);
        m["labels"] = labels;
        let cpu = *rng.pick(&[4, 8, 16]);
        let mem = cpu * 4;
        let (sys_uuid, boot_id) = (store.new_uid(), store.new_uid());
        create(
            &mut store,
            NODES,
            json!({"metadata": m,
            "spec": {"podCIDR": format!("10.244.{i}.0/24"), "providerID": format!("lab://{nname}")},
            "status": {"conditions": [cond("MemoryPressure","False","KubeletHasSufficientMemory"), cond("DiskPressure","False","KubeletHasNoDiskPressure"),
                cond("PIDPressure","False","KubeletHasSufficientPID"), cond("Ready","True","KubeletReady")],
                "addresses": [{"type":"InternalIP","address": ip},{"type":"Hostname","address": nname}],
                "capacity": {"cpu": cpu.to_string(), "memory": format!("{mem}Gi"), "pods": "110", "ephemeral-storage": "100Gi"},
                "allocatable": {"cpu": cpu.to_string(), "memory": format!("{}Gi", mem - 1), "pods": "110", "ephemeral-storage": "95Gi"},
                "nodeInfo": {"kubeletVersion": state.version, "kubeProxyVersion": state.version, "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion": "6.1.0-28-amd64", "containerRuntimeVersion": "containerd://1.7.24", "architecture": "amd64", "operatingSystem": "linux",
                    "machineID": format!("{:032x}", rng.next_u64() as u128 * 31), "systemUUID": sys_uuid, "bootID": boot_id}}}),
        );
    }

    // Namespaces.
    let apps_ns = app_namespaces(state.index, &mut rng);
    let mut all_ns: Vec<String> = ["default", "kube-system", "kube-public", "kube-node-lease"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    all_ns.extend(apps_ns.iter().cloned());
    for (i, ns) in all_ns.iter().enumerate() {
        let created = if i < 4 {
            born
        } else {
            born + rng.range(3600, (cluster_age / 2) as u64) as i64
        };
        let mut m = md(ns, None, created);
        m["labels"] = json!({"kubernetes.io/metadata.name": ns});
        create(
            &mut store,
            NAMESPACES,
            json!({"metadata": m, "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
        );
        create(
            &mut store,
            SERVICEACCOUNTS,
            json!({"metadata": md("default", Some(ns), created)}),
        );
        let mut cm = md("kube-root-ca.crt", Some(ns), created);
        cm["annotations"] = json!({"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."});
        create(
            &mut store,
            CONFIGMAPS,
            json!({"metadata": cm, "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nkubeli-lab\n-----END CERTIFICATE-----\n"}}),
        );
    }
    let mut svc = md("kubernetes", Some("default"), born);
    svc["labels"] = json!({"component": "apiserver", "provider": "kubernetes"});
    create(
        &mut store,
        SERVICES,
        json!({"metadata": svc, "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
        "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}}),
    );

    // Cluster-scoped RBAC, storage, CRD.
    for cr in [
        "cluster-admin",
        "admin",
        "edit",
        "view",
        "system:node",
        "system:kube-dns",
    ] {
        create(
            &mut store,
            resources::find("rbac.authorization.k8s.io", "v1", "clusterroles").unwrap_or(0),
            json!({"metadata": md(cr, None, born), "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": if cr == "view" { json!(["get","list","watch"]) } else { json!(["*"]) }}]}),
        );
    }
    create(
        &mut store,
        resources::find("rbac.authorization.k8s.io", "v1", "clusterrolebindings").unwrap_or(0),
        json!({"metadata": md("cluster-admin", None, born), "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]}),
    );
    let mut sc = md("standard", None, born);
    sc["annotations"] = json!({"storageclass.kubernetes.io/is-default-class": "true"});
    create(
        &mut store,
        resources::find("storage.k8s.io", "v1", "storageclasses").unwrap_or(0),
        json!({"metadata": sc, "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}),
    );
    create(
        &mut store,
        CRDS,
        json!({"metadata": md("widgets.lab.kubeli.dev", None, born + 3600),
        "spec": {"group": "lab.kubeli.dev", "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList", "shortNames": ["wdg"], "categories": ["all"]},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]},
        "status": {"acceptedNames": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
            "storedVersions": ["v1"],
            "conditions": [{"type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"},
                {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"}]}}),
    );

    // kube-system.
    let mut budget = pods as i64;
    let small = pods < 20;
    let sys_replicas = if small { 1 } else { 2 };
    deployment(
        &mut store,
        &mut rng,
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
            &mut store,
            &mut rng,
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
            &mut store,
            &mut rng,
            "kube-system",
            "kube-proxy",
            &format!("registry.k8s.io/kube-proxy:{}", state.version),
            born,
        ) as i64;
    }
    drop(store);

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
        let created = born + rng.range(7200, (cluster_age - 600) as u64) as i64;
        let mut store = lock(&state.store);
        if !made_sts && budget >= 3 && pods >= 40 {
            made_sts = true;
            let dbname = if state.index & 1 == 0 {
                "postgres"
            } else {
                "redis"
            };
            let sts_ns = apps_ns.last().cloned().unwrap_or_default();
            statefulset(&mut store, &mut rng, &sts_ns, dbname, 3, created);
            budget -= 3;
        }
        let replicas = (rng.range(1, 2 * avg - 1) as i64).min(budget).max(1) as u64;
        let img = image_for(&app, &mut rng);
        let port = *rng.pick(&[8080, 8080, 80, 3000, 9090]);
        deployment(
            &mut store,
            &mut rng,
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

    // Per-namespace extras.
    let mut store = lock(&state.store);
    for (i, ns) in apps_ns.iter().enumerate() {
        let created = born + 7200;
        let roles = resources::find("rbac.authorization.k8s.io", "v1", "roles").unwrap_or(0);
        let rbs = resources::find("rbac.authorization.k8s.io", "v1", "rolebindings").unwrap_or(0);
        create(
            &mut store,
            roles,
            json!({"metadata": md(&format!("{ns}-deployer"), Some(ns), created),
            "rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get","list","watch","update","patch"]}]}),
        );
        create(
            &mut store,
            rbs,
            json!({"metadata": md(&format!("{ns}-deployer"), Some(ns), created),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": format!("{ns}-deployer")},
            "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": ns}]}),
        );
        create(
            &mut store,
            SERVICEACCOUNTS,
            json!({"metadata": md("deployer", Some(ns), created)}),
        );
        create(
            &mut store,
            resources::find("", "v1", "resourcequotas").unwrap_or(0),
            json!({"metadata": md(&format!("{ns}-quota"), Some(ns), created),
            "spec": {"hard": {"pods": "500", "requests.cpu": "40", "requests.memory": "80Gi"}}, "status": {"hard": {"pods": "500"}, "used": {"pods": "0"}}}),
        );
        create(
            &mut store,
            resources::find("", "v1", "limitranges").unwrap_or(0),
            json!({"metadata": md("default-limits", Some(ns), created),
            "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"}, "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}}),
        );
        create(
            &mut store,
            resources::find("networking.k8s.io", "v1", "networkpolicies").unwrap_or(0),
            json!({"metadata": md("default-deny-ingress", Some(ns), created),
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}),
        );
        for w in 0..(1 + (i + state.index) % 3) {
            create(
                &mut store,
                WIDGETS,
                json!({"apiVersion": "lab.kubeli.dev/v1", "kind": "Widget",
                "metadata": md(&format!("widget-{}", ["alpha", "beta", "gamma"][w]), Some(ns), created + 3600),
                "spec": {"size": rng.range(1, 10), "color": rng.pick(&["red", "green", "blue"]).to_string()}}),
            );
        }
        if i == 0 {
            let jobs = resources::find("batch", "v1", "jobs").unwrap_or(0);
            let cjs = resources::find("batch", "v1", "cronjobs").unwrap_or(0);
            create(
                &mut store,
                cjs,
                json!({"metadata": md("nightly-report", Some(ns), created),
                "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                    "containers": [{"name": "report", "image": "busybox:1.36", "command": ["sh", "-c", "echo report"]}]}}}}},
                "status": {"lastScheduleTime": rfc3339(now - 3600 * 5)}}),
            );
            create(
                &mut store,
                jobs,
                json!({"metadata": md("db-migrate", Some(ns), now - 7200),
                "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 3, "template": {"spec": {"restartPolicy": "Never",
                    "containers": [{"name": "migrate", "image": "busybox:1.36"}]}}},
                "status": {"succeeded": 1, "startTime": rfc3339(now - 7200), "completionTime": rfc3339(now - 7150),
                    "conditions": [{"type": "Complete", "status": "True"}]}}),
            );
        }
    }
    for (j, (ns, app)) in seq.iter().enumerate() {
        let created = born + 7200;
        if j % 4 == 0 {
            create(
                &mut store,
                resources::find("autoscaling", "v2", "horizontalpodautoscalers").unwrap_or(0),
                json!({"metadata": md(app, Some(ns), created),
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app}, "minReplicas": 1, "maxReplicas": 10,
                    "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}),
            );
        }
        if j % 5 == 1 {
            create(
                &mut store,
                resources::find("policy", "v1", "poddisruptionbudgets").unwrap_or(0),
                json!({"metadata": md(app, Some(ns), created),
                "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": app}}}}),
            );
        }
        if j % 3 == 0 && (ns == "web" || ns == "shop" || ns == "frontend" || j == 0) {
            let host = format!("{app}.{}.lab.kubeli.dev", state.name);
            create(
                &mut store,
                resources::find("networking.k8s.io", "v1", "ingresses").unwrap_or(0),
                json!({"metadata": md(app, Some(ns), created),
                "spec": {"ingressClassName": "nginx", "rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": app, "port": {"number": 80}}}}]}}]}}),
            );
        }
    }
    // Events for a bounded number of pods.
    let all_pods = store.list(
        PODS,
        None,
        &LabelSelector::default(),
        &FieldSelector::default(),
    );
    let cap = 400usize.min(all_pods.len());
    for p in all_pods.iter().take(cap) {
        let v = p.value();
        let node = v["spec"]["nodeName"].as_str().unwrap_or("").to_string();
        let t =
            crate::util::parse_rfc3339(v["metadata"]["creationTimestamp"].as_str().unwrap_or(""))
                .unwrap_or(now);
        let status = crate::table::pod_status(&v);
        let c0 = v["spec"]["containers"][0]["name"]
            .as_str()
            .unwrap_or("main")
            .to_string();
        let mut evs = vec![(
            "Normal",
            "Scheduled",
            format!("Successfully assigned {}/{} to {node}", p.namespace, p.name),
            "default-scheduler",
        )];
        if status == "CrashLoopBackOff" {
            evs.push((
                "Warning",
                "BackOff",
                format!(
                    "Back-off restarting failed container {c0} in pod {}_{}",
                    p.name, p.namespace
                ),
                "kubelet",
            ));
        } else if status == "Running" {
            evs.push((
                "Normal",
                "Started",
                format!("Started container {c0}"),
                "kubelet",
            ));
        } else if status == "ContainerCreating" || status == "Pending" {
            evs.push(("Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".into(), "default-scheduler"));
        }
        for (ty, reason, msg, comp) in evs {
            let ename = format!("{}.{:016x}", p.name, rng.next_u64());
            create(
                &mut store,
                EVENTS,
                event_json(
                    &ename,
                    &p.namespace,
                    &p.name,
                    &p.uid,
                    ty,
                    reason,
                    &msg,
                    comp,
                    &node,
                    t,
                ),
            );
        }
    }
    store.compact();
}

/// An Event object about a pod.
#[allow(clippy::too_many_arguments)]
pub fn event_json(
    name: &str,
    ns: &str,
    pod: &str,
    uid: &str,
    ty: &str,
    reason: &str,
    msg: &str,
    comp: &str,
    host: &str,
    t: i64,
) -> Value {
    json!({"metadata": {"name": name, "namespace": ns, "creationTimestamp": rfc3339(t)},
        "involvedObject": {"kind": "Pod", "namespace": ns, "name": pod, "uid": uid, "apiVersion": "v1"},
        "reason": reason, "message": msg, "type": ty, "count": 1,
        "source": {"component": comp, "host": host}, "firstTimestamp": rfc3339(t), "lastTimestamp": rfc3339(t),
        "reportingComponent": comp, "reportingInstance": host})
}

#[allow(clippy::too_many_arguments)]
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
    create(store, SERVICES, svc);
    let sel = LabelSelector::parse(&format!("{label_key}={app}")).unwrap_or_default();
    let pods = store.list(PODS, Some(ns), &sel, &FieldSelector::default());
    let addrs: Vec<Value> = pods.iter().filter_map(|p| {
        let v = p.value();
        let ip = v["status"]["podIP"].as_str()?.to_string();
        Some(json!({"ip": ip, "nodeName": v["spec"]["nodeName"], "targetRef": {"kind": "Pod", "name": p.name, "namespace": ns, "uid": p.uid}}))
    }).collect();
    let mut m = md(app, Some(ns), created);
    m["labels"] = json!({label_key: app});
    let subsets = if addrs.is_empty() {
        json!([])
    } else {
        json!([{"addresses": addrs, "ports": [{"name": "http", "port": port, "protocol": "TCP"}]}])
    };
    create(store, ENDPOINTS, json!({"metadata": m, "subsets": subsets}));
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
    create(
        store,
        SERVICES,
        json!({"metadata": sm, "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "selector": labels,
        "ports": [{"name": "db", "port": port, "protocol": "TCP", "targetPort": port}]}}),
    );
}

/// Runs churn forever: about `per_sec` changes per second spread over `clusters`.
pub async fn churn(clusters: Vec<Shared>, per_sec: f64, seed: u64) {
    if clusters.is_empty() || per_sec <= 0.0 {
        return;
    }
    let mut rng = Rng::new(seed ^ 0xC4_0C4);
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let mut acc = 0.0f64;
    let targets: Vec<usize> = clusters
        .iter()
        .map(|c| lock(&c.store).count(PODS))
        .collect();
    loop {
        tick.tick().await;
        acc += per_sec * 0.05;
        while acc >= 1.0 {
            acc -= 1.0;
            let ci = rng.below(clusters.len() as u64) as usize;
            churn_one(&clusters[ci], &mut rng, targets[ci]);
        }
    }
}

/// One random change in one cluster.
pub fn churn_one(state: &Arc<crate::cluster::ClusterState>, rng: &mut Rng, target_pods: usize) {
    if state.faults().down {
        return;
    }
    let mut store = lock(&state.store);
    let roll = rng.below(100);
    let all = LabelSelector::default();
    let nf = FieldSelector::default();
    if roll < 15 {
        let deps = store.list(DEPLOYMENTS, None, &all, &nf);
        if deps.is_empty() {
            return;
        }
        let d = &deps[rng.below(deps.len() as u64) as usize];
        let mut v = d.value();
        let cur = v["spec"]["replicas"].as_u64().unwrap_or(1);
        let total = store.count(PODS);
        let next = if total > target_pods {
            cur.saturating_sub(1).max(1)
        } else {
            cur + 1
        };
        if next == cur {
            return;
        }
        v["spec"]["replicas"] = json!(next);
        let (ns, name) = (d.namespace.clone(), d.name.clone());
        if store.update(DEPLOYMENTS, v).is_ok() {
            let mut crng = lock(&state.rng);
            controller::reconcile_deployment(&mut store, &mut crng, &ns, &name, false);
        }
        return;
    }
    let pods = store.list(PODS, None, &all, &nf);
    if pods.is_empty() {
        return;
    }
    let p = &pods[rng.below(pods.len() as u64) as usize];
    let mut v = p.value();
    if roll < 30 {
        let ename = format!("{}.{:016x}", p.name, rng.next_u64());
        let (ty, reason, msg) = *rng.pick(&[
            (
                "Normal",
                "Pulled",
                "Container image already present on machine",
            ),
            (
                "Warning",
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
            ),
            ("Normal", "Killing", "Stopping container"),
        ]);
        let node = v["spec"]["nodeName"].as_str().unwrap_or("").to_string();
        let _ = store.create(
            EVENTS,
            event_json(
                &ename,
                &p.namespace,
                &p.name,
                &p.uid,
                ty,
                reason,
                msg,
                "kubelet",
                &node,
                now_secs(),
            ),
        );
        if store.count(EVENTS) > 3000 {
            let evs = store.list(EVENTS, None, &all, &nf);
            if let Some(e) = evs.first() {
                let (ns, n) = (e.namespace.clone(), e.name.clone());
                let _ = store.delete(EVENTS, &ns, &n);
            }
        }
        return;
    }
    if v["status"]["phase"] != "Running" {
        return;
    }
    let Some(cs) = v["status"]["containerStatuses"].get_mut(0) else {
        return;
    };
    let restarts = cs["restartCount"].as_u64().unwrap_or(0);
    if roll < 75 || cs["state"]["waiting"].is_object() {
        cs["restartCount"] = json!(restarts + 1);
        cs["state"] = json!({"running": {"startedAt": rfc3339(now_secs())}});
        cs["ready"] = json!(true);
        cs["lastState"] = json!({"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": rfc3339(now_secs())}});
    } else {
        cs["restartCount"] = json!(restarts + 1);
        cs["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed container"}});
        cs["ready"] = json!(false);
    }
    let ready = v["status"]["containerStatuses"]
        .as_array()
        .is_some_and(|a| a.iter().all(|c| c["ready"] == json!(true)));
    if let Some(conds) = v["status"]["conditions"].as_array_mut() {
        for c in conds.iter_mut() {
            if c["type"] == "Ready" || c["type"] == "ContainersReady" {
                c["status"] = json!(if ready { "True" } else { "False" });
                c["lastTransitionTime"] = json!(rfc3339(now_secs()));
            }
        }
    }
    let _ = store.update(PODS, v);
}
