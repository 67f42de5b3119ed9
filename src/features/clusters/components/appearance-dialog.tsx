import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { clusterColorClasses } from "@/lib/cluster-colors";
import { cn } from "@/lib/cn";
import { CLUSTER_COLORS, type ClusterColor } from "@/lib/cluster-colors";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { Tooltip } from "@/components/ui/tooltip";

const LABEL_PRESETS: Array<{ label: string; color: ClusterColor }> = [
  { label: "production", color: "red" },
  { label: "staging", color: "amber" },
  { label: "dev", color: "green" },
];

/** Colour and label of one cluster, shown on its tab and around the whole window. */
export function AppearanceDialog() {
  const id = useClusterUiStore((s) => s.appearanceFor);
  const setAppearanceFor = useClusterUiStore((s) => s.setAppearanceFor);
  const name = useClusterStore((s) => (id ? (s.connectedClusters.get(id)?.cluster.context ?? s.clusters?.find((c) => c.id === id)?.context ?? id) : ""));
  return (
    <Dialog open={id !== null} onClose={() => setAppearanceFor(null)} title={`Colour, label and guard — ${name}`} description="Shown on the tab and as a coloured edge around the window while this cluster is active.">
      {id ? <AppearanceForm key={id} id={id} onDone={() => setAppearanceFor(null)} /> : null}
    </Dialog>
  );
}

function AppearanceForm({ id, onDone }: { id: string; onDone: () => void }) {
  const prefs = useClusterStore((s) => s.prefs[id]);
  const setAppearance = useClusterStore((s) => s.setAppearance);
  const setGuard = useClusterStore((s) => s.setGuard);
  const [color, setColor] = useState<ClusterColor | null>(prefs?.color ?? null);
  const [label, setLabel] = useState(prefs?.label ?? "");
  const [guarded, setGuarded] = useState(prefs?.protected === true);
  const [readOnly, setReadOnly] = useState(prefs?.readOnly === true);
  const labelId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAppearance(id, { color, label });
    setGuard(id, { protected: guarded, readOnly });
    onDone();
  };

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-zinc-400">Colour</legend>
        <div role="radiogroup" aria-label="Colour" className="flex flex-wrap gap-2">
          <Swatch selected={color === null} onSelect={() => setColor(null)} label="No colour" className="border border-dashed border-zinc-600 bg-transparent" />
          {CLUSTER_COLORS.map((c) => (
            <Swatch key={c} selected={color === c} onSelect={() => setColor(c)} label={c} className={clusterColorClasses[c].swatch} />
          ))}
        </div>
      </fieldset>
      <label htmlFor={labelId} className="mt-4 mb-1.5 block text-xs font-medium text-zinc-400">
        Label
      </label>
      <Input id={labelId} data-testid="cluster-label-input" value={label} maxLength={24} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. production" />
      <div className="mt-2 flex flex-wrap gap-1.5">
        {LABEL_PRESETS.map((preset) => (
          <button
            key={preset.label}
            type="button"
            onClick={() => {
              setLabel(preset.label);
              setColor(preset.color);
            }}
            className={cn("rounded border px-2 py-0.5 text-[11px] font-medium uppercase", clusterColorClasses[preset.color].chip)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <fieldset className="mt-5 space-y-2 text-sm text-zinc-300">
        <legend className="mb-2 text-xs font-medium text-zinc-400">Production guard</legend>
        <label className="flex items-start gap-2">
          <input type="checkbox" data-testid="guard-protected" checked={guarded} onChange={(e) => setGuarded(e.target.checked)} className="mt-0.5 h-4 w-4 accent-red-500" />
          <span>
            Protected <span className="text-zinc-500">— deleting, draining, restarting or scaling to 0 asks for the cluster's name to be typed</span>
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input type="checkbox" data-testid="guard-read-only" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} className="mt-0.5 h-4 w-4 accent-red-500" />
          <span>
            Read-only <span className="text-zinc-500">— every change is refused, by the window and by Kubeli's backend</span>
          </span>
        </label>
      </fieldset>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" data-testid="save-appearance">
          Save
        </Button>
      </div>
    </form>
  );
}

function Swatch({ selected, onSelect, label, className }: { selected: boolean; onSelect: () => void; label: string; className: string }) {
  return (
    <Tooltip content={label}>
      <button
        type="button"
        role="radio"
        aria-checked={selected}
        aria-label={label}
        onClick={onSelect}
        className={cn(
          "h-7 w-7 rounded-full outline-none focus-visible:ring-2 focus-visible:ring-sky-400 focus-visible:ring-offset-2 focus-visible:ring-offset-zinc-900",
          selected && "ring-2 ring-zinc-100 ring-offset-2 ring-offset-zinc-900",
          className,
        )}
      />
    </Tooltip>
  );
}
