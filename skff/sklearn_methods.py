"""scikit-learn's inherited ``score``, ``get_params`` and ``set_params``, documented for this site.

The methods are scikit-learn's, unchanged: each override calls ``super()``.
Their docstrings in scikit-learn link with Sphinx roles that only
scikit-learn's own documentation resolves, and skff's API pages show the
inherited methods, so the three estimators inherit these instead.
"""

from __future__ import annotations

from typing import Any

from numpy.typing import ArrayLike
from sklearn.base import ClassifierMixin


class SklearnMethodsMixin(ClassifierMixin):
    """``ClassifierMixin`` whose inherited methods' docstrings render outside scikit-learn."""

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """Return the mean accuracy on the given test data and labels.

        The share of rows whose predicted class equals ``y``
        (`sklearn.metrics.accuracy_score`), weighted by ``sample_weight``
        when given.

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

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Get the parameters of this estimator.

        Parameters
        ----------
        deep : bool, default=True
            If True, also return the parameters of contained estimators.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        return super().get_params(deep=deep)

    def set_params(self, **params: Any) -> Any:
        """Set the parameters of this estimator.

        Works on simple estimators and on nested objects such as a
        `sklearn.pipeline.Pipeline`, whose parameters take the form
        ``<component>__<parameter>``. For a fitted ForwardForwardClassifier
        the new values take effect at the next ``fit``: prediction reads
        the fitted network.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : estimator instance
            The estimator.
        """
        return super().set_params(**params)
