#!/usr/bin/env bash
# Scrape the same node_exporter with Gridscope and with Prometheus in one run, and measure the exposition parser's
# throughput on a large generated payload. Prints the machine, the exact commands and the figures.
#
#   bench/prometheus/run.sh                  # defaults: 60 s side-by-side, 50 MB payload
#   DURATION=120 PAYLOAD_MB=100 bench/prometheus/run.sh
#
# Needs: prometheus, prometheus-node-exporter (apt), python3, Maven, a JDK 25 under /usr/lib/jvm (or GRIDSCOPE_JAVA).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/prometheus"
DURATION="${DURATION:-60}"
PAYLOAD_MB="${PAYLOAD_MB:-50}"
WORK="$(mktemp -d -t gridscope-prom-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

JAVA="${GRIDSCOPE_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}"
[[ -x "$JAVA" ]] || { echo "no JDK 25 found (set GRIDSCOPE_JAVA)" >&2; exit 3; }
NODE_EXPORTER="$(command -v prometheus-node-exporter || true)"
PROMETHEUS="$(command -v prometheus || true)"
[[ -n "$NODE_EXPORTER" && -n "$PROMETHEUS" ]] || { echo "apt-get install -y prometheus prometheus-node-exporter" >&2; exit 3; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }
promql() { curl -sf --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "NaN")'; }

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "java: $("$JAVA" -version 2>&1 | head -1)"
echo "prometheus: $("$PROMETHEUS" --version 2>&1 | head -1)"
echo "node_exporter: $("$NODE_EXPORTER" --version 2>&1 | head -1)"
echo "date: $(date -u +%FT%TZ)"

echo "== build"
# compiled in the source tree and resolved within the reactor (model's classes from model/target): nothing is
# installed into the local Maven repository. MVN_FLAGS=-o builds offline.
CP_FILE="$WORK/cp.txt"
(cd "$ROOT" && mvn -B -q ${MVN_FLAGS:-} -pl collectors -am compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >/dev/null)
CP="$ROOT/collectors/target/classes:$(cat "$CP_FILE")"
export CP
bench() {
  echo "+ $JAVA -cp \$CP $HERE/PrometheusBench.java $*   # CP = collectors classes + runtime deps (mvn dependency:build-classpath)" >&2
  "$JAVA" -cp "$CP" "$HERE/PrometheusBench.java" "$@"
}

echo "== side-by-side scrape of one node_exporter (${DURATION}s)"
NODE_PORT="$(free_port)"
PROM_PORT="$(free_port)"
"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NODE_PORT" --no-collector.systemd >"$WORK/node_exporter.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NODE_PORT/metrics"
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$NODE_PORT']}]
YML
mkdir -p "$WORK/data"
"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PROM_PORT/-/ready"
echo "node_exporter sample lines: $(curl -s "http://127.0.0.1:$NODE_PORT/metrics" | grep -vc '^#')"
START=$(date +%s)
# Gridscope scrapes every 500 ms while Prometheus scrapes every 1 s, after warming its JIT on a local copy of the
# exporter's payload (300 scrapes that do not touch node_exporter).
N=$(( DURATION * 2 ))
bench scrape "http://127.0.0.1:$NODE_PORT/metrics" 300 "$N" 500 | tee "$WORK/gridscope.txt"
WINDOW=$(( $(date +%s) - START ))
P50=$(promql "quantile_over_time(0.5, scrape_duration_seconds{job=\"node\"}[${WINDOW}s])")
P90=$(promql "quantile_over_time(0.9, scrape_duration_seconds{job=\"node\"}[${WINDOW}s])")
CNT=$(promql "count_over_time(scrape_duration_seconds{job=\"node\"}[${WINDOW}s])")
SAMPLES=$(promql "scrape_samples_scraped{job=\"node\"}")
python3 - "$P50" "$P90" "$CNT" "$SAMPLES" "$(cat "$WORK/gridscope.txt")" <<'PY'
import sys
p50, p90, cnt, samples, ours = sys.argv[1:6]
fields = dict(kv.split("=") for kv in ours.split()[1:])
g50, g90 = float(fields["median"]), float(fields["p90"])
print(f"prometheus_scrape_duration_ms median={float(p50)*1000:.3f} p90={float(p90)*1000:.3f} n={cnt} samples={samples}")
print(f"ratio gridscope/prometheus median={g50/(float(p50)*1000):.2f} p90={g90/(float(p90)*1000):.2f} (<= 1.00 meets the target)")
PY

echo "== where a scrape's time goes (bare GET with and without gzip, scrape, gunzip alone, parse alone)"
bench split "http://127.0.0.1:$NODE_PORT/metrics" "${SPLIT_ROUNDS:-40}"

echo "== parser throughput (${PAYLOAD_MB} MB payloads)"
python3 "$HERE/gen_payload.py" "$WORK/payload.prom" "$PAYLOAD_MB" prometheus
python3 "$HERE/gen_payload.py" "$WORK/payload.om" "$PAYLOAD_MB" openmetrics
bench parse "$WORK/payload.prom" prometheus 8
bench parse "$WORK/payload.om" openmetrics 8
