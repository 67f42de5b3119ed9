import { useEffect } from "react";
import { isMac } from "@/lib/platform";
import { useClusterStore } from "@/stores/cluster-store";
import { useClusterUiStore } from "../stores/use-cluster-ui-store";
import { matchShortcut, type ShortcutAction } from "../utils/shortcuts";

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "range", "color"].includes((target as HTMLInputElement).type);
}

/**
 * Whether a modal dialog is open. Dialogs are portaled to `<body>` (`components/ui/dialog.tsx`):
 * only the body's other children are searched, not the app's root, which holds every kept
 * view's rows (a whole-page query showed in a sampling profile of ten-cluster switches).
 */
function modalOpen(): boolean {
  const modal = '[aria-modal="true"]';
  for (const el of document.body.children) {
    if (el.id !== "root" && (el.matches(modal) || el.querySelector(modal))) return true;
  }
  return false;
}

function run(action: ShortcutAction) {
  const store = useClusterStore.getState();
  const ui = useClusterUiStore.getState();
  const order = store.tabOrder.filter((id) => store.connectedClusters.has(id));
  const current = store.activeClusterContext ? order.indexOf(store.activeClusterContext) : -1;
  switch (action.type) {
    case "switchTo":
      if (order[action.index]) store.setActiveCluster(order[action.index]);
      return;
    case "next":
    case "previous": {
      if (order.length === 0) return;
      const step = action.type === "next" ? 1 : -1;
      const from = current === -1 ? (step === 1 ? -1 : 0) : current;
      store.setActiveCluster(order[(from + step + order.length) % order.length]);
      return;
    }
    case "picker":
      ui.setPickerOpen(!ui.pickerOpen);
      return;
    case "closeActive":
      if (store.activeClusterContext) void store.disconnect(store.activeClusterContext);
      return;
    case "home":
      store.showHome();
      return;
    case "help":
      ui.setHelpOpen(true);
      return;
    case "resourceBack":
    case "resourceForward":
      // Only the dashboard shows resource tabs; on the home grid these keys do nothing.
      if (store.view !== "dashboard" || !store.activeClusterContext) return;
      if (action.type === "resourceBack") store.resourceBack(store.activeClusterContext);
      else store.resourceForward(store.activeClusterContext);
      return;
  }
}

/** The window-wide cluster keys (see utils/shortcuts.ts). One listener for the whole app. */
export function useClusterShortcuts() {
  useEffect(() => {
    const mac = isMac();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const action = matchShortcut(event, { mac, inTextField: inTextField(event.target) });
      if (!action) return;
      // A modal dialog owns the keyboard; only the picker toggle passes through it.
      if (modalOpen() && !(action.type === "picker" && useClusterUiStore.getState().pickerOpen)) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
