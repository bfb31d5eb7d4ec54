"""Saving and loading fitted estimators without pickle.

A model file is one `safetensors <https://huggingface.co/docs/safetensors>`_ file. Its tensors are
the network's weights, the state of the random generator that further training draws from and,
unless left out, Adam's moments. Its header metadata holds one JSON document with everything else
(the estimator's parameters, the fitted attributes such as ``classes_`` with their dtype,
``feature_names_in_`` and ``loss_curve_``, the library versions that wrote it, and the SHA-256 of
the tensors), next to the SHA-256 of that JSON text. The digests catch truncation and corruption;
they are not a signature against deliberate tampering. So [`load`][skff.load] also checks the
document against a schema of what [`save`][skff.save] writes, and every size it declares against
the tensors actually present before allocating anything: an edited file, digests recomputed, is
refused with [`ModelFileError`][skff.persistence.ModelFileError] naming the field, and cannot make
``load`` allocate much more than the file's own size.

Reading such a file parses JSON and copies tensor bytes: it runs no code from
the file, unlike [`pickle`][pickle]. Every tensor is loaded on the CPU, so a model
trained on CUDA loads on a machine without a GPU.

This module is the public face; the parts of the format are in ``skff.model_file``:
``format`` (constants, the JSON Schema of the document, digests), ``write``, ``read``
(bounded reads from disk) and ``check`` (the document against its schema and its tensors).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load as load_tensors
from sklearn.utils.validation import check_is_fitted

from skff._version import __version__
from skff.device import resolve_device
from skff.estimator import ForwardForwardClassifier
from skff.fileio import atomic_write
from skff.model_file.check import (
    check_document,
    check_schema,
    check_tensor_values,
    label_bytes_limit,
)
from skff.model_file.format import FORMAT_VERSION, FieldInvalid, FileRefused, tensor_digest
from skff.model_file.read import build_estimator, read_document, read_model_file
from skff.model_file.write import encode_estimator, model_file_bytes
from skff.validation import InvalidParameterError, parameter_problem

__all__ = [
    "FORMAT_VERSION",
    "ModelFileError",
    "SkffVersionWarning",
    "load",
    "save",
]


class ModelFileError(ValueError):
    """A model file cannot be loaded.

    Raised for a file that is not an skff model, is truncated or corrupted
    (including altered weight bytes, caught by the SHA-256 digests), was
    written in a format version this skff cannot read, or holds what
    [`save`][skff.save] never writes even though its digests match (a field of the
    wrong type or range, sizes that disagree with its tensors, a fitted state
    that disagrees with its network). The message names the problem.
    """


class SkffVersionWarning(UserWarning):
    """A model file was written by another skff version than the running one.

    The file format is the same (otherwise [`load`][skff.load] raises
    [`ModelFileError`][skff.persistence.ModelFileError]), so the model loads, but predictions may
    differ slightly if the computations changed between the versions.
    """


# ------------------------------------------------------------------------ save
def save(
    estimator: ForwardForwardClassifier,
    path: str | os.PathLike[str],
    *,
    include_optimizer_state: bool = True,
) -> None:
    """Save a fitted estimator to a safetensors file, without pickle.

    Parameters
    ----------
    estimator : ForwardForwardClassifier
        A fitted estimator.
    path : str or os.PathLike
        File to write (conventionally ``*.safetensors``). It is written to a
        temporary file in the same folder first and renamed into place, so an
        interrupted save never leaves a truncated file at ``path``. What is
        already at ``path``:

        * nothing, or a regular file you may write: created, or replaced whole;
        * a symbolic link: the file it points to is replaced (atomically, in its
          own folder) and the link is kept, so a link to the current model stays
          one;
        * a read-only file: refused with PermissionError, and left as it is
          (make it writable, ``chmod u+w``, or delete it, to replace it);
        * a folder, FIFO, socket or device (``/dev/null``): refused with an
          OSError before anything is written, and left as it is.
    include_optimizer_state : bool, default=True
        Also store Adam's moment estimates kept by
        [`partial_fit`][skff.ForwardForwardClassifier.partial_fit], so that ``partial_fit`` after
        [`load`][skff.load] continues exactly as it would have without saving. They are about twice
        the size of the weights; pass False for a smaller file meant only for prediction (a later
        ``partial_fit`` then restarts Adam's moments from zero). ``fit`` starts a new optimizer on
        every call and does not need them.

    Raises
    ------
    TypeError
        If ``estimator`` is not a ForwardForwardClassifier, or a parameter or
        class label has a type that JSON cannot hold.
    ValueError
        If a parameter or fitted attribute is NaN or infinite, or the class
        labels are strings so long that numpy's padding of them to the widest
        would take more memory than [`load`][skff.load] accepts for the file.
    skff.validation.InvalidParameterError
        If a parameter has a value that ``fit`` would refuse (set after
        fitting with ``set_params``): [`load`][skff.load] would refuse the file.
    sklearn.exceptions.NotFittedError
        If ``estimator`` is not fitted.
    PermissionError
        If ``path`` is a read-only file, or its folder is not writable.
    OSError
        If ``path`` is a folder, FIFO, socket or device, or cannot be written
        (the message names it and the fix).

    Examples
    --------
    >>> import skff
    >>> from sklearn.datasets import load_iris
    >>> import tempfile, pathlib
    >>> X, y = load_iris(return_X_y=True)
    >>> model = skff.ForwardForwardClassifier(
    ...     width=16, max_iter=50, random_state=0
    ... )
    >>> model = model.fit(X, y)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "iris.safetensors"
    >>> skff.save(model, path)
    >>> bool((skff.load(path).predict_proba(X) == model.predict_proba(X)).all())
    True
    """
    if not isinstance(estimator, ForwardForwardClassifier):
        raise TypeError(
            "skff.save stores ForwardForwardClassifier estimators; got "
            f"{type(estimator).__name__}. Use pickle or joblib for other objects."
        )
    check_is_fitted(estimator)
    doc, tensors = encode_estimator(estimator, include_optimizer_state, FORMAT_VERSION, __version__)
    owner = type(estimator).__name__
    for name, alternatives in type(estimator)._parameter_constraints.items():
        value = getattr(estimator, name)
        problem = parameter_problem(name, value, alternatives, owner, resolve_devices=False)
        if problem is not None:
            # load() refuses such a file: refuse to write it.
            raise InvalidParameterError(
                f"Cannot save this estimator: {problem} Set it to a valid value with "
                "set_params and save again."
            )
    data = model_file_bytes(doc, tensors)
    classes = estimator.classes_
    if classes.dtype.itemsize * len(classes) > label_bytes_limit(len(data)):
        # load() refuses it (a file cannot make it allocate much more than its size).
        longest = max(len(str(c)) for c in classes)
        raise ValueError(
            f"Cannot save this estimator: its {len(classes)} class labels take "
            f"{classes.dtype.itemsize * len(classes)} bytes as numpy holds them (dtype "
            f"{classes.dtype.str}, every label padded to the longest, of {longest} "
            f"characters), more than skff.load accepts for a file of {len(data)} bytes. "
            "Fit on shorter labels (or integer codes, with a dict back to the names)."
        )
    atomic_write(path, data)


# ------------------------------------------------------------------------ load
def load(path: str | os.PathLike[str], *, device: str | None = None) -> ForwardForwardClassifier:
    """Load an estimator saved by [`save`][skff.save], without running code from the file.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by [`save`][skff.save].
    device : str, optional
        Set the loaded estimator's ``device`` parameter (``"auto"``,
        ``"cpu"``, ``"cuda"`` or ``"cuda:N"``; checked now, so that a device
        this machine lacks fails here rather than at the first prediction).
        By default the saved value is kept, except that a CUDA device this
        machine lacks becomes ``"cpu"``, with a warning.

    Returns
    -------
    ForwardForwardClassifier
        The fitted estimator, with its weights on the CPU.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``device`` is not a device of this machine.
    ModelFileError
        If ``path`` is not a regular file (a FIFO, device or folder: refused
        before it is opened for reading, so that nothing blocks or reads
        forever), if the file is not an skff model, is truncated or corrupted (the
        weights and the metadata are checked against their SHA-256 digests),
        uses a format version this skff cannot read, or holds anything that
        [`save`][skff.save] does not write: a field of the wrong type or range, a
        declared shape that disagrees with the tensors in the file, or
        fitted attributes that disagree with the network.

    Warns
    -----
    SkffVersionWarning
        If the file was written by another skff version with the same format.
    UserWarning
        If the saved CUDA device is not available and ``device`` is None.
    """
    if device is not None:
        resolve_device(device, owner="skff.load")
    path = Path(path)
    written_by: str | None = None

    def inspect(head: bytes, file_size: int) -> tuple[dict[str, Any], dict[str, Any]]:
        # Runs on the header alone: a file refused here is read no further.
        nonlocal written_by
        infos, doc, written_by = read_document(head, file_size, path, FORMAT_VERSION, __version__)
        check_schema(doc, "metadata")
        return doc, check_document(doc, infos, file_size) | {"infos": infos}

    try:
        (doc, plan), data = read_model_file(path, inspect)
    except FileRefused as err:
        raise ModelFileError(str(err)) from None
    except FieldInvalid as err:
        raise _malformed(path, written_by, str(err)) from None
    except Exception as err:  # what the checks did not foresee: still the file's fault
        if isinstance(err, OSError) or written_by is None:
            raise
        raise _malformed(path, written_by, f"{type(err).__name__}: {err}") from err
    try:
        tensors = load_tensors(data)
    except Exception as err:  # safetensors raises several types, all meaning "unreadable"
        raise ModelFileError(
            f"{path} is truncated or corrupted: its tensor data cannot be read "
            f"({err}). Save the model again, or restore the file from a copy."
        ) from err
    if tensor_digest(tensors) != doc["weights_sha256"]:
        raise ModelFileError(
            f"{path} is corrupted: its weights do not match the SHA-256 digest "
            "stored when it was saved, so some bytes changed after saving. Save "
            "the model again, or restore the file from a copy."
        )
    try:
        check_tensor_values(tensors, plan["infos"], plan["nonnegative"])
        estimator = build_estimator(doc, plan, tensors)
    except FieldInvalid as err:
        raise _malformed(path, written_by, str(err)) from None
    except Exception as err:
        # Whatever the checks above did not foresee: still the file's fault.
        raise _malformed(path, written_by, f"{type(err).__name__}: {err}") from err
    _choose_device(estimator, device)
    if written_by != __version__:
        warnings.warn(
            f"{path} was written by skff {written_by} and is loaded by skff "
            f"{__version__}. The file format is the same, but predictions may differ "
            "slightly if the computations changed; check them, or save the model "
            "again with this version.",
            SkffVersionWarning,
            stacklevel=2,
        )
    return estimator


def _malformed(path: Path, written_by: str | None, problem: str) -> ModelFileError:
    """The error for a file whose digests match but whose content save() would not write."""
    if written_by is None:
        origin = (
            "It does not say which skff wrote it: it was edited after saving or "
            "written by other software. Save the model again from the estimator, or "
            "restore the file from a copy."
        )
    elif written_by == __version__:
        origin = (
            f"It claims to be written by this skff ({__version__}), whose save() does "
            "not write such files: the file was edited after saving (and its digests "
            "recomputed) or written by other software. Save the model again from "
            "the estimator, or restore the file from a copy."
        )
    else:
        origin = (
            f"It was written by skff {written_by}: if that version wrote it as it is, "
            f"load it there and report the problem; otherwise the file was edited "
            "after saving. Save the model again, or restore the file from a copy."
        )
    return ModelFileError(
        f"{path} passed its integrity checks but is not a valid skff model: {problem}. " + origin
    )


def _choose_device(estimator: ForwardForwardClassifier, device: str | None) -> None:
    if device is not None:
        estimator.set_params(device=device)
        return
    saved = estimator.device
    if isinstance(saved, str) and saved.startswith("cuda") and not torch.cuda.is_available():
        warnings.warn(
            f"The model was saved with device={saved!r}, but CUDA is not available "
            "on this machine; it is loaded with device='cpu'. Pass device= to "
            "skff.load to choose another.",
            UserWarning,
            stacklevel=3,
        )
        estimator.set_params(device="cpu")
