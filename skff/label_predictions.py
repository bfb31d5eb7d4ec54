"""The prediction methods of the classifiers that score every label of a row.

``ForwardForwardClassifier`` and ``BackpropPairwiseClassifier`` both turn a
fitted network into per-label logits (``skff.prediction.predict_logits``:
the goodness summed over the layers, or the softmax head's logits); this mixin
derives ``decision_function``, ``predict_log_proba``, ``predict_proba`` and
``predict`` from them, the same way for both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from skff.prediction import predict_fitted, predict_logits


class LabelPredictionsMixin:
    """``decision_function``, ``predict_log_proba``, ``predict_proba``, ``predict`` and tags."""

    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """Per-class logits, from which ``predict_proba`` and ``predict`` follow.

        A label's logit is the goodness summed over the layers; for a
        ``ForwardForwardClassifier`` with ``prediction="softmax"``, the
        softmax head's logit.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
            For two classes, the logit of ``classes_[1]`` minus that of
            ``classes_[0]``, as scikit-learn's binary classifiers return.
        """
        scores = self._logits(X)
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict_log_proba(self, X: ArrayLike) -> np.ndarray:
        """Log of ``predict_proba``, computed with log-sum-exp (no underflow to -inf).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Natural logarithms of the class probabilities; columns follow
            ``classes_``.
        """
        # In place: the logits are a fresh array, and each (n_samples, n_classes)
        # temporary saved is 8 bytes per row and class of peak memory.
        log_proba = self._logits(X)
        log_proba -= log_proba.max(axis=1, keepdims=True)
        log_proba -= np.log(np.exp(log_proba).sum(axis=1, keepdims=True))
        return log_proba

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities: the softmax over labels of the per-label logits.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Rows sum to 1; columns follow ``classes_``.
        """
        proba = self.predict_log_proba(X)
        np.exp(proba, out=proba)
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        logits = self._logits(X)
        return self.classes_[np.argmax(logits, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.input_tags.sparse = False
        return tags

    def _logits(self, X: Any) -> np.ndarray:
        """Per-class logits of ``X``, from the fitted network alone."""
        return predict_fitted(self, predict_logits, X)
