#!/usr/bin/env bash
# The GPUs page screenshots (docs/screenshots/gpus.png and gpus-dark.png) on a machine without a GPU.
#
#   scripts/screenshot-gpus.sh [--history SECONDS] [--wait SECONDS]
#
# GPU figures come from the fake libnvidia-ml.so.1 of the collectors' tests (three GPUs, the second in MIG mode with
# two instances), loaded through the same JNA path as the real driver. A few minutes of history are collected first
# (`./gridscope collect`) while the fake's load varies, so the charts show more than a flat start; two stand-in
# Python processes give the process table real commands. PCIe throughput has history only for the time the page is
# shown: the console reads it only then.
#
# Needs what scripts/screenshot.sh needs, plus gcc (for the fake library) and python3.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
history_s=240; wait_s=40
while (($#)); do
  case "$1" in
    --history) history_s="$2"; shift 2 ;;
    --wait) wait_s="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

lib="$ROOT/collectors/target/fake-nvml/libnvidia-ml.so.1"
bash "$ROOT/collectors/src/test/c/fake-nvml/build.sh" "$ROOT/collectors/target/fake-nvml" >/dev/null
[[ -f "$lib" ]] || { echo "screenshot-gpus: the fake NVML library was not built (gcc missing?)" >&2; exit 3; }

tmp="$(mktemp -d -t gridscope-gpus.XXXXXX)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Stand-ins for a training job on GPU 0 and an inference server on the first MIG instance of GPU 1.
printf 'import time\ntime.sleep(3600)\n' >"$tmp/train.py"
cp "$tmp/train.py" "$tmp/serve.py"
(cd "$tmp" && exec python3 train.py --model llama-8b --epochs 90 --batch-size 64) & pids+=($!); train_pid=$!
(cd "$tmp" && exec python3 serve.py --model qwen2.5-7b --port 8000) & pids+=($!); serve_pid=$!

template="$ROOT/collectors/src/test/resources/fake-nvml/three-gpus.scenario"
scenario="$tmp/scenario.txt"
# Rewrites the scenario every second (atomically: the fake re-reads it when it changes) with a slowly varying load.
vary() {
  local t=0
  while :; do
    awk -v t="$t" -v train="$train_pid" -v serve="$serve_pid" '
      function wave(base, amp, period, phase) { return sprintf("%.0f", base + amp * sin(6.2832 * (t + phase) / period)) }
      { gsub("@PID@", train); gsub("424242", serve) }
      /^gpu\.0\.util_gpu=/ { $0 = "gpu.0.util_gpu=" wave(78, 15, 50, 0) }
      /^gpu\.0\.power_mw=/ { $0 = "gpu.0.power_mw=" wave(600000, 80000, 50, 0) }
      /^gpu\.0\.temp=/ { $0 = "gpu.0.temp=" wave(61, 3, 90, 10) }
      /^gpu\.0\.pcie_rx_kbs=/ { $0 = "gpu.0.pcie_rx_kbs=" wave(9000000, 6000000, 23, 0) }
      /^gpu\.0\.pcie_tx_kbs=/ { $0 = "gpu.0.pcie_tx_kbs=" wave(2500000, 1500000, 31, 5) }
      /^gpu\.1\.power_mw=/ { $0 = "gpu.1.power_mw=" wave(430000, 40000, 70, 20) }
      /^gpu\.1\.temp=/ { $0 = "gpu.1.temp=" wave(54, 2, 80, 0) }
      /^gpu\.1\.pcie_width=/ { print; print "gpu.1.pcie_rx_kbs=" wave(3000000, 2000000, 37, 3);
                               $0 = "gpu.1.pcie_tx_kbs=" wave(800000, 500000, 29, 7) }
      /^mig\.1\.0\.mem_used=/ { $0 = "mig.1.0.mem_used=" wave(18000000000, 4000000000, 120, 0) }
      /^mig\.1\.1\.mem_used=/ { $0 = "mig.1.1.mem_used=" wave(6000000000, 1000000000, 100, 30) }
      { print }' "$template" >"$scenario.tmp"
    mv -f "$scenario.tmp" "$scenario"
    t=$((t + 1))
    sleep 1
  done
}
vary & pids+=($!)
sleep 1

export FAKE_NVML_SCENARIO="$scenario"
export GRIDSCOPE_JAVA_OPTS="-Dgridscope.nvml.library=$lib ${GRIDSCOPE_JAVA_OPTS:-}"
data="$tmp/data"
echo "screenshot-gpus: collecting ${history_s} s of history..."
XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" \
  "$ROOT/gridscope" collect --data-dir "$data" --duration "${history_s}s" >"$tmp/collect.log" 2>&1 \
  || { cat "$tmp/collect.log" >&2; exit 1; }
"$ROOT/scripts/screenshot.sh" "$ROOT/docs/screenshots/gpus.png" --page GPUS --wait "$wait_s" -- --data-dir "$data"
"$ROOT/scripts/screenshot.sh" "$ROOT/docs/screenshots/gpus-dark.png" --page GPUS --dark --wait "$wait_s" \
  -- --data-dir "$data"
