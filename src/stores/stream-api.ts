/**
 * The streams IPC (issue #12): log streams, exec sessions and port-forwards. The types and
 * commands follow the streams contract; every call takes its cluster's `context` explicitly.
 */
import { invoke } from "@tauri-apps/api/core";
import type { AppError, ErrorKind } from "@/lib/tauri/bindings";
import { unexpectedError } from "@/lib/errors";

export type LogTarget =
  | { type: "pod"; pod: string; container: string | null }
  | { type: "workload"; kind: string; name: string }
  | { type: "selector"; selector: string };
export type LogRequest = {
  namespace: string;
  target: LogTarget;
  follow: boolean;
  tailLines: number | null;
  sinceSeconds: number | null;
  timestamps: boolean;
  previous: boolean;
};
export type LogLine = { pod: string; container: string; text: string };
export type LogSource = { pod: string; container: string };
export type ExecRequest = { namespace: string; pod: string; container: string | null; command: string[] | null; cols: number; rows: number };
export type ExecSession = { id: string; context: string; namespace: string; pod: string; container: string; command: string[] };
export type ForwardTarget = { type: "pod"; name: string } | { type: "service"; name: string };
export type PortForwardRequest = { namespace: string; target: ForwardTarget; remotePort: number; localPort: number | null };
export type ForwardState = "active" | "reconnecting" | "failed";
export type PortForwardInfo = {
  id: string;
  context: string;
  namespace: string;
  target: ForwardTarget;
  remotePort: number;
  localPort: number;
  pod: string | null;
  state: ForwardState;
  error: string | null;
  connections: number;
};
export type StreamEnd = { message: string; kind: ErrorKind | null; exitCode: number | null };
export type StreamKind = "logs" | "exec" | "portForward";
export type StreamInfo = { id: string; context: string; kind: StreamKind; title: string };

/** The stream events' payloads (variants of the backend's `Event`). */
export type StreamEvent =
  | { type: "logLines"; id: string; context: string; lines: LogLine[] }
  | { type: "logSources"; id: string; context: string; sources: LogSource[] }
  | { type: "execOutput"; id: string; context: string; data: string }
  | { type: "portForward"; forward: PortForwardInfo }
  | { type: "streamEnded"; id: string; context: string; end: StreamEnd };

export const STREAM_LOG_EVENT = "stream://log";
export const STREAM_LOG_SOURCES_EVENT = "stream://log-sources";
export const STREAM_EXEC_EVENT = "stream://exec";
export const STREAM_PORT_FORWARD_EVENT = "stream://port-forward";
export const STREAM_ENDED_EVENT = "stream://ended";

export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

async function call<T>(cmd: string, args: Record<string, unknown>): Promise<Result<T>> {
  try {
    return { status: "ok", data: await invoke<T>(cmd, args) };
  } catch (cause) {
    return { status: "error", error: unexpectedError(cause) };
  }
}

export const streamCommands = {
  startLogs: (context: string, request: LogRequest) => call<string>("start_logs", { context, request }),
  startExec: (context: string, request: ExecRequest) => call<ExecSession>("start_exec", { context, request }),
  execInput: (id: string, data: string) => call<null>("exec_input", { id, data }),
  execResize: (id: string, cols: number, rows: number) => call<null>("exec_resize", { id, cols, rows }),
  startPortForward: (context: string, request: PortForwardRequest) => call<PortForwardInfo>("start_port_forward", { context, request }),
  listPortForwards: () => call<PortForwardInfo[]>("list_port_forwards", {}),
  suggestLocalPort: (preferred: number) => call<number>("suggest_local_port", { preferred }),
  stopStream: (id: string) => call<boolean>("stop_stream", { id }),
  listStreams: () => call<StreamInfo[]>("list_streams", {}),
};
