import { describe, expect, it } from "vitest";
import { formatClock } from "../clock";

describe("formatClock", () => {
  it("writes what toLocaleTimeString wrote with the app's options, from one formatter", () => {
    const options = { hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;
    for (const ms of [0, Date.UTC(2026, 10, 29, 9, 5, 7), Date.UTC(2026, 5, 1, 23, 59, 59), Date.now()]) {
      expect(formatClock(ms)).toBe(new Date(ms).toLocaleTimeString([], options));
    }
    expect(formatClock(Date.UTC(2026, 10, 29, 9, 5, 7))).toMatch(/\d{2}:05:07/);
  });

  it("gives the same text for a time asked again, also after many other times", () => {
    const at = Date.UTC(2026, 10, 29, 12, 0, 0);
    const first = formatClock(at);
    for (let i = 1; i <= 600; i++) formatClock(at + i * 1000);
    expect(formatClock(at)).toBe(first);
    expect(formatClock(at + 600_000)).toBe(new Date(at + 600_000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
  });
});
