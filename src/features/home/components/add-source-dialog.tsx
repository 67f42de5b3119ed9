import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useDiscoveryStore } from "../stores/use-discovery-store";

type AddSourceDialogProps = { open: boolean; onClose: () => void };

export function AddSourceDialog({ open, onClose }: AddSourceDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add a kubeconfig file or folder"
      description="Kubeli reads the file, or every kubeconfig file in the folder, next to your default ones."
    >
      {/* Mounted only while open, so the form starts empty each time. */}
      <AddSourceForm onDone={onClose} />
    </Dialog>
  );
}

function AddSourceForm({ onDone }: { onDone: () => void }) {
  const addSource = useDiscoveryStore((s) => s.addSource);
  const [path, setPath] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const errorId = useId();
  const inputId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    if (!path.trim()) {
      setError("Enter the absolute path of a kubeconfig file or folder.");
      return;
    }
    setSubmitting(true);
    setError(null);
    const failure = await addSource(path);
    setSubmitting(false);
    if (failure) setError(failure.message);
    else onDone();
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={inputId} className="mb-1.5 block text-xs font-medium text-zinc-400">
        Path
      </label>
      <Input
        id={inputId}
        data-testid="add-source-input"
        data-autofocus
        value={path}
        onChange={(e) => {
          setPath(e.target.value);
          if (error) setError(null);
        }}
        placeholder="/home/you/.kube/staging.yaml"
        spellCheck={false}
        autoComplete="off"
        className="font-mono"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <p id={errorId} role="alert" data-testid="add-source-error" className="mt-2 text-xs break-words text-red-300">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={submitting}>
          {submitting ? "Adding…" : "Add source"}
        </Button>
      </div>
    </form>
  );
}
