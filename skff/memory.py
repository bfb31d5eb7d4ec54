"""How much memory a fit needs, checked against what the device has, before anything is allocated.

A network of ``depth`` layers of ``width`` units holds about
``depth * width**2`` weights, and training keeps several more copies of them
(gradients, Adam's two moments, the snapshot the divergence check restores).
Asked for more than the machine has, a fit used to allocate for a long time
until the operating system stopped it, or ended with the allocator's bare
error. `check_fit_memory` estimates the memory first, from the shapes
alone, and raises `InsufficientMemoryError`, naming the sizes, the
memory the device has available and the parameter to lower, when the estimate
does not fit.

The estimate (`estimate_fit_memory`) counts what training allocates:

* the weights (on a GPU also the copy on the host, where the network is
  built);
* per trained weight: its gradient, Adam's two moments and the buffer of its
  update denominator, the weight-decay buffer when ``alpha > 0``, and for
  the first step the gradient once more (the optimizer moves it into its
  flat buffer); for every weight the snapshot that the divergence check
  restores, and under early stopping the best epoch's weights;
* the training rows on the device (their float32 copy and the embedded
  rows), the permutation of an epoch and the block of rows gathered for the
  mini-batches;
* the activities and local gradients of every layer for the ``2 *
  batch_size`` rows of a step, the all-label pass of hard negatives, the
  softmax head's neutral pass, and the chunks in which validation rows and
  the dead-layer check are scored.

It leaves out what is small or already there: the caller's ``X``, Python
objects, kernels and allocator caches. On the networks measured it came
within 0.75 to 1.5 times the peak (``tests/test_reliability.py`` checks two
of them), and the check refuses only what exceeds the available memory, swap
included: a refused fit is one that would have run out of memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from skff.core.batches import GATHER_FLOATS
from skff.core.callbacks import DEAD_CHECK_MIN_ROWS, DEAD_CHECK_PASSES
from skff.core.scoring import chunk_rows
from skff.core.trainer import resolve_batch_size
from skff.defaults import resolve_alpha, resolve_negatives, rows_that_train
from skff.device import resolve_device

__all__ = [
    "FitMemory",
    "InsufficientMemoryError",
    "address_space_limit",
    "available_memory",
    "check_fit_memory",
    "check_training_memory",
    "estimate_fit_memory",
]

FLOAT = 4  # bytes per float32
INDEX = 8  # bytes per int64


class InsufficientMemoryError(MemoryError, ValueError):
    """A fit needs more memory than its device has available.

    Raised by ``fit`` and ``partial_fit`` before anything large is allocated.
    A `MemoryError`, because it is one, and a `ValueError`,
    because hyperparameters (``width``, ``depth``, ``batch_size``) or the size
    of the data are what to change, as with scikit-learn's invalid-parameter
    errors.
    """


@dataclass(frozen=True)
class FitMemory:
    """Bytes that one training call allocates, by what they hold.

    Attributes
    ----------
    n_weights : int
        The network's parameters.
    weights : int
        The network's parameters on the training device (0 when they are
        already there: a network built on the CPU, trained on the CPU).
    optimizer : int
        Gradients, Adam's moments and denominators, and the weight snapshots.
    data : int
        The training rows on the device and their per-epoch bookkeeping.
    step : int
        The activities of a training step and the buffers of scoring.
    host : int
        What a GPU fit also allocates in host memory (the network, built on
        the CPU, and the early-stopping split); 0 on the CPU, where it is
        counted above.
    batch_size : int
        Rows per mini-batch the step was estimated with.
    """

    n_weights: int
    weights: int
    optimizer: int
    data: int
    step: int
    host: int
    batch_size: int

    @property
    def total(self) -> int:
        """Bytes on the training device."""
        return self.weights + self.optimizer + self.data + self.step


def _n_weights(
    n_inputs: int, n_classes: int, depth: int, width: int, prediction: str
) -> tuple[int, int, int]:
    """Parameters of the whole network, of its largest layer, and of the softmax head."""
    first = width * (n_inputs + n_classes) + width
    hidden = width * width + width
    head = n_classes * width * depth + n_classes if prediction != "goodness" else 0
    largest = max(first, hidden if depth > 1 else 0)
    return first + (depth - 1) * hidden + head, largest, head


def estimate_fit_memory(
    n_rows: int,
    n_features: int,
    n_classes: int,
    depth: int,
    width: int,
    batch_size: int | str,
    negatives: str = "random",
    device: str | torch.device = "cpu",
    *,
    prediction: str = "goodness",
    label_embedding: str = "concat",
    schedule: str = "network",
    early_stopping: bool = False,
    validation_fraction: float = 0.1,
    alpha: float | str = 0.0,
    incremental: bool = False,
    built: bool = False,
    stream_rows: int | None = None,
) -> FitMemory:
    """Estimate the memory of one ``fit`` or ``partial_fit`` call, from the shapes alone.

    Parameters
    ----------
    n_rows, n_features : int
        Shape of the training ``X``.
    n_classes : int
    depth, width : int
    batch_size : int or "auto"
        The estimator's parameter.
    negatives : {"random", "hard", "hard_cached", "auto"}, default="random"
    device : str or torch.device, default="cpu"
        The training device; ``"auto"`` is resolved.
    prediction, label_embedding, schedule : str
        The estimator's parameters of those names; ``prediction="auto"`` counts
        the softmax head, which it may build.
    early_stopping : bool, default=False
    validation_fraction : float, default=0.1
    alpha : float or "auto", default=0.0
        The estimator's parameter; ``"auto"`` is resolved on ``n_rows`` and
        ``n_features``, as ``fit`` does.
    incremental : bool, default=False
        A ``partial_fit`` call, which also copies the optimizer state out.
    built : bool, default=False
        The network exists already (a warm start, or the check at the start of
        training): its weights on the CPU are not counted again.
    stream_rows : int, optional
        A streamed ``partial_fit`` (:mod:`skff.core.stream`): the rows are
        converted and embedded this many at a time, and only their labels and
        the epoch's permutation are held for every row.

    Returns
    -------
    FitMemory
    """
    device = torch.device(device) if not isinstance(device, str) else resolve_device(device)
    on_gpu = device.type != "cpu"
    n_inputs = n_features - n_classes if label_embedding == "overwrite" else n_features
    n_inputs = max(n_inputs, 1)
    total, largest, head = _n_weights(n_inputs, n_classes, depth, width, prediction)
    trained = total if schedule == "network" else largest + head
    weights = 0 if built and not on_gpu else FLOAT * total
    # Gradient twice (the first step's, then the optimizer's flat copy), two
    # moments, the denominator; the decayed gradient with alpha > 0; the
    # snapshot the divergence check restores, and the best epoch's weights.
    per_trained = 5 + (resolve_alpha(alpha, n_features, n_rows) > 0) + 2 * incremental
    optimizer = FLOAT * (per_trained * trained + (1 + bool(early_stopping)) * total)

    per_row = FLOAT * (n_inputs + 3) + 3 * 8  # embedded row, float64 norms
    held = n_rows if stream_rows is None else min(n_rows, stream_rows)
    data = held * per_row + n_rows * INDEX * 2  # and, for every row, its label and place
    if on_gpu:
        data += held * n_features * FLOAT  # the device copy that is embedded
    if stream_rows is not None:
        # The chunk's float32 rows on the host, and the float64 copy its row norms take.
        data += held * n_features * (FLOAT + 8) + n_rows * INDEX
    batch = resolve_batch_size(batch_size, n_rows)
    per_block = max(1, GATHER_FLOATS // (batch * (n_inputs + 3))) * batch
    block = min(per_block, held)
    data += FLOAT * block * (n_inputs + 3 + 2 * n_classes) + INDEX * 3 * block

    # A step: layer 1's projection and label columns, then for each layer its
    # activities and local gradient, for 2 * batch rows (positive and negative).
    step = FLOAT * (4 * depth + 4) * batch * width
    # "auto" follows the rows that train: early stopping holds out a share of them.
    trained_rows = rows_that_train(n_rows, early_stopping, validation_fraction)
    negatives = resolve_negatives(negatives, trained_rows, incremental)
    if negatives == "hard":
        step += FLOAT * depth * min(batch, chunk_rows(n_classes, width)) * n_classes * width
    elif negatives == "hard_cached" and n_classes > 2:
        # Every row's label scores and whether it was scored; a rescoring chunk's pass.
        data += trained_rows * (n_classes * FLOAT + 1)
        step += FLOAT * depth * chunk_rows(n_classes, width) * n_classes * width
    if prediction != "goodness":
        step += FLOAT * (3 * depth + 2) * batch * width
    # Validation rows and the dead-layer check's sample are scored in chunks, with
    # every layer's activities of a chunk alive at once.
    checked = min(n_rows, max(DEAD_CHECK_MIN_ROWS, DEAD_CHECK_PASSES // n_classes))
    validated = int(n_rows * validation_fraction) + 1 if early_stopping else 0
    scored = min(max(checked, validated), chunk_rows(n_classes, width))
    step += FLOAT * (depth + 1) * scored * n_classes * width

    host = 0
    if on_gpu:
        host = 0 if built else FLOAT * total
        if early_stopping:
            host += n_rows * n_features * FLOAT
    elif early_stopping:
        data += n_rows * n_features * FLOAT  # the split's copies of X
    return FitMemory(total, weights, optimizer, data, step, host, batch)


# ------------------------------------------------------------ available memory
def _meminfo() -> dict[str, int]:
    """``/proc/meminfo`` in bytes, or empty where there is none."""
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[name] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    return values


def _cgroup_available() -> int | None:
    """Bytes left under this process's cgroup memory limit, or None without a limit."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    root = Path("/sys/fs/cgroup")
    for line in lines:
        _, controllers, path = line.split(":", 2)
        relative = path.lstrip("/")
        if controllers == "":  # cgroup v2
            folder = root / relative
            files = ("memory.max", "memory.current", "memory.stat", "inactive_file")
        elif "memory" in controllers.split(","):  # cgroup v1
            folder = root / "memory" / relative
            files = (
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
                "memory.stat",
                "total_inactive_file",
            )
        else:
            continue
        try:
            limit_text = (folder / files[0]).read_text().strip()
            usage = int((folder / files[1]).read_text())
        except (OSError, ValueError):
            continue
        if not limit_text.isdigit() or int(limit_text) >= 1 << 60:
            continue  # "max", or v1's "no limit"
        inactive = 0
        try:
            for stat in (folder / files[2]).read_text().splitlines():
                key, _, value = stat.partition(" ")
                if key == files[3]:
                    inactive = int(value)
        except (OSError, ValueError):
            pass
        # Inactive page cache is given back under pressure, as the kernel's own
        # MemAvailable counts it.
        return max(0, int(limit_text) - usage + inactive)
    return None


def _vm_size() -> int | None:
    """This process's virtual memory size (``VmSize``) in bytes, or None where unknown."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if name == "VmSize" and parts and parts[0].isdigit():
            return int(parts[0]) * 1024
    return None


def address_space_limit() -> int | None:
    """This process's address-space limit (``ulimit -v``, ``RLIMIT_AS``) in bytes, or None.

    Returns
    -------
    int or None
        The soft limit; None without one, or where the platform has none.
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (AttributeError, ValueError, OSError):
        return None
    return None if soft == resource.RLIM_INFINITY or soft < 0 else int(soft)


def _address_space_left() -> int | None:
    """Bytes this process may still map under its address-space limit, or None without one.

    Memory that exists is no use beyond this limit: torch's allocator fails
    there, whatever ``MemAvailable`` says.
    """
    limit = address_space_limit()
    if limit is None:
        return None
    used = _vm_size()
    # Without VmSize (no /proc), the limit itself is the most there can be.
    return max(0, limit - used) if used is not None else limit


def available_memory(device: str | torch.device) -> int | None:
    """Bytes that a fit on ``device`` can still allocate, or None where unknown.

    Parameters
    ----------
    device : str or torch.device
        ``"cpu"``, ``"cuda"``, ``"cuda:N"`` (``"auto"`` is resolved).

    Returns
    -------
    int or None
        On CUDA, the device's free memory plus what PyTorch holds cached but
        unused. On the CPU, the kernel's ``MemAvailable`` (RAM that can be had
        without swapping, page cache included) plus free swap, and no more
        than what this process's cgroup limit leaves, nor than what its
        address-space limit (``ulimit -v``) leaves beyond its ``VmSize``;
        where ``/proc/meminfo`` is missing, the physical memory from
        ``os.sysconf``; None where none of these is known (then nothing is
        checked).
    """
    device = torch.device(device) if not isinstance(device, str) else resolve_device(device)
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        free, _ = torch.cuda.mem_get_info(index)
        cached = torch.cuda.memory_reserved(index) - torch.cuda.memory_allocated(index)
        return int(free + cached)
    if device.type != "cpu":
        return None
    address_left = _address_space_left()
    info = _meminfo()
    if "MemAvailable" in info:
        ram = info["MemAvailable"]
    else:
        try:
            ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            return address_left
        if ram <= 0:
            return address_left
    limit = _cgroup_available()
    if limit is not None:
        ram = min(ram, limit)
    total = ram + info.get("SwapFree", 0)
    return total if address_left is None else min(total, address_left)


# ----------------------------------------------------------------- the check
def _size(n_bytes: float) -> str:
    """Bytes in binary units: ``512 B``, ``3.2 KiB`` ... ``1.5 TiB``."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n_bytes < 1024 or unit == "TiB":
            return f"{n_bytes:.0f} {unit}" if unit == "B" else f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    raise AssertionError("unreachable")


def _advice(memory: FitMemory, on_gpu: bool, depth: int, width: int) -> str:
    parts = {
        "weights": memory.weights + memory.optimizer,
        "data": memory.data,
        "step": memory.step,
    }
    largest = max(parts, key=parts.get)
    if largest == "weights":
        advice = (
            f"Lower width (now {width}; the weights grow as width**2 * depth) or depth "
            f"(now {depth})"
        )
    elif largest == "step":
        advice = (
            f"Lower batch_size (now {memory.batch_size} rows per step; the activities "
            "grow as batch_size * width * depth), width or depth"
        )
    else:
        advice = (
            "Train on fewer rows at a time (partial_fit on blocks of rows keeps one "
            "block on the device), or fewer features"
        )
    if on_gpu:
        advice += ", or train with device='cpu'"
    return advice + "."


def check_fit_memory(
    n_rows: int,
    n_features: int,
    n_classes: int,
    depth: int,
    width: int,
    batch_size: int | str,
    negatives: str,
    device: str | torch.device,
    *,
    owner: str = "ForwardForwardClassifier",
    **options: Any,
) -> FitMemory:
    """Refuse a fit whose memory estimate exceeds what its device has available.

    Call it before the network is built: the network alone holds about
    ``depth * width**2`` floats.

    Parameters
    ----------
    n_rows, n_features : int
        Shape of the training ``X``.
    n_classes : int
    depth, width : int
    batch_size : int or "auto"
    negatives : {"random", "hard", "hard_cached", "auto"}
    device : str or torch.device
        The estimator's ``device`` (``"auto"`` is resolved).
    owner : str, default="ForwardForwardClassifier"
        The estimator, for the message.
    **options
        The keyword arguments of `estimate_fit_memory` (``prediction``,
        ``label_embedding``, ``schedule``, ``early_stopping``,
        ``validation_fraction``, ``alpha``, ``incremental``, ``built``,
        ``stream_rows``).

    Returns
    -------
    FitMemory
        The estimate, when it fits (or when the available memory is unknown).

    Raises
    ------
    InsufficientMemoryError
        Naming the estimate and its parts, the device's available memory and
        what to lower.
    """
    resolved = torch.device(device) if not isinstance(device, str) else resolve_device(device)
    memory = estimate_fit_memory(
        n_rows, n_features, n_classes, depth, width, batch_size, negatives, resolved, **options
    )
    on_gpu = resolved.type != "cpu"
    checks = [(resolved, memory.total)]
    if on_gpu and memory.host:
        checks.append((torch.device("cpu"), memory.host))
    for where, needed in checks:
        available = available_memory(where)
        if available is None or needed <= available:
            continue
        what = "host memory for the network built there" if where != resolved else "memory"
        address_left = _address_space_left() if where.type == "cpu" else None
        # Say so when the address-space limit, not the machine, is what is short: the fix
        # is then to raise it.
        ulimit = address_left is not None and address_left <= available
        source = (
            f" (what this process's address-space limit, ulimit -v "
            f"{(address_space_limit() or 0) // 1024} KiB, leaves beyond the "
            f"{_size(_vm_size() or 0)} it maps already)"
            if ulimit
            else ""
        )
        raise_limit = (
            " Or raise the limit (ulimit -v unlimited) before starting Python." if ulimit else ""
        )
        raise InsufficientMemoryError(
            f"{owner}(width={width}, depth={depth}) cannot be trained on {resolved} with "
            f"{n_rows} x {n_features} data: it needs about {_size(needed)} of {what}, and "
            f"{where} has {_size(available)} available{source}. The estimate: "
            f"{memory.n_weights:,} weights take {_size(FLOAT * memory.n_weights)}; their "
            f"gradients, Adam's moments and snapshots {_size(memory.optimizer)}; the "
            f"training rows {_size(memory.data)}; a step of {memory.batch_size} rows "
            f"(batch_size={batch_size!r}) and the scoring buffers {_size(memory.step)}. "
            + _advice(memory, on_gpu, depth, width)
            + raise_limit
        )
    return memory


def check_training_memory(
    net: Any,
    n_rows: int,
    n_features: int,
    settings: Any,
    device: torch.device,
    incremental: bool = False,
    stream_rows: int | None = None,
) -> FitMemory:
    """`check_fit_memory` for a network that exists, at the start of a training call.

    Covers what the check before building cannot see: a warm start or a
    ``partial_fit`` on more rows than the first fit, or a GPU training call.

    Parameters
    ----------
    net : FFNetwork
        The network to train (on the CPU).
    n_rows, n_features : int
        Shape of the training ``X``.
    settings : TrainingSettings
        Its ``batch_size``, ``negatives``, ``schedule``, ``early_stopping``,
        ``validation_fraction`` and ``alpha``.
    device : torch.device
        The training device.
    incremental : bool, default=False
        A ``partial_fit`` call.
    stream_rows : int, optional
        Rows per chunk of a streamed ``partial_fit``; None: all at once.

    Returns
    -------
    FitMemory

    Raises
    ------
    InsufficientMemoryError
    """
    spec = net.spec
    return check_fit_memory(
        n_rows,
        n_features,
        spec.n_classes,
        spec.depth,
        spec.width,
        settings.batch_size,
        settings.negatives,
        device,
        prediction=spec.prediction,
        label_embedding=spec.label_embedding,
        schedule=settings.schedule,
        early_stopping=settings.early_stopping and not incremental,
        validation_fraction=settings.validation_fraction,
        alpha=settings.alpha,
        incremental=incremental,
        built=True,
        stream_rows=stream_rows,
    )
