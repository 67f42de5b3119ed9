import { PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useStreamStore } from "@/stores/stream-store";
import { useDetailsStore } from "../stores/details-store";
import { DetailsPanel } from "./details-panel";
import { YamlCreateDialog } from "./yaml-create-dialog";

/** What the dashboard shows over its views: the details panel, and "Create from YAML" with its dialog. */
export function DetailsLayer({ context, clusterName, namespace }: { context: string; clusterName: string; namespace: string | null }) {
  const setCreating = useDetailsStore((s) => s.setCreating);
  // Above the streams dock, never over its tabs or its last lines.
  const dockInset = useStreamStore((s) => s.dockInset);
  return (
    <>
      <Button variant="primary" className="fixed right-5 z-20 shadow-lg shadow-black/40" style={{ bottom: dockInset + 20 }} onClick={() => setCreating(true)} data-testid="create-resource">
        <PlusIcon width={14} height={14} /> Create
      </Button>
      <DetailsPanel />
      <YamlCreateDialog context={context} clusterName={clusterName} namespace={namespace} />
    </>
  );
}
