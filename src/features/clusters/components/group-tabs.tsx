import { ChevronDownIcon, ChevronRightIcon, FolderIcon } from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import type { ClusterGroup } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";

/**
 * The cluster groups with a connected member, at the start of the tab bar: clicking one
 * folds its tabs away (the active cluster's tab always stays) or unfolds them.
 */
export function GroupTabs() {
  const groups = useClusterStore((s) => s.groups);
  const connected = useClusterStore((s) => s.connectedClusters);
  const shown = groups.filter((g) => g.members.some((id) => connected.has(id)));
  if (shown.length === 0) return null;
  return (
    <div className="flex shrink-0 items-stretch border-r border-zinc-800">
      {shown.map((g) => (
        <GroupTab key={g.name} group={g} connected={g.members.filter((id) => connected.has(id)).length} />
      ))}
    </div>
  );
}

function GroupTab({ group, connected }: { group: ClusterGroup; connected: number }) {
  const setGroupCollapsed = useClusterStore((s) => s.setGroupCollapsed);
  const collapsed = group.collapsed === true;
  return (
    <Tooltip content={`${group.name}: ${connected} of ${group.members.length} connected — click to ${collapsed ? "show" : "fold"} its tabs`}>
      <button
        type="button"
        data-testid="tab-group"
        data-group={group.name}
        aria-expanded={!collapsed}
        onClick={() => setGroupCollapsed(group.name, !collapsed)}
        className={cn(
          "flex items-center gap-1 px-2 text-xs text-zinc-400 hover:bg-zinc-900 hover:text-zinc-200 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400",
          collapsed && "bg-zinc-900/60",
        )}
      >
        {collapsed ? <ChevronRightIcon size={12} /> : <ChevronDownIcon size={12} />}
        <FolderIcon size={12} />
        <span className="font-medium">{group.name}</span>
        <span className="text-zinc-500">{connected}</span>
      </button>
    </Tooltip>
  );
}
