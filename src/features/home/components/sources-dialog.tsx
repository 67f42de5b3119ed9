import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { PlusIcon } from "lucide-react";
import type { KubeconfigSource } from "@/lib/tauri/bindings";
import { useDiscoveryStore } from "../stores/use-discovery-store";
import { SourceList } from "./source-list";

const NO_SOURCES: KubeconfigSource[] = [];

type SourcesDialogProps = { open: boolean; onClose: () => void; onAddSource: () => void };

export function SourcesDialog({ open, onClose, onAddSource }: SourcesDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Kubeconfig sources" description="Where Kubeli looks for kubeconfig files." className="max-w-2xl">
      <SourcesDialogBody onAddSource={onAddSource} />
    </Dialog>
  );
}

function SourcesDialogBody({ onAddSource }: { onAddSource: () => void }) {
  const sources = useDiscoveryStore((s) => s.discovery?.sources ?? NO_SOURCES);
  const removeSource = useDiscoveryStore((s) => s.removeSource);
  const [busyPath, setBusyPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const remove = async (path: string) => {
    setBusyPath(path);
    setError(null);
    const failure = await removeSource(path);
    setBusyPath(null);
    if (failure) setError(failure.message);
  };

  return (
    <div className="space-y-4">
      <SourceList sources={sources} onRemove={(path) => void remove(path)} busyPath={busyPath} />
      {error ? (
        <p role="alert" className="text-xs text-red-300">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button variant="primary" onClick={onAddSource}>
          <PlusIcon />
          Add file or folder
        </Button>
      </div>
    </div>
  );
}
