import { LucideProvider } from "lucide-react";
import { useEffect } from "react";
import { Toaster } from "@/components/ui/toaster";
import { TooltipHost } from "@/components/ui/tooltip";
import { ClusterOverlays } from "@/features/clusters/components/cluster-overlays";
import { ClusterTabBar } from "@/features/clusters/components/cluster-tab-bar";
import { ReconnectFailures } from "@/features/clusters/components/reconnect-failures";
import { SettingsMenu } from "@/features/clusters/components/settings-menu";
import { useWindowTitle } from "@/features/clusters/hooks/use-window-title";
import { CompareLayer } from "@/features/compare/components/compare-layer";
import { Dashboard } from "@/features/dashboard/components/dashboard";
import { KeptBox } from "@/features/dashboard/components/kept-box";
import { ViewShown } from "@/features/dashboard/components/view-shown-provider";
import { HomePage } from "@/features/home/components/home-page";
import { listenToKubeconfigChanges } from "@/features/home/stores/use-discovery-store";
import { StreamsLayer } from "@/features/streams/components/streams-layer";
import { listenToClusterEvents } from "@/stores/cluster-events";
import { resyncFromBackend } from "@/stores/cluster-resync";
import { selectActiveCluster, selectHasConnections } from "@/stores/cluster-selectors";
import { useClusterStore } from "@/stores/cluster-store";
import { listenToResourceDeltas } from "@/stores/resource-store";
import { listenToStreamEvents } from "@/stores/stream-events";
import { listenToNetworkReturn } from "@/stores/health-check";
import { useStartupNotices } from "./startup-notices";

/**
 * Subscribes to backend events for the app's lifetime, adopts the connections the backend
 * still holds (the page reloaded), then reconnects the rest of the last session once.
 */
function useBackendSession() {
  useEffect(() => {
    let stopped = false;
    const stops: Array<() => void> = [listenToNetworkReturn()];
    const listening = Promise.all([listenToClusterEvents(), listenToResourceDeltas(), listenToStreamEvents(), listenToKubeconfigChanges()]).then((unlisten) => {
      if (stopped) unlisten.forEach((stop) => stop());
      else stops.push(...unlisten);
    });
    // Live connections first: they must not be connected again, only adopted (at once; their
    // namespaces and watchers once the events are listened to).
    const resynced = Promise.all([listening, resyncFromBackend(listening)]);
    const reconnect = () => {
      void resynced.then(() => {
        const { autoReconnect, reconnectLastSession } = useClusterStore.getState();
        if (!stopped && autoReconnect) void reconnectLastSession();
      });
    };
    // Discovery maps saved names to ids; reconnect once it has run.
    let unsubscribe = () => {};
    if (useClusterStore.getState().clusters) reconnect();
    else
      unsubscribe = useClusterStore.subscribe((state, previous) => {
        if (state.clusters && !previous.clusters) {
          unsubscribe();
          reconnect();
        }
      });
    return () => {
      stopped = true;
      unsubscribe();
      stops.forEach((stop) => stop());
    };
  }, []);
}

/**
 * The window's title follows the active cluster. A component of its own: as a hook of `App` it
 * re-rendered the whole window (tab bar, dashboard, layers) on every cluster switch.
 */
function WindowTitle() {
  useWindowTitle();
  return null;
}

export function App() {
  useBackendSession();
  useStartupNotices();
  const hasConnections = useClusterStore(selectHasConnections);
  const hasActive = useClusterStore((s) => selectActiveCluster(s) !== null);
  const showDashboard = useClusterStore((s) => s.view === "dashboard") && hasActive;

  return (
    // Icons are 16 px unless a place asks otherwise.
    <LucideProvider size={16}>
      <div className="flex h-screen flex-col overflow-hidden bg-zinc-950 text-zinc-100">
        {hasConnections ? <ClusterTabBar /> : null}
        <ReconnectFailures />
        {/* The dashboard stays mounted behind the home grid (off screen, its kept views laid
            out, below the tab bar's 44 px as when shown): going home and back, or connecting one
            more cluster, keeps every view. */}
        {hasActive ? (
          <KeptBox shown={showDashboard} className="flex min-h-0 flex-col" shownClassName="flex-1" hiddenClassName="fixed top-11 bottom-0 -left-[200vw] w-screen">
            <ViewShown shown={showDashboard}>
              <Dashboard />
            </ViewShown>
          </KeptBox>
        ) : null}
        {showDashboard ? null : (
          <div className="min-h-0 flex-1 overflow-y-auto">
            <HomePage headerExtras={hasConnections ? undefined : <SettingsMenu />} />
          </div>
        )}
        <StreamsLayer shown={showDashboard} />
        <ClusterOverlays />
        <CompareLayer />
        <Toaster />
        <TooltipHost />
        <WindowTitle />
      </div>
    </LucideProvider>
  );
}
