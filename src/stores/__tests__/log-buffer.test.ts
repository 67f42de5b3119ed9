import { describe, expect, it } from "vitest";
import { LogBuffer } from "@/stores/log-buffer";

const lines = (from: number, to: number, pod = "web-1", container = "main") =>
  Array.from({ length: to - from }, (_, i) => ({ pod, container, text: `line ${from + i}` }));

describe("LogBuffer", () => {
  it("keeps at most its capacity, dropping the oldest, with stable sequence numbers", () => {
    const buffer = new LogBuffer(1000);
    buffer.append(lines(0, 600));
    buffer.append(lines(600, 2500));
    expect(buffer.length).toBe(1000);
    expect(buffer.total).toBe(2500);
    expect(buffer.firstSeq).toBe(1500);
    expect(buffer.at(0)?.text).toBe("line 1500");
    expect(buffer.at(999)?.text).toBe("line 2499");
    expect(buffer.at(1000)).toBeUndefined();
    expect(buffer.bySeq(2000)?.text).toBe("line 2000");
    expect(buffer.bySeq(10)).toBeUndefined();
  });

  it("holds 100,000 appended lines within a 50,000 line default bound", () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 100; i++) buffer.append(lines(i * 1000, (i + 1) * 1000));
    expect(buffer.capacity).toBe(50_000);
    expect(buffer.length).toBe(50_000);
    expect(buffer.toArray()[0].text).toBe("line 50000");
  });

  it("numbers each source once, in order of appearance", () => {
    const buffer = new LogBuffer(10);
    buffer.append([...lines(0, 1, "a"), ...lines(1, 2, "b"), ...lines(2, 3, "a"), ...lines(3, 4, "a", "sidecar")]);
    expect(buffer.toArray().map((l) => l.source)).toEqual([0, 1, 0, 2]);
    expect(buffer.sources).toEqual([
      { pod: "a", container: "main" },
      { pod: "b", container: "main" },
      { pod: "a", container: "sidecar" },
    ]);
  });

  it("keeps the newest lines when the user makes it smaller, and grows again", () => {
    const buffer = new LogBuffer(100);
    buffer.append(lines(0, 100));
    buffer.resize(10);
    expect(buffer.toArray().map((l) => l.text)).toEqual(lines(90, 100).map((l) => l.text));
    expect(buffer.firstSeq).toBe(90);
    buffer.resize(50);
    buffer.append(lines(100, 130));
    expect(buffer.length).toBe(40);
    expect(buffer.at(0)?.text).toBe("line 90");
  });
});
