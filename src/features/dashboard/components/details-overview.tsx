import type { ReactNode } from "react";
import type { Value } from "@/lib/tauri/bindings";
import { cn } from "@/lib/cn";
import { useDetailsStore, type DetailsTarget } from "../stores/details-store";
import { age } from "../utils/columns";
import { childKindOf, kindRef, list, record, text, useRelated } from "./details-data";

/** The overview tab: metadata, labels, annotations, conditions, owners and owned objects, events, and a pod's containers. */
export function DetailsOverview({ target, object, now }: { target: DetailsTarget; object: Value; now: number }) {
  const meta = record(record(object).metadata);
  const uid = text(meta.uid);
  const plural = target.kind.split(".")[0];
  const childKind = childKindOf(plural);
  const owned = useRelated(target.context, childKind, target.namespace, (o) => list(record(record(o).metadata).ownerReferences).some((r) => record(r).uid === uid), `${uid}|owned`);
  const events = useRelated(
    target.context,
    "events",
    target.namespace,
    (e) => record(record(e).involvedObject).uid === uid || (record(record(e).involvedObject).name === target.name && record(record(e).involvedObject).kind === record(object).kind),
    `${uid}|events`,
  );
  const conditions = list(record(record(object).status).conditions);
  return (
    <div className="space-y-5 text-[13px]" data-testid="details-overview">
      <Section title="Metadata">
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
          <Term name="Name">{text(meta.name)}</Term>
          {meta.namespace ? <Term name="Namespace">{text(meta.namespace)}</Term> : null}
          <Term name="Created">{meta.creationTimestamp ? `${age(text(meta.creationTimestamp), now)} ago (${text(meta.creationTimestamp)})` : "—"}</Term>
          <Term name="UID">{uid || "—"}</Term>
          <Term name="Version">{text(meta.resourceVersion) || "—"}</Term>
        </dl>
      </Section>
      <Pairs title="Labels" pairs={record(meta.labels)} testid="details-labels" />
      <Pairs title="Annotations" pairs={record(meta.annotations)} testid="details-annotations" />
      {conditions.length > 0 ? (
        <Section title="Conditions">
          <ul className="space-y-1" data-testid="details-conditions">
            {conditions.map((c, i) => {
              const cond = record(c);
              // Pressure and "unavailable" conditions are healthy when False.
              const inverted = /Pressure$|Unavailable$/.test(text(cond.type));
              const ok = (cond.status === "True") !== inverted;
              return (
                <li key={i} className="flex gap-2">
                  <span className={cn("w-56 shrink-0 truncate font-medium", ok ? "text-emerald-300" : "text-amber-300")}>{text(cond.type)}</span>
                  <span className="text-zinc-400">{text(cond.status)}</span>
                  <span className="min-w-0 truncate text-zinc-500">{text(cond.reason)} {text(cond.message)}</span>
                </li>
              );
            })}
          </ul>
        </Section>
      ) : null}
      <Related target={target} owners={list(meta.ownerReferences)} owned={owned} />
      {record(object).kind === "Pod" ? <Containers target={target} pod={object} /> : null}
      <Section title={`Events (${events.length})`}>
        {events.length === 0 ? (
          <p className="text-zinc-500">No events about this object.</p>
        ) : (
          <ul className="space-y-1" data-testid="details-events">
            {events.map((e, i) => {
              const ev = record(e);
              return (
                <li key={i} className="flex gap-2">
                  <span className={cn("w-16 shrink-0", ev.type === "Warning" ? "text-amber-300" : "text-zinc-400")}>{text(ev.type)}</span>
                  <span className="w-32 shrink-0 font-medium text-zinc-200">{text(ev.reason)}</span>
                  <span className="min-w-0 text-zinc-400">{text(ev.message)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </div>
  );
}

function Related({ target, owners, owned }: { target: DetailsTarget; owners: Value[]; owned: Value[] }) {
  if (owners.length === 0 && owned.length === 0) return null;
  return (
    <Section title="Related">
      <ul className="space-y-1" data-testid="details-related">
        {owners.map((o, i) => {
          const ref = record(o);
          return (
            <li key={`o${i}`}>
              <span className="mr-2 text-zinc-500">controlled by</span>
              <ObjectLink target={{ context: target.context, kind: kindRef(text(ref.apiVersion), text(ref.kind)), namespace: target.namespace, name: text(ref.name) }} label={`${text(ref.kind)} ${text(ref.name)}`} />
            </li>
          );
        })}
        {owned.map((o, i) => {
          const obj = record(o);
          const meta = record(obj.metadata);
          return (
            <li key={`c${i}`}>
              <span className="mr-2 text-zinc-500">controls</span>
              <ObjectLink target={{ context: target.context, kind: kindRef(text(obj.apiVersion), text(obj.kind)), namespace: text(meta.namespace) || null, name: text(meta.name) }} label={`${text(obj.kind)} ${text(meta.name)}`} />
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** A link that opens another object's details in the same panel. */
function ObjectLink({ target, label }: { target: DetailsTarget; label: string }) {
  const open = useDetailsStore((s) => s.open);
  return (
    <button type="button" data-testid="details-link" onClick={() => open(target)} className="text-sky-300 hover:underline focus-visible:outline-2 focus-visible:outline-sky-400">
      {label}
    </button>
  );
}

function Containers({ target, pod }: { target: DetailsTarget; pod: Value }) {
  const spec = record(record(pod).spec);
  const statuses = list(record(record(pod).status).containerStatuses).map(record);
  return (
    <Section title="Containers">
      <ul className="space-y-3" data-testid="details-containers">
        {list(spec.containers).map((c, i) => {
          const container = record(c);
          const status = statuses.find((s) => s.name === container.name);
          const state = record(status?.state);
          const [phase, detail] = Object.entries(state)[0] ?? ["unknown", {}];
          const reason = text(record(detail).reason);
          const sources = envSources(container);
          return (
            <li key={i} data-testid="details-container" className="rounded-md border border-zinc-800 p-2.5">
              <div className="flex items-center gap-2">
                <span className="font-medium text-zinc-100">{text(container.name)}</span>
                <span className={cn("text-xs", phase === "running" ? "text-emerald-300" : "text-amber-300")}>
                  {phase}
                  {reason ? ` (${reason})` : ""}
                </span>
                {status ? <span className="text-xs text-zinc-500">restarts {text(status.restartCount)}</span> : null}
              </div>
              <p className="mt-1 font-mono text-xs text-zinc-400">{text(container.image)}</p>
              {list(container.ports).length > 0 ? (
                <p className="mt-1 text-xs text-zinc-400">
                  ports{" "}
                  {list(container.ports)
                    .map((p) => `${text(record(p).containerPort)}/${text(record(p).protocol) || "TCP"}${record(p).name ? ` (${text(record(p).name)})` : ""}`)
                    .join(", ")}
                </p>
              ) : null}
              {sources.length > 0 ? (
                <p className="mt-1 flex flex-wrap gap-2 text-xs text-zinc-400">
                  env from
                  {sources.map((s) => (
                    <ObjectLink key={`${s.kind}/${s.name}`} target={{ context: target.context, kind: s.kind, namespace: target.namespace, name: s.name }} label={`${s.kind === "secrets" ? "Secret" : "ConfigMap"} ${s.name}`} />
                  ))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** ConfigMaps and Secrets a container takes environment variables from. */
function envSources(container: Record<string, Value>): { kind: string; name: string }[] {
  const found = new Map<string, { kind: string; name: string }>();
  const add = (kind: string, name: Value | undefined) => {
    if (typeof name === "string" && name) found.set(`${kind}/${name}`, { kind, name });
  };
  for (const e of list(container.env)) {
    const from = record(record(e).valueFrom);
    add("configmaps", record(from.configMapKeyRef).name);
    add("secrets", record(from.secretKeyRef).name);
  }
  for (const e of list(container.envFrom)) {
    add("configmaps", record(record(e).configMapRef).name);
    add("secrets", record(record(e).secretRef).name);
  }
  return [...found.values()];
}

function Pairs({ title, pairs, testid }: { title: string; pairs: Record<string, Value>; testid: string }) {
  const entries = Object.entries(pairs);
  if (entries.length === 0) return null;
  return (
    <Section title={title}>
      <ul className="flex flex-wrap gap-1.5" data-testid={testid}>
        {entries.map(([k, v]) => (
          <li key={k} className="max-w-full truncate rounded border border-zinc-700 bg-zinc-900 px-1.5 py-0.5 font-mono text-[11px] text-zinc-300" data-tooltip={`${k}=${text(v)}`}>
            {k}={text(v)}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-1.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

function Term({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{name}</dt>
      <dd className="min-w-0 truncate text-zinc-200">{children}</dd>
    </>
  );
}
