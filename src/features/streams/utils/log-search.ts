/**
 * Search in a log buffer: the sequence numbers of matching lines, kept incrementally while lines
 * stream in and the ring buffer evicts (`LogSearch`), and stepping to the next or previous match
 * from the current one (wrapping around).
 */
import type { LogBuffer } from "@/stores/log-buffer";
import { stripAnsi } from "./ansi";

const matches = (text: string, needle: string) => stripAnsi(text).toLowerCase().includes(needle);

/** Sequence numbers of the kept lines (up to `lastSeq`) whose text contains `query`, ignoring case. */
export function findMatches(buffer: LogBuffer, query: string, lastSeq = Infinity): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.at(i)!;
    if (line.seq > lastSeq) break;
    if (matches(line.text, needle)) out.push(line.seq);
  }
  return out;
}

/**
 * The matches of one query in one buffer, kept up to date batch by batch: each line is scanned
 * once, when it is first shown; lines the ring buffer evicted leave the front of the list. A new
 * query or another buffer starts over. The list is sorted (sequence numbers only grow), so
 * finding the current match and stepping are binary searches.
 */
export class LogSearch {
  private buffer: LogBuffer | null = null;
  private needle = "";
  /** Matching sequence numbers; the live ones start at `head` (evicted ones are skipped, then cut). */
  private seqs: number[] = [];
  private head = 0;
  /** The next sequence number to scan. */
  private scanned = 0;
  /** Lines scanned since this search was made (for tests: each line once). */
  linesScanned = 0;

  /** Brings the matches up to `lastSeq` (the last line shown) of `buffer` for `query`. */
  update(buffer: LogBuffer, query: string, lastSeq: number): void {
    const needle = query.toLowerCase();
    if (buffer !== this.buffer || needle !== this.needle) {
      this.buffer = buffer;
      this.needle = needle;
      this.seqs = [];
      this.head = 0;
      this.scanned = buffer.firstSeq;
    }
    const first = buffer.firstSeq;
    this.head = this.lowerBound(first);
    // Cut the evicted front now and then, not on every batch.
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    if (!needle) return;
    const end = Math.min(lastSeq, buffer.total - 1);
    for (let seq = Math.max(this.scanned, first); seq <= end; seq++) {
      this.linesScanned++;
      if (matches(buffer.bySeq(seq)!.text, needle)) this.seqs.push(seq);
    }
    this.scanned = Math.max(this.scanned, end + 1);
  }

  get count(): number {
    return this.seqs.length - this.head;
  }

  /** The matches, oldest first (a copy). */
  toArray(): number[] {
    return this.seqs.slice(this.head);
  }

  /** The position of `seq` among the matches, or -1. */
  indexOf(seq: number | null): number {
    if (seq === null) return -1;
    const i = this.lowerBound(seq);
    return i < this.seqs.length && this.seqs[i] === seq ? i - this.head : -1;
  }

  /** The match to go to: the first after (`step` 1) or before (`step` -1) `current`, wrapping. */
  step(current: number | null, step: 1 | -1): number | null {
    if (this.count === 0) return null;
    const firstMatch = this.seqs[this.head];
    const lastMatch = this.seqs[this.seqs.length - 1];
    if (current === null) return step === 1 ? firstMatch : lastMatch;
    if (step === 1) {
      const i = this.lowerBound(current + 1);
      return i < this.seqs.length ? this.seqs[i] : firstMatch;
    }
    const i = this.lowerBound(current) - 1;
    return i >= this.head ? this.seqs[i] : lastMatch;
  }

  /** The first index at or after `head` whose sequence number is at least `seq`. */
  private lowerBound(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The match to go to: the first after (`step` 1) or before (`step` -1) `current`, wrapping. */
export function stepMatch(matches: number[], current: number | null, step: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (current === null) return step === 1 ? matches[0] : matches[matches.length - 1];
  if (step === 1) return matches.find((seq) => seq > current) ?? matches[0];
  for (let i = matches.length - 1; i >= 0; i--) if (matches[i] < current) return matches[i];
  return matches[matches.length - 1];
}
