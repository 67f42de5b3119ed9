import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ClusterHeader, GuardedAction } from "@/components/ui/cluster-guard";
import { Dialog } from "@/components/ui/dialog";
import { guardBlock } from "@/lib/cluster-guard";
import { callCommand } from "@/lib/errors";
import { commands, type AppError } from "@/lib/tauri/bindings";
import { useClusterIdentity } from "@/stores/cluster-identity";
import { useDetailsStore } from "../stores/details-store";
import { checkObjectYaml } from "./yaml-check";
import { YamlEditor } from "./yaml-editor";

const EXAMPLE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: example
data:
  key: value
`;

type CreateProps = { context: string; clusterName: string; namespace: string | null };

/** Create one object from YAML on a cluster, checked here first; it opens in the details panel once created. */
export function YamlCreateDialog({ context, clusterName, namespace }: CreateProps) {
  const creating = useDetailsStore((s) => s.creating);
  const setCreating = useDetailsStore((s) => s.setCreating);
  const open = useDetailsStore((s) => s.open);
  const [draft, setDraft] = useState(EXAMPLE);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // A read-only cluster cannot be changed (the backend refuses it too).
  const facts = useClusterIdentity(context);
  const block = guardBlock(facts, "", false);
  if (!creating) return null;
  const close = () => {
    setCreating(false);
    setError(null);
  };
  const create = async () => {
    // Mistakes the server would only answer after a round trip are said here, at once.
    const invalid = checkObjectYaml(draft);
    if (invalid) {
      setError({ kind: "invalidInput", message: invalid, retryable: false });
      return;
    }
    setBusy(true);
    const result = await callCommand(() => commands.createYaml(context, draft, namespace));
    setBusy(false);
    if (result.status === "error") {
      setError(result.error);
      return;
    }
    const meta = (result.data as { metadata?: { name?: string; namespace?: string }; kind?: string; apiVersion?: string }) ?? {};
    toast.success(
      <>
        Created {meta.kind} {meta.metadata?.name} on <b>{clusterName}</b>
      </>,
    );
    close();
    const group = meta.apiVersion?.includes("/") ? meta.apiVersion.split("/")[0] : "";
    if (meta.kind && meta.metadata?.name) {
      open({ context, kind: group ? `${meta.kind.toLowerCase()}.${group}` : meta.kind.toLowerCase(), namespace: meta.metadata.namespace ?? null, name: meta.metadata.name });
    }
  };
  return (
    <Dialog open onClose={close} title="Create from YAML" badge={<ClusterHeader facts={facts} />} description={`On ${clusterName}${namespace ? `, in namespace ${namespace} unless the YAML names one` : ""}.`} className="max-w-3xl">
      <YamlEditor value={draft} onChange={setDraft} label="YAML of the new object" />
      {error ? (
        <div role="alert" data-testid="yaml-error" className="mt-3 text-xs break-words text-red-300">
          <p>{error.message}</p>
          {error.kind === "conflict" ? <p className="mt-1 text-red-200/80">An object of that name exists: pick another name, or open it and edit it.</p> : null}
        </div>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={close}>
          Cancel
        </Button>
        <GuardedAction block={block}>
          <Button variant="primary" disabled={busy || block !== null} onClick={() => void create()} data-testid="create-yaml">
            {busy ? "Creating…" : "Create"}
          </Button>
        </GuardedAction>
      </div>
    </Dialog>
  );
}
