"""Reliability of ``skff bench`` and ``skff demo`` (issue 12, item 6).

Every bad argument is refused before any data is loaded, with one line on
stderr and exit status 2; a results file that is not made of rows is refused
with its path and line and left as it is; explicit options win over
``--quick``. Everything runs on generated data, without the network.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import write_fake_npz

from skff import datasets
from skff.bench import read_rows
from skff.cli import main

ONE_ROW = ["--quick", "--datasets", "mnist", "--methods", "ff", "--schedules", "network"]
ONE_ROW += ["--train-rows", "100", "--test-rows", "50", "--device", "cpu"]
ROW = {
    "dataset": "mnist",
    "method": "ff",
    "schedule": "network",
    "depth": 3,
    "width": 8,
    "epochs": 1,
    "test_error": 50.0,
    "seconds": 1.0,
}


def _run(argv, capsys):
    """Exit status, stdout and stderr of ``skff <argv>``."""
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """An empty data home whose downloads fail at once: loading any data is an error."""
    home = tmp_path / "no_data"
    home.mkdir()
    monkeypatch.setenv("SKFF_DATA_HOME", str(home))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")
    return home


@pytest.fixture
def fake_data(tmp_path, monkeypatch):
    """A data home with a small generated mnist.npz, which the loader accepts."""
    home = tmp_path / "data"
    home.mkdir()
    monkeypatch.setitem(datasets.SHA256, "mnist", (write_fake_npz(home / "mnist.npz"),))
    monkeypatch.setenv("SKFF_DATA_HOME", str(home))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")
    return home


# ------------------------------------------------- bad arguments, up front
@pytest.mark.parametrize(
    "option, value, expected",
    [
        ("--epochs", "0", "expected a positive integer, got '0'"),
        ("--width", "-1", "expected a positive integer, got '-1'"),
        ("--depth", "0", "expected a positive integer"),
        ("--batch-size", "0", "expected a positive integer"),
        ("--device", "tpu", "'tpu'"),
        ("--train-rows", "5", "expected an integer of at least 10 (one row per class)"),
        ("--test-rows", "-1", "expected a positive integer, got '-1'"),
        ("--test-rows", "0", "expected a positive integer, got '0'"),
        ("--lr", "0", "expected a positive number"),
        ("--backprop-lr", "nan", "expected a positive number"),
        ("--label-scale", "-20", "expected a positive number"),
        ("--threshold", "inf", "expected a finite number"),
        ("--seed", "-1", "expected an integer from 0 to 4294967295"),
        ("--threshold-for", "cff:2", "METHOD=THETA"),
        # Issue 20: a malformed address was found only after the data had loaded.
        ("--scheduler", "127.0.0.1", "[SCHEME://]HOST:PORT"),
        ("--scheduler", "tcp://", "such as tcp://HOST:8786"),
        ("--scheduler", "tcp://host:port", "[SCHEME://]HOST:PORT"),
        ("--scheduler", "http://host:8786", "unknown scheme 'http'"),
        ("--scheduler", "tcp://host:70000", "port 70000 is not from 1 to 65535"),
        ("--scheduler", "tcp://my host:8786", "[SCHEME://]HOST:PORT"),
        ("--scheduler", "", "or 'local'"),
    ],
)
def test_bench_refuses_a_bad_argument_before_loading_data(
    tmp_path, capsys, no_data, option, value, expected
):
    out = tmp_path / "rows.jsonl"
    status, stdout, err = _run(["bench", *ONE_ROW, option, value, "--out", str(out)], capsys)
    line = _one_line(err)
    assert status == 2
    assert line.startswith("skff bench: error: argument ") and option in line
    assert expected in line
    assert stdout == "" and not out.exists()


def test_bench_bad_argument_exits_with_status_2_from_the_shell(tmp_path, no_data):
    result = subprocess.run(
        [sys.executable, "-m", "skff.cli", "bench", "--width", "-1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("skff bench: error: argument --width")


def test_demo_refuses_a_negative_random_state_before_its_header(capsys):
    for seed in ("-1", str(2**32)):
        status, stdout, err = _run(["demo", "--random-state", seed], capsys)
        assert status == 2 and stdout == ""
        assert "argument --random-state: expected an integer from 0" in _one_line(err)


def test_bench_without_a_data_set_stops_before_the_first_row(tmp_path, capsys, fake_data):
    # mnist.npz is there, fashion_mnist.npz is not and has no download location.
    out = tmp_path / "rows.jsonl"
    argv = ["bench", *ONE_ROW, "--datasets", "mnist", "fashion_mnist", "--out", str(out)]
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SKFF_DATA_URL")
        status, _, err = _run(argv, capsys)
    line = _one_line(err)
    assert status == 1
    assert line.startswith("skff bench: error: fashion_mnist.npz is not in the data home")
    assert "$SKFF_DATA_URL" in line
    assert not out.exists()  # no mnist row was run first


# -------------------------------------------------- results files (--out)
def _garbage_in_the_middle():
    return json.dumps(ROW) + "\nnot json at all\n" + json.dumps({**ROW, "depth": 4}) + "\n"


@pytest.mark.parametrize(
    "name, content, where",
    [
        ("rows.jsonl", json.dumps(ROW) + "\n42\n", "rows.jsonl, line 2: '42' is not a JSON object"),
        ("rows.jsonl", _garbage_in_the_middle(), "rows.jsonl, line 2: 'not json at all' is not"),
        ("rows.jsonl", '{"i": 1}\n', "rows.jsonl, line 1: not a row of skff bench: it lacks"),
        ("rows.json", '{"rows": []}', "rows.json: holds a JSON dict, not a list of rows"),
        ("rows.json", "[1, 2]", "rows.json, item 1 of the list: '1' is not a JSON object"),
        ("rows.json", "results:\n - 1\n", "rows.json, line 1, column 1: not valid JSON"),
        ("rows.jsonl", None, "rows.jsonl is a folder"),
    ],
)
def test_bench_refuses_a_malformed_results_file_and_leaves_it(
    tmp_path, capsys, fake_data, name, content, where
):
    out = tmp_path / name
    if content is None:
        out.mkdir()
    else:
        out.write_text(content)
    before = None if content is None else (out.read_bytes(), out.stat().st_mtime_ns)
    status, stdout, err = _run(["bench", *ONE_ROW, "--out", str(out)], capsys)
    line = _one_line(err)
    assert status == 2
    assert line.startswith(f"skff bench: error: {tmp_path}")
    assert where in line
    if before is not None:
        assert (out.read_bytes(), out.stat().st_mtime_ns) == before
    assert stdout == ""


def test_bench_reports_a_last_line_cut_short_and_replaces_it(tmp_path, capsys, fake_data):
    out = tmp_path / "rows.jsonl"
    out.write_text(json.dumps(ROW) + "\n" + '{"dataset": "mni')
    status, _, err = _run(["bench", *ONE_ROW, "--out", str(out)], capsys)
    assert status == 0
    assert f"skff bench: warning: {out}, line 2, was cut short by an interruption" in err
    lines = out.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[0]) == ROW
    assert json.loads(lines[1])["width"] == 128  # the new row, where the fragment was
    assert read_rows(out)[0] == ROW


def test_bench_cannot_write_its_results_says_so_before_loading_data(
    tmp_path, capsys, no_data, read_only
):
    folder = tmp_path / "results"
    folder.mkdir()
    read_only(folder)
    status, _, err = _run(["bench", *ONE_ROW, "--out", str(folder / "rows.jsonl")], capsys)
    line = _one_line(err)
    assert status == 2
    assert f"cannot write to --out {folder / 'rows.jsonl'}: permission denied" in line
    assert ".lock" not in line


# --------------------------------------------------------------- --quick
def test_explicit_options_win_over_quick(tmp_path, capsys, fake_data):
    out = tmp_path / "rows.jsonl"
    argv = ["bench", *ONE_ROW, "--width", "500", "--epochs", "15", "--out", str(out)]
    status, _, _ = _run(argv, capsys)
    assert status == 0
    (row,) = read_rows(out)
    assert (row["width"], row["epochs"], row["train_rows"]) == (500, 15, 100)
    assert "--width 500 --epochs 15" in row["command"]


def test_bench_takes_nearly_all_training_rows_without_a_traceback(tmp_path, capsys, fake_data):
    # 400 generated training rows: leaving out 5 is too few to stratify what is left out.
    out = tmp_path / "rows.jsonl"
    argv = ["bench", *ONE_ROW, "--train-rows", "395", "--out", str(out)]
    status, _, err = _run(argv, capsys)
    assert status == 0, err
    (row,) = read_rows(out)
    assert row["train_rows"] == 395


# ------------------------------------------------------------------- Ctrl-C
INTERRUPTIBLE = """
import faulthandler, signal, sys
faulthandler.register(signal.SIGUSR1)  # the test asks for the stacks when it waits too long
# Python leaves SIGINT ignored when its parent ignored it, as a shell does for a command it
# runs in the background (nohup, '&' without job control): the user's terminal does not.
signal.signal(signal.SIGINT, signal.default_int_handler)
from skff import datasets
datasets.SHA256["mnist"] = (sys.argv[1],)  # the generated file of the test
from skff.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_ctrl_c_during_bench_says_rerun_to_resume_with_status_130(tmp_path):
    # Issue 20: Ctrl-C printed a 17-frame traceback and ended with status 1.
    home = tmp_path / "data"
    home.mkdir()
    digest = write_fake_npz(home / "mnist.npz")
    out = tmp_path / "rows.jsonl"
    # Many epochs: the row is still being fitted when the signal comes.
    argv = ["bench", *ONE_ROW, "--width", "32", "--epochs", "100000", "--out", str(out)]
    env = {
        **os.environ,
        "SKFF_DATA_HOME": str(home),
        "SKFF_DATA_URL": "http://127.0.0.1:9",
        "OMP_NUM_THREADS": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTIBLE, digest, *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.extend(iter(lambda: proc.stderr.read1(), b"")))
    reader.start()
    try:
        deadline = time.monotonic() + 120
        # The progress bar names the row once its fit has started.
        while b"mnist ff/network" not in b"".join(err):
            assert proc.poll() is None, b"".join(err).decode()
            assert time.monotonic() < deadline, "skff bench did not start its row"
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        try:
            status = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGUSR1)  # every thread's stack, to stderr
            time.sleep(2)
            proc.kill()
            reader.join(timeout=10)
            pytest.fail("no exit 60 s after Ctrl-C; stderr:\n" + b"".join(err).decode()[-6000:])
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    text = b"".join(err).decode()
    assert status == 130, text
    assert "Traceback" not in text
    lines = [line for line in text.replace("\r", "\n").splitlines() if line.strip()]
    assert lines[-1] == "skff bench: interrupted; rerun to resume"
    assert not out.exists() or read_rows(out) == []  # no half row


def test_ctrl_c_in_any_subcommand_ends_with_one_line_and_status_130(capsys, monkeypatch):
    import skff.demo

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(skff.demo, "run", interrupted)
    status, stdout, err = _run(["demo"], capsys)
    assert status == 130 and stdout == ""
    assert _one_line(err) == "skff demo: interrupted"
