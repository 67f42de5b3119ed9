import { useStreamShortcuts } from "../hooks/use-stream-shortcuts";
import { PortForwardDialog } from "./port-forward-dialog";
import { StreamDock } from "./stream-dock";

/** Everything of the streams feature the app mounts once: the dock, the port-forward dialog, the `l` / `s` keys. */
export function StreamsLayer({ shown }: { shown: boolean }) {
  useStreamShortcuts();
  return (
    <>
      <StreamDock shown={shown} />
      <PortForwardDialog />
    </>
  );
}
