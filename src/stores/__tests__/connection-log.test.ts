/** The copied connection log never carries a token, key or password. */
import { describe, expect, it } from "vitest";
import { formatConnectionLog, redactSecrets } from "../connection-log";

describe("connection log redaction", () => {
  it("removes secrets from the error and every step, and keeps the rest", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const text = formatConnectionLog(
      "prod",
      "/home/ana/.kube/config#prod",
      [
        { atMs: 1, step: "exec plugin", ok: false, millis: 3, detail: `printed {"token":"s3cr3t"} and Bearer ${jwt}` },
        { atMs: 2, step: "proxy", ok: false, millis: 4, detail: "http://ana:pa55word@proxy.corp:3128 refused; password=hunter2" },
        { atMs: 3, step: "probe", ok: true, millis: 12, detail: "v1.32.4 in 12 ms" },
      ],
      { kind: "unauthorized", message: "prod: rejected token: abc123 -----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----", retryable: false },
    );
    for (const secret of ["s3cr3t", jwt, "pa55word", "hunter2", "abc123", "MHcC"]) expect(text).not.toContain(secret);
    expect(text).toContain("v1.32.4 in 12 ms");
    expect(text).toContain("proxy.corp:3128");
    expect(text).toContain("Kubeli connection log — prod");
  });

  it("leaves ordinary messages alone", () => {
    const text = "lab-dev: cannot reach the API server: connection refused (https://127.0.0.1:6443)";
    expect(redactSecrets(text)).toBe(text);
  });
});
