import { ChevronRightIcon, LockIcon } from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { activeResourceTabOf, selectPrefs } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { selectClusterKinds, useResourceStore } from "@/stores/resource-store";
import { BUILTIN_GROUPS, customGroups, customOpenByDefault, type NavEntry, type NavGroup } from "../utils/nav";
import { memo, useEffect, useMemo } from "react";
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
  const opened = prefs?.kindGroups;
  const setOpen = useClusterStore((s) => s.setKindGroupOpen);
  const openByDefault = customOpenByDefault(custom);
  /** A custom group is open as the user left it, else by default, and always while it holds the kind shown. */
  const isOpen = (g: NavGroup) => !g.id.startsWith("crd:") || g.entries.some((e) => e.kind === active) || (opened?.[g.id] ?? openByDefault);

  return (
    // One click handler for every item (the kind is on the button): items take no callback, so
    // a switch re-renders only those whose state differs between the two clusters.
    <nav
      aria-label="Kinds"
      data-testid="kind-sidebar"
      onClick={(event) => {
        const kind = event.target instanceof Element ? event.target.closest<HTMLElement>("button[data-kind]")?.dataset.kind : undefined;
        if (kind) open(clusterId, kind);
      }}
      className="w-52 shrink-0 overflow-y-auto border-r border-zinc-800 bg-zinc-950 px-2 py-2 [scrollbar-width:thin]">
      {groups.map((g) =>
        g.id === "custom" ? (
          <p key={g.id} className="mt-3 px-2 text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">
            {g.label}
          </p>
        ) : (
          <section key={g.id} aria-label={g.label} className="mb-2">
            {g.id.startsWith("crd:") ? (
              <CustomGroupHeader group={g} open={isOpen(g)} onToggle={(open) => setOpen(clusterId, g.id, open)} />
            ) : (
              <h3 className="px-2 pt-1 pb-0.5 text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">{g.label}</h3>
            )}
            {isOpen(g) ? (
              <ul id={`kinds-${g.id}`}>
                {g.entries.map((e) => (
                  <NavItem key={e.kind} entry={e} denied={forbidden.has(e.qualified) || forbidden.has(e.kind)} selected={e.kind === active} />
                ))}
              </ul>
            ) : null}
          </section>
        ),
      )}
    </nav>
  );
}

/** A custom resource group's heading: its API group and count; opens and closes its kinds. */
function CustomGroupHeader({ group, open, onToggle }: { group: NavGroup; open: boolean; onToggle: (open: boolean) => void }) {
  return (
    <h3>
      <button
        type="button"
        data-testid="kind-group"
        data-group={group.label}
        aria-expanded={open}
        aria-controls={open ? `kinds-${group.id}` : undefined}
        // Not the nav's click handler: this button opens no kind.
        onClick={(event) => {
          event.stopPropagation();
          onToggle(!open);
        }}
        className="flex w-full items-center gap-1 rounded px-1 pt-1 pb-0.5 text-left font-mono text-[10.5px] font-semibold tracking-wider text-zinc-500 hover:text-zinc-300 focus-visible:outline-2 focus-visible:outline-sky-400"
      >
        <ChevronRightIcon width={11} height={11} aria-hidden="true" className={cn("shrink-0 transition-transform", open && "rotate-90")} />
        <span className="min-w-0 flex-1 truncate">{group.label}</span>
        <span className="shrink-0 font-sans font-normal text-zinc-600 tabular-nums">{group.entries.length}</span>
      </button>
    </h3>
  );
}

/** One kind in the sidebar; opened by the sidebar's click handler. */
const NavItem = memo(function NavItem({ entry: e, denied, selected }: { entry: NavEntry; denied: boolean; selected: boolean }) {
  return (
    <li>
      <Tooltip content={denied && `You may not list ${e.label} on this cluster`}>
        <button
          type="button"
          data-testid="nav-kind"
          data-kind={e.kind}
          data-forbidden={denied ? "true" : undefined}
          aria-current={selected ? "page" : undefined}
          className={cn(
            "flex w-full items-center gap-1.5 rounded px-2 py-1 text-left text-[12.5px] focus-visible:outline-2 focus-visible:outline-sky-400",
            selected ? "bg-zinc-800 text-zinc-50" : "text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100",
            denied && "text-zinc-500",
          )}
        >
          <span className="min-w-0 flex-1 truncate">{e.label}</span>
          {denied ? <LockIcon width={11} height={11} aria-label="forbidden" className="shrink-0 text-amber-400/80" /> : null}
        </button>
      </Tooltip>
    </li>
  );
});
