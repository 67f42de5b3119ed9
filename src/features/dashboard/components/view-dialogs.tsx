/** The dialogs a resource view opens over its table: one row's action, or a bulk delete (or scale / restart). */
import { BulkDeleteDialog, type BulkKind, type BulkTarget } from "./bulk-delete-dialog";
import { RowActionDialog, type RowAction } from "./row-action-dialogs";

type Props = {
  action: RowAction | null;
  onActionClose: () => void;
  bulk: BulkTarget[] | null;
  kindName: string;
  /** What the bulk dialog does; delete unless told otherwise. */
  bulkAction?: BulkKind;
  /** The bulk dialog closed (done or cancelled): the view drops it and its selection. */
  onBulkClose: () => void;
};

export function ViewDialogs({ action, onActionClose, bulk, kindName, bulkAction = "delete", onBulkClose }: Props) {
  return (
    <>
      <RowActionDialog action={action} onClose={onActionClose} />
      {bulk ? <BulkDeleteDialog kindName={kindName} targets={bulk} action={bulkAction} onClose={onBulkClose} /> : null}
    </>
  );
}
