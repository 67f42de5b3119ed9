/** A colour per log source (pod/container), so merged lines tell their source at a glance. */
const SOURCE_COLORS = ["text-sky-300", "text-amber-300", "text-emerald-300", "text-pink-300", "text-violet-300", "text-orange-300", "text-teal-300", "text-red-300"] as const;

export function sourceColor(index: number): string {
  return SOURCE_COLORS[index % SOURCE_COLORS.length];
}

/** The source column's text: the pod, and the container when a pod has several. */
export function sourceLabel(pod: string, container: string, merged: boolean): string {
  return merged ? `${pod}/${container}` : container;
}
