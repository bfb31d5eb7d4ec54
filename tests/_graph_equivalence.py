"""One check shared by tests: the CUDA-graph path's CPU stand-in trains like the eager step."""

import torch

from skff.core.trainer import TrainConfig, Trainer
from skff.training import build_network


def assert_graph_step_matches_eager(
    X: torch.Tensor,
    y: torch.Tensor,
    n_classes: int,
    weight: torch.Tensor,
    config: TrainConfig,
    label_scale: float,
) -> None:
    """Two epochs with and without the graph path: the same weights and losses, bit for bit.

    Both sides use the graph path's optimizer (LeanAdam with device scalars); the
    caller turns the CPU's fused Adam off (``fused_adam_on_cpu``).
    """
    results = []
    for graphs in (False, True):
        network = build_network(
            X.numpy(), n_classes, depth=2, width=16, label_embedding="concat",
            prediction="goodness", skip_first_layer=False, label_scale=label_scale, seed=0,
        )  # fmt: skip
        rows = network.embed(X)
        rows.weight = weight
        trainer = Trainer(network, config, torch.Generator(), graphs=graphs)
        trainer.start_phase(range(2))
        trainer.optimizer.device_scalars = True
        losses = [trainer.train_epoch(rows, y).layers for _ in range(2)]
        results.append((network.state_dict(), losses))
    (eager, eager_losses), (graphed, graphed_losses) = results
    assert all(torch.equal(eager[k], graphed[k]) for k in eager)
    assert all(torch.equal(a, b) for a, b in zip(eager_losses, graphed_losses, strict=True))
