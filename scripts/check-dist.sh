#!/usr/bin/env bash
# Checks the packages `make dist` built: the .deb holds the binary, the desktop entry and the
# icons and declares the WebKitGTK dependency; the .rpm holds the same files; the binary's
# `--version` is the workspace version. Prints the sizes. Usage: scripts/check-dist.sh RELEASE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
REL="$1"
fail() { echo "check-dist: FAIL: $*" >&2; failed=1; }
ok() { echo "check-dist: ok: $*"; passed=$((passed + 1)); }
failed=0; passed=0

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
deb=$(ls "$REL"/bundle/deb/*.deb 2>/dev/null | head -1)
rpm=$(ls "$REL"/bundle/rpm/*.rpm 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "check-dist: no .deb under $REL/bundle/deb" >&2; exit 1; }

files=$(dpkg-deb -c "$deb" | awk '{sub(/^\.\//, "", $6); print "/" $6}')
for want in /usr/bin/kubeli /usr/share/applications/Kubeli.desktop \
            /usr/share/icons/hicolor/32x32/apps/kubeli.png /usr/share/icons/hicolor/128x128/apps/kubeli.png \
            /usr/share/icons/hicolor/512x512/apps/kubeli.png; do
  grep -qx "$want" <<<"$files" && ok "deb contains $want" || fail "deb lacks $want"
done
depends=$(dpkg-deb -f "$deb" Depends)
grep -q "libwebkit2gtk-4.1-0" <<<"$depends" && ok "deb depends on WebKitGTK 4.1 ($depends)" || fail "deb Depends lacks libwebkit2gtk-4.1-0: $depends"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok "deb version is $version" || fail "deb version $(dpkg-deb -f "$deb" Version) != $version"
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/Kubeli.desktop')
grep -q '^Exec=kubeli' <<<"$desktop" && grep -q '^Icon=kubeli' <<<"$desktop" && ok "desktop entry starts kubeli with its icon" || fail "desktop entry: $desktop"

if [ -n "$rpm" ]; then
  if command -v rpm >/dev/null; then
    rpm -qlp "$rpm" 2>/dev/null | grep -qx /usr/bin/kubeli && ok "rpm contains /usr/bin/kubeli" || fail "rpm lacks /usr/bin/kubeli"
  else
    echo "check-dist: rpm tool not installed; checked the .rpm exists only"
  fi
else
  fail "no .rpm under $REL/bundle/rpm"
fi

got=$("$REL/kubeli" --version)
[[ "$got" == "kubeli $version ("* ]] && ok "kubeli --version: $got" || fail "kubeli --version said: $got (want $version)"

echo "check-dist: sizes: deb $(du -k "$deb" | cut -f1) KiB, rpm $( [ -n "$rpm" ] && du -k "$rpm" | cut -f1) KiB, binary $(du -k "$REL/kubeli" | cut -f1) KiB"
echo "dist-check: $passed passed, $failed failed"
exit "$failed"
