/**
 * Wires the idle timer of `stores/background-pause.ts` to the app: what it reads (the active
 * cluster and the clusters its view's all-clusters scope covers, the connected clusters, the
 * setting) and the backend commands it calls. Started once from `app/main.tsx`. (In `app/`: it reads two features' stores.)
 */
import { selectViewState, useViewStateStore } from "@/features/dashboard/stores/view-state";
import { scopeContexts } from "@/features/dashboard/utils/scope";
import { commands } from "@/lib/tauri/bindings";
import { createPauseController, registerPauseController, type PauseInputs } from "@/stores/background-pause";
import { activeResourceTabOf, orderedClusters } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { useResourceStore } from "@/stores/resource-store";

/** The inputs as the stores hold them. */
function currentInputs(): PauseInputs {
  const s = useClusterStore.getState();
  const connected = orderedClusters(s)
    .filter((e) => e.status === "connected" || e.status === "error")
    .map((e) => e.id);
  const active = s.activeClusterContext;
  const kind = active ? activeResourceTabOf(s.prefs[active] ?? {}) : null;
  const scope = active && kind ? selectViewState(active, kind)(useViewStateStore.getState()).scope : null;
  const inView = active ? (scope ? scopeContexts(scope, active, connected, s.groups) : [active]) : [];
  return { inView, connected, afterMin: s.pauseBackgroundAfterMin };
}

let running: ReturnType<typeof createPauseController> | null = null;

/** Starts the app's controller (once); the Connections panel's Resume reaches it through the store module. */
export function startBackgroundPause() {
  if (running) return running;
  const controller = createPauseController({
    pause: (id) => commands.pauseWatchers(id),
    resume: (id) => commands.resumeWatchers(id),
    pausedInBackend: (id) => Object.values(useResourceStore.getState().entries).some((e) => e.context === id && e.watchState?.state === "paused"),
  });
  running = controller;
  registerPauseController(controller);
  let key = "";
  const onChange = () => {
    const inputs = currentInputs();
    const next = JSON.stringify(inputs);
    if (next === key) return;
    key = next;
    controller.sync(inputs);
  };
  onChange();
  useClusterStore.subscribe(onChange);
  useViewStateStore.subscribe(onChange);
  return controller;
}
