import { ArrowDownToLineIcon, ChevronDownIcon, ChevronUpIcon, DownloadIcon, PauseIcon, PlayIcon, WrapTextIcon } from "lucide-react";
import { cn } from "@/lib/cn";
import { useStreamStore, type LogTab } from "@/stores/stream-store";

type LogToolbarProps = {
  tab: LogTab;
  paused: boolean;
  waiting: number;
  onPause: () => void;
  wrap: boolean;
  onWrap: () => void;
  query: string;
  onQuery: (query: string) => void;
  matchCount: number;
  matchIndex: number | null;
  onStep: (step: 1 | -1) => void;
  onJumpToEnd: () => void;
  onDownload: () => void;
};

const TAILS: [string, number | null][] = [["100", 100], ["500", 500], ["1000", 1000], ["5000", 5000], ["all", null]];
const SINCE: [string, number | null][] = [["all time", null], ["5 min", 300], ["1 hour", 3600], ["24 hours", 86400]];
const BUFFERS = [10_000, 50_000, 100_000, 200_000];

const selectClass = "h-7 rounded border border-zinc-700 bg-zinc-900 px-1.5 text-xs text-zinc-200";
const toolClass = "flex h-7 items-center gap-1 rounded px-2 text-xs text-zinc-300 hover:bg-zinc-800 hover:text-zinc-50 disabled:opacity-40";

/** The log tab's controls: what to stream (restarts the stream) and how to view it. */
export function LogToolbar(props: LogToolbarProps) {
  const { tab, paused, waiting, onPause, wrap, onWrap, query, onQuery, matchCount, matchIndex, onStep, onJumpToEnd, onDownload } = props;
  const setOptions = useStreamStore((s) => s.setLogOptions);
  const bufferLimit = useStreamStore((s) => s.bufferLimit);
  const setBufferLimit = useStreamStore((s) => s.setBufferLimit);
  const { options } = tab;
  const fixed = tab.target === null;
  const containers = tab.containers.length > 0 ? tab.containers : [...new Set(tab.sources.map((s) => s.container))];
  const change = (o: Parameters<typeof setOptions>[1]) => setOptions(tab.id, o);

  return (
    <div data-testid="log-toolbar" className="flex flex-wrap items-center gap-1.5 border-b border-zinc-800 bg-zinc-950 px-2 py-1">
      {tab.target?.type === "pod" && containers.length > 1 ? (
        <select aria-label="Container" data-testid="log-container" className={selectClass} value={options.container ?? ""} onChange={(e) => change({ container: e.target.value || null })}>
          <option value="">All containers</option>
          {containers.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : null}
      <label className="flex items-center gap-1 text-xs text-zinc-400">
        Tail
        <select aria-label="Tail lines" data-testid="log-tail" disabled={fixed} className={selectClass} value={String(options.tailLines)} onChange={(e) => change({ tailLines: e.target.value === "null" ? null : Number(e.target.value) })}>
          {TAILS.map(([label, value]) => (
            <option key={label} value={String(value)}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 text-xs text-zinc-400">
        Since
        <select aria-label="Since" data-testid="log-since" disabled={fixed} className={selectClass} value={String(options.sinceSeconds)} onChange={(e) => change({ sinceSeconds: e.target.value === "null" ? null : Number(e.target.value) })}>
          {SINCE.map(([label, value]) => (
            <option key={label} value={String(value)}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <Check label="Follow" testId="log-follow" checked={options.follow} disabled={fixed} onChange={(v) => change({ follow: v })} />
      <Check label="Timestamps" testId="log-timestamps" checked={options.timestamps} disabled={fixed} onChange={(v) => change({ timestamps: v })} />
      <Check label="Previous" testId="log-previous" checked={options.previous} disabled={fixed} onChange={(v) => change({ previous: v })} />
      <span className="mx-1 h-4 w-px bg-zinc-800" />
      <button type="button" data-testid="log-pause" aria-pressed={paused} className={toolClass} onClick={onPause}>
        {paused ? <PlayIcon width={13} height={13} /> : <PauseIcon width={13} height={13} />}
        {paused ? `Resume${waiting > 0 ? ` (${waiting} new)` : ""}` : "Pause"}
      </button>
      <button type="button" data-testid="log-wrap" aria-pressed={wrap} className={cn(toolClass, wrap && "bg-zinc-800 text-zinc-50")} onClick={onWrap}>
        <WrapTextIcon width={13} height={13} /> Wrap
      </button>
      <button type="button" data-testid="log-jump-end" className={toolClass} onClick={onJumpToEnd}>
        <ArrowDownToLineIcon width={13} height={13} /> End
      </button>
      <button type="button" data-testid="log-download" className={toolClass} onClick={onDownload}>
        <DownloadIcon width={13} height={13} /> Download
      </button>
      <label className="flex items-center gap-1 text-xs text-zinc-400">
        Keep
        <select aria-label="Lines kept" data-testid="log-buffer-limit" className={selectClass} value={bufferLimit} onChange={(e) => setBufferLimit(Number(e.target.value))}>
          {[...new Set([...BUFFERS, bufferLimit])].sort((a, b) => a - b).map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString("en")} lines
            </option>
          ))}
        </select>
      </label>
      <div className="ml-auto flex items-center gap-1">
        <input
          type="search"
          data-testid="log-search"
          aria-label="Search the log"
          placeholder="Search…"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") onStep(e.shiftKey ? -1 : 1);
          }}
          className="h-7 w-44 rounded border border-zinc-700 bg-zinc-900 px-2 text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none"
        />
        <span data-testid="log-search-count" className="w-14 text-center text-[11px] text-zinc-500">
          {query ? `${matchIndex === null || matchIndex < 0 ? "–" : matchIndex + 1}/${matchCount}` : ""}
        </span>
        <button type="button" data-testid="log-search-prev" aria-label="Previous match" className={toolClass} disabled={matchCount === 0} onClick={() => onStep(-1)}>
          <ChevronUpIcon width={13} height={13} />
        </button>
        <button type="button" data-testid="log-search-next" aria-label="Next match" className={toolClass} disabled={matchCount === 0} onClick={() => onStep(1)}>
          <ChevronDownIcon width={13} height={13} />
        </button>
      </div>
    </div>
  );
}

function Check({ label, testId, checked, disabled, onChange }: { label: string; testId: string; checked: boolean; disabled: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="flex items-center gap-1 text-xs text-zinc-300">
      <input type="checkbox" data-testid={testId} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} className="h-3.5 w-3.5 accent-sky-500" />
      {label}
    </label>
  );
}
