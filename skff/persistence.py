"""Saving and loading fitted estimators without pickle.

A model file is one `safetensors <https://huggingface.co/docs/safetensors>`_
file. Its tensors are the network's weights, the state of the random
generator that further training draws from and, unless left out, Adam's
moments. Its header metadata holds one JSON document with everything else (the
estimator's parameters, the fitted attributes such as ``classes_`` with their
dtype, ``feature_names_in_`` and ``loss_curve_``, the library versions that
wrote it, and the SHA-256 of the tensors), next to the SHA-256 of that JSON
text. The digests catch truncation and corruption; they are not a signature
against deliberate tampering.

Reading such a file parses JSON and copies tensor bytes: it runs no code from
the file, unlike :mod:`pickle`. Every tensor is loaded on the CPU, so a model
trained on CUDA loads on a machine without a GPU.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import struct
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import safetensors
import sklearn
import torch
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors
from sklearn.utils.validation import check_is_fitted

from skff._version import __version__
from skff.core.network import FFNetwork
from skff.estimator import ARCHITECTURE_PARAMS, ForwardForwardClassifier
from skff.fileio import atomic_write

FORMAT = "skff-model"
# Bump when a file written by this version cannot be read by older versions, or
# the other way round; load() refuses any other format version.
FORMAT_VERSION = 1
# Keys of the JSON document, and of the SHA-256 of its exact text, in the
# safetensors header metadata.
METADATA_KEY = "skff"
DIGEST_KEY = "skff_sha256"
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
    (including altered weight bytes, caught by the SHA-256 digests), or was
    written in a format version this skff cannot read.
    """


class SkffVersionWarning(UserWarning):
    """A model file was written by another skff version than the running one.

    The file format is the same (otherwise :func:`load` raises
    :class:`ModelFileError`), so the model loads, but predictions may differ
    slightly if the computations changed between the versions.
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
    path : str or path-like
        File to write (conventionally ``*.safetensors``). It is written to a
        temporary file in the same folder first and renamed into place, so an
        interrupted save never leaves a truncated file at ``path``.
    include_optimizer_state : bool, default=True
        Also store Adam's moment estimates kept by :meth:`partial_fit`, so that
        ``partial_fit`` after :func:`load` continues exactly as it would have
        without saving. They are about twice the size of the weights; pass
        False for a smaller file meant only for prediction (a later
        ``partial_fit`` then restarts Adam's moments from zero). ``fit``
        starts a new optimizer on every call and does not need them.

    Raises
    ------
    TypeError
        If ``estimator`` is not a ForwardForwardClassifier, or a parameter or
        class label has a type that JSON cannot hold.
    ValueError
        If a parameter or fitted attribute is NaN or infinite.
    sklearn.exceptions.NotFittedError
        If ``estimator`` is not fitted.

    Examples
    --------
    >>> import skff
    >>> from sklearn.datasets import load_iris
    >>> import tempfile, pathlib
    >>> X, y = load_iris(return_X_y=True)
    >>> model = skff.ForwardForwardClassifier(width=16, max_iter=50, random_state=0)
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
    tensors: dict[str, torch.Tensor] = {}
    doc = _estimator_document(estimator, tensors, include_optimizer_state)
    # Own copies: safetensors refuses tensors that share memory, which views
    # of one flat parameter or optimizer buffer would.
    tensors = {name: t.detach().to("cpu").contiguous().clone() for name, t in tensors.items()}
    doc["weights_sha256"] = _tensor_digest(tensors)
    try:
        text = json.dumps(doc, sort_keys=True, allow_nan=False)
    except ValueError as err:
        raise ValueError(
            f"Cannot save this estimator: {err}. A parameter or fitted attribute "
            "is NaN or infinite; set it to a finite value (for a parameter, with "
            "set_params) and save again."
        ) from err
    metadata = {METADATA_KEY: text, DIGEST_KEY: _text_digest(text)}
    data = save_tensors(tensors, metadata=metadata)
    atomic_write(path, data)


def _estimator_document(
    est: ForwardForwardClassifier, tensors: dict[str, torch.Tensor], include_optimizer: bool
) -> dict[str, Any]:
    state = est._get_state()
    net = state["network"]
    for name, value in net.state_dict().items():
        tensors[f"network.{name}"] = value
    attributes = dict(state["attributes"])
    attributes["classes_"] = _encode_labels(state["classes"])
    if "feature_names_in_" in attributes:
        attributes["feature_names_in_"] = [str(n) for n in attributes["feature_names_in_"]]
    optimizer = None
    if include_optimizer and state["optimizer_state"] is not None:
        optimizer = _encode_optimizer(state["optimizer_state"], tensors)
    spec = net.spec
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "estimator": type(est).__name__,
        "versions": _versions(),
        "params": {
            name: _encode_param(name, value, tensors)
            for name, value in est.get_params(deep=False).items()
        },
        "network": {
            "n_inputs": spec.n_inputs,
            "n_classes": spec.n_classes,
            "depth": spec.depth,
            "width": spec.width,
            "label_embedding": spec.label_embedding,
            "prediction": spec.prediction,
            "skip_first_layer": spec.skip_first_layer,
            "head_layers": list(spec.head_layers),
        },
        "attributes": _plain(attributes),
        "training_state": {
            # What skff 0.1.0 read the architecture from; kept so that it still can.
            "architecture": _plain(
                {name: getattr(spec, name, None) for name in ARCHITECTURE_PARAMS}
                | {"label_scale": attributes["label_scale_"]}
            ),
            "random_state": _encode_random_state(state["random_state"], "random_state", tensors),
            "optimizer": optimizer,
        },
    }


def _versions() -> dict[str, str]:
    return {
        "skff": __version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "safetensors": safetensors.__version__,
        "python": platform.python_version(),
    }


def _plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays turned into JSON types."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _encode_param(name: str, value: Any, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(value, np.random.RandomState):
        return {"random_state": _encode_random_state(value, f"params.{name}", tensors)}
    value = _plain(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(
        f"Cannot save the parameter {name}={value!r}: only None, bool, int, float, "
        "str and numpy.random.RandomState values are stored without pickle. Set it "
        "to one of those with set_params, or use pickle."
    )


def _encode_labels(classes: np.ndarray) -> dict[str, Any]:
    values = _plain(classes.tolist())
    ok = classes.dtype.kind in "biufU" or (
        classes.dtype.kind == "O" and all(isinstance(v, (str, int, float)) for v in values)
    )
    if not ok:
        raise TypeError(
            f"Cannot save class labels of dtype {classes.dtype} ({values[:3]!r}...): "
            "only numbers and strings are stored without pickle. Fit on int or str "
            "labels, or use pickle."
        )
    return {"dtype": classes.dtype.str, "values": values}


def _encode_random_state(
    state: np.random.RandomState, prefix: str, tensors: dict[str, torch.Tensor]
) -> dict[str, Any]:
    kind, key, pos, has_gauss, cached = state.get_state(legacy=True)
    tensors[f"{prefix}.key"] = torch.from_numpy(key.astype(np.int64))
    return {"kind": kind, "pos": int(pos), "has_gauss": int(has_gauss), "cached": float(cached)}


def _encode_optimizer(state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> dict[str, Any]:
    entries = []
    for index, values in state["state"].items():
        plain = {}
        for key, value in values.items():
            if isinstance(value, torch.Tensor):
                name = f"optimizer.{index}.{key}"
                tensors[name] = value
                plain[key] = {"tensor": name}
            else:
                plain[key] = {"value": _plain(value)}
        entries.append([int(index), plain])
    groups = [
        {key: {"tuple": list(v)} if isinstance(v, tuple) else _plain(v) for key, v in g.items()}
        for g in state["param_groups"]
    ]
    return {"state": entries, "param_groups": groups}


# -------------------------------------------------------------------- digests
def _tensor_digest(tensors: dict[str, torch.Tensor]) -> str:
    """SHA-256 over every tensor's name, dtype, shape and bytes, in name order."""
    digest = hashlib.sha256()
    for name in sorted(tensors):
        t = tensors[name]
        digest.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        digest.update(t.numpy().tobytes())
    return digest.hexdigest()


def _text_digest(text: str) -> str:
    """SHA-256 of the exact JSON text, so that any changed byte is caught."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------ load
def load(path: str | os.PathLike[str], *, device: str | None = None) -> ForwardForwardClassifier:
    """Load an estimator saved by :func:`save`, without running code from the file.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save`.
    device : str, optional
        Set the loaded estimator's ``device`` parameter (``"cpu"``, ``"cuda"``,
        ...). By default the saved value is kept, except that a CUDA device
        this machine lacks becomes ``"cpu"``, with a warning.

    Returns
    -------
    ForwardForwardClassifier
        The fitted estimator, with its weights on the CPU.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ModelFileError
        If the file is not an skff model, is truncated or corrupted (the
        weights and the metadata are checked against their SHA-256 digests),
        or uses a format version this skff cannot read.

    Warns
    -----
    SkffVersionWarning
        If the file was written by another skff version with the same format.
    UserWarning
        If the saved CUDA device is not available and ``device`` is None.
    """
    path = Path(path)
    data = path.read_bytes()
    doc = _read_document(data, path)
    try:
        tensors = load_tensors(data)
    except (safetensors.SafetensorError, ValueError, TypeError) as err:
        raise ModelFileError(
            f"{path} is truncated or corrupted: its tensor data cannot be read "
            f"({err}). Save the model again, or restore the file from a copy."
        ) from err
    if _tensor_digest(tensors) != doc.get("weights_sha256"):
        raise ModelFileError(
            f"{path} is corrupted: its weights do not match the SHA-256 digest "
            "stored when it was saved, so some bytes changed after saving. Save "
            "the model again, or restore the file from a copy."
        )
    try:
        estimator = _build_estimator(doc, tensors)
    except (KeyError, TypeError, ValueError, RuntimeError, IndexError) as err:
        raise ModelFileError(
            f"{path} passed its integrity checks but cannot be rebuilt into a "
            f"ForwardForwardClassifier ({type(err).__name__}: {err}). It was written "
            f"by skff {doc['versions'].get('skff')}; load it with that version."
        ) from err
    _choose_device(estimator, device)
    return estimator


def _read_document(data: bytes, path: Path) -> dict[str, Any]:
    """Parse and check the JSON document in the safetensors header."""

    def broken(problem: str) -> ModelFileError:
        return ModelFileError(
            f"{path} is not a readable skff model file: {problem}. The file is "
            "truncated or corrupted, or was not written by skff.save; save the "
            "model again, or restore the file from a copy."
        )

    if len(data) < 8:
        raise broken(f"it has {len(data)} bytes, fewer than a safetensors header needs")
    (header_size,) = struct.unpack("<Q", data[:8])
    if header_size > len(data) - 8:
        raise broken(f"its header claims {header_size} bytes but the file is shorter")
    try:
        header = json.loads(data[8 : 8 + header_size].decode("utf-8"))
        text = header["__metadata__"][METADATA_KEY]
        digest = header["__metadata__"][DIGEST_KEY]
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise broken(f"its header is not valid JSON ({err})") from err
    except (KeyError, TypeError) as err:
        raise broken("its header has no skff metadata") from err
    if not isinstance(text, str) or digest != _text_digest(text):
        raise broken("its metadata does not match the SHA-256 digest stored with it")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise broken(f"its skff metadata is not valid JSON ({err})") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise broken("its metadata does not describe an skff model")
    written_by = doc.get("versions", {}).get("skff", "an unknown version")
    if doc.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{path} was written by skff {written_by} in model format version "
            f"{doc.get('format_version')}, and this skff {__version__} reads format "
            f"version {FORMAT_VERSION} only. Load it with skff {written_by} (then "
            "refit, or save it again from a matching version), or upgrade skff if "
            "the file is newer."
        )
    if doc.get("estimator") != ForwardForwardClassifier.__name__:
        raise ModelFileError(
            f"{path} holds a {doc.get('estimator')}, but skff.load rebuilds "
            "ForwardForwardClassifier models only; load this file with the tool "
            "that wrote it."
        )
    if written_by != __version__:
        warnings.warn(
            f"{path} was written by skff {written_by} and is loaded by skff "
            f"{__version__}. The file format is the same, but predictions may differ "
            "slightly if the computations changed; check them, or save the model "
            "again with this version.",
            SkffVersionWarning,
            stacklevel=3,
        )
    return doc


def _build_estimator(doc: dict[str, Any], tensors: dict[str, torch.Tensor]) -> Any:
    params = {
        name: _decode_param(value, f"params.{name}", tensors)
        for name, value in doc["params"].items()
    }
    spec = doc["network"]
    training = doc["training_state"]
    # Files of skff 0.1.0 keep the embedding, prediction rule and label scale the
    # network was built with in training_state.architecture only.
    built = {**training["architecture"], **spec}
    net = FFNetwork(
        n_inputs=spec["n_inputs"],
        n_classes=spec["n_classes"],
        depth=spec["depth"],
        width=spec["width"],
        label_embedding=built["label_embedding"],
        prediction=built["prediction"],
        skip_first_layer=built["skip_first_layer"],
    )
    prefix = "network."
    state = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
    net.load_state_dict(state, strict=True)

    attributes = dict(doc["attributes"])
    labels = attributes.pop("classes_")
    classes = np.empty(len(labels["values"]), dtype=np.dtype(labels["dtype"]))
    classes[:] = labels["values"]
    if "feature_names_in_" in attributes:
        attributes["feature_names_in_"] = np.asarray(attributes["feature_names_in_"], dtype=object)
    attributes.setdefault("label_scale_", built["label_scale"])
    optimizer = training["optimizer"]
    return ForwardForwardClassifier(**params)._set_state(
        {
            "network": net,
            "classes": classes,
            "attributes": attributes,
            "random_state": _decode_random_state(training["random_state"], "random_state", tensors),
            "optimizer_state": None if optimizer is None else _decode_optimizer(optimizer, tensors),
        }
    )


def _decode_param(value: Any, prefix: str, tensors: dict[str, torch.Tensor]) -> Any:
    if isinstance(value, dict):
        return _decode_random_state(value["random_state"], prefix, tensors)
    return value


def _decode_random_state(
    spec: dict[str, Any], prefix: str, tensors: dict[str, torch.Tensor]
) -> np.random.RandomState:
    key = tensors[f"{prefix}.key"].numpy().astype(np.uint32)
    state = np.random.RandomState()
    state.set_state((spec["kind"], key, spec["pos"], spec["has_gauss"], spec["cached"]))
    return state


def _decode_optimizer(spec: dict[str, Any], tensors: dict[str, torch.Tensor]) -> dict[str, Any]:
    state = {}
    for index, values in spec["state"]:
        state[index] = {
            key: tensors[v["tensor"]] if "tensor" in v else v["value"] for key, v in values.items()
        }
    groups = [
        {
            key: tuple(v["tuple"]) if isinstance(v, dict) and "tuple" in v else v
            for key, v in group.items()
        }
        for group in spec["param_groups"]
    ]
    return {"state": state, "param_groups": groups}


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
