import { useMemo } from "react";
import { diffLines } from "diff";
import { cn } from "@/lib/cn";

/** The change from `before` (the live object) to `after` (the edit), line by line. */
export function YamlDiff({ before, after }: { before: string; after: string }) {
  const parts = useMemo(() => diffLines(before, after), [before, after]);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <div data-testid="yaml-diff" className="max-h-[55vh] overflow-auto rounded-md border border-zinc-800 bg-zinc-950 py-2 font-mono text-xs leading-5">
      {changed ? null : <p className="px-3 text-zinc-400">No change: the edit is the same as the live object.</p>}
      {parts.flatMap((part, i) =>
        part.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, j) => (
            <div
              key={`${i}-${j}`}
              data-change={part.added ? "added" : part.removed ? "removed" : undefined}
              className={cn("px-3 whitespace-pre", part.added ? "bg-emerald-500/15 text-emerald-200" : part.removed ? "bg-red-500/15 text-red-200" : "text-zinc-500")}
            >
              <span aria-hidden="true" className="mr-2 inline-block w-3 select-none">
                {part.added ? "+" : part.removed ? "-" : " "}
              </span>
              {line}
            </div>
          )),
      )}
    </div>
  );
}
