"""Warnings that skff raises about a fit, beside scikit-learn's own."""

from __future__ import annotations


class DeadLayerWarning(UserWarning):
    """A hidden layer ended training with every unit inactive.

    A ReLU layer whose pre-activations are negative for every input outputs
    zeros, gets no gradient and never recovers; the layers above it then see
    no label information either. The usual cause is a few too-large steps
    early in training; with ``variant="cff"`` the goodness that all layers
    share moves ``depth`` times faster than any one layer's, which makes such
    an overshoot likelier in deep, wide networks.

    It is not a [`ConvergenceWarning`][sklearn.exceptions.ConvergenceWarning], so that code
    silencing the usual "maximum iterations reached" warning still sees it.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import load_iris
    >>> from skff import ForwardForwardClassifier
    >>> from skff.exceptions import DeadLayerWarning
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = ForwardForwardClassifier(
    ...     variant="cff", depth=3, width=64, learning_rate_init=3.0,
    ...     max_iter=15, random_state=0,
    ... )
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = clf.fit(X, y)
    >>> [str(w.message)[:58] for w in caught if w.category is DeadLayerWarning]
    ['ForwardForwardClassifier: hidden layer(s) 1, 3 of 3 output']
    """


class StalledTrainingWarning(UserWarning):
    """A fit ran, but the network learned nothing from it.

    Two causes are named: steps too small to move the weights (a
    ``learning_rate_init`` such as ``1e-12``), and a ``threshold`` the
    goodness cannot come near, so that every layer's loss stays close to that
    of a network that says nothing. A stopping rule on the training loss
    would call either fit converged, since its loss no longer falls.

    Like [`DeadLayerWarning`][skff.exceptions.DeadLayerWarning] it is not a
    [`ConvergenceWarning`][sklearn.exceptions.ConvergenceWarning], so that code
    silencing the usual "maximum iterations reached" warning still sees it.

    Examples
    --------
    >>> import warnings
    >>> from sklearn.datasets import load_iris
    >>> from skff import ForwardForwardClassifier
    >>> from skff.exceptions import StalledTrainingWarning
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = ForwardForwardClassifier(learning_rate_init=1e-12, max_iter=3, random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = clf.fit(X, y)
    >>> [str(w.message)[:48] for w in caught if w.category is StalledTrainingWarning]
    ['ForwardForwardClassifier: the weights moved by a']
    """
