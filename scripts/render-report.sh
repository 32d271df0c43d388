#!/usr/bin/env bash
# Renders report files to PNG pages, to look at them as a reader would.
#
#   scripts/render-report.sh [--dpi N] OUT_DIR REPORT.pdf|REPORT.xlsx ...
#
# A PDF is rendered page by page with pdftoppm; an XLSX is first converted to PDF by LibreOffice (soffice
# --headless, with a throw-away profile) and then rendered the same way. Pages land in OUT_DIR as NAME-N.png, or
# NAME-xlsx-N.png for a workbook (so a report's PDF and XLSX can sit side by side); the path of every PNG is
# printed, one a line.
#
# Needs: pdftoppm (apt-get install -y poppler-utils); for XLSX also soffice (apt-get install -y libreoffice-calc).
set -euo pipefail

usage="usage: scripts/render-report.sh [--dpi N] OUT_DIR REPORT.pdf|REPORT.xlsx ..."
dpi=80
while (($#)); do
  case "$1" in
    --dpi) dpi="${2:?$usage}"; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    --) shift; break ;;
    -*) echo "render-report: unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
    *) break ;;
  esac
done
(($# >= 2)) || { echo "$usage" >&2; exit 2; }
[[ "$dpi" =~ ^[0-9]+$ ]] || { echo "render-report: --dpi wants a whole number, got $dpi" >&2; exit 2; }
out="$1"; shift

need_soffice=false
for f in "$@"; do
  [[ -f "$f" ]] || { echo "render-report: no such file: $f" >&2; exit 2; }
  case "${f,,}" in
    *.pdf) ;;
    *.xlsx) need_soffice=true ;;
    *) echo "render-report: $f is neither a .pdf nor an .xlsx" >&2; exit 2 ;;
  esac
done
command -v pdftoppm >/dev/null \
  || { echo "render-report: pdftoppm is missing (apt-get install -y poppler-utils)" >&2; exit 3; }
if $need_soffice; then
  command -v soffice >/dev/null \
    || { echo "render-report: soffice is missing, needed for XLSX (apt-get install -y libreoffice-calc)" >&2; exit 3; }
fi

mkdir -p "$out"
tmp="$(mktemp -d -t gridscope-render.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# render PDF PREFIX: pages to OUT_DIR/PREFIX-N.png (older pages of that name removed first), their paths printed.
render() {
  local pdf="$1" prefix="$2"
  rm -f "$out/$prefix"-[0-9]*.png
  pdftoppm -png -r "$dpi" "$pdf" "$out/$prefix"
  local pages=("$out/$prefix"-[0-9]*.png)
  [[ -e "${pages[0]}" ]] || { echo "render-report: pdftoppm made no page of $pdf" >&2; exit 4; }
  printf '%s\n' "${pages[@]}" | sort -V
}

for f in "$@"; do
  name="$(basename "$f")"
  case "${f,,}" in
    *.pdf)
      render "$f" "${name%.*}"
      ;;
    *.xlsx)
      mkdir -p "$tmp/convert"
      # A profile of its own: a running LibreOffice (or a stale lock) would otherwise swallow the conversion.
      soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp/convert" "$f" \
        >"$tmp/soffice.log" 2>&1 || true
      converted="$tmp/convert/${name%.*}.pdf"
      if [[ ! -s "$converted" ]]; then
        echo "render-report: LibreOffice did not convert $f to PDF:" >&2
        cat "$tmp/soffice.log" >&2
        exit 4
      fi
      render "$converted" "${name%.*}-xlsx"
      rm -f "$converted"
      ;;
  esac
done
