#!/usr/bin/env python3
"""Writes a large, valid exposition payload shaped like node_exporter + dcgm-exporter output.

usage: gen_payload.py OUT_FILE TARGET_MB [prometheus|openmetrics]
"""
import random
import sys

out, target_mb = sys.argv[1], float(sys.argv[2])
fmt = sys.argv[3] if len(sys.argv) > 3 else "prometheus"
limit = int(target_mb * 1e6)
rnd = random.Random(42)
written = 0
family = 0
with open(out, "w", encoding="utf-8") as f:
    def w(s):
        global written
        f.write(s)
        written += len(s)
    while written < limit:
        family += 1
        kind = family % 4
        if kind == 0:
            name = f"node_cpu_seconds_{family}"
            meta = name if fmt == "openmetrics" else f"{name}_total"  # 0.0.4 names the counter with _total
            w(f"# HELP {meta} Seconds the CPUs spent in each mode.\n# TYPE {meta} counter\n")
            sample = f"{name}_total"
            for cpu in range(64):
                for mode in ("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"):
                    w(f'{sample}{{cpu="{cpu}",mode="{mode}"}} {rnd.uniform(0, 1e7):.2f}\n')
        elif kind == 1:
            name = f"DCGM_FI_DEV_POWER_USAGE_{family}"
            w(f"# HELP {name} Power draw (in W).\n# TYPE {name} gauge\n")
            for gpu in range(64):
                w(f'{name}{{gpu="{gpu}",UUID="GPU-{gpu:08x}-1111-2222-3333-444455556666",device="nvidia{gpu}",'
                  f'modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-node-{family % 97}",'
                  f'DCGM_FI_DRIVER_VERSION="550.54.15"}} {rnd.uniform(50, 700):.3f}\n')
        elif kind == 2:
            name = f"http_request_duration_seconds_{family}"
            w(f"# HELP {name} Request latency.\n# TYPE {name} histogram\n")
            for handler in ("/api", "/metrics", "/query", "/ui"):
                c = 0
                for le in ("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"):
                    c += rnd.randint(0, 1000)
                    w(f'{name}_bucket{{handler="{handler}",le="{le}"}} {c}\n')
                w(f'{name}_sum{{handler="{handler}"}} {rnd.uniform(0, 1e4):.4f}\n')
                w(f'{name}_count{{handler="{handler}"}} {c}\n')
        else:
            name = f"node_filesystem_avail_bytes_{family}"
            w(f"# HELP {name} Filesystem space available.\n# TYPE {name} gauge\n")
            for i in range(32):
                w(f'{name}{{device="/dev/nvme{i}n1p1",fstype="ext4",mountpoint="/data/vol{i}"}} {rnd.randint(0, 2**40)}\n')
    if fmt == "openmetrics":
        w("# EOF\n")
