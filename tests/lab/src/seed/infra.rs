//! Seeding the cluster's frame: nodes, namespaces with their default objects, cluster-scoped
//! RBAC / storage / the widgets CRD, and per-namespace and per-app extras.

use serde_json::json;

use super::{app_namespaces, create, md, Seeder};
use crate::resources::{self, ids::*};
use crate::store::Store;
use crate::util::rfc3339;

impl Seeder<'_> {
    /// Nodes, kind-like names (`lab-dev-control-plane`, `lab-dev-worker`, ...).
    pub(super) fn nodes(&mut self, store: &mut Store, pods: usize) {
        let (state, now, born) = (self.state, self.now, self.born);
        let name = state.name.clone();
        // Nodes.
        let n_nodes = match state.index {
            0 => 3,
            1 => 5,
            2 => 8,
            _ => self.rng.range(3, 10) as usize,
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
            let cpu = *self.rng.pick(&[4, 8, 16]);
            let mem = cpu * 4;
            let (sys_uuid, boot_id) = (store.new_uid(), store.new_uid());
            create(
                store,
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
                        "machineID": format!("{:032x}", self.rng.next_u64() as u128 * 31), "systemUUID": sys_uuid, "bootID": boot_id}}}),
            );
        }
    }

    /// The namespaces (system ones plus the cluster's app namespaces), each with its default
    /// service account and root CA config map, and the `kubernetes` service; returns the app namespaces.
    pub(super) fn namespaces(&mut self, store: &mut Store) -> Vec<String> {
        let (state, born, cluster_age) = (self.state, self.born, self.age);
        // Namespaces.
        let apps_ns = app_namespaces(state.index, &mut self.rng);
        let mut all_ns: Vec<String> = ["default", "kube-system", "kube-public", "kube-node-lease"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        all_ns.extend(apps_ns.iter().cloned());
        for (i, ns) in all_ns.iter().enumerate() {
            let created = if i < 4 {
                born
            } else {
                born + self.rng.range(3600, (cluster_age / 2) as u64) as i64
            };
            let mut m = md(ns, None, created);
            m["labels"] = json!({"kubernetes.io/metadata.name": ns});
            create(
                store,
                NAMESPACES,
                json!({"metadata": m, "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
            );
            create(
                store,
                SERVICEACCOUNTS,
                json!({"metadata": md("default", Some(ns), created)}),
            );
            let mut cm = md("kube-root-ca.crt", Some(ns), created);
            cm["annotations"] = json!({"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."});
            create(
                store,
                CONFIGMAPS,
                json!({"metadata": cm, "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nkubeli-lab\n-----END CERTIFICATE-----\n"}}),
            );
        }
        let mut svc = md("kubernetes", Some("default"), born);
        svc["labels"] = json!({"component": "apiserver", "provider": "kubernetes"});
        create(
            store,
            SERVICES,
            json!({"metadata": svc, "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}}),
        );
        crate::endpoints::apiserver(store, &json!(rfc3339(born)));

        apps_ns
    }

    /// Cluster roles and bindings, the default storage class and the widgets CRD.
    pub(super) fn cluster_scoped(&mut self, store: &mut Store) {
        let born = self.born;
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
                store,
                resources::find("rbac.authorization.k8s.io", "v1", "clusterroles").unwrap_or(0),
                json!({"metadata": md(cr, None, born), "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": if cr == "view" { json!(["get","list","watch"]) } else { json!(["*"]) }}]}),
            );
        }
        create(
            store,
            resources::find("rbac.authorization.k8s.io", "v1", "clusterrolebindings").unwrap_or(0),
            json!({"metadata": md("cluster-admin", None, born), "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]}),
        );
        let mut sc = md("standard", None, born);
        sc["annotations"] = json!({"storageclass.kubernetes.io/is-default-class": "true"});
        create(
            store,
            resources::find("storage.k8s.io", "v1", "storageclasses").unwrap_or(0),
            json!({"metadata": sc, "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}),
        );
        create(
            store,
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
    }

    /// Roles, quotas, limits, network policies, widgets and batch objects per app namespace.
    pub(super) fn namespace_extras(&mut self, store: &mut Store, apps_ns: &[String]) {
        let (state, now, born) = (self.state, self.now, self.born);
        // Per-namespace extras.
        for (i, ns) in apps_ns.iter().enumerate() {
            let created = born + 7200;
            let roles = resources::find("rbac.authorization.k8s.io", "v1", "roles").unwrap_or(0);
            let rbs =
                resources::find("rbac.authorization.k8s.io", "v1", "rolebindings").unwrap_or(0);
            create(
                store,
                roles,
                json!({"metadata": md(&format!("{ns}-deployer"), Some(ns), created),
                "rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get","list","watch","update","patch"]}]}),
            );
            create(
                store,
                rbs,
                json!({"metadata": md(&format!("{ns}-deployer"), Some(ns), created),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": format!("{ns}-deployer")},
                "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": ns}]}),
            );
            create(
                store,
                SERVICEACCOUNTS,
                json!({"metadata": md("deployer", Some(ns), created)}),
            );
            create(
                store,
                resources::find("", "v1", "resourcequotas").unwrap_or(0),
                json!({"metadata": md(&format!("{ns}-quota"), Some(ns), created),
                "spec": {"hard": {"pods": "500", "requests.cpu": "40", "requests.memory": "80Gi"}}, "status": {"hard": {"pods": "500"}, "used": {"pods": "0"}}}),
            );
            create(
                store,
                resources::find("", "v1", "limitranges").unwrap_or(0),
                json!({"metadata": md("default-limits", Some(ns), created),
                "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"}, "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}}),
            );
            create(
                store,
                resources::find("networking.k8s.io", "v1", "networkpolicies").unwrap_or(0),
                json!({"metadata": md("default-deny-ingress", Some(ns), created),
                "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}),
            );
            for w in 0..(1 + (i + state.index) % 3) {
                create(
                    store,
                    WIDGETS,
                    json!({"apiVersion": "lab.kubeli.dev/v1", "kind": "Widget",
                    "metadata": md(&format!("widget-{}", ["alpha", "beta", "gamma"][w]), Some(ns), created + 3600),
                    "spec": {"size": self.rng.range(1, 10), "color": self.rng.pick(&["red", "green", "blue"]).to_string()}}),
                );
            }
            if i == 0 {
                let jobs = resources::find("batch", "v1", "jobs").unwrap_or(0);
                let cjs = resources::find("batch", "v1", "cronjobs").unwrap_or(0);
                create(
                    store,
                    cjs,
                    json!({"metadata": md("nightly-report", Some(ns), created),
                    "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                        "containers": [{"name": "report", "image": "busybox:1.36", "command": ["sh", "-c", "echo report"]}]}}}}},
                    "status": {"lastScheduleTime": rfc3339(now - 3600 * 5)}}),
                );
                create(
                    store,
                    jobs,
                    json!({"metadata": md("db-migrate", Some(ns), now - 7200),
                    "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 3, "template": {"spec": {"restartPolicy": "Never",
                        "containers": [{"name": "migrate", "image": "busybox:1.36"}]}}},
                    "status": {"succeeded": 1, "startTime": rfc3339(now - 7200), "completionTime": rfc3339(now - 7150),
                        "conditions": [{"type": "Complete", "status": "True"}]}}),
                );
            }
        }
    }

    /// HPAs, PDBs and ingresses for some of the apps.
    pub(super) fn app_extras(&mut self, store: &mut Store, seq: &[(String, String)]) {
        let (state, born) = (self.state, self.born);
        for (j, (ns, app)) in seq.iter().enumerate() {
            let created = born + 7200;
            if j % 4 == 0 {
                create(
                    store,
                    resources::find("autoscaling", "v2", "horizontalpodautoscalers").unwrap_or(0),
                    json!({"metadata": md(app, Some(ns), created),
                    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app}, "minReplicas": 1, "maxReplicas": 10,
                        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}}),
                );
            }
            if j % 5 == 1 {
                create(
                    store,
                    resources::find("policy", "v1", "poddisruptionbudgets").unwrap_or(0),
                    json!({"metadata": md(app, Some(ns), created),
                    "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": app}}}}),
                );
            }
            if j % 3 == 0 && (ns == "web" || ns == "shop" || ns == "frontend" || j == 0) {
                let host = format!("{app}.{}.lab.kubeli.dev", state.name);
                create(
                    store,
                    resources::find("networking.k8s.io", "v1", "ingresses").unwrap_or(0),
                    json!({"metadata": md(app, Some(ns), created),
                    "spec": {"ingressClassName": "nginx", "rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix",
                        "backend": {"service": {"name": app, "port": {"number": 80}}}}]}}]}}),
                );
            }
        }
    }
}
