import { useCallback, useEffect, useRef, useState } from "react";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type ComparedObject, type NamespaceSummary, type PathDifference, type Value } from "@/lib/tauri/bindings";
import { nextRequestId } from "@/stores/resource-store";

type Loaded<T> = { data: T | null; error: AppError | null; loading: boolean };

/**
 * Runs `load` whenever `key` changes; an answer to an older key is dropped, so changing the
 * clusters or the status switch quickly never shows a stale compare.
 */
function useLoaded<T>(key: string | null, load: () => Promise<{ status: "ok"; data: T } | { status: "error"; error: AppError }>): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { key: string | null }>({ data: null, error: null, loading: key !== null, key });
  if (state.key !== key) setState({ data: null, error: null, loading: key !== null, key });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    void callCommand(load).then((result) => {
      if (!current) return;
      setState(result.status === "ok" ? { data: result.data, error: null, loading: false, key } : { data: null, error: result.error, loading: false, key });
    });
    return () => {
      current = false;
    };
    // `load` is made from the values `key` is made of.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

/** One cluster's side as the view shows it: still loading, cancelled by the user, or what the cluster answered. */
export type ViewSide = Omit<ComparedObject, "state"> & { state: ComparedObject["state"] | "loading" | "cancelled" };

export type Comparison = {
  /** One per context, in the order asked; the first is the one the others are shown against. */
  sides: ViewSide[];
  /** Paths where the sides found so far differ; `values` follow `sides` (null for the others). Null while the core works them out. */
  differences: PathDifference[] | null;
  /** Some side is still being read. */
  loading: boolean;
  /** Abandons every side still being read (the core aborts those requests). */
  cancel: () => void;
};

const cancelledError: AppError = { kind: "requestCancelled", message: "Cancelled before this cluster answered.", retryable: true };

type SidesState = { key: string | null; sides: ViewSide[]; objects: (Value | null)[] };

function loadingSides(contexts: string[]): ViewSide[] {
  return contexts.map((context) => ({ context, state: "loading", yaml: null, error: null }));
}

/**
 * The object compared across `contexts` (at least two), noise removed, status on request.
 * Each cluster's side is its own abandonable request, shown as it arrives (a slow or hung
 * cluster holds back none of the others); the differences are those of the sides found so
 * far. Closing the view (unmount), changing what is compared, or `cancel` abandons the
 * requests still out.
 */
export function useComparison(contexts: string[], kind: string, namespace: string | null, name: string, includeStatus: boolean): Comparison {
  const key = contexts.length >= 2 ? JSON.stringify([contexts, kind, namespace, name, includeStatus]) : null;
  const [state, setState] = useState<SidesState>({ key, sides: loadingSides(contexts), objects: contexts.map(() => null) });
  if (state.key !== key) setState({ key, sides: loadingSides(contexts), objects: contexts.map(() => null) });
  // The requests still out, by side index, for `cancel` and the unmount.
  const pending = useRef(new Map<number, string>());

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const out = new Map<number, string>();
    pending.current = out;
    contexts.forEach((context, i) => {
      const request = nextRequestId();
      out.set(i, request);
      void callCommand(() => commands.compareSide(context, kind, namespace, name, includeStatus, request)).then((result) => {
        if (!out.delete(i) || !current) return;
        const side: ViewSide = result.status === "ok" ? result.data.side : { context, state: "failed", yaml: null, error: result.error };
        const object = result.status === "ok" ? result.data.object : null;
        setState((s) => (s.key !== key ? s : { key, sides: s.sides.map((old, j) => (j === i ? side : old)), objects: s.objects.map((old, j) => (j === i ? object : old)) }));
      });
    });
    return () => {
      current = false;
      for (const request of out.values()) void commands.cancelRequest(request).catch(() => false);
      out.clear();
    };
    // The request is made from the values `key` is made of.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const cancel = useCallback(() => {
    const out = pending.current;
    const cancelled = new Set(out.keys());
    for (const request of out.values()) void commands.cancelRequest(request).catch(() => false);
    out.clear();
    if (cancelled.size === 0) return;
    setState((s) => ({
      ...s,
      sides: s.sides.map((side, i) => (cancelled.has(i) && side.state === "loading" ? { ...side, state: "cancelled", error: cancelledError } : side)),
    }));
  }, []);

  const differences = useDifferences(state.objects);
  return { sides: state.sides, differences, loading: state.sides.some((s) => s.state === "loading"), cancel };
}

/** The core's differences of the objects found so far (asked again whenever one arrives); null until it answers. */
function useDifferences(objects: (Value | null)[]): PathDifference[] | null {
  const [result, setResult] = useState<{ objects: (Value | null)[]; differences: PathDifference[] }>({ objects, differences: [] });
  const found = objects.filter((o) => o !== null).length;
  useEffect(() => {
    if (found < 2) return;
    let current = true;
    void commands
      .compareDifferences(objects)
      .then((differences) => {
        if (current) setResult({ objects, differences });
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [objects, found]);
  if (found < 2) return [];
  return result.objects === objects ? result.differences : null;
}

/** The kind in `namespace` on clusters `a` and `b`, by name. */
export function useNamespaceSummary(a: string | undefined, b: string | undefined, kind: string, namespace: string | null, includeStatus: boolean): Loaded<NamespaceSummary> {
  const key = a && b ? JSON.stringify([a, b, kind, namespace, includeStatus]) : null;
  return useLoaded(key, () => commands.compareNamespace(a ?? "", b ?? "", kind, namespace, includeStatus));
}
