#!/usr/bin/env bash
# `make dist`: a release build and the Linux packages (.deb, .rpm), then the package check.
# Works offline: only bundlers that need no download (deb, rpm). AppImage (linuxdeploy) and
# the macOS / Windows bundles are built on release machines of those kinds from the same
# tauri.conf.json (see README "Install").
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
say() { printf '\033[1mdist:\033[0m %s\n' "$*"; }

# `rpm` reads the .rpm back in the check (Debian package; the bundle itself needs no rpmbuild).
if ! command -v rpm >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends rpm >/dev/null
fi

# The commit the build names in `kubeli --version` and the About panel.
KUBELI_BUILD_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || true)"
export KUBELI_BUILD_COMMIT

start=$(date +%s)
npx tauri build --bundles deb,rpm --ci
secs=$(( $(date +%s) - start ))
say "release build and bundles took ${secs} s (LTO: ${CARGO_PROFILE_RELEASE_LTO:-thin})"
echo "$secs" > "$TARGET/release/bundle/build-seconds"

scripts/check-dist.sh "$TARGET/release"
