#!/usr/bin/env bash
# Fills DATA_DIR with a history to account over and CONFIG_DIR with an accounting.toml, for demonstrations and the
# Cost and Carbon screenshots (see console-app/src/test/java/io/gridscope/console/demo/AccountingDemoData.java):
# 4 GPUs on 2 hosts in 2 sites, two teams, idle stretches, a gap in one GPU's readings, prices, hardware, budgets.
#
#   scripts/accounting-demo-data.sh DATA_DIR CONFIG_DIR [DAYS]
#
# From the start of this month or DAYS days ago (default 14), whichever is earlier, to now; one sample a minute.
# Builds the console (main and test classes) first when needed.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
data="${1:?usage: scripts/accounting-demo-data.sh DATA_DIR CONFIG_DIR [DAYS]}"
config="${2:?usage: scripts/accounting-demo-data.sh DATA_DIR CONFIG_DIR [DAYS]}"
days="${3:-14}"
TARGET="$ROOT/console-app/target"
if [[ ! -f "$TARGET/test-classes/io/gridscope/console/demo/AccountingDemoData.class" || ! -d "$TARGET/lib" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
fi
JAVA="${GRIDSCOPE_JAVA:-}"
if [[ -z "$JAVA" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/java" ]] && JAVA="$d/bin/java" && break; done
fi
JAVA="${JAVA:-java}"
exec "$JAVA" -cp "$TARGET/test-classes:$TARGET/classes:$TARGET/lib/*" \
  io.gridscope.console.demo.AccountingDemoData "$data" "$config" "$days"
