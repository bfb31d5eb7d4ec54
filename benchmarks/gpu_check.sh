#!/usr/bin/env bash
# The GPU check of issue 4, in under 8 minutes on one GPU: the CUDA tests, then
# Hinton's MNIST setup (4 x 2000, batch 100, 60 epochs, ff and cff) timed with
# benchmarks/gpu_timing.py next to the reference loop on the same card.
# Everything printed is also written to benchmarks/results/gpu_<card>.txt
# (or to $GPU_CHECK_OUT).
#
#   bash benchmarks/gpu_check.sh              # on a GPU machine, from anywhere
#   bash benchmarks/gpu_check.sh --dry-run    # on a CPU: small shapes, checks the script
#
# Arguments after the script name go to gpu_timing.py.
set -uo pipefail
cd "$(dirname "$0")/.."
export SKFF_DATA_HOME="${SKFF_DATA_HOME:-$(cd .. && pwd)/shared/data}"
PYTHON="${PYTHON:-python3}"

card=$("$PYTHON" -c 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu")')
slug=$(printf '%s' "$card" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '_' | sed 's/^_*//; s/_*$//')
out="${GPU_CHECK_OUT:-benchmarks/results/gpu_${slug}.txt}"
mkdir -p "$(dirname "$out")"

{
    echo "# skff GPU check: $card, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
    echo
    echo "## CUDA tests: pytest -m cuda tests/test_cuda.py"
    start=$(date +%s)
    timeout 200 "$PYTHON" -m pytest -m cuda tests/test_cuda.py -q -p no:cacheprovider 2>&1 | tail -n 25
    echo "pytest exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
    echo
    echo "## Hinton's setup: benchmarks/gpu_timing.py $*"
    start=$(date +%s)
    timeout 360 "$PYTHON" benchmarks/gpu_timing.py "$@" 2>&1
    echo "gpu_timing exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
} | tee "$out"
echo "written to $out"
