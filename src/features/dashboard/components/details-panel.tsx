import { useEffect, useRef, useState } from "react";
import { XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useClusterStore } from "@/stores/cluster-store";
import { selectResolvedKind, useResourceStore } from "@/stores/resource-store";
import { useDetailsStore, type DetailsTab, type DetailsTarget } from "../stores/details-store";
import { DetailsActions } from "./details-actions";
import { DetailsStreams } from "./details-streams";
import { record, text, useObject, useYaml } from "./details-data";
import { useFollow } from "./details-follow";
import { DetailsOverview } from "./details-overview";
import { SameNameElsewhere } from "./details-same-name";
import { YamlEdit } from "./yaml-edit";
import { useViewShown } from "./view-shown";

const TABS: { id: DetailsTab; label: string }[] = [
  { id: "overview", label: "Overview" },
  { id: "yaml", label: "YAML" },
  { id: "edit", label: "Edit" },
];

/**
 * The details of the object the details store points at, beside the table, kept live: a change
 * on the server reloads the overview and YAML (an edit in progress is asked first), a delete
 * shows the last known state as deleted. Escape closes it and focus returns to the row.
 */
export function DetailsPanel() {
  const target = useDetailsStore((s) => s.target);
  const close = useDetailsStore((s) => s.close);
  // Behind the home grid (the dashboard kept mounted, `App.tsx`) Escape is not the panel's.
  const shown = useViewShown();
  useEffect(() => {
    if (!target || !shown) return;
    const onKey = (event: KeyboardEvent) => {
      // A dialog over the panel takes its own Escape.
      if (event.key !== "Escape" || event.defaultPrevented || document.querySelector('[role="dialog"][data-state="open"]')) return;
      close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [target, close, shown]);
  if (!target) return null;
  return <PanelBody key={`${target.context}|${target.kind}|${target.namespace ?? ""}|${target.name}`} target={target} onClose={close} />;
}

function PanelBody({ target, onClose }: { target: DetailsTarget; onClose: () => void }) {
  const clusterName = useClusterStore((s) => s.connectedClusters.get(target.context)?.cluster.context ?? target.context);
  const info = useResourceStore(selectResolvedKind(target.context, target.kind));
  const tab = useDetailsStore((s) => s.tab);
  const setTab = useDetailsStore((s) => s.setTab);
  const [shownVersion, setShownVersion] = useState<string | null>(null);
  const follow = useFollow(target, shownVersion);
  const object = useObject(target, follow.deleted ? -1 : follow.revision);
  const version = text(record(record(object.data ?? undefined).metadata).resourceVersion) || null;
  if (version !== shownVersion) setShownVersion(version);
  const deleted = follow.deleted || object.error?.kind === "notFound";
  const [now] = useState(() => Date.now());
  const heading = useRef<HTMLHeadingElement>(null);
  const hidesValues = info?.hidesValues ?? target.kind.split(".")[0] === "secrets";
  useEffect(() => heading.current?.focus(), []);
  const kindName = text(record(object.data ?? undefined).kind) || target.kind;

  return (
    <aside
      data-testid="details-panel"
      aria-label={`Details of ${target.name}`}
      className="fixed top-0 right-0 bottom-0 z-30 flex w-[min(48rem,70vw)] flex-col border-l border-zinc-800 bg-zinc-950 shadow-2xl shadow-black/60"
    >
      <header className="flex items-start gap-3 border-b border-zinc-800 px-5 py-3">
        <div className="min-w-0 flex-1">
          <p className="text-[11px] tracking-wide text-zinc-500 uppercase">
            {kindName} · {clusterName}
            {target.namespace ? ` · ${target.namespace}` : ""}
          </p>
          <h2 ref={heading} tabIndex={-1} className="truncate text-base font-semibold text-zinc-50 focus:outline-none" data-testid="details-name">
            {target.name}
          </h2>
        </div>
        {object.data ? <DetailsStreams target={target} object={object.data} /> : null}
        {object.data ? <DetailsActions target={target} object={object.data} clusterName={clusterName} onDone={object.reload} /> : null}
        <Button variant="ghost" onClick={onClose} aria-label="Close details" data-testid="details-close">
          <XIcon width={16} height={16} />
        </Button>
      </header>
      <div role="tablist" aria-label="Details views" className="flex gap-1 border-b border-zinc-800 px-5">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`details-tab-${t.id}`}
            onClick={() => setTab(t.id)}
            className={cn("-mb-px border-b-2 px-3 py-2 text-xs font-medium", tab === t.id ? "border-sky-400 text-zinc-50" : "border-transparent text-zinc-400 hover:text-zinc-200")}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="min-h-0 flex-1 overflow-auto px-5 py-4">
        {object.error && !(deleted && object.data) ? (
          <p role="alert" data-testid="details-error" className="text-sm text-red-300">
            {object.error.message}
          </p>
        ) : !object.data ? (
          <p className="text-sm text-zinc-500">Loading…</p>
        ) : tab === "overview" ? (
          <>
            <DetailsOverview target={target} object={object.data} now={now} />
            <SameNameElsewhere target={target} />
          </>
        ) : tab === "yaml" ? (
          <ReadOnlyYaml target={target} hidesValues={hidesValues} revision={follow.revision} />
        ) : (
          <YamlEdit target={target} clusterName={clusterName} hidesValues={hidesValues} onApplied={object.reload} revision={follow.revision} deleted={deleted} />
        )}
      </div>
      {/* Below the tab panel: it appears when the watch hears of the delete, and above it would move
          the panel's contents under the cursor. */}
      {deleted ? (
        <p role="status" data-testid="details-deleted" className="border-t border-red-500/30 bg-red-500/[0.08] px-5 py-2 text-xs text-red-200">
          {target.name} was deleted on {clusterName}. What is shown is its last known state.
        </p>
      ) : null}
    </aside>
  );
}

/** The object's YAML, read-only; a Secret's values only once revealed. */
function ReadOnlyYaml({ target, hidesValues, revision }: { target: DetailsTarget; hidesValues: boolean; revision: number }) {
  const [reveal, setReveal] = useState(false);
  const yaml = useYaml(target, reveal, revision);
  return (
    <div className="space-y-3">
      {hidesValues ? (
        <div className="flex items-center justify-between gap-3 rounded-md border border-amber-500/30 bg-amber-500/[0.06] px-3 py-2 text-xs text-amber-200">
          <span>{reveal ? "Secret values are shown." : "Secret values are hidden."}</span>
          <Button variant="ghost" onClick={() => setReveal((r) => !r)} data-testid="reveal-secret">
            {reveal ? "Hide values" : "Reveal values"}
          </Button>
        </div>
      ) : null}
      {yaml.error ? (
        <p role="alert" className="text-sm text-red-300">{yaml.error.message}</p>
      ) : (
        <pre data-testid="yaml-view" tabIndex={0} className="overflow-auto rounded-md border border-zinc-800 bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-200">
          {yaml.data ?? "Loading…"}
        </pre>
      )}
    </div>
  );
}
