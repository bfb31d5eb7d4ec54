#!/usr/bin/env bash
# The GPU check, in under 8 minutes on one GPU:
#   1. the CUDA tests (tests/test_cuda.py), the CUDA-graph tests among them;
#   2. the GPU timing: Hinton's MNIST setup (4 x 2000, batch 100, 60 epochs,
#      ff and cff, fp32 and tf32, each with and without CUDA graphs) with
#      benchmarks/gpu_timing.py, next to the reference loop on the same card:
#      seconds and ms per step, graphs against eager (time and test error),
#      a profile line (kernel time against wall time per step) and the
#      prediction time of the 10,000 test rows;
#   3. throughput at scale: one epoch over 1,000,000 synthetic rows x 100
#      features at 2 x 256 on the GPU, with and without graphs, against
#      MLPClassifier.partial_fit on the same rows (benchmarks/throughput.py);
#   4. an experiment: the profile's step with its body compiled by
#      torch.compile (fused kernels in skff's capture; mode reduce-overhead
#      with PyTorch's own graphs instead), against skff's capture alone;
#   5. the paper-scale rows: skff bench on the GPU with 4 x 2000 and
#      60 epochs, Fashion-MNIST first, then MNIST, as far as the time allows
#      (each finished row is written at once, so a cut run keeps its rows;
#      all rows take about 15 minutes: GPU_CHECK_BUDGET=1200 lets them finish).
# Everything printed is also written to benchmarks/results/gpu_<card>.txt
# (or to $GPU_CHECK_OUT); the bench rows go to $GPU_BENCH_OUT
# (benchmarks/results/paper_gpu.json by default).
#
#   bash benchmarks/gpu_check.sh              # on a GPU machine, from anywhere
#   bash benchmarks/gpu_check.sh --dry-run    # on a CPU: small shapes, checks the script
#
# MNIST and Fashion-MNIST are read from $SKFF_DATA_HOME; unset, from shared/data
# beside the repository (the layout of this project's CI).
#
# Arguments after the script name go to gpu_timing.py. THROUGHPUT_ROWS sets the
# rows of step 3 (default 1000000).
set -uo pipefail
cd "$(dirname "$0")/.."
export SKFF_DATA_HOME="${SKFF_DATA_HOME:-$(cd .. && pwd)/shared/data}"
export PYTHONUNBUFFERED=1
PYTHON="${PYTHON:-python3}"
# Seconds for the whole check; each step gets what is left, capped.
BUDGET="${GPU_CHECK_BUDGET:-460}"
started=$(date +%s)
left() { echo $(( BUDGET - ($(date +%s) - started) )); }
cap() { local l; l=$(left); echo $(( l < $1 ? (l > 1 ? l : 1) : $1 )); }

card=$("$PYTHON" -c 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu")')
slug=$(printf '%s' "$card" | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '_' | sed 's/^_*//; s/_*$//')
out="${GPU_CHECK_OUT:-benchmarks/results/gpu_${slug}.txt}"
bench_out="${GPU_BENCH_OUT:-benchmarks/results/paper_gpu.json}"
mkdir -p "$(dirname "$out")" "$(dirname "$bench_out")"

# CFF-gamma first (the row the targets are about), then FF and CFF-gamma<t, then
# the backprop rows; all at the estimator's defaults (hard negatives,
# label_scale "auto", Adam 0.01 with the one-epoch warm-up, which keeps CFF-gamma's
# first layers alive at 4 x 2000; before it, 0.01 killed them).
paper=(--datasets fashion_mnist mnist --schedules network --depth 4 --width 2000 --epochs 60
    --batch-size 100 --threshold 8 --lr 0.01)
cff_args=(--device cuda "${paper[@]}" --methods cff)
ff_args=(--device cuda "${paper[@]}" --methods ff cff_prev)
bp_args=(--device cuda "${paper[@]}" --methods backprop)
throughput_args=(--devices cuda --rows "${THROUGHPUT_ROWS:-1000000}")
compile_args=(--profile-only --variants ff --precisions tf32 --compile default reduce-overhead)
if [[ " $* " == *" --dry-run "* ]]; then
    throughput_args=(--dry-run)
    # Compiling on a CPU takes minutes: the dry run checks the profile-only mode alone.
    compile_args=(--dry-run --profile-only)
    ff_args=(--device cpu --quick --datasets mnist --methods cff_prev --schedules network)
    cff_args=(--device cpu --quick --datasets mnist --methods cff --schedules network)
    bp_args=(--device cpu --quick --datasets mnist --methods backprop)
    bench_out="${GPU_BENCH_OUT:-$(mktemp -d)/paper_gpu.json}"
fi

run_bench() {
    echo "## Paper scale: skff bench $* --out $bench_out"
    local start status log
    start=$(date +%s)
    log=$(mktemp)
    # tqdm's bar redraws go to the log, shown only when the run failed.
    timeout "$(cap 600)" "$PYTHON" -m skff.cli bench "$@" --out "$bench_out" 2>"$log"
    status=$?
    echo "bench exit status: $status ($(( $(date +%s) - start )) s; 124: the time ran out, finished rows are kept)"
    if [[ $status != 0 && $status != 124 ]]; then tail -n 20 "$log"; fi
    rm -f "$log"
    echo
}

{
    echo "# skff GPU check: $card, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if git rev-parse --git-dir >/dev/null 2>&1; then
        echo "# git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')"
    else
        echo "# git: ${SKFF_GIT_REV:-unknown} (a copy of the tree without .git)"
    fi
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
    "$PYTHON" -c 'import sys, torch, sklearn; print(f"python {sys.version.split()[0]}, torch {torch.__version__}, scikit-learn {sklearn.__version__}")'
    echo
    echo "## CUDA tests: pytest -m cuda tests/test_cuda.py"
    start=$(date +%s)
    timeout "$(cap 100)" "$PYTHON" -m pytest -m cuda tests/test_cuda.py -q -p no:cacheprovider 2>&1 | tail -n 25
    echo "pytest exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
    echo
    echo "## Hinton's setup: benchmarks/gpu_timing.py $*"
    start=$(date +%s)
    timeout "$(cap 290)" "$PYTHON" benchmarks/gpu_timing.py --budget 250 "$@" 2>&1
    echo "gpu_timing exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
    echo
    echo "## Throughput: benchmarks/throughput.py ${throughput_args[*]}"
    start=$(date +%s)
    timeout "$(cap 90)" "$PYTHON" benchmarks/throughput.py "${throughput_args[@]}" 2>&1
    echo "throughput exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
    echo
    echo "## Experiment: benchmarks/gpu_timing.py ${compile_args[*]}"
    start=$(date +%s)
    timeout "$(cap 150)" "$PYTHON" benchmarks/gpu_timing.py "${compile_args[@]}" 2>&1 | grep -v "torch/_dynamo"
    echo "compile experiment exit status: ${PIPESTATUS[0]} ($(( $(date +%s) - start )) s)"
    echo
    run_bench "${cff_args[@]}"
    run_bench "${ff_args[@]}"
    run_bench "${bp_args[@]}"
    echo "## All paper-scale rows in $bench_out"
    "$PYTHON" -c 'import sys; from pathlib import Path; from skff.bench import format_table, read_rows; print(format_table(read_rows(Path(sys.argv[1]))))' "$bench_out"
} | tee "$out"
echo "written to $out"
