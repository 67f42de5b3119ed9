/**
 * The production guard's rule, shared by every dialog that changes a cluster: a read-only
 * cluster refuses every change; a protected one asks for its context name to be typed before
 * a destructive one. (The backend refuses writes to read-only clusters as well.)
 */
import type { ClusterColor } from "./cluster-colors";

/** What these pieces need to know about a cluster. */
export type GuardFacts = {
  name: string;
  short: string;
  file: string | null;
  full: string;
  protected: boolean;
  /** The protected group that protects it, when that is why (optional: older callers omit it). */
  protectedBy?: string | null;
  readOnly: boolean;
  label: string | null;
  color: ClusterColor | null;
};

/** Why a change to this cluster cannot go ahead yet, or null when it can. */
export function guardBlock(facts: Pick<GuardFacts, "name" | "protected" | "readOnly">, typed: string, destructive = true): string | null {
  if (facts.readOnly) return `${facts.name} is read-only in Kubeli: turn read-only off in its guard settings to change it.`;
  if (destructive && facts.protected && typed.trim() !== facts.name) return `${facts.name} is protected: type its name to confirm.`;
  return null;
}
