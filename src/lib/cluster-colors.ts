/** The colours a user can give a cluster (saved in its prefs). */
export const CLUSTER_COLORS = ["red", "orange", "amber", "green", "teal", "sky", "violet", "pink"] as const;
export type ClusterColor = (typeof CLUSTER_COLORS)[number];

/** Static Tailwind classes per cluster colour (class names must be literal for Tailwind). */
export const clusterColorClasses: Record<ClusterColor, { bg: string; text: string; border: string; chip: string; swatch: string }> = {
  red: { bg: "bg-red-500", text: "text-red-300", border: "border-red-500", chip: "border-red-500/50 bg-red-500/15 text-red-200", swatch: "bg-red-500" },
  orange: { bg: "bg-orange-500", text: "text-orange-300", border: "border-orange-500", chip: "border-orange-500/50 bg-orange-500/15 text-orange-200", swatch: "bg-orange-500" },
  amber: { bg: "bg-amber-400", text: "text-amber-300", border: "border-amber-400", chip: "border-amber-400/50 bg-amber-400/15 text-amber-200", swatch: "bg-amber-400" },
  green: { bg: "bg-emerald-500", text: "text-emerald-300", border: "border-emerald-500", chip: "border-emerald-500/50 bg-emerald-500/15 text-emerald-200", swatch: "bg-emerald-500" },
  teal: { bg: "bg-teal-400", text: "text-teal-300", border: "border-teal-400", chip: "border-teal-400/50 bg-teal-400/15 text-teal-200", swatch: "bg-teal-400" },
  sky: { bg: "bg-sky-500", text: "text-sky-300", border: "border-sky-500", chip: "border-sky-500/50 bg-sky-500/15 text-sky-200", swatch: "bg-sky-500" },
  violet: { bg: "bg-violet-500", text: "text-violet-300", border: "border-violet-500", chip: "border-violet-500/50 bg-violet-500/15 text-violet-200", swatch: "bg-violet-500" },
  pink: { bg: "bg-pink-500", text: "text-pink-300", border: "border-pink-500", chip: "border-pink-500/50 bg-pink-500/15 text-pink-200", swatch: "bg-pink-500" },
};
