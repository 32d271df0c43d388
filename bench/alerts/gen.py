#!/usr/bin/env python3
"""Shared by both sides of the alert evaluation benchmark (bench/alerts/run.sh).

  gen.py rules DIR            writes DIR/rules.yml (Prometheus) and DIR/alerts.toml (Gridscope): the same 500 rules
  gen.py serve PORT T0        serves the 10,000 series on 127.0.0.1:PORT/metrics (Prometheus text format), the walk
                              at second floor(now - T0) since T0 (epoch seconds)
  gen.py checksum K           prints the sum of all 10,000 values at second K (the Java harness prints the same)
  gen.py poll URL END PROM_PID TWIN_PID JAVA_PID
                              reads Prometheus' /metrics at URL once a second until END (epoch seconds): the rule groups' last
                              durations (summed over the groups: one evaluation cycle), the group and rule duration
                              summaries, iterations missed; and the CPU time of that Prometheus, of its twin without
                              rules (scraping the same exporter) and of the Gridscope harness; prints RESULT lines

The data: 20 metrics x 500 series (host=h000..h099, gpu=0..4). Metrics 0..15 are gauges bench_gauge_NN, 16..19
counters bench_counter_NN_total. Series i (0..9999; metric i // 500, host (i % 500) // 5, gpu i % 5) follows a
mean-reverting pseudo-random walk, one step per second:
    u(i, k) = splitmix64((i << 32) | k) >> 11, scaled to [0, 1)
    x(i, 0) = 50;  x(i, k) = x(i, k-1) + 0.05 * (50 - x(i, k-1)) + 6 * (u(i, k) - 0.5)     (mean 50, sd about 5.5)
a gauge's value is x; a counter starts at 1000 * (i % 7) and grows by max(x, 0) / 10 each second (about 5/s).
io.gridscope.alerts.bench.AlertBench computes the same doubles in the same order (IEEE arithmetic in both).
"""
import http.server
import sys
import threading
import time

MASK = (1 << 64) - 1
METRICS = 20
GAUGES = 16
PER_METRIC = 500
SERIES = METRICS * PER_METRIC


def metric_name(m):
    return "bench_gauge_%02d" % m if m < GAUGES else "bench_counter_%02d_total" % (m - GAUGES)


def u(i, k):
    z = (((i << 32) | k) + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z = z ^ (z >> 31)
    return (z >> 11) * (1.0 / (1 << 53))


class Walk:
    def __init__(self):
        self.k = 0
        self.x = [50.0] * SERIES
        self.c = [1000.0 * (i % 7) for i in range(SERIES)]
        self.counter_from = GAUGES * PER_METRIC

    def advance_to(self, k):
        x, c, cf = self.x, self.c, self.counter_from
        while self.k < k:
            self.k += 1
            kk = self.k
            for i in range(SERIES):
                v = x[i] + 0.05 * (50 - x[i]) + 6 * (u(i, kk) - 0.5)
                x[i] = v
                if i >= cf:
                    c[i] = c[i] + max(v, 0.0) / 10

    def value(self, i):
        return self.x[i] if i < self.counter_from else self.c[i]


def labels(i):
    j = i % PER_METRIC
    return 'host="h%03d",gpu="%d"' % (j // 5, j % 5)


# ---------------------------------------------------------------------------------------------------- rules
# 500 rules, rule r of kind r % 5, on the series chosen by (r // 5) % 4:
#   0, 1  avg_over_time(gauge{sel}[1m]) > 56..64, for 1m       Gridscope: threshold, aggregate avg, window 1m
#   2     max_over_time(gauge{sel}[1m]) > 66..72, for 30s      Gridscope: threshold, aggregate max, window 1m
#   3     gauge{sel} > 62..68, for 15s                         Gridscope: threshold (last value)
#   4     rate(counter{sel}[1m]) > 5.6..6.0, for 1m            Gridscope: rate, window 1m
SELECTORS = [
    'host=~"h0[0-4].*",gpu=~"[0-1]"',  # 100 series
    'host=~"h0[5-9].*"',  # 250 series
    'host=~"h0.[0-4]",gpu="1"',  # 50 series
    'gpu="3"',  # 100 series
]
RULES = 500
GROUPS = 5


def rule(r):
    kind = r % 5
    sel = SELECTORS[(r // 5) % len(SELECTORS)]
    if kind == 4:
        metric = metric_name(GAUGES + r % (METRICS - GAUGES))
        return dict(name="BenchRule%03d" % r, kind="rate", metric=metric, sel=sel,
                    value=5.6 + 0.1 * (r * 7 % 5), for_="1m")
    metric = metric_name(r % GAUGES)
    if kind in (0, 1):
        return dict(name="BenchRule%03d" % r, kind="avg", metric=metric, sel=sel, value=56 + r * 7 % 9, for_="1m")
    if kind == 2:
        return dict(name="BenchRule%03d" % r, kind="max", metric=metric, sel=sel, value=66 + r * 7 % 7, for_="30s")
    return dict(name="BenchRule%03d" % r, kind="last", metric=metric, sel=sel, value=62 + r * 7 % 7, for_="15s")


SUMMARY = "{{ $labels.host }} gpu {{ $labels.gpu }} at {{ $value }}"


def promql(d):
    s = "%s{%s}" % (d["metric"], d["sel"])
    return {
        "avg": "avg_over_time(%s[1m]) > %s",
        "max": "max_over_time(%s[1m]) > %s",
        "last": "%s > %s",
        "rate": "rate(%s[1m]) > %s",
    }[d["kind"]] % (s, fmt(d["value"]))


def fmt(v):
    return ("%.1f" % v).rstrip("0").rstrip(".")


def write_rules(out):
    rules = [rule(r) for r in range(RULES)]
    with open(out + "/rules.yml", "w") as f:
        f.write("groups:\n")
        per = RULES // GROUPS
        for g in range(GROUPS):
            f.write("  - name: bench%d\n    interval: 1s\n    rules:\n" % g)
            for d in rules[g * per:(g + 1) * per]:
                f.write("      - alert: %s\n        expr: '%s'\n        for: %s\n" % (d["name"], promql(d), d["for_"]))
                f.write("        labels: {severity: warning}\n")
                f.write("        annotations: {summary: '%s'}\n" % SUMMARY)
    with open(out + "/alerts.toml", "w") as f:
        f.write("[packs]\ngpu = false\nhost = false\nsources = false\naccounting = false\n")
        for d in rules:
            f.write("\n[[rule]]\nname = \"%s\"\nseries = '%s{%s}'\n" % (d["name"], d["metric"], d["sel"]))
            if d["kind"] == "rate":
                f.write('condition = "rate"\nwindow = "1m"\n')
            elif d["kind"] == "last":
                f.write('condition = "threshold"\n')
            else:
                f.write('condition = "threshold"\naggregate = "%s"\nwindow = "1m"\n' % d["kind"])
            f.write('op = ">"\nvalue = %s\nfor = "%s"\nseverity = "warning"\nsummary = "%s"\n'
                    % (fmt(d["value"]), d["for_"], SUMMARY))


# ---------------------------------------------------------------------------------------------------- exporter
def serve(port, t0):
    walk = Walk()
    lock = threading.Lock()
    names = [metric_name(m) for m in range(METRICS)]
    label_text = [labels(i) for i in range(SERIES)]

    def body():
        with lock:
            walk.advance_to(max(0, int(time.time() - t0)))
            lines = []
            for m in range(METRICS):
                n = names[m]
                lines.append("# TYPE %s %s" % (n, "gauge" if m < GAUGES else "counter"))
                for i in range(m * PER_METRIC, (m + 1) * PER_METRIC):
                    lines.append("%s{%s} %r" % (n, label_text[i], walk.value(i)))
            lines.append("")
            return "\n".join(lines).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            b = body()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


# ---------------------------------------------------------------------------------------------------- poller
def scrape(url):
    import urllib.request
    out = {}
    with urllib.request.urlopen(url + "/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("#") or not line.startswith("prometheus_rule_"):
                continue
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    import os
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stats(xs):
    s = sorted(xs)
    p = lambda q: s[max(0, min(len(s) - 1, -(-int(q * len(s) * 1000) // 1000) - 1))]
    return "mean %.2f p50 %.2f p99 %.2f max %.2f n %d" % (sum(s) / len(s), p(0.5), p(0.99), s[-1], len(s))


def total(m, prefix):
    return sum(v for k, v in m.items() if k.startswith(prefix))


def poll(url, end, prom_pid, twin_pid, java_pid):
    first = scrape(url)
    cpu0 = (cpu_seconds(prom_pid), cpu_seconds(java_pid), time.time(), cpu_seconds(twin_pid))
    cycles, seen = [], set()
    next_t = time.time()
    while next_t + 1 <= end:
        next_t += 1
        time.sleep(max(0.0, next_t - time.time()))
        m = scrape(url)
        last = {k: v for k, v in m.items() if k.startswith("prometheus_rule_group_last_duration_seconds{")}
        stamp = tuple(v for k, v in sorted(m.items()) if k.startswith("prometheus_rule_group_last_evaluation_timestamp_seconds{"))
        if stamp in seen:
            continue  # no group evaluated since the last read
        seen.add(stamp)
        cycles.append(sum(last.values()) * 1000)
    last_m = scrape(url)
    cpu1 = (cpu_seconds(prom_pid), cpu_seconds(java_pid), time.time(), cpu_seconds(twin_pid))
    groups = len([k for k in last_m if k.startswith("prometheus_rule_group_last_duration_seconds{")])
    d = lambda name: total(last_m, name) - total(first, name)
    iters, missed = d("prometheus_rule_group_iterations_total"), d("prometheus_rule_group_iterations_missed_total")
    rules_evals = d("prometheus_rule_evaluation_duration_seconds_count")
    wall = cpu1[2] - cpu0[2]
    print("prometheus: %d groups, %d rules; %d group evaluations (%d missed), %d rule evaluations, %d failed, in %.0f s"
          % (groups, total(last_m, "prometheus_rule_group_rules{"), iters, missed, rules_evals,
             d("prometheus_rule_evaluation_failures_total"), wall))
    print("RESULT prometheus rule groups last duration, summed over groups, ms " + stats(cycles))
    per_group = d("prometheus_rule_group_duration_seconds_sum") / max(1, d("prometheus_rule_group_duration_seconds_count"))
    print("RESULT prometheus rule group duration summary mean x groups ms %.2f" % (per_group * groups * 1000))
    per_rule = d("prometheus_rule_evaluation_duration_seconds_sum") / max(1, rules_evals)
    print("RESULT prometheus rule evaluation summary mean x rules ms %.2f" % (per_rule * total(last_m, "prometheus_rule_group_rules{") * 1000))
    print("RESULT prometheus process cpu ms per s %.1f" % ((cpu1[0] - cpu0[0]) / wall * 1000))
    print("RESULT prometheus twin without rules process cpu ms per s %.1f" % ((cpu1[3] - cpu0[3]) / wall * 1000))
    rule_cpu = (cpu1[0] - cpu0[0]) - (cpu1[3] - cpu0[3])
    done = (iters - missed) / groups  # iterations_total counts the missed ones too
    print("RESULT prometheus rules cpu (process minus twin) ms per cycle %.1f (%.0f ms per s, %.2f cycles per s done)"
          % (rule_cpu / max(done, 1) * 1000, rule_cpu / wall * 1000, done / wall))
    print("RESULT gridscope process cpu ms per s %.1f" % ((cpu1[1] - cpu0[1]) / wall * 1000))


if __name__ == "__main__":
    if sys.argv[1] == "rules":
        write_rules(sys.argv[2])
    elif sys.argv[1] == "serve":
        serve(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "checksum":
        w = Walk()
        w.advance_to(int(sys.argv[2]))
        print(repr(sum(w.value(i) for i in range(SERIES))))
    elif sys.argv[1] == "poll":
        poll(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        sys.exit(__doc__)
