#!/usr/bin/env bash
# The Alerts page screenshots, docs/screenshots/alerts.png (the alerts, the detail of the top one) and
# docs/screenshots/alert-rules.png (the rules editor), over demonstration data: AlertsDemoData
# (console-app/src/test/java/io/gridscope/console/demo/AlertsDemoData.java) writes six hours of CPU and GPU
# temperature of two nodes, a rules file whose rules read them, and their alerts: firing, acknowledged with a
# comment, snoozed, pending, resolved, and a silence. The console opened on it keeps those alerts as they are while
# the picture is taken (it restores open alerts and waits two minutes for their series).
#
#   scripts/screenshot-alerts.sh [--wait SECONDS] [OUT_DIR]
#
# Needs what scripts/screenshot.sh needs. Builds the console (main and test classes) first when needed.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
wait_s=20
if [[ "${1:-}" == "--wait" ]]; then wait_s="$2"; shift 2; fi
out_dir="${1:-$ROOT/docs/screenshots}"
mkdir -p "$out_dir"
TARGET="$ROOT/console-app/target"
if [[ ! -f "$TARGET/test-classes/io/gridscope/console/demo/AlertsDemoData.class" || ! -d "$TARGET/lib" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
fi
JAVA="${GRIDSCOPE_JAVA:-}"
if [[ -z "$JAVA" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/java" ]] && JAVA="$d/bin/java" && break; done
fi
JAVA="${JAVA:-java}"
./gridscope --version >/dev/null   # build once, outside the pictures

shot() { # name tab
  local name="$1" tab="$2" demo
  demo="$(mktemp -d -t gridscope-alerts-demo.XXXXXX)"
  # fresh data for each picture: the console opened on it evaluates the rules and would age the alerts
  "$JAVA" -cp "$TARGET/test-classes:$TARGET/classes:$TARGET/lib/*" \
    io.gridscope.console.demo.AlertsDemoData "$demo/data" "$demo/config" >/dev/null
  GRIDSCOPE_SCREENSHOT_ALERTS="$demo/config/alerts.toml" GRIDSCOPE_SCREENSHOT_SETTINGS="window.x=0
window.y=0
window.width=1440
window.height=900
alerts.tab=$tab" \
    "$ROOT/scripts/screenshot.sh" "$out_dir/$name" --wait "$wait_s" --size 1540x1000 --page ALERTS \
      -- --data-dir "$demo/data"
  rm -rf "$demo"
}
shot alerts.png alerts
shot alert-rules.png rules
