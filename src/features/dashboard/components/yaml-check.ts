import { parseAllDocuments } from "yaml";

/**
 * What is wrong with YAML meant to create one Kubernetes object, before anything is sent:
 * a syntax error with its line, several documents, or a missing `apiVersion` / `kind` /
 * `metadata.name`. `null` when it looks like one object (the server checks the rest).
 */
export function checkObjectYaml(text: string): string | null {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return "The YAML is empty: write one object (apiVersion, kind, metadata.name).";
  const content = docs.filter((d) => d.contents !== null);
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line;
      return `YAML syntax error${line ? ` on line ${line}` : ""}: ${error.message.split("\n")[0]}`;
    }
  }
  if (content.length === 0) return "The YAML is empty: write one object (apiVersion, kind, metadata.name).";
  if (content.length > 1) return `The YAML holds ${content.length} documents; create one object at a time.`;
  const object: unknown = content[0].toJS();
  if (!object || typeof object !== "object" || Array.isArray(object)) return "The YAML must be one object (a mapping with apiVersion, kind and metadata).";
  const o = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
  const missing = [
    typeof o.apiVersion === "string" && o.apiVersion ? null : "apiVersion",
    typeof o.kind === "string" && o.kind ? null : "kind",
    (typeof o.metadata?.name === "string" && o.metadata.name) || (typeof o.metadata?.generateName === "string" && o.metadata.generateName) ? null : "metadata.name",
  ].filter(Boolean);
  return missing.length ? `The object needs ${missing.join(", ")}.` : null;
}
