#!/usr/bin/env bash
# Accounting report benchmark: ./gridscope report over DAYS (default 30) days of 16 GPUs on 4 hosts at 1 s in the
# local history, and in the same run a real Prometheus answering the equivalent
#   sum by (Hostname, UUID) (increase(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[<DAYS>d]))
# over the same GPU samples. Prints the machine, every command, and RESULT lines.
#
#   bench/report/run.sh            # full size: 30 days, 41.5 million samples per GPU metric (about 12 GB of
#                                  # OpenMetrics on the way, 20 min on 2 cores)
#   DAYS=3 bench/report/run.sh     # scaled
#   KEEP=1 bench/report/run.sh     # keep the work directory (WORK=DIR to choose it)
#   REUSE=1 WORK=DIR bench/report/run.sh   # time again on the data a KEEP=1 run left in DIR
#
# What each side holds (see io.gridscope.console.bench.ReportBench, console-app test code):
#   local history  per GPU and second: energy counter and utilisation; per host and second: CPU utilisation and
#                  installed memory; per GPU its model, per host its core count (once); raw kept 7 days, 1-minute
#                  and 1-hour rollups for all of it, as the store keeps them by default
#   Prometheus     per GPU and second: DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ) and DCGM_FI_DEV_GPU_UTIL (%), the
#                  same readings, loaded with promtool tsdb create-blocks-from openmetrics
# Figures: the report (engine only, in-process, best of 3 after a warm-up; and ./gridscope report as a process,
# JVM start included, best of 3 after a warm-up), Prometheus' query (curl time_total, best of 3 after a warm-up),
# and the same report through the fleet path (PromQL per 1-minute slot on that Prometheus).
# Needs: prometheus and promtool (apt-get install -y prometheus), curl, python3, Maven, a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$ROOT"
DAYS=${DAYS:-30}
CONFIG=bench/report/accounting.toml
command -v promtool >/dev/null && command -v prometheus >/dev/null \
  || { echo "needs promtool and prometheus (apt-get install -y prometheus)" >&2; exit 3; }

JAVA=${JAVA_25:-}
if [ -z "$JAVA" ]; then
  for j in ${GRIDSCOPE_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$j" ] && "$j" -version 2>&1 | grep -q 'version "25'; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA_25=/path/to/java" >&2; exit 1; }

WORK=${WORK:-$(mktemp -d /tmp/gridscope-report-bench.XXXXXX)}
mkdir -p "$WORK"
PROM_PID=""
cleanup() {
  if [ -n "$PROM_PID" ]; then kill "$PROM_PID" 2>/dev/null || true; wait "$PROM_PID" 2>/dev/null || true; fi
  [ "${KEEP:-0}" = 1 ] || [ "${REUSE:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "java: $("$JAVA" -version 2>&1 | head -1); prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}')"
echo "work dir: $WORK ($(df -h --output=avail "$WORK" | tail -1 | xargs) free)"

# the launcher builds the app if stale; the harness needs the test classes of this tree (the reactor, not ~/.m2)
./gridscope --version >/dev/null
mvn -B -q -Dstyle.color=never -pl console-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="console-app/target/test-classes:console-app/target/classes:reports/target/classes:history/target/classes"
CP="$CP:collectors/target/classes:model/target/classes:test-support/target/classes"
for jar in $(tr ':' '\n' < console-app/target/bench-classpath.txt); do
  case "${jar##*/}" in javafx-*|controlsfx-*|testfx-*) ;; *) CP="$CP:$jar" ;; esac
done
bench() {
  echo "+ $JAVA -cp <console-app test classpath> io.gridscope.console.bench.ReportBench $*"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" io.gridscope.console.bench.ReportBench "$@" 2>&1 \
    | grep -v '^SLF4J'
}
ms() { python3 -c "print(round($1 * 1000, 1))"; }
utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

if [ "${REUSE:-0}" = 1 ]; then
  [ -f "$WORK/end" ] && [ -f "$WORK/days" ] && [ -d "$WORK/local" ] && [ -d "$WORK/prom-data" ] \
    || { echo "REUSE=1: $WORK holds no data of an earlier KEEP=1 run" >&2; exit 2; }
  END_S=$(cat "$WORK/end"); DAYS=$(cat "$WORK/days")
else
  END_S=$(( $(date -u +%s) / 86400 * 86400 ))   # the last DAYS whole UTC days
fi
FROM_S=$(( END_S - DAYS * 86400 ))
echo "period: $(utc "$FROM_S") to $(utc "$END_S") ($DAYS days)"

if [ "${REUSE:-0}" != 1 ]; then
  bench prepare "$WORK" "$(( END_S * 1000 ))" "$DAYS"
  echo "+ promtool tsdb create-blocks-from openmetrics --max-block-duration=720h dcgm.om prom-data"
  t0=$(date +%s)
  promtool tsdb create-blocks-from openmetrics --max-block-duration=720h "$WORK/dcgm.om" "$WORK/prom-data" > "$WORK/promtool.log"
  echo "  promtool: $(( $(date +%s) - t0 )) s; $(grep -c '^[0-9A-Z]\{26\}' "$WORK/promtool.log") blocks"
  rm -f "$WORK/dcgm.om"
  echo "$END_S" > "$WORK/end"; echo "$DAYS" > "$WORK/days"
fi

PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 1h\nscrape_configs: []\n' > "$WORK/prometheus.yml"
echo "+ prometheus --storage.tsdb.path=prom-data --storage.tsdb.retention.time=10y --query.max-samples=200000000 --web.listen-address=127.0.0.1:$PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" --storage.tsdb.retention.time=10y \
  --query.max-samples=200000000 --query.timeout=10m --web.listen-address="127.0.0.1:$PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null || { echo "prometheus did not start; see $WORK/prometheus.log" >&2; exit 1; }
echo "  prometheus on 127.0.0.1:$PORT (pid $PROM_PID)"
LOCAL_BYTES=$(du -cb "$WORK"/local/history.db* | tail -1 | cut -f1)
PROM_BYTES=$(du -sb "$WORK/prom-data" | cut -f1)

echo "== 1. report on the local history, engine only"
LOCAL_OUT=$(bench local "$WORK" "$(( END_S * 1000 ))" "$DAYS" "$CONFIG")
echo "$LOCAL_OUT"
LOCAL_MS=$(echo "$LOCAL_OUT" | sed -n 's/^RESULT .* best of 3: \([0-9.]*\) ms$/\1/p')

echo "== 2. ./gridscope report on the local history (a process: JVM start, reading the accounting file, output)"
CLI=(./gridscope report --from "$(utc "$FROM_S")" --to "$(utc "$END_S")" --group-by gpu --format csv
     --data-dir "$WORK/local" --config "$CONFIG")
echo "+ ${CLI[*]}"
CLI_BEST=""
for run in 0 1 2 3; do
  t0=$(date +%s%N)
  "${CLI[@]}" > "$WORK/report.csv" 2> "$WORK/report.err" || { cat "$WORK/report.err" >&2; exit 1; }
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "  run $run$([ $run = 0 ] && echo ' (warm-up)'): $t ms, $(grep -vc '^#' "$WORK/report.csv") CSV lines"
  if [ $run -gt 0 ] && { [ -z "$CLI_BEST" ] || [ "$t" -lt "$CLI_BEST" ]; }; then CLI_BEST=$t; fi
done
echo "RESULT ./gridscope report best of 3: $CLI_BEST ms"

echo "== 3. Prometheus: the energy of every GPU over the period"
QUERY="sum by (Hostname, UUID) (increase(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[${DAYS}d]))"
echo "+ curl /api/v1/query?query=$QUERY&time=$END_S"
PROM_BEST=""
for run in 0 1 2 3; do
  t=$(curl -s -o "$WORK/prom.json" -w '%{time_total}' --max-time 600 --data-urlencode "query=$QUERY" \
        --data-urlencode "time=$END_S" "http://127.0.0.1:$PORT/api/v1/query")
  summary=$(python3 -c "
import json; d=json.load(open('$WORK/prom.json'))
assert d['status']=='success', d
r=d['data']['result']; print(len(r), 'series,', round(sum(float(x['value'][1]) for x in r)/1000/3.6e6, 3), 'kWh')")
  echo "  run $run$([ $run = 0 ] && echo ' (warm-up)'): $(ms "$t") ms, $summary"
  if [ $run -gt 0 ]; then PROM_BEST=$(python3 -c "print(min(x for x in [$t, ${PROM_BEST:-1e9}]))"); fi
done
PROM_MS=$(ms "$PROM_BEST")
echo "RESULT prometheus sum by (Hostname, UUID) (increase(...[${DAYS}d])) best of 3: $PROM_MS ms"

echo "== 4. the same report through the fleet path (PromQL per 1-minute slot on this Prometheus)"
bench fleet "http://127.0.0.1:$PORT" "$(( END_S * 1000 ))" "$DAYS" "$CONFIG"

echo "== summary ($DAYS days, 16 GPUs, 4 hosts, 1 s)"
echo "  local history: $LOCAL_BYTES bytes on disk; Prometheus TSDB: $PROM_BYTES bytes"
echo "RESULT report engine on the local history: $LOCAL_MS ms; ./gridscope report: $CLI_BEST ms"
echo "RESULT Prometheus increase() query: $PROM_MS ms"
python3 -c "print('RESULT ratio Prometheus / Gridscope: %.1fx (engine only), %.1fx (./gridscope report process)' % ($PROM_MS / $LOCAL_MS, $PROM_MS / $CLI_BEST))"
