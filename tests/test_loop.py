"""The training loop and its callbacks, on a small problem."""

import numpy as np
import pytest
import torch

from skff.core import (
    Callback,
    DivergenceGuard,
    FFNetwork,
    History,
    LossPlateau,
    TrainConfig,
    Trainer,
    TrainingLoop,
    embed_rows,
    phases,
)
from skff.core.embedding import feature_rms
from skff.core.loop import linear_decay


def _loop(callbacks, max_iter=4, depth=2):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(60, 5, generator=gen)
    y = torch.randint(0, 3, (60,), generator=gen)
    net = FFNetwork(5, 3, depth, 8, label_scale=feature_rms(x), generator=gen)
    trainer = Trainer(net, TrainConfig("cff", 0.5, "random", batch_size=20), gen)
    history = History(layer_loss_curve=[[] for _ in range(depth)])
    loop = TrainingLoop(
        trainer, history, DivergenceGuard("cff", 0.5, 0.01), callbacks, max_iter, linear_decay
    )
    return loop, embed_rows(x, 3, float(net.label_scale)), y


class _Log(Callback):
    def __init__(self):
        self.events = []

    def on_phase_begin(self, loop, trainable):
        self.events.append(("begin", tuple(trainable)))

    def on_epoch_end(self, loop, epoch):
        self.events.append(("epoch", epoch.index, loop.history.n_iter))

    def on_phase_end(self, loop, trainable):
        self.events.append(("end", tuple(trainable)))

    def on_train_end(self, loop):
        self.events.append(("train_end",))


def test_callbacks_see_every_phase_and_epoch_in_order_after_the_history():
    log = _Log()
    loop, rows, y = _loop([log], max_iter=2)
    stopped = loop.run(rows, y, phases("layer", 2))
    assert stopped == [False, False]
    assert log.events == [
        ("begin", (0,)),
        ("epoch", 0, 1),  # the history already counts the epoch
        ("epoch", 1, 2),
        ("end", (0,)),
        ("begin", (1,)),
        ("epoch", 0, 3),
        ("epoch", 1, 4),
        ("end", (1,)),
        ("train_end",),
    ]
    assert [len(c) for c in loop.history.layer_loss_curve] == [2, 2]


def test_a_callback_can_stop_a_phase_and_the_schedule_sets_the_rate():
    class StopAfterTwo(Callback):
        def on_epoch_end(self, loop, epoch):
            epoch.stop = epoch.index == 1

    rates = []

    class RecordRate(Callback):
        def on_epoch_end(self, loop, epoch):
            rates.append(loop.trainer.optimizer.param_groups[0]["lr"])

    loop, rows, y = _loop([RecordRate(), StopAfterTwo()], max_iter=4)
    assert loop.run(rows, y, phases("network", 2)) == [True]
    assert loop.history.n_iter == 2
    # Linear decay over 4 epochs: the full rate for the first half.
    np.testing.assert_allclose(rates, [0.01, 0.01])


def test_loss_plateau_stops_after_n_iter_no_change_epochs_without_gain():
    loop, rows, y = _loop([LossPlateau(tol=1e9, n_iter_no_change=2)], max_iter=20)
    assert loop.run(rows, y, phases("network", 2)) == [True]
    # The first epoch improves on an infinite best; no later one can gain 1e9,
    # and the count of those passes n_iter_no_change=2 at the fourth epoch.
    assert loop.history.n_iter == 4
    assert loop.history.best_loss == min(loop.history.loss_curve)


def test_phases():
    assert phases("network", 3) == [range(3)]
    assert phases("layer", 3) == [range(0, 1), range(1, 2), range(2, 3)]


def test_each_trainer_owns_its_buffers_and_optimizer():
    first, _, _ = _loop([])
    second, rows, y = _loop([])
    first.run(rows, y, phases("network", 2))
    second.run(rows, y, phases("network", 2))
    assert first.trainer.workspace is not second.trainer.workspace
    assert first.trainer.optimizer is not second.trainer.optimizer
    for a, b in zip(first.net.parameters(), second.net.parameters(), strict=True):
        assert torch.equal(a, b)  # same seeds, separate state: the same result


@pytest.mark.parametrize("epoch", [0, 2])
def test_learning_rate_decays_linearly_in_the_second_half(epoch):
    assert linear_decay(epoch, 4) == 1.0
    assert linear_decay(3, 4) == pytest.approx(0.5)
