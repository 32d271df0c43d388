#!/usr/bin/env bash
# Every report format over the same year of 64 GPUs (see focus.sh): FOCUS hourly and daily, and the cost report by
# GPU as CSV, XLSX, PDF and JSON, each in a fresh JVM with a 256 MB heap, RUNS runs each (default 2: a cold start,
# then a warm run). Prints the RESULT lines of each.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
for mode in hour day csv xlsx pdf json; do
  echo "== $mode"
  MODE=$mode RUNS=${RUNS:-2} "$ROOT/bench/report/focus.sh" | grep -E '^(RESULT|FocusBench|load)'
done
