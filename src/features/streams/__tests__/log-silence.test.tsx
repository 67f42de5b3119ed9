/** A followed log whose cluster stops answering waits with its lines shown, and goes on in place. */
import { act, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { resetAppStores } from "@/test/reset-stores";
import { applyStreamEvent, flushLineUpdates } from "@/stores/stream-events";
import { useStreamStore } from "@/stores/stream-store";
import { logTab } from "@/test/log-tab";
import { LogView } from "../components/log-view";

const WHY = "lab-a: the cluster stopped answering (no answer from the API server within 5 s while probing its health); the log goes on from where it stopped when lab-a answers";
const source = { pod: "web-1", container: "main" };
const tab = logTab({ context: "lab-a", sources: [source] });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ ...source, text: `line ${from + i}` }));

function Shown() {
  const shown = useStreamStore((s) => s.tabs[0]);
  return shown?.type === "logs" ? <LogView tab={shown} /> : null;
}

const send = (event: Parameters<typeof applyStreamEvent>[0]) =>
  act(() => {
    applyStreamEvent(event);
    flushLineUpdates();
  });

beforeEach(() => {
  resetAppStores();
  useStreamStore.setState({ tabs: [tab] });
});

describe("a log whose cluster stops answering", () => {
  it("says it waits, keeps its lines, and goes on after them when the cluster answers", () => {
    render(<Shown />);
    send({ type: "logLines", id: "s-1", context: "lab-a", lines: lines(0, 20) });
    expect(screen.queryByTestId("stream-waiting")).toBeNull();

    send({ type: "logSources", id: "s-1", context: "lab-a", sources: [source], waiting: WHY });
    expect(screen.getByTestId("stream-waiting")).toHaveTextContent(`Waiting — ${WHY}. The lines shown stay.`);
    expect(screen.getByTestId("log-view")).toHaveAttribute("data-status", "waiting");
    expect(screen.getByTestId("log-view")).toHaveAttribute("data-lines", "20");
    expect(useStreamStore.getState().tabs[0].status).toBe("running");

    send({ type: "logSources", id: "s-1", context: "lab-a", sources: [source], waiting: null });
    send({ type: "logLines", id: "s-1", context: "lab-a", lines: lines(20, 25) });
    expect(screen.queryByTestId("stream-waiting")).toBeNull();
    expect(screen.getByTestId("log-view")).toHaveAttribute("data-status", "running");
    expect(screen.getByTestId("log-view")).toHaveAttribute("data-lines", "25");
  });

  it("shows why it ended, not that it waits, once it ended", () => {
    render(<Shown />);
    send({ type: "logSources", id: "s-1", context: "lab-a", sources: [source], waiting: WHY });
    send({ type: "streamEnded", id: "s-1", context: "lab-a", end: { message: "lab-a: pod shop/web-1 is gone — the log stream ended", kind: "notFound", exitCode: null } });
    expect(screen.queryByTestId("stream-waiting")).toBeNull();
    expect(screen.getByTestId("stream-ended")).toHaveTextContent("pod shop/web-1 is gone");
    // lab-a is not connected (here): nothing to start again on.
    expect(screen.queryByTestId("stream-restart")).toBeNull();
    expect(screen.getByTestId("log-view")).toHaveAttribute("data-status", "ended");
  });
});
