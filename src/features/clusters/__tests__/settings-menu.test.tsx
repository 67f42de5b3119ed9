import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { CLUSTER_STORAGE_KEY } from "@/stores/cluster-persistence";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { SettingsMenu } from "../components/settings-menu";

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
});

describe("settings popover", () => {
  it("opens from its button, changes the setting, and closes on Escape back to the button", async () => {
    const user = userEvent.setup();
    render(<SettingsMenu />);
    const button = screen.getByTestId("settings-button");
    expect(button).toHaveAttribute("data-tooltip", "Settings");
    await user.click(button);
    await user.click(await screen.findByTestId("auto-reconnect-setting"));
    expect(useClusterStore.getState().autoReconnect).toBe(false);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("auto-reconnect-setting")).not.toBeInTheDocument());
    expect(button).toHaveFocus();
  });

  it("closes on a click outside", async () => {
    const user = userEvent.setup();
    render(
      <>
        <SettingsMenu />
        <p>elsewhere</p>
      </>,
    );
    await user.click(screen.getByTestId("settings-button"));
    expect(await screen.findByTestId("auto-reconnect-setting")).toBeInTheDocument();
    await user.click(screen.getByText("elsewhere"));
    await waitFor(() => expect(screen.queryByTestId("auto-reconnect-setting")).not.toBeInTheDocument());
  });
});

describe("pause background clusters setting", () => {
  it("is off by default and saves the chosen minutes", async () => {
    const user = userEvent.setup();
    render(<SettingsMenu />);
    await user.click(screen.getByTestId("settings-button"));
    const select = await screen.findByTestId("pause-background");
    expect(select).toHaveValue("off");
    expect(useClusterStore.getState().pauseBackgroundAfterMin).toBeNull();
    await user.selectOptions(select, "5");
    expect(useClusterStore.getState().pauseBackgroundAfterMin).toBe(5);
    expect(JSON.parse(localStorage.getItem(CLUSTER_STORAGE_KEY) ?? "{}").state?.pauseBackgroundAfterMin ?? "not saved").toBe(5);
    await user.selectOptions(select, "off");
    expect(useClusterStore.getState().pauseBackgroundAfterMin).toBeNull();
  });
});
