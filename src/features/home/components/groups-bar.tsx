import { useShallow } from "zustand/react/shallow";
import { FolderIcon, PlugIcon, ShieldAlertIcon, ShieldIcon, TrashIcon, UnplugIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { shortenMiddle } from "@/lib/cluster-names";
import { cn } from "@/lib/cn";
import type { ClusterGroup } from "@/stores/cluster-persistence";
import { useClusterStore } from "@/stores/cluster-store";
import { useSelectionStore } from "../stores/use-selection-store";

/** The saved cluster groups: each connects and disconnects its clusters as one. */
export function GroupsBar() {
  const groups = useClusterStore((s) => s.groups);
  if (groups.length === 0) return null;
  return (
    <section aria-label="Cluster groups" className="flex flex-wrap gap-2">
      {groups.map((g) => (
        <GroupChip key={g.name} group={g} />
      ))}
    </section>
  );
}

function GroupChip({ group }: { group: ClusterGroup }) {
  const connected = useClusterStore((s) => group.members.filter((id) => s.connectedClusters.has(id)).length);
  const names = useClusterStore(useShallow((s) => group.members.map((id) => s.clusters?.find((c) => c.id === id)?.context ?? id)));
  const connectGroup = useClusterStore((s) => s.connectGroup);
  const disconnectGroup = useClusterStore((s) => s.disconnectGroup);
  const deleteGroup = useClusterStore((s) => s.deleteGroup);
  const setGroupProtected = useClusterStore((s) => s.setGroupProtected);
  const guarded = group.protected === true;
  const setBatch = useSelectionStore((s) => s.setBatch);
  const all = connected === group.members.length;
  return (
    <div
      data-testid="cluster-group"
      data-group={group.name}
      data-connected={connected}
      data-protected={guarded ? "true" : undefined}
      data-tooltip={names.join("\n")}
      className={cn("flex items-center gap-1.5 rounded-lg border bg-zinc-900/60 py-1 pr-1 pl-2.5 text-sm", guarded ? "border-amber-600/70" : "border-zinc-800")}
    >
      {guarded ? <ShieldAlertIcon size={14} className="text-amber-400" /> : <FolderIcon size={14} className="text-zinc-500" />}
      <span className="font-medium text-zinc-200">{group.name}</span>
      <span className="text-xs text-zinc-500" data-testid="group-count">
        {connected}/{group.members.length} connected · {names.map((n) => shortenMiddle(n, 18)).join(", ")}
      </span>
      {!all ? (
        <Button
          size="sm"
          variant="primary"
          className="h-7"
          data-testid="group-connect"
          onClick={() => {
            setBatch(group.members);
            void connectGroup(group.name);
          }}
        >
          <PlugIcon />
          Connect
        </Button>
      ) : null}
      {connected > 0 ? (
        <Button size="sm" variant="secondary" className="h-7" data-testid="group-disconnect" onClick={() => void disconnectGroup(group.name)}>
          <UnplugIcon />
          Disconnect
        </Button>
      ) : null}
      <IconButton
        label={guarded ? `Unprotect group ${group.name}` : `Protect group ${group.name}`}
        tooltip={guarded ? `Protected: destructive actions on its clusters need the cluster's name typed. Click to unprotect.` : `Protect: destructive actions on its clusters will need the cluster's name typed`}
        data-testid="group-protected"
        aria-pressed={guarded}
        className={guarded ? "text-amber-400" : undefined}
        onClick={() => setGroupProtected(group.name, !guarded)}
      >
        {guarded ? <ShieldAlertIcon size={13} /> : <ShieldIcon size={13} />}
      </IconButton>
      <IconButton label={`Delete group ${group.name}`} data-testid="group-delete" onClick={() => deleteGroup(group.name)}>
        <TrashIcon size={13} />
      </IconButton>
    </div>
  );
}
