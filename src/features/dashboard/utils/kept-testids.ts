/**
 * Test hooks of a hidden kept view (`kept-views.tsx`) are put away: each `data-testid` in its
 * container is moved to `data-kept-testid`, so no `[data-testid=…]` query (our E2E, the bench,
 * outside scripts) finds a cluster that is not on screen, and moved back when it is shown again.
 * Elements the hidden view creates or re-labels later are caught by a MutationObserver, whose
 * records are delivered before the next paint. Boxes nest (a hidden dashboard holds hidden
 * views): a box puts back only what is its own, not what a box inside it, still hidden, keeps.
 */
const TESTID = "data-testid";
const KEPT = "data-kept-testid";
/** Marks a root whose test ids are put away. */
const HIDDEN = "data-kept-hidden";

function move(root: Element, from: string, to: string, own?: (el: Element) => boolean) {
  const found = root.querySelectorAll(`[${from}]`);
  for (const el of found) {
    if (own && !own(el)) continue;
    el.setAttribute(to, el.getAttribute(from) ?? "");
    el.removeAttribute(from);
  }
}

/** Puts away the test ids under `root` and keeps doing so until the returned function is called, which puts them back. */
export function hideTestIds(root: Element): () => void {
  root.setAttribute(HIDDEN, "");
  move(root, TESTID, KEPT);
  const observer = new MutationObserver(() => {
    move(root, TESTID, KEPT);
    // Its own renames are not news.
    observer.takeRecords();
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: [TESTID] });
  return () => {
    // Drops records not yet delivered: the ids are put back right now.
    observer.disconnect();
    move(root, KEPT, TESTID, (el) => el.parentElement?.closest(`[${HIDDEN}]`) === root);
    root.removeAttribute(HIDDEN);
  };
}
