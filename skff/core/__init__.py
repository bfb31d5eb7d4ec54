"""The PyTorch core of skff: network, goodness, variants, embedding, negatives, trainer.

Nothing here imports scikit-learn; :mod:`skff.estimator` is the scikit-learn
face over it.
"""

from skff.core.embedding import EMBEDDINGS, EmbeddedRows, embed_rows, split_body
from skff.core.negatives import NEGATIVES, hard_wrong_labels, random_wrong_labels
from skff.core.network import FFNetwork, goodness, rms_normalize
from skff.core.scoring import head_scores, label_goodness
from skff.core.trainer import TrainConfig, make_optimizer, train_epoch, train_step
from skff.core.variants import VARIANTS, layer_losses

__all__ = [
    "EMBEDDINGS",
    "NEGATIVES",
    "VARIANTS",
    "EmbeddedRows",
    "FFNetwork",
    "TrainConfig",
    "embed_rows",
    "goodness",
    "hard_wrong_labels",
    "head_scores",
    "label_goodness",
    "layer_losses",
    "make_optimizer",
    "random_wrong_labels",
    "rms_normalize",
    "split_body",
    "train_epoch",
    "train_step",
]
