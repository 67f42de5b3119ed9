import { Dialog } from "@/components/ui/dialog";
import { isMac } from "@/lib/platform";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { formatKeys, SHORTCUT_DOCS } from "../utils/shortcuts";

/** `?`: every cluster shortcut with its keys on this platform. */
export function ShortcutsSheet() {
  const open = useClusterUiStore((s) => s.helpOpen);
  const setOpen = useClusterUiStore((s) => s.setHelpOpen);
  const mac = isMac();
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" description={mac ? "⌘ is Command." : "On macOS, Ctrl is Command (⌘)."}>
      <table data-testid="shortcuts-sheet" className="w-full text-sm">
        <tbody>
          {SHORTCUT_DOCS.map((doc) => (
            <tr key={doc.id} className="border-t border-zinc-800 first:border-t-0">
              <td className="py-2 pr-4 text-zinc-300">{doc.description}</td>
              <td className="py-2 text-right whitespace-nowrap">
                {doc.keys.map((keys, i) => (
                  <span key={i}>
                    {i > 0 ? <span className="px-1 text-xs text-zinc-600">or</span> : null}
                    <kbd className="rounded border border-zinc-700 bg-zinc-800 px-1.5 py-0.5 font-mono text-[11px] text-zinc-200">{formatKeys(keys, mac)}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
