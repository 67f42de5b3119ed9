/**
 * Telling clusters apart: long context names (EKS ARNs, GKE `gke_project_zone_name`) are
 * shortened in the MIDDLE, keeping the start (provider, account) and the end (the cluster's
 * own name), cut at a separator where one is near; and a context's file name for when two
 * files use the same context name.
 */

const SEPARATORS = new Set([":", "/", "_", ".", "@"]);

/** The default length a shortened name keeps (the "…" included). */
export const SHORT_NAME_MAX = 30;

/**
 * `name` at most `max` characters long, shortened in the middle with "…". The end gets a
 * little more room than the start (it is where names differ), and each cut moves to a
 * nearby separator so whole parts stay readable.
 */
export function shortenMiddle(name: string, max = SHORT_NAME_MAX): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const room = Math.max(max - 1, 2);
  let tail = Math.ceil(room * 0.55);
  let head = room - tail;
  // Cut the head just after a separator, if one is in its second half.
  for (let i = head - 1; i >= Math.ceil(head / 2); i--) {
    if (SEPARATORS.has(chars[i])) {
      head = i + 1;
      break;
    }
  }
  // Start the tail at a separator, if one is in its first half.
  const tailStart = chars.length - tail;
  for (let i = tailStart; i < tailStart + Math.floor(tail / 2); i++) {
    if (SEPARATORS.has(chars[i])) {
      tail = chars.length - i;
      break;
    }
  }
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

/** The file name of a kubeconfig path (`/home/me/.kube/prod.yaml` → `prod.yaml`). */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}
