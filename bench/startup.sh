#!/usr/bin/env bash
# Time from start to a visible console window, under Xvfb.
#
#   bench/startup.sh [RUNS]     (default 5; the first run also creates the class-data-sharing archive)
#
# Reports two figures per run:
#   jvm_ms     window shown, measured inside the JVM from the JVM's start time (RuntimeMXBean) to Stage.onShown
#   wall_ms    from invoking ./gridscope (launcher script included) until the same moment
#   mapped     whether X11 then reports the "Gridscope" window as viewable (checked once, afterwards)
# Needs: xvfb, x11-utils, libgtk-3-0. Uses a fresh temporary data directory per run.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-5}"
command -v Xvfb >/dev/null && command -v xwininfo >/dev/null || { echo "needs xvfb and x11-utils" >&2; exit 3; }
(cd "$ROOT" && ./gridscope --version >/dev/null)   # build if stale, outside the timing

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "java: $("$ROOT"/gridscope --version | tail -1)"
printf '%-4s %8s %8s %7s\n' run jvm_ms wall_ms mapped
for i in $(seq "$runs"); do
  tmp="$(mktemp -d)"
  display=":$((200 + i))"
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.1; done
  t0=$(date +%s%3N)
  (cd "$ROOT" && DISPLAY="$display" XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" \
     GRIDSCOPE_JAVA_OPTS="-Dgridscope.startupTiming=true" ./gridscope --data-dir "$tmp/data" >"$tmp/out" 2>&1) &
  app=$!
  # No polling of the X server while the JVM starts (it would steal CPU from it on a small machine): the app
  # prints when its window was shown, as an offset from JVM start and as an absolute time.
  for _ in $(seq 300); do grep -q 'window shown' "$tmp/out" && break; sleep 0.1; done
  jvm="$(sed -n 's/.*window shown \([0-9]*\) ms after JVM start.*/\1/p' "$tmp/out" | head -1)"
  shown_at="$(sed -n 's/.*window shown .*(epoch ms \([0-9]*\)).*/\1/p' "$tmp/out" | head -1)"
  wall=""
  [[ -n "$shown_at" ]] && wall=$((shown_at - t0))
  mapped="no"
  xwininfo -display "$display" -name Gridscope 2>/dev/null | grep -q 'Map State: IsViewable' && mapped="yes"
  printf '%-4s %8s %8s %7s\n' "$i" "${jvm:-?}" "${wall:-?}" "$mapped"
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  pkill -f -- "--data-dir $tmp/data" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  rm -rf "$tmp"
done
