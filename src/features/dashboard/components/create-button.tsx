import { PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useDetailsStore } from "../stores/details-store";

/**
 * "Create from YAML", at the end of the view's toolbar: in the toolbar it covers no row (as a
 * floating button it hid the actions of the last row in view). The dialog is the details layer's.
 */
export function CreateResourceButton() {
  const setCreating = useDetailsStore((s) => s.setCreating);
  return (
    <Button variant="primary" className="ml-auto h-7 px-2.5 text-xs" onClick={() => setCreating(true)} data-testid="create-resource">
      <PlusIcon width={14} height={14} /> Create
    </Button>
  );
}
