#!/usr/bin/env bash
# The Reports page screenshots, docs/screenshots/reports-1280x800.png and reports-1600x1000.png, over demonstration
# data: scripts/accounting-demo-data.sh writes four GPUs on two hosts (two teams, idle stretches, a gap in one GPU's
# readings, prices in EUR and SEK, budgets) from the first day of last month to now, so that last month is whole; the
# page opens on last month's cost report by team and previews it.
#
#   scripts/screenshot-reports.sh [--wait SECONDS] [OUT_DIR]
#
# Needs what scripts/screenshot.sh needs.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
wait_s=30
if [[ "${1:-}" == "--wait" ]]; then wait_s="$2"; shift 2; fi
out_dir="${1:-$ROOT/docs/screenshots}"
mkdir -p "$out_dir"
demo="$(mktemp -d -t gridscope-reports-demo.XXXXXX)"
trap 'rm -rf "$demo"' EXIT
# the demonstration data's days are in Europe/Berlin: from the first of last month there, to now
first="$(TZ=Europe/Berlin date -d "$(TZ=Europe/Berlin date +%Y-%m-01) -1 month" +%F)"
days=$(( ($(date +%s) - $(TZ=Europe/Berlin date -d "$first" +%s)) / 86400 + 1 ))
"$ROOT/scripts/accounting-demo-data.sh" "$demo/data" "$demo/config" "$days" 2>/dev/null
./gridscope --version >/dev/null   # build once, outside the pictures
for size in ${SIZES:-1280x800 1600x1000}; do
  w="${size%x*}"; h="${size#*x}"
  GRIDSCOPE_SCREENSHOT_ACCOUNTING="$demo/config/accounting.toml" GRIDSCOPE_SCREENSHOT_SETTINGS="window.x=0
window.y=0
window.width=$w
window.height=$h
reports.kind=COST
reports.period=LAST_MONTH
reports.groupBy=TEAM" \
    "$ROOT/scripts/screenshot.sh" "$out_dir/reports-$size.png" --wait "$wait_s" --size "$((w + 100))x$((h + 100))" \
      --page REPORTS -- --data-dir "$demo/data"
done
