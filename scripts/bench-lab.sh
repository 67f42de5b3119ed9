#!/usr/bin/env bash
# Lab benchmark: one kubeli-lab process serving many clusters. Prints measured start-up time
# (start → "ready") and resident memory next to their targets. Release build; not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build -q --release -p kubeli-lab
LAB="$target/release/kubeli-lab"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

measure() { # clusters pods max_seconds max_rss_mb
  local c=$1 p=$2 max_s=$3 max_mb=$4 log="$work/lab-$1-$2.log"
  local start end pid rss_kb
  start=$(date +%s.%N)
  "$LAB" --clusters "$c" --pods "$p" --kubeconfig "$work/kc-$c-$p" >"$log" 2>&1 &
  pid=$!
  until grep -qx ready "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "lab failed:"; cat "$log"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  sleep 1
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  awk -v c="$c" -v p="$p" -v s0="$start" -v s1="$end" -v mb="$((rss_kb / 1024))" -v ms="$max_s" -v mm="$max_mb" 'BEGIN { s = s1 - s0
    printf "lab %2d clusters x %5d pods: ready in %5.2f s (target < %d s, %.2fx of target)   RSS %4d MB (target < %d MB, %.2fx)\n", c, p, s, ms, s / ms, mb, mm, mb / mm
  }'
}

measure 20 500 5 400
measure 3 2000 5 200
measure 1 10000 5 200
