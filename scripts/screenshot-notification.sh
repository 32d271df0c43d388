#!/usr/bin/env bash
# Shows one Gridscope alert as a desktop notification on a virtual screen and saves a PNG of the screen.
#
#   scripts/screenshot-notification.sh OUT.png [--size WxH] [--demo]
#
# Starts Xvfb, a private D-Bus session bus and a notification server on it (notification-daemon, else dunst), then
# runs `./gridscope collect` on a temporary data directory with a rules file whose rule fires on this machine's CPU
# at once: the notification on screen is the one an on-call engineer gets, sent by the alert service through
# DbusNotifier with the Acknowledge action and the urgency hint. With --demo it sends a fixed example notification
# instead (alerts/src/test/.../NotificationDemo.java), without collecting.
#
# Needs: xvfb, dbus-daemon, imagemagick (import) and one of notification-daemon or dunst.
#   apt-get install -y --no-install-recommends xvfb dbus-daemon imagemagick notification-daemon
# Builds the alerts module (main and test classes, offline when the Maven repository has everything) first.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"

out="${1:?usage: scripts/screenshot-notification.sh OUT.png [--size WxH]}"; shift
size=1024x640
demo=0
while (($#)); do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --demo) demo=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
out="$(readlink -f "$out")"
for tool in Xvfb dbus-daemon import; do
  command -v "$tool" >/dev/null || { echo "screenshot: $tool missing (apt-get install -y xvfb dbus-daemon imagemagick)" >&2; exit 3; }
done
server=()
if [[ -x /usr/lib/notification-daemon/notification-daemon ]]; then
  server=(/usr/lib/notification-daemon/notification-daemon --replace)
elif command -v dunst >/dev/null; then
  server=(dunst)
else
  echo "screenshot: no notification server (apt-get install -y --no-install-recommends notification-daemon)" >&2
  exit 3
fi

JAVA="${GRIDSCOPE_JAVA:-}"
if [[ -z "$JAVA" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/java" ]] && JAVA="$d/bin/java" && break; done
fi
JAVA="${JAVA:-java}"

tmp="$(mktemp -d -t gridscope-notify-shot.XXXXXX)"
xvfb_pid=""; bus_pid=""; server_pid=""
cleanup() {
  for pid in "$server_pid" "$bus_pid" "$xvfb_pid"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$ROOT" && mvn -B -o -q -pl alerts -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/classpath.txt") >&2 \
  || (cd "$ROOT" && mvn -B -q -pl alerts -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/classpath.txt") >&2
classpath="$ROOT/alerts/target/test-classes:$ROOT/alerts/target/classes:$(cat "$tmp/classpath.txt")"

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [[ -e "/tmp/.X11-unix/X${display#:}" ]] && break; sleep 0.1; done

# A private session bus with the default session policy, listening in the temporary directory.
dbus-daemon --session --nofork --nopidfile --address="unix:path=$tmp/bus" --print-address=1 >"$tmp/bus.address" 2>"$tmp/bus.log" &
bus_pid=$!
for _ in $(seq 50); do [[ -s "$tmp/bus.address" ]] && break; sleep 0.1; done
[[ -s "$tmp/bus.address" ]] || { echo "screenshot: dbus-daemon did not start: $(cat "$tmp/bus.log")" >&2; exit 4; }

export DISPLAY="$display"
export DBUS_SESSION_BUS_ADDRESS="$(head -1 "$tmp/bus.address")"
export NO_AT_BRIDGE=1 GDK_BACKEND=x11
"${server[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!

if ((demo)); then
  "$JAVA" -cp "$classpath" io.gridscope.alerts.notify.NotificationDemo
  sleep 1.5
else
  mkdir -p "$tmp/config/gridscope" "$tmp/data"
  cat >"$tmp/config/gridscope/alerts.toml" <<'RULES'
[packs]
sources = false

[[rule]]
name = "HostCpuBusy"
series = 'host_cpu_utilization_ratio{cpu="total"}'
op = ">="
value = 0
severity = "critical"
summary = "CPU of {{ $labels.host }} at {{ $percent }}"
description = "Training queue backed up: the scheduler keeps this host's CPUs busy."
runbook = "https://wiki.example/runbooks/cpu-busy"
RULES
  XDG_CONFIG_HOME="$tmp/config" "$ROOT/gridscope" collect --duration 12s --data-dir "$tmp/data" >"$tmp/collect.log" 2>&1 &
  collect_pid=$!
  # the first run of ./gridscope after a change builds the project first (a minute or more)
  for _ in $(seq 3000); do
    grep -q "gridscope: alert " "$tmp/collect.log" 2>/dev/null && break
    kill -0 "$collect_pid" 2>/dev/null || break
    sleep 0.2
  done
  grep -q "gridscope: alert " "$tmp/collect.log" || { echo "screenshot: no alert fired: $(tail -5 "$tmp/collect.log")" >&2; exit 4; }
  sleep 1.5
fi
import -display "$display" -window root "$out"
if ((!demo)); then wait "$collect_pid" || true; fi
echo "screenshot: $out (server: ${server[0]##*/})"
