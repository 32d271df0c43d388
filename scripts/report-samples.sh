#!/usr/bin/env bash
# Writes a sample of every report kind in every format over demonstration data, then renders the PDFs and XLSX
# files to PNG pages to look at (scripts/render-report.sh: pdftoppm, and LibreOffice for the XLSX).
#
#   scripts/report-samples.sh OUT_DIR
#
# Data: scripts/accounting-demo-data.sh over the last 40 days (4 GPUs on 2 hosts in 2 sites, two teams, budgets)
# for the cost, utilisation and budgets reports of last month; AlertsDemoData (alerts fired, acknowledged with a
# comment, snoozed, resolved, in the last hours) for the on-call report of this month. Everything goes under OUT_DIR.
# Needs: a JDK 25 and Maven (the console is built when needed); poppler-utils and libreoffice-calc to render.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
out="${1:?usage: scripts/report-samples.sh OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
G="$ROOT/gridscope"

echo "== demonstration data"
"$ROOT/scripts/accounting-demo-data.sh" "$out/data" "$out/config" 40
TARGET="$ROOT/console-app/target"
JAVA="${GRIDSCOPE_JAVA:-}"
if [[ -z "$JAVA" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/java" ]] && JAVA="$d/bin/java" && break; done
fi
"${JAVA:-java}" -cp "$TARGET/test-classes:$TARGET/classes:$TARGET/lib/*" \
  io.gridscope.console.demo.AlertsDemoData "$out/alerts-data" "$out/alerts-config" >/dev/null

cost=(--data-dir "$out/data" --config "$out/config/accounting.toml")
run() { echo "+ gridscope $*"; "$G" "$@"; }

echo "== reports"
run report --period last-month --group-by team --format pdf -o "$out/cost-{group}-{period}.pdf" "${cost[@]}"
run report --period last-month --group-by team --format pdf --paper letter -o "$out/cost-{group}-{period}-letter.pdf" "${cost[@]}"
run report --period last-month --group-by gpu --format xlsx -o "$out/cost-{group}-{period}.xlsx" "${cost[@]}"
run report --period last-month --group-by team --format csv -o "$out/cost-{group}-{period}.csv" "${cost[@]}"
run report --period last-month --group-by site --format json -o "$out/cost-{group}-{period}.json" "${cost[@]}"
run report --period last-month --format focus --focus-period hour -o "$out/focus-hourly-{period}.csv" "${cost[@]}"
run report --period last-month --format focus --focus-period day -o "$out/focus-daily-{period}.csv" "${cost[@]}"
run report --kind utilisation --period last-month --format pdf -o "$out/utilisation-{period}.pdf" "${cost[@]}"
run report --kind utilisation --period last-month --format xlsx -o "$out/utilisation-{period}.xlsx" "${cost[@]}"
run report --kind budgets --period this-month --format pdf -o "$out/budgets-{period}.pdf" "${cost[@]}"
run report --kind oncall --period this-month --format pdf -o "$out/oncall-{period}.pdf" \
  --data-dir "$out/alerts-data" --config "$out/config/accounting.toml"
run report --kind oncall --period this-month --format xlsx -o "$out/oncall-{period}.xlsx" \
  --data-dir "$out/alerts-data" --config "$out/config/accounting.toml"

echo "== pages"
"$ROOT/scripts/render-report.sh" "$out/png" "$out"/*.pdf "$out"/*.xlsx
