#!/usr/bin/env bash
# Every console page at 1280×800 and 1600×1000, with this machine and with a remote host selected, into
# docs/screenshots/<page>-<local|remote>-<W>x<H>.png.
#
#   scripts/screenshots-all.sh [--wait SECONDS] [OUT_DIR]
#
# The remote host is a node_exporter started here on a free loopback port (stopped by PID at the end) and saved as
# an exporter source named "rack7-node"; the local host is this machine as it is (on a machine without an NVIDIA
# driver the GPUs page says so). Each picture is one start of the real console under Xvfb (scripts/screenshot.sh).
#
# Needs what scripts/screenshot.sh needs, plus prometheus-node-exporter and python3.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
wait_s=15
if [[ "${1:-}" == "--wait" ]]; then wait_s="$2"; shift 2; fi
out_dir="${1:-$ROOT/docs/screenshots}"
mkdir -p "$out_dir"
exporter_bin=/usr/bin/prometheus-node-exporter
[[ -x "$exporter_bin" ]] || { echo "screenshots: $exporter_bin missing (apt-get install -y prometheus-node-exporter)" >&2; exit 3; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$(mktemp -t gridscope-node-exporter.XXXXXX.log)"
"$exporter_bin" --web.listen-address="127.0.0.1:$port" --no-collector.systemd >"$log" 2>&1 &
exporter_pid=$!
trap 'kill "$exporter_pid" 2>/dev/null || true; wait "$exporter_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break; sleep 0.2; done

source_settings="source.rack7-node.type=EXPORTER
source.rack7-node.url=http://127.0.0.1:$port/metrics
source.rack7-node.preset=NODE_EXPORTER
source.rack7-node.interval=PT2S"

./gridscope --version >/dev/null   # build once, outside the pictures
for size in ${SIZES:-1280x800 1600x1000}; do
  w="${size%x*}"; h="${size#*x}"
  for where in local remote; do
    host_line=""
    [[ "$where" == remote ]] && host_line="host=127.0.0.1:$port"
    for page in ${PAGES:-OVERVIEW GPUS HOSTS NETWORK_STORAGE SOURCES SETTINGS}; do
      name="$(tr 'A-Z_' 'a-z-' <<<"$page")-$where-$size.png"
      GRIDSCOPE_SCREENSHOT_SETTINGS="$source_settings
window.x=0
window.y=0
window.width=$w
window.height=$h
$host_line" "$ROOT/scripts/screenshot.sh" "$out_dir/$name" --wait "$wait_s" --size "$((w + 100))x$((h + 100))" \
        --page "$page"
    done
  done
done
