/** The window tells the user once when settings or saved state could not be used. */
import { clearMocks } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Toaster } from "@/components/ui/toaster";
import { CLUSTER_STORAGE_KEY, takeSavedStateNotices } from "@/stores/cluster-persistence";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { mockBackend } from "@/test/backend";
import { useStartupNotices } from "../startup-notices";

function Notices() {
  useStartupNotices();
  return <Toaster />;
}

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
  takeSavedStateNotices();
});
afterEach(() => clearMocks());

describe("start-up notices", () => {
  it("shows the backend's settings warning, naming the backup", async () => {
    const warning = "settings file /cfg/settings.json could not be used (it is not UTF-8 text); it was kept as /cfg/settings.json.broken and defaults are used";
    mockBackend((cmd) => (cmd === "settings_warning" ? warning : null));
    render(<Notices />);
    expect(await screen.findByText("Settings could not be loaded")).toBeTruthy();
    expect(screen.getByText(warning)).toBeTruthy();
  });

  it("shows a notice when the saved cluster state was garbage, once", async () => {
    mockBackend(() => null);
    localStorage.setItem(CLUSTER_STORAGE_KEY, "\u0000garbage");
    await useClusterStore.persist.rehydrate();
    const { unmount } = render(<Notices />);
    expect(await screen.findByText("Saved cluster state was reset")).toBeTruthy();
    expect(screen.getByText(/not valid JSON/)).toBeTruthy();
    // Mounting again (strict mode, a remount) does not repeat it.
    unmount();
    render(<Notices />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getAllByText("Saved cluster state was reset")).toHaveLength(1);
  });
});
