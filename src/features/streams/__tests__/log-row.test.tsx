/** A log line's ANSI colours become styles; its text never becomes markup. */
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { BufferedLine } from "@/stores/log-buffer";
import { LogRow } from "../components/log-row";
import { highlight } from "../utils/ansi";

const line = (text: string, source = 0, pod = "web-1", container = "main"): BufferedLine => ({ text, source, pod, container, seq: 0 });

describe("LogRow", () => {
  it("renders HTML in a log line as text", () => {
    const { container } = render(<LogRow line={line('<img src=x onerror="alert(1)"><b>bold</b>')} showSource={false} merged={false} query="" current={false} wrap={false} />);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(screen.getByTestId("log-line")).toHaveTextContent('<img src=x onerror="alert(1)"><b>bold</b>');
  });

  it("turns ANSI colour codes into coloured text without the codes", () => {
    render(<LogRow line={line("ok \u001b[31mfailed\u001b[0m <x>")} showSource={false} merged={false} query="" current={false} wrap={false} />);
    const row = screen.getByTestId("log-line");
    expect(row).toHaveTextContent("ok failed <x>");
    expect(row.textContent).not.toContain("\u001b");
    const red = screen.getByText("failed");
    expect(red.style.color).toMatch(/^rgb\(/);
    expect(screen.getByText("<x>", { exact: false }).style.color).toBe("");
  });

  it("highlights every match of the search, case-insensitively, across colours", () => {
    render(<LogRow line={line("Error \u001b[32merror\u001b[0m done")} showSource={false} merged={false} query="error" current={false} wrap={false} />);
    const hits = screen.getByTestId("log-line").querySelectorAll('[data-match="true"]');
    expect([...hits].map((h) => h.textContent)).toEqual(["Error", "error"]);
    expect(highlight([{ text: "abcabc", color: null, background: null, bold: false, underline: false, match: false }], "BC").map((s) => [s.text, s.match])).toEqual([
      ["a", false],
      ["bc", true],
      ["a", false],
      ["bc", true],
    ]);
  });

  it("shows the source in its own colour: pod and container when merged", () => {
    const { rerender } = render(<LogRow line={line("x", 1, "web-2", "app")} showSource merged query="" current={false} wrap={false} />);
    const source = screen.getByTestId("log-source");
    expect(source).toHaveTextContent("web-2/app");
    const color = [...source.classList].find((c) => c.startsWith("text-"));
    rerender(<LogRow line={line("x", 2, "web-3", "app")} showSource merged query="" current={false} wrap={false} />);
    expect([...screen.getByTestId("log-source").classList].find((c) => c.startsWith("text-"))).not.toBe(color);
  });
});
