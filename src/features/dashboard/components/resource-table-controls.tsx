/** The resource table's own controls: a row's or the header's checkbox, and a row's action buttons. */
import { memo, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import type { Value } from "@/lib/tauri/bindings";
import { nameOf } from "../utils/values";
import { isDangerIcon, rowButtonClass, rowIconClass, type RowIcon } from "../utils/row-icons";

export type RowActions = { yaml: boolean; scale: boolean; restart: boolean; delete: boolean; logs?: boolean; shell?: boolean; portForward?: boolean };
export type RowCommand = "yaml" | "scale" | "restart" | "delete" | "logs" | "shell" | "portForward";

export function Checkbox({ label, checked, mixed, onChange, testId }: { label: string; checked: boolean; mixed?: boolean; onChange: () => void; testId?: string }) {
  return (
    <input
      type="checkbox"
      data-testid={testId}
      aria-label={label}
      checked={checked}
      ref={(el) => {
        if (el) el.indeterminate = !checked && (mixed ?? false);
      }}
      onChange={onChange}
      className="h-3.5 w-3.5 accent-sky-500"
    />
  );
}

type RowButtonsProps = { object: Value; actions: RowActions; onAction: (command: RowCommand, object: Value) => void };

/**
 * A row's action buttons. Their tooltips are the window's one (`TooltipHost`), read from
 * `data-tooltip`. Memoised by the object: the clock that redraws a row's age every
 * second leaves them alone.
 */
export const RowButtons = memo(function RowButtons({ object, actions, onAction }: RowButtonsProps) {
  const name = nameOf(object);
  const run = (command: RowCommand) => onAction(command, object);
  return (
    <div className="flex justify-end">
      {actions.logs ? <RowButton testId="open-logs" label={`Logs of ${name} (l)`} icon="logs" onClick={() => run("logs")} /> : null}
      {actions.shell ? <RowButton testId="open-shell" label={`Shell in ${name} (s)`} icon="shell" onClick={() => run("shell")} /> : null}
      {actions.portForward ? <RowButton testId="open-port-forward" label={`Forward a port of ${name}`} icon="portForward" onClick={() => run("portForward")} /> : null}
      {actions.yaml ? <RowButton testId="row-yaml" label={`View YAML of ${name}`} icon="yaml" onClick={() => run("yaml")} /> : null}
      {actions.scale ? (
        <RowButton testId="row-scale" label={`Scale ${name}`} onClick={() => run("scale")}>
          Scale
        </RowButton>
      ) : null}
      {actions.restart ? (
        <RowButton testId="row-restart" label={`Restart ${name}`} onClick={() => run("restart")}>
          Restart
        </RowButton>
      ) : null}
      {actions.delete ? <RowButton testId="row-delete" label={`Delete ${name}`} icon="delete" onClick={() => run("delete")} /> : null}
    </div>
  );
});

/**
 * A row button: text, or an icon drawn by CSS; its colours are CSS too (`utils/row-icons.ts`, no
 * SVG element per button). Red when its icon is a dangerous one (delete): the icon's images are
 * drawn in that colour, so the button's colour follows the icon, not a prop of its own.
 */
function RowButton({ label, onClick, testId, icon, children }: { label: string; onClick: () => void; testId: string; icon?: RowIcon; children?: ReactNode }) {
  const danger = icon !== undefined && isDangerIcon(icon);
  return (
    <button
      type="button"
      data-testid={testId}
      aria-label={label}
      data-tooltip={label}
      onClick={onClick}
      className={cn(
        "flex h-6 min-w-6 items-center justify-center rounded px-1 text-[11px] focus-visible:outline-2 focus-visible:outline-sky-400",
        rowButtonClass(danger),
        icon && rowIconClass(icon),
        danger ? "hover:bg-red-500/15" : "hover:bg-zinc-800",
      )}
    >
      {children}
    </button>
  );
}
