import { mockIPC } from "@tauri-apps/api/mocks";
import type { AppError, Cluster, Discovery, KubeconfigSource } from "@/lib/tauri/bindings";
import { initialDiscoveryState, useDiscoveryStore } from "../stores/use-discovery-store";

export function makeCluster(overrides: Partial<Cluster> & { context: string }): Cluster {
  const source = overrides.source ?? "/home/ana/.kube/config";
  return {
    id: `${source}#${overrides.context}`,
    clusterName: `${overrides.context}-cluster`,
    server: `https://${overrides.context}.example.com:6443`,
    user: `${overrides.context}-admin`,
    auth: { kind: "token" },
    namespace: null,
    source,
    isCurrent: false,
    duplicate: false,
    simulated: false,
    problem: null,
    ...overrides,
  };
}

export const defaultSource: KubeconfigSource = { path: "/home/ana/.kube/config", origin: "default", exists: true, isDir: false };

export function makeDiscovery(overrides: Partial<Discovery> = {}): Discovery {
  return { clusters: [], errors: [], sources: [defaultSource], currentContext: null, ...overrides };
}

export function appError(message: string, kind = "io"): AppError {
  return { kind, message, retryable: true };
}

export type IpcCall = { cmd: string; args: unknown };

/**
 * Mocks the Tauri IPC edge. `handler` returns the command's value (or a
 * promise); throwing a plain AppError object makes the command fail the way
 * a Rust `Err` does. Every call is recorded.
 */
export function mockBackend(handler: (cmd: string, args: Record<string, unknown>) => unknown): IpcCall[] {
  const calls: IpcCall[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    return handler(cmd, (args ?? {}) as Record<string, unknown>);
  });
  return calls;
}

export function resetDiscoveryStore() {
  useDiscoveryStore.setState(initialDiscoveryState);
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
