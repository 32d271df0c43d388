#!/usr/bin/env bash
# The package's figures: .deb size, installed size, and the window-shown time of the installed console against
# ./gridscope from the checkout, alternating in the same run under Xvfb.
#
#   sudo bench/package.sh [RUNS]        (default 5 per side, after one warm-up start of each)
#
# Installs the .deb that packaging/target/packages holds (building it when missing) with apt-get, and purges it at
# the end. Refuses to run where a gridscope package is installed already. Needs root, xvfb and x11-utils.
#
#   jvm_ms    window shown, measured inside the JVM from the JVM's start (RuntimeMXBean) to Stage.onShown
#   wall_ms   from starting the command (launcher included: the native launcher, or the ./gridscope script)
#             until the same moment
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
runs="${1:-5}"
[[ "$(id -u)" == 0 ]] || { echo "installs a package: run as root" >&2; exit 3; }
command -v Xvfb >/dev/null && command -v xwininfo >/dev/null || { echo "needs xvfb and x11-utils" >&2; exit 3; }
if dpkg -s gridscope >/dev/null 2>&1; then
  echo "a gridscope package is installed here already; remove it first (this script would replace it)" >&2
  exit 3
fi

version="$(cd "$ROOT" && sed -n 's:.*<revision>\(.*\)</revision>.*:\1:p' pom.xml | head -n 1)"
deb="$ROOT/packaging/target/packages/gridscope_${version/-/\~}_amd64.deb"
if [[ ! -f "$deb" ]]; then
  echo "building $deb ..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests -Dgridscope.package.types=deb -pl packaging -am package)
fi
(cd "$ROOT" && ./gridscope --version >/dev/null)   # builds the checkout's console when stale, outside the timing

trap 'DEBIAN_FRONTEND=noninteractive dpkg --purge gridscope >/dev/null 2>&1 || true' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "package: $(basename "$deb")"
echo "deb_bytes: $(stat -c %s "$deb") ($(du -h "$deb" | cut -f1))"
echo "installed_kib (Installed-Size): $(dpkg-query -W -f='${Installed-Size}' gridscope)"
echo "installed_on_disk: $(du -sh /opt/gridscope | cut -f1) in /opt/gridscope"

# one start of the console; prints "jvm_ms wall_ms"
start_once() {
  local cmd="$1" n="$2" tmp display xvfb app t0 jvm shown_at
  tmp="$(mktemp -d)"
  display=":$((150 + n))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.1; done
  t0=$(date +%s%3N)
  DISPLAY="$display" XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/share" \
    DBUS_SESSION_BUS_ADDRESS="" JAVA_TOOL_OPTIONS="-Dgridscope.startupTiming=true" \
    $cmd >"$tmp/out" 2>&1 &
  app=$!
  # no polling of the X server while the JVM starts (it would take CPU from it): the app prints when it was shown
  for _ in $(seq 600); do grep -q 'window shown' "$tmp/out" && break; sleep 0.1; done
  jvm="$(sed -n 's/.*window shown \([0-9]*\) ms after JVM start.*/\1/p' "$tmp/out" | head -1)"
  shown_at="$(sed -n 's/.*window shown .*(epoch ms \([0-9]*\)).*/\1/p' "$tmp/out" | head -1)"
  echo "${jvm:-?} $([[ -n "$shown_at" ]] && echo $((shown_at - t0)) || echo '?')"
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  pkill -f -- "$tmp/share" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  rm -rf "$tmp"
}

installed="/usr/bin/gridscope"
source_cmd="$ROOT/gridscope"
start_once "$installed" 0 >/dev/null     # warm-up: page cache
start_once "$source_cmd" 1 >/dev/null    # warm-up: the checkout's start-up cache is made on its first start

printf '%-4s %-10s %8s %8s\n' run which jvm_ms wall_ms
inst_jvm=() inst_wall=() src_jvm=() src_wall=()
for i in $(seq "$runs"); do
  read -r j w < <(start_once "$installed" $((2 * i)))
  printf '%-4s %-10s %8s %8s\n' "$i" installed "$j" "$w"; inst_jvm+=("$j"); inst_wall+=("$w")
  read -r j w < <(start_once "$source_cmd" $((2 * i + 1)))
  printf '%-4s %-10s %8s %8s\n' "$i" checkout "$j" "$w"; src_jvm+=("$j"); src_wall+=("$w")
done
median() { printf '%s\n' "$@" | grep -v '?' | sort -n | awk '{a[NR]=$1} END{print (NR ? a[int((NR+1)/2)] : "?")}'; }
echo "median installed: jvm_ms $(median "${inst_jvm[@]}") wall_ms $(median "${inst_wall[@]}")"
echo "median ./gridscope: jvm_ms $(median "${src_jvm[@]}") wall_ms $(median "${src_wall[@]}")"
