#!/usr/bin/env bash
# Renders the Gridscope icon to PNGs:
#   packaging/src/icons/png/gridscope-<N>.png                          N = 16 24 32 48 64 128 256 512
#   console-app/src/main/resources/io/gridscope/console/icons/gridscope-<N>.png   N = 16 32 48 64 128 256
# The 16 px image comes from gridscope-16.svg (drawn on the pixel grid), every other size from gridscope.svg.
# The PNGs are committed, so the build itself never needs rsvg-convert.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$here/png"
window_icons="$root/console-app/src/main/resources/io/gridscope/console/icons"

if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "render.sh: rsvg-convert not found; install it (Debian/Ubuntu: apt-get install librsvg2-bin," \
         "Fedora: dnf install librsvg2-tools) and run this script again" >&2
    exit 1
fi

optimise() {
    if command -v optipng >/dev/null 2>&1; then
        optipng -quiet -o7 -strip all "$1"
    elif command -v oxipng >/dev/null 2>&1; then
        oxipng --quiet -o max --strip all "$1"
    fi
}

mkdir -p "$out" "$window_icons"
for size in 16 24 32 48 64 128 256 512; do
    src="$here/gridscope.svg"
    [ "$size" -eq 16 ] && src="$here/gridscope-16.svg"
    png="$out/gridscope-$size.png"
    rsvg-convert --width "$size" --height "$size" --format png --output "$png" "$src"
    optimise "$png"
done
for size in 16 32 48 64 128 256; do
    cp "$out/gridscope-$size.png" "$window_icons/gridscope-$size.png"
done
echo "render.sh: icons written to $out and $window_icons"
