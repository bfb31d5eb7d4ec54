"""The trainer: one network's optimizer, workspace and random generator, and its training step.

Each step takes a mini-batch from a permutation drawn on the device, pairs
it with negative labels, runs the positive and negative rows through the
active layers, and lets :mod:`skff.core.variants` turn the goodness into
per-layer losses and their gradient with respect to the goodness (in closed
form for the registered variants, by autograd on that small
``(n_layers, rows)`` tensor for others); the layers' gradients come from
:func:`~skff.core.network.backward`, written in place into ``.grad`` (which
:class:`~skff.core.optim.LeanAdam` keeps as views of one flat buffer) for
:func:`make_optimizer`'s Adam. Losses
accumulate on the device: the only host synchronisation is the caller's, once
per epoch.

On CUDA, with ``TrainConfig.cuda_graphs``, the full batches of an epoch run
as replays of one captured step (:class:`~skff.core.graphs.GraphStep`), which
draws the same random numbers and computes the same thing as the eager step;
the last, partial batch runs eagerly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from skff.core.batches import DrawNegatives, epoch_batches, rows_per_block
from skff.core.embedding import EmbeddedRows
from skff.core.fused_adam import UnhookedFusedAdam
from skff.core.graphs import MIN_FULL_BATCHES, MIN_GRAPH_STEPS, GraphStep, graphs_supported
from skff.core.negatives import (
    exponential_noise,
    hard_wrong_labels_from_noise,
    offset_labels,
    random_wrong_labels,
)
from skff.core.network import (
    FFNetwork,
    Layers,
    Workspace,
    backward,
    forward_from_first_layer,
    pair_forward,
)
from skff.core.optim import LeanAdam
from skff.core.peer import PeerNormalization
from skff.core.score_cache import REFRESH_EPOCHS, ScoreCache
from skff.core.scoring import label_scores
from skff.core.variants import UNIT_SLOPE, losses_and_goodness_grad

#: ``record(labels, goodness)``: see :func:`compute_gradients`.
RecordScores = Callable[[torch.Tensor, torch.Tensor], None]


def resolve_batch_size(batch_size: int | str, n_rows: int) -> int:
    """Rows per mini-batch for ``n_rows`` training rows.

    Parameters
    ----------
    batch_size : int or "auto"
        The estimators' parameter. ``"auto"`` is ``n_rows // 10`` clipped to
        ``[16, 128]``, so that small data sets still get about ten updates
        per epoch. (``ForwardForwardClassifier`` resolves ``"auto"`` itself for
        a CFF ``fit``: :func:`skff.defaults.resolve_batch_size`.)
    n_rows : int
        Training rows.

    Returns
    -------
    int
        Never more than ``n_rows``.
    """
    if batch_size == "auto":
        batch_size = int(np.clip(n_rows // 10, 16, 128))
    return min(int(batch_size), n_rows)


@dataclass(frozen=True)
class TrainConfig:
    """Settings of the training step.

    Attributes
    ----------
    variant : str
        Key of :data:`skff.core.variants.VARIANTS`.
    threshold : float
        Per-layer threshold theta on the mean-of-squares goodness.
    negatives : {"random", "hard", "hard_cached"}
        How negative labels are drawn.
    batch_size : int
        Rows per mini-batch.
    learning_rate : float, default=0.01
        Adam's step size at the start of training.
    weight_decay : float, default=0.0
        Adam's L2 penalty.
    warmup_steps : int, default=0
        Steps over which each phase's step size rises linearly from
        ``learning_rate / warmup_steps`` to ``learning_rate``.
    peer_normalization : float, default=0.0
        Weight of the peer-normalization penalty (:mod:`skff.core.peer`); 0
        for none.
    cuda_graphs : bool, default=False
        On CUDA, replay the full batches' steps from a captured CUDA graph
        (:mod:`skff.core.graphs`); ignored on the CPU.
    loss : {"threshold", "symba"}, default="threshold"
        Key of :data:`skff.core.variants.LOSSES`: FF's threshold loss on every
        row, or SymBa's loss on each positive row's logit minus its negative's.
    """

    variant: str
    threshold: float
    negatives: str
    batch_size: int
    learning_rate: float = 0.01
    weight_decay: float = 0.0
    warmup_steps: int = 0
    peer_normalization: float = 0.0
    cuda_graphs: bool = False
    loss: str = "threshold"


@dataclass
class EpochLosses:
    """Mean losses of one epoch, still on the device.

    Attributes
    ----------
    layers : torch.Tensor of shape (n_active,)
        Mean loss of each active layer.
    head : torch.Tensor
        Mean cross-entropy of the softmax head (0 without a head).
    """

    layers: torch.Tensor
    head: torch.Tensor


def make_optimizer(
    net: FFNetwork,
    trainable: range,
    learning_rate: float,
    weight_decay: float,
    device_scalars: bool | None = None,
) -> torch.optim.Adam:
    """Adam over the trainable layers' parameters and the head's.

    On the CPU, ``torch.optim.Adam(fused=True)`` where this torch has it
    (2.4 and later), as :class:`~skff.core.fused_adam.UnhookedFusedAdam`,
    whose training-loop step skips ``torch.optim``'s per-step bookkeeping:
    one fused kernel per parameter, measured 2.5 times
    faster per step than :class:`~skff.core.optim.LeanAdam` on a 2 x 1000
    network and 1.6 times on 2 x 256 (``benchmarks/speed.py``). Elsewhere,
    and whenever the step size must live on the device (``device_scalars``
    True: the CUDA-graph path), LeanAdam: the stock foreach Adam's
    arithmetic and state with less overhead per step. Both keep the stock
    optimizer's ``state_dict`` layout, so either continues the other's state.
    ``device_scalars`` goes to LeanAdam (None: on CUDA only).
    """
    params = [p for k in trainable for p in net.layer_parameters(k)]
    params += net.head_parameters()
    if device_scalars is not True and params[0].device.type == "cpu" and fused_adam_on_cpu():
        return UnhookedFusedAdam(params, lr=learning_rate, weight_decay=weight_decay)
    return LeanAdam(
        params, lr=learning_rate, weight_decay=weight_decay, device_scalars=device_scalars
    )


@functools.cache
def fused_adam_on_cpu() -> bool:
    """Whether this torch build runs ``Adam(fused=True)`` on CPU tensors (2.4 and later)."""
    try:
        param = torch.zeros(1, requires_grad=True)
        param.grad = torch.ones(1)
        torch.optim.Adam([param], fused=True).step()
    except (RuntimeError, TypeError, ValueError):
        return False
    return True


def compute_gradients(
    net: FFNetwork,
    layers: Layers,
    config: TrainConfig,
    trainable: range,
    workspace: Workspace,
    batch: EmbeddedRows,
    y: torch.Tensor,
    labels: torch.Tensor,
    onehot: torch.Tensor | None = None,
    peer: PeerNormalization | None = None,
    record: RecordScores | None = None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Forward, losses and backward of one batch, the gradients written into ``.grad``.

    The training step without its optimizer update, shared by the eager step
    (:meth:`Trainer.step`) and the captured one (:class:`~skff.core.graphs.GraphStep`).

    Parameters
    ----------
    net : FFNetwork
    layers : Layers
        ``net.layers()``.
    config : TrainConfig
    trainable : range
    workspace : Workspace
    batch : EmbeddedRows
    y : torch.Tensor
        The batch's true labels.
    labels : torch.Tensor
        The positive then the negative labels.
    onehot : torch.Tensor, optional
        The label block of ``labels``; None builds it in the backward pass.
    peer : PeerNormalization, optional
        Adds the peer-normalization gradient (and updates its running means).
    record : callable, optional
        ``record(labels, goodness)``, given the negative labels and their
        per-layer goodness from this forward pass: the hard negatives' score
        cache keeps the drawn labels' scores current with it
        (:meth:`~skff.core.score_cache.ScoreCache.record`).

    Returns
    -------
    losses : torch.Tensor of shape (n_active,)
    head_loss : torch.Tensor or None
    """
    activities, scales, g = pair_forward(
        layers, batch.body, batch.label_coef, labels, trainable.stop, workspace
    )
    if record is not None:
        record(labels[len(batch) :], g[:, len(batch) :])
    weight = batch.weight  # None unless fit got sample_weight
    losses, goodness_grad = losses_and_goodness_grad(
        config.variant, g, len(batch), config.threshold, weight, config.loss
    )
    unit_grads = (
        None if peer is None else peer.unit_grads(activities, trainable, len(batch), weight)
    )
    backward(
        layers,
        batch.body,
        batch.label_coef,
        labels,
        activities,
        scales,
        goodness_grad,
        trainable,
        workspace,
        onehot,
        unit_grads,
        weight,
    )
    head_loss = None
    if net.head_weight is not None:
        h = net.first_layer_neutral(batch.body, batch.label_coef, batch.neutral_ratio)
        # Normalized once, for the logits and for the gradient.
        activities, _, _ = forward_from_first_layer(layers, h, net.depth)
        features = net.head_features(activities)
        head_loss = net.head_backward(features, net.head_logits(features), y, weight)
    return losses, head_loss


class Trainer:
    """Trains the layers of one network, a phase at a time.

    It owns what a training run keeps from step to step: the optimizer of the
    layers being trained, the buffers of the hot loop (:class:`Workspace`,
    allocated once per run) and the random generator that draws the batch
    order and the negative labels.

    Parameters
    ----------
    net : FFNetwork
        On the device the training rows are on.
    config : TrainConfig
    generator : torch.Generator
        On the same device.
    graphs : bool, optional
        Train through :class:`~skff.core.graphs.GraphStep`. None (the
        default): when ``config.cuda_graphs`` and the network is on CUDA.
        True elsewhere runs the graph path's step eagerly (its capture does
        nothing), which the tests compare with the eager step.
    trained : bool, default=False
        Whether ``net`` was trained before (a warm start, a later
        ``partial_fit``): its label scores then mean something from the first
        epoch on (:class:`~skff.core.score_cache.ScoreCache`).

    Attributes
    ----------
    trainable : range
        Zero-based layers that learn in the current phase; the layers below
        them run forward only, the layers above them do not run.
    optimizer : torch.optim.Optimizer or None
        The current phase's optimizer; None before :meth:`start_phase`.
    graph_step : GraphStep or None
        The current phase's captured step, once an epoch has used it.
    trained : bool
        Whether the network has been trained, before or by this trainer.
    score_cache : ScoreCache or None
        The label scores of the training rows, for hard negatives.
    """

    def __init__(
        self,
        net: FFNetwork,
        config: TrainConfig,
        generator: torch.Generator,
        *,
        graphs: bool | None = None,
        trained: bool = False,
    ) -> None:
        self.net = net
        self.config = config
        self.generator = generator
        self.workspace = Workspace()
        self.trainable = range(0)
        self.optimizer: torch.optim.Optimizer | None = None
        self.steps_taken = 0
        self.trained = trained
        self._learning_rate = config.learning_rate
        self.peer = (
            PeerNormalization(config.peer_normalization) if config.peer_normalization else None
        )
        if graphs is None:
            # Peer normalization keeps running means from step to step outside a
            # graph's static buffers: its steps stay eager.
            graphs = (
                config.cuda_graphs
                and not config.peer_normalization
                and graphs_supported(net.label_scale.device)
            )
        self.graphs = graphs
        self.graph_step: GraphStep | None = None
        self.score_cache: ScoreCache | None = None
        self._planned_epochs: int | None = None

    def start_phase(
        self,
        trainable: range,
        optimizer_state: dict[str, Any] | None = None,
        epochs: int | None = None,
    ) -> None:
        """Train ``trainable`` from now on, with a new optimizer or a restored one.

        Parameters
        ----------
        trainable : range
            Zero-based layers to train.
        optimizer_state : dict, optional
            A ``state_dict`` of an earlier optimizer over the same layers,
            to continue with its moments and step counts.
        epochs : int, optional
            Epochs the phase will run at most, if known: with too few steps in
            all (one ``partial_fit`` call on a small chunk, say), the capture
            of a CUDA graph would cost more than it saves, and the phase runs
            eagerly (:data:`~skff.core.graphs.MIN_GRAPH_STEPS`).
        """
        self.trainable = trainable
        self._planned_epochs = epochs
        # Plain references to the parameters, taken once: in-place updates show
        # through, and indexing the ParameterLists on every step costs more.
        self._layers = self.net.layers()
        self.release_graph()
        self.optimizer = make_optimizer(
            self.net,
            trainable,
            self.config.learning_rate,
            self.config.weight_decay,
            # The graph path reads the step size from the device, also on the CPU.
            device_scalars=True if self.graphs else None,
        )
        self.steps_taken = 0
        if optimizer_state is not None:
            self.optimizer.load_state_dict(optimizer_state)
            steps = [float(s["step"]) for s in self.optimizer.state.values() if "step" in s]
            self.steps_taken = int(max(steps, default=0))
        self.set_learning_rate(self.config.learning_rate)
        self._make_gradients()

    def _make_gradients(self) -> None:
        """Give each parameter the optimizer holds a ``.grad`` made outside inference mode.

        The CPU epoch writes the gradients in place under inference mode
        (:meth:`train_epoch`); made there, they would be inference tensors, and a
        backward pass of the caller's own through the trained network could not
        accumulate into them. CUDA, which trains under no_grad, is left as it was.
        """
        for group in self.optimizer.param_groups:
            for param in group["params"]:
                if param.device.type != "cpu":
                    continue
                if param.grad is None or param.grad.is_inference():
                    param.grad = torch.zeros_like(param)

    def set_learning_rate(self, learning_rate: float) -> None:
        """Set the step size of every parameter group (scaled down while warming up)."""
        self._learning_rate = learning_rate
        warmup = self.config.warmup_steps
        if self.steps_taken < warmup:
            learning_rate *= (self.steps_taken + 1) / warmup
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate

    def optimizer_state(self) -> dict[str, Any]:
        """The optimizer's ``state_dict``, its tensors copied to the CPU."""
        return state_to_cpu(self.optimizer.state_dict())

    def settling_epochs(self) -> int:
        """Epochs at the start of a phase whose loss is not comparable with the later ones'.

        A score cache made for a network that has not been trained starts at zero
        scores, a uniform draw, and hardens as each epoch rescores a slice of the
        rows: for :data:`~skff.core.score_cache.REFRESH_EPOCHS` epochs the loss rises
        as the model learns. Two classes keep no cache (the one wrong label is the
        draw), and the other draws do not harden that way: none.
        """
        cached = self.config.negatives == "hard_cached" and self.net.n_classes > 2
        return REFRESH_EPOCHS if cached and not self.trained else 0

    def negative_labels(self, batch: EmbeddedRows, y: torch.Tensor) -> torch.Tensor:
        """One wrong label per row of ``batch``, drawn as ``config.negatives`` says.

        Hard negatives (``"hard"``, and ``"hard_cached"`` in a step given no
        labels) are drawn from the batch's scores under the current weights.
        """
        if self.config.negatives == "random":
            return random_wrong_labels(y, self.net.n_classes, self.generator)
        if self.net.n_classes == 2:
            # One wrong label per row: the model's belief cannot change the choice.
            return 1 - y
        scores = label_scores(
            self.net,
            batch,
            self.trainable.stop,
            use_head=False,
            workspace=self.workspace,
            layers=self._layers,
        )
        # torch.multinomial's own draw (hard_wrong_labels), without its checks on the
        # host: on CUDA those synchronized the device twice a step.
        noise = exponential_noise(len(y), self.net.n_classes, self.generator)
        return hard_wrong_labels_from_noise(scores, y, noise)

    def step(
        self,
        batch: EmbeddedRows,
        y: torch.Tensor,
        labels: torch.Tensor | None = None,
        onehot: torch.Tensor | None = None,
        index: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """One optimizer step; returns the batch's mean layer losses and head loss.

        Parameters
        ----------
        batch : EmbeddedRows
        y : torch.Tensor
            The batch's true labels.
        labels : torch.Tensor, optional
            The positive then the negative labels, when drawn ahead
            (:func:`~skff.core.batches.epoch_batches`); None draws the negatives here.
        onehot : torch.Tensor, optional
            The label block of ``labels``; None builds it in the backward pass.
        index : torch.Tensor, optional
            The batch's positions in the epoch's training rows: with hard
            negatives, the step's goodness of the negative labels goes into
            their cached scores.

        Returns
        -------
        losses : torch.Tensor of shape (n_active,)
        head_loss : torch.Tensor or None
            None without a softmax head.
        """
        # Inference mode on the CPU, as in train_epoch, also for a step called alone.
        with torch.no_grad(), torch.inference_mode(y.device.type == "cpu"):
            if labels is None:
                labels = torch.cat([y, self.negative_labels(batch, y)])
            losses, head_loss = compute_gradients(
                self.net,
                self._layers,
                self.config,
                self.trainable,
                self.workspace,
                batch,
                y,
                labels,
                onehot,
                self.peer,
                self._recorder(index),
            )
            if isinstance(self.optimizer, LeanAdam | UnhookedFusedAdam):
                self.optimizer.step_unhooked()
            else:
                self.optimizer.step()
        self._count_step()
        return losses, head_loss

    def _recorder(self, index: torch.Tensor | None) -> RecordScores | None:
        """What records the step's negative scores for the rows at ``index``, if anything."""
        if index is None or self.score_cache is None:
            return None
        return functools.partial(self.score_cache.record, index)

    def _count_step(self) -> None:
        self.steps_taken += 1
        self.trained = True
        if self.steps_taken <= self.config.warmup_steps:
            self.set_learning_rate(self._learning_rate)

    def epoch_negatives(self, rows: EmbeddedRows, y: torch.Tensor) -> DrawNegatives | None:
        """How this epoch draws negative labels for ``rows`` ahead, a block at a time.

        ``"hard_cached"`` negatives come from the rows' cached scores
        (:class:`~skff.core.score_cache.ScoreCache`): the cache for these rows
        and active layers is made or kept, and this epoch's slice of it
        rescored, before the epoch's first step.

        Returns
        -------
        callable or None
            ``negatives(index, y)``: one wrong label for each row at positions
            ``index`` of ``rows``, whose true labels are ``y``. None for the
            exact hard draw, which each step makes from the batch's scores
            (:meth:`negative_labels`).
        """
        n_classes, generator = self.net.n_classes, self.generator
        if self.config.negatives == "random":
            return lambda index, labels: random_wrong_labels(labels, n_classes, generator)
        if n_classes == 2:
            return lambda index, labels: 1 - labels
        if self.config.negatives == "hard":
            return None
        n_layers = self.trainable.stop
        cache = self.score_cache
        if cache is None or not cache.serves(rows, y, n_layers):
            with torch.no_grad():
                cache = self.score_cache = ScoreCache(
                    rows,
                    y,
                    n_classes,
                    n_layers,
                    functools.partial(
                        label_scores,
                        self.net,
                        n_layers=n_layers,
                        use_head=False,
                        workspace=self.workspace,
                    ),
                    trained=self.trained,
                    skip_first_layer=self.net.spec.skip_first_layer,
                )
        with torch.no_grad():
            cache.start_epoch()
        return functools.partial(cache.draw, generator=generator)

    def train_epoch(self, rows: EmbeddedRows, y: torch.Tensor) -> EpochLosses:
        """One pass over ``rows`` in shuffled mini-batches.

        Parameters
        ----------
        rows : EmbeddedRows
            Training rows, on the network's device.
        y : torch.Tensor of shape (n_rows,)
            Encoded labels in ``[0, n_classes)``, on the same device.

        Returns
        -------
        EpochLosses
            Batch losses averaged over the epoch, weighted by batch size.
        """
        # A CPU step is bound by per-operation overhead; inference mode skips no_grad's
        # version counters and view tracking (7 to 10 % of a small fit). What it creates
        # for good (Adam's moments, the score cache) is only updated in here; the
        # gradients are made outside (_make_gradients). CUDA graphs outlive an epoch.
        with torch.inference_mode(y.device.type == "cpu"):
            return self._train_epoch(rows, y)

    def _train_epoch(self, rows: EmbeddedRows, y: torch.Tensor) -> EpochLosses:
        negatives = self.epoch_negatives(rows, y)
        graph = self._graph_step_for(rows, y)
        if graph is not None:
            return self._train_epoch_graphed(rows, y, graph, negatives)
        n, device, n_classes = len(rows), y.device, self.net.n_classes
        order = torch.randperm(n, generator=self.generator, device=device)
        layer_sum = torch.zeros(self.trainable.stop, device=device)
        head_sum = torch.zeros((), device=device)
        with torch.no_grad():
            batches = epoch_batches(rows, y, order, self.config.batch_size, negatives, n_classes)
            for batch, batch_y, labels, onehot, index in batches:
                losses, head_loss = self.step(batch, batch_y, labels, onehot, index)
                layer_sum.add_(losses, alpha=len(batch))
                if head_loss is not None:
                    head_sum.add_(head_loss, alpha=len(batch))
        return EpochLosses(layer_sum / n, head_sum / n)

    # ------------------------------------------------------------ graph path
    def release_graph(self) -> None:
        """Drop the captured step and its memory (a new phase captures its own)."""
        if self.graph_step is not None:
            self.graph_step.close()
        self.graph_step = None

    def _graph_step_for(self, rows: EmbeddedRows, y: torch.Tensor) -> GraphStep | None:
        """The phase's :class:`GraphStep` for these rows, or None for the eager epoch."""
        config = self.config
        full = len(rows) // config.batch_size
        if (
            not self.graphs
            or config.variant not in UNIT_SLOPE  # the autograd loss is not captured
            or not isinstance(self.optimizer, LeanAdam)
            or full < MIN_FULL_BATCHES
            or (self._planned_epochs is not None and full * self._planned_epochs < MIN_GRAPH_STEPS)
        ):
            return None
        record = None if self.score_cache is None else self.score_cache.record
        graph = self.graph_step
        if graph is None or not graph.serves(rows, y, record):
            self.release_graph()
            scores = None
            if config.negatives == "hard" and self.net.n_classes > 2:
                scores = functools.partial(
                    label_scores,
                    self.net,
                    n_layers=self.trainable.stop,
                    use_head=False,
                    workspace=self.workspace,
                )
            graph = self.graph_step = GraphStep(
                functools.partial(
                    compute_gradients,
                    self.net,
                    self._layers,
                    config,
                    self.trainable,
                    self.workspace,
                ),
                self.optimizer,
                rows,
                y,
                batch_size=config.batch_size,
                n_classes=self.net.n_classes,
                n_layers=self.trainable.stop,
                scores=scores,
                record=record,
                capture=y.device.type == "cuda",
            )
        return None if graph.failed else graph

    def _train_epoch_graphed(
        self,
        rows: EmbeddedRows,
        y: torch.Tensor,
        graph: GraphStep,
        negatives: DrawNegatives | None,
    ) -> EpochLosses:
        """:meth:`train_epoch` through ``graph``: the same random draws, in the same order."""
        n, batch_size, n_classes = len(rows), self.config.batch_size, self.net.n_classes
        with torch.no_grad():
            order = torch.randperm(n, generator=self.generator, device=y.device)
            graph.start_epoch(order)
            if graph.offsets is not None:
                # The eager epoch draws the negatives a gathered block at a time (epoch_batches).
                per_block = rows_per_block(rows, batch_size)
                for start in range(0, n, per_block):
                    index = order[start : start + per_block]
                    block_y = y[index]
                    offsets = (negatives(index, block_y) - block_y).remainder_(n_classes)
                    graph.offsets[start : start + len(index)].copy_(offsets)
            full = n // batch_size
            for _ in range(full):
                if graph.noise is not None:
                    exponential_noise(batch_size, n_classes, self.generator, out=graph.noise)
                graph.step()
                self._count_step()
            if full * batch_size < n:
                index = order[full * batch_size :]
                batch, batch_y = rows.take(index), y[index]
                labels = None
                if graph.offsets is not None:
                    wrong = offset_labels(batch_y, graph.offsets[full * batch_size :], n_classes)
                    labels = torch.cat([batch_y, wrong])
                losses, head_loss = self.step(batch, batch_y, labels, index=index)
                graph.add_losses(losses, head_loss, len(batch))
        return EpochLosses(*graph.epoch_losses(n))


def state_to_cpu(state: Any) -> Any:
    """A copy of a (nested) state with every tensor on the CPU."""
    if isinstance(state, torch.Tensor):
        return state.detach().to("cpu", copy=True)
    if isinstance(state, dict):
        return {k: state_to_cpu(v) for k, v in state.items()}
    if isinstance(state, (list, tuple)):
        return type(state)(state_to_cpu(v) for v in state)
    return state
