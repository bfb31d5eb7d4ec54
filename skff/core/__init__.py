"""The PyTorch core of skff: network, goodness, variants, embedding, negatives, trainer,
optimizer and matmul precision.

Nothing here imports scikit-learn; :mod:`skff.estimator` is the scikit-learn
face over it.
"""

from skff.core.embedding import EMBEDDINGS, EmbeddedRows, embed_rows, split_body
from skff.core.negatives import NEGATIVES, hard_wrong_labels, random_wrong_labels
from skff.core.network import FFNetwork, Workspace, goodness, rms_normalize
from skff.core.optim import LeanAdam
from skff.core.precision import PRECISIONS, matmul_precision
from skff.core.scoring import head_scores, label_goodness
from skff.core.trainer import TrainConfig, make_optimizer, train_epoch, train_step
from skff.core.variants import UNIT_SLOPE, VARIANTS, layer_losses, losses_and_goodness_grad

__all__ = [
    "EMBEDDINGS",
    "NEGATIVES",
    "PRECISIONS",
    "UNIT_SLOPE",
    "VARIANTS",
    "EmbeddedRows",
    "FFNetwork",
    "LeanAdam",
    "TrainConfig",
    "Workspace",
    "embed_rows",
    "goodness",
    "hard_wrong_labels",
    "head_scores",
    "label_goodness",
    "layer_losses",
    "losses_and_goodness_grad",
    "make_optimizer",
    "matmul_precision",
    "random_wrong_labels",
    "rms_normalize",
    "split_body",
    "train_epoch",
    "train_step",
]
