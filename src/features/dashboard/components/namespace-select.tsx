import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TriangleAlertIcon } from "lucide-react";
import { useClusterStore } from "@/stores/cluster-store";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { Tooltip } from "@/components/ui/tooltip";

/**
 * The active cluster's namespace (or all), per cluster; lets the user type one when listing is
 * forbidden. On OpenShift, where a user who may not list namespaces lists their projects, the
 * backend sends those (`source: "projects"`) and the picker says "Project", as `oc` does.
 */
export function NamespaceSelect({ entry }: { entry: ConnectedClusterState }) {
  const setNamespace = useClusterStore((s) => s.setNamespace);
  const addFallbackNamespace = useClusterStore((s) => s.addFallbackNamespace);
  const selectId = useId();
  const [typed, setTyped] = useState("");
  const current = entry.currentNamespace;
  const options = current && !entry.namespaces.includes(current) ? [...entry.namespaces, current].sort() : entry.namespaces;
  const fallback = entry.namespaceSource === "fallback";
  const projects = entry.namespaceSource === "projects";

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!typed.trim()) return;
    void addFallbackNamespace(entry.id, typed);
    setTyped("");
  };

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={selectId} className="text-xs text-zinc-500">
        {projects ? "Project" : "Namespace"}
      </label>
      <select
        id={selectId}
        data-testid="namespace-select"
        data-source={entry.namespaceSource ?? undefined}
        value={current ?? ""}
        onChange={(e) => setNamespace(entry.id, e.target.value || null)}
        className="h-8 max-w-56 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-sm text-zinc-100 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40"
      >
        <option value="">{projects ? "All projects" : "All namespaces"}</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {fallback ? (
        <form onSubmit={add} className="flex items-center gap-1.5" data-testid="fallback-namespaces">
          <Tooltip content={entry.namespaceError ?? "Listing namespaces is not allowed"}>
            <span tabIndex={0} className="flex items-center gap-1 rounded text-xs text-amber-300 outline-none focus-visible:ring-2 focus-visible:ring-sky-400">
              <TriangleAlertIcon width={13} height={13} />
              <span className="max-w-56 min-w-40 truncate">{entry.namespaceError ?? "Listing namespaces is not allowed"}</span>
            </span>
          </Tooltip>
          <input
            aria-label="Add a namespace"
            data-testid="fallback-namespace-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="add namespace"
            spellCheck={false}
            className="h-8 w-32 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
          />
          <Button size="sm" type="submit">
            Add
          </Button>
        </form>
      ) : null}
    </div>
  );
}
