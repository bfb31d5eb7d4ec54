"""Reading the official CIFAR-10 archive (``cifar-10-python.tar.gz``) without running its pickles.

The archive holds six batches pickled by Python 2. They are read with an unpickler that can build
nothing but dicts, lists, bytes, numbers and numpy arrays (it refuses every other global, so a
batch cannot run code), and checked to hold ``uint8`` images of 3072 values and labels in 0..9.
[`skff.datasets.load_cifar10`][skff.datasets.load_cifar10] calls this once the archive's sha256
matched, and stores the result as ``cifar10.npz``.
"""

from __future__ import annotations

import io
import pickle
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["NotCifar10", "read_cifar10_archive"]

_FOLDER = "cifar-10-batches-py"
_TRAIN = tuple(f"{_FOLDER}/data_batch_{i}" for i in range(1, 6))
_TEST = f"{_FOLDER}/test_batch"
_CIFAR_FEATURES = 3 * 32 * 32


class NotCifar10(ValueError):
    """The archive does not hold CIFAR-10's batches as the official one does."""


def read_cifar10_archive(archive: str | Path) -> dict[str, np.ndarray]:
    """The arrays of an official CIFAR-10 archive, read without running code from it.

    Parameters
    ----------
    archive : str or Path
        ``cifar-10-python.tar.gz``.

    Returns
    -------
    dict
        ``x_train`` (50000, 3, 32, 32) and ``x_test`` (10000, 3, 32, 32) ``uint8``,
        channels first, the batches' own order; ``y_train`` and ``y_test`` ``uint8``
        in 0..9.

    Raises
    ------
    NotCifar10
        When a batch is missing, refers to a global it may not, or holds other data.
    tarfile.TarError, EOFError, zlib.error
        When the file is not a readable tar.gz archive.
    """
    archive = Path(archive)
    with tarfile.open(archive, "r:gz") as tar:
        train = [_read_batch(tar, archive, member) for member in _TRAIN]
        x_test, y_test = _read_batch(tar, archive, _TEST)
    return {
        "x_train": np.concatenate([x for x, _ in train]),
        "y_train": np.concatenate([y for _, y in train]),
        "x_test": x_test,
        "y_test": y_test,
    }


_NUMPY_RECONSTRUCT = np.ndarray.__reduce__(np.empty(0))[0]

# The only globals a CIFAR-10 batch refers to: how numpy pickles an array
# (numpy.core before numpy 2, numpy._core since) and its dtype.
_BATCH_GLOBALS: dict[tuple[str, str], Any] = {
    ("numpy.core.multiarray", "_reconstruct"): _NUMPY_RECONSTRUCT,
    ("numpy._core.multiarray", "_reconstruct"): _NUMPY_RECONSTRUCT,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
}


class _BatchUnpickler(pickle.Unpickler):
    """Unpickles CIFAR-10 batches: builds dicts, lists, bytes, numbers and numpy arrays only."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _BATCH_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refused to load {module}.{name}: a CIFAR-10 batch holds only dicts, lists, "
                "bytes, numbers and numpy arrays"
            ) from None


def _read_batch(tar: tarfile.TarFile, archive: Path, member: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        info = tar.getmember(member)
    except KeyError:
        raise NotCifar10(f"{archive} lacks {member}, so it is not CIFAR-10") from None
    if not info.isfile():
        raise NotCifar10(f"{archive}: {member} is not a file, so it is not CIFAR-10")
    handle = tar.extractfile(info)
    assert handle is not None  # a regular file
    raw = handle.read()
    try:
        batch = _BatchUnpickler(io.BytesIO(raw), encoding="bytes").load()
    except Exception as exc:
        raise NotCifar10(f"{archive}: {member} is not a CIFAR-10 batch ({exc})") from None
    if not isinstance(batch, dict):
        raise NotCifar10(f"{archive}: {member} holds a {type(batch).__name__}, not a dict")
    data = batch.get(b"data", batch.get("data"))
    labels = batch.get(b"labels", batch.get("labels"))
    if not (
        isinstance(data, np.ndarray)
        and data.dtype == np.uint8
        and data.ndim == 2
        and data.shape[1] == _CIFAR_FEATURES
    ):
        what = f"{data.dtype} array of shape {data.shape}" if hasattr(data, "shape") else data
        raise NotCifar10(
            f"{archive}: {member} has data {what!r}; a CIFAR-10 batch has a uint8 array "
            f"of {_CIFAR_FEATURES} columns"
        )
    if not (
        isinstance(labels, list)
        and len(labels) == len(data)
        and all(type(v) is int and 0 <= v < 10 for v in labels)
    ):
        raise NotCifar10(
            f"{archive}: {member} does not have one label in 0..9 per image ({len(data)} images)"
        )
    return data.reshape(-1, 3, 32, 32), np.asarray(labels, dtype=np.uint8)
