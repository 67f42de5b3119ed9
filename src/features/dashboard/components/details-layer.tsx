import { PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useDetailsStore } from "../stores/details-store";
import { DetailsPanel } from "./details-panel";
import { YamlCreateDialog } from "./yaml-create-dialog";

/** What the dashboard shows over its views: the details panel, and "Create from YAML" with its dialog. */
export function DetailsLayer({ context, clusterName, namespace }: { context: string; clusterName: string; namespace: string | null }) {
  const setCreating = useDetailsStore((s) => s.setCreating);
  return (
    <>
      <Button variant="primary" className="fixed right-5 bottom-5 z-20 shadow-lg shadow-black/40" onClick={() => setCreating(true)} data-testid="create-resource">
        <PlusIcon width={14} height={14} /> Create
      </Button>
      <DetailsPanel />
      <YamlCreateDialog context={context} clusterName={clusterName} namespace={namespace} />
    </>
  );
}
