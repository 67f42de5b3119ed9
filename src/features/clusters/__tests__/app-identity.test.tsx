import { clearMocks, mockWindows } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppInfo } from "@/lib/tauri/bindings";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { cluster, connectionInfo, mockBackend } from "@/test/backend";
import { SettingsMenu } from "../components/settings-menu";
import { useWindowTitle, windowTitle } from "../hooks/use-window-title";

const info: AppInfo = {
  name: "Kubeli",
  version: "9.8.7",
  profile: "release",
  platform: "x86_64-linux",
  commit: "abc1234",
  homepage: "https://kubeli.dev",
};

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
});
afterEach(() => clearMocks());

describe("About Kubeli", () => {
  it("shows the version and build the backend reports", async () => {
    const calls = mockBackend((cmd) => (cmd === "app_info" ? info : null));
    const user = userEvent.setup();
    render(<SettingsMenu />);
    await user.click(screen.getByTestId("settings-button"));
    await user.click(await screen.findByTestId("about-button"));
    expect(await screen.findByTestId("about-version")).toHaveTextContent("9.8.7");
    expect(screen.getByTestId("about-panel")).toHaveTextContent("release · x86_64-linux · abc1234");
    expect(calls.filter((c) => c.cmd === "app_info")).toHaveLength(1);
  });
});

function TitleProbe() {
  useWindowTitle();
  return null;
}

describe("window title", () => {
  it("names the active cluster and its label, and falls back to Kubeli", async () => {
    expect(windowTitle(null, null)).toBe("Kubeli");
    expect(windowTitle("prod-eu", null)).toBe("prod-eu — Kubeli");
    expect(windowTitle("prod-eu", "production")).toBe("prod-eu (production) — Kubeli");

    const prod = cluster("prod-eu");
    mockWindows("main");
    const calls = mockBackend((cmd) => (cmd === "connect" ? connectionInfo(prod) : null));
    render(<TitleProbe />);
    // Named after the frame is painted.
    await waitFor(() => expect(document.title).toBe("Kubeli"));
    useClusterStore.setState({ clusters: [prod] });
    await useClusterStore.getState().connect(prod.id);
    await waitFor(() => expect(document.title).toBe("prod-eu — Kubeli"));
    // The OS window is renamed too, not only the document.
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "plugin:window|set_title").map((c) => c.args.value)).toContain("prod-eu — Kubeli"),
    );
  });
});
