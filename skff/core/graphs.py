"""CUDA graphs for the training step: capture one step at a fixed batch shape, replay it.

On a GPU a training step of the MNIST network is about a hundred kernels,
most of them small, launched one by one from Python (0.9 ms a step on an
H200 for Hinton's 4 x 2000 network, where the matmuls alone need well under
half of that in TF32). :class:`GraphStep` captures
the whole step once per phase -- the batch gather, the negative labels, both
passes, the closed-form gradients, the backward pass and the optimizer update
-- as a ``torch.cuda.CUDAGraph``, and then launches it with one call per
batch.

What changes from step to step reaches the graph through device tensors that
it reads, never through kernel arguments:

* **the batch**: the epoch's permutation is copied into a static buffer, and
  a device counter says where the next batch starts; the graph gathers its
  rows, labels and negative-label offsets from the training set with it and
  advances it.
* **the random numbers**: drawn outside the graph with the trainer's
  generator, by the same calls as the eager epoch: the permutation; the
  negatives drawn ahead a block of batches at a time (random ones, or hard
  ones from the cached scores of :class:`~skff.core.score_cache.ScoreCache`),
  stored as offsets from the true labels; or, for the exact hard draw, the
  Exp(1) noise that ``torch.multinomial`` draws, one batch at a time, into a
  static buffer. The graph turns them into labels
  (:func:`~skff.core.negatives.offset_labels`,
  :func:`~skff.core.negatives.hard_wrong_labels_from_noise`), so it trains on
  exactly the eager epoch's labels.
* **the learning rate and Adam's bias corrections**: device scalars that
  :meth:`~skff.core.optim.LeanAdam.prepare_step` fills before each replay,
  so warm-up and the per-epoch schedule need no new capture.
* **the losses**: added inside the graph into static per-epoch sums.

The last, partial batch of an epoch (when the batch size does not divide the
rows) runs the ordinary eager step, on the same permutation and the same drawn
labels. A new phase or new training rows make a new :class:`GraphStep`.

Before capturing, :data:`WARMUP_STEPS` steps run eagerly through the same code
(they are real training steps): the first creates the gradients, the
optimizer's flat buffers and the workspace, the second runs on the capture
stream, as PyTorch's documentation asks. If the capture fails for any reason,
a :class:`GraphCaptureWarning` says so and training goes on with eager steps,
which compute the same thing.

On the CPU, and wherever :class:`GraphStep` is asked to run without CUDA,
"capture" does nothing and "replay" calls the step function: the same code
path, run eagerly, which is how the tests check it, bit for bit, against the
eager step.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable

import torch

from skff.core.embedding import EmbeddedRows
from skff.core.negatives import hard_wrong_labels_from_noise, offset_labels
from skff.core.optim import LeanAdam

#: Eager steps of a phase before its capture: the first creates the gradients,
#: the optimizer's flat buffers and the workspace on the current stream, the
#: second runs the captured code on the capture stream.
WARMUP_STEPS = 2

#: Full batches an epoch needs for the graph path: the warm-up steps, the
#: captured step and at least one replay. Smaller epochs run eagerly.
MIN_FULL_BATCHES = WARMUP_STEPS + 2

#: Full-batch steps a phase needs in all (batches per epoch times its planned
#: epochs) for the graph path. A capture synchronizes the device, empties the
#: allocator's cache and records the step, about as long as a few dozen eager
#: steps of a small network: a single ``partial_fit`` call on a small chunk
#: runs eagerly.
MIN_GRAPH_STEPS = 64

#: ``compute(batch, y, labels, onehot, record=None)``: forward, losses and
#: backward into ``.grad``; returns the layer losses and the head loss (or None).
Compute = Callable[..., tuple[torch.Tensor, torch.Tensor | None]]

#: ``record(index, labels, goodness)``: the negative labels' goodness of a step,
#: for the rows at positions ``index`` (:meth:`~skff.core.score_cache.ScoreCache.record`).
Record = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], None]


class GraphCaptureWarning(RuntimeWarning):
    """Capturing the training step as a CUDA graph failed; training goes on with eager steps."""


def graphs_supported(device: torch.device) -> bool:
    """Whether CUDA graphs can be captured on ``device``."""
    return device.type == "cuda" and hasattr(torch.cuda, "CUDAGraph")


class GraphStep:
    """The training step of one phase at one batch size, captured once and replayed.

    Parameters
    ----------
    compute : callable
        Forward, losses and backward of one batch into ``.grad``, with no
        optimizer step (:func:`skff.core.trainer.compute_gradients` with the
        trainer's network, layers, settings and workspace bound).
    optimizer : LeanAdam
        With ``device_scalars``; its step is split into
        :meth:`~skff.core.optim.LeanAdam.prepare_step` (before each replay) and
        :meth:`~skff.core.optim.LeanAdam.apply_step` (captured).
    rows : EmbeddedRows
        The training rows; the graph reads them where they are.
    y : torch.Tensor of shape (n_rows,)
        Their encoded labels.
    batch_size : int
    n_classes : int
    n_layers : int
        Active layers: the length of the layer losses.
    scores : callable or None
        ``scores(batch)``: every label's score, for the exact hard draw
        (:func:`~skff.core.scoring.label_scores` without the head); None
        when the negatives are drawn ahead, into :attr:`offsets`.
    record : callable or None
        Given to ``compute`` with the batch's positions bound: keeps the
        cached scores of hard negatives current. Its tensors must outlive the
        graph (a new cache makes a new graph, :meth:`serves`).
    capture : bool
        Capture a CUDA graph. False runs the same code eagerly (on the CPU,
        and in tests).

    Attributes
    ----------
    captured : bool
        Whether the step is replayed from a graph (or, with ``capture=False``,
        from its eager stand-in).
    failed : bool
        Whether a capture failed; the steps then run eagerly.
    noise : torch.Tensor of shape (batch_size, n_classes) or None
        With ``scores``: where the caller draws the Exp(1) noise of the exact
        hard draw before each step (:func:`~skff.core.negatives.exponential_noise`).
    offsets : torch.Tensor of shape (n_rows,) or None
        Without ``scores``: the epoch's negative labels as offsets
        ``(negative - y) % n_classes``, in the order of the permutation; the
        caller fills it after :meth:`start_epoch`.
    """

    def __init__(
        self,
        compute: Compute,
        optimizer: LeanAdam,
        rows: EmbeddedRows,
        y: torch.Tensor,
        *,
        batch_size: int,
        n_classes: int,
        n_layers: int,
        scores: Callable[[EmbeddedRows], torch.Tensor] | None = None,
        record: Record | None = None,
        capture: bool,
    ) -> None:
        device = y.device
        self.compute = compute
        self.optimizer = optimizer
        self.rows, self.y = rows, y
        self.batch_size = batch_size
        self.n_classes = n_classes
        self.scores = scores
        self.record = record
        self.capture = capture and graphs_supported(device)
        n = len(rows)
        # The static inputs: the permutation, the next batch's first position in it,
        # the random numbers, and the loss sums that the steps add into.
        self.order = torch.zeros(n, dtype=torch.long, device=device)
        self.position = torch.zeros((), dtype=torch.long, device=device)
        self._arange = torch.arange(batch_size, device=device)
        self.offsets = None if scores else torch.ones(n, dtype=y.dtype, device=device)
        self.noise = torch.ones(batch_size, n_classes, device=device) if scores else None
        self.layer_sum = torch.zeros(n_layers, device=device)
        self.head_sum = torch.zeros((), device=device)
        self.captured = False
        self.failed = False
        self._warmups = 0
        self._replay: Callable[[], None] | None = None
        self._graph: torch.cuda.CUDAGraph | None = None
        self._flats: dict[int, object] = {}
        self._stream = torch.cuda.Stream(device) if self.capture else None
        self._caller_stream = None

    # ------------------------------------------------------------------ epoch
    def serves(self, rows: EmbeddedRows, y: torch.Tensor, record: Record | None = None) -> bool:
        """Whether this step was built for these training rows (and this score recorder)."""
        return rows is self.rows and y is self.y and record == self.record

    def start_epoch(self, order: torch.Tensor) -> None:
        """Take the epoch's permutation and zero the loss sums (eager kernels, no capture)."""
        self.order.copy_(order)
        self.position.zero_()
        self.layer_sum.zero_()
        self.head_sum.zero_()

    def add_losses(self, losses: torch.Tensor, head_loss: torch.Tensor | None, n: int) -> None:
        """Add an eager step's losses (the partial batch) to the epoch's sums."""
        self.layer_sum.add_(losses, alpha=n)
        if head_loss is not None:
            self.head_sum.add_(head_loss, alpha=n)

    def epoch_losses(self, n_rows: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The epoch's mean layer losses and head loss, as new tensors."""
        return self.layer_sum / n_rows, self.head_sum / n_rows

    # ------------------------------------------------------------------- step
    def step(self) -> None:
        """One optimizer step on the next full batch of the permutation.

        Warm-up steps first, then the capture, then replays; eager steps
        after a failed capture. The caller draws ``noise`` before it, for the
        exact hard draw.
        """
        if self._replay is not None and self._flats_unchanged():
            self.optimizer.prepare_step()
            self._replay()
            return
        if self._replay is not None:
            # The optimizer rebuilt its buffers (a loaded state): the graph would
            # update the old ones. Capture again.
            self._release()
            self._warmups = 0
        if self.failed or self._warmups < WARMUP_STEPS:
            self._eager_step(on_capture_stream=self._warmups == WARMUP_STEPS - 1)
            self._warmups += 1
            return
        if not self.optimizer.flat_groups_ready():
            # The stock Adam step (a state with unequal step counts, say) has host
            # logic in it: keep to eager steps, which are right, just slower.
            self.failed = True
            self._eager_step(on_capture_stream=False)
            return
        if self._stream is not None:
            self._caller_stream = torch.cuda.current_stream(self._stream.device)
        if self._capture_step():
            self.optimizer.prepare_step()
            self._replay()
        else:
            self._eager_step(on_capture_stream=False)

    def _body(self, apply: bool) -> None:
        """The step on the batch at ``position``: what the graph captures when ``apply``.

        With ``apply`` the optimizer's device half runs here (its host half,
        :meth:`~skff.core.optim.LeanAdam.prepare_step`, ran before); without,
        the whole eager optimizer step runs after the gradients.
        """
        m = self.batch_size
        where = torch.add(self._arange, self.position)
        index = torch.index_select(self.order, 0, where)
        rows = self.rows
        batch = EmbeddedRows(
            torch.index_select(rows.body, 0, index),
            torch.index_select(rows.label_coef, 0, index),
            torch.index_select(rows.neutral_ratio, 0, index),
            None if rows.weight is None else torch.index_select(rows.weight, 0, index),
        )
        y = torch.index_select(self.y, 0, index)
        if self.offsets is not None:
            negatives = offset_labels(y, torch.index_select(self.offsets, 0, where), self.n_classes)
        else:
            negatives = hard_wrong_labels_from_noise(self.scores(batch), y, self.noise)
        record = None if self.record is None else functools.partial(self.record, index)
        losses, head_loss = self.compute(batch, y, torch.cat([y, negatives]), None, record=record)
        if apply:
            self.optimizer.apply_step()
        else:
            self.optimizer.step_unhooked()
        self.add_losses(losses, head_loss, m)
        self.position.add_(m)

    def _eager_step(self, on_capture_stream: bool) -> None:
        if not (on_capture_stream and self._stream is not None):
            self._body(apply=False)
            return
        current = torch.cuda.current_stream(self._stream.device)
        self._stream.wait_stream(current)
        with torch.cuda.stream(self._stream):
            self._body(apply=False)
        current.wait_stream(self._stream)

    # ---------------------------------------------------------------- capture
    def _capture_step(self) -> bool:
        """Capture the step (or set up its eager stand-in); False if the capture failed."""
        try:
            self._replay = self._record()
        except Exception as err:  # any failure: eager steps compute the same
            self._capture_failed(err)
            return False
        self._flats = dict(self.optimizer._flat)
        self.captured = True
        return True

    def _record(self) -> Callable[[], None]:
        """The replay of the captured step; with ``capture=False``, the step itself."""
        if not self.capture:
            return functools.partial(self._body, True)
        graph = torch.cuda.CUDAGraph()
        # Nothing runs during a capture: the kernels are recorded, and the replay
        # that follows runs them for this batch.
        with torch.cuda.graph(graph, stream=self._stream, capture_error_mode="thread_local"):
            self._body(apply=True)
        self._graph = graph
        return graph.replay

    def _capture_failed(self, err: Exception) -> None:
        if self._stream is not None:
            # torch.cuda.graph leaves the capture stream current when ending the
            # capture raises: the eager steps go back to the caller's stream.
            torch.cuda.set_stream(self._caller_stream)
            try:
                torch.cuda.synchronize(self._stream.device)
            except Exception:  # the device itself is broken: report the original error
                raise err from None
        self._graph = None
        self._replay = None
        self.failed = True
        warnings.warn(
            f"Capturing the training step as a CUDA graph failed ({type(err).__name__}: "
            f"{err}); training continues with eager steps, which compute the same "
            "thing more slowly. Pass cuda_graphs=False to skip the attempt.",
            GraphCaptureWarning,
            stacklevel=2,
        )

    def _flats_unchanged(self) -> bool:
        flats = self.optimizer._flat
        return all(flats.get(index) is flat for index, flat in self._flats.items())

    def _release(self) -> None:
        self._replay = None
        self._graph = None
        self._flats = {}
        self.captured = False

    def close(self) -> None:
        """Free the graph and its memory pool (also done when the object is freed)."""
        self._release()
