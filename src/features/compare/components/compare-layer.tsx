import { useCompareStore } from "@/stores/compare-store";
import { CompareView } from "./compare-view";

/** The Compare across clusters view, when something asked for it (see `stores/compare-store.ts`). */
export function CompareLayer() {
  const target = useCompareStore((s) => s.target);
  const mode = useCompareStore((s) => s.mode);
  if (!target) return null;
  return <CompareView target={target} mode={mode} />;
}
