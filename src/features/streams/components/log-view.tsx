import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { logTimings } from "@/stores/log-buffer";
import { logBufferOf, useStreamStore, type LogTab } from "@/stores/stream-store";
import { stripAnsi } from "../utils/ansi";
import { saveLog } from "../utils/download";
import { LogSearch } from "../utils/log-search";
import { LogRow } from "./log-row";
import { LogToolbar } from "./log-toolbar";
import { StreamBanner } from "./stream-banner";
import { shownStatus } from "../utils/stream-status";

const LINE_HEIGHT = 18;
const FALLBACK_VIEWPORT = 400;
/** Rows drawn above and below the viewport without wrap (rows have a fixed height then). */
const FIXED_OVERSCAN = 12;

/**
 * A log tab's lines: virtualised (only the lines in view are in the DOM), following the end
 * unless the user scrolled up or paused (pausing keeps buffering and counts what is new).
 * Without wrap every row is LINE_HEIGHT tall, so the rows in view are plain arithmetic on the
 * scroll position (nothing per line of the buffer); with wrap the virtualizer measures rows.
 * The view redraws at most once per frame (stream-events coalesces batches), never while hidden.
 */
export function LogView({ tab, visible = true }: { tab: LogTab; visible?: boolean }) {
  const renderStart = performance.now();
  const buffer = logBufferOf(tab.id);
  // Redraws with every batch of lines (the buffer changes in place); not at all while hidden
  // (the dock collapsed or the dashboard not shown): it catches up when shown again.
  const version = useStreamStore((s) => (visible ? (s.lineVersions[tab.id] ?? 0) : -1));
  const scrollRef = useRef<HTMLDivElement>(null);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [wrap, setWrap] = useState(false);
  const [stick, setStick] = useState(true);
  const [query, setQuery] = useState("");
  const [current, setCurrent] = useState<number | null>(null);
  // Fixed rows: the first row at the top of the viewport, and the viewport's height.
  const [topRow, setTopRow] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);

  // While paused, lines after the pause are kept but not shown.
  const shownEnd = pausedAt === null ? buffer.total : Math.max(buffer.firstSeq, pausedAt);
  const count = Math.max(0, shownEnd - buffer.firstSeq);
  const waiting = pausedAt === null ? 0 : buffer.total - shownEnd;
  // Lines of several pods (a workload) name the pod too; one pod's containers only the container.
  const merged = tab.target?.type !== "pod";
  const showSource = merged || buffer.sources.length > 1;

  // The matches are kept incrementally: a batch scans only its new lines, evicted ones drop out.
  const [search] = useState(() => new LogSearch());
  const matchCount = useMemo(
    () => {
      search.update(buffer, query, shownEnd - 1);
      return search.count;
    },
    // The buffer changes in place; its version says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [buffer, query, shownEnd, version],
  );

  // The virtualizer's functions change nothing React memoises here (no compiled children take them).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: wrap ? count : 0,
    enabled: wrap,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
    initialRect: { width: 0, height: FALLBACK_VIEWPORT },
    // Before layout (and in tests, where there is none) assume a viewport, so lines are drawn.
    observeElementRect: (instance, onRect) => observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT })),
  });

  useLayoutEffect(() => {
    logTimings.renders++;
    logTimings.renderMs += performance.now() - renderStart;
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const following = stick && pausedAt === null;
  useLayoutEffect(() => {
    if (!following || count === 0) return;
    if (wrap) virtualizer.scrollToIndex(count - 1, { align: "end" });
    else if (scrollRef.current) scrollRef.current.scrollTop = count * LINE_HEIGHT;
  }, [following, count, version, wrap, virtualizer]);

  const scrollToLine = (index: number, align: "center" | "end") => {
    if (wrap) return virtualizer.scrollToIndex(index, { align });
    const el = scrollRef.current;
    if (el) el.scrollTop = align === "end" ? count * LINE_HEIGHT : index * LINE_HEIGHT - (viewport - LINE_HEIGHT) / 2;
  };

  const goTo = (step: 1 | -1) => {
    const seq = search.step(current, step);
    setCurrent(seq);
    if (seq === null) return;
    setStick(false);
    scrollToLine(seq - buffer.firstSeq, "center");
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    setStick(el.scrollTop + el.clientHeight >= el.scrollHeight - LINE_HEIGHT * 2);
    setTopRow(Math.floor(el.scrollTop / LINE_HEIGHT));
  };

  // Following the end, the rows in view are the last ones, whatever scroll event is still due.
  const firstInView = following ? Math.max(0, count - Math.ceil(viewport / LINE_HEIGHT)) : Math.min(topRow, count);
  const fixedFirst = Math.max(0, firstInView - FIXED_OVERSCAN);
  const fixedEnd = Math.min(count, firstInView + Math.ceil(viewport / LINE_HEIGHT) + FIXED_OVERSCAN);

  const download = () => {
    const text = buffer
      .toArray()
      .map((l) => (showSource ? `${l.pod}/${l.container} ${stripAnsi(l.text)}` : stripAnsi(l.text)))
      .join("\n");
    void saveLog(tab, `${text}\n`);
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div data-testid="log-view" data-tab-id={tab.id} data-stream-id={tab.streamId ?? ""} data-context={tab.context} data-status={shownStatus(tab)} data-lines={count} data-total={buffer.total} className="flex min-h-0 flex-1 flex-col">
      <LogToolbar
        tab={tab}
        paused={pausedAt !== null}
        waiting={waiting}
        onPause={() => setPausedAt(pausedAt === null ? buffer.total : null)}
        wrap={wrap}
        onWrap={() => setWrap(!wrap)}
        query={query}
        onQuery={(q) => {
          setQuery(q);
          setCurrent(null);
        }}
        matchCount={matchCount}
        matchIndex={current === null ? null : search.indexOf(current)}
        onStep={goTo}
        onJumpToEnd={() => {
          setPausedAt(null);
          setStick(true);
          if (count > 0) scrollToLine(count - 1, "end");
        }}
        onDownload={download}
      />
      {tab.reattached ? (
        <p data-testid="stream-reattached" className="border-b border-zinc-800 bg-sky-500/[0.06] px-3 py-1 text-xs text-sky-200">
          Re-attached after a reload: earlier lines were lost with the page; new lines keep coming.
        </p>
      ) : null}
      <StreamBanner tab={tab} />
      <div ref={scrollRef} onScroll={onScroll} data-testid="log-scroll" className="min-h-0 flex-1 overflow-auto bg-zinc-950" tabIndex={0} aria-label={`Log lines of ${tab.title}`}>
        {count === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">{tab.status === "starting" ? "Starting the log stream…" : "No log lines yet."}</p>
        ) : !wrap ? (
          <div style={{ height: count * LINE_HEIGHT, position: "relative", minWidth: "100%" }} className="w-max">
            <div style={{ transform: `translateY(${fixedFirst * LINE_HEIGHT}px)` }}>
              {Array.from({ length: fixedEnd - fixedFirst }, (_, i) => {
                const line = buffer.at(fixedFirst + i);
                return line ? <LogRow key={line.seq} line={line} showSource={showSource} merged={merged} query={query} current={line.seq === current} wrap={false} /> : null;
              })}
            </div>
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative", minWidth: "100%" }}>
            {items.map((item) => {
              const line = buffer.at(item.index);
              if (!line) return null;
              return (
                <div key={line.seq} data-index={item.index} ref={virtualizer.measureElement} style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                  <LogRow line={line} showSource={showSource} merged={merged} query={query} current={line.seq === current} wrap />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
