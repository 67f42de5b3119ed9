import { memo, useEffect, useRef, useState } from "react";
import type { Terminal } from "@xterm/xterm";
import type { FitAddon } from "@xterm/addon-fit";
import type { SearchAddon } from "@xterm/addon-search";
import { ChevronDownIcon, ChevronUpIcon } from "lucide-react";
import { streamCommands } from "@/stores/stream-api";
import { subscribeExecOutput } from "@/stores/stream-events";
import { useStreamStore, type ShellTab } from "@/stores/stream-store";
import { StreamBanner } from "./stream-banner";

type Xterm = { term: Terminal; fit: FitAddon; search: SearchAddon };

/** xterm and its addons are loaded on first use, so the main bundle does not carry them. */
async function createTerminal(): Promise<Xterm> {
  const [{ Terminal }, { FitAddon }, { SearchAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit"), import("@xterm/addon-search"), import("@xterm/xterm/css/xterm.css")]);
  // The DOM renderer (xterm's default): the screen text stays in the DOM, readable by
  // assistive technology and end-to-end tests; WebGL is not reliable in WebKitGTK.
  const term = new Terminal({ cursorBlink: true, fontSize: 13, fontFamily: "ui-monospace, Menlo, monospace", scrollback: 5000, theme: { background: "#09090b" } });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  return { term, fit, search };
}

const tabOf = (tabId: string) => useStreamStore.getState().tabs.find((t) => t.id === tabId);
/** Keys typed while a session starts, kept for it (at most this many characters). */
const EARLY_INPUT_LIMIT = 4096;

/**
 * A shell tab: an exec session in xterm. Keys and pastes go to `exec_input`, size changes to
 * `exec_resize`; the session starts once the terminal knows its size. Kept mounted while
 * hidden (another tab or cluster is shown), so its screen and scrollback stay.
 */
export const TerminalView = memo(function TerminalView({ tab, visible }: { tab: ShellTab; visible: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [xterm, setXterm] = useState<Xterm | null>(null);
  const [query, setQuery] = useState("");
  // What was typed before the session had started goes to it once it has.
  const early = useRef("");

  useEffect(() => {
    let disposed = false;
    let made: Xterm | null = null;
    void createTerminal().then((x) => {
      if (disposed || !host.current) return x.term.dispose();
      made = x;
      x.term.open(host.current);
      if (host.current.clientWidth > 0) x.fit.fit();
      x.term.onData((data) => {
        const shown = tabOf(tab.id);
        if (shown?.streamId) void streamCommands.execInput(shown.streamId, data);
        else if (shown?.status === "starting") early.current = (early.current + data).slice(-EARLY_INPUT_LIMIT);
      });
      x.term.onResize(({ cols, rows }) => {
        const id = tabOf(tab.id)?.streamId;
        if (id) void streamCommands.execResize(id, cols, rows);
      });
      // Ctrl+Shift+C / Ctrl+Shift+V copy and paste, as terminals do (Ctrl+C stays an interrupt).
      x.term.attachCustomKeyEventHandler((event) => {
        if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
        if (event.code === "KeyC") {
          void navigator.clipboard?.writeText(x.term.getSelection());
          return false;
        }
        if (event.code === "KeyV") {
          void navigator.clipboard?.readText().then((text) => x.term.paste(text));
          return false;
        }
        return true;
      });
      setXterm(x);
    });
    return () => {
      disposed = true;
      made?.term.dispose();
    };
  }, [tab.id]);

  // The session starts once the terminal knows its size: when it is made, and again when an
  // ended tab is started again (a new session, below the old screen).
  useEffect(() => {
    if (xterm && tab.status === "starting" && !tab.streamId) void useStreamStore.getState().startShell(tab.id, xterm.term.cols, xterm.term.rows);
  }, [xterm, tab.id, tab.status, tab.streamId]);

  useEffect(() => {
    if (!tab.streamId || !early.current) return;
    void streamCommands.execInput(tab.streamId, early.current);
    early.current = "";
  }, [tab.streamId]);

  // Output of the session, whatever cluster is active.
  useEffect(() => {
    if (!xterm || !tab.streamId) return;
    return subscribeExecOutput(tab.streamId, (data) => xterm.term.write(data));
  }, [xterm, tab.streamId]);

  // The end stays readable in the terminal itself, under the last output.
  useEffect(() => {
    if (xterm && tab.status === "ended" && tab.end) xterm.term.write(`\r\n\x1b[33m[${tab.end.message}]\x1b[0m\r\n`);
  }, [xterm, tab.status, tab.end]);

  // Fit to the dock whenever it is shown or resized.
  useEffect(() => {
    if (!xterm || !visible || !host.current) return;
    const fit = () => {
      if (host.current && host.current.clientWidth > 0) xterm.fit.fit();
    };
    fit();
    xterm.term.focus();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(fit);
    observer?.observe(host.current);
    return () => observer?.disconnect();
  }, [xterm, visible]);

  return (
    <div data-testid="terminal-tab" data-tab-id={tab.id} className={visible ? "flex min-h-0 flex-1 flex-col" : "hidden"}>
      <div className="flex items-center gap-2 border-b border-zinc-800 px-2 py-1 text-xs text-zinc-400">
        <span className="font-mono">{tab.command ? tab.command.join(" ") : tab.status === "starting" ? "starting…" : ""}</span>
        <span className="text-zinc-600">Ctrl+Shift+C / Ctrl+Shift+V copy and paste</span>
        <div className="ml-auto flex items-center gap-1">
          <input
            type="search"
            aria-label="Search the terminal"
            placeholder="Search…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") void (e.shiftKey ? xterm?.search.findPrevious(query) : xterm?.search.findNext(query));
            }}
            className="h-6 w-36 rounded border border-zinc-700 bg-zinc-900 px-2 text-xs text-zinc-100 focus:border-sky-500 focus:outline-none"
          />
          <button type="button" aria-label="Previous match" className="rounded p-1 hover:bg-zinc-800" onClick={() => xterm?.search.findPrevious(query)}>
            <ChevronUpIcon width={13} height={13} />
          </button>
          <button type="button" aria-label="Next match" className="rounded p-1 hover:bg-zinc-800" onClick={() => xterm?.search.findNext(query)}>
            <ChevronDownIcon width={13} height={13} />
          </button>
        </div>
      </div>
      {tab.reattached ? (
        <p data-testid="stream-reattached" className="border-b border-zinc-800 bg-sky-500/[0.06] px-3 py-1 text-xs text-sky-200">
          Re-attached after a reload: the earlier screen was lost with the page; new output keeps coming.
        </p>
      ) : null}
      <StreamBanner tab={tab} />
      <div ref={host} data-testid="terminal" data-tab-id={tab.id} data-stream-id={tab.streamId ?? ""} data-context={tab.context} data-status={tab.status} className="min-h-0 flex-1 bg-zinc-950 p-1" />
    </div>
  );
});
