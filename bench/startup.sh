#!/usr/bin/env bash
# Time from start to a visible console window, under Xvfb.
#
#   bench/startup.sh [RUNS]     (default 5; the first run also creates the class-data-sharing archive)
#
# Reports two figures per run:
#   jvm_ms     window shown, measured inside the JVM from the JVM's start time (RuntimeMXBean) to Stage.onShown
#   wall_ms    from invoking ./gridscope (launcher script included) until X11 reports a mapped "Gridscope" window
# Needs: xvfb, x11-utils, libgtk-3-0. Uses a fresh temporary data directory per run.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-5}"
command -v Xvfb >/dev/null && command -v xwininfo >/dev/null || { echo "needs xvfb and x11-utils" >&2; exit 3; }
(cd "$ROOT" && ./gridscope --version >/dev/null)   # build if stale, outside the timing

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "java: $("$ROOT"/gridscope --version | tail -1)"
printf '%-4s %8s %8s\n' run jvm_ms wall_ms
for i in $(seq "$runs"); do
  tmp="$(mktemp -d)"
  display=":$((200 + i))"
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.1; done
  t0=$(date +%s%N)
  (cd "$ROOT" && DISPLAY="$display" XDG_STATE_HOME="$tmp/state" GRIDSCOPE_JAVA_OPTS="-Dgridscope.startupTiming=true" \
     ./gridscope --data-dir "$tmp/data" >"$tmp/out" 2>&1) &
  app=$!
  wall=""
  for _ in $(seq 3000); do
    if xwininfo -display "$display" -name Gridscope 2>/dev/null | grep -q 'Map State: IsViewable'; then
      wall=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    sleep 0.05
  done
  for _ in $(seq 100); do grep -q 'window shown' "$tmp/out" && break; sleep 0.05; done
  jvm="$(sed -n 's/.*window shown \([0-9]*\) ms after JVM start.*/\1/p' "$tmp/out" | head -1)"
  printf '%-4s %8s %8s\n' "$i" "${jvm:-?}" "${wall:-?}"
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  pkill -f -- "--data-dir $tmp/data" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  rm -rf "$tmp"
done
