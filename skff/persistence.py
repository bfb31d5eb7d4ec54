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
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import re
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
from skff.core.embedding import EMBEDDINGS
from skff.core.network import PREDICTIONS, FFNetwork, NetworkSpec
from skff.core.trainer import make_optimizer
from skff.core.variants import VARIANTS
from skff.device import resolve_device
from skff.estimator import ARCHITECTURE_PARAMS, FITTED_ATTRIBUTES, ForwardForwardClassifier
from skff.fileio import atomic_write
from skff.validation import InvalidParameterError, parameter_problem

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
        interrupted save never leaves a truncated file at ``path``.
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
        If a parameter or fitted attribute is NaN or infinite.
    skff.validation.InvalidParameterError
        If a parameter has a value that ``fit`` would refuse (set after
        fitting with ``set_params``): [`load`][skff.load] would refuse the file.
    sklearn.exceptions.NotFittedError
        If ``estimator`` is not fitted.

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
    tensors: dict[str, torch.Tensor] = {}
    doc = _estimator_document(estimator, tensors, include_optimizer_state)
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


# ---------------------------------------------------------------------- schema
# What skff.save writes, field by field. load() checks a document against it
# before using any of it, so that every malformed file ends in ModelFileError
# naming the field, and nothing from the file reaches the estimator unchecked.


class _Invalid(Exception):
    """A field of the file that is not what [`save`][skff.save] writes."""


def _brief(value: Any) -> str:
    """A short description of ``value``, without recursing into it."""
    if isinstance(value, dict):
        keys = ", ".join(_brief(k) for k in list(value)[:4])
        return f"an object with keys {keys}{', ...' if len(value) > 4 else ''}"
    if isinstance(value, list) and (
        len(value) > 8 or any(isinstance(v, (list, dict)) for v in value)
    ):
        return f"a list of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shape(shape: tuple[int, ...]) -> str:
    """A tensor shape for a message, however many dimensions a file gave it."""
    return str(list(shape)) if len(shape) <= 8 else f"of {len(shape)} dimensions"


class _Field:
    """One node of the schema: ``check(value, where)`` raises ``_Invalid``."""

    what = "a value"

    def accepts(self, value: Any) -> bool:
        return True

    def check(self, value: Any, where: str) -> None:
        if not self.accepts(value):
            raise _Invalid(f"{where} must be {self.what}; got {_brief(value)}")


class _Int(_Field):
    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low, self.high = low, high
        bounds = (
            f" in [{low}, {high}]"
            if low is not None and high is not None
            else f" >= {low}"
            if low is not None
            else ""
        )
        self.what = f"an integer{bounds}"

    def accepts(self, value: Any) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (self.low is None or value >= self.low)
            and (self.high is None or value <= self.high)
        )


class _Number(_Field):
    def __init__(self, positive: bool = False, low: float | None = None) -> None:
        self.positive, self.low = positive, low
        bound = " > 0" if positive else f" >= {low}" if low is not None else ""
        self.what = f"a finite number{bound}"

    def accepts(self, value: Any) -> bool:
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
            and (not self.positive or value > 0)
            and (self.low is None or value >= self.low)
        )


class _Str(_Field):
    def __init__(self, options: tuple[str, ...] | None = None, pattern: str | None = None) -> None:
        self.options = options
        self.pattern = re.compile(pattern) if pattern else None
        self.what = f"one of {', '.join(map(repr, options))}" if options else "a string"

    def accepts(self, value: Any) -> bool:
        return (
            isinstance(value, str)
            and (self.options is None or value in self.options)
            and (self.pattern is None or self.pattern.fullmatch(value) is not None)
        )


class _Bool(_Field):
    what = "true or false"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


class _Null(_Field):
    what = "null"

    def accepts(self, value: Any) -> bool:
        return value is None


class _Either(_Field):
    """Any one of the alternatives."""

    def __init__(self, *alternatives: _Field) -> None:
        self.alternatives = alternatives
        self.what = " or ".join(a.what for a in alternatives)

    def check(self, value: Any, where: str) -> None:
        problems = []
        for alternative in self.alternatives:
            try:
                alternative.check(value, where)
                return
            except _Invalid as err:
                problems.append(str(err))
        if len(self.alternatives) == 1 or all(p.startswith(f"{where} must") for p in problems):
            raise _Invalid(f"{where} must be {self.what}; got {_brief(value)}")
        raise _Invalid(min(problems, key=len))


class _List(_Field):
    def __init__(self, item: _Field, length: int | None = None) -> None:
        self.item, self.length = item, length
        self.what = "a list" if length is None else f"a list of {length} items"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or (self.length is not None and len(value) != self.length):
            raise _Invalid(f"{where} must be {self.what}; got {_brief(value)}")
        for i, item in enumerate(value):
            self.item.check(item, f"{where}[{i}]")


class _Pair(_Field):
    """A two-item list ``[first, second]``."""

    def __init__(self, first: _Field, second: _Field) -> None:
        self.first, self.second = first, second
        self.what = "a list of 2 items"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) != 2:
            raise _Invalid(f"{where} must be {self.what}; got {_brief(value)}")
        self.first.check(value[0], f"{where}[0]")
        self.second.check(value[1], f"{where}[1]")


class _Record(_Field):
    """An object with named fields; ``rest`` (if given) checks any other field."""

    def __init__(
        self,
        required: dict[str, _Field],
        optional: dict[str, _Field] | None = None,
        rest: _Field | None = None,
    ) -> None:
        self.required, self.optional, self.rest = required, optional or {}, rest
        self.what = "an object"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Invalid(f"{where} must be {self.what}; got {_brief(value)}")
        for name, field in self.required.items():
            if name not in value:
                raise _Invalid(f"{where} has no field {name!r}")
            field.check(value[name], f"{where}.{name}")
        for name, item in value.items():
            if name in self.required:
                continue
            field = self.optional.get(name, self.rest)
            if field is None:
                known = ", ".join(sorted([*self.required, *self.optional]))
                raise _Invalid(f"{where} has an unknown field {name!r} (it holds {known})")
            field.check(item, f"{where}.{name}")


_FINITE = _Number()
_POSITIVE = _Number(positive=True)
_COUNT = _Int(low=0)
_CURVE = _List(_FINITE)
_RANDOM_STATE = _Record(
    {
        "kind": _Str(("MT19937",)),
        "pos": _Int(0, 624),
        "has_gauss": _Int(0, 1),
        "cached": _FINITE,
    }
)
_SCALAR = _Either(_Null(), _Bool(), _Int(), _FINITE, _Str())
_DEVICE_NAME = _Str(pattern=r"cpu|cuda(:\d{1,4})?|auto")
_ARCHITECTURE_FIELDS: dict[str, _Field] = {
    "depth": _Int(low=1),
    "width": _Int(low=1),
    "label_embedding": _Str(EMBEDDINGS),
    "prediction": _Str(PREDICTIONS),
    "skip_first_layer": _Bool(),
}
_DOCUMENT = _Record(
    {
        "format": _Str(),
        "format_version": _Int(),
        "estimator": _Str(),
        "versions": _Record({"skff": _Str()}, rest=_Str()),
        "params": _Record({}, rest=_Either(_SCALAR, _Record({"random_state": _RANDOM_STATE}))),
        "network": _Record(
            {
                "n_inputs": _Int(low=1),
                "n_classes": _Int(low=2),
                "depth": _Int(low=1),
                "width": _Int(low=1),
                "head_layers": _List(_COUNT),
            },
            optional={k: v for k, v in _ARCHITECTURE_FIELDS.items() if k not in ("depth", "width")},
        ),
        "attributes": _Record(
            {
                "classes_": _Record(
                    {
                        "dtype": _Str(pattern=r"\|b1|[<>|][iu][1248]|[<>]f[248]|[<>]U\d{1,9}|\|O"),
                        "values": _List(_Either(_Bool(), _Int(), _FINITE, _Str())),
                    }
                ),
                "n_features_in_": _Int(low=1),
                "n_iter_": _COUNT,
                "t_": _COUNT,
                "loss_curve_": _CURVE,
                "layer_loss_curve_": _List(_CURVE),
                "best_loss_": _Either(_Null(), _FINITE),
                "validation_scores_": _Either(_Null(), _CURVE),
                "best_validation_score_": _Either(_Null(), _FINITE),
                "device_": _Str(),
            },
            optional={
                "label_scale_": _POSITIVE,
                "variant_": _Either(_Null(), _Str(tuple(VARIANTS))),
                "threshold_": _Either(_Null(), _FINITE),
                "feature_names_in_": _List(_Str()),
            },
            # Attributes of later versions: checked by name against FITTED_ATTRIBUTES.
            rest=_Either(_SCALAR, _CURVE, _List(_CURVE)),
        ),
        "training_state": _Record(
            {
                "architecture": _Record(_ARCHITECTURE_FIELDS, optional={"label_scale": _POSITIVE}),
                "random_state": _RANDOM_STATE,
                "optimizer": _Either(
                    _Null(),
                    _Record(
                        {
                            "state": _List(
                                _Pair(
                                    _COUNT,
                                    _Record(
                                        {},
                                        rest=_Either(
                                            _Record({"tensor": _Str()}),
                                            _Record({"value": _SCALAR}),
                                        ),
                                    ),
                                )
                            ),
                            "param_groups": _List(
                                _Record(
                                    {"params": _List(_COUNT)},
                                    rest=_Either(_SCALAR, _Record({"tuple": _List(_FINITE)})),
                                ),
                                length=1,
                            ),
                        }
                    ),
                ),
            }
        ),
        "weights_sha256": _Str(pattern="[0-9a-f]{64}"),
    }
)
# Fitted attributes that files of older versions lack, and the value they get.
_ATTRIBUTE_DEFAULTS = {"variant_": None, "threshold_": None}
# Parameters that did not exist when older files were written: the value that
# reproduces how those versions trained (label_scale: the label entry was the
# RMS of the features, label_scale=1). Others missing take the default.
_PARAMS_BEFORE_THEY_EXISTED: dict[str, Any] = {"label_scale": 1.0}
# Adam's state per parameter, and the options of its parameter group.
_OPTIMIZER_STATE_KEYS = ("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
_OPTIMIZER_GROUP = _Record(
    {"params": _List(_COUNT), "lr": _POSITIVE, "eps": _POSITIVE, "weight_decay": _Number(low=0)},
    optional={
        "betas": _Record({"tuple": _List(_Number(), length=2)}),
        "amsgrad": _Bool(),
        "maximize": _Bool(),
        "capturable": _Bool(),
        "differentiable": _Bool(),
        "decoupled_weight_decay": _Bool(),
        "foreach": _Either(_Null(), _Bool()),
        "fused": _Either(_Null(), _Bool()),
    },
    rest=_SCALAR,
)
# Dtypes of the tensors save() writes: float32 weights and moments, int64 keys.
_TENSOR_DTYPES = {"F32": torch.float32, "I64": torch.int64}
_ITEM_BYTES = {"F32": 4, "I64": 8}


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
        If the file is not an skff model, is truncated or corrupted (the
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
    data = path.read_bytes()
    infos, doc = _read_document(data, path)
    try:
        plan = _check_document(doc, infos, len(data))
    except _Invalid as err:
        raise _malformed(path, doc, str(err)) from None
    except Exception as err:  # what the checks did not foresee: still the file's fault
        raise _malformed(path, doc, f"{type(err).__name__}: {err}") from err
    try:
        tensors = load_tensors(data)
    except Exception as err:  # safetensors raises several types, all meaning "unreadable"
        raise ModelFileError(
            f"{path} is truncated or corrupted: its tensor data cannot be read "
            f"({err}). Save the model again, or restore the file from a copy."
        ) from err
    if _tensor_digest(tensors) != doc["weights_sha256"]:
        raise ModelFileError(
            f"{path} is corrupted: its weights do not match the SHA-256 digest "
            "stored when it was saved, so some bytes changed after saving. Save "
            "the model again, or restore the file from a copy."
        )
    try:
        _check_tensor_values(tensors, infos, plan["nonnegative"])
        estimator = _build_estimator(doc, plan, tensors)
    except _Invalid as err:
        raise _malformed(path, doc, str(err)) from None
    except Exception as err:
        # Whatever the checks above did not foresee: still the file's fault.
        raise _malformed(path, doc, f"{type(err).__name__}: {err}") from err
    _choose_device(estimator, device)
    written_by = doc["versions"]["skff"]
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


def _malformed(path: Path, doc: dict[str, Any], problem: str) -> ModelFileError:
    """The error for a file whose digests match but whose content save() would not write."""
    written_by = doc["versions"]["skff"]
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


def _read_document(data: bytes, path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Parse the safetensors header and the skff document in it, and check their envelope.

    Returns
    -------
    infos : dict
        Each tensor's header entry (``dtype``, ``shape``, ``data_offsets``),
        checked for type.
    doc : dict
        The skff document, whose ``format``, ``format_version``, ``estimator``
        and ``versions`` are checked; the rest is not yet.
    """

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
    header = _parse_json(data[8 : 8 + header_size], broken, "its header")
    if not isinstance(header, dict):
        raise broken("its header is not a JSON object")
    metadata = header.get("__metadata__")
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get(METADATA_KEY), str)
        or not isinstance(metadata.get(DIGEST_KEY), str)
    ):
        raise broken("its header has no skff metadata")
    text = metadata[METADATA_KEY]
    try:
        digest = _text_digest(text)
    except UnicodeEncodeError:  # a lone surrogate, written as a JSON escape
        raise broken("its skff metadata is not valid Unicode text") from None
    if metadata[DIGEST_KEY] != digest:
        raise broken("its metadata does not match the SHA-256 digest stored with it")
    infos = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if not (
            isinstance(info, dict)
            and isinstance(info.get("dtype"), str)
            and isinstance(info.get("shape"), list)
            and all(_COUNT.accepts(n) for n in info["shape"])
        ):
            raise broken(f"the header entry of tensor {_brief(name)} is malformed ({_brief(info)})")
        infos[name] = info
    doc = _parse_json(text, broken, "its skff metadata")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise broken("its metadata does not describe an skff model")
    versions = doc.get("versions")
    written_by = versions.get("skff") if isinstance(versions, dict) else None
    if not isinstance(written_by, str):
        written_by = None
    if doc.get("format_version") != FORMAT_VERSION:
        version = doc.get("format_version")
        if written_by is None or written_by == __version__:
            source = "a different build of skff" if written_by else "an unknown version of skff"
            advice = "Load it with the skff that wrote it (then refit, or save it again"
            advice += " from a matching version)"
        else:
            source = f"skff {written_by}"
            advice = f"Load it with skff {written_by} (then refit, or save it again from a"
            advice += " matching version)"
        raise ModelFileError(
            f"{path} was written by {source} in model format version {_brief(version)}, "
            f"and this skff {__version__} reads format version {FORMAT_VERSION} only. "
            f"{advice}, or upgrade skff if the file is newer."
        )
    if doc.get("estimator") != ForwardForwardClassifier.__name__:
        raise ModelFileError(
            f"{path} holds a {_name_of(doc.get('estimator'))}, but skff.load rebuilds "
            "ForwardForwardClassifier models only; load this file with the tool "
            "that wrote it."
        )
    try:
        _DOCUMENT.check(doc, "metadata")
    except _Invalid as err:
        doc = {**doc, "versions": {"skff": written_by}}
        raise _malformed(path, doc, str(err)) from None
    return infos, doc


def _name_of(estimator: Any) -> str:
    return estimator if isinstance(estimator, str) else f"model of estimator {_brief(estimator)}"


def _parse_json(raw: bytes | str, broken: Any, what: str) -> Any:
    """JSON from ``raw``, or ``broken(...)`` raised for anything that is not plain JSON."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a JSON number")

    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text, parse_constant=refuse)
    except RecursionError:
        raise broken(f"{what} is nested too deeply to be skff's JSON") from None
    except (UnicodeDecodeError, ValueError) as err:
        # ValueError includes JSONDecodeError and integers of over 4300 digits.
        raise broken(f"{what} is not valid JSON ({_brief(str(err))})") from None


def _expected_network(spec: NetworkSpec) -> FFNetwork:
    """A network of ``spec`` on the meta device: its tensors' names and shapes, no memory."""
    with torch.device("meta"):
        return FFNetwork(
            spec.n_inputs,
            spec.n_classes,
            spec.depth,
            spec.width,
            label_embedding=spec.label_embedding,
            prediction=spec.prediction,
            skip_first_layer=spec.skip_first_layer,
        )


def _check_document(
    doc: dict[str, Any], infos: dict[str, dict[str, Any]], file_size: int
) -> dict[str, Any]:
    """Check the document against itself and against the tensors the header declares.

    Runs before any tensor is read: every size the document declares is
    compared with the tensors actually present, so that a file cannot make
    ``load`` allocate more than about its own size.

    Returns
    -------
    dict
        What ``_build_estimator`` needs: the ``spec``, the checked
        ``params``, the ``label_scale`` and the ``classes``; and the tensors
        that must not be negative (``nonnegative``).

    Raises
    ------
    _Invalid
    """
    for name, info in infos.items():
        if info["dtype"] not in _TENSOR_DTYPES:
            raise _Invalid(
                f"tensor {name!r} has dtype {_brief(info['dtype'])}; skff stores "
                f"{' and '.join(_TENSOR_DTYPES)} only"
            )
    shapes = {name: tuple(info["shape"]) for name, info in infos.items()}
    used: set[str] = set()

    def tensor(name: str, shape: tuple[int, ...], dtype: str, where: str) -> None:
        if name not in shapes:
            raise _Invalid(f"{where} refers to tensor {_brief(name)}, which the file does not hold")
        if shapes[name] != shape or infos[name]["dtype"] != dtype:
            raise _Invalid(
                f"{where} needs a {dtype} tensor {_brief(name)} of shape {list(shape)}; the "
                f"file holds one of {infos[name]['dtype']} {_shape(shapes[name])}"
            )
        used.add(name)

    # The network: the document's spec, then the shapes that spec implies.
    section, architecture = doc["network"], doc["training_state"]["architecture"]
    for name, value in architecture.items():
        if name in section and section[name] != value:
            raise _Invalid(
                f"the network's {name} is {section[name]!r} but training_state.architecture "
                f"says {value!r}"
            )
    built = {**architecture, **section}
    spec = NetworkSpec(
        n_inputs=section["n_inputs"],
        n_classes=section["n_classes"],
        depth=section["depth"],
        width=section["width"],
        label_embedding=built["label_embedding"],
        prediction=built["prediction"],
        skip_first_layer=built["skip_first_layer"],
    )
    if spec.skip_first_layer and spec.depth < 2:
        raise _Invalid("the network has skip_first_layer=True with depth 1")
    if list(spec.head_layers) != section["head_layers"]:
        raise _Invalid(
            f"network.head_layers is {_brief(section['head_layers'])} but a network of this "
            f"prediction rule and depth has {list(spec.head_layers)}"
        )
    # Cheap bounds first: a network of depth d has d bias tensors in the file, and
    # its width is their length. Only then is the spec built, on the meta device.
    n_biases = sum(1 for name in shapes if name.startswith("network.biases."))
    if n_biases != spec.depth:
        raise _Invalid(
            f"network.depth is {spec.depth} but the file holds {n_biases} layers' biases"
        )
    tensor("network.biases.0", (spec.width,), "F32", "network.width")
    expected = _expected_network(spec)
    for name, value in expected.state_dict().items():
        tensor(f"network.{name}", tuple(value.shape), "F32", "the network")
    extra = sorted(n for n in shapes if n.startswith("network.") and n not in used)
    if extra:
        raise _Invalid(f"the file holds tensors the network does not have: {extra[:3]}")

    # Fitted attributes against the network.
    attributes = doc["attributes"]
    names = {*FITTED_ATTRIBUTES, "classes_", "feature_names_in_"}
    unknown = sorted(set(attributes) - names)
    if unknown:
        raise _Invalid(f"attributes has unknown fields {unknown[:3]}")
    labels = attributes["classes_"]
    if len(labels["values"]) != spec.n_classes:
        raise _Invalid(
            f"attributes.classes_ has {len(labels['values'])} classes but the network "
            f"scores {spec.n_classes}"
        )
    classes = _decode_labels(labels, file_size)  # checks their dtype, values and order
    if attributes["n_features_in_"] != spec.n_features:
        raise _Invalid(
            f"attributes.n_features_in_ is {attributes['n_features_in_']} but the network "
            f"reads {spec.n_features} features ({spec.n_inputs} weighted inputs under "
            f"label_embedding={spec.label_embedding!r})"
        )
    names_in = attributes.get("feature_names_in_")
    if names_in is not None and len(names_in) != spec.n_features:
        raise _Invalid(
            f"attributes.feature_names_in_ names {len(names_in)} features but the network "
            f"reads {spec.n_features}"
        )
    if len(attributes["layer_loss_curve_"]) != spec.depth:
        raise _Invalid(
            f"attributes.layer_loss_curve_ has {len(attributes['layer_loss_curve_'])} "
            f"curves for a network of {spec.depth} layers"
        )
    label_scale = attributes.get("label_scale_", architecture.get("label_scale", 1.0))
    if architecture.get("label_scale", label_scale) != label_scale:
        raise _Invalid(
            f"attributes.label_scale_ is {label_scale} but training_state.architecture "
            f"says {architecture['label_scale']}"
        )
    device = attributes["device_"]
    if not _DEVICE_NAME.accepts(device):
        raise _Invalid(f"attributes.device_ must be a torch device name; got {_brief(device)}")

    # Parameters, by the estimator's own constraints.
    constraints = ForwardForwardClassifier._parameter_constraints
    owner = ForwardForwardClassifier.__name__
    params: dict[str, Any] = {}
    for name, value in doc["params"].items():
        if name not in constraints:
            raise _Invalid(f"params has {_brief(name)}, which is not a parameter of {owner}")
        if isinstance(value, dict):
            tensor(f"params.{name}.key", (624,), "I64", f"params.{name}")
            value = np.random.RandomState(0)  # stands in for the decoded state
        problem = parameter_problem(name, value, constraints[name], owner, resolve_devices=False)
        if problem is not None:
            raise _Invalid(f"params.{name}: {problem}")
        params[name] = value
    tensor("random_state.key", (624,), "I64", "training_state.random_state")

    # The optimizer state: slots in make_optimizer's order over every layer.
    optimizer = doc["training_state"]["optimizer"]
    slots: list[tuple[int, ...]] = []
    nonnegative: set[str] = set()  # step counts and second moments
    if optimizer is not None:
        slots = [tuple(p.shape) for p in _optimizer_parameters(expected)]
        group = optimizer["param_groups"][0]
        _OPTIMIZER_GROUP.check(group, "training_state.optimizer.param_groups[0]")
        if group["params"] != list(range(len(slots))):
            raise _Invalid(
                f"training_state.optimizer.param_groups[0].params must be 0 to "
                f"{len(slots) - 1}, one per trained tensor of the network"
            )
        seen = set()
        for i, (index, entry) in enumerate(optimizer["state"]):
            where = f"training_state.optimizer.state[{i}]"
            if index >= len(slots) or index in seen:
                raise _Invalid(
                    f"{where} is for parameter {index}, not one of 0 to {len(slots) - 1}"
                )
            seen.add(index)
            keys = set(_OPTIMIZER_STATE_KEYS[: 4 if group.get("amsgrad") else 3])
            if set(entry) != keys:
                raise _Invalid(f"{where} must hold {', '.join(sorted(keys))} (and nothing else)")
            for key, ref in entry.items():
                if "tensor" not in ref:
                    raise _Invalid(f"{where}.{key} must be a tensor")
                shape = () if key == "step" else slots[index]
                tensor(ref["tensor"], shape, "F32", f"{where}.{key}")
                if key != "exp_avg":
                    nonnegative.add(ref["tensor"])
    extra = sorted(set(shapes) - used)
    if extra:
        raise _Invalid(f"the file holds tensors that the model does not use: {extra[:3]}")
    return {
        "spec": spec,
        "params": params,
        "label_scale": float(label_scale),
        "classes": classes,
        "nonnegative": nonnegative,
    }


def _optimizer_parameters(net: FFNetwork) -> list[torch.Tensor]:
    """The parameters of ``partial_fit``'s optimizer, in its order (make_optimizer's)."""
    optimizer = make_optimizer(net, range(net.depth), learning_rate=1.0, weight_decay=0.0)
    return list(optimizer.param_groups[0]["params"])


def _decode_labels(labels: dict[str, Any], file_size: int) -> np.ndarray:
    """``classes_`` from its JSON form, checked as LabelEncoder would have made it."""
    dtype = np.dtype(labels["dtype"])
    values = labels["values"]
    if dtype.itemsize * len(values) > max(file_size, 1 << 16):
        raise _Invalid(f"attributes.classes_ declares dtype {dtype.str}, too large for its labels")
    kinds = {
        "b": (bool,),
        "i": (int,),
        "u": (int,),
        "f": (int, float),
        "U": (str,),
        "O": (str, int, float),
    }[dtype.kind]
    for value in values:
        if not isinstance(value, kinds) or (dtype.kind != "b" and isinstance(value, bool)):
            raise _Invalid(f"attributes.classes_ holds {_brief(value)}, not a {dtype.str} label")
    if dtype.kind == "O" and len({isinstance(v, str) for v in values}) > 1:
        raise _Invalid("attributes.classes_ mixes strings and numbers")
    classes = np.empty(len(values), dtype=dtype)
    try:
        with np.errstate(over="raise"):
            classes[:] = values
    except (OverflowError, ValueError, FloatingPointError) as err:
        raise _Invalid(f"attributes.classes_ does not fit dtype {dtype.str} ({err})") from None
    if dtype.kind == "f" and not np.isfinite(classes).all():
        raise _Invalid(f"attributes.classes_ does not fit dtype {dtype.str}")
    if dtype.kind != "f" and classes.tolist() != values:
        raise _Invalid(f"attributes.classes_ does not fit dtype {dtype.str}")
    if not all(classes[i] < classes[i + 1] for i in range(len(classes) - 1)):
        raise _Invalid("attributes.classes_ is not sorted without repeats, as fit makes it")
    return classes


def _check_tensor_values(
    tensors: dict[str, torch.Tensor], infos: dict[str, dict[str, Any]], nonnegative: set[str]
) -> None:
    """The loaded tensors are those the header declared, finite, keys within range."""
    if set(tensors) != set(infos):
        raise _Invalid("the tensors read differ from those the header declares")
    for name, t in tensors.items():
        info = infos[name]
        if tuple(t.shape) != tuple(info["shape"]) or t.dtype != _TENSOR_DTYPES[info["dtype"]]:
            raise _Invalid(f"tensor {name!r} does not have the header's dtype and shape")
        if t.is_floating_point() and not bool(torch.isfinite(t).all()):
            raise _Invalid(f"tensor {name!r} holds NaN or infinite values")
        if name.endswith(".key") and not bool(((t >= 0) & (t < 2**32)).all()):
            raise _Invalid(f"tensor {name!r} holds values outside [0, 2**32)")
    if float(tensors["network.label_scale"]) <= 0:
        raise _Invalid("tensor 'network.label_scale' is not positive")
    for name in nonnegative:
        if bool((tensors[name] < 0).any()):
            raise _Invalid(f"tensor {_brief(name)}, a step count or second moment, is negative")


def _build_estimator(
    doc: dict[str, Any], plan: dict[str, Any], tensors: dict[str, torch.Tensor]
) -> ForwardForwardClassifier:
    spec: NetworkSpec = plan["spec"]
    params = dict(plan["params"])
    for name, value in doc["params"].items():
        if isinstance(value, dict):
            params[name] = _decode_random_state(value["random_state"], f"params.{name}", tensors)
    for name, value in _PARAMS_BEFORE_THEY_EXISTED.items():
        params.setdefault(name, value)
    net = FFNetwork(
        n_inputs=spec.n_inputs,
        n_classes=spec.n_classes,
        depth=spec.depth,
        width=spec.width,
        label_embedding=spec.label_embedding,
        prediction=spec.prediction,
        skip_first_layer=spec.skip_first_layer,
    )
    prefix = "network."
    state = {k[len(prefix) :]: v for k, v in tensors.items() if k.startswith(prefix)}
    net.load_state_dict(state, strict=True)

    attributes = {**_ATTRIBUTE_DEFAULTS, **doc["attributes"]}
    del attributes["classes_"]
    classes = plan["classes"]
    if "feature_names_in_" in attributes:
        attributes["feature_names_in_"] = np.asarray(attributes["feature_names_in_"], dtype=object)
    attributes["label_scale_"] = plan["label_scale"]
    training = doc["training_state"]
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
