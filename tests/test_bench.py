"""``skff bench``: output schema of --quick, resuming, option checks."""

from __future__ import annotations

import json

import pytest

from skff import __version__
from skff.bench import read_rows, row_key
from skff.cli import main

TINY = ["--quick", "--datasets", "mnist", "--train-rows", "300", "--test-rows", "200"]
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
def quick_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "rows.jsonl"
    assert main(["bench", *TINY, "--out", str(out)]) == 0
    return out, read_rows(out)


def test_quick_writes_every_method_and_schedule_with_the_schema(quick_rows):
    _, rows = quick_rows
    pairs = sorted((r["method"], r["schedule"]) for r in rows)
    expected = [("backprop", "network")] + [
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
            assert (row["negatives"], row["label_scale"]) == ("hard", 20.0)
            assert "--negatives hard --label-scale 20" in row["command"]
            assert len(row["layer_test_error"]) == 2
            assert row["layer_test_error"][-1] == pytest.approx(row["test_error"])


def test_rerun_skips_finished_rows_and_completes_missing_ones(quick_rows, tmp_path):
    _, rows = quick_rows
    out = tmp_path / "resume.jsonl"
    kept = rows[:4]
    # Four finished rows and a fifth cut short by an interruption.
    out.write_text("".join(json.dumps(r) + "\n" for r in kept) + '{"dataset": "mni')
    assert main(["bench", *TINY, "--out", str(out)]) == 0
    resumed = read_rows(out)
    assert len(resumed) == len(rows)
    assert resumed[:4] == kept  # untouched, not rerun
    assert main(["bench", *TINY, "--out", str(out)]) == 0
    assert read_rows(out) == resumed  # nothing left to run


def test_json_list_output_resumes_too(tmp_path):
    out = tmp_path / "rows.json"
    args = ["bench", *TINY, "--methods", "ff", "--schedules", "network", "--out", str(out)]
    assert main([*args, "--threshold", "4"]) == 0
    first = json.loads(out.read_text())
    assert len(first) == 1 and first[0]["method"] == "ff"
    assert main([*args, "--threshold", "4", "2"]) == 0
    second = json.loads(out.read_text())
    assert second[0] == first[0]
    assert sorted(r["threshold"] for r in second) == [2.0, 4.0]


def test_bad_threshold_override_is_explained(tmp_path):
    with pytest.raises(SystemExit, match="METHOD=THETA"):
        main(["bench", *TINY, "--threshold-for", "cff:2", "--out", str(tmp_path / "x.jsonl")])


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
    from skff.bench import _append_row

    for i in range(start, start + count):
        _append_row(path, {"i": i})
