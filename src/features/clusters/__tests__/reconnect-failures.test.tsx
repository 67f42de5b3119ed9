import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { resetClusterStore, useClusterStore } from "@/stores/cluster-store";
import { appError } from "@/test/backend";
import { ReconnectFailures } from "../components/reconnect-failures";

beforeEach(() => {
  localStorage.clear();
  resetClusterStore();
});

const row = (id: string) => screen.getAllByTestId("reconnect-failure").find((r) => r.dataset.clusterId === id)!;

describe("reconnect failures", () => {
  it("offers Retry only for failures that can succeed on a retry", () => {
    useClusterStore.setState({
      reconnectFailures: [
        { id: "a#prod", name: "prod", error: appError("prod: cannot reach the API server: connection refused") },
        { id: "b#gone", name: "gone", error: { kind: "notFound", message: "gone: this context is no longer in your kubeconfig files", retryable: false } },
      ],
    });
    render(<ReconnectFailures />);
    expect(within(row("a#prod")).getByRole("button", { name: "Retry prod" })).toBeInTheDocument();
    expect(within(row("b#gone")).queryByRole("button", { name: /Retry/ })).not.toBeInTheDocument();
    expect(within(row("b#gone")).getByText(/no longer in your kubeconfig/)).toHaveAttribute("data-tooltip", expect.stringContaining("no longer"));
    // One retryable failure: no "Retry all".
    expect(screen.queryByRole("button", { name: "Retry all" })).not.toBeInTheDocument();
  });
});
