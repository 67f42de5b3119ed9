import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { EVENT_QUEUED, type Event } from "@/lib/tauri/bindings";
import { deferred } from "@/test/backend";
import { listenToQueuedEvents, queuedEventsSettled, setTakeGap } from "../tauri/queued-events";

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

  it("tells a subscriber when a take's events were all handed over, once per take with events", async () => {
    const be = backend();
    const log: string[] = [];
    stop = await listenToQueuedEvents(
      (e) => log.push(`event ${numbers([e])[0]}`),
      () => log.push("done"),
    );
    await queuedEventsSettled();
    expect(log).toEqual([]); // the first take found nothing: no "done"
    be.queue.push(delta(1), delta(2));
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
    be.queue.push(delta(3));
    await emit(EVENT_QUEUED, null);
    await queuedEventsSettled();
    expect(log).toEqual(["event 1", "event 2", "done", "event 3", "done"]);
  });

  it("in a storm (big takes), starts takes at least the gap apart; after small takes or a quiet spell the next starts at once", async () => {
    const be = backend();
    const seen: Event[] = [];
    stop = await listenToQueuedEvents((e) => seen.push(e));
    await queuedEventsSettled();
    setTakeGap(200);
    const take = async (event: Event) => {
      be.queue.push(event);
      const takes = be.takes;
      const started = performance.now();
      await emit(EVENT_QUEUED, null);
      await queuedEventsSettled();
      expect(be.takes).toBe(takes + 1);
      return performance.now() - started;
    };
    const storm = (n: number): Event => ({ type: "resourceDelta", context: "lab-1", kind: "pods", namespace: null, reset: null, upserts: Array.from({ length: 10 }, () => ({ n })), deletes: [] });
    try {
      await new Promise((resolve) => setTimeout(resolve, 220)); // a quiet spell
      // Small takes (steady churn, a shell's echo) are never held back.
      const small = [await take(delta(1)), await take(delta(2)), await take(delta(3))];
      for (const ms of small) expect(ms).toBeLessThan(150);
      // A storm's take: the next one waits for the gap (a few ms of timer slack allowed)…
      expect(await take(storm(4))).toBeLessThan(150);
      expect(await take(storm(5))).toBeGreaterThanOrEqual(195);
      expect(await take(delta(6))).toBeGreaterThanOrEqual(195);
      // …and once a take is small again, the next starts at once.
      expect(await take(delta(7))).toBeLessThan(150);
      expect(numbers(seen)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      setTakeGap(0);
    }
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
