import { create } from "zustand";

/** Which cluster-level overlay is open (picker, shortcuts sheet, colour/label dialog, connections). */
type ClusterUiState = {
  pickerOpen: boolean;
  helpOpen: boolean;
  connectionsOpen: boolean;
  setConnectionsOpen: (open: boolean) => void;
  /** Cluster id whose colour/label dialog is open. */
  appearanceFor: string | null;
  setPickerOpen: (open: boolean) => void;
  setHelpOpen: (open: boolean) => void;
  setAppearanceFor: (id: string | null) => void;
};

export const useClusterUiStore = create<ClusterUiState>()((set) => ({
  pickerOpen: false,
  helpOpen: false,
  connectionsOpen: false,
  setConnectionsOpen: (connectionsOpen) => set({ connectionsOpen }),
  appearanceFor: null,
  setPickerOpen: (pickerOpen) => set({ pickerOpen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setAppearanceFor: (appearanceFor) => set({ appearanceFor }),
}));
