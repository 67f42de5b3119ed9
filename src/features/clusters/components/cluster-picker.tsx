import { useMemo, useState, type KeyboardEvent } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { healthDotClass } from "@/lib/health";
import { matchesTerms, searchTerms } from "@/lib/match-terms";
import { isMac } from "@/lib/platform";
import { healthOf, orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useShallow } from "zustand/react/shallow";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { switchHint } from "../utils/shortcuts";

/** Mod+K: type part of a name, Enter switches. */
export function ClusterPicker() {
  const open = useClusterUiStore((s) => s.pickerOpen);
  const setOpen = useClusterUiStore((s) => s.setPickerOpen);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Switch cluster" className="max-w-md">
      <PickerBody onDone={() => setOpen(false)} />
    </Dialog>
  );
}

function PickerBody({ onDone }: { onDone: () => void }) {
  const clusters = useClusterStore(useShallow(orderedClusters));
  const prefs = useClusterStore((s) => s.prefs);
  const active = useClusterStore((s) => s.activeClusterContext);
  const setActiveCluster = useClusterStore((s) => s.setActiveCluster);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const mac = isMac();

  const matches = useMemo(() => {
    const terms = searchTerms(query);
    return clusters
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => matchesTerms(terms, [entry.cluster.context, entry.cluster.server, prefs[entry.id]?.label]));
  }, [clusters, prefs, query]);
  const current = Math.min(selected, Math.max(matches.length - 1, 0));

  const choose = (id: string) => {
    setActiveCluster(id);
    onDone();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setSelected((current + step + matches.length) % Math.max(matches.length, 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const match = matches[current];
      if (match) choose(match.entry.id);
    }
  };

  return (
    <div>
      <Input
        data-autofocus
        data-testid="cluster-picker-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="cluster-picker-list"
        aria-activedescendant={matches[current] ? `picker-${current}` : undefined}
        aria-label="Cluster name"
        placeholder="Type a cluster name…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setSelected(0);
        }}
        onKeyDown={onKeyDown}
        spellCheck={false}
        autoComplete="off"
      />
      <ul id="cluster-picker-list" role="listbox" aria-label="Connected clusters" className="mt-3 max-h-80 overflow-y-auto">
        {matches.length === 0 ? <li className="px-2 py-3 text-sm text-zinc-500">{clusters.length === 0 ? "No cluster is connected." : "No connected cluster matches."}</li> : null}
        {matches.map(({ entry, index }, i) => {
          const p = prefs[entry.id];
          const hint = switchHint(index, mac);
          return (
            <li
              key={entry.id}
              id={`picker-${i}`}
              role="option"
              aria-selected={i === current}
              data-testid="cluster-picker-option"
              data-context={entry.cluster.context}
              onMouseEnter={() => setSelected(i)}
              onClick={() => choose(entry.id)}
              className={cn("flex cursor-pointer items-center gap-2.5 rounded-md px-2.5 py-2 text-sm", i === current ? "bg-zinc-800 text-zinc-50" : "text-zinc-300")}
            >
              <span aria-hidden="true" className={cn("h-2 w-2 shrink-0 rounded-full", healthDotClass[healthOf(entry)])} />
              <span className="min-w-0 flex-1 truncate">{entry.cluster.context}</span>
              {p?.label ? <span className={cn("rounded border px-1 text-[10px] uppercase", p.color ? clusterColorClasses[p.color].chip : "border-zinc-600")}>{p.label}</span> : null}
              {entry.id === active ? <span className="text-[11px] text-sky-300">active</span> : null}
              {hint ? <kbd className="rounded border border-zinc-700 px-1 font-mono text-[10px] text-zinc-500">{hint}</kbd> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
