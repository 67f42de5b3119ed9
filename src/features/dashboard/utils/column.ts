/** What one table column is: its header, how a cell reads, sorts and is coloured. */
import type { ReactNode } from "react";
import type { Value } from "@/lib/tauri/bindings";
import { age, createdOf, nameOf, namespaceOf, timeOf } from "./values";

export type Column = {
  /** The header in lower case with dashes (`up-to-date`): the `data-column` hook and sort key. */
  id: string;
  header: string;
  value: (object: Value, now: number) => string;
  /** What the column sorts by when the text would sort wrongly (numbers, times). */
  sortValue?: (object: Value) => string | number;
  className?: string;
  /** Colour class for the cell, from its value. */
  tone?: (object: Value) => string | undefined;
  /** What the cell shows when more than its text (the Cluster column's coloured name). */
  render?: (object: Value, now: number) => ReactNode;
  /** The value reads the clock (an age, a duration): its cell follows the clock on its own (`hooks/use-clock.ts`). */
  ticks?: boolean;
};

export function columnId(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A column whose id comes from its header. */
export function col(header: string, value: (object: Value, now: number) => string, extra: Partial<Omit<Column, "header" | "value">> = {}): Column {
  // A sort value made once per column (not per render): sorted lists are kept per sort value (live-rows.ts).
  return { id: columnId(header), header, value, sortValue: (o) => value(o, 0), ...extra };
}

/** A number column: shows the number, sorts by it. */
export function numberCol(header: string, read: (object: Value) => number): Column {
  return col(header, (o) => String(read(o)), { sortValue: read, className: "tabular-nums" });
}

/** kubectl's age of a timestamp; sorts newest first when ascending, as "youngest age" does. */
export function ageCol(header: string, read: (object: Value) => string): Column {
  return col(
    header,
    (o, now) => {
      const t = read(o);
      return t ? age(t, now) : "—";
    },
    { sortValue: (o) => -timeOf(read(o)), className: "tabular-nums", ticks: true },
  );
}

export const nameColumn = col("Name", nameOf);
export const namespaceColumn = col("Namespace", (o) => namespaceOf(o) ?? "—");
export const ageColumn = ageCol("Age", createdOf);

/** Colour of a status word kubectl prints. */
export function statusTone(value: string): string | undefined {
  if (["Running", "Succeeded", "Completed", "Complete", "Active", "Bound", "Available", "Ready", "True"].includes(value)) return "text-emerald-300";
  if (["Pending", "ContainerCreating", "Terminating", "PodInitializing", "Released", "Suspended"].includes(value)) return "text-amber-300";
  if (value && value !== "Unknown" && value !== "—") return "text-red-300";
  return undefined;
}

/** `ready/desired`, green when all are ready. */
export function ratioTone(text: string): string {
  const [ready, desired] = text.split("/").map(Number);
  return ready === desired ? "text-emerald-300" : "text-amber-300";
}
