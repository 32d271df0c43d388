#!/usr/bin/env bash
# What synchronous=FULL costs against NORMAL (SQLite, WAL) for the history's writes, on this machine:
#   live:   one commit per second of 500 series through HistoryStore (the collector's path)
#   import: one hour of 500 series through HistoryImport (one transaction, written in 100k-sample batches)
#   ack:    acknowledgements (alert insert + acknowledge + audit entry per transaction) through RecordsConnection
# For each: commit latency and process CPU per commit (both modes alternating in one JVM, two rounds each), then
# fsyncs per commit counted with strace (one JVM per mode). Prints the machine and every command.
#   bench/durability/run.sh [live] [import] [ack]      (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -eq 0 ] && WORKLOADS=(live import ack)

JAVA=${JAVA:-}
if [ -z "$JAVA" ]; then
  for j in /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java "${JAVA_HOME:-/nonexistent}/bin/java"; do
    if [ -x "$j" ]; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA=/path/to/java" >&2; exit 1; }
command -v strace >/dev/null || { echo "strace is needed to count fsyncs (apt-get install -y strace)" >&2; exit 1; }

mvn -B -q -o -pl history -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
WORK=$(mktemp -d /var/tmp/gridscope-durability.XXXXXX)   # on disk, not tmpfs: fsync must reach a device
trap 'rm -rf "$WORK"' EXIT
# the runs use a copy of the classes, so rebuilding this tree meanwhile does not change them
mkdir -p "$WORK/classes"
for m in history/target/test-classes history/target/classes model/target/classes test-support/target/classes; do
  cp -r "$m" "$WORK/classes/${m//\//_}"
done
CP="$WORK/classes/history_target_test-classes:$WORK/classes/history_target_classes:$WORK/classes/model_target_classes:$WORK/classes/test-support_target_classes:$(cat history/target/bench-classpath.txt)"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "disk: $(findmnt -no SOURCE,FSTYPE,OPTIONS -T "$WORK")"
echo "java: $("$JAVA" -version 2>&1 | head -1); sqlite-jdbc from $(tr ':' '\n' < history/target/bench-classpath.txt | grep -o 'sqlite-jdbc-[^/]*jar')"

bench() {
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$CP" io.gridscope.history.DurabilityBench "$@" 2>&1 | grep --line-buffered -v '^SLF4J'
}

for w in "${WORKLOADS[@]}"; do
  echo "+ java io.gridscope.history.DurabilityBench $WORK/t $w both"
  bench "$WORK/t" "$w" both
  for mode in normal full; do
    echo "+ strace -f --seccomp-bpf -c -e trace=fsync,fdatasync java io.gridscope.history.DurabilityBench $WORK/s $w $mode"
    rm -rf "$WORK/s"
    strace -f --seccomp-bpf -c -e trace=fsync,fdatasync -o "$WORK/strace.txt" \
      "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$CP" io.gridscope.history.DurabilityBench "$WORK/s" "$w" "$mode" \
      2>&1 | grep -v '^SLF4J' | tee "$WORK/out.txt" | sed 's/^RESULT/  (under strace)/'
    commits=$(awk '/^RESULT/ {for (i = 1; i <= NF; i++) if ($i == "all_commits") print $(i + 1)}' "$WORK/out.txt")
    syncs=$(awk '$NF == "fsync" || $NF == "fdatasync" {n += $4} END {print n + 0}' "$WORK/strace.txt")
    echo "RESULT $w synchronous=$mode fsync+fdatasync calls: $syncs over $commits commits (whole process: store creation, warm-up and measured commits): $(python3 -c "print(f'{$syncs / $commits:.2f}')") per commit"
  done
done
