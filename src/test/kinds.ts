/**
 * Builders for the backend's answers about kinds (`resolve_kind`, `describe_kinds`) and watch
 * keys, shaped as the Rust side sends them.
 */
import type { ClusterKinds, KindInfo, WatcherKey } from "@/lib/tauri/bindings";

const CLUSTER_SCOPED_IN_TESTS = new Set(["nodes", "namespaces", "persistentvolumes"]);
const GROUPS: Record<string, string> = { deployments: "apps", statefulsets: "apps", daemonsets: "apps", replicasets: "apps", jobs: "batch", cronjobs: "batch" };

/** A kind as `resolve_kind` returns it; `plural` may be qualified (`widgets.lab.kubeli.dev`). */
export function kindInfo(name: string, overrides: Partial<KindInfo> = {}): KindInfo {
  const [plural, ...rest] = name.split(".");
  const group = rest.join(".") || GROUPS[plural] || "";
  const kind = plural.charAt(0).toUpperCase() + plural.slice(1).replace(/s$/, "");
  return {
    group,
    version: "v1",
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: !CLUSTER_SCOPED_IN_TESTS.has(plural),
    shortNames: [],
    verbs: ["get", "list", "watch", "delete", "patch"],
    preferred: true,
    hidesValues: plural === "secrets" && group === "",
    scalable: ["deployments", "statefulsets", "replicasets"].includes(plural),
    restartable: ["deployments", "statefulsets", "daemonsets"].includes(plural),
    printerColumns: [],
    ...overrides,
  };
}

/** The key `watch_resources` answers with for these arguments. */
export function watcherKey(context: string, kind: string, namespace: string | null): WatcherKey {
  const info = kindInfo(kind);
  return {
    context,
    kind,
    namespace: info.namespaced ? namespace : null,
    resolved: { group: info.group, version: info.version, kind: info.kind, plural: info.plural, namespaced: info.namespaced },
  };
}

export function clusterKinds(context: string, overrides: Partial<ClusterKinds> = {}): ClusterKinds {
  return { context, kinds: ["pods", "deployments", "nodes", "secrets"].map((k) => kindInfo(k)), failedGroups: [], ...overrides };
}

/** Answers the kind commands like a healthy backend; `undefined` for every other command. */
export function kindCommands(cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case "resolve_kind": {
      const info = kindInfo(args.kind as string);
      return info;
    }
    case "describe_kinds":
      return clusterKinds(args.context as string);
    case "watch_resources":
      return watcherKey(args.context as string, args.kind as string, args.namespace as string | null);
    default:
      return undefined;
  }
}
