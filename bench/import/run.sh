#!/usr/bin/env bash
# Import benchmark: generates OpenMetrics text with timestamps and imports it with ./gridscope import (the
# launcher's JVM options, 256 MB heap), into an empty history, then the same file again (every sample a duplicate).
# When promtool is installed (apt-get install -y prometheus), it backfills the same file into a Prometheus TSDB in
# the same run, for comparison. Prints the machine, each command, and RESULT lines.
#   bench/import/run.sh [SERIES] [SAMPLES_PER_SERIES]        (default: 1000 1000, i.e. 1,000,000 samples)
set -euo pipefail
cd "$(dirname "$0")/../.."
SERIES=${1:-1000}
PER_SERIES=${2:-1000}
WORK=$(mktemp -d /tmp/gridscope-import-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"

# Half the series are counters (node_cpu_seconds_total-like, 8 per host and cpu), half gauges (GPU power), one
# sample every 15 s per series, ending a minute ago; grouped by family, then series, then time, as an export is.
python3 - "$WORK/bench.om" "$SERIES" "$PER_SERIES" <<'PY'
import random, sys, time
path, series, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
end = int(time.time()) - 60
start = end - 15 * (per - 1)
rnd = random.Random(7)
counters = series // 2
with open(path, "w") as f:
    f.write("# HELP node_cpu_seconds Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds counter\n")
    for i in range(counters):
        labels = 'cpu="%d",instance="node-%03d:9100",mode="%s"' % (i % 64, i // 512, ("user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice")[(i // 64) % 8])
        v = rnd.random() * 1e5
        for k in range(per):
            v += rnd.random() * 15
            f.write("node_cpu_seconds_total{%s} %.2f %d\n" % (labels, v, start + 15 * k))
    f.write("# HELP gpu_power_watts Power draw.\n# TYPE gpu_power_watts gauge\n# UNIT gpu_power_watts watts\n")
    for i in range(series - counters):
        labels = 'gpu="%d",instance="gpu-%03d:9400"' % (i % 8, i // 8)
        for k in range(per):
            f.write("gpu_power_watts{%s} %.1f %d\n" % (labels, 80 + rnd.random() * 600, start + 15 * k))
    f.write("# EOF\n")
PY
SAMPLES=$(( SERIES * PER_SERIES ))
echo "input: $SAMPLES samples of $SERIES series, $(du -h "$WORK/bench.om" | cut -f1) ($WORK/bench.om)"

# build once, outside the timing
./gridscope --version >/dev/null

run() {
  local label=$1; shift
  echo "+ $*"
  local t0 t1 out
  t0=$(date +%s.%N)
  out=$("$@")
  t1=$(date +%s.%N)
  echo "$out"
  python3 -c "import sys; s=$t1-$t0; print('RESULT %-32s %6.2f s wall, %9.0f samples/s (%d samples)' % (sys.argv[1], s, $SAMPLES / s, $SAMPLES))" "$label"
}

run "gridscope import (empty history)" ./gridscope import "$WORK/bench.om" --data-dir "$WORK/data"
run "gridscope import (same file again)" ./gridscope import "$WORK/bench.om" --data-dir "$WORK/data"
./gridscope db stats --data-dir "$WORK/data"
if command -v promtool >/dev/null; then
  echo "promtool: $(promtool --version 2>&1 | head -1)"
  run "promtool create-blocks-from" promtool tsdb create-blocks-from openmetrics "$WORK/bench.om" "$WORK/prom-data"
else
  echo "promtool not installed: no comparison (apt-get install -y prometheus)"
fi
