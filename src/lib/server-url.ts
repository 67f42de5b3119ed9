/** The longest end kept whole; a longer last segment ends in the ellipsis like the rest. */
const MAX_TAIL = 28;

/**
 * A server URL split where an ellipsis should go when it does not fit: before its path's last
 * segment. Rancher names every cluster at one host (`https://rancher.example/k8s/clusters/c-m-4x7kq2sd`),
 * so cut at the end, all its clusters read the same; cut in the middle, each keeps its name.
 * A URL without a path has no tail and is cut at its end as before.
 */
export function splitServer(url: string): { head: string; tail: string } {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+(\/.*)$/i.exec(url)?.[1] ?? "";
  const trimmed = path.replace(/\/+$/, "");
  const cut = trimmed.lastIndexOf("/");
  if (cut < 0 || trimmed.length - cut < 2) return { head: url, tail: "" };
  const tail = url.slice(url.length - path.length + cut);
  return tail.length > MAX_TAIL ? { head: url, tail: "" } : { head: url.slice(0, url.length - tail.length), tail };
}
