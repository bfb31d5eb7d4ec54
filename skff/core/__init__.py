"""The PyTorch core of skff: network, goodness, variants, embedding, negatives, scoring,
trainer, training loop and its callbacks, optimizer and matmul precision.

Nothing here imports scikit-learn; :mod:`skff.estimator` is the scikit-learn
face over it.
"""

from skff.core.callbacks import (
    Callback,
    DeadLayerCheck,
    EarlyStopping,
    EpochRecord,
    History,
    LossPlateau,
    PlateauAnneal,
    ProgressBar,
    RecordHistory,
)
from skff.core.divergence import DivergenceGuard, TrainingDiverged
from skff.core.embedding import EMBEDDINGS, EmbeddedRows, embed_rows, split_body
from skff.core.graphs import GraphCaptureWarning, GraphStep
from skff.core.loop import LEARNING_RATE_SCHEDULES, SCHEDULES, TrainingLoop, phases
from skff.core.negatives import NEGATIVES, hard_wrong_labels, random_wrong_labels
from skff.core.network import (
    PREDICTIONS,
    FFNetwork,
    NetworkSpec,
    Workspace,
    goodness,
    rms_normalize,
)
from skff.core.optim import LeanAdam
from skff.core.precision import PRECISIONS, matmul_precision
from skff.core.scoring import chunk_rows, head_scores, label_goodness, label_scores
from skff.core.trainer import TrainConfig, Trainer, make_optimizer, resolve_batch_size
from skff.core.variants import UNIT_SLOPE, VARIANTS, layer_losses, losses_and_goodness_grad

__all__ = [
    "EMBEDDINGS",
    "LEARNING_RATE_SCHEDULES",
    "NEGATIVES",
    "PRECISIONS",
    "PREDICTIONS",
    "SCHEDULES",
    "UNIT_SLOPE",
    "VARIANTS",
    "Callback",
    "DeadLayerCheck",
    "DivergenceGuard",
    "EarlyStopping",
    "EmbeddedRows",
    "EpochRecord",
    "FFNetwork",
    "GraphCaptureWarning",
    "GraphStep",
    "History",
    "LeanAdam",
    "LossPlateau",
    "PlateauAnneal",
    "NetworkSpec",
    "ProgressBar",
    "RecordHistory",
    "TrainConfig",
    "Trainer",
    "TrainingDiverged",
    "TrainingLoop",
    "Workspace",
    "chunk_rows",
    "embed_rows",
    "goodness",
    "hard_wrong_labels",
    "head_scores",
    "label_goodness",
    "label_scores",
    "layer_losses",
    "losses_and_goodness_grad",
    "make_optimizer",
    "matmul_precision",
    "phases",
    "random_wrong_labels",
    "resolve_batch_size",
    "rms_normalize",
    "split_body",
]
