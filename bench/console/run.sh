#!/usr/bin/env bash
# Console benchmarks under Xvfb. Prints the machine, the JVM and JavaFX versions, every command, and RESULT lines.
#
#   bench/console/run.sh
#
# 1. FX-thread work while live updates run (LIVE_SECONDS, default 60) with SEED_HOURS (24) of 1 s history for
#    SERIES (200) series in the store: max / p99 / count of FxBatcher deliveries, chart redraws, pulse CSS + layout,
#    and of the gap between consecutive pulses (target: nothing of Gridscope's over 16 ms).
# 1b. Each main page in turn (PAGES, default every page with live data) for PAGE_SECONDS (20) with live updates:
#    per page max / p99 of pulse CSS + layout, the pulse-to-pulse gap, deliveries, redraws and GC pauses.
# 2. Range 24 h -> 30 d on the Network & Storage page until its 8 charts are drawn with history (SWITCHES runs, 5).
# 3. One chart of CHART_POINTS (300000) raw points: redraw + render (target < 50 ms).
# 4. RSS of the real app (./gridscope) after RSS_SECONDS (600) on the GPUs page, on the fake NVML and the seeded
#    store (target < 250 MB); also peak RSS (VmHWM) and Java heap used (jcmd GC.heap_info).
# 1-3 run in one JVM (io.gridscope.console.bench.ConsoleBench, console-app test code) with the launcher's JVM flags.
# Quick run (about 2 minutes): SEED_HOURS=2 LIVE_SECONDS=15 SWITCHES=2 RSS_SECONDS=30 bench/console/run.sh
# Pulses per page only: LIVE_SECONDS=0 SWITCHES=0 CHART_POINTS=0 RSS_SECONDS=0 bench/console/run.sh (0 skips a phase)
# Profile: JFR=1 records the FX thread (1 ms execution samples) during 1-3 and prints where the pulses longer than
#   16 ms spend it; PULSE_LOGGER=1 adds JavaFX's own per-pulse breakdown of those pulses (-Djavafx.pulseLogger).
#   STACKS_MS=N prints the FX thread's sampled stacks (every 0.5 ms) of each pulse over N ms of its CPU time, without JFR.
#   BENCH_OUT=DIR keeps the recording and the logs (otherwise removed with the work directory).
# Before/after: APP_CLASSES=DIR runs 1-3 on a copy of another build's console-app/target/classes.
# MVN_OFFLINE=1 builds the harness with mvn -o.
# Needs: xvfb, x11-utils, libgtk-3-0, gcc (the fake NVML), JDK 25 (jcmd for the heap figure).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cd "$ROOT"
SEED_HOURS=${SEED_HOURS:-24}
SERIES=${SERIES:-200}
LIVE_SECONDS=${LIVE_SECONDS:-60}
SWITCHES=${SWITCHES:-5}
CHART_POINTS=${CHART_POINTS:-300000}
RSS_SECONDS=${RSS_SECONDS:-600}
RANGE=${RANGE:-PT24H}   # range shown on the GPUs page during the RSS run
PAGE_SECONDS=${PAGE_SECONDS:-20}
PAGES=${PAGES:-all}     # e.g. OVERVIEW,GPUS (names of io.gridscope.console.ui.shell.Page)
JFR=${JFR:-0}
PULSE_LOGGER=${PULSE_LOGGER:-0}
BENCH_OUT=${BENCH_OUT:-}
SCREENSHOTS=${SCREENSHOTS:-0}   # 1: a PNG of each page after its measurement, in BENCH_OUT
STACKS_MS=${STACKS_MS:-}        # N: the FX thread's stacks in every pulse over N ms of its CPU time, sampled

for tool in Xvfb xwininfo; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y xvfb x11-utils)" >&2; exit 3; }
done

echo "command: SEED_HOURS=$SEED_HOURS SERIES=$SERIES LIVE_SECONDS=$LIVE_SECONDS SWITCHES=$SWITCHES" \
  "CHART_POINTS=$CHART_POINTS RSS_SECONDS=$RSS_SECONDS RANGE=$RANGE PAGE_SECONDS=$PAGE_SECONDS PAGES=$PAGES" \
  "JFR=$JFR PULSE_LOGGER=$PULSE_LOGGER${STACKS_MS:+ STACKS_MS=$STACKS_MS} bench/console/run.sh"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The launcher builds the app if stale; the harness needs the test classes of this tree (the reactor, not ~/.m2).
./gridscope --version >/dev/null
mvn -B -q ${MVN_OFFLINE:+-o} -Dstyle.color=never -pl console-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
JAVA=${JAVA_25:-}
if [ -z "$JAVA" ]; then
  for j in ${GRIDSCOPE_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java; do
    if [ -x "$j" ] && "$j" -version 2>&1 | grep -q 'version "25'; then JAVA=$j; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "no JDK 25 found; set JAVA_25=/path/to/java" >&2; exit 1; }
JCMD="$(dirname "$JAVA")/jcmd"
CONF=console-app/src/main/launcher/launcher.conf   # the launcher's JVM options and JavaFX version
JAVAFX_VERSION="$(sed -n 's/^[[:space:]]*<javafx.version>\(.*\)<\/javafx.version>/\1/p' pom.xml)"
echo "java: $("$JAVA" -version 2>&1 | head -1) ($JAVA); JavaFX $JAVAFX_VERSION"

MODPATH="" CP="console-app/target/test-classes:${APP_CLASSES:-console-app/target/classes}:history/target/classes:collectors/target/classes"
for jar in $(tr ':' '\n' < console-app/target/bench-classpath.txt); do
  case "${jar##*/}" in
    javafx-*-"$JAVAFX_VERSION".jar) ;;          # empty placeholders
    javafx-*) MODPATH="${MODPATH:+$MODPATH:}$jar" ;;
    *) CP="$CP:$jar" ;;
  esac
done
# the launcher's flags, so pauses and heap sizing are the product's
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
JVM_FLAGS=(--module-path "$MODPATH")
while IFS= read -r line; do JVM_FLAGS+=("$line"); done < <(sed -n 's/^jvm=//p; s/^jvm\.javafx=//p' "$CONF" | grep -v '^-Xlog:')
NVML_LIB="$ROOT/collectors/target/fake-nvml/libnvidia-ml.so.1"
SCENARIO="$ROOT/collectors/src/test/resources/fake-nvml/three-gpus.scenario"
[ -f "$NVML_LIB" ] || { echo "fake NVML not built at $NVML_LIB (needs gcc)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/gridscope-console-bench.XXXXXX)
XVFB_PID="" JAVA_PID="" APP_PID=""
cleanup() {
  for pid in $APP_PID $JAVA_PID $XVFB_PID; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in $APP_PID $JAVA_PID $XVFB_PID; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
echo "work dir: $WORK (removed at exit)"
OUT=${BENCH_OUT:-$WORK/out}
mkdir -p "$OUT"

# Xvfb on a free display, chosen by the server itself
exec 3<> "$WORK/display"
Xvfb -displayfd 3 -screen 0 1360x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
exec 3>&-
DISPLAY=":$(head -1 "$WORK/display")"
export DISPLAY
echo "Xvfb: $DISPLAY (pid $XVFB_PID)"

harness() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "+ $JAVA <launcher flags> -cp <console-app test classpath> io.gridscope.console.bench.ConsoleBench $*"
  "$JAVA" "${JVM_FLAGS[@]}" "${EXTRA[@]}" -cp "$CP" io.gridscope.console.bench.ConsoleBench "$@" \
    >"$WORK/harness.out" 2>"$WORK/harness.err" &
  JAVA_PID=$!
  local rc=0
  wait "$JAVA_PID" || rc=$?
  JAVA_PID=""
  # the harness's own lines (Prism's verbose start-up lines and log lines go to the files only)
  grep -E '^(RESULT|  |seeded|javafx|history shown|live phase|pages:|GC |JVM threads|LONG PULSE|stacks of)' "$WORK/harness.out" || true
  if [ "$rc" -ne 0 ]; then tail -40 "$WORK/harness.err" >&2; echo "harness failed ($rc)" >&2; exit 1; fi
}

# --- seed: SEED_HOURS of 1 s history for SERIES series, host label as the console sees it
EXTRA=(-Xmx1g)
harness seed "$WORK/data" "$SEED_HOURS" "$SERIES"

# --- 1-3 in one JVM
EXTRA=(-Dgridscope.diagnostics.fxPulse=true -Dprism.verbose=true "-Dgridscope.nvml.library=$NVML_LIB"
  "-Dgridscope.bench.fakeNvmlScenario=$SCENARIO" "-Dgridscope.log.dir=$WORK/state")
if [ "$JFR" = 1 ]; then
  # 1 ms samples of every thread's Java and native stacks; the harness marks each pulse's CSS + layout
  EXTRA+=("-XX:StartFlightRecording=filename=$OUT/ui.jfr,settings=profile,jdk.ExecutionSample#period=1ms,jdk.NativeMethodSample#period=1ms")
fi
if [ "$SCREENSHOTS" = 1 ]; then
  EXTRA+=("-Dgridscope.bench.screenshotDir=$OUT")
fi
if [ -n "$STACKS_MS" ]; then
  EXTRA+=("-Dgridscope.bench.longPulseStacksMs=$STACKS_MS")
fi
if [ "$PULSE_LOGGER" = 1 ]; then
  EXTRA+=(-Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=16)
fi
export FAKE_NVML_SCENARIO="$WORK/fake-nvml-ui.txt"
harness ui "$WORK/data" "$WORK/home" "$LIVE_SECONDS" "$SWITCHES" "$CHART_POINTS" "$PAGE_SECONDS" "$PAGES"
grep -h -m1 'Initialized prism pipeline' "$WORK/harness.out" "$WORK/harness.err" || true
if [ "$PULSE_LOGGER" = 1 ]; then
  # JavaFX's PulseLogger: "PULSE: n [total ms:from the previous pulse ms]" and a line per phase, pulses over 16 ms
  cat "$WORK/harness.out" "$WORK/harness.err" | grep -E $'^(PULSE|T[0-9]+ \\(|Counters|\t)' >"$OUT/pulse-logger.txt" || true
  echo "PulseLogger: $(grep -c '^PULSE' "$OUT/pulse-logger.txt" || true) pulses over 16 ms ($OUT/pulse-logger.txt)"
fi
cp "$WORK/harness.out" "$WORK/harness.err" "$OUT/" 2>/dev/null || true
if [ "$JFR" = 1 ]; then
  echo "+ $JAVA -cp <console-app test classpath> io.gridscope.console.bench.ConsoleBench jfr $OUT/ui.jfr 16"
  "$JAVA" --module-path "$MODPATH" --add-modules javafx.controls -cp "$CP" io.gridscope.console.bench.ConsoleBench jfr "$OUT/ui.jfr" 16 \
    | tee "$OUT/jfr-long-pulses.txt" | grep -v '^  pulse ' || true
fi
[ "$RSS_SECONDS" -gt 0 ] || exit 0

# --- 4: the real app on the GPUs page
mkdir -p "$WORK/config/gridscope" "$WORK/state"
printf 'page=GPUS\nrange=live:%s\n' "$RANGE" >"$WORK/config/gridscope/ui.properties"
echo "+ GRIDSCOPE_JAVA_OPTS='-Dgridscope.nvml.library=<fake> -Dgridscope.diagnostics.fxPulse=true${APP_JAVA_OPTS:+ $APP_JAVA_OPTS}'" \
  "FAKE_NVML_SCENARIO=<three GPUs> XDG_CONFIG_HOME=<page=GPUS, range=live:$RANGE> ./gridscope --data-dir $WORK/data"
export FAKE_NVML_SCENARIO="$WORK/fake-nvml-app.txt"
# the subshell writes its own PID into the scenario and then becomes the JVM (the launcher execs java)
(sed "s/@PID@/$BASHPID/g" "$SCENARIO" >"$FAKE_NVML_SCENARIO"
 exec env XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" \
   GRIDSCOPE_JAVA_OPTS="-Dgridscope.nvml.library=$NVML_LIB -Dgridscope.diagnostics.fxPulse=true${APP_JAVA_OPTS:+ $APP_JAVA_OPTS}" \
   ./gridscope --data-dir "$WORK/data" >"$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 600); do
  xwininfo -name Gridscope >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; echo "the console exited" >&2; exit 1; }
  sleep 0.1
done
[ "$(readlink "/proc/$APP_PID/exe" | xargs basename)" = java ] || { echo "pid $APP_PID is not the JVM" >&2; exit 1; }
echo "app: pid $APP_PID, window mapped; waiting $RSS_SECONDS s on the GPUs page (load average $(cut -d' ' -f1-3 /proc/loadavg))"
max_rss=0
for ((s = 0; s < RSS_SECONDS; s += 10)); do
  sleep $((RSS_SECONDS - s < 10 ? RSS_SECONDS - s : 10))
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; echo "the console exited early" >&2; exit 1; }
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status")
  [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  if (( s % 60 == 50 )); then echo "  $((s + 10)) s: VmRSS $((rss / 1024)) MiB"; fi
done
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status")
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$APP_PID/status")
# anonymous memory (heap, native) vs file-backed pages (the JDK's modules, the AOT class cache, shared libraries)
split=$(awk '/^Rss(Anon|File|Shmem):/ {printf "%s%s %d MiB", sep, $1, $2 / 1024; sep = ", "}' "/proc/$APP_PID/status")
heap=""
if [ -x "$JCMD" ]; then
  # Serial GC: "DefNew     total 116160K, used 31021K [...]" and "Tenured    total 258048K, used 1166K [...]";
  # G1: " garbage-first heap   total reserved 262144K, committed 90112K, used 48231K [...]"
  heap=$("$JCMD" "$APP_PID" GC.heap_info 2>/dev/null | awk '/used [0-9]+K/ {
      c = 0; for (i = 1; i <= NF; i++) { if ($i == "committed") c = $(i + 1); if ($i == "used") u += $(i + 1) }
      if (!c) for (i = 1; i <= NF; i++) if ($i == "total") c = $(i + 1)
      t += c }
    END { if (t) printf "%.0f MiB used of %.0f MiB committed", u / 1024, t / 1024 }' || true)
fi
printf 'RESULT rss after %d s on the GPUs page: VmRSS %d MiB (max sampled %d MiB), VmHWM %d MiB (target < 250 MB = 238 MiB)\n' \
  "$RSS_SECONDS" "$((rss / 1024))" "$((max_rss / 1024))" "$((hwm / 1024))"
echo "  of which $split; Java heap ${heap:-n/a}"
[ -f console-app/target/gridscope.aot ] && echo "  AOT class cache (mapped, file-backed): $(du -m console-app/target/gridscope.aot | cut -f1) MiB on disk"
kill "$APP_PID"
for _ in $(seq 200); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
# the app's own FX-thread summary (-Dgridscope.diagnostics.fxPulse), printed at exit; start-up included
grep '^gridscope: fx ' "$WORK/app.log" | sed "s/^gridscope: fx /RESULT app fx-thread, start-up + $RSS_SECONDS s: /" || true
