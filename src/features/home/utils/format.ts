import type { AuthType, KubeconfigSource, SourceError, SourceOrigin } from "@/lib/tauri/bindings";

/** Human-readable authentication method of a context's user. */
export function authLabel(auth: AuthType): string {
  switch (auth.kind) {
    case "token":
      return "Token";
    case "clientCertificate":
      return "Client certificate";
    case "exec":
      return `Exec: ${commandName(auth.command)}`;
    case "authProvider":
      return `Auth provider: ${auth.name}`;
    case "basic":
      return "Basic auth";
    case "none":
      return "No auth";
  }
}

/** `/usr/local/bin/aws` → `aws`; `C:\bin\kubelogin.exe` → `kubelogin.exe`. */
function commandName(command: string): string {
  const parts = command.split(/[\\/]/);
  return parts[parts.length - 1] || command;
}

const HOME_PREFIX = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\\Users\\[^\\]+)(?=[\\/]|$)/;

/**
 * A short, recognisable form of a file path for cards and lists:
 * the home directory becomes `~` and deep paths keep their last two segments.
 */
export function shortenPath(path: string): string {
  const home = HOME_PREFIX.exec(path);
  const rest = home ? path.slice(home[0].length) : path;
  const prefix = home ? "~" : "";
  const sep = rest.includes("\\") && !rest.includes("/") ? "\\" : "/";
  const segments = rest.split(/[\\/]/).filter(Boolean);
  if (segments.length <= 3) return prefix + (segments.length ? sep : "") + segments.join(sep) || path;
  return `${prefix}${sep}…${sep}${segments.slice(-2).join(sep)}`;
}

export function originLabel(origin: SourceOrigin): string {
  switch (origin) {
    case "kubeconfigEnv":
      return "KUBECONFIG";
    case "default":
      return "default (~/.kube/config)";
    case "userAdded":
      return "added by you";
  }
}

export function sourceKindLabel(source: KubeconfigSource): string {
  if (!source.exists) return "not found";
  return source.isDir ? "folder" : "file";
}

/** `line 3, column 7`, `line 3`, or null when the backend gave no position. */
export function errorPosition(error: SourceError): string | null {
  if (error.line == null) return null;
  return error.column == null ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
