#!/usr/bin/env bash
# Self cost of local collection: `./gridscope collect` (every local collector at 1 Hz, writing history) side by
# side with Netdata (Debian package `netdata`, its default 1 s collection), in the same run on the same machine.
#
#   bench/collect/run.sh [SECONDS]      (default 120)
#
# Netdata is started first from a temporary configuration (web server on 127.0.0.1 only, cache/lib/log in a temp
# directory, no cloud, no telemetry), given WARMUP seconds (default 30) to start its plugins, then gridscope collects
# for SECONDS. Both process trees are sampled from /proc every second; CPU = utime+stime of every process in the
# tree (plus reaped children), RSS = sum over the tree. Only the processes this script started are stopped, by PID.
#
# Reports: CPU seconds and peak RSS of both, over gridscope's whole run (JVM start included) and over the steady
# state (from 10 s after start), the ratio, and the time of one collection pass per collector (from the
# gridscope_collector_pass_duration_seconds self-metric in the history database).
# Extra JVM flags for gridscope can be passed in GRIDSCOPE_JAVA_OPTS (printed with the results).
# Needs: netdata (apt-get install -y netdata), python3, Maven + JDK 25 (./gridscope builds itself).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
seconds="${1:-120}"
warmup="${WARMUP:-30}"
NETDATA="${NETDATA:-/usr/sbin/netdata}"
[[ -x "$NETDATA" ]] || { echo "netdata not found at $NETDATA (apt-get install -y netdata)" >&2; exit 3; }

(cd "$ROOT" && ./gridscope --version >/dev/null)   # build (and the start-up cache) outside the measurement

tmp="$(mktemp -d -t gridscope-bench.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$tmp/netdata"/{cache,lib,log,run}
cat >"$tmp/netdata/netdata.conf" <<EOF
[global]
    update every = 1
[directories]
    cache = $tmp/netdata/cache
    lib = $tmp/netdata/lib
    log = $tmp/netdata/log
    lock = $tmp/netdata/lib/lock
    home = $tmp/netdata/lib
[web]
    bind to = 127.0.0.1:$port
[cloud]
    enabled = no
[registry]
    enabled = no
EOF

netdata_pid=""
gridscope_pid=""
cleanup() {
  # Stop only what this script started, by PID: gridscope, then Netdata (which stops its own plugins).
  if [[ -n "$gridscope_pid" ]] && kill -0 "$gridscope_pid" 2>/dev/null; then kill "$gridscope_pid" 2>/dev/null || true; fi
  if [[ -n "$netdata_pid" ]] && kill -0 "$netdata_pid" 2>/dev/null; then
    kill -TERM "$netdata_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$netdata_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$netdata_pid" 2>/dev/null && kill -KILL "$netdata_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# -u root: the temp directories belong to the invoking user; the collection itself is Netdata's default.
DO_NOT_TRACK=1 DISABLE_TELEMETRY=1 "$NETDATA" -D -u "$(id -un)" -c "$tmp/netdata/netdata.conf" -i 127.0.0.1 -p "$port" \
  >"$tmp/netdata.out" 2>&1 &
netdata_pid=$!
echo "netdata pid $netdata_pid on 127.0.0.1:$port; warming up ${warmup}s"
sleep "$warmup"
kill -0 "$netdata_pid" 2>/dev/null || { echo "netdata exited:"; tail -20 "$tmp/netdata.out"; exit 1; }

cmd=(./gridscope collect --duration "${seconds}s" --interval 1s --data-dir "$tmp/gridscope")
(cd "$ROOT" && exec "${cmd[@]}" >"$tmp/gridscope.out" 2>&1) &
gridscope_pid=$!

python3 - "$gridscope_pid" "$netdata_pid" >"$tmp/samples.txt" <<'EOF'
import os, sys, time
gs, nd = int(sys.argv[1]), int(sys.argv[2])
hz = os.sysconf('SC_CLK_TCK'); page = os.sysconf('SC_PAGE_SIZE')
def procs():
    out = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            with open(f'/proc/{p}/stat') as f: s = f.read()
            f = s[s.rindex(')') + 2:].split()
            out[int(p)] = (int(f[1]), (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / hz, int(f[21]) * page)
        except (OSError, ValueError, IndexError):
            pass
    return out
def tree(root, ps):
    kids = {}
    for pid, (ppid, _, _) in ps.items(): kids.setdefault(ppid, []).append(pid)
    todo, seen = [root], []
    while todo:
        p = todo.pop()
        if p in ps: seen.append(p); todo.extend(kids.get(p, []))
    return sum(ps[p][1] for p in seen), sum(ps[p][2] for p in seen)
t0 = time.monotonic()
while True:
    ps = procs()
    if gs not in ps: break
    g = tree(gs, ps); n = tree(nd, ps)
    print(f'{time.monotonic() - t0:.2f} {g[0]:.2f} {g[1]} {n[0]:.2f} {n[1]}', flush=True)
    time.sleep(1)
EOF
wait "$gridscope_pid" || true
gridscope_pid=""
cat "$tmp/gridscope.out"

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
echo "netdata: $("$NETDATA" -v 2>&1 | head -1), default 1 s collection"
echo "gridscope: $(cd "$ROOT" && ./gridscope --version | head -1), command: ${cmd[*]}"
echo "GRIDSCOPE_JAVA_OPTS: ${GRIDSCOPE_JAVA_OPTS:-(none)}"
python3 - "$tmp/samples.txt" <<'EOF'
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(rows) < 12: sys.exit("too few samples: %d" % len(rows))
first, last = rows[0], rows[-1]
steady = next(r for r in rows if r[0] >= 10)
def mb(b): return b / 1048576
g_all, n_all = last[1] - first[1], last[3] - first[3]
g_st, n_st = last[1] - steady[1], last[3] - steady[3]
span_all, span_st = last[0] - first[0], last[0] - steady[0]
print(f"window: {span_all:.0f} s whole run, {span_st:.0f} s steady state (from 10 s after start)")
print(f"{'':22}{'gridscope':>12}{'netdata':>12}{'ratio':>10}")
print(f"{'CPU s, whole run':22}{g_all:12.2f}{n_all:12.2f}{g_all / n_all:10.3f}")
print(f"{'CPU s, steady state':22}{g_st:12.2f}{n_st:12.2f}{g_st / n_st:10.3f}")
print(f"{'CPU %, steady state':22}{100 * g_st / span_st:11.2f}%{100 * n_st / span_st:11.2f}%")
print(f"{'peak RSS MiB':22}{mb(max(r[2] for r in rows)):12.1f}{mb(max(r[4] for r in rows)):12.1f}"
      f"{max(r[2] for r in rows) / max(r[4] for r in rows):10.3f}")
print("target: gridscope CPU < 1/3 of netdata's ->", "MET" if g_st / n_st < 1 / 3 else "NOT MET")
EOF

echo
echo "collection pass time per collector (gridscope_collector_pass_duration_seconds, ms):"
(cd "$ROOT" && ./gridscope query gridscope_collector_pass_duration_seconds --since 1h --data-dir "$tmp/gridscope") \
  | python3 -c '
import sys, csv, re, statistics
per = {}
for row in csv.DictReader(sys.stdin):
    c = re.search(r"collector=\"+([^\"]+)", row["labels"]).group(1)
    per.setdefault(c, []).append(float(row["value"]) * 1000)
total = 0
print("  %-18s%7s%9s%9s%9s" % ("collector", "passes", "median", "p95", "max"))
for c, v in sorted(per.items()):
    v.sort(); med = statistics.median(v); total += med
    print(f"  {c:18}{len(v):7d}{med:9.3f}{v[int(0.95 * (len(v) - 1))]:9.3f}{v[-1]:9.3f}")
print(f"  one full pass (sum of medians): {total:.3f} ms")
'
