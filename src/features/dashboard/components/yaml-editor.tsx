import { useEffect, useRef, useState } from "react";
import type { EditorView } from "@codemirror/view";
import { Skeleton } from "@/components/ui/skeleton";

type YamlEditorProps = { value: string; onChange: (value: string) => void; label: string };

/**
 * A CodeMirror 6 editor with YAML support, loaded with `import()` the first time an editor
 * opens so the app's start does not pay for it. `value` seeds the editor; later changes to it
 * (a reload) replace the text.
 */
export function YamlEditor({ value, onChange, label }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  /** The text the editor and `value` last agreed on: the user's typing echoed back through `value` is not applied again, and a value set from outside is not reported as a change. */
  const emitted = useRef<string | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let gone = false;
    void Promise.all([import("codemirror"), import("@codemirror/lang-yaml"), import("@codemirror/theme-one-dark")]).then(([cm, lang, theme]) => {
      if (gone || !host.current) return;
      view.current = new cm.EditorView({
        parent: host.current,
        doc: value,
        extensions: [
          cm.basicSetup,
          lang.yaml(),
          theme.oneDark,
          cm.EditorView.contentAttributes.of({ "aria-label": label }),
          cm.EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            const doc = u.state.doc.toString();
            // A value set from outside is not the user's change.
            if (doc === emitted.current) return;
            emitted.current = doc;
            changed.current(doc);
          }),
        ],
      });
      setReady(true);
    });
    return () => {
      gone = true;
      view.current?.destroy();
      view.current = null;
    };
    // The editor is made once; `value` changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    // Only a value from outside (a reload) replaces the text, never an echo of the user's typing.
    if (!v || value === emitted.current || v.state.doc.toString() === value) return;
    emitted.current = value;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value, ready]);

  return (
    <div className="relative">
      {ready ? null : (
        <div className="space-y-2 p-3" aria-busy="true">
          <Skeleton className="h-3 w-2/3" />
          <Skeleton className="h-3 w-1/2" />
        </div>
      )}
      <div ref={host} data-testid="yaml-editor" className="max-h-[55vh] overflow-auto rounded-md border border-zinc-800 text-xs [&_.cm-editor]:min-h-48" />
    </div>
  );
}
