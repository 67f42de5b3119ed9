import { Badge } from "@/components/ui/badge";
import { FileIcon, FolderIcon, Trash2Icon } from "lucide-react";
import { cn } from "@/lib/cn";
import type { KubeconfigSource } from "@/lib/tauri/bindings";
import { originLabel, sourceKindLabel } from "../utils/format";
import { IconButton } from "@/components/ui/icon-button";

type SourceListProps = {
  sources: KubeconfigSource[];
  /** When given, user-added sources get a remove button. */
  onRemove?: (path: string) => void;
  busyPath?: string | null;
};

/** Where Kubeli looks for kubeconfig files, with each entry's origin and whether it exists. */
export function SourceList({ sources, onRemove, busyPath }: SourceListProps) {
  if (sources.length === 0) {
    return <p className="text-sm text-zinc-500">No kubeconfig locations are configured.</p>;
  }
  return (
    <ul className="divide-y divide-zinc-800 overflow-hidden rounded-lg border border-zinc-800" aria-label="Kubeconfig sources">
      {sources.map((source) => {
        const Icon = source.isDir ? FolderIcon : FileIcon;
        return (
          <li key={source.path} data-testid="kubeconfig-source" data-origin={source.origin} className="flex items-center gap-3 bg-zinc-950/40 px-3 py-2.5">
            <Icon className={cn("shrink-0", source.exists ? "text-zinc-400" : "text-zinc-600")} />
            <div className="min-w-0 flex-1">
              <p className={cn("font-mono text-xs break-all", source.exists ? "text-zinc-200" : "text-zinc-400")}>{source.path}</p>
              <div className="mt-1 flex flex-wrap gap-1.5">
                <Badge tone={source.origin === "userAdded" ? "accent" : "neutral"}>{originLabel(source.origin)}</Badge>
                <Badge tone={source.exists ? "success" : "warning"}>{sourceKindLabel(source)}</Badge>
              </div>
            </div>
            {onRemove && source.origin === "userAdded" ? (
              <IconButton
                label={`Remove ${source.path}`}
                tooltip="Remove this source"
                disabled={busyPath === source.path}
                onClick={() => onRemove(source.path)}
                className="text-zinc-500 hover:bg-red-500/15 hover:text-red-300"
              >
                <Trash2Icon />
              </IconButton>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
