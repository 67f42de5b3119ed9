import { useCallback, useEffect, useState } from "react";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type Value } from "@/lib/tauri/bindings";
import { nextRequestId } from "@/stores/resource-store";
import type { DetailsTarget } from "../stores/details-store";

/** A plain JSON object view of a Kubernetes value (empty for anything else). */
export function record(value: Value | undefined): Record<string, Value> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Value>) : {};
}

/** A JSON array view of a value (empty for anything else). */
export function list(value: Value | undefined): Value[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: Value | undefined): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value);
}

export type Loaded<T> = { data: T | null; error: AppError | null; loading: boolean };

/** The object a panel shows, read when opened, again on `reload()` and whenever `revision` moves (it changed on the server). */
export function useObject(target: DetailsTarget, revision = 0): Loaded<Value> & { reload: () => void } {
  const [state, setState] = useState<Loaded<Value>>({ data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    void callCommand(() => commands.getResource(target.context, target.kind, target.namespace, target.name)).then((r) => {
      if (!live) return;
      // A failed re-read keeps what was shown (a deleted object stays readable).
      setState((s) => (r.status === "ok" ? { data: r.data, error: null, loading: false } : { data: s.data, error: r.error, loading: false }));
    });
    return () => {
      live = false;
    };
  }, [target, round, revision]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

/** Objects of `kind` in `namespace` (all when null) that `keep` accepts; null kind reads nothing. */
export function useRelated(context: string, kind: string | null, namespace: string | null, keep: (o: Value) => boolean, key: string): Value[] {
  const [items, setItems] = useState<Value[]>([]);
  useEffect(() => {
    if (!kind) return;
    let live = true;
    void callCommand(() => commands.listResources(context, kind, namespace, 500, null)).then((r) => {
      if (live && r.status === "ok") setItems(r.data.items.filter(keep));
    });
    return () => {
      live = false;
    };
    // `key` stands for `keep` (a new closure every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [context, kind, namespace, key]);
  return kind ? items : [];
}

/** An object's YAML (values of a Secret only when `reveal`), with a reader that abandons on close. */
export function useYaml(target: DetailsTarget, reveal: boolean, round = 0): Loaded<string> {
  const [state, setState] = useState<Loaded<string>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    let pending = true;
    const request = nextRequestId();
    void callCommand(() => commands.getResourceYaml(target.context, target.kind, target.namespace, target.name, reveal, request)).then((r) => {
      pending = false;
      if (!live) return;
      setState(r.status === "ok" ? { data: r.data, error: null, loading: false } : { data: null, error: r.error, loading: false });
    });
    return () => {
      live = false;
      if (pending) void commands.cancelRequest(request).catch(() => false);
    };
  }, [target, reveal, round]);
  return state;
}

/** The kind name to open an object of `apiVersion`/`kind` with (`replicaset.apps`), as kubectl reads it. */
export function kindRef(apiVersion: string, kind: string): string {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

/** What a controller of `kind` owns directly, as a kind name to list. */
export function childKindOf(plural: string): string | null {
  switch (plural) {
    case "deployments":
      return "replicasets.apps";
    case "replicasets":
    case "statefulsets":
    case "daemonsets":
    case "jobs":
      return "pods";
    case "cronjobs":
      return "jobs.batch";
    default:
      return null;
  }
}
