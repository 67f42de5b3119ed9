/** The add-a-cluster-by-hand dialog: what it sends, the skip-verify warning, errors shown, edit and remove. */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { ManualClusterInfo } from "@/lib/tauri/bindings";
import { AddClusterManually } from "../components/add-cluster-dialog";
import { appError, makeDiscovery, mockBackend, resetDiscoveryStore } from "./fixtures";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

function backend(saved: ManualClusterInfo[] = [], save: (args: Record<string, unknown>) => unknown = () => makeDiscovery()) {
  return mockBackend((cmd, args) => {
    if (cmd === "list_manual_clusters") return saved;
    if (cmd === "save_manual_cluster") return save(args);
    if (cmd === "remove_manual_cluster") return makeDiscovery();
    if (cmd === "list_clusters") return makeDiscovery();
    return null;
  });
}

async function open() {
  const user = userEvent.setup();
  render(<AddClusterManually />);
  await user.click(screen.getByTestId("add-cluster-manually"));
  return user;
}

beforeEach(() => resetDiscoveryStore());

describe("add a cluster by hand", () => {
  it("sends server, CA and token, and closes once the backend saved it", async () => {
    const calls = backend();
    const user = await open();
    await user.type(screen.getByTestId("manual-name"), "prod-eu");
    await user.type(screen.getByTestId("manual-server"), "https://10.0.0.1:6443");
    await user.click(screen.getByTestId("manual-ca"));
    await user.paste(PEM);
    await user.type(screen.getByTestId("manual-token"), "s3cret");
    await user.click(screen.getByTestId("save-cluster"));
    await waitFor(() => expect(screen.queryByTestId("manual-cluster-form")).toBeNull());
    const save = calls.find((c) => c.cmd === "save_manual_cluster");
    expect(save?.args).toEqual({
      cluster: { name: "prod-eu", server: "https://10.0.0.1:6443", ca: PEM, skipTlsVerify: false, auth: { kind: "token", token: "s3cret" } },
      previous: null,
    });
  });

  it("warns when TLS verification is skipped and sends no CA then", async () => {
    const calls = backend();
    const user = await open();
    expect(screen.queryByTestId("manual-skip-tls-warning")).toBeNull();
    await user.click(screen.getByTestId("manual-ca"));
    await user.paste(PEM);
    await user.click(screen.getByTestId("manual-skip-tls"));
    expect(screen.getByTestId("manual-skip-tls-warning").textContent).toMatch(/could read and change/);
    await user.selectOptions(screen.getByTestId("manual-auth-kind"), "exec");
    await user.type(screen.getByTestId("manual-exec-command"), "aws eks get-token");
    await user.click(screen.getByTestId("save-cluster"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_manual_cluster")).toBe(true));
    const args = calls.find((c) => c.cmd === "save_manual_cluster")!.args as { cluster: { ca: unknown; skipTlsVerify: boolean; auth: unknown } };
    expect(args.cluster.ca).toBeNull();
    expect(args.cluster.skipTlsVerify).toBe(true);
    expect(args.cluster.auth).toEqual({ kind: "exec", command: "aws eks get-token" });
  });

  it("shows why the backend refused (e.g. no keychain) and stays open", async () => {
    backend([], () => {
      throw appError("prod-eu: no OS keychain is available to save its credential", "keychain");
    });
    const user = await open();
    await user.type(screen.getByTestId("manual-name"), "prod-eu");
    await user.selectOptions(screen.getByTestId("manual-auth-kind"), "clientCertificate");
    await user.type(screen.getByTestId("manual-client-cert"), "cert");
    await user.type(screen.getByTestId("manual-client-key"), "key");
    await user.click(screen.getByTestId("save-cluster"));
    expect((await screen.findByTestId("manual-error")).textContent).toMatch(/no OS keychain/);
    expect(screen.getByTestId("manual-cluster-form")).toBeTruthy();
  });

  it("edits a certificate cluster as a certificate one: nothing entered keeps the saved certificate", async () => {
    const calls = backend([{ name: "lab", server: "https://127.0.0.1:1", skipTlsVerify: true, authKind: "clientCertificate", execCommand: null }]);
    const user = await open();
    await screen.findByTestId("manual-cluster");
    await user.click(screen.getByTestId("manual-edit"));
    expect((screen.getByTestId("manual-auth-kind") as HTMLSelectElement).value).toBe("clientCertificate");
    expect(screen.getByText(/Client key \(PEM; empty keeps the saved one\)/)).toBeTruthy();
    await user.click(screen.getByTestId("save-cluster"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_manual_cluster")).toBe(true));
    const save = calls.find((c) => c.cmd === "save_manual_cluster")!.args as { cluster: { auth: unknown } };
    expect(save.cluster.auth).toEqual({ kind: "clientCertificate", certificate: "", key: "" });
  });

  it("edits a saved cluster (empty token keeps the saved one) and removes one", async () => {
    const calls = backend([{ name: "lab", server: "https://127.0.0.1:1", skipTlsVerify: true, authKind: "keychain", execCommand: null }]);
    const user = await open();
    await screen.findByTestId("manual-cluster");
    await user.click(screen.getByTestId("manual-edit"));
    expect((screen.getByTestId("manual-server") as HTMLInputElement).value).toBe("https://127.0.0.1:1");
    await user.click(screen.getByTestId("save-cluster"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_manual_cluster")).toBe(true));
    const save = calls.find((c) => c.cmd === "save_manual_cluster")!.args as { cluster: { auth: unknown }; previous: unknown };
    expect(save.previous).toBe("lab");
    expect(save.cluster.auth).toEqual({ kind: "token", token: "" });

    await user.click(screen.getByTestId("add-cluster-manually"));
    await screen.findByTestId("manual-cluster");
    await user.click(screen.getByTestId("manual-remove"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "remove_manual_cluster").map((c) => c.args.name)).toEqual(["lab"]));
  });
});
