/**
 * A log tab's Download: the backend saves the file; the toast names the path, or the cause when it
 * failed. A port-forward's Open: the backend opens the address; a failure shows its cause.
 */
import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { Toaster } from "@/components/ui/toaster";
import { appError, mockBackend } from "@/test/backend";
import { DEFAULT_LOG_OPTIONS, type LogTab } from "@/stores/stream-store";
import { logTab } from "@/test/log-tab";
import { fileTimestamp, logFileParts, openInBrowser, saveLog } from "../utils/download";

const tab = (target: LogTab["target"], container: string | null = null): LogTab =>
  logTab({ id: "t1", context: "/home/ana/.kube/config#prod", streamId: "logs-1", target, options: { ...DEFAULT_LOG_OPTIONS, container } });

beforeEach(() => {
  render(<Toaster />);
});

describe("log download", () => {
  it("names the file after pod and container, and the time", () => {
    expect(fileTimestamp(new Date(2026, 10, 28, 9, 4, 2))).toBe("20261128-090402");
    expect(logFileParts(tab({ type: "pod", pod: "web-1", container: "main" }))).toEqual({ pod: "web-1", container: "main" });
    expect(logFileParts(tab({ type: "pod", pod: "web-1", container: null }))).toEqual({ pod: "web-1", container: "all" });
    expect(logFileParts(tab({ type: "workload", kind: "deployments", name: "web" }))).toEqual({ pod: "deployments-web", container: "all" });
  });

  it("has the backend save the text and shows the full path with Show in folder", async () => {
    const path = "/home/ana/Downloads/prod-web-1-main-20261128-090402.log";
    const calls = mockBackend((cmd) => (cmd === "save_log_file" ? path : null));
    await expect(saveLog(tab({ type: "pod", pod: "web-1", container: "main" }), "a\nb\n", new Date(2026, 10, 28, 9, 4, 2))).resolves.toBe(path);
    expect(calls.find((c) => c.cmd === "save_log_file")?.args).toEqual({ context: "/home/ana/.kube/config#prod", pod: "web-1", container: "main", timestamp: "20261128-090402", text: "a\nb\n" });
    expect(await screen.findByText(path)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Show in folder" })).toBeInTheDocument();
  });

  it("shows why saving failed, naming the cluster", async () => {
    const cause = "prod: could not save the log: the Downloads folder /home/ana/Downloads does not exist";
    mockBackend((cmd) => {
      if (cmd === "save_log_file") throw appError(cause, "saveFile");
      return null;
    });
    await expect(saveLog(tab({ type: "pod", pod: "web-1", container: null }), "x\n")).resolves.toBeNull();
    expect(await screen.findByText("Could not save the log")).toBeInTheDocument();
    expect(screen.getByText(cause)).toBeInTheDocument();
  });
});

describe("open in browser", () => {
  it("asks the backend to open the forward's port for its cluster", async () => {
    const calls = mockBackend(() => null);
    await openInBrowser("/home/ana/.kube/config#prod", 23456);
    expect(calls.find((c) => c.cmd === "open_forward_in_browser")?.args).toEqual({ context: "/home/ana/.kube/config#prod", port: 23456 });
    expect(screen.queryByText(/Could not open/)).not.toBeInTheDocument();
  });

  it("shows why the browser could not be opened, naming the cluster", async () => {
    const cause = "prod: could not open http://localhost:23456/: no opener started it (xdg-open: exit status: 3; not installed: gnome-open, kde-open)";
    mockBackend((cmd) => {
      if (cmd === "open_forward_in_browser") throw appError(cause, "openExternal");
      return null;
    });
    await openInBrowser("/home/ana/.kube/config#prod", 23456);
    expect(await screen.findByText("Could not open http://localhost:23456/")).toBeInTheDocument();
    expect(screen.getByText(cause)).toBeInTheDocument();
  });
});
