"""Tests of skff.plotting, drawn with matplotlib's Agg backend."""

import subprocess
import sys
import textwrap

import matplotlib
import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier
from skff.baselines import BackpropClassifier
from skff.plotting import goodness_samples, plot_goodness_histograms, plot_loss_curves
from skff.prediction import label_goodness

matplotlib.use("Agg")
import matplotlib.pyplot as plt

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
X, Y = X_DIGITS[:400], Y_DIGITS[:400]
FAST = {"width": 32, "max_iter": 6, "random_state": 0, "device": "cpu"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def pipeline():
    model = ForwardForwardClassifier(variant="ff", depth=3, loss="threshold", **FAST)
    return make_pipeline(StandardScaler(), model).fit(X, Y)


def test_loss_curves_draw_each_layers_recorded_losses(pipeline):
    model = pipeline[-1]
    ax = plot_loss_curves(pipeline)
    lines = ax.get_lines()
    assert len(lines) == model.depth
    for k, line in enumerate(lines):
        np.testing.assert_array_equal(line.get_ydata(), model.layer_loss_curve_[k])
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, model.n_iter_ + 1))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["layer 1", "layer 2", "layer 3"]


def test_loss_curves_follow_each_other_under_layer_schedule():
    model = ForwardForwardClassifier(schedule="layer", depth=2, **FAST).fit(X, Y)
    _, ax = plt.subplots()
    assert plot_loss_curves(model, ax=ax) is ax
    first, second = (line.get_xdata() for line in ax.get_lines())
    n_first = len(model.layer_loss_curve_[0])
    np.testing.assert_array_equal(first, np.arange(1, n_first + 1))
    np.testing.assert_array_equal(
        second, n_first + np.arange(1, len(model.layer_loss_curve_[1]) + 1)
    )


def test_goodness_samples_take_true_and_wrong_labels(pipeline):
    model = pipeline[-1]
    positive, negative = goodness_samples(pipeline, X, Y, random_state=3)
    goodness = label_goodness(model, pipeline[0].transform(X))
    rows = np.arange(len(Y))
    np.testing.assert_allclose(positive, goodness[rows, Y, :])
    # Each negative row is the goodness at one label, never the true one.
    matches = np.all(np.isclose(goodness, negative[:, None, :]), axis=2)  # (n, n_classes)
    assert matches.any(axis=1).all()
    assert not np.any(matches[rows, Y] & (matches.sum(axis=1) == 1))
    # Seeded: the same wrong labels for the same seed, others for another seed.
    np.testing.assert_array_equal(negative, goodness_samples(pipeline, X, Y, random_state=3)[1])
    assert not np.array_equal(negative, goodness_samples(pipeline, X, Y, random_state=4)[1])


def test_goodness_histograms_one_panel_per_layer(pipeline, tmp_path):
    bins = 12
    axes = plot_goodness_histograms(pipeline, X, Y, bins=bins)
    assert axes.shape == (3,)
    positive, negative = goodness_samples(pipeline, X, Y)
    for k, ax in enumerate(axes):
        heights = [patch.get_height() for patch in ax.patches]
        assert len(heights) == 2 * bins
        assert sum(heights[:bins]) == len(Y)
        assert sum(heights[bins:]) == len(Y)
        counts, _ = np.histogram(positive[:, k], bins=bins, range=_range(positive, negative, k))
        np.testing.assert_array_equal(heights[:bins], counts)
        (threshold_line,) = ax.get_lines()
        assert threshold_line.get_xdata()[0] == pipeline[-1].threshold
        assert ax.get_title() == f"layer {k + 1}"
    path = tmp_path / "goodness.png"
    axes[0].figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_goodness_histograms_draw_no_threshold_under_symba():
    model = ForwardForwardClassifier(variant="ff", loss="symba", **FAST)
    pipe = make_pipeline(StandardScaler(), model).fit(X, Y)
    axes = plot_goodness_histograms(pipe, X, Y)
    assert all(ax.get_lines() == [] for ax in axes)
    assert len(axes[0].patches) > 0


def _range(positive, negative, k):
    both = np.concatenate([positive[:, k], negative[:, k]])
    return both.min(), both.max()


def test_goodness_histograms_into_given_axes(pipeline):
    _, given = plt.subplots(1, 3)
    axes = plot_goodness_histograms(pipeline, X, Y, axes=given)
    assert list(axes) == list(given)
    _, too_few = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="one Axes per layer"):
        plot_goodness_histograms(pipeline, X, Y, axes=too_few)


def test_plots_reject_other_estimators_and_unfitted_ones():
    backprop = BackpropClassifier(max_iter=1, width=8, device="cpu").fit(X, Y)
    with pytest.raises(TypeError, match="ForwardForwardClassifier"):
        plot_loss_curves(backprop)
    with pytest.raises(NotFittedError):
        plot_loss_curves(ForwardForwardClassifier())


def test_goodness_samples_reject_unknown_labels(pipeline):
    with pytest.raises(ValueError, match="not fitted on"):
        goodness_samples(pipeline, X[:5], np.array([0, 1, 2, 3, 42]))
    with pytest.raises(ValueError, match="one label per row"):
        goodness_samples(pipeline, X[:5], Y[:4])


def test_missing_matplotlib_raises_error_naming_the_extra(pipeline, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"\.\[plot\]"):
        plot_loss_curves(pipeline)


def test_importing_skff_plotting_does_not_import_matplotlib():
    code = textwrap.dedent(
        """
        import sys
        import skff.plotting
        assert "matplotlib" not in sys.modules, "skff.plotting imported matplotlib"
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
