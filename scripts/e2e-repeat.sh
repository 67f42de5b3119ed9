#!/usr/bin/env bash
# Runs the multi-cluster real-app E2E file N times in a row, stops at the first failure, and
# prints "N passed, M failed" and how many WebDriver requests were sent again after a
# connection reset (tauri-driver's proxy drops one now and then; see tests/e2e/webdriver.mjs).
# Usage: scripts/e2e-repeat.sh N   (make e2e-repeat N=20). Each run's output: /tmp/kubeli-e2e-repeat/run-K.log
set -uo pipefail
runs="${1:-20}"
logs="${TMPDIR:-/tmp}/kubeli-e2e-repeat"
mkdir -p "$logs"
passed=0 failed=0 retries=0
for ((k = 1; k <= runs; k++)); do
  log="$logs/run-$k.log"
  start=$SECONDS
  timeout --kill-after=15 900 xvfb-run -a -s "-screen 0 1440x900x24" \
    node --test --test-concurrency=1 tests/e2e/multi-cluster.test.mjs >"$log" 2>&1
  rc=$?
  # close() prints the file's running total; the last such line is this run's count.
  n=$(grep -o 'webdriver: [0-9]* requests retried' "$log" | tail -1 | grep -o '[0-9]*' || true)
  retries=$((retries + ${n:-0}))
  if ((rc == 0)); then
    passed=$((passed + 1))
    echo "run $k/$runs: passed in $((SECONDS - start)) s, ${n:-0} retried requests"
  else
    failed=$((failed + 1))
    echo "run $k/$runs: FAILED (exit $rc) after $((SECONDS - start)) s; log: $log"
    grep -E '^not ok|Error|error' "$log" | head -20
    break
  fi
done
echo "$passed passed, $failed failed"
echo "retried WebDriver requests (connection reset): $retries"
((failed == 0))
