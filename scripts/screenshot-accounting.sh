#!/usr/bin/env bash
# The Cost and Carbon page screenshots, docs/screenshots/{cost,carbon}-1280x800.png (and -1600x1000, and the Cost page
# in the dark theme), over demonstration data: scripts/accounting-demo-data.sh writes two weeks of four GPUs on two
# hosts (two teams, idle stretches, a gap in one GPU's readings) and an accounting file (two sites, prices in EUR and
# SEK, hardware, allocation rules, budgets); the pages show the 14 days before today (the console collects this
# machine into the same history as it runs: today would show it too), grouped by team.
#
#   scripts/screenshot-accounting.sh [--wait SECONDS] [OUT_DIR]
#
# Needs what scripts/screenshot.sh needs.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
wait_s=25
if [[ "${1:-}" == "--wait" ]]; then wait_s="$2"; shift 2; fi
out_dir="${1:-$ROOT/docs/screenshots}"
mkdir -p "$out_dir"
demo="$(mktemp -d -t gridscope-accounting-demo.XXXXXX)"
trap 'rm -rf "$demo"' EXIT
"$ROOT/scripts/accounting-demo-data.sh" "$demo/data" "$demo/config" 14 2>/dev/null
first="$(TZ=Europe/Berlin date -d '14 days ago' +%F)"
last="$(TZ=Europe/Berlin date -d yesterday +%F)"
./gridscope --version >/dev/null   # build once, outside the pictures
shot() { # page size name [dark]
  local page="$1" size="$2" name="$3" dark="${4:-}"
  local w="${size%x*}" h="${size#*x}" lower
  lower="$(tr 'A-Z' 'a-z' <<<"$page")"
  GRIDSCOPE_SCREENSHOT_ACCOUNTING="$demo/config/accounting.toml" GRIDSCOPE_SCREENSHOT_SETTINGS="window.x=0
window.y=0
window.width=$w
window.height=$h
accounting.$lower.period=CUSTOM
accounting.$lower.from=$first
accounting.$lower.to=$last
accounting.$lower.groupBy=TEAM" \
    "$ROOT/scripts/screenshot.sh" "$out_dir/$name" --wait "$wait_s" --size "$((w + 100))x$((h + 100))" \
      --page "$page" $dark -- --data-dir "$demo/data"
}
for size in ${SIZES:-1280x800 1600x1000}; do
  shot COST "$size" "cost-$size.png"
  shot CARBON "$size" "carbon-$size.png"
done
shot COST 1280x800 cost-dark-1280x800.png --dark
