import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { installBenchHooks } from "@/lib/bench-hooks";
import { getViewRows } from "@/stores/resource-store";
import { startBackgroundPause } from "./background-pause";
import { startIpcFallbackRecovery } from "./ipc-fallback";
import { storeCounts } from "./store-counts";
import { startAppWebRecycle } from "./web-recycle";
import "./index.css";

// First: a page whose IPC fell back to evaluated answers reloads when the user pauses.
startIpcFallbackRecovery();
// Only with KUBELI_BENCH_HOOKS=1 (make bench); a no-op otherwise.
installBenchHooks({ rows: getViewRows, counts: storeCounts });
// Pauses background clusters' watches when the setting is on (off by default).
startBackgroundPause();
// With nothing connected and the window idle, a web process grown under load is recycled.
startAppWebRecycle();

const root = document.getElementById("root");
if (!root) throw new Error("#root element missing from index.html");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
