"""``skff bench``: output schema of --quick, resuming, option checks.

Everything runs on small generated data sets in the loaders' format (see
``conftest.py``), so these tests need neither the network nor the shared data.
"""

from __future__ import annotations

import json

import pytest
from conftest import write_cifar_archive, write_fake_npz

from skff import __version__, datasets
from skff.bench import PAIRWISE_LR, read_rows, row_key
from skff.cli import main

SCHEMA = {
    "dataset": str,
    "method": str,
    "schedule": str,
    "depth": int,
    "width": int,
    "epochs": int,
    "batch_size": int,
    "test_error": float,
    "seconds": float,
    "device": str,
    "seed": int,
    "skff_version": str,
    "command": str,
}


@pytest.fixture(scope="module")
def fake_home(tmp_path_factory):
    """A data home with a small generated mnist.npz; its sha256."""
    home = tmp_path_factory.mktemp("data")
    return home, write_fake_npz(home / "mnist.npz", n_train=400, n_test=250)


def _tiny(home):
    quick = ["--quick", "--datasets", "mnist", "--train-rows", "300", "--test-rows", "200"]
    return [*quick, "--data-home", str(home)]


@pytest.fixture
def tiny(fake_home, monkeypatch):
    """The options of a quick run on the generated data, which the loader accepts meanwhile."""
    home, digest = fake_home
    monkeypatch.setitem(datasets.SHA256, "mnist", (digest,))
    return _tiny(home)


@pytest.fixture(scope="module")
def quick_rows(tmp_path_factory, fake_home):
    home, digest = fake_home
    out = tmp_path_factory.mktemp("bench") / "rows.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(datasets.SHA256, "mnist", (digest,))
        assert main(["bench", *_tiny(home), "--out", str(out)]) == 0
    return out, read_rows(out)


def test_quick_writes_every_method_and_schedule_with_the_schema(quick_rows):
    _, rows = quick_rows
    pairs = sorted((r["method"], r["schedule"]) for r in rows)
    expected = [("backprop", "network"), ("backprop_pairwise", "network")] + [
        (m, s) for m in ("cff", "cff_prev", "ff") for s in ("layer", "network")
    ]
    assert pairs == sorted(expected)
    for row in rows:
        for name, kind in SCHEMA.items():
            assert isinstance(row[name], kind), (name, row[name])
        assert row["dataset"] == "mnist"
        assert (row["depth"], row["width"], row["epochs"]) == (2, 128, 5)
        assert 0.0 <= row["test_error"] <= 100.0
        assert row["train_rows"] == 300 and row["test_rows"] == 200
        assert row["skff_version"] == __version__
        assert row["command"].startswith("skff bench --datasets mnist")
        if row["method"] != "backprop":
            assert (row["negatives"], row["label_scale"]) == ("hard", "auto")
            assert "--negatives hard --label-scale auto" in row["command"]
            assert len(row["layer_test_error"]) == 2
            assert row["layer_test_error"][-1] == pytest.approx(row["test_error"])
        if row["method"] == "backprop_pairwise":
            assert row["learning_rate_init"] == PAIRWISE_LR
            assert f"--pairwise-lr {PAIRWISE_LR:g}" in row["command"]


def test_rerun_skips_finished_rows_and_completes_missing_ones(quick_rows, tiny, tmp_path):
    _, rows = quick_rows
    out = tmp_path / "resume.jsonl"
    kept = rows[:4]
    # Four finished rows and a fifth cut short by an interruption.
    out.write_text("".join(json.dumps(r) + "\n" for r in kept) + '{"dataset": "mni')
    assert main(["bench", *tiny, "--out", str(out)]) == 0
    resumed = read_rows(out)
    assert len(resumed) == len(rows)
    assert resumed[:4] == kept  # untouched, not rerun
    assert main(["bench", *tiny, "--out", str(out)]) == 0
    assert read_rows(out) == resumed  # nothing left to run


def test_json_list_output_resumes_too(tiny, tmp_path):
    out = tmp_path / "rows.json"
    args = ["bench", *tiny, "--methods", "ff", "--schedules", "network", "--out", str(out)]
    assert main([*args, "--threshold", "4"]) == 0
    first = json.loads(out.read_text())
    assert len(first) == 1 and first[0]["method"] == "ff"
    assert main([*args, "--threshold", "4", "2"]) == 0
    second = json.loads(out.read_text())
    assert second[0] == first[0]
    assert sorted(r["threshold"] for r in second) == [2.0, 4.0]


def test_bad_threshold_override_is_explained(tiny, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["bench", *tiny, "--threshold-for", "cff:2", "--out", str(tmp_path / "x.jsonl")])
    assert info.value.code == 2
    assert "METHOD=THETA" in capsys.readouterr().err


def test_pairwise_rows_take_their_own_step_size_and_threshold(tiny, tmp_path):
    out = tmp_path / "rows.jsonl"
    args = ["bench", *tiny, "--methods", "ff", "backprop_pairwise", "--schedules", "layer"]
    args += ["--pairwise-lr", "0.003", "--threshold-for", "backprop_pairwise=3"]
    assert main([*args, "--out", str(out)]) == 0
    rows = {r["method"]: r for r in read_rows(out)}
    # One backward pass through all layers: no greedy schedule for the pairwise control.
    assert (rows["ff"]["schedule"], rows["backprop_pairwise"]["schedule"]) == ("layer", "network")
    assert rows["ff"]["learning_rate_init"] == 0.01
    assert rows["backprop_pairwise"]["learning_rate_init"] == 0.003
    assert (rows["ff"]["threshold"], rows["backprop_pairwise"]["threshold"]) == (8.0, 3.0)
    assert "--pairwise-lr 0.003" in rows["ff"]["command"]
    # Its label options tell its rows apart, as FF's do.
    pairwise = rows["backprop_pairwise"]
    assert row_key(pairwise) != row_key({**pairwise, "label_scale": 1.0})


def test_rows_from_before_the_negatives_option_keep_their_meaning():
    old = {"dataset": "mnist", "method": "ff", "schedule": "network", "depth": 2, "width": 8}
    assert row_key(old) == row_key({**old, "negatives": "random", "label_scale": 1.0})
    assert row_key(old) != row_key({**old, "negatives": "hard", "label_scale": 20.0})
    backprop = {**old, "method": "backprop"}
    assert row_key(backprop) == row_key({**backprop, "negatives": "hard", "label_scale": 20.0})


def test_two_processes_append_to_one_json_file_without_losing_rows(tmp_path):
    import multiprocessing

    out = tmp_path / "rows.json"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(out, start, 40)) for start in (0, 100)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert all(worker.exitcode == 0 for worker in workers)
    seen = sorted(r["i"] for r in read_rows(out))
    assert seen == [*range(40), *range(100, 140)]


def _append_many(path, start, count):
    from skff.bench_results import append_row

    for i in range(start, start + count):
        append_row(path, {"i": i})


def test_cifar10_runs_with_the_same_options(tmp_path, monkeypatch):
    home = tmp_path / "data"
    home.mkdir()
    digest, _ = write_cifar_archive(home / "cifar-10-python.tar.gz", rows=30)
    monkeypatch.setitem(datasets.SHA256, "cifar10", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")  # nothing is downloaded
    out = tmp_path / "rows.jsonl"
    args = ["--quick", "--datasets", "cifar10", "--methods", "ff", "backprop"]
    args += ["--schedules", "network", "--train-rows", "100", "--test-rows", "25"]
    assert main(["bench", *args, "--data-home", str(home), "--out", str(out)]) == 0
    rows = read_rows(out)
    assert sorted(r["method"] for r in rows) == ["backprop", "ff"]
    for row in rows:
        assert row["dataset"] == "cifar10"
        assert (row["train_rows"], row["test_rows"], row["width"]) == (100, 25, 128)
        assert row["command"].startswith("skff bench --datasets cifar10")


def test_pairwise_backprop_runs_no_hard_cached_row():
    """The estimator's cached draw has no counterpart in the backprop baseline."""
    import argparse

    from skff.bench_jobs import plan
    from skff.bench_options import add_arguments, settings

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        ["--methods", "cff", "backprop_pairwise", "--negatives", "hard", "hard_cached"]
    )
    jobs = plan(settings(args), {})
    draws = {(job.method, job.negatives) for job in jobs}
    assert ("cff", "hard_cached") in draws and ("cff", "hard") in draws
    assert ("backprop_pairwise", "hard") in draws
    assert ("backprop_pairwise", "hard_cached") not in draws
