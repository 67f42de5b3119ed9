/** kubectl's columns of the Network, Config, Storage and Access kinds. */
import type { Value } from "@/lib/tauri/bindings";
import { ageColumn, col, nameColumn, namespaceColumn, numberCol, statusTone, type Column } from "./column";
import { arr, at, joined, num, obj, str } from "./values";

const spec = (o: Value, ...path: string[]) => at(o, "spec", ...path);
const text = (v: Value | undefined) => (v === undefined || v === null ? "<none>" : typeof v === "object" ? JSON.stringify(v) : String(v));

function servicePorts(svc: Value): string {
  return joined(
    arr(spec(svc, "ports")).map((p) => {
      const port = obj(p);
      return `${num(port.port)}${port.nodePort ? `:${num(port.nodePort)}` : ""}/${str(port.protocol) || "TCP"}`;
    }),
  );
}

function externalIp(svc: Value): string {
  const ingress = arr(at(svc, "status", "loadBalancer", "ingress")).map((i) => str(obj(i).ip) || str(obj(i).hostname));
  const external = arr(spec(svc, "externalIPs")).map(str);
  const all = [...ingress, ...external].filter(Boolean);
  if (all.length) return all.join(",");
  return str(spec(svc, "type")) === "LoadBalancer" ? "<pending>" : "<none>";
}

function endpointsOf(ep: Value): string {
  const list = arr(obj(ep).subsets).flatMap((s) => {
    const ports = arr(obj(s).ports).map((p) => num(obj(p).port));
    return arr(obj(s).addresses).flatMap((a) => (ports.length ? ports.map((p) => `${str(obj(a).ip)}:${p}`) : [str(obj(a).ip)]));
  });
  return list.length > 3 ? `${list.slice(0, 3).join(",")} + ${list.length - 3} more…` : joined(list);
}

const selector = (v: Value | undefined) => {
  const labels = Object.entries(obj(obj(v).matchLabels)).map(([k, val]) => `${k}=${str(val)}`);
  return labels.join(",") || "<none>";
};

const dataCount = (o: Value) => Object.keys(obj(obj(o).data)).length + Object.keys(obj(obj(o).binaryData)).length;
const roleRef = (o: Value) => `${str(obj(obj(o).roleRef).kind)}/${str(obj(obj(o).roleRef).name)}`;
const accessModes = (o: Value) => joined(arr(spec(o, "accessModes")).map((m) => ({ ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" })[str(m)] ?? str(m)));
const phase = (o: Value) => str(at(o, "status", "phase")) || "—";

function hpaTargets(hpa: Value): string {
  const metrics = arr(spec(hpa, "metrics"));
  const current = arr(at(hpa, "status", "currentMetrics"));
  return joined(
    metrics.map((m, i) => {
      const target = obj(obj(obj(m).resource).target);
      const now = obj(obj(obj(current[i]).resource).current);
      const want = target.averageUtilization !== undefined ? `${num(target.averageUtilization)}%` : text(target.averageValue ?? target.value);
      const have = now.averageUtilization !== undefined ? `${num(now.averageUtilization)}%` : "<unknown>";
      return `${have}/${want}`;
    }),
  );
}

export const OTHER_COLUMNS: Record<string, Column[]> = {
  services: [
    nameColumn,
    namespaceColumn,
    col("Type", (o) => str(spec(o, "type")) || "ClusterIP"),
    col("Cluster IP", (o) => str(spec(o, "clusterIP")) || "<none>", { className: "font-mono text-xs" }),
    col("External IP", externalIp, { className: "font-mono text-xs" }),
    col("Ports", servicePorts, { className: "font-mono text-xs" }),
    ageColumn,
  ],
  endpoints: [nameColumn, namespaceColumn, col("Endpoints", endpointsOf, { className: "font-mono text-xs" }), ageColumn],
  "endpointslices.discovery.k8s.io": [
    nameColumn,
    namespaceColumn,
    col("Address type", (o) => str(obj(o).addressType)),
    col("Ports", (o) => joined(arr(obj(o).ports).map((p) => String(num(obj(p).port)))), { className: "font-mono text-xs" }),
    col("Endpoints", (o) => joined(arr(obj(o).endpoints).flatMap((e) => arr(obj(e).addresses).map(str))), { className: "font-mono text-xs" }),
    ageColumn,
  ],
  "ingresses.networking.k8s.io": [
    nameColumn,
    namespaceColumn,
    col("Class", (o) => str(spec(o, "ingressClassName")) || "<none>"),
    col("Hosts", (o) => joined(arr(spec(o, "rules")).map((r) => str(obj(r).host))) .replace("<none>", "*")),
    col("Address", (o) => joined(arr(at(o, "status", "loadBalancer", "ingress")).map((i) => str(obj(i).ip) || str(obj(i).hostname))).replace("<none>", ""), { className: "font-mono text-xs" }),
    col("Ports", (o) => (arr(spec(o, "tls")).length ? "80, 443" : "80")),
    ageColumn,
  ],
  "networkpolicies.networking.k8s.io": [nameColumn, namespaceColumn, col("Pod-selector", (o) => selector(spec(o, "podSelector"))), ageColumn],
  configmaps: [nameColumn, namespaceColumn, numberCol("Data", dataCount), ageColumn],
  secrets: [nameColumn, namespaceColumn, col("Type", (o) => str(obj(o).type) || "Opaque"), numberCol("Data", dataCount), ageColumn],
  "horizontalpodautoscalers.autoscaling": [
    nameColumn,
    namespaceColumn,
    col("Reference", (o) => `${str(obj(spec(o, "scaleTargetRef")).kind)}/${str(obj(spec(o, "scaleTargetRef")).name)}`),
    col("Targets", hpaTargets),
    numberCol("Minpods", (o) => num(spec(o, "minReplicas")) || 1),
    numberCol("Maxpods", (o) => num(spec(o, "maxReplicas"))),
    numberCol("Replicas", (o) => num(at(o, "status", "currentReplicas"))),
    ageColumn,
  ],
  "poddisruptionbudgets.policy": [
    nameColumn,
    namespaceColumn,
    col("Min available", (o) => (spec(o, "minAvailable") === undefined ? "N/A" : text(spec(o, "minAvailable")))),
    col("Max unavailable", (o) => (spec(o, "maxUnavailable") === undefined ? "N/A" : text(spec(o, "maxUnavailable")))),
    numberCol("Allowed disruptions", (o) => num(at(o, "status", "disruptionsAllowed"))),
    ageColumn,
  ],
  resourcequotas: [
    nameColumn,
    namespaceColumn,
    ageColumn,
    col("Request", (o) => joined(Object.entries(obj(at(o, "status", "used"))).filter(([k]) => !k.startsWith("limits.")).map(([k, v]) => `${k}: ${text(v)}/${text(obj(at(o, "status", "hard"))[k])}`))),
  ],
  limitranges: [nameColumn, namespaceColumn, ageColumn],
  persistentvolumeclaims: [
    nameColumn,
    namespaceColumn,
    col("Status", phase, { tone: (o) => statusTone(phase(o)) }),
    col("Volume", (o) => str(spec(o, "volumeName"))),
    col("Capacity", (o) => text(obj(at(o, "status", "capacity")).storage).replace("<none>", "")),
    col("Access modes", accessModes),
    col("Storageclass", (o) => str(spec(o, "storageClassName")) || "<unset>"),
    ageColumn,
  ],
  persistentvolumes: [
    nameColumn,
    col("Capacity", (o) => text(obj(spec(o, "capacity")).storage)),
    col("Access modes", accessModes),
    col("Reclaim policy", (o) => str(spec(o, "persistentVolumeReclaimPolicy")) || "Retain"),
    col("Status", phase, { tone: (o) => statusTone(phase(o)) }),
    col("Claim", (o) => {
      const ref = obj(spec(o, "claimRef"));
      return ref.name ? `${str(ref.namespace)}/${str(ref.name)}` : "";
    }),
    col("Storageclass", (o) => str(spec(o, "storageClassName"))),
    ageColumn,
  ],
  "storageclasses.storage.k8s.io": [
    nameColumn,
    col("Provisioner", (o) => str(obj(o).provisioner)),
    col("Reclaimpolicy", (o) => str(obj(o).reclaimPolicy) || "Delete"),
    col("Volumebindingmode", (o) => str(obj(o).volumeBindingMode) || "Immediate"),
    col("Allowvolumeexpansion", (o) => String(obj(o).allowVolumeExpansion === true)),
    ageColumn,
  ],
  serviceaccounts: [nameColumn, namespaceColumn, numberCol("Secrets", (o) => arr(obj(o).secrets).length), ageColumn],
  "roles.rbac.authorization.k8s.io": [nameColumn, namespaceColumn, ageColumn],
  "rolebindings.rbac.authorization.k8s.io": [nameColumn, namespaceColumn, col("Role", roleRef), ageColumn],
  "clusterroles.rbac.authorization.k8s.io": [nameColumn, ageColumn],
  "clusterrolebindings.rbac.authorization.k8s.io": [nameColumn, col("Role", roleRef), ageColumn],
};
