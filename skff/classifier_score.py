"""The ``score`` of skff's classifiers: scikit-learn's accuracy, documented for this site.

scikit-learn's ``ClassifierMixin.score`` is right, but its docstring links
with a Sphinx role that only scikit-learn's own documentation resolves; the
estimators here inherit this one instead, so their API pages read cleanly.
"""

from __future__ import annotations

from numpy.typing import ArrayLike
from sklearn.base import ClassifierMixin


class AccuracyScoreMixin(ClassifierMixin):
    """``ClassifierMixin`` whose ``score`` docstring renders outside scikit-learn's docs."""

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """Return the mean accuracy on the given test data and labels.

        The share of rows whose predicted class equals ``y``
        (`sklearn.metrics.accuracy_score`), weighted by
        ``sample_weight`` when given.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels for ``X``.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            Mean accuracy of ``self.predict(X)`` with respect to ``y``.
        """
        return super().score(X, y, sample_weight=sample_weight)
