/** The contexts the backend connects while the next start's window loads. */
import { describe, expect, it } from "vitest";
import { cluster, mockBackend } from "@/test/backend";
import { startContextsOf, syncStartContextsToBackend } from "../start-contexts";

const prod = cluster("prod");
const sso = { ...cluster("sso"), interactive: true };
const dev = cluster("dev");
const clusters = [prod, sso, dev];

describe("start contexts", () => {
  it("are the session's clusters without interactive logins, and none without auto-reconnect", () => {
    const session = { autoReconnect: true, lastConnectedContexts: [dev.id, sso.id, prod.id], clusters };
    expect(startContextsOf(session)).toEqual([dev.id, prod.id]);
    expect(startContextsOf({ ...session, clusters: null })).toEqual([dev.id, sso.id, prod.id]);
    expect(startContextsOf({ ...session, autoReconnect: false })).toEqual([]);
  });

  it("reach the backend once at start and again only when they change", async () => {
    const calls = mockBackend(() => null);
    let listener: (s: Parameters<typeof startContextsOf>[0]) => void = () => {};
    const session = { autoReconnect: true, lastConnectedContexts: [prod.id], clusters };
    syncStartContextsToBackend((l) => (listener = l), session);
    listener({ ...session, clusters: [...clusters] });
    listener({ ...session, lastConnectedContexts: [prod.id, dev.id] });
    listener({ ...session, autoReconnect: false });
    await Promise.resolve();
    expect(calls.filter((c) => c.cmd === "set_start_contexts").map((c) => c.args.contexts)).toEqual([[prod.id], [prod.id, dev.id], []]);
  });
});
