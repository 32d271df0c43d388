#!/usr/bin/env bash
# Alert evaluation benchmark: 500 rules over 10,000 series evaluated every second, by Gridscope's AlertEngine and,
# in the same run on the same machine at the same time, by a real Prometheus evaluating the equivalent alerting
# rules over the same data. Prints the machine, every command, and RESULT lines, then a table and the ratio.
#
#   bench/alerts/run.sh                    # 90 s warm-up, 150 s measured
#   WARMUP=60 MEASURE=60 bench/alerts/run.sh
#   KEEP=1 bench/alerts/run.sh             # keep the work directory (logs, rules, per-cycle CSV of Gridscope)
#   SKIP_BUILD=1 bench/alerts/run.sh       # use the classes of an earlier build of this tree
#   JFR=1 bench/alerts/run.sh              # also record a Flight Recorder profile of the Gridscope side (kept)
#
# The data (gen.py): 20 metrics x 500 series (host=h000..h099, gpu=0..4), 16 gauges and 4 counters, each a
# deterministic mean-reverting pseudo-random walk stepping once a second. Prometheus scrapes it from gen.py's
# exporter on 127.0.0.1 every second; the Gridscope harness (io.gridscope.alerts.bench.AlertBench, alerts test code)
# generates the same walk in-process (checked below: both sides print the same checksum) and feeds one snapshot a
# second to its engine. The rules (gen.py rules): 500 alerting rules, the same on both sides -- avg_over_time and
# max_over_time over 1m, plain thresholds and rate(counter[1m]), each over 50 to 250 of a metric's series by label
# regex -- in 5 Prometheus groups of 100 with interval 1s, and as a Gridscope rules file (alerts.toml).
# Figures: Prometheus' prometheus_rule_group_last_duration_seconds summed over the groups (one evaluation cycle),
# read once a second; Gridscope's Evaluation.nanos() and thread CPU time of evaluate(), and ingest apart.
# Needs: prometheus (apt-get install -y prometheus), curl, python3, Maven, a JDK 25. Listens on loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$ROOT"
WARMUP=${WARMUP:-90}
MEASURE=${MEASURE:-150}
[ "${JFR:-0}" = 1 ] && KEEP=1
command -v prometheus >/dev/null || { echo "needs prometheus (apt-get install -y prometheus)" >&2; exit 3; }

JAVA=${JAVA_25:-}
if [ -z "$JAVA" ]; then
  for j in ${GRIDSCOPE_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$j" ] && "$j" -version 2>&1 | grep -q 'version "25'; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA_25=/path/to/java" >&2; exit 1; }

WORK=$(mktemp -d /tmp/gridscope-alerts-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JAVA" -version 2>&1 | head -1); prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}')"

# The harness needs the test classes of this tree (the reactor, not ~/.m2).
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "+ mvn -pl alerts -am test-compile dependency:build-classpath"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")" mvn -B -q -Dstyle.color=never ${MVN_FLAGS:-} \
    -pl alerts -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
fi
CP="alerts/target/test-classes:alerts/target/classes:$(cat alerts/target/bench-classpath.txt)"
JVM_OPTS=(-Xmx1g -XX:+UseG1GC)
[ "${JFR:-0}" = 1 ] && JVM_OPTS+=(-XX:StartFlightRecording=filename="$WORK/gridscope.jfr",settings=profile)

python3 bench/alerts/gen.py rules "$WORK"
PY_SUM=$(python3 bench/alerts/gen.py checksum 30)
JAVA_SUM=$("$JAVA" -cp "$CP" io.gridscope.alerts.bench.AlertBench checksum 30)
python3 -c "import sys; sys.exit(0 if float('$PY_SUM') == float('$JAVA_SUM') else 1)" \
  || { echo "the walks differ: gen.py $PY_SUM, AlertBench $JAVA_SUM" >&2; exit 1; }
echo "data: 10,000 series, the same walk on both sides (checksum at step 30: $PY_SUM)"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
EXPORTER_PORT=$(free_port)
PROM_PORT=$(free_port)
T0=$(( $(date +%s) + 3 ))

echo "+ python3 bench/alerts/gen.py serve $EXPORTER_PORT $T0"
python3 bench/alerts/gen.py serve "$EXPORTER_PORT" "$T0" > "$WORK/exporter.log" 2>&1 &
PIDS+=($!)
cat > "$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ['127.0.0.1:$EXPORTER_PORT']}]
EOF
echo "+ prometheus --config.file=prometheus.yml --storage.tsdb.path=prom-data --web.listen-address=127.0.0.1:$PROM_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" \
  --storage.tsdb.retention.time=1h --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
PIDS+=($PROM_PID)
# Its twin: the same scrapes and storage, no rules; the difference of their CPU time is the rules' CPU.
grep -v '^rule_files' "$WORK/prometheus.yml" > "$WORK/twin.yml"
TWIN_PORT=$(free_port)
echo "+ prometheus --config.file=twin.yml (no rules) --storage.tsdb.path=twin-data --web.listen-address=127.0.0.1:$TWIN_PORT"
prometheus --config.file="$WORK/twin.yml" --storage.tsdb.path="$WORK/twin-data" \
  --storage.tsdb.retention.time=1h --web.listen-address="127.0.0.1:$TWIN_PORT" > "$WORK/twin.log" 2>&1 &
TWIN_PID=$!
PIDS+=($TWIN_PID)
echo "+ $JAVA ${JVM_OPTS[*]} -cp <alerts test classpath> io.gridscope.alerts.bench.AlertBench run $(( T0 * 1000 )) alerts.toml $WARMUP $MEASURE cycles.csv"
"$JAVA" "${JVM_OPTS[@]}" -cp "$CP" io.gridscope.alerts.bench.AlertBench run "$(( T0 * 1000 ))" "$WORK/alerts.toml" \
  "$WARMUP" "$MEASURE" "$WORK/cycles.csv" > "$WORK/gridscope.out" 2>&1 &
JAVA_PID=$!
PIDS+=($JAVA_PID)

for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { echo "prometheus did not start; see $WORK/prometheus.log" >&2; exit 1; }
echo "  exporter on 127.0.0.1:$EXPORTER_PORT, prometheus on 127.0.0.1:$PROM_PORT (pid $PROM_PID), gridscope harness pid $JAVA_PID"
echo "== warm-up $WARMUP s (both sides fill their 1-minute windows, the JIT compiles), then $MEASURE s measured"
python3 -c "import time; time.sleep(max(0, $T0 + $WARMUP + 0.5 - time.time()))"
PROM_OUT=$(python3 bench/alerts/gen.py poll "http://127.0.0.1:$PROM_PORT" "$(( T0 + WARMUP + MEASURE ))" "$PROM_PID" "$TWIN_PID" "$JAVA_PID")
ALERTS=$(curl -s --data-urlencode 'query=count by (alertstate) (ALERTS)' "http://127.0.0.1:$PROM_PORT/api/v1/query" \
  | python3 -c "import json,sys; r=json.load(sys.stdin)['data']['result']; print(', '.join('%s %s' % (x['value'][1], x['metric']['alertstate']) for x in r) or 'none')")
wait "$JAVA_PID" || { cat "$WORK/gridscope.out" >&2; exit 1; }
grep -v '^SLF4J' "$WORK/gridscope.out"
echo "$PROM_OUT"
echo "prometheus: at the end $ALERTS"
grep -q '(0 missed)' <<<"$PROM_OUT" || echo "note: Prometheus missed evaluation iterations (cycles over 1 s)"

field() { sed -n "s/^RESULT $1.* $2 \([0-9.]*\).*/\1/p" <<<"$3" | head -1; }
G=$(cat "$WORK/gridscope.out")
PM=$(field 'prometheus rule groups last duration' mean "$PROM_OUT"); PP=$(field 'prometheus rule groups last duration' p99 "$PROM_OUT")
PS=$(field 'prometheus rule group duration summary' 'groups ms' "$PROM_OUT")
PC=$(field 'prometheus rules cpu' cycle "$PROM_OUT")
GM=$(field 'gridscope evaluate wall' mean "$G"); GP=$(field 'gridscope evaluate wall' p99 "$G")
CM=$(field 'gridscope evaluate cpu' mean "$G"); CP99=$(field 'gridscope evaluate cpu' p99 "$G")
IM=$(field 'gridscope ingest wall' mean "$G"); IP=$(field 'gridscope ingest wall' p99 "$G")
echo "== per evaluation cycle (500 rules, 10,000 series), ms"
printf '%-62s %9s %9s\n' "" mean p99
printf '%-62s %9s %9s\n' "Prometheus: rule groups' last duration, summed over 5 groups" "$PM" "$PP"
printf '%-62s %9s %9s\n' "Prometheus: group duration summary (sum/count x 5 groups)" "$PS" "-"
printf '%-62s %9s %9s\n' "Prometheus: CPU of the rules (process minus twin), per cycle" "$PC" "-"
printf '%-62s %9s %9s\n' "Gridscope: evaluate(), wall (Evaluation.nanos)" "$GM" "$GP"
printf '%-62s %9s %9s\n' "Gridscope: evaluate(), thread CPU" "$CM" "$CP99"
printf '%-62s %9s %9s\n' "Gridscope: ingest of the cycle's 10,000 samples (accept+drain), wall" "$IM" "$IP"
python3 -c "print('RESULT ratio Gridscope / Prometheus per cycle: CPU %.3f (evaluate thread CPU / rules CPU); wall %.3f mean, %.3f p99 (evaluate / groups summed); wall with ingest %.3f' % ($CM / $PC, $GM / $PM, $GP / $PP, ($GM + $IM) / $PM))"
[ "${JFR:-0}" = 1 ] && echo "profile: $WORK/gridscope.jfr (jfr print --events jdk.ExecutionSample, or jfr view hot-methods)"
exit 0
