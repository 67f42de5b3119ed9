/** "Check now" and the window's `online` event ask the backend to probe clusters that stopped answering. */
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Health } from "@/lib/tauri/bindings";
import { cluster, connectedEntry, health, mockBackend } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";
import { useClusterStore } from "@/stores/cluster-store";
import type { ConnectedClusterState } from "@/stores/cluster-types";
import { listenToNetworkReturn } from "@/stores/health-check";
import { CheckNow } from "../components/check-now";

const DEV = cluster("lab-dev").id;
const STAGING = cluster("lab-staging").id;

function entry(context: string, status: ConnectedClusterState["status"], change: Partial<Health> = {}): ConnectedClusterState {
  const c = cluster(context.split("#")[1]);
  return connectedEntry(c, { status, health: health(status === "error" ? "unreachable" : "healthy", { lastCheckMs: 1_000, ...change }) });
}

beforeEach(() => resetAppStores());

describe("probing now", () => {
  it("Check now asks for a probe and says so until the next health report", async () => {
    const calls = mockBackend(() => null);
    const user = userEvent.setup();
    const { rerender } = render(<CheckNow entry={entry(DEV, "error", { nextRetryMs: Date.now() + 60_000 })} />);
    expect(screen.getByText(/^next try /)).toBeInTheDocument();
    await user.click(screen.getByTestId("check-health-now"));
    expect(calls.filter((c) => c.cmd === "check_health_now").map((c) => c.args.context)).toEqual([DEV]);
    expect(screen.getByTestId("check-health-now")).toBeDisabled();
    expect(screen.getByTestId("check-health-now")).toHaveTextContent("Checking…");
    // The next report (another check time) ends the wait, whatever it says.
    rerender(<CheckNow entry={entry(DEV, "error", { lastCheckMs: 2_000 })} />);
    expect(screen.getByTestId("check-health-now")).toBeEnabled();
    expect(screen.getByTestId("check-health-now")).toHaveTextContent("Check now");
  });

  it("the network coming back probes the clusters that are not answering, only those", async () => {
    const calls = mockBackend(() => null);
    useClusterStore.setState({ connectedClusters: new Map([[DEV, entry(DEV, "error")], [STAGING, entry(STAGING, "connected")]]) });
    const stop = listenToNetworkReturn();
    await act(async () => void window.dispatchEvent(new Event("online")));
    expect(calls.filter((c) => c.cmd === "check_health_now").map((c) => c.args.context)).toEqual([DEV]);
    stop();
    await act(async () => void window.dispatchEvent(new Event("online")));
    expect(calls.filter((c) => c.cmd === "check_health_now")).toHaveLength(1);
  });
});
