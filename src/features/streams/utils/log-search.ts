/**
 * Search in a log buffer: the sequence numbers of matching lines, and stepping to the next or
 * previous match from the current one (wrapping around).
 */
import type { LogBuffer } from "@/stores/log-buffer";
import { stripAnsi } from "./ansi";

/** Sequence numbers of the kept lines (up to `lastSeq`) whose text contains `query`, ignoring case. */
export function findMatches(buffer: LogBuffer, query: string, lastSeq = Infinity): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.at(i)!;
    if (line.seq > lastSeq) break;
    if (stripAnsi(line.text).toLowerCase().includes(needle)) out.push(line.seq);
  }
  return out;
}

/** The match to go to: the first after (`step` 1) or before (`step` -1) `current`, wrapping. */
export function stepMatch(matches: number[], current: number | null, step: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (current === null) return step === 1 ? matches[0] : matches[matches.length - 1];
  if (step === 1) return matches.find((seq) => seq > current) ?? matches[0];
  for (let i = matches.length - 1; i >= 0; i--) if (matches[i] < current) return matches[i];
  return matches[matches.length - 1];
}
