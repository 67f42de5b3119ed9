#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine (run as root, or with sudo available):
# system packages for Tauri/WebKitGTK and the real-app E2E tests, npm packages, crates, and
# tauri-driver. Each step is skipped when it is already done, so `make run` / `make test`
# can call this every time.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${KUBELI_CACHE:-$HOME/.cache/kubeli}"
mkdir -p "$CACHE"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# --- system packages --------------------------------------------------------------------
PKGS=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver imagemagick
      gnome-keyring dbus dbus-x11 libsecret-1-0 libdbus-1-dev
      python3-gi)  # python3-gi: the bench's blank WebKitGTK window (P8a's peer, frames beside P6a/P9d)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v kubectl >/dev/null || say "warning: kubectl not found; the lab's kubectl tests need it (apt-get install kubectl)"

# --- toolchains ---------------------------------------------------------------------------
command -v cargo >/dev/null || { echo "setup: cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }
command -v node >/dev/null || { echo "setup: Node.js 20.19+ is required" >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "setup: Node.js 20.19+ is required (found $(node --version))" >&2; exit 1; }

# --- npm packages (re-run only when package-lock.json changed) ----------------------------
stamp="node_modules/.kubeli-lock-stamp"
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --cache "$CACHE/npm"
  echo "$lock_sum" > "$stamp"
fi

# --- crates --------------------------------------------------------------------------------
cargo fetch -q

# --- tauri-driver (for the real-app E2E tests) ---------------------------------------------
if ! "$CACHE/tools/bin/tauri-driver" --help >/dev/null 2>&1; then
  say "installing tauri-driver 2.1.0 into $CACHE/tools"
  cargo install tauri-driver --version 2.1.0 --locked --root "$CACHE/tools" -q
fi
