/** Whether a kept resource view is the one on screen (`kept-views.tsx`); hidden views stop their clocks. */
import { createContext, useContext } from "react";

export const ShownContext = createContext(true);

export const useViewShown = () => useContext(ShownContext);
