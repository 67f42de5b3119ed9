import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { EVENT_QUEUED, type Event } from "@/lib/tauri/bindings";
import { deferred } from "@/test/backend";
import { listenToQueuedEvents, queuedEventsSettled } from "../tauri/queued-events";

const delta = (n: number): Event => ({ type: "resourceDelta", context: "lab-1", kind: "pods", namespace: null, reset: null, upserts: [{ n }], deletes: [] });
const numbers = (events: Event[]) => events.map((e) => (e.type === "resourceDelta" ? (e.upserts[0] as { n: number }).n : -1));

let stop: (() => void) | null = null;
afterEach(async () => {
  stop?.();
  stop = null;
  await queuedEventsSettled();
  clearMocks();
});

/** A fake backend queue; `takes` counts the page's takes, `gate` holds the next one open. */
function backend() {
  const state = { queue: [] as Event[], takes: 0, inFlight: 0, maxInFlight: 0, gate: null as Promise<void> | null };
  mockIPC(
    async (cmd) => {
      if (cmd !== "take_events") return null;
      state.takes += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      if (state.gate) await state.gate;
      state.inFlight -= 1;
      return state.queue.splice(0);
    },
    { shouldMockEvents: true },
  );
  return state;
}

describe("queued events", () => {
  it("takes once when it starts, then at each wake-up, and hands the events over in order", async () => {
    const be = backend();
    be.queue.push(delta(1));
    const seen: Event[] = [];
    stop = await listenToQueuedEvents((e) => seen.push(e));
    await queuedEventsSettled();
    expect(be.takes).toBe(1);
    expect(numbers(seen)).toEqual([1]);

    be.queue.push(delta(2), delta(3));
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
    expect(be.takes).toBe(2);
    expect(numbers(seen)).toEqual([1, 2, 3]);
  });

  it("runs one take at a time: wake-ups during a take make exactly one more", async () => {
    const be = backend();
    const seen: Event[] = [];
    stop = await listenToQueuedEvents((e) => seen.push(e));
    await queuedEventsSettled();
    const gate = deferred<void>();
    be.gate = gate.promise;
    be.queue.push(delta(1));
    await emit(EVENT_QUEUED, null);
    be.queue.push(delta(2));
    await emit(EVENT_QUEUED, null);
    await emit(EVENT_QUEUED, null);
    be.gate = null;
    gate.resolve();
    await queuedEventsSettled();
    expect(be.maxInFlight).toBe(1);
    expect(be.takes).toBe(3); // the start, the first wake-up, one more for the two during it
    expect(numbers(seen)).toEqual([1, 2]);
  });

  it("hands nothing to a listener that stopped", async () => {
    const be = backend();
    const seen: Event[] = [];
    stop = await listenToQueuedEvents((e) => seen.push(e));
    await queuedEventsSettled();
    stop();
    stop = null;
    be.queue.push(delta(1));
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
    expect(seen).toEqual([]);
  });
});

describe("queued events with several subscribers", () => {
  it("gives every subscriber every event in order, and one wake-up makes one take", async () => {
    const be = backend();
    const a: Event[] = [];
    const b: Event[] = [];
    const stopA = await listenToQueuedEvents((e) => a.push(e));
    const stopB = await listenToQueuedEvents((e) => {
      if (numbers([e])[0] === 2) throw new Error("a faulty subscriber");
      b.push(e);
    });
    stop = () => {
      stopA();
      stopB();
    };
    await queuedEventsSettled();
    const before = be.takes;
    be.queue.push(delta(1), delta(2), delta(3));
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
    expect(be.takes - before).toBe(1);
    expect(numbers(a)).toEqual([1, 2, 3]);
    expect(numbers(b)).toEqual([1, 3]);
  });
});
