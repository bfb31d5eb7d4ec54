"""The rules behind the ``"auto"`` defaults, decided by ``benchmarks/defaults_study.py``
and ``benchmarks/corpus_study.py``.

Each rule maps a parameter's ``"auto"`` value and the shape of the training
data to the value used; the estimators keep the result in a fitted attribute
(``label_scale_``, ``alpha_``, ``loss_``, ``learning_rate_init_``, ``tol_``, ``max_iter_``)
so that a user sees what was chosen. The backprop baselines' ``max_iter="auto"`` is another
rule (:func:`resolve_max_iter`).
The constants of ``learning_rate="adaptive"`` are here too.
``docs/user-guide/defaults-study.md`` has the figures behind each rule.
"""

from __future__ import annotations

import math

#: ``max_iter="auto"`` of the backprop baselines: one epoch per
#: MAX_ITER_ROWS_PER_EPOCH training rows, clipped to [MAX_ITER_MIN, MAX_ITER_MAX].
MAX_ITER_ROWS_PER_EPOCH = 50
MAX_ITER_MIN = 20
MAX_ITER_MAX = 60

#: ``negatives="auto"``: the cached hard draw from this many training rows, the exact
#: one below. On MNIST (10,000 and 60,000 rows), Fashion-MNIST and the corpus's two
#: tables of over 10,000 rows the cached draw was as accurate on average, at 1.2-2.4
#: times less fit time on MNIST; on nine small tuning sets it cost 0.3-0.6 points
#: (``benchmarks/results/hard_negatives.md``).
CACHED_NEGATIVES_MIN_ROWS = 10_000

#: ``alpha="auto"``: Adam's weight decay WIDE_INPUT_ALPHA when the training data has at
#: least WIDE_INPUT_RATIO features per row, none otherwise. Chosen on the corpus study's
#: 80 tuning sets (``docs/user-guide/defaults-study.md``, "Round three").
WIDE_INPUT_ALPHA = 1e-3
WIDE_INPUT_RATIO = 0.5

#: ``loss="auto"``: SymBa's symmetric loss under these variants, FF's threshold loss under
#: the others. Chosen on the corpus study's 135 tuning sets (``docs/user-guide/
#: defaults-study.md``, "Round four"): it helped FF and cost CFF.
SYMBA_VARIANTS = ("ff",)
#: ... and under these variants on multiclass data (at least SYMBA_MIN_CLASSES classes)
#: of at least SYMBA_MIN_ROWS training rows, where CFF's threshold loss underfits; on
#: smaller or two-class sets SymBa cost CFF accuracy (``docs/user-guide/
#: defaults-study.md``, "Round five").
SYMBA_MULTICLASS_VARIANTS = ("cff",)
SYMBA_MIN_ROWS = 1000
SYMBA_MIN_CLASSES = 3

#: ``learning_rate_init="auto"``: a ``fit`` of fewer than SMALL_FIT_ROWS training rows
#: under these variants takes Adam's step size SMALL_FIT_LEARNING_RATE, every other
#: training call LEARNING_RATE_INIT. Chosen on the corpus study's 195 tuning sets
#: (``docs/user-guide/defaults-study.md``, "Round six"), at 200 rows; raised to 320, where
#: ``batch_size="auto"`` leaves its 32-row floor, on the 45 tuning sets of 200 to 319 rows
#: ("Round fourteen").
SMALL_FIT_VARIANTS = ("cff",)
SMALL_FIT_ROWS = 320
SMALL_FIT_LEARNING_RATE = 0.003
LEARNING_RATE_INIT = 0.01

#: ``prediction="auto"``: the combined read-out (goodness and softmax head) for a ``fit`` of
#: fewer than COMBINED_MAX_ROWS training rows and at least COMBINED_MIN_CLASSES classes
#: under these variants, the goodness otherwise. Chosen on the corpus study's 75 small
#: multiclass tuning sets (``docs/user-guide/defaults-study.md``, "Round nine"), below 500
#: rows; raised to 1,000, where ``loss="auto"`` turns to SymBa, on the 40 tuning sets of 500
#: to 999 rows and 3+ classes ("Round fourteen").
COMBINED_VARIANTS = ("cff",)
COMBINED_MAX_ROWS = 1000
COMBINED_MIN_CLASSES = 3

#: ``max_iter="auto"``: SHORT_CEILING epochs for a ``fit`` of at least SHORT_CEILING_MIN_ROWS
#: training rows under these variants, unless classes outnumber features on at least
#: MANY_CLASSES_MIN_ROWS rows (there the fits need the long run that ``tol`` gives them);
#: MAX_ITER, ``MLPClassifier``'s default, otherwise. Chosen on the corpus study's 315
#: tuning sets (``docs/user-guide/defaults-study.md``, "Round ten").
SHORT_CEILING_VARIANTS = ("cff",)
SHORT_CEILING_MIN_ROWS = 500
SHORT_CEILING = 120
MAX_ITER = 200

#: ``batch_size="auto"``: a ``fit`` under these variants takes ``n_rows // 10`` rows a batch
#: clipped to [MIN_BATCH_ROWS, 128], where the core's rule (``partial_fit``, other variants)
#: clips to [16, 128]: on small sets a step's cost is mostly fixed overhead, and half the
#: steps of 16 rows cost CFF and FF no accuracy. Chosen on the corpus study's tuning sets
#: (``docs/user-guide/defaults-study.md``, "Round twelve" for CFF, "Round thirteen" for FF).
MIN_BATCH_VARIANTS = ("cff", "ff")
MIN_BATCH_ROWS = 32
MAX_BATCH_ROWS = 128

#: ``tol="auto"``: MANY_CLASSES_TOL on data of at least MANY_CLASSES_MIN_ROWS rows with more
#: classes than features, TOL otherwise. There the loss falls by less than 1e-2 per ten
#: epochs long before the accuracy settles. Chosen on the corpus study's 225 tuning sets
#: (``docs/user-guide/defaults-study.md``, "Round seven").
MANY_CLASSES_MIN_ROWS = 1000
MANY_CLASSES_TOL = 1e-3
TOL = 1e-2

#: ``learning_rate="adaptive"``: once the training loss levels off, the step size
#: anneals linearly to zero over ANNEAL_FRACTION times the epochs run so far, and at
#: least MIN_ANNEAL_EPOCHS epochs (``skff.core.callbacks.PlateauAnneal``).
ANNEAL_FRACTION = 0.5
MIN_ANNEAL_EPOCHS = 5


def resolve_label_scale(label_scale: float | str, n_inputs: int) -> float:
    """The label's hot entry, in units of the features' RMS.

    ``"auto"`` is ``sqrt(n_inputs)``: rows are normalized to unit RMS with the
    label included, so the label's share of a row's squared length is
    ``s**2 / (n_inputs + s**2)``, and ``s = sqrt(n_inputs)`` makes it one half
    whatever the number of features. A fixed value cannot: 1 is right for a
    handful of features and drowns in 784 pixels; 32 suits images and
    swamps 9 features.

    Parameters
    ----------
    label_scale : float or "auto"
    n_inputs : int
        Feature columns that reach the first layer (without the label block).

    Returns
    -------
    float
    """
    if label_scale == "auto":
        return math.sqrt(n_inputs)
    return float(label_scale)


def resolve_alpha(alpha: float | str, n_features: int, n_rows: int) -> float:
    """The L2 penalty (Adam's ``weight_decay``) for ``n_rows`` rows of ``n_features``.

    ``"auto"`` is :data:`WIDE_INPUT_ALPHA` when there are at least
    :data:`WIDE_INPUT_RATIO` features per training row, and 0 otherwise. With
    that many features for so few rows the network fits noise, and weight decay
    helped (wide series, spectra, gene expression); on narrower data it cost
    accuracy (a few correlated measurements: the penalty shrinks the few weights
    that carry them).

    Parameters
    ----------
    alpha : float or "auto"
    n_features : int
        Feature columns of the training data.
    n_rows : int
        Training rows.

    Returns
    -------
    float
        ``alpha`` itself unless it is ``"auto"``.
    """
    if alpha == "auto":
        wide = n_features >= WIDE_INPUT_RATIO * n_rows
        return WIDE_INPUT_ALPHA if wide else 0.0
    return float(alpha)


def resolve_loss(loss: str, variant: str, n_rows: int, n_classes: int) -> str:
    """The per-layer loss that ``variant`` trains with on ``n_rows`` rows of ``n_classes``.

    ``"auto"`` is ``"symba"`` for the variants in :data:`SYMBA_VARIANTS` (plain FF);
    for those in :data:`SYMBA_MULTICLASS_VARIANTS` (CFF) it is ``"symba"`` on
    :data:`SYMBA_MIN_CLASSES` classes or more and :data:`SYMBA_MIN_ROWS` rows or
    more, and ``"threshold"`` otherwise; the other variants train with
    ``"threshold"``. On the corpus study's tuning sets, SymBa under FF raised the
    mean gap to ``MLPClassifier`` and halved the number of sets more than 5 points
    behind, in less time. Under CFF it did so on the larger multiclass sets, where
    the threshold loss underfits (it asks every class's goodness to clear one
    threshold, where SymBa asks only that the true label beat the wrong one), and
    lost several points on small and two-class sets.

    Parameters
    ----------
    loss : {"auto", "threshold", "symba"}
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    n_rows : int
        Training rows.
    n_classes : int
        Classes of the estimator.

    Returns
    -------
    str
        ``loss`` itself unless it is ``"auto"``.
    """
    if loss != "auto":
        return loss
    if variant in SYMBA_VARIANTS:
        return "symba"
    multiclass = n_classes >= SYMBA_MIN_CLASSES and n_rows >= SYMBA_MIN_ROWS
    if variant in SYMBA_MULTICLASS_VARIANTS and multiclass:
        return "symba"
    return "threshold"


def rows_that_train(n_rows: int, early_stopping: bool, validation_fraction: float) -> int:
    """The rows of a ``fit`` of ``n_rows`` rows that train, after the early-stopping split.

    The held-out share is rounded up, as ``train_test_split`` rounds it.

    Parameters
    ----------
    n_rows : int
        Rows of the call.
    early_stopping : bool
    validation_fraction : float

    Returns
    -------
    int
    """
    if not early_stopping:
        return n_rows
    return n_rows - math.ceil(n_rows * validation_fraction)


def resolve_learning_rate_init(
    learning_rate_init: float | str, variant: str, n_rows: int, incremental: bool = False
) -> float:
    """Adam's step size for ``n_rows`` training rows under ``variant``.

    ``"auto"`` is :data:`SMALL_FIT_LEARNING_RATE` (0.003) for a ``fit`` of fewer
    than :data:`SMALL_FIT_ROWS` (320) training rows under a variant in
    :data:`SMALL_FIT_VARIANTS` (CFF), and :data:`LEARNING_RATE_INIT` (0.01)
    otherwise, and always in ``partial_fit``, whose block size says nothing about
    the size of the data. Switched on the 44 tuning sets of fewer than 200 training
    rows, 0.003 took CFF's mean gap to ``MLPClassifier`` over all 195 tuning sets
    from +0.03 to +0.24 points and the sets more than 5 points behind from 9 to 8,
    in about as much fit time (a median of 129 epochs on those sets against 100). The
    rule was chosen on records of which 53 were crossed with another candidate's, which
    read +0.36 and 5 sets; the figures here are the corrected ones (round eight).
    Round fourteen, with 32 rows a batch below 320 rows (:func:`resolve_batch_size`),
    moved the bound from 200 to 320: on the 45 tuning sets of 200 to 319 training rows,
    six splits each, 0.003 raised CFF's mean gap by 0.34 points (standard error 0.22)
    at the same fit time, where from 320 to 499 rows it changed nothing (-0.02); and
    0.01 or 0.001 below 200 rows lost 1.2 and 0.5 points on 113 tuning sets.

    Parameters
    ----------
    learning_rate_init : float or "auto"
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    n_rows : int
        Training rows (after an ``early_stopping`` split: :func:`rows_that_train`).
    incremental : bool, default=False
        A ``partial_fit`` call.

    Returns
    -------
    float
        ``learning_rate_init`` itself unless it is ``"auto"``.
    """
    if learning_rate_init != "auto":
        return float(learning_rate_init)
    small = variant in SMALL_FIT_VARIANTS and n_rows < SMALL_FIT_ROWS
    if small and not incremental:
        return SMALL_FIT_LEARNING_RATE
    return LEARNING_RATE_INIT


def resolve_batch_size(
    batch_size: int | str, variant: str, n_rows: int, incremental: bool = False
) -> int | str:
    """Rows per mini-batch of a ``fit`` of ``n_rows`` training rows under ``variant``.

    ``"auto"`` is ``n_rows // 10`` clipped to [:data:`MIN_BATCH_ROWS` (32),
    :data:`MAX_BATCH_ROWS` (128)] for a ``fit`` under a variant in
    :data:`MIN_BATCH_VARIANTS` (CFF and FF). It stays ``"auto"`` otherwise, and in
    ``partial_fit``: the core then takes ``n_rows // 10`` in [16, 128] of each
    call's rows (:func:`skff.core.trainer.resolve_batch_size`). The two differ on
    fewer than 320 training rows only. There a step's cost is mostly fixed
    overhead (the matmuls of 16 rows take a few microseconds, the step about a
    millisecond), so 32 rows a batch halve the fit's steps. On the corpus study's
    tuning sets of that size, CFF's fit time fell by about a third and its mean
    gap to ``MLPClassifier`` did not fall (round twelve); FF's fit time fell by
    29 % and its gap moved by -0.11 +- 0.18 points (154 sets, round thirteen).

    Parameters
    ----------
    batch_size : int or "auto"
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    n_rows : int
        Training rows (after an ``early_stopping`` split: :func:`rows_that_train`).
    incremental : bool, default=False
        A ``partial_fit`` call.

    Returns
    -------
    int or "auto"
        ``batch_size`` itself unless the rule above applies.
    """
    if batch_size != "auto" or incremental or variant not in MIN_BATCH_VARIANTS:
        return batch_size
    return max(MIN_BATCH_ROWS, min(MAX_BATCH_ROWS, n_rows // 10))


def resolve_prediction(
    prediction: str, variant: str, n_rows: int, n_classes: int, incremental: bool = False
) -> str:
    """How a network built for ``n_rows`` training rows of ``n_classes`` scores labels.

    ``"auto"`` is ``"combined"`` for a ``fit`` of fewer than
    :data:`COMBINED_MAX_ROWS` (1,000) training rows and :data:`COMBINED_MIN_CLASSES`
    (3) classes or more under a variant in :data:`COMBINED_VARIANTS` (CFF), and
    ``"goodness"`` otherwise and in ``partial_fit``, whose first block says nothing
    about the size of the data. On the corpus study's 75 tuning sets of that shape,
    the combined read-out took CFF's mean gap to ``MLPClassifier`` from -0.55 to
    -0.11 points and the sets more than 5 points behind from 11 to 4, at about twice
    the fit time: the goodness read-out trails most on few features and few rows per
    class (5 or 6 features, under 100 rows a class), where the softmax head's
    cross-entropy learns the classes, and the head alone lost up to 9 points
    elsewhere. On two-class sets the gain faded. The bound was 500 rows until round
    fourteen: on the 40 tuning sets of 500 to 999 training rows and 3+ classes, six
    splits each, the combined read-out raised CFF's mean gap by 0.72 points (standard
    error 0.41; the gains of one group of splits repeat in the other) and took the sets
    more than 5 points behind from 4 to 2 and 7 to 4, at 1.4 times the fit time there.

    Parameters
    ----------
    prediction : {"auto", "goodness", "softmax", "combined"}
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    n_rows : int
        Training rows (after an ``early_stopping`` split: :func:`rows_that_train`).
    n_classes : int
        Classes of the estimator.
    incremental : bool, default=False
        A ``partial_fit`` call.

    Returns
    -------
    str
        ``prediction`` itself unless it is ``"auto"``.
    """
    if prediction != "auto":
        return prediction
    small = n_rows < COMBINED_MAX_ROWS and n_classes >= COMBINED_MIN_CLASSES
    if variant in COMBINED_VARIANTS and small and not incremental:
        return "combined"
    return "goodness"


def classes_outnumber_features(n_rows: int, n_features: int, n_classes: int) -> bool:
    """Data of at least :data:`MANY_CLASSES_MIN_ROWS` rows with more classes than features.

    Parameters
    ----------
    n_rows : int
        Rows of the call.
    n_features : int
        Feature columns of the training data.
    n_classes : int
        Classes of the estimator.

    Returns
    -------
    bool
    """
    return n_rows >= MANY_CLASSES_MIN_ROWS and n_classes > n_features


def resolve_epoch_ceiling(
    max_iter: int | str, variant: str, n_rows: int, n_features: int, n_classes: int
) -> int:
    """The most epochs a ``fit`` of ``n_rows`` training rows under ``variant`` may run.

    ``"auto"`` is :data:`SHORT_CEILING` (120) for a variant in
    :data:`SHORT_CEILING_VARIANTS` (CFF) on :data:`SHORT_CEILING_MIN_ROWS` (500)
    training rows or more, unless classes outnumber features
    (:func:`classes_outnumber_features`), and :data:`MAX_ITER` (200, as in
    ``MLPClassifier``) otherwise. ``learning_rate="adaptive"`` anneals early enough
    to end at the ceiling when the training loss has not levelled off by then, and
    on those sets a loss still falling at epoch 80 was fitting noise: on the 76
    tuning sets of 500+ training rows where a CFF fit had run beyond 80 epochs
    (those where classes outnumber features aside), the lower ceiling won on 29
    and lost on 9, taking CFF's mean gap to ``MLPClassifier`` there from +0.16 to
    +0.40 points (+0.06 over all 315 tuning sets) at 1.20 instead of 1.40 times
    its fit time. On 36 sets below 500 rows it lost 0.13 points, and on the two
    where classes outnumber features 1.5 and 0.3.

    Parameters
    ----------
    max_iter : int or "auto"
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    n_rows : int
        Training rows (after an ``early_stopping`` split: :func:`rows_that_train`).
    n_features : int
        Feature columns of the training data.
    n_classes : int
        Classes of the estimator.

    Returns
    -------
    int
        ``max_iter`` itself unless it is ``"auto"``.
    """
    if max_iter != "auto":
        return int(max_iter)
    long_needed = classes_outnumber_features(n_rows, n_features, n_classes)
    if variant in SHORT_CEILING_VARIANTS and n_rows >= SHORT_CEILING_MIN_ROWS and not long_needed:
        return SHORT_CEILING
    return MAX_ITER


def resolve_tol(tol: float | str, n_rows: int, n_features: int, n_classes: int) -> float:
    """The improvement an epoch must make to count, for ``n_rows`` rows of ``n_features``.

    ``"auto"`` is :data:`MANY_CLASSES_TOL` (1e-3) when the data has at least
    :data:`MANY_CLASSES_MIN_ROWS` (1,000) rows and more classes than features,
    and :data:`TOL` (1e-2) otherwise. With many classes told apart by a few
    features (46 cities by 7 housing figures, 22 regions by 6 indicators) the
    training loss falls by less than 1e-2 in ten epochs while the accuracy still
    climbs: 1e-2 stopped CFF 6 to 16 points below where 1e-3 got it. On the
    corpus study's other tuning sets 1e-3 cost accuracy (the fits run on into
    noise) and fit time, so the rule stays this narrow.

    Parameters
    ----------
    tol : float or "auto"
    n_rows : int
        Rows of the call.
    n_features : int
        Feature columns of the training data.
    n_classes : int
        Classes of the estimator.

    Returns
    -------
    float
        ``tol`` itself unless it is ``"auto"``.
    """
    if tol != "auto":
        return float(tol)
    many_classes = classes_outnumber_features(n_rows, n_features, n_classes)
    return MANY_CLASSES_TOL if many_classes else TOL


def resolve_negatives(negatives: str, n_rows: int, incremental: bool = False) -> str:
    """How the wrong labels are drawn for ``n_rows`` training rows.

    ``"auto"`` is ``"hard_cached"`` for ``fit`` on :data:`CACHED_NEGATIVES_MIN_ROWS`
    training rows or more and ``"hard"`` otherwise. The cached draw rescores a
    quarter of the rows an epoch: a large set does not notice, a small one (about
    ten steps an epoch, where an epoch-old score is many steps old) does, and its
    epoch costs little either way. ``partial_fit`` brings new rows for one epoch,
    over which no cache pays off: a cache of a trained network scores all its rows
    first (the exact draw's cost, from the weights of the call's start), and an
    untrained one draws three quarters of the first call's negatives from no scores
    (200,000 rows x 100: 0.61 held-out accuracy after one pass against 0.68, and
    slower).

    Parameters
    ----------
    negatives : {"auto", "hard", "hard_cached", "random"}
    n_rows : int
        Training rows (after an ``early_stopping`` split).
    incremental : bool, default=False
        A ``partial_fit`` call.

    Returns
    -------
    str
        ``negatives`` itself unless it is ``"auto"``.
    """
    if negatives == "auto":
        large = n_rows >= CACHED_NEGATIVES_MIN_ROWS and not incremental
        return "hard_cached" if large else "hard"
    return negatives


def resolve_max_iter(max_iter: int | str, n_rows: int) -> int:
    """Epochs to train for (per layer under the greedy schedule).

    ``"auto"`` is ``n_rows // 50`` clipped to ``[20, 60]``: small data sets
    reach their best accuracy in about 20 epochs and pay for every further
    one in fit time, while images need 60.

    Parameters
    ----------
    max_iter : int or "auto"
    n_rows : int
        Training rows.

    Returns
    -------
    int
    """
    if max_iter == "auto":
        return int(min(MAX_ITER_MAX, max(MAX_ITER_MIN, n_rows // MAX_ITER_ROWS_PER_EPOCH)))
    return int(max_iter)
