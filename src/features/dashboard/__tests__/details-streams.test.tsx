/** Logs and shells opened from the details panel close it, so the dock is in view; a forward keeps it. */
import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Value } from "@/lib/tauri/bindings";
import { DetailsStreams } from "../components/details-streams";
import { useDetailsStore, type DetailsTarget } from "../stores/details-store";
import { useStreamStore } from "@/stores/stream-store";
import { mockBackend } from "@/test/backend";
import { resetAppStores } from "@/test/reset-stores";

const target: DetailsTarget = { context: "prod", kind: "pods", namespace: "shop", name: "web-1" };
const object = { metadata: { name: "web-1", namespace: "shop" }, spec: { containers: [{ name: "main" }] } } as unknown as Value;

beforeEach(() => {
  resetAppStores();
  mockBackend(() => null);
  useDetailsStore.getState().open(target);
});

describe("details panel stream buttons", () => {
  it.each([
    ["details-open-logs", "logs"],
    ["details-open-shell", "shell"],
  ])("%s opens a %s tab and closes the panel", (testId, type) => {
    render(<DetailsStreams target={target} object={object} />);
    fireEvent.click(screen.getByTestId(testId));
    expect(useStreamStore.getState().tabs.map((t) => t.type)).toEqual([type]);
    expect(useDetailsStore.getState().target).toBeNull();
  });

  it("keeps the panel open for a port-forward (its dialog opens over it)", () => {
    render(<DetailsStreams target={target} object={object} />);
    fireEvent.click(screen.getByTestId("details-open-port-forward"));
    expect(useStreamStore.getState().forwardDialog?.context).toBe("prod");
    expect(useDetailsStore.getState().target).toEqual(target);
  });
});
