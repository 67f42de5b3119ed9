import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { commands, type AppInfo } from "@/lib/tauri/bindings";

/** "About Kubeli": version, build and links, all from the backend's one source (the Cargo workspace). */
export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || info) return;
    commands.appInfo().then(setInfo, (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)));
  }, [open, info]);

  return (
    <Dialog open={open} onClose={onClose} title="About Kubeli" description="Many Kubernetes clusters, connected at once.">
      <div data-testid="about-panel" className="flex items-start gap-4">
        <img src="/kubeli.svg" alt="" className="h-16 w-16 shrink-0" />
        {info ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-zinc-500">Version</dt>
            <dd data-testid="about-version" className="font-mono text-zinc-100">{info.version}</dd>
            <dt className="text-zinc-500">Build</dt>
            <dd className="font-mono text-zinc-300">
              {[info.profile, info.platform, info.commit].filter(Boolean).join(" · ")}
            </dd>
            <dt className="text-zinc-500">Website</dt>
            <dd>
              <a href={info.homepage} target="_blank" rel="noreferrer" className="text-sky-400 hover:underline">
                {info.homepage.replace(/^https?:\/\//, "")}
              </a>
            </dd>
          </dl>
        ) : error ? (
          <p role="alert" className="text-sm text-red-300">Could not read the app's version: {error}</p>
        ) : (
          <p className="text-sm text-zinc-500">Reading the version…</p>
        )}
      </div>
    </Dialog>
  );
}
