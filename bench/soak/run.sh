#!/usr/bin/env bash
# Soak: simulated days of 1 s telemetry through the real HistoryStore (writer, tiers, rollups, retention, size cap)
# on an accelerated clock. Prints one line per simulated day and exits non-zero on a violation (see HistorySoak).
#   bench/soak/run.sh [DAYS (7)] [SERIES (500)] [MAX_BYTES (250000000)] [REPORT_EVERY_HOURS (24)]
# At 500 series a simulated day adds about 75 MB (chunk format 2, about 1.7 B/sample), so the default cap (250 MB) is
# reached during day 4 and deletes raw chunks for the rest of the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
DAYS=${1:-7}
SERIES=${2:-500}
MAX_BYTES=${3:-250000000}
REPORT_HOURS=${4:-24}

JAVA=${JAVA:-}
if [ -z "$JAVA" ]; then
  for j in /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java "${JAVA_HOME:-/nonexistent}/bin/java"; do
    if [ -x "$j" ]; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA=/path/to/java" >&2; exit 1; }

# build the model and history from this tree (the reactor, not whatever ~/.m2 holds)
mvn -B -q -o -pl history -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
WORK=$(mktemp -d /tmp/gridscope-soak.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# the run uses a copy of the classes, so rebuilding this tree meanwhile does not change a running soak
mkdir -p "$WORK/classes"
for m in history/target/test-classes history/target/classes model/target/classes test-support/target/classes; do
  cp -r "$m" "$WORK/classes/${m//\//_}"
done
CP="$WORK/classes/history_target_test-classes:$WORK/classes/history_target_classes:$WORK/classes/model_target_classes:$WORK/classes/test-support_target_classes:$(cat history/target/bench-classpath.txt)"
mkdir -p "$WORK/db"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$JAVA" -version 2>&1 | head -1); heap -Xmx1g"
echo "work dir: $WORK"
echo "+ $JAVA -Xmx1g -cp <history test classpath> io.gridscope.history.HistorySoak $WORK/db $DAYS $SERIES $MAX_BYTES $REPORT_HOURS"
"$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$CP" io.gridscope.history.HistorySoak \
  "$WORK/db" "$DAYS" "$SERIES" "$MAX_BYTES" "$REPORT_HOURS" 2>&1 | grep --line-buffered -v '^SLF4J'
