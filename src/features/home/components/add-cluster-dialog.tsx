/**
 * Add a cluster by hand: server URL, CA (pasted or read from a file) or skip-verify with a
 * warning, and a token, a client certificate + key, or an exec command. The backend tries a
 * real connection before anything is saved; the credential goes to the OS keychain and the
 * kubeconfig file Kubeli writes only references it. Saved clusters can be edited (an empty
 * credential keeps the saved one) and removed (which deletes the keychain item).
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { callCommand } from "@/lib/errors";
import { commands, type ManualAuth, type ManualCluster, type ManualClusterInfo } from "@/lib/tauri/bindings";
import { useDiscoveryStore } from "../stores/use-discovery-store";

type AuthKind = ManualAuth["kind"];

type Form = { name: string; server: string; ca: string; skipTls: boolean; authKind: AuthKind; token: string; cert: string; key: string; exec: string };

const EMPTY: Form = { name: "", server: "", ca: "", skipTls: false, authKind: "token", token: "", cert: "", key: "", exec: "" };

/** What the backend gets for a form. */
function toManualCluster(form: Form): ManualCluster {
  const auth: ManualAuth =
    form.authKind === "token"
      ? { kind: "token", token: form.token }
      : form.authKind === "clientCertificate"
        ? { kind: "clientCertificate", certificate: form.cert, key: form.key }
        : { kind: "exec", command: form.exec };
  return { name: form.name.trim(), server: form.server.trim(), ca: form.skipTls || !form.ca.trim() ? null : form.ca, skipTlsVerify: form.skipTls, auth };
}

/** The home page's "Add cluster" button with its dialog. */
export function AddClusterManually() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="add-cluster-manually">
        <PlusIcon />
        <span>Add cluster</span>
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add a cluster by hand" description="Kubeli connects once to check it, then keeps the credential in your OS keychain.">
        <AddClusterForm onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="mb-3">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-400">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

const area = "min-h-16 w-full rounded-md border border-zinc-700 bg-zinc-900 px-2 py-1.5 font-mono text-xs text-zinc-100";

function AddClusterForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<ManualClusterInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Form>) => {
    setForm((f) => ({ ...f, ...change }));
    setError(null);
  };

  const listSaved = () => callCommand(() => commands.listManualClusters()).then((result) => (result.status === "ok" ? result.data : null));
  const refresh = async () => {
    const list = await listSaved();
    if (list) setSaved(list);
  };
  useEffect(() => {
    let live = true;
    void listSaved().then((list) => {
      if (live && list) setSaved(list);
    });
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await callCommand(() => commands.saveManualCluster(toManualCluster(form), editing));
    setBusy(false);
    if (result.status === "error") return setError(result.error.message);
    void useDiscoveryStore.getState().load();
    onDone();
  };

  const remove = async (name: string) => {
    const result = await callCommand(() => commands.removeManualCluster(name));
    if (result.status === "error") return setError(result.error.message);
    void useDiscoveryStore.getState().load();
    if (editing === name) setEditing(null);
    await refresh();
  };

  const edit = (c: ManualClusterInfo) => {
    setEditing(c.name);
    setForm({ ...EMPTY, name: c.name, server: c.server, skipTls: c.skipTlsVerify, authKind: c.authKind === "exec" || c.authKind === "clientCertificate" ? c.authKind : "token", exec: c.execCommand ?? "" });
  };

  const readCa = async (file: File | undefined) => {
    if (file) set({ ca: await file.text(), skipTls: false });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="manual-cluster-form">
      {saved.length > 0 ? (
        <ul className="mb-4 space-y-1 text-xs" data-testid="manual-cluster-list">
          {saved.map((c) => (
            <li key={c.name} className="flex items-center gap-2" data-testid="manual-cluster" data-name={c.name}>
              <span className="min-w-0 flex-1 truncate font-mono">{c.name}</span>
              <Button size="sm" variant="ghost" onClick={() => edit(c)} data-testid="manual-edit">
                Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={() => void remove(c.name)} data-testid="manual-remove">
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Field label="Name">{(id) => <Input id={id} data-testid="manual-name" data-autofocus value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="prod-eu" spellCheck={false} />}</Field>
      <Field label="Server URL">{(id) => <Input id={id} data-testid="manual-server" value={form.server} onChange={(e) => set({ server: e.target.value })} placeholder="https://api.example.com:6443" spellCheck={false} className="font-mono" />}</Field>
      <Field label="CA certificate (PEM: paste it or load the file)">
        {(id) => (
          <>
            <textarea id={id} data-testid="manual-ca" className={area} value={form.ca} disabled={form.skipTls} onChange={(e) => set({ ca: e.target.value })} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
            <input type="file" aria-label="CA certificate file" data-testid="manual-ca-file" className="mt-1 text-xs text-zinc-400" onChange={(e) => void readCa(e.target.files?.[0])} />
          </>
        )}
      </Field>
      <label className="mb-1 flex items-center gap-2 text-xs text-zinc-300">
        <input type="checkbox" data-testid="manual-skip-tls" checked={form.skipTls} onChange={(e) => set({ skipTls: e.target.checked })} />
        Skip TLS verification
      </label>
      {form.skipTls ? (
        <p className="mb-3 text-xs text-amber-300" data-testid="manual-skip-tls-warning">
          Anyone between you and the server could read and change this connection, including your credentials. Use only for a throwaway test cluster.
        </p>
      ) : null}
      <Field label="Authentication">
        {(id) => (
          <select id={id} data-testid="manual-auth-kind" value={form.authKind} onChange={(e) => set({ authKind: e.target.value as AuthKind })} className="rounded-md border border-zinc-700 bg-zinc-900 px-2 py-1 text-sm">
            <option value="token">Bearer token</option>
            <option value="clientCertificate">Client certificate and key</option>
            <option value="exec">Exec command</option>
          </select>
        )}
      </Field>
      {form.authKind === "token" ? (
        <Field label={editing ? "Token (empty keeps the saved one)" : "Token"}>{(id) => <Input id={id} type="password" data-testid="manual-token" value={form.token} onChange={(e) => set({ token: e.target.value })} autoComplete="off" />}</Field>
      ) : null}
      {form.authKind === "clientCertificate" ? (
        <>
          <Field label={editing ? "Client certificate (PEM; empty keeps the saved one)" : "Client certificate (PEM)"}>{(id) => <textarea id={id} data-testid="manual-client-cert" className={area} value={form.cert} onChange={(e) => set({ cert: e.target.value })} spellCheck={false} />}</Field>
          <Field label={editing ? "Client key (PEM; empty keeps the saved one)" : "Client key (PEM)"}>{(id) => <textarea id={id} data-testid="manual-client-key" className={area} value={form.key} onChange={(e) => set({ key: e.target.value })} spellCheck={false} />}</Field>
        </>
      ) : null}
      {form.authKind === "exec" ? (
        <Field label="Exec command">{(id) => <Input id={id} data-testid="manual-exec-command" value={form.exec} onChange={(e) => set({ exec: e.target.value })} placeholder="aws eks get-token --cluster-name prod" spellCheck={false} className="font-mono" />}</Field>
      ) : null}
      {error ? (
        <p role="alert" data-testid="manual-error" className="mt-2 text-xs break-words text-red-300">
          {error}
        </p>
      ) : null}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={busy} data-testid="save-cluster">
          {busy ? "Checking the connection…" : editing ? "Save changes" : "Connect and save"}
        </Button>
      </div>
    </form>
  );
}
