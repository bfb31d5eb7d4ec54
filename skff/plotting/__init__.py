"""Plots for fitted Forward-Forward models; needs matplotlib.

matplotlib comes with the ``plot`` extra: ``pip install -e ".[plot]"`` in the
clone of skff.

Importing this package does not import matplotlib: each function imports it
when it draws, and raises an [`ImportError`][ImportError] naming the ``plot`` extra
when it is missing.

Training of one model (``skff.plotting.training``):

* [`plot_loss_curves`][skff.plotting.plot_loss_curves]: each layer's loss over the epochs.
* [`plot_goodness_histograms`][skff.plotting.plot_goodness_histograms]: each layer's goodness of
  positive and
  negative data; [`goodness_samples`][skff.plotting.goodness_samples] returns the numbers behind it.

Layer collaboration, FF against CFF (``skff.plotting.collaboration``),
the plots of Lorberbom et al. (AAAI 2024):

* [`plot_layer_contributions`][skff.plotting.plot_layer_contributions]: accuracy of predicting with
  layers
  ``1..k`` against ``k``, one line per model.
* [`plot_functional_entropy`][skff.plotting.plot_functional_entropy]: each layer's functional
  entropy of
  goodness, one line per model.
"""

from skff.plotting.collaboration import plot_functional_entropy, plot_layer_contributions
from skff.plotting.training import (
    goodness_samples,
    plot_goodness_histograms,
    plot_loss_curves,
    require_pyplot,
)

__all__ = [
    "goodness_samples",
    "plot_functional_entropy",
    "plot_goodness_histograms",
    "plot_layer_contributions",
    "plot_loss_curves",
    "require_pyplot",
]
