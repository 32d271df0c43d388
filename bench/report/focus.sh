#!/usr/bin/env bash
# FOCUS export benchmark: a year of 64 GPUs on 8 hosts at hourly resolution (8,760 slots) from a synthetic in-memory
# usage source, run through the accounting engine and written as FOCUS 1.2 CSV (io.gridscope.reports.bench.FocusBench,
# reports test code) in a JVM with a 256 MB heap. Prints the machine, the command and RESULT lines: rows, seconds
# (wall, and the CPU of the export's thread and of the whole process), bytes written, the heap's peak (the sum of the
# heap pools' peaks, an upper bound) and the most it held after a collection; then the same from the -Xlog:gc log.
#
#   bench/report/focus.sh                       # hourly rows, 3 runs in one JVM (run 1 is a cold start), output discarded
#   GRANULARITY=day bench/report/focus.sh       # daily rows
#   RUNS=1 OUT=/tmp/focus.csv bench/report/focus.sh   # write the CSV to a file
#   HEAP=64m bench/report/focus.sh              # another heap limit
#   MODE=engine bench/report/focus.sh           # the engine alone (charges counted, nothing written)
#   ONLINE=1 bench/report/focus.sh              # let Maven download what it lacks (default: offline)
#   MODE=pdf bench/report/focus.sh              # the cost report of the same year by GPU as csv, xlsx, pdf, json or
#                                               # table, built and written through ReportExporter
#   bench/report/formats.sh                     # every format in turn (one cold JVM each)
#
# The synthetic data (seeded, the same every run): busy stretches of 4-72 h at 55-98 % and idle stretches of 1-30 h,
# a gap of 1-3 h without readings every ~200 h, energy counters in joules; fra-01's 8 GPUs shared by alice, bob and
# carol; sites with a time-of-use and a flat tariff, owned (amortised), cloud-instance and fallback-priced GPUs,
# hosts measured by RAPL and by the power model (see FocusBench.CONFIG).
# Needs: Maven, a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$ROOT"
GRANULARITY=${GRANULARITY:-hour}
MODE=${MODE:-$GRANULARITY}
RUNS=${RUNS:-3}
OUT=${OUT:--}
HEAP=${HEAP:-256m}

JAVA=${JAVA_25:-}
if [ -z "$JAVA" ]; then
  for j in ${GRIDSCOPE_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$j" ] && "$j" -version 2>&1 | grep -q 'version "25'; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA_25=/path/to/java" >&2; exit 1; }

WORK=$(mktemp -d /tmp/gridscope-focus-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "java: $("$JAVA" -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: read CPU seconds too)"

MVN=(mvn -B -q)
[ "${ONLINE:-0}" = 1 ] || MVN+=(-o)
"${MVN[@]}" -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="reports/target/test-classes:reports/target/classes:$(cat reports/target/bench-classpath.txt)"

echo "+ $JAVA -Xmx$HEAP -Xlog:gc:file=gc.log -cp <reports test classpath> io.gridscope.reports.bench.FocusBench $MODE $RUNS $OUT"
"$JAVA" -Xmx"$HEAP" -Xlog:gc:file="$WORK/gc.log" -cp "$CP" io.gridscope.reports.bench.FocusBench "$MODE" "$RUNS" "$OUT" 2>&1 \
  | grep -v '^SLF4J'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# "[1.234s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->18M(256M) 3.456ms"
python3 - "$WORK/gc.log" <<'PY'
import re, sys
before = after = committed = n = 0
for line in open(sys.argv[1]):
    m = re.search(r'(\d+)M->(\d+)M\((\d+)M\)', line)
    if m:
        n += 1
        b, a, c = map(int, m.groups())
        before, after, committed = max(before, b), max(after, a), max(committed, c)
print(f"RESULT gc log (all runs): {n} collections; heap used at most {before} MB before a collection,"
      f" {after} MB after one; at most {committed} MB committed")
PY
