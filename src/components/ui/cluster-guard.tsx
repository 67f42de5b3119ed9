/**
 * How a cluster is named and guarded wherever it appears: its name shortened in the middle
 * (full name on hover), the file it came from when the name is shared, the guard label
 * (protected / read-only), and the "type the cluster's name" field of destructive confirms.
 * Shared UI: the facts come in as props (see `stores/cluster-identity.ts`).
 */
import { LockIcon, ShieldAlertIcon } from "lucide-react";
import { useId, type ReactElement } from "react";
import { clusterColorClasses } from "@/lib/cluster-colors";
import type { GuardFacts } from "@/lib/cluster-guard";
import { cn } from "@/lib/cn";
import { Button } from "./button";
import { Input } from "./input";
import { Tooltip } from "./tooltip";

/** The name, shortened in the middle, with the full name (and file) on hover; plus the file when the name is shared. */
export function ClusterName({ facts, className }: { facts: Pick<GuardFacts, "short" | "file" | "full">; className?: string }) {
  return (
    <span className={cn("inline-flex min-w-0 items-baseline gap-1", className)}>
      <Tooltip content={facts.full}>
        <span data-testid="cluster-name" className="min-w-0 truncate">
          {facts.short}
        </span>
      </Tooltip>
      {facts.file ? (
        <span data-testid="cluster-file" className="shrink-0 font-mono text-[0.85em] text-amber-200/80">
          ({facts.file})
        </span>
      ) : null}
    </span>
  );
}

/** "PROTECTED" / "READ-ONLY" next to a cluster's name, in its colour; nothing when unguarded. */
export function GuardBadge({ facts, className }: { facts: Pick<GuardFacts, "protected" | "protectedBy" | "readOnly" | "color" | "label">; className?: string }) {
  if (!facts.protected && !facts.readOnly) return null;
  const tone = facts.color ? clusterColorClasses[facts.color].chip : "border-red-500/50 bg-red-500/15 text-red-200";
  const text = facts.readOnly ? "read-only" : "protected";
  const group = facts.protectedBy ? ` (group ${facts.protectedBy})` : "";
  const why = facts.readOnly ? "Read-only in Kubeli: every change is refused." : `Protected${group}: destructive actions need the cluster's name typed.`;
  return (
    <Tooltip content={why}>
      <span data-testid="guard-label" data-guard={text} className={cn("inline-flex shrink-0 items-center gap-1 rounded border px-1 text-[10px] leading-4 font-semibold uppercase", tone, className)}>
        {facts.readOnly ? <LockIcon size={10} /> : <ShieldAlertIcon size={10} />}
        {facts.label ? `${facts.label} · ${text}` : text}
      </span>
    </Tooltip>
  );
}

/** The field a protected cluster's destructive confirm asks its name in. */
export function ConfirmNameField({ facts, value, onChange }: { facts: Pick<GuardFacts, "name" | "file" | "protected" | "readOnly">; value: string; onChange: (value: string) => void }) {
  const inputId = useId();
  if (!facts.protected || facts.readOnly) return null;
  return (
    <div className="mb-3">
      <label htmlFor={inputId} className="mb-1.5 block text-xs text-zinc-400">
        This cluster is protected. Type <b className="font-mono text-zinc-100 select-all">{facts.name}</b>
        {facts.file ? <> (from {facts.file})</> : null} to confirm.
      </label>
      <Input
        id={inputId}
        data-testid="confirm-name-input"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={value.length > 0 && value.trim() !== facts.name ? true : undefined}
      />
    </div>
  );
}

/** A dialog header's line about its cluster: the name (and file when shared) and its guard label. */
export function ClusterHeader({ facts }: { facts: GuardFacts }) {
  return (
    <span data-testid="dialog-cluster" className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-300">
      <ClusterName facts={facts} />
      <GuardBadge facts={facts} />
    </span>
  );
}

/** A confirm button that says why it is disabled when the guard blocks it. */
export function GuardedAction({ block, children }: { block: string | null; children: ReactElement }) {
  if (!block) return children;
  return (
    <Tooltip content={block}>
      <span tabIndex={0} data-testid="guard-block" className="rounded-md focus-visible:outline-2 focus-visible:outline-sky-400">
        {children}
      </span>
    </Tooltip>
  );
}

/**
 * A confirm dialog's buttons: Cancel (focused first unless `autofocusCancel` is false) and the
 * `confirm-action` button, disabled while busy, while the guard blocks it (saying why) or when
 * `disabled`. Without `onConfirm` the button submits its form.
 */
export function ConfirmButtons({
  label,
  busyLabel,
  busy,
  block,
  onCancel,
  onConfirm,
  disabled = false,
  destructive = true,
  autofocusCancel = true,
}: {
  label: string;
  busyLabel: string;
  busy: boolean;
  block: string | null;
  onCancel: () => void;
  onConfirm?: () => void;
  disabled?: boolean;
  destructive?: boolean;
  autofocusCancel?: boolean;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="ghost" onClick={onCancel} data-autofocus={autofocusCancel ? true : undefined}>
        Cancel
      </Button>
      <GuardedAction block={block}>
        <Button
          type={onConfirm ? "button" : "submit"}
          variant={destructive ? "destructive" : "primary"}
          onClick={onConfirm}
          disabled={busy || block !== null || disabled}
          data-testid="confirm-action"
        >
          {busy ? busyLabel : label}
        </Button>
      </GuardedAction>
    </div>
  );
}
