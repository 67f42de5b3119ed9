import { useEffect, useRef, useState } from "react";
import type { MergeView } from "@codemirror/merge";
import { Skeleton } from "@/components/ui/skeleton";

type MergePaneProps = { a: string; b: string; labelA: string; labelB: string };

/**
 * Two YAML documents side by side with their differences highlighted: CodeMirror's merge view,
 * read-only, loaded with `import()` the first time a compare opens. Each side is focusable
 * (Tab) and scrolls with the keyboard; the two sides scroll together.
 */
export function MergePane({ a, b, labelA, labelB }: MergePaneProps) {
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let gone = false;
    let view: MergeView | null = null;
    void Promise.all([import("codemirror"), import("@codemirror/merge"), import("@codemirror/lang-yaml"), import("@codemirror/theme-one-dark")]).then(
      ([cm, merge, lang, theme]) => {
        if (gone || !host.current) return;
        const side = (label: string) => [
          cm.basicSetup,
          lang.yaml(),
          theme.oneDark,
          cm.EditorView.editable.of(false),
          cm.EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        ];
        view = new merge.MergeView({
          parent: host.current,
          a: { doc: a, extensions: side(labelA) },
          b: { doc: b, extensions: side(labelB) },
          highlightChanges: true,
          gutter: true,
        });
        setReady(true);
      },
    );
    return () => {
      gone = true;
      view?.destroy();
    };
  }, [a, b, labelA, labelB]);
  return (
    <div className="relative overflow-hidden rounded-md border border-zinc-800 text-xs">
      {ready ? null : <Skeleton className="absolute inset-0" />}
      <div ref={host} data-testid="compare-merge" data-ready={ready} className="min-h-24" />
    </div>
  );
}
