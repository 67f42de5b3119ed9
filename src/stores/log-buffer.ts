/**
 * A bounded ring of log lines: appending past the capacity drops the oldest lines. Lines carry
 * an absolute sequence number, so a paused view or a search match keeps pointing at the same
 * line while older ones fall out.
 */
import type { LogLine } from "./stream-api";

export type BufferedLine = LogLine & { seq: number; source: number };

/**
 * Where a log view's time goes, summed since the page loaded (read by the E2E throughput case
 * as `window.__kubeliLogTimings`): appending batches to buffers, and rendering views.
 */
export const logTimings = { batches: 0, appendMs: 0, renders: 0, renderMs: 0 };
if (typeof window !== "undefined") (window as unknown as { __kubeliLogTimings: typeof logTimings }).__kubeliLogTimings = logTimings;

/** Default number of lines a log tab keeps (the user can change it). */
export const DEFAULT_LOG_BUFFER = 50_000;

export class LogBuffer {
  private ring: (BufferedLine | undefined)[];
  private head = 0;
  private size = 0;
  /** Sequence number the next line gets; equals every line ever appended. */
  private next = 0;
  /** `pod/container` → index in `sources`, for the source column's colour. */
  private sourceIndex = new Map<string, number>();
  readonly sources: { pod: string; container: string }[] = [];

  constructor(private cap: number = DEFAULT_LOG_BUFFER) {
    this.ring = new Array(cap);
  }

  get capacity(): number {
    return this.cap;
  }
  get length(): number {
    return this.size;
  }
  /** Every line ever appended (dropped ones included). */
  get total(): number {
    return this.next;
  }
  /** The sequence number of the oldest line still kept. */
  get firstSeq(): number {
    return this.next - this.size;
  }

  sourceOf(pod: string, container: string): number {
    const key = `${pod}/${container}`;
    let index = this.sourceIndex.get(key);
    if (index === undefined) {
      index = this.sources.length;
      this.sources.push({ pod, container });
      this.sourceIndex.set(key, index);
    }
    return index;
  }

  /**
   * Appends a batch. The lines become the buffer's entries (their `seq` and `source` are set in
   * place, no copy per line): callers hand over lines they do not keep, like a parsed event's.
   */
  append(lines: LogLine[]): void {
    // A batch is mostly one source after another: look a source up only when it changes.
    let lastPod: string | null = null;
    let lastContainer: string | null = null;
    let lastSource = 0;
    for (const line of lines) {
      if (line.pod !== lastPod || line.container !== lastContainer) {
        lastPod = line.pod;
        lastContainer = line.container;
        lastSource = this.sourceOf(line.pod, line.container);
      }
      const entry = line as BufferedLine;
      entry.seq = this.next++;
      entry.source = lastSource;
      this.ring[(this.head + this.size) % this.cap] = entry;
      if (this.size < this.cap) this.size++;
      else this.head = (this.head + 1) % this.cap;
    }
  }

  /** The line at `index` (0 = oldest kept). */
  at(index: number): BufferedLine | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.ring[(this.head + index) % this.cap];
  }

  /** The line with sequence number `seq`, if still kept. */
  bySeq(seq: number): BufferedLine | undefined {
    return this.at(seq - this.firstSeq);
  }

  /** A new capacity; the newest lines are kept. */
  resize(capacity: number): void {
    const kept = this.toArray().slice(-capacity);
    this.cap = capacity;
    this.ring = new Array(capacity);
    kept.forEach((line, i) => (this.ring[i] = line));
    this.head = 0;
    this.size = kept.length;
  }

  clear(): void {
    this.ring = new Array(this.cap);
    this.head = 0;
    this.size = 0;
  }

  toArray(): BufferedLine[] {
    const out: BufferedLine[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.ring[(this.head + i) % this.cap]!);
    return out;
  }
}
