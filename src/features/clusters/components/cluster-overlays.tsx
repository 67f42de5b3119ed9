import { useClusterShortcuts } from "../hooks/use-cluster-shortcuts";
import { AppearanceDialog } from "./appearance-dialog";
import { ClusterColorEdge } from "./cluster-color-edge";
import { ClusterPicker } from "./cluster-picker";
import { ConnectionsDialog } from "./connections-dialog";
import { ShortcutsSheet } from "./shortcuts-sheet";

/** Window-wide cluster pieces: keyboard map, picker, shortcuts sheet, colour dialog and edge, connections panel. */
export function ClusterOverlays() {
  useClusterShortcuts();
  return (
    <>
      <ClusterColorEdge />
      <ClusterPicker />
      <ShortcutsSheet />
      <AppearanceDialog />
      <ConnectionsDialog />
    </>
  );
}
