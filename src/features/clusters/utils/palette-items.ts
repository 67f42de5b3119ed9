import { matchesTerms, searchTerms } from "@/lib/match-terms";
import type { KindInfo } from "@/lib/tauri/bindings";

/** One entry of the command palette. */
export type PaletteItem =
  | { type: "cluster"; id: string; context: string; server: string | null; label: string | null }
  | { type: "kind"; kind: KindInfo; name: string; builtin: boolean }
  | { type: "namespace"; namespace: string | null }
  | { type: "group"; name: string; op: "connect" | "disconnect"; members: number }
  | { type: "action"; action: PaletteAction; title: string };

export type PaletteAction = "overview" | "shortcuts" | "home" | "disconnect" | "podLogs" | "podShell" | "compare";

type Inputs = {
  query: string;
  clusters: { id: string; context: string; server: string | null; label: string | null }[];
  /** Kinds the active cluster serves (empty without an active cluster). */
  kinds: KindInfo[];
  /** Namespaces of the active cluster. */
  namespaces: string[];
  hasActive: boolean;
  /** Saved cluster groups with how many of their members are connected. */
  groups?: { name: string; members: number; connected: number }[];
  /** The pod row last focused in the active cluster, for "Logs of …" / "Shell in …". */
  pod?: string | null;
  /** The kind the active cluster shows, when another cluster is connected to compare it with. */
  compareKind?: string | null;
};

/** The kind name to open a tab with: `pods`, `deployments.apps`, `widgets.lab.kubeli.dev`. */
export function kindTabName(kind: KindInfo): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/** Groups core and well-known built-in groups apart from CRDs (any group with a dot that is not k8s.io). */
function isBuiltin(kind: KindInfo): boolean {
  return !kind.group.includes(".") || kind.group.endsWith(".k8s.io");
}

/**
 * Everything the palette offers for `query`, matched with the app's one term matcher: connected
 * clusters first (so typing part of a cluster name and Enter switches, as the picker did), then
 * actions, kinds (CRDs included) and namespaces of the active cluster.
 */
export function paletteItems({ query, clusters, kinds, namespaces, hasActive, groups = [], pod, compareKind }: Inputs): PaletteItem[] {
  const terms = searchTerms(query);
  const items: PaletteItem[] = [];
  for (const c of clusters) {
    if (matchesTerms(terms, [c.context, c.server, c.label])) items.push({ type: "cluster", ...c });
  }
  // Each group offers what it can do: connect the rest, disconnect the connected.
  for (const g of groups) {
    if (g.connected < g.members && matchesTerms(terms, [g.name, `connect group ${g.name}`])) items.push({ type: "group", name: g.name, op: "connect", members: g.members });
    if (g.connected > 0 && matchesTerms(terms, [g.name, `disconnect group ${g.name}`])) items.push({ type: "group", name: g.name, op: "disconnect", members: g.members });
  }
  if (hasActive) {
    const actions: [PaletteAction, string][] = [
      ["overview", "Cluster overview"],
      ["home", "Go to all clusters"],
      ["disconnect", "Disconnect the active cluster"],
    ];
    if (pod) actions.push(["podLogs", `Logs of ${pod}`], ["podShell", `Shell in ${pod}`]);
    if (compareKind) actions.push(["compare", `Compare ${compareKind} across clusters…`]);
    for (const [action, title] of actions) if (matchesTerms(terms, [title])) items.push({ type: "action", action, title });
  }
  if (matchesTerms(terms, ["Keyboard shortcuts"])) items.push({ type: "action", action: "shortcuts", title: "Keyboard shortcuts" });
  // Preferred versions only: one entry per kind, as kubectl lists them.
  for (const kind of kinds.filter((k) => k.preferred && k.verbs.includes("list"))) {
    if (matchesTerms(terms, [kind.plural, kind.kind, kind.group, ...kind.shortNames])) items.push({ type: "kind", kind, name: kindTabName(kind), builtin: isBuiltin(kind) });
  }
  if (hasActive) {
    if (matchesTerms(terms, ["all namespaces"])) items.push({ type: "namespace", namespace: null });
    for (const ns of namespaces) if (matchesTerms(terms, [ns, `namespace ${ns}`])) items.push({ type: "namespace", namespace: ns });
  }
  return items;
}

/** The kind a cluster's view shows, as Compare takes it; none for the overview. */
export function compareKindOf(activeResourceTab: string | null | undefined): string | null {
  return activeResourceTab && activeResourceTab !== "overview" ? activeResourceTab : null;
}
