import { cn } from "@/lib/cn";
import { splitServer } from "@/lib/server-url";

/** A server URL on one line that, when too long, keeps its last path segment in view. */
export function ServerUrl({ url, className }: { url: string; className?: string }) {
  const { head, tail } = splitServer(url);
  return (
    <span className={cn("flex min-w-0 whitespace-nowrap", className)} data-testid="server-url">
      <span className="truncate">{head}</span>
      {tail ? <span className="shrink-0">{tail}</span> : null}
    </span>
  );
}
