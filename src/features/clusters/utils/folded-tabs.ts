import type { ClusterGroup } from "@/stores/cluster-persistence";

/** The ids whose tabs are folded away: members of collapsed groups, except the active cluster. */
export function foldedIds(groups: readonly ClusterGroup[], active: string | null): Set<string> {
  return new Set(groups.filter((g) => g.collapsed).flatMap((g) => g.members.filter((id) => id !== active)));
}
