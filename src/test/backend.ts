/**
 * The IPC edge for tests: fake commands through `mockIPC` (events mocked by the library),
 * and builders for the backend's types. Our own stores and components are never mocked.
 */
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act } from "@testing-library/react";
import { EVENT_QUEUED, type AppError, type Cluster, type ConnectionInfo, type ErrorKind, type Event, type Health, type HealthStatus, type Value } from "@/lib/tauri/bindings";
import { queuedEventsSettled } from "@/lib/tauri/queued-events";
import type { ConnectedClusterState } from "@/stores/cluster-types";

export function cluster(context: string, overrides: Partial<Cluster> = {}): Cluster {
  const source = overrides.source ?? "/home/ana/.kube/config";
  return {
    id: `${source}#${context}`,
    context,
    clusterName: context,
    server: `https://${context}.example.com:6443`,
    user: "admin",
    auth: { kind: "token" },
    namespace: null,
    source,
    isCurrent: false,
    duplicate: false,
    simulated: false,
    problem: null,
    interactive: false,
    actsAs: null,
    ...overrides,
  };
}

export function health(status: HealthStatus, overrides: Partial<Health> = {}): Health {
  const failing = status === "unreachable" || status === "unauthorized";
  return {
    status,
    latencyMs: failing ? null : 12,
    lastCheckMs: Date.now(),
    lastError: failing ? "cannot reach the API server: connection refused" : null,
    consecutiveFailures: failing ? 1 : 0,
    ...overrides,
  };
}

/** A pool entry of the cluster store: connected, nothing listed yet; `change` overrides. */
export function connectedEntry(c: Cluster, change: Partial<ConnectedClusterState> = {}): ConnectedClusterState {
  return { id: c.id, cluster: c, status: "connected", health: null, serverVersion: null, namespaces: [], namespaceSource: null, namespaceError: null, currentNamespace: null, lastError: null, activateOnConnect: false, attempt: 1, ...change };
}

export function connectionInfo(c: Cluster, status: HealthStatus = "healthy"): ConnectionInfo {
  return { context: c.id, cluster: c, serverVersion: "v1.33.1", health: health(status, { lastCheckMs: 1 }), sinceMs: 1 };
}

export function appError(message: string, kind: ErrorKind = "unreachable"): AppError {
  return { kind, message, retryable: true };
}

export type IpcCall = { cmd: string; args: Record<string, unknown> };

/** Events the fake backend queued for the page, as `src-tauri/src/events.rs` does. */
const queued: Event[] = [];

/** Handler returns a command's value (or a promise); throw a plain AppError for a Rust `Err`. */
export function mockBackend(handler: (cmd: string, args: Record<string, unknown>) => unknown): IpcCall[] {
  const calls: IpcCall[] = [];
  queued.length = 0;
  mockIPC(
    (cmd, args) => {
      // The page's takes of queued events are plumbing, not calls a test asserts on.
      if (cmd === "take_events") return queued.splice(0);
      const record = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: record });
      return handler(cmd, record);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/**
 * Sends a backend event to the window, as the Rust side does: every event is queued and the
 * page woken to take it. `_channel` names the event's channel for the reader.
 */
export async function emitBackendEvent(_channel: string, payload: Event) {
  await queueBackendEvents([payload]);
}

/** Queues several backend events and wakes the page once: it takes them all in one answer. */
export async function queueBackendEvents(events: Event[]) {
  await act(async () => {
    queued.push(...events);
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
  });
}

export function pod(name: string, namespace: string, phase = "Running"): Value {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, creationTimestamp: new Date(Date.now() - 3_600_000).toISOString() },
    spec: { containers: [{ name: "main" }] },
    status: { phase, containerStatuses: [{ name: "main", ready: phase === "Running", restartCount: 0, state: {} }] },
  };
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
