import { FolderPlusIcon, PlugIcon, UnplugIcon } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Cluster } from "@/lib/tauri/bindings";
import { useClusterStore } from "@/stores/cluster-store";
import { useSelectionStore } from "../stores/use-selection-store";

/**
 * Above the grid: how many cards are selected, "select all matching" the search, connect or
 * disconnect the selection together, and save it as a named group.
 */
export function SelectionBar({ visible }: { visible: Cluster[] }) {
  const selected = useSelectionStore((s) => s.selected);
  const selectAll = useSelectionStore((s) => s.selectAll);
  const clear = useSelectionStore((s) => s.clear);
  const setBatch = useSelectionStore((s) => s.setBatch);
  const connectMany = useClusterStore((s) => s.connectMany);
  const disconnectMany = useClusterStore((s) => s.disconnectMany);
  const saveGroup = useClusterStore((s) => s.saveGroup);
  const [naming, setNaming] = useState(false);
  const [groupName, setGroupName] = useState("");
  const usable = visible.filter((c) => c.problem == null).map((c) => c.id);
  const unselectedMatching = usable.filter((id) => !selected.includes(id)).length;

  const connect = () => {
    setBatch(selected);
    void connectMany(selected);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (saveGroup(groupName, selected)) {
      setNaming(false);
      setGroupName("");
    }
  };

  return (
    <div data-testid="selection-bar" className="flex min-h-9 flex-wrap items-center gap-2 text-sm text-zinc-400">
      <span data-testid="selected-count" className="mr-1">
        {selected.length === 0 ? "Select contexts with the checkboxes (Shift+click for a range)" : `${selected.length} selected`}
      </span>
      {unselectedMatching > 0 ? (
        <Button size="sm" variant="ghost" data-testid="select-all-matching" onClick={() => selectAll(usable)}>
          Select all {usable.length} matching
        </Button>
      ) : null}
      {selected.length > 0 ? (
        <>
          <Button size="sm" variant="ghost" data-testid="clear-selection" onClick={clear}>
            Clear
          </Button>
          <Button size="sm" variant="primary" data-testid="connect-selected" onClick={connect}>
            <PlugIcon />
            Connect {selected.length}
          </Button>
          <Button size="sm" variant="secondary" data-testid="disconnect-selected" onClick={() => void disconnectMany(selected)}>
            <UnplugIcon />
            Disconnect {selected.length}
          </Button>
          {naming ? (
            <form onSubmit={save} className="flex items-center gap-1.5">
              <Input
                autoFocus
                data-testid="group-name-input"
                aria-label="Group name"
                placeholder="Group name, e.g. prod"
                maxLength={40}
                value={groupName}
                onChange={(e) => setGroupName(e.target.value)}
                onKeyDown={(e) => e.key === "Escape" && setNaming(false)}
                className="h-8 w-44"
              />
              <Button size="sm" type="submit" variant="secondary" data-testid="save-group" disabled={!groupName.trim()}>
                Save
              </Button>
            </form>
          ) : (
            <Button size="sm" variant="ghost" data-testid="new-group" onClick={() => setNaming(true)}>
              <FolderPlusIcon />
              Save as group
            </Button>
          )}
        </>
      ) : null}
    </div>
  );
}
