import { TriangleAlertIcon } from "lucide-react";
import type { SourceError } from "@/lib/tauri/bindings";
import { errorPosition, plural } from "../utils/format";

/** Kubeconfig files that could not be read or parsed. Other files' contexts still show. */
export function SourceErrorsPanel({ errors }: { errors: SourceError[] }) {
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby="source-errors-title" className="rounded-xl border border-amber-500/30 bg-amber-500/[0.06] p-4">
      <h2 id="source-errors-title" className="flex items-center gap-2 text-sm font-semibold text-amber-200">
        <TriangleAlertIcon className="text-amber-400" />
        {plural(errors.length, "kubeconfig file")} could not be read
      </h2>
      <ul className="mt-3 space-y-2">
        {errors.map((error, index) => {
          const position = errorPosition(error);
          return (
            <li key={`${error.file}-${index}`} data-testid="source-error" className="rounded-md border border-zinc-800 bg-zinc-950/60 px-3 py-2 text-xs">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-mono break-all text-zinc-200">{error.file}</span>
                {position ? <span className="text-amber-300/90">{position}</span> : null}
              </div>
              <p className="mt-1 break-words text-zinc-400">{error.message}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
