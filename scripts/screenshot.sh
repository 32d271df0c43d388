#!/usr/bin/env bash
# Starts the real console under Xvfb and saves a PNG of its window.
#
#   scripts/screenshot.sh OUT.png [--wait SECONDS] [--size WxH] [--page PAGE] [--range RANGE] [--dark]
#                                 [-- extra ./gridscope arguments]
#
# PAGE is OVERVIEW, ALERTS, GPUS, HOSTS, NETWORK_STORAGE, COST, CARBON, REPORTS, SOURCES or SETTINGS; RANGE is an
# ISO-8601 duration such as PT15M, PT24H, P7D.
#
# Needs: xvfb, x11-utils (xwininfo), imagemagick (import), libgtk-3-0.
#   apt-get install -y xvfb x11-utils imagemagick libgtk-3-0
# The data directory defaults to a fresh temporary one, so the screenshot shows a first run unless --data-dir is
# passed after "--". GRIDSCOPE_SCREENSHOT_ACCOUNTING names an accounting.toml to put in the configuration directory,
# GRIDSCOPE_SCREENSHOT_ALERTS an alerts.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"

out="${1:?usage: scripts/screenshot.sh OUT.png [--wait SECONDS] [--size WxH] [-- gridscope args]}"; shift
wait_s=20; size=1360x900; app_args=(); page=""; range=""; dark=false
while (($#)); do
  case "$1" in
    --wait) wait_s="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --page) page="$2"; shift 2 ;;
    --range) range="$2"; shift 2 ;;
    --dark) dark=true; shift ;;
    --) shift; app_args=("$@"); break ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for tool in Xvfb xwininfo import; do
  command -v "$tool" >/dev/null || { echo "screenshot: $tool missing (apt-get install -y xvfb x11-utils imagemagick)" >&2; exit 3; }
done

has_data_dir=false
for a in "${app_args[@]+"${app_args[@]}"}"; do [[ "$a" == --data-dir* ]] && has_data_dir=true; done
tmp="$(mktemp -d -t gridscope-shot.XXXXXX)"
$has_data_dir || app_args+=(--data-dir "$tmp/data")

mkdir -p "$tmp/config/gridscope"
{
  [[ -n "$page" ]] && echo "page=$page"
  [[ -n "$range" ]] && echo "range=live:$range"
  echo "theme.dark=$dark"
  # extra settings lines, e.g. a saved source: GRIDSCOPE_SCREENSHOT_SETTINGS='source.n1.url=http://...'
  [[ -n "${GRIDSCOPE_SCREENSHOT_SETTINGS:-}" ]] && printf '%s\n' "$GRIDSCOPE_SCREENSHOT_SETTINGS"
} >"$tmp/config/gridscope/ui.properties"
[[ -n "${GRIDSCOPE_SCREENSHOT_ACCOUNTING:-}" ]] && cp "$GRIDSCOPE_SCREENSHOT_ACCOUNTING" "$tmp/config/gridscope/accounting.toml"
[[ -n "${GRIDSCOPE_SCREENSHOT_ALERTS:-}" ]] && cp "$GRIDSCOPE_SCREENSHOT_ALERTS" "$tmp/config/gridscope/alerts.toml"

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.1; done

(cd "$ROOT" && DISPLAY="$display" XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" \
  ./gridscope "${app_args[@]}" >"$tmp/app.log" 2>&1) &
app_pid=$!

win=""
for _ in $(seq 600); do
  # the title is "Gridscope", or "Gridscope — 2 firing" while alerts need someone
  win="$(xwininfo -display "$display" -root -tree 2>/dev/null | sed -n 's/^ *\(0x[0-9a-f]*\) "Gridscope\( — [0-9]* firing\)\{0,1\}".*/\1/p' | head -n 1 || true)"
  [[ -n "$win" ]] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$tmp/app.log" >&2; echo "screenshot: the console exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$win" ]] || { cat "$tmp/app.log" >&2; echo "screenshot: no Gridscope window after 60 s" >&2; exit 1; }
sleep "$wait_s"
DISPLAY="$display" import -window "$win" "$out"
echo "saved $out ($(identify -format '%wx%h' "$out" 2>/dev/null || echo '?'))"
