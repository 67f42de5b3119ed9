/**
 * The one free-text matcher: a query is split on whitespace and every term must appear
 * (case-insensitive) in at least one of the fields.
 */

/** The lower-cased terms of a query; empty when the query is blank. */
export function searchTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether every term occurs in one of `fields` (null / undefined fields are skipped). */
export function matchesTerms(terms: readonly string[], fields: ReadonlyArray<string | null | undefined>): boolean {
  if (terms.length === 0) return true;
  const text = fields.filter(Boolean).join("\n").toLowerCase();
  return terms.every((term) => text.includes(term));
}
