/**
 * The streams IPC (issue #12) as the stream store uses it: log streams, exec sessions and
 * port-forwards from the generated bindings, every call taking its cluster's `context`, every
 * thrown error turned into a result.
 */
import { callCommand } from "@/lib/errors";
import {
  commands,
  EVENT_STREAM_ENDED,
  EVENT_STREAM_EXEC,
  EVENT_STREAM_LOG,
  EVENT_STREAM_LOG_SOURCES,
  EVENT_STREAM_PORT_FORWARD,
  type AppError,
  type Event,
  type ExecRequest,
  type LogRequest,
  type PortForwardRequest,
} from "@/lib/tauri/bindings";

export type {
  ExecRequest,
  ExecSession,
  ForwardState,
  ForwardTarget,
  LogLine,
  LogRequest,
  LogSource,
  LogTarget,
  PortForwardInfo,
  PortForwardRequest,
  StreamEnd,
  StreamInfo,
  StreamKind,
} from "@/lib/tauri/bindings";

/** The stream events' payloads (variants of the backend's `Event`). */
export type StreamEvent = Extract<Event, { type: "logLines" | "logSources" | "execOutput" | "portForward" | "streamEnded" }>;

// Channel names are defined once, in Rust (`kubeli_core::events::channel`).
export const STREAM_LOG_EVENT = EVENT_STREAM_LOG;
export const STREAM_LOG_SOURCES_EVENT = EVENT_STREAM_LOG_SOURCES;
export const STREAM_EXEC_EVENT = EVENT_STREAM_EXEC;
export const STREAM_PORT_FORWARD_EVENT = EVENT_STREAM_PORT_FORWARD;
export const STREAM_ENDED_EVENT = EVENT_STREAM_ENDED;

export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** A command without a typed error (it cannot fail in Rust) as a result, for one way of handling both. */
function plain<T>(run: () => Promise<T>): Promise<Result<T>> {
  return callCommand(async () => ({ status: "ok" as const, data: await run() }));
}

export const streamCommands = {
  startLogs: (context: string, request: LogRequest) => callCommand(() => commands.startLogs(context, request)),
  startExec: (context: string, request: ExecRequest) => callCommand(() => commands.startExec(context, request)),
  execInput: (id: string, data: string) => callCommand(() => commands.execInput(id, data)),
  execResize: (id: string, cols: number, rows: number) => callCommand(() => commands.execResize(id, cols, rows)),
  startPortForward: (context: string, request: PortForwardRequest) => callCommand(() => commands.startPortForward(context, request)),
  listPortForwards: () => plain(() => commands.listPortForwards()),
  suggestLocalPort: (preferred: number) => plain(() => commands.suggestLocalPort(preferred)),
  stopStream: (id: string) => plain(() => commands.stopStream(id)),
  listStreams: () => plain(() => commands.listStreams()),
};
