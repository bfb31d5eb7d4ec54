"""skff: Forward-Forward training as a scikit-learn estimator on a PyTorch core."""

from skff._version import __version__
from skff.estimator import ForwardForwardClassifier
from skff.persistence import load, save

__all__ = ["ForwardForwardClassifier", "__version__", "load", "save"]
