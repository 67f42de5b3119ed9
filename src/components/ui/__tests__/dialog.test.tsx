import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <main data-testid="background">
        <Button onClick={() => setOpen(true)}>Open</Button>
        <Button>Behind</Button>
      </main>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete web?" description="It cannot be undone.">
        <Button data-autofocus onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button variant="destructive">Delete</Button>
      </Dialog>
    </>
  );
}

async function openDialog() {
  const user = userEvent.setup();
  render(<Harness />);
  const opener = screen.getByRole("button", { name: "Open" });
  await user.click(opener);
  return { user, opener, dialog: await screen.findByRole("dialog", { name: "Delete web?" }) };
}

describe("Dialog", () => {
  it("moves focus to [data-autofocus] and is described by its description", async () => {
    const { dialog } = await openDialog();
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(dialog).toHaveAccessibleDescription("It cannot be undone.");
  });

  it("traps Tab inside the dialog", async () => {
    const { user, dialog } = await openDialog();
    for (let i = 0; i < 6; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("makes the background inert: hidden from assistive tech and unclickable", async () => {
    await openDialog();
    expect(screen.getByTestId("background").closest("[aria-hidden='true']")).not.toBeNull();
    expect(screen.queryByRole("button", { name: "Behind" })).not.toBeInTheDocument();
    expect(document.body).toHaveStyle({ pointerEvents: "none" });
  });

  it("closes on Escape and returns focus to the opener", async () => {
    const { user, opener } = await openDialog();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(screen.getByRole("button", { name: "Behind" })).toBeInTheDocument();
  });

  it("returns focus to the opener when closed from inside", async () => {
    const { user, opener } = await openDialog();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
  });

  it("renders the destructive confirm red, not in the primary colour", async () => {
    await openDialog();
    const confirm = screen.getByRole("button", { name: "Delete" });
    expect(confirm).toHaveClass("bg-red-500");
    expect(confirm).not.toHaveClass("bg-sky-500");
  });
});
