import { FlaskConicalIcon } from "lucide-react";

export function SimulatedBanner({ all }: { all: boolean }) {
  return (
    <div role="status" data-testid="simulated-banner" className="flex items-center gap-2.5 rounded-xl border border-violet-500/30 bg-violet-500/10 px-4 py-2.5 text-sm text-violet-200">
      <FlaskConicalIcon className="shrink-0 text-violet-300" />
      {all ? (
        <span>You are looking at simulated lab clusters (kubeli-lab) — no real cluster is touched.</span>
      ) : (
        <span>Some contexts are simulated lab clusters (kubeli-lab); they are marked “Simulated”.</span>
      )}
    </div>
  );
}
