"""The corpus probes of ``benchmarks/corpus_probe.py``: what they change, and their report."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import corpus_probe

import skff.training
from skff import ForwardForwardClassifier
from skff.core.callbacks import PlateauAnneal
from skff.core.loop import TrainingLoop


def test_train_accuracy_probe_only_delays_the_anneal_and_restores_the_library():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    # Round eleven's defaults, under which the probe ran: 16 rows a batch.
    default = ForwardForwardClassifier(random_state=0, batch_size=16).fit(X, y)
    run = TrainingLoop.run
    with corpus_probe.train_accuracy_plateau():
        assert skff.training.PlateauAnneal is not PlateauAnneal
        probed = ForwardForwardClassifier(random_state=0, batch_size=16).fit(X, y)
    assert skff.training.PlateauAnneal is PlateauAnneal
    assert TrainingLoop.run is run
    # The same fit up to the defaults' plateau; on iris the training accuracy still
    # climbs there, so the probe postpones the anneal.
    assert probed.n_iter_ > default.n_iter_
    n = min(default.n_iter_, probed.n_iter_) // 2
    np.testing.assert_array_equal(probed.loss_curve_[:n], default.loss_curve_[:n])


def test_train_accuracy_probe_restores_the_library_when_a_fit_raises():
    with pytest.raises(ValueError), corpus_probe.train_accuracy_plateau():
        ForwardForwardClassifier().fit(np.full((4, 2), np.nan), [0, 1, 0, 1])
    assert skff.training.PlateauAnneal is PlateauAnneal


@pytest.mark.parametrize(("n_train", "batch"), [(100, 16), (399, 19), (1000, 50), (5000, 64)])
def test_half_batch_is_half_the_auto_batch(n_train, batch):
    assert corpus_probe.half_batch(n_train) == {"batch_size": batch}


@pytest.mark.parametrize(
    ("n_train", "double", "at_least_32"),
    [(50, 32, 32), (100, 32, 32), (250, 50, 32), (400, 80, 40), (1000, 128, 100), (5000, 128, 128)],
)
def test_batch_probes(n_train, double, at_least_32):
    from skff.defaults import resolve_batch_size, resolve_learning_rate_init

    assert corpus_probe.double_batch(n_train) == {"batch_size": double}
    rate = corpus_probe.double_batch_lr(n_train)["learning_rate_init"]
    assert rate == 1.5 * resolve_learning_rate_init("auto", "cff", n_train)
    assert corpus_probe.min_batch_32(n_train) == {"batch_size": at_least_32}
    # min_batch_32 is round twelve's rule for a CFF fit.
    assert resolve_batch_size("auto", "cff", n_train) == at_least_32


@pytest.mark.parametrize("n_train", [50, 150, 400, 5000])
def test_ff_probes_are_ff_at_its_defaults_and_at_32_rows_at_least(n_train):
    from skff.defaults import resolve_batch_size

    assert corpus_probe.ff_defaults(n_train) == {"variant": "ff"}
    probed = corpus_probe.ff_min_batch_32(n_train)
    assert probed == {"variant": "ff", **corpus_probe.min_batch_32(n_train)}
    # ff_min_batch_32 is round thirteen's rule for an FF fit.
    assert resolve_batch_size("auto", "ff", n_train) == probed["batch_size"]


def _record(dataset, seed, candidate, accuracy, train, seconds):
    return {
        "dataset": dataset,
        "seed": seed,
        "candidate": candidate,
        "accuracy": accuracy,
        "train_accuracy": train,
        "fit_seconds": seconds,
    }


def test_report_counts_only_sets_with_every_split(tmp_path):
    results = tmp_path / "probe.jsonl"
    records = []
    # crabs has three splits (a table under 10,000 rows), all recorded: counted.
    for seed in range(3):
        records += [
            _record("crabs", seed, corpus_probe.MLP, 0.90, 1.00, 1.0),
            _record("crabs", seed, corpus_probe.DEFAULTS, 0.80, 0.90, 2.0),
            _record("crabs", seed, "half_batch", 0.86, 0.96, 4.0),
        ]
    # cars93 has three splits too, but only one is recorded: left out.
    records += [
        _record("cars93", 0, corpus_probe.MLP, 0.5, 0.5, 1.0),
        _record("cars93", 0, corpus_probe.DEFAULTS, 0.5, 0.5, 1.0),
        _record("cars93", 0, "half_batch", 0.1, 0.5, 1.0),
    ]
    results.write_text("".join(json.dumps(r) + "\n" for r in records))
    line = corpus_probe.report(["crabs", "cars93"], results, "half_batch")
    assert line.startswith("half_batch: 1 sets; test gap -10.00 -> -4.00 points, 1 better / 0")
    assert "below -5: 1 -> 0" in line
    assert "training-accuracy gap -10.00 -> -4.00" in line
    assert "fit time x MLP 2.00 -> 4.00" in line


def test_report_compares_with_the_named_baseline(tmp_path):
    results = tmp_path / "probe.jsonl"
    records = []
    for seed in range(3):
        records += [
            _record("crabs", seed, corpus_probe.MLP, 0.90, 1.00, 1.0),
            _record("crabs", seed, corpus_probe.DEFAULTS, 0.20, 0.20, 9.0),
            _record("crabs", seed, "ff", 0.85, 0.95, 2.0),
            _record("crabs", seed, "ff_min_batch_32", 0.84, 0.90, 1.0),
        ]
    results.write_text("".join(json.dumps(r) + "\n" for r in records))
    line = corpus_probe.report(["crabs"], results, "ff_min_batch_32", baseline="ff")
    # The FF fits are compared with each other; the CFF defaults are not read.
    assert line.startswith("ff_min_batch_32: 1 sets; test gap -5.00 -> -6.00 points, 0 better")
    assert "fit time x MLP 2.00 -> 1.00" in line


@pytest.mark.parametrize(
    ("n_train", "large", "smaller", "mid"),
    [
        (50, 0.01, 0.001, None),
        (199, 0.01, 0.001, None),
        (200, 0.01, 0.01, 0.003),
        (319, 0.01, 0.01, 0.003),
        (320, 0.01, 0.01, 0.003),
        (499, 0.01, 0.01, 0.003),
        (500, 0.01, 0.01, None),
    ],
)
def test_step_probes(n_train, large, smaller, mid):
    # Each names its step on every size: the probes stay as run, whatever "auto" becomes.
    assert corpus_probe.large_step(n_train) == {"learning_rate_init": large}
    assert corpus_probe.smaller_step(n_train) == {"learning_rate_init": smaller}
    expected = {} if mid is None else {"learning_rate_init": mid}
    assert corpus_probe.mid_small_step(n_train) == expected


def test_report_reads_the_named_splits_only(tmp_path):
    results = tmp_path / "probe.jsonl"
    records = []
    for seed in range(6):
        probe = 0.90 if seed < 3 else 0.75  # better on the study's splits, worse on 3-5
        records += [
            _record("crabs", seed, corpus_probe.MLP, 0.80, 1.00, 1.0),
            _record("crabs", seed, corpus_probe.DEFAULTS, 0.80, 1.00, 1.0),
            _record("crabs", seed, "mid_small_step", probe, 1.00, 1.0),
        ]
    results.write_text("".join(json.dumps(r) + "\n" for r in records))
    own = corpus_probe.report(["crabs"], results, "mid_small_step")
    later = corpus_probe.report(["crabs"], results, "mid_small_step", seeds=(3, 4, 5))
    both = corpus_probe.report(["crabs"], results, "mid_small_step", seeds=tuple(range(6)))
    assert "test gap +0.00 -> +10.00 points" in own
    assert "test gap +0.00 -> -5.00 points" in later
    assert "test gap +0.00 -> +2.50 points" in both
    # A split named but not recorded leaves the set out.
    assert corpus_probe.report(["crabs"], results, "mid_small_step", seeds=(0, 9)) == ""
