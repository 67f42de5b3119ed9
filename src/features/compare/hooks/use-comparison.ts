import { useEffect, useState } from "react";
import { callCommand } from "@/lib/errors";
import { commands, type AppError, type NamespaceSummary, type ObjectComparison } from "@/lib/tauri/bindings";

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

/** The object compared across `contexts` (at least two), noise removed, status on request. */
export function useComparison(contexts: string[], kind: string, namespace: string | null, name: string, includeStatus: boolean): Loaded<ObjectComparison> {
  const key = contexts.length >= 2 ? JSON.stringify([contexts, kind, namespace, name, includeStatus]) : null;
  return useLoaded(key, () => commands.compareObject(contexts, kind, namespace, name, includeStatus));
}

/** The kind in `namespace` on clusters `a` and `b`, by name. */
export function useNamespaceSummary(a: string | undefined, b: string | undefined, kind: string, namespace: string | null, includeStatus: boolean): Loaded<NamespaceSummary> {
  const key = a && b ? JSON.stringify([a, b, kind, namespace, includeStatus]) : null;
  return useLoaded(key, () => commands.compareNamespace(a ?? "", b ?? "", kind, namespace, includeStatus));
}
