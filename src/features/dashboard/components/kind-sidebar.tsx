import { LockIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import { activeResourceTabOf, selectPrefs } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { selectClusterKinds, useResourceStore } from "@/stores/resource-store";
import { BUILTIN_GROUPS, customGroups, type NavEntry } from "../utils/nav";
import { useEffect, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";

/** The qualified kinds of a cluster its watches were refused (403), from errors and watch states. */
function useForbiddenKinds(context: string): Set<string> {
  const names = useResourceStore(
    useShallow((s) =>
      Object.values(s.entries)
        .filter((e) => e.context === context)
        .filter((e) => e.error?.kind === "forbidden" || (e.watchState?.state === "failed" && /forbidden|\b403\b/i.test(e.watchState.reason)))
        .map((e) => e.kind)
        .sort(),
    ),
  );
  return useMemo(() => new Set(names), [names]);
}

/** Every kind of one cluster, grouped as kubectl users expect; opens them in resource tabs. */
export function KindSidebar({ clusterId }: { clusterId: string }) {
  const prefs = useClusterStore(selectPrefs(clusterId));
  const open = useClusterStore((s) => s.openResourceTab);
  const described = useResourceStore(selectClusterKinds(clusterId));
  const ensureKinds = useResourceStore((s) => s.ensureKinds);
  useEffect(() => void ensureKinds(clusterId), [ensureKinds, clusterId]);
  const forbidden = useForbiddenKinds(clusterId);
  const active = activeResourceTabOf(prefs);
  const custom = useMemo(() => customGroups(described?.kinds?.kinds ?? []), [described]);
  const groups = [...BUILTIN_GROUPS, ...(custom.length ? [{ id: "custom", label: "Custom resources", entries: [] }] : []), ...custom];

  const item = (e: NavEntry) => {
    const denied = forbidden.has(e.qualified) || forbidden.has(e.kind);
    const selected = e.kind === active;
    return (
      <li key={e.kind}>
        <button
          type="button"
          data-testid="nav-kind"
          data-kind={e.kind}
          data-forbidden={denied ? "true" : undefined}
          aria-current={selected ? "page" : undefined}
          title={denied ? `You may not list ${e.label} on this cluster` : undefined}
          onClick={() => open(clusterId, e.kind)}
          className={cn(
            "flex w-full items-center gap-1.5 rounded px-2 py-1 text-left text-[12.5px] focus-visible:outline-2 focus-visible:outline-sky-400",
            selected ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100",
            denied && "text-zinc-500",
          )}
        >
          <span className="min-w-0 flex-1 truncate">{e.label}</span>
          {denied ? <LockIcon width={11} height={11} aria-label="forbidden" className="shrink-0 text-amber-400/80" /> : null}
        </button>
      </li>
    );
  };

  return (
    <nav aria-label="Kinds" data-testid="kind-sidebar" className="w-52 shrink-0 overflow-y-auto border-r border-zinc-800 bg-zinc-950 px-2 py-2 [scrollbar-width:thin]">
      {groups.map((g) =>
        g.id === "custom" ? (
          <p key={g.id} className="mt-3 px-2 text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">
            {g.label}
          </p>
        ) : (
          <section key={g.id} aria-label={g.label} className="mb-2">
            <h3 className={cn("px-2 pt-1 pb-0.5 font-semibold tracking-wider text-zinc-500", g.id.startsWith("crd:") ? "font-mono text-[10.5px] normal-case" : "text-[10.5px] uppercase")}>{g.label}</h3>
            <ul>{g.entries.map(item)}</ul>
          </section>
        ),
      )}
    </nav>
  );
}
