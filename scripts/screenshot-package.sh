#!/usr/bin/env bash
# Screenshots of the installed package: its desktop entry with the icon in an application launcher, and the
# installed console's About box.
#
#   scripts/screenshot-package.sh OUT_DIR      (writes OUT_DIR/desktop-entry.png and OUT_DIR/about.png)
#
# Needs the gridscope package installed (apt install ./packaging/target/packages/gridscope_*_amd64.deb) and
#   apt-get install -y --no-install-recommends xvfb openbox rofi xdotool imagemagick
# The launcher is rofi in its application mode, which lists desktop entries with their icons from the hicolor theme
# as a desktop's menu does. The console runs on a throwaway home (/home/ada, made and removed by the script, unless
# it exists) so that the About box shows the usual ~/.config, ~/.local/share and ~/.local/state of a user.
set -euo pipefail
out="$(readlink -f "${1:?usage: scripts/screenshot-package.sh OUT_DIR}")"
mkdir -p "$out"
[[ -x /usr/bin/gridscope ]] || { echo "screenshot: the gridscope package is not installed" >&2; exit 3; }
for tool in Xvfb openbox rofi xdotool import convert; do
  command -v "$tool" >/dev/null || {
    echo "screenshot: $tool missing (apt-get install -y xvfb openbox rofi xdotool imagemagick)" >&2; exit 3; }
done

tmp="$(mktemp -d)"
display=":$((300 + RANDOM % 100))"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY="$display"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
openbox >/dev/null 2>&1 &
pids+=($!)
sleep 1

# ---- the desktop entry in an application launcher
xsetroot -solid '#3b4252' 2>/dev/null || true
rofi -show drun -show-icons -matching normal -filter gridscope -theme-str 'window {width: 560px;} listview {lines: 4;}' \
  -theme-str 'element-icon {size: 48px;}' >/dev/null 2>&1 &
pids+=($!)
sleep 3
import -window root "$tmp/launcher.png"
convert "$tmp/launcher.png" -trim +repage -bordercolor '#3b4252' -border 24 "$out/desktop-entry.png"
kill "${pids[-1]}" 2>/dev/null || true

# ---- the installed console's About box, for a user "ada" (a home made for the run and removed after it)
home="$tmp/home/ada"
if [[ ! -e /home/ada ]]; then
  home=/home/ada
  cleanup_home() { rm -rf /home/ada; }
  trap 'cleanup; cleanup_home' EXIT
fi
mkdir -p "$home"
JAVA_TOOL_OPTIONS="-Duser.home=$home -Dgridscope.startupTiming=true" HOME="$home" DBUS_SESSION_BUS_ADDRESS="" \
  env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME /usr/bin/gridscope >"$tmp/console.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q 'window shown' "$tmp/console.log" && break; sleep 0.2; done
grep -q 'window shown' "$tmp/console.log" || { cat "$tmp/console.log" >&2; exit 1; }
sleep 4
win="$(xdotool search --name '^Gridscope' | head -n 1)"
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win"
xdotool key F1
sleep 2
about="$(xdotool search --name 'About Gridscope' | head -n 1)"
[[ -n "$about" ]] || { echo "screenshot: no About window" >&2; exit 1; }
import -window root "$tmp/about-full.png"
eval "$(xdotool getwindowgeometry --shell "$about")"
# the box with a margin of the window behind it (openbox's frame included)
convert "$tmp/about-full.png" -crop "$((WIDTH + 80))x$((HEIGHT + 100))+$((X - 40))+$((Y - 70))" +repage \
  "$out/about.png"
echo "wrote $out/desktop-entry.png and $out/about.png"
