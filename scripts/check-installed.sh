#!/usr/bin/env bash
# `make dist-install-check` (as root, on a Debian machine): installs the .deb `make dist` built
# with apt, then checks the installed app behaves like the development one:
#  - `kubeli --version` and `kubeli doctor` work from /usr/bin with a short PATH, and an exec
#    auth plugin found only on the login shell's PATH still authenticates (as when started
#    from the desktop menu);
#  - the installed app opens its window under Xvfb (cold start to first paint is measured and
#    a screenshot is written to artifacts/installed-app.png);
#  - settings live in the platform's config folder and survive uninstalling the package.
# The package is removed again at the end. Usage: scripts/check-installed.sh RELEASE_DIR LAB_BIN
set -euo pipefail
cd "$(dirname "$0")/.."
REL="$1"; LAB="$2"
deb=$(ls "$REL"/bundle/deb/*.deb | head -1)
pkg=$(dpkg-deb -f "$deb" Package)
passed=0; failed=0
ok() { echo "check-installed: ok: $*"; passed=$((passed + 1)); }
fail() { echo "check-installed: FAIL: $*" >&2; failed=$((failed + 1)); }

work=$(mktemp -d); home="$work/home"; mkdir -p "$home/bin" artifacts
lab_pid=""
cleanup() {
  [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null || true
  apt-get remove -y -q "$pkg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(realpath "$deb")" >/dev/null
[ -x /usr/bin/kubeli ] && ok "apt installed $pkg ($(dpkg-query -W -f='${Installed-Size}' "$pkg") KiB installed)" || fail "/usr/bin/kubeli missing after install"
version=$(env -i PATH=/usr/bin:/bin /usr/bin/kubeli --version)
ok "installed kubeli --version: $version"

# A lab cluster, and a kubeconfig whose user is an exec plugin that only the login shell finds.
"$LAB" --clusters 1 --pods 5 --kubeconfig "$work/lab.yaml" >"$work/lab.log" 2>&1 &
lab_pid=$!
for _ in $(seq 100); do grep -qx ready "$work/lab.log" && break; sleep 0.1; done
token=$(sed -n 's/^ *token: //p' "$work/lab.yaml" | head -1)
cat >"$home/bin/kubeli-test-auth" <<PLUGIN
#!/bin/sh
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$token"
PLUGIN
chmod +x "$home/bin/kubeli-test-auth"
echo 'PATH="$HOME/bin:$PATH"; export PATH' >"$home/.profile"
sed "s|^    token: .*|    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubeli-test-auth, interactiveMode: Never}|" \
  "$work/lab.yaml" >"$work/exec.yaml"

out=$(env -i HOME="$home" SHELL=/bin/sh PATH=/usr/bin:/bin KUBECONFIG="$work/exec.yaml" /usr/bin/kubeli doctor --json) \
  && ok "doctor from /usr/bin with PATH=/usr/bin:/bin reaches the cluster through a login-shell-only exec plugin" \
  || fail "doctor with a login-shell-only exec plugin: $out"

# The installed window: cold start to first paint, and a screenshot.
KUBELI_APP=/usr/bin/kubeli KUBECONFIG="$work/lab.yaml" KUBELI_HOME="$home" \
  timeout --kill-after=15 180 xvfb-run -a -s "-screen 0 1440x900x24" node scripts/installed-start.mjs \
  && ok "the installed app opened its window (artifacts/installed-app.png)" || fail "the installed app did not open its window"
config="$home/.config/dev.kubeli.app"
grep -q '"width": *1111' "$config/window-state.json" 2>/dev/null \
  && ok "the window's new size was saved in $config" || fail "no saved 1111-wide window in $config: $(cat "$config/window-state.json" 2>&1)"
KUBELI_APP=/usr/bin/kubeli KUBECONFIG="$work/lab.yaml" KUBELI_HOME="$home" \
  timeout --kill-after=15 180 xvfb-run -a -s "-screen 0 1440x900x24" node scripts/installed-start.mjs restore \
  && ok "the next start restored the window at 1111x777" || fail "the next start did not restore the saved window size"

apt-get remove -y -q "$pkg" >/dev/null
[ ! -e /usr/bin/kubeli ] && ok "apt removed $pkg" || fail "/usr/bin/kubeli still there after removal"
[ -f "$config/window-state.json" ] && ok "the user's config folder survives uninstalling" || fail "uninstalling removed $config"

echo "check-installed: $passed passed, $failed failed"
exit $(( failed > 0 ))
