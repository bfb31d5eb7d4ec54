"""Hard negatives from cached scores: which rows each epoch rescores, and what the draw returns."""

import numpy as np
import pytest
import torch

from skff import ForwardForwardClassifier
from skff.core import score_cache
from skff.core.embedding import EmbeddedRows
from skff.core.score_cache import REFRESH_EPOCHS, ScoreCache


def _rows(n, n_features=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    body = torch.randn(n, n_features, generator=g)
    return EmbeddedRows(body, torch.ones(n), torch.zeros(n), None)


class _CountingScore:
    """Scores every row by its first feature's rank; records which rows it was asked for."""

    def __init__(self, n_classes):
        self.n_classes = n_classes
        self.seen = []
        self.offset = 0.0

    def __call__(self, rows):
        self.seen.append(rows.body[:, 0].clone())
        return torch.full((len(rows), self.n_classes), self.offset) + rows.body[:, :1]


def test_each_epoch_rescores_one_slice_and_every_row_within_refresh_epochs():
    n = 23
    rows, y = _rows(n), torch.zeros(n, dtype=torch.long)
    score = _CountingScore(4)
    cache = ScoreCache(rows, y, 4, 2, score, trained=False)
    assert torch.equal(cache.scores, torch.zeros(n, 4))  # untrained: uniform over wrong labels
    assert score.seen == []
    scored = []
    for epoch in range(REFRESH_EPOCHS):
        score.offset = float(epoch + 1)
        cache.start_epoch()
        rescored = torch.cat(score.seen[epoch:])
        score.seen[epoch:] = [rescored]
        # The slice of this epoch: every REFRESH_EPOCHS-th row, starting at the epoch.
        expected = rows.body[epoch::REFRESH_EPOCHS, 0]
        assert torch.equal(rescored, expected)
        scored.append(len(rescored))
        assert torch.equal(cache.scores[epoch::REFRESH_EPOCHS, 0], expected + epoch + 1)
    # Together the slices cover each row exactly once.
    assert sum(scored) == n
    assert (cache.scores[:, 0] != 0).all()
    assert max(scored) - min(scored) <= 1  # the cost is spread evenly over the epochs


def test_cache_of_a_trained_network_scores_every_row_first():
    n = 10
    rows, y = _rows(n), torch.zeros(n, dtype=torch.long)
    score = _CountingScore(3)
    cache = ScoreCache(rows, y, 3, 1, score, trained=True)
    assert torch.equal(torch.cat(score.seen).sort().values, rows.body[:, 0].sort().values)
    assert torch.equal(cache.scores[:, 1], rows.body[:, 0])


def test_cache_serves_only_its_rows_and_layers():
    rows, y = _rows(8), torch.zeros(8, dtype=torch.long)
    cache = ScoreCache(rows, y, 3, 2, _CountingScore(3), trained=False)
    assert cache.serves(rows, y, 2)
    assert not cache.serves(rows, y, 1)
    assert not cache.serves(_rows(8), y, 2)
    assert not cache.serves(rows, y.clone(), 2)


def test_draw_follows_the_cached_scores_and_never_returns_the_true_label():
    n, n_classes = 4000, 5
    rows = _rows(n)
    y = torch.arange(n) % n_classes
    cache = ScoreCache(rows, y, n_classes, 1, _CountingScore(n_classes), trained=False)
    generator = torch.Generator().manual_seed(0)
    index = torch.arange(n)
    uniform = cache.draw(index, y, generator)
    assert not (uniform == y).any()
    counts = torch.bincount((uniform - y) % n_classes, minlength=n_classes)
    assert counts[0] == 0 and counts[1:].min() > 0.8 * n / (n_classes - 1)
    # A dominant wrong label: (y + 2) % n_classes scores far above the others.
    cache.scores.zero_()
    cache.scores[index, (y + 2) % n_classes] = 20.0
    cache.scores[index, y] = 50.0  # the true label's score is ignored
    hard = cache.draw(index, y, generator)
    assert (hard == (y + 2) % n_classes).float().mean() > 0.99


def test_fit_scores_a_quarter_of_the_rows_each_epoch(monkeypatch):
    """The all-label pass of hard negatives runs on ceil(n / REFRESH_EPOCHS) rows an epoch."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 6)).astype(np.float32)
    y = rng.integers(0, 4, size=200)
    scored = []
    rescore = ScoreCache._rescore

    def counting(self, index):
        scored.append(len(index))
        rescore(self, index)

    monkeypatch.setattr(ScoreCache, "_rescore", counting)
    clf = ForwardForwardClassifier(
        width=16,
        max_iter=6,
        learning_rate="constant",
        batch_size=50,
        negatives="hard_cached",
        random_state=0,
    )
    with pytest.warns(Warning):
        clf.fit(X, y)
    assert len(scored) == 6
    assert all(count == 200 // REFRESH_EPOCHS for count in scored)
    # partial_fit on a trained model: new rows, a new cache, every row scored first.
    scored.clear()
    clf.partial_fit(X[:120], y[:120])
    assert scored[0] == 120


def test_refresh_every_epoch_matches_the_per_epoch_draw(monkeypatch):
    """With a refresh each epoch, every row's scores are those of the epoch's start."""
    monkeypatch.setattr(score_cache, "REFRESH_EPOCHS", 1)
    rows, y = _rows(12), torch.arange(12) % 3
    score = _CountingScore(3)
    cache = ScoreCache(rows, y, 3, 1, score, trained=False)
    cache.start_epoch()
    assert torch.equal(cache.scores[:, 0], rows.body[:, 0])


@pytest.mark.parametrize("skip_first_layer", [False, True])
def test_a_step_records_the_goodness_of_its_negative_labels(skip_first_layer):
    """A step's forward pass gives the drawn labels' scores: the cache takes them as they are."""
    from skff.core.network import FFNetwork
    from skff.core.scoring import label_scores
    from skff.core.trainer import TrainConfig, Trainer

    torch.manual_seed(0)
    n, n_classes = 64, 5
    net = FFNetwork(
        n_inputs=7, n_classes=n_classes, depth=2, width=16, skip_first_layer=skip_first_layer
    )
    rows = net.embed(torch.randn(n, 7))
    y = torch.arange(n) % n_classes
    config = TrainConfig(variant="cff", threshold=2.0, negatives="hard_cached", batch_size=n)
    trainer = Trainer(net, config, torch.Generator().manual_seed(0), trained=True)
    trainer.start_phase(range(net.depth))
    draw = trainer.epoch_negatives(rows, y)
    before = label_scores(net, rows, use_head=False)
    torch.testing.assert_close(trainer.score_cache.scores, before)
    index = torch.arange(n)
    negatives = draw(index, y)
    trainer.step(rows, y, torch.cat([y, negatives]), index=index)
    after = trainer.score_cache.scores
    drawn = after[index, negatives]
    torch.testing.assert_close(drawn, before[index, negatives], rtol=1e-5, atol=1e-5)
    # The step moved the weights: a fresh scoring differs, the cache kept the step's values.
    assert not torch.allclose(label_scores(net, rows, use_head=False)[index, negatives], drawn)
    untouched = torch.ones_like(after, dtype=torch.bool)
    untouched[index, negatives] = False
    assert torch.equal(after[untouched], before[untouched])


@pytest.mark.parametrize(
    ("negatives", "n_classes"),
    [("hard", 3), ("hard_cached", 2)],
    ids=["exact_draw_scores_each_batch", "binary_needs_no_scores"],
)
def test_fits_that_keep_no_score_cache(monkeypatch, negatives, n_classes):
    def refuse(*args, **kwargs):
        raise AssertionError(f"negatives={negatives!r} with {n_classes} classes keeps no cache")

    monkeypatch.setattr(ScoreCache, "__init__", refuse)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(90, 4)).astype(np.float32)
    y = rng.integers(0, n_classes, size=90)
    clf = ForwardForwardClassifier(
        width=8, max_iter=2, learning_rate="constant", negatives=negatives, random_state=0
    )
    with pytest.warns(Warning):
        clf.fit(X, y)
    assert clf.n_iter_ == 2


def test_record_leaves_rows_that_were_never_scored_alone():
    """Zeros stand for 'no scores yet': a recorded goodness beside them would bias the draw."""
    n = 6
    rows, y = _rows(n), torch.zeros(n, dtype=torch.long)
    cache = ScoreCache(rows, y, 3, 1, _CountingScore(3), trained=False)
    cache.start_epoch()  # scores rows 0 and REFRESH_EPOCHS only
    before = cache.scores.clone()
    index = torch.arange(n)
    labels = torch.ones(n, dtype=torch.long)
    cache.record(index, labels, torch.full((1, n), 7.0))
    scored = torch.zeros(n, dtype=torch.bool)
    scored[::REFRESH_EPOCHS] = True
    assert (cache.scores[scored, 1] == 7.0).all()
    assert torch.equal(cache.scores[~scored], before[~scored])


@pytest.mark.parametrize(("n_rows", "drawn_as"), [(100, "hard_cached"), (99, "hard")])
def test_auto_negatives_draw_from_the_cache_from_the_row_threshold(monkeypatch, n_rows, drawn_as):
    """negatives="auto" (the default) trains as "hard_cached" on large sets, "hard" below."""
    from skff import defaults

    monkeypatch.setattr(defaults, "CACHED_NEGATIVES_MIN_ROWS", 100)
    assert ForwardForwardClassifier().negatives == "auto"
    rng = np.random.default_rng(3)
    X = rng.normal(size=(n_rows, 5)).astype(np.float32)
    y = rng.integers(0, 4, size=n_rows)
    params = dict(width=8, max_iter=3, learning_rate="constant", batch_size=20, random_state=0)
    probabilities = {}
    for negatives in ("auto", "hard", "hard_cached"):
        with pytest.warns(Warning):
            clf = ForwardForwardClassifier(**params, negatives=negatives).fit(X, y)
        probabilities[negatives] = clf.predict_proba(X)
    np.testing.assert_array_equal(probabilities["auto"], probabilities[drawn_as])
    other = {"hard": "hard_cached", "hard_cached": "hard"}[drawn_as]
    assert not np.array_equal(probabilities["auto"], probabilities[other])


def test_auto_negatives_in_partial_fit_are_the_exact_draw(monkeypatch):
    """partial_fit's rows get one epoch: "auto" keeps the exact draw whatever their number."""
    from skff import defaults

    monkeypatch.setattr(defaults, "CACHED_NEGATIVES_MIN_ROWS", 10)
    rng = np.random.default_rng(4)
    X = rng.normal(size=(60, 5)).astype(np.float32)
    y = rng.integers(0, 4, size=60)
    probabilities = {}
    for negatives in ("auto", "hard", "hard_cached"):
        clf = ForwardForwardClassifier(width=8, batch_size=20, random_state=0, negatives=negatives)
        clf.partial_fit(X, y, classes=np.arange(4))
        probabilities[negatives] = clf.partial_fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(probabilities["auto"], probabilities["hard"])
    assert not np.array_equal(probabilities["auto"], probabilities["hard_cached"])


@pytest.mark.parametrize("early_stopping", [False, True])
def test_memory_estimate_resolves_auto_on_the_rows_that_train(early_stopping):
    from skff.defaults import CACHED_NEGATIVES_MIN_ROWS
    from skff.memory import estimate_fit_memory

    # Just above the threshold: early stopping's held-out tenth takes the rows
    # that train below it, and the fit draws exactly, without a cache.
    n_rows = CACHED_NEGATIVES_MIN_ROWS + 500
    shape = (n_rows, 20, 5, 2, 64, "auto")
    auto = estimate_fit_memory(*shape, "auto", early_stopping=early_stopping)
    drawn_as = "hard" if early_stopping else "hard_cached"
    assert auto == estimate_fit_memory(*shape, drawn_as, early_stopping=early_stopping)
    assert auto != estimate_fit_memory(
        *shape, "hard_cached" if early_stopping else "hard", early_stopping=early_stopping
    )
