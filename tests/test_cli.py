"""Tests of the ``skff`` command line and of ``skff demo``."""

import subprocess
import sys

import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skff import demo
from skff.cli import SUBCOMMANDS, main

QUICK = ["demo", "--max-iter", "3", "--width", "16", "--device", "cpu", "--random-state", "1"]


def _table_rows(stdout):
    """Rows of the demo's table: {method: (accuracy, seconds)}."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["method", "accuracy"])
    rows = {}
    for line in lines[header + 2 :]:
        if not line.strip():
            break
        name, accuracy, seconds, unit = line.split()
        assert unit == "s"
        rows[name] = (float(accuracy), float(seconds))
    return rows


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: skff")
    for name, (_, help_text) in SUBCOMMANDS.items():
        assert name in out
        assert help_text in out


def test_no_subcommand_prints_help(capsys):
    assert main([]) == 0
    assert "demo" in capsys.readouterr().out


def test_console_entry_point_help():
    result = subprocess.run(
        [sys.executable, "-m", "skff.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout


def test_demo_prints_table_matching_independent_fits(capsys):
    assert main([*QUICK, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "sklearn digits" in captured.out
    rows = _table_rows(captured.out)
    assert list(rows) == ["FF", "CFF", "backprop"]

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    for name, estimator in demo.methods(max_iter=3, width=16, device="cpu", random_state=1):
        accuracy, seconds = rows[name]
        expected = make_pipeline(StandardScaler(), estimator).fit(X_train, y_train)
        assert accuracy == pytest.approx(expected.score(X_test, y_test), abs=5e-5)
        assert seconds >= 0.0


def test_demo_shows_progress_on_stderr(capsys):
    assert main(QUICK) == 0
    captured = capsys.readouterr()
    for index, name in enumerate(["FF", "CFF", "backprop"], start=1):
        assert f"[{index}/3] fitting {name}" in captured.err
    assert "skff ff" in captured.err and "epoch" in captured.err  # the tqdm bar
    assert "fitting" not in captured.out
    assert list(_table_rows(captured.out)) == ["FF", "CFF", "backprop"]


def test_demo_rejects_non_positive_max_iter(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--max-iter", "0"])
    assert exit_info.value.code == 2
    assert "positive integer" in capsys.readouterr().err


def test_demo_reports_unusable_device(capsys):
    assert main(["demo", "--device", "gpu", "--quiet"]) == 2
    captured = capsys.readouterr()
    assert "'gpu'" in captured.err
    assert captured.out == ""


def test_format_table_aligns_columns():
    table = demo.format_table(
        [demo.DemoResult("FF", 0.97037, 1.234), demo.DemoResult("backprop", 0.5, 10.0)]
    )
    lines = table.splitlines()
    assert lines[0].split() == ["method", "accuracy", "fit", "time"]
    assert lines[2] == "FF          0.9704    1.23 s"
    assert lines[3] == "backprop    0.5000   10.00 s"
    assert len({len(line) for line in lines}) == 1
