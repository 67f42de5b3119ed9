import { DetailsPanel } from "./details-panel";
import { YamlCreateDialog } from "./yaml-create-dialog";

/** What the dashboard shows over its views: the details panel, and the "Create from YAML" dialog (its button is in the view's toolbar). */
export function DetailsLayer({ context, clusterName, namespace }: { context: string; clusterName: string; namespace: string | null }) {
  return (
    <>
      <DetailsPanel />
      <YamlCreateDialog context={context} clusterName={clusterName} namespace={namespace} />
    </>
  );
}
