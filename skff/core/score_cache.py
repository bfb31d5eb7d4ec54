"""Hard negatives from cached label scores, refreshed for a slice of the rows each epoch.

A hard negative is a wrong label drawn in proportion to the model's belief in
it, which needs the goodness of every label for the row: ``n_classes`` passes
through the upper layers. Scoring each mini-batch just before its step made a
hard-negative epoch cost about 2.3x a random-negative one (2 x 1000 on MNIST).

:class:`ScoreCache` keeps every training row's scores instead, and each epoch
rescores the rows whose position is congruent to the epoch modulo
:data:`REFRESH_EPOCHS`, in large chunks before the epoch's first step. Every
row's scores are then at most :data:`REFRESH_EPOCHS` epochs old, and the
all-label pass costs ``1 / REFRESH_EPOCHS`` of what it cost, spread evenly
over the epochs. The draw itself stays fresh: new Exp(1) noise every epoch
(:func:`~skff.core.negatives.hard_wrong_labels_from_noise`). Between two
rescorings, every training step writes back the goodness of the labels it
drew, which its forward pass computed anyway (:meth:`ScoreCache.record`): the
labels drawn most are the model's current confusions, and they stay scored by
the current model.

A cache made for a network that has not taken a step starts at zero scores,
which draw every wrong label with the same probability: an untrained
network's scores carry no more than that, and the slices that follow replace
them. A cache made for a trained network (``partial_fit`` on new rows, a new
phase of the greedy schedule, a warm start) scores all its rows first.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.negatives import exponential_noise, hard_wrong_labels_from_noise
from skff.core.scoring import chunk_rows, chunks

#: Epochs between two scorings of a row. Measured on MNIST (12,000 rows,
#: 2 x 1000, batch 256, 2 threads): 4 brings the hard-negative epoch from 2.5x to
#: 1.3x the random one; see ``benchmarks/results/hard_negatives.md``.
REFRESH_EPOCHS = 4

#: ``score(rows)``: every label's score for these rows, shape (n_rows, n_classes).
Score = Callable[[EmbeddedRows], torch.Tensor]


class ScoreCache:
    """Label scores of one set of training rows, for drawing their hard negatives.

    Parameters
    ----------
    rows : EmbeddedRows
        The training rows; the cache serves these rows only.
    y : torch.Tensor of shape (n_rows,)
        Their encoded labels.
    n_classes : int
    n_layers : int
        Layers whose goodness the scores sum (the active ones).
    score : callable
        ``score(rows)``: every label's score (:func:`~skff.core.scoring.label_scores`
        without the head, over ``n_layers`` layers).
    trained : bool
        Whether the network has taken a step: a trained network's rows are all
        scored at once, an untrained one's start at zero scores.
    skip_first_layer : bool, default=False
        Whether the scores leave layer 1 out (when ``n_layers > 1``), as
        :func:`~skff.core.scoring.label_scores` does under ``skip_first_layer``.
    """

    def __init__(
        self,
        rows: EmbeddedRows,
        y: torch.Tensor,
        n_classes: int,
        n_layers: int,
        score: Score,
        trained: bool,
        skip_first_layer: bool = False,
    ) -> None:
        self.rows, self.y = rows, y
        self.n_layers = n_layers
        self.first_scored = 1 if skip_first_layer and n_layers > 1 else 0
        self.score = score
        self.scores = torch.zeros(len(rows), n_classes, device=y.device)
        # Rows scored at least once: only their scores take a step's goodness, which
        # next to the zeros of an unscored row would favour the labels drawn so far.
        self.scored = torch.zeros(len(rows), dtype=torch.bool, device=y.device)
        self.epochs = 0
        if trained:
            self._rescore(torch.arange(len(rows), device=y.device))

    def serves(self, rows: EmbeddedRows, y: torch.Tensor, n_layers: int) -> bool:
        """Whether this cache holds scores of these rows over these layers."""
        return rows is self.rows and y is self.y and n_layers == self.n_layers

    def start_epoch(self) -> None:
        """Rescore this epoch's slice of the rows (every :data:`REFRESH_EPOCHS`-th row)."""
        n = len(self.rows)
        start = self.epochs % REFRESH_EPOCHS
        self.epochs += 1
        if start < n:
            self._rescore(torch.arange(start, n, REFRESH_EPOCHS, device=self.y.device))

    def draw(
        self, index: torch.Tensor, y: torch.Tensor, generator: torch.Generator
    ) -> torch.Tensor:
        """One wrong label for each row of ``index``, in proportion to its cached scores.

        Parameters
        ----------
        index : torch.Tensor of shape (n,)
            Positions of the rows in the training set.
        y : torch.Tensor of shape (n,)
            Their true labels (never drawn).
        generator : torch.Generator
            Source of the Exp(1) noise of the draw.
        """
        noise = exponential_noise(len(index), self.scores.shape[1], generator)
        return hard_wrong_labels_from_noise(self.scores[index], y, noise)

    def record(self, index: torch.Tensor, labels: torch.Tensor, goodness: torch.Tensor) -> None:
        """Take a training step's goodness of its negative labels as their new scores.

        The step's forward pass has just computed the goodness of the drawn
        label for each of its rows: storing it keeps the labels that are drawn
        most, the model's current confusions, scored by the current model, at
        no extra cost. A label the model has learned to reject then loses its
        weight in the draw before the row's slice comes round again.

        Parameters
        ----------
        index : torch.Tensor of shape (n,)
            The rows' positions in the training set.
        labels : torch.Tensor of shape (n,)
            Their negative labels.
        goodness : torch.Tensor of shape (n_layers, n)
            Every active layer's goodness of those rows with those labels.
        """
        fresh = goodness[self.first_scored :].sum(dim=0)
        kept = self.scores[index, labels]
        self.scores.index_put_((index, labels), torch.where(self.scored[index], fresh, kept))

    def _rescore(self, index: torch.Tensor) -> None:
        # Bounds the gathered copy of the rows; label_scores bounds its own activities.
        size = chunk_rows(1, 1, self.rows.body.shape[1])
        for part in chunks(len(index), size):
            where = index[part]
            self.scores[where] = self.score(self.rows.take(where))
            self.scored[where] = True
