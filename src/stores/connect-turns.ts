/**
 * The one rule for connecting many clusters at once (multi-select, groups, start-up
 * reconnect): contexts whose login may need the user (an exec plugin that prompts or opens a
 * browser, an OIDC login) connect one at a time, so only one login asks at once, while all
 * the others connect in parallel beside them.
 */
export async function inTurns<T>(ids: readonly string[], interactive: (id: string) => boolean, run: (id: string) => Promise<T>): Promise<Map<string, T>> {
  const results = new Map<string, T>();
  const oneByOne = ids.filter(interactive);
  const together = ids.filter((id) => !interactive(id));
  const parallel = Promise.all(together.map(async (id) => results.set(id, await run(id))));
  const serial = (async () => {
    for (const id of oneByOne) results.set(id, await run(id));
  })();
  await Promise.all([parallel, serial]);
  return results;
}
