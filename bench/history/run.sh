#!/usr/bin/env bash
# History benchmarks. Prints the machine, each command, and RESULT lines.
#   bench/history/run.sh [ingest] [size] [codec] [query]      (default: ingest, size, query)
# ingest: HistoryStore vs a plain sqlite-jdbc batched insert of the same samples, same run (target >= 0.7x)
# size:   bytes per sample on disk after 24 h of simulated 1 s workstation telemetry (target <= 1.5 B, whole file),
#         with where the bytes go (dbstat per table, rollup columns, chunk encodings)
# codec:  ChunkCodec encode/decode speed and the writer's open-chunk re-encode cost (`codec 720`: chunk size)
# query:  range query latency for one series, 24 h raw and 30 d at 1 min, against a real Prometheus
#         (apt-get install -y prometheus: provides promtool and prometheus) loaded with the same samples.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODES=("$@")
[ ${#MODES[@]} -eq 0 ] && MODES=(ingest size query)

JAVA=${JAVA:-}
if [ -z "$JAVA" ]; then
  for j in /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java "${JAVA_HOME:-/nonexistent}/bin/java"; do
    if [ -x "$j" ]; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA=/path/to/java" >&2; exit 1; }

# build the model and history from this tree (the reactor, not whatever ~/.m2 holds)
mvn -B -q -pl history -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="history/target/test-classes:history/target/classes:model/target/classes:test-support/target/classes:$(cat history/target/bench-classpath.txt)"
WORK=$(mktemp -d /tmp/gridscope-history-bench.XXXXXX)

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "java: $("$JAVA" -version 2>&1 | head -1); sqlite-jdbc from $(tr ':' '\n' < history/target/bench-classpath.txt | grep -o 'sqlite-jdbc-[^/]*jar')"
echo "work dir: $WORK"

bench() {
  echo "+ $JAVA -cp <history test classpath> io.gridscope.history.HistoryBench $*"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx3g -cp "$CP" io.gridscope.history.HistoryBench "$@" 2>&1 | grep -v '^SLF4J'
}

# median of the total time (seconds) of a PromQL query_range split into requests of <= 10801 points
# (Prometheus refuses more than 11000 points per request).
prom_range() {
  local port=$1 query=$2 start=$3 end=$4 step=$5 label=$6
  local span=$(( step * 10800 )) runs=() points=0
  for run in $(seq 1 18); do
    local total=0 s=$start
    points=0
    while [ "$s" -lt "$end" ]; do
      local e=$(( s + span )); [ "$e" -gt "$end" ] && e=$end
      local out
      out=$(curl -s -o "$WORK/prom.json" -w '%{time_total}' --max-time 120 \
        --data-urlencode "query=$query" --data-urlencode "start=$s" --data-urlencode "end=$(( e - step ))" \
        --data-urlencode "step=$step" "http://127.0.0.1:$port/api/v1/query_range")
      total=$(python3 -c "print($total + $out)")
      points=$(( points + $(python3 -c "import json;d=json.load(open('$WORK/prom.json'));r=d['data']['result'];print(len(r[0]['values']) if r else 0)") ))
      s=$e
    done
    [ "$run" -gt 3 ] && runs+=("$total")   # first 3 are warm-up
  done
  local median
  median=$(printf '%s\n' "${runs[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf 'RESULT prometheus %-40s %8.2f ms median (%d points, %d runs, curl time_total summed over requests)\n' \
    "$label" "$(python3 -c "print($median * 1000)")" "$points" "${#runs[@]}"
}

for mode in "${MODES[@]}"; do
  case $mode in
    ingest) bench ingest "$WORK/ingest" ;;
    size) bench size "$WORK/size" ;;
    codec) bench codec "$WORK/codec" 240; bench codec "$WORK/codec" 720 ;;
    query)
      command -v promtool >/dev/null && command -v prometheus >/dev/null \
        || { echo "query: promtool/prometheus missing (apt-get install -y prometheus)" >&2; exit 1; }
      END_S=$(( $(date +%s) / 3600 * 3600 ))
      bench query-prepare "$WORK/query" "$(( END_S * 1000 ))"
      echo "+ promtool tsdb create-blocks-from openmetrics --max-block-duration=24h series.om prom-data"
      promtool tsdb create-blocks-from openmetrics --max-block-duration=24h "$WORK/query/series.om" "$WORK/prom-data" >/dev/null
      PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
      printf 'global:\n  scrape_interval: 1h\nscrape_configs: []\n' > "$WORK/prometheus.yml"
      echo "+ prometheus --storage.tsdb.path=prom-data --storage.tsdb.retention.time=10y --web.listen-address=127.0.0.1:$PORT"
      prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" \
        --storage.tsdb.retention.time=10y --web.listen-address="127.0.0.1:$PORT" > "$WORK/prometheus.log" 2>&1 &
      PROM_PID=$!
      trap 'kill $PROM_PID 2>/dev/null || true' EXIT
      for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && break
        sleep 0.5
      done
      curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null || { echo "prometheus did not start; see $WORK/prometheus.log" >&2; exit 1; }
      echo "prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') on 127.0.0.1:$PORT (pid $PROM_PID)"
      bench query "$WORK/query" "$(( END_S * 1000 ))"
      SEL='gpu_power_watts{gpu_uuid="GPU-0-6f1c",host="ws-01"}'
      prom_range "$PORT" "$SEL" $(( END_S - 86400 )) "$END_S" 1 "24 h raw (query_range step=1s)"
      prom_range "$PORT" "avg_over_time(${SEL}[1m])" $(( END_S - 30 * 86400 )) "$END_S" 60 "30 d at 1 min (avg_over_time[1m], step=60s)"
      kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true
      trap - EXIT
      ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
done
rm -rf "$WORK"
