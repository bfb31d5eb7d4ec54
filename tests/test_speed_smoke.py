"""The speed benchmark and the GPU scripts still run (small shapes, on the CPU)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_real, real_data_home

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _run(command, timeout):
    done = subprocess.run(
        command, cwd=REPO, env=ENV, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_speed_quick_run_writes_its_results(tmp_path):
    # One thread: the clock is then the process's CPU time, which a loaded machine
    # does not stretch.
    command = [sys.executable, "benchmarks/speed.py", "--quick", "--threads", "1"]
    _run([*command, "--out-dir", str(tmp_path)], 180)
    result = json.loads((tmp_path / "speed_quick.json").read_text())
    table = (tmp_path / "speed_quick.md").read_text()
    assert result["quick"] and result["threads"] == 1
    assert result["clock"] == "process CPU time"
    for key in ("ff", "cff", "reference"):
        assert result["training"]["seconds_per_epoch"][key] > 0
    # Same weights, same arithmetic: the all-label scorer and one pass per label agree.
    assert result["prediction"]["agreement"] == 1.0
    roofline = result["roofline"]
    assert 0 < roofline["flop_ratio"] < 1  # skff does less matmul work than the loop
    assert roofline["matmul_gflops"] > 0 and roofline["ratio"] > 0
    assert set(result["digits"]["accuracy"]) == {"ff", "cff", "mlp"}
    memory = result["memory"]
    assert memory["input_bytes"] == memory["rows"] * 784 * 4
    assert 0 <= memory["above_input_bytes"] < 1e9
    for measure in (
        "1. training",
        "2. prediction",
        "3. roofline",
        "4. digits",
        "5. predict",
        "6. throughput",
    ):
        assert measure in table
    runs = {r["name"]: r for r in result["throughput"]["runs"]}
    assert set(runs) == {"skff cpu", "MLPClassifier.partial_fit cpu"}
    assert all(r["rows_per_second"] > 0 for r in runs.values())


def test_gpu_timing_dry_run_times_both_variants_both_ways_and_the_reference():
    out = _run([sys.executable, "benchmarks/gpu_timing.py", "--dry-run"], 120)
    lines = out.splitlines()
    assert "reference loop:" in out
    for variant in ("ff", "cff"):
        for way in ("eager", "graphs"):
            line = next(x for x in lines if x.startswith(f"{variant} fp32 {way}:"))
            assert "ms/step" in line and "test error" in line and "x the reference" in line
        line = next(x for x in lines if x.startswith(f"{variant} fp32:"))
        assert "graphs" in line and "vs eager" in line and "target <= 0.1:" in line
    assert next(x for x in lines if x.startswith("predict ff fp32:")).endswith("met")
    profile = next(x for x in lines if x.startswith("profile ff fp32"))
    assert "ms/step eager" in profile and "captured: True" in profile


def test_throughput_dry_run_compares_with_mlp_partial_fit():
    out = _run([sys.executable, "benchmarks/throughput.py", "--dry-run"], 120)
    lines = out.splitlines()
    assert lines[0].startswith("throughput: 5,000 rows x 100 features")
    assert "x MLPClassifier" in next(x for x in lines if x.startswith("skff cpu:"))
    assert next(x for x in lines if x.startswith("MLPClassifier.partial_fit cpu:"))


@pytest.mark.slow
@needs_real("mnist")  # its skff bench rows train on MNIST, which the tests never download
def test_gpu_check_script_dry_run_writes_its_report(tmp_path):
    report = tmp_path / "gpu.txt"
    env = {
        **ENV,
        "GPU_CHECK_OUT": str(report),
        "GPU_BENCH_OUT": str(tmp_path / "paper_gpu.json"),
        # The real data home, given: unset, the script would use (and a download would
        # create) shared/data beside the clone. Nothing listens on port 9: no download.
        "SKFF_DATA_HOME": str(real_data_home()),
        "SKFF_DATA_URL": "http://127.0.0.1:9",
        "TMPDIR": str(tmp_path),  # the script's mktemp files
    }
    done = subprocess.run(
        ["bash", "benchmarks/gpu_check.sh", "--dry-run"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text()
    assert "## CUDA tests" in text and "pytest exit status: 0" in text
    assert "gpu_timing exit status: 0" in text and "cff fp32:" in text
    assert "throughput exit status: 0" in text and "skff cpu:" in text
    assert "compile experiment exit status: 0" in text
    # The three paper-scale runs of skff bench (cff, ff, backprop): each must succeed.
    bench = [line for line in text.splitlines() if line.startswith("bench exit status:")]
    assert len(bench) == 3 and all(line.startswith("bench exit status: 0 ") for line in bench), (
        "\n".join(bench) + "\n" + text[-3000:]
    )
