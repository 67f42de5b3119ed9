import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { IconButton } from "@/components/ui/icon-button";
import { TooltipHost } from "@/components/ui/tooltip";

describe("Tooltip via IconButton", () => {
  it("keeps the text on the trigger and opens on keyboard focus, closes on Escape", async () => {
    const user = userEvent.setup();
    render(
      <>
        <IconButton label="Refresh" tooltip="Refresh (re-read kubeconfig files)">R</IconButton>
        <TooltipHost />
      </>,
    );
    const button = screen.getByRole("button", { name: "Refresh" });
    expect(button).toHaveAttribute("data-tooltip", "Refresh (re-read kubeconfig files)");
    expect(button).not.toHaveAttribute("title");

    await user.tab();
    expect(button).toHaveFocus();
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Refresh (re-read kubeconfig files)");
    expect(button).toHaveAccessibleDescription("Refresh (re-read kubeconfig files)");

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
    expect(button).not.toHaveAttribute("aria-describedby");
  });

  it("goes when its trigger leaves the page while it shows", async () => {
    const user = userEvent.setup();
    // The host keeps its place in the tree; only the trigger goes.
    const Page = ({ trigger }: { trigger: boolean }) => (
      <>
        {trigger ? <IconButton label="Close prod">x</IconButton> : <span />}
        <TooltipHost />
      </>
    );
    const { rerender } = render(<Page trigger />);
    await user.tab();
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Close prod");
    rerender(<Page trigger={false} />);
    await waitFor(() => expect(screen.queryByRole("tooltip")).not.toBeInTheDocument());
  });
});
