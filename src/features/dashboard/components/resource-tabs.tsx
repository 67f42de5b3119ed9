import { useState, type FormEvent, type KeyboardEvent } from "react";
import { ArrowLeftIcon, ArrowRightIcon, PlusIcon, StarIcon, XIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import { DEFAULT_RESOURCE_TABS } from "@/stores/cluster-persistence";
import { activeResourceTabOf, selectPrefs, selectResourceHistory } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { isMac } from "@/lib/platform";
import { stepHistory } from "@/stores/resource-history";
import { qualifiedName, selectClusterKinds, useResourceStore, type KindsEntry } from "@/stores/resource-store";
import { kindLabel } from "../utils/columns";
import { tabLabel } from "../utils/tab-label";
import { Tooltip } from "@/components/ui/tooltip";
import { IconButton } from "@/components/ui/icon-button";

/**
 * The icons, made once: React does not render an element it has rendered before again, so a
 * switch, which renders the tabs of the cluster it shows, leaves each tab's icon alone (an icon
 * is five components: lucide's two wrappers, the svg and its paths).
 */
const ICON = {
  back: <ArrowLeftIcon width={14} height={14} />,
  forward: <ArrowRightIcon width={14} height={14} />,
  favouriteTab: <StarIcon width={11} height={11} className="fill-amber-300 text-amber-300" aria-label="favourite" />,
  close: <XIcon width={10} height={10} />,
  favourite: <StarIcon width={14} height={14} className="fill-amber-300 text-amber-300" />,
  notFavourite: <StarIcon width={14} height={14} />,
  add: <PlusIcon width={14} height={14} />,
};

const SUGGESTED_KINDS = [...DEFAULT_RESOURCE_TABS, "secrets", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs", "ingresses", "persistentvolumeclaims", "namespaces"];

/**
 * The kinds a cluster serves that a view can show, as the backend described them: the bare
 * plural where it resolves to that kind (kinds come in lookup order), else `plural.group`.
 */
function servedKinds(described: KindsEntry | undefined): string[] {
  const kinds = described?.kinds?.kinds.filter((k) => k.verbs.includes("list") && k.verbs.includes("watch"));
  if (!kinds?.length) return SUGGESTED_KINDS;
  const seen = new Set<string>();
  return kinds.map((k) => {
    const name = seen.has(k.plural) ? qualifiedName(k) : k.plural;
    seen.add(k.plural);
    return name;
  });
}

/** The open resource tabs of one cluster: switch, close, open another kind by name. */
export function ResourceTabs({ clusterId }: { clusterId: string }) {
  const prefs = useClusterStore(selectPrefs(clusterId));
  const setActive = useClusterStore((s) => s.setActiveResourceTab);
  const close = useClusterStore((s) => s.closeResourceTab);
  const open = useClusterStore((s) => s.openResourceTab);
  const toggleFavourite = useClusterStore((s) => s.toggleFavourite);
  const history = useClusterStore(selectResourceHistory(clusterId));
  const described = useResourceStore(selectClusterKinds(clusterId));
  const back = useClusterStore((s) => s.resourceBack);
  const forward = useClusterStore((s) => s.resourceForward);
  const tabs = prefs.resourceTabs ?? DEFAULT_RESOURCE_TABS;
  const previous = stepHistory(history, -1, tabs);
  const next = stepHistory(history, 1, tabs);
  const alt = isMac() ? "⌥" : "Alt+";
  const active = activeResourceTabOf(prefs);
  const favourites = prefs.favourites ?? [];
  const [adding, setAdding] = useState(false);
  const [kind, setKind] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!kind.trim()) return;
    open(clusterId, kind);
    setKind("");
    setAdding(false);
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, tab: string) => {
    // Alt/Ctrl/Cmd+arrows are window shortcuts (history, next cluster): leave them alone.
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Delete") {
      event.preventDefault();
      close(clusterId, tab);
    } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const i = tabs.indexOf(tab);
      const next = tabs[(i + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length];
      event.preventDefault();
      setActive(clusterId, next);
      (event.currentTarget.parentElement?.parentElement?.querySelector(`[data-kind="${CSS.escape(next)}"] [role="tab"]`) as HTMLElement | null)?.focus();
    }
  };

  return (
    <div className="flex shrink-0 items-center gap-1 border-b border-zinc-800 bg-zinc-950 px-3">
      <div className="flex shrink-0 items-center gap-0.5 border-r border-zinc-800 pr-1">
        <IconButton
          data-testid="resource-back"
          label={previous ? `Back to ${kindLabel(previous.entries[previous.index])}` : "Back"}
          tooltip={`Back (${alt}←)`}
          disabled={!previous}
          onClick={() => back(clusterId)}
          className="h-7 w-7 disabled:opacity-30"
        >
          {ICON.back}
        </IconButton>
        <IconButton
          data-testid="resource-forward"
          label={next ? `Forward to ${kindLabel(next.entries[next.index])}` : "Forward"}
          tooltip={`Forward (${alt}→)`}
          disabled={!next}
          onClick={() => forward(clusterId)}
          className="h-7 w-7 disabled:opacity-30"
        >
          {ICON.forward}
        </IconButton>
      </div>
      <div role="tablist" aria-label="Resources" className="flex min-w-0 flex-1 items-center gap-0.5 overflow-x-auto [scrollbar-width:thin]">
        {tabs.map((tab) => {
          const selected = tab === active;
          const favourite = favourites.includes(tab);
          const { label, group } = tabLabel(tab, described?.kinds?.kinds);
          return (
            <div key={tab} data-testid="resource-tab" data-kind={tab} data-active={selected ? "true" : "false"} className={cn("group relative flex shrink-0 items-center", selected ? "text-zinc-50" : "text-zinc-400")}>
              <Tooltip content={`${label}${group ? ` · ${group}` : ""} (Delete closes)`}>
                <button
                  type="button"
                  role="tab"
                  aria-selected={selected}
                  tabIndex={selected ? 0 : -1}
                  onClick={() => setActive(clusterId, tab)}
                  onKeyDown={(e) => onTabKey(e, tab)}
                  className="flex h-9 items-center gap-1 pr-1 pl-2.5 text-[13px] outline-none hover:text-zinc-100 focus-visible:ring-2 focus-visible:ring-sky-400 focus-visible:ring-inset"
                >
                  {favourite ? ICON.favouriteTab : null}
                  {label}
                </button>
              </Tooltip>
              <button
                type="button"
                tabIndex={-1}
                aria-label={`Close ${label}`}
                onClick={() => close(clusterId, tab)}
                className="mr-1 flex h-4 w-4 items-center justify-center rounded text-zinc-500 opacity-0 group-hover:opacity-100 hover:bg-zinc-700 hover:text-zinc-100"
              >
                {ICON.close}
              </button>
              {selected ? <span aria-hidden="true" className="absolute inset-x-1.5 bottom-0 h-0.5 rounded-full bg-sky-400" /> : null}
            </div>
          );
        })}
      </div>
      {active ? (
        <IconButton
          onClick={() => toggleFavourite(clusterId, active)}
          aria-pressed={favourites.includes(active)}
          label={favourites.includes(active) ? `Remove ${kindLabel(active)} from favourites` : `Add ${kindLabel(active)} to favourites`}
          tooltip="Favourite (offered first when opening a kind)"
          className="h-7 w-7 text-zinc-500 hover:text-amber-300"
        >
          {favourites.includes(active) ? ICON.favourite : ICON.notFavourite}
        </IconButton>
      ) : null}
      {adding ? (
        <form onSubmit={submit} className="flex items-center gap-1">
          <input
            autoFocus
            data-testid="open-kind-input"
            list="kubeli-kinds"
            aria-label="Kind to open"
            placeholder="kind, e.g. secrets"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setAdding(false)}
            onBlur={() => !kind && setAdding(false)}
            spellCheck={false}
            className="h-7 w-44 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
          />
          <datalist id="kubeli-kinds">
            {[...favourites, ...servedKinds(described).filter((k) => !favourites.includes(k))].map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </form>
      ) : (
        <IconButton
          data-testid="open-kind"
          onClick={() => setAdding(true)}
          label="Open another kind"
          tooltip="Open another kind (pods, secrets, crontabs.stable.example.com, …)"
          className="h-7 w-7"
        >
          {ICON.add}
        </IconButton>
      )}
    </div>
  );
}
