import { memo } from "react";
import { cn } from "@/lib/cn";
import type { BufferedLine } from "@/stores/log-buffer";
import { ansiSegments, highlight } from "../utils/ansi";
import { sourceColor, sourceLabel } from "../utils/source-colors";

type LogRowProps = { line: BufferedLine; showSource: boolean; merged: boolean; query: string; current: boolean; wrap: boolean };

/** One log line: its source (coloured per source), then its text with ANSI colours and search matches. */
export const LogRow = memo(function LogRow({ line, showSource, merged, query, current, wrap }: LogRowProps) {
  const segments = highlight(ansiSegments(line.text), query);
  return (
    <div data-testid="log-line" data-seq={line.seq} data-current-match={current ? "true" : undefined} className={cn("flex gap-3 px-3 font-mono text-xs leading-[18px]", !wrap && "h-[18px]", current && "bg-amber-400/10")}>
      {showSource ? (
        <span data-testid="log-source" className={cn("w-48 shrink-0 truncate", sourceColor(line.source))} data-tooltip={`${line.pod}/${line.container}`}>
          {sourceLabel(line.pod, line.container, merged)}
        </span>
      ) : null}
      <span className={cn("min-w-0 text-zinc-200", wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre")}>
        {segments.map((s, i) => (
          <span
            key={i}
            style={s.color || s.background ? { color: s.color ?? undefined, backgroundColor: s.background ?? undefined } : undefined}
            className={cn(s.bold && "font-bold", s.underline && "underline", s.match && (current ? "bg-amber-400 text-zinc-950" : "bg-amber-400/40 text-zinc-50"))}
            data-match={s.match ? "true" : undefined}
          >
            {s.text}
          </span>
        ))}
      </span>
    </div>
  );
});
