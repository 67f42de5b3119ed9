#!/usr/bin/env bash
# Start the Kubeli app. With no kubeconfig (no KUBECONFIG, no ~/.kube/config), or with
# KUBELI_DEMO=1, first start three simulated lab clusters and point the app at them.
# Usage: scripts/run.sh APP_BINARY LAB_BINARY
set -euo pipefail
APP="$1"; LAB="$2"
CACHE="${KUBELI_CACHE:-$HOME/.cache/kubeli}"

has_kubeconfig() {
  if [ -n "${KUBECONFIG:-}" ]; then
    local IFS=:
    for f in $KUBECONFIG; do [ -f "$f" ] && return 0; done
    return 1
  fi
  [ -f "$HOME/.kube/config" ]
}

lab_pid=""
cleanup() { [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null; true; }
trap cleanup EXIT INT TERM

if [ "${KUBELI_DEMO:-0}" = 1 ] || ! has_kubeconfig; then
  demo="$CACHE/demo"
  mkdir -p "$demo"
  echo "run: no kubeconfig found (or demo asked for): starting 3 simulated lab clusters (kubeli-lab)"
  log="$demo/lab.log"
  "$LAB" --clusters 3 --pods 60 --seed 7 --churn 2 --kubeconfig "$demo/kubeconfig" \
    --control-file "$demo/control.json" >"$log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 600); do
    grep -qx ready "$log" && break
    kill -0 "$lab_pid" 2>/dev/null || { echo "run: the lab stopped:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  grep -qx ready "$log" || { echo "run: the lab did not become ready within 60 s (see $log)" >&2; exit 1; }
  export KUBECONFIG="$demo/kubeconfig"
  echo "run: lab ready; kubeconfig at $KUBECONFIG (kubectl works with it too)"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; starting the app inside a virtual X display (xvfb-run)"
  xvfb-run -a -s "-screen 0 1440x900x24" "$APP"
else
  "$APP"
fi
