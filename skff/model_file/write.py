"""Writing a model file: a fitted estimator turned into the skff document and its tensors.

[`encode_estimator`][skff.model_file.write.encode_estimator] makes the document and the
tensors, [`model_file_bytes`][skff.model_file.write.model_file_bytes] the whole safetensors file;
[`skff.save`][skff.save] checks the estimator first and writes the bytes with
[`atomic_write`][skff.fileio.atomic_write].
"""

from __future__ import annotations

import json
import platform
from typing import Any

import numpy as np
import safetensors
import sklearn
import torch
from safetensors.torch import save as save_tensors

from skff.estimator import ARCHITECTURE_PARAMS, ForwardForwardClassifier
from skff.model_file.format import DIGEST_KEY, FORMAT, METADATA_KEY, tensor_digest, text_digest


def encode_estimator(
    estimator: ForwardForwardClassifier,
    include_optimizer_state: bool,
    format_version: int,
    skff_version: str,
) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """The skff document of a fitted ``estimator`` and the tensors it refers to.

    Raises
    ------
    TypeError
        If a parameter or class label has a type that JSON cannot hold.
    """
    tensors: dict[str, torch.Tensor] = {}
    doc = _estimator_document(estimator, tensors, include_optimizer_state)
    doc["format_version"] = format_version
    doc["versions"]["skff"] = skff_version
    return doc, tensors


def model_file_bytes(doc: dict[str, Any], tensors: dict[str, torch.Tensor]) -> bytes:
    """The safetensors file of ``encode_estimator``'s document and tensors.

    Raises
    ------
    ValueError
        If a parameter or fitted attribute is NaN or infinite.
    """
    # Own copies: safetensors refuses tensors that share memory, which views
    # of one flat parameter or optimizer buffer would.
    tensors = {name: t.detach().to("cpu").contiguous().clone() for name, t in tensors.items()}
    doc["weights_sha256"] = tensor_digest(tensors)
    try:
        text = json.dumps(doc, sort_keys=True, allow_nan=False)
    except ValueError as err:
        raise ValueError(
            f"Cannot save this estimator: {err}. A parameter or fitted attribute "
            "is NaN or infinite; set it to a finite value (for a parameter, with "
            "set_params) and save again."
        ) from err
    metadata = {METADATA_KEY: text, DIGEST_KEY: text_digest(text)}
    return save_tensors(tensors, metadata=metadata)


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
        "format_version": None,  # set by encode_estimator
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
        "skff": "",  # set by encode_estimator
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
