import { Button } from "@/components/ui/button";
import { LayersIcon, PlusIcon } from "lucide-react";
import type { KubeconfigSource } from "@/lib/tauri/bindings";
import { SourceList } from "./source-list";

type EmptyStateProps = { sources: KubeconfigSource[]; onAddSource: () => void };

/** No context was found anywhere: say where Kubeli looked and offer to add a file or folder. */
export function EmptyState({ sources, onAddSource }: EmptyStateProps) {
  return (
    <section data-testid="empty-state" aria-labelledby="empty-state-title" className="mx-auto max-w-2xl rounded-2xl border border-dashed border-zinc-800 bg-zinc-900/40 px-6 py-10">
      <div className="flex flex-col items-center text-center">
        <div className="grid h-11 w-11 place-items-center rounded-full bg-zinc-800 text-zinc-300">
          <LayersIcon width={20} height={20} />
        </div>
        <h2 id="empty-state-title" className="mt-4 text-lg font-semibold text-zinc-100">
          No kubeconfig contexts found
        </h2>
        <p className="mt-1.5 max-w-md text-sm text-zinc-400">
          Like kubectl, Kubeli reads the files listed in the <code className="font-mono text-zinc-300">KUBECONFIG</code> environment
          variable or, when it is not set, <code className="font-mono text-zinc-300">~/.kube/config</code>; plus any file or folder you
          add. It looked here:
        </p>
      </div>
      <div className="mt-6">
        <SourceList sources={sources} />
      </div>
      <div className="mt-6 flex justify-center">
        <Button variant="primary" onClick={onAddSource} data-testid="empty-state-add-source">
          <PlusIcon />
          Add a kubeconfig file or folder
        </Button>
      </div>
    </section>
  );
}
