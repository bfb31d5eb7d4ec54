"""Checking a model file's document: against its JSON Schema, then against the tensors it holds.

Everything here runs before [`skff.load`][skff.load] reads a tensor's bytes or builds a network
of real memory: every size the document declares is compared with the tensors the header lists,
so that a file cannot make ``load`` allocate much more than its own size. Each problem raises
[`FieldInvalid`][skff.model_file.format.FieldInvalid] with a message naming the field.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import torch

from skff.core.network import FFNetwork, NetworkSpec
from skff.core.trainer import make_optimizer
from skff.estimator import FITTED_ATTRIBUTES, ForwardForwardClassifier
from skff.model_file.format import (
    DEVICE_PATTERN,
    DOCUMENT_SCHEMA,
    OPTIMIZER_GROUP_SCHEMA,
    OPTIMIZER_STATE_KEYS,
    TENSOR_DTYPES,
    FieldInvalid,
    brief,
)
from skff.validation import parameter_problem


def label_bytes_limit(file_size: int) -> int:
    """The most memory the class labels of a file of ``file_size`` bytes may take.

    numpy holds string labels padded to the widest one, so three labels with one of
    20,000 characters take 240 KB although the file stores 20 KB of text. The limit,
    64 times the file's size and at least 16 MiB, lets every such file load while a
    file edited to declare a huge width cannot make ``load`` allocate much; ``save``
    refuses labels over it, so that whatever it writes loads.
    """
    return max(64 * file_size, 16 << 20)


# --------------------------------------------------------------------- schema
@functools.cache
def _validator(schema_name: str) -> Any:
    # Imported on first use: most programs that import skff never load a model.
    from jsonschema import Draft202012Validator

    schema = DOCUMENT_SCHEMA if schema_name == "document" else OPTIMIZER_GROUP_SCHEMA
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(root: str, path: Any) -> str:
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _problem(error: Any, root: str) -> str:
    """The message for one jsonschema error: the field, what it must be, what it is."""
    where = _where(root, error.absolute_path)
    node, value = error.schema, error.instance
    if error.validator == "required":
        missing = next(name for name in node["required"] if name not in value)
        return f"{where} has no field {missing!r}"
    if error.validator == "additionalProperties" and node["additionalProperties"] is False:
        unknown = next(name for name in value if name not in node["properties"])
        known = ", ".join(sorted(node["properties"]))
        return f"{where} has an unknown field {unknown!r} (it holds {known})"
    if error.validator == "anyOf":
        # As one alternative: a value that fits none at this level is described by all
        # of them; one that fits an alternative's type fails inside it, deeper down.
        deeper = [e for e in error.context if len(e.absolute_path) > len(error.absolute_path)]
        if deeper:
            return min((_problem(e, root) for e in deeper), key=len)
    return f"{where} must be {node['description']}; got {brief(value)}"


def check_schema(value: Any, root: str, schema_name: str = "document") -> None:
    """Check ``value`` against a schema of ``format``; raise FieldInvalid for its first problem.

    Parameters
    ----------
    value : object
        The parsed JSON.
    root : str
        How messages name ``value`` (``"metadata"`` for the document).
    schema_name : {"document", "optimizer_group"}
        ``DOCUMENT_SCHEMA`` or ``OPTIMIZER_GROUP_SCHEMA``.
    """
    # The first error in the schema's order of fields: the one a reader meets first.
    error = next(iter(_validator(schema_name).iter_errors(value)), None)
    if error is not None:
        raise FieldInvalid(_problem(error, root))


def is_count(value: Any) -> bool:
    """Whether ``value`` is a JSON integer >= 0 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# ------------------------------------------------------------ against tensors
def _shape(shape: tuple[int, ...]) -> str:
    """A tensor shape for a message, however many dimensions a file gave it."""
    return str(list(shape)) if len(shape) <= 8 else f"of {len(shape)} dimensions"


def expected_network(spec: NetworkSpec) -> FFNetwork:
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


def check_document(
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
    FieldInvalid
    """
    for name, info in infos.items():
        if info["dtype"] not in TENSOR_DTYPES:
            raise FieldInvalid(
                f"tensor {name!r} has dtype {brief(info['dtype'])}; skff stores "
                f"{' and '.join(TENSOR_DTYPES)} only"
            )
    shapes = {name: tuple(info["shape"]) for name, info in infos.items()}
    used: set[str] = set()

    def tensor(name: str, shape: tuple[int, ...], dtype: str, where: str) -> None:
        if name not in shapes:
            raise FieldInvalid(
                f"{where} refers to tensor {brief(name)}, which the file does not hold"
            )
        if shapes[name] != shape or infos[name]["dtype"] != dtype:
            raise FieldInvalid(
                f"{where} needs a {dtype} tensor {brief(name)} of shape {list(shape)}; the "
                f"file holds one of {infos[name]['dtype']} {_shape(shapes[name])}"
            )
        used.add(name)

    # The network: the document's spec, then the shapes that spec implies.
    section, architecture = doc["network"], doc["training_state"]["architecture"]
    for name, value in architecture.items():
        if name in section and section[name] != value:
            raise FieldInvalid(
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
        raise FieldInvalid("the network has skip_first_layer=True with depth 1")
    if list(spec.head_layers) != section["head_layers"]:
        raise FieldInvalid(
            f"network.head_layers is {brief(section['head_layers'])} but a network of this "
            f"prediction rule and depth has {list(spec.head_layers)}"
        )
    # Cheap bounds first: a network of depth d has d bias tensors in the file, and
    # its width is their length. Only then is the spec built, on the meta device.
    n_biases = sum(1 for name in shapes if name.startswith("network.biases."))
    if n_biases != spec.depth:
        raise FieldInvalid(
            f"network.depth is {spec.depth} but the file holds {n_biases} layers' biases"
        )
    tensor("network.biases.0", (spec.width,), "F32", "network.width")
    expected = expected_network(spec)
    for name, value in expected.state_dict().items():
        tensor(f"network.{name}", tuple(value.shape), "F32", "the network")
    extra = sorted(n for n in shapes if n.startswith("network.") and n not in used)
    if extra:
        raise FieldInvalid(f"the file holds tensors the network does not have: {extra[:3]}")

    # Fitted attributes against the network.
    attributes = doc["attributes"]
    names = {*FITTED_ATTRIBUTES, "classes_", "feature_names_in_"}
    unknown = sorted(set(attributes) - names)
    if unknown:
        raise FieldInvalid(f"attributes has unknown fields {unknown[:3]}")
    labels = attributes["classes_"]
    if len(labels["values"]) != spec.n_classes:
        raise FieldInvalid(
            f"attributes.classes_ has {len(labels['values'])} classes but the network "
            f"scores {spec.n_classes}"
        )
    classes = _decode_labels(labels, file_size)  # checks their dtype, values and order
    if attributes["n_features_in_"] != spec.n_features:
        raise FieldInvalid(
            f"attributes.n_features_in_ is {attributes['n_features_in_']} but the network "
            f"reads {spec.n_features} features ({spec.n_inputs} weighted inputs under "
            f"label_embedding={spec.label_embedding!r})"
        )
    names_in = attributes.get("feature_names_in_")
    if names_in is not None and len(names_in) != spec.n_features:
        raise FieldInvalid(
            f"attributes.feature_names_in_ names {len(names_in)} features but the network "
            f"reads {spec.n_features}"
        )
    if len(attributes["layer_loss_curve_"]) != spec.depth:
        raise FieldInvalid(
            f"attributes.layer_loss_curve_ has {len(attributes['layer_loss_curve_'])} "
            f"curves for a network of {spec.depth} layers"
        )
    label_scale = attributes.get("label_scale_", architecture.get("label_scale", 1.0))
    if architecture.get("label_scale", label_scale) != label_scale:
        raise FieldInvalid(
            f"attributes.label_scale_ is {label_scale} but training_state.architecture "
            f"says {architecture['label_scale']}"
        )
    device = attributes["device_"]
    if not re.fullmatch(DEVICE_PATTERN, device):
        raise FieldInvalid(f"attributes.device_ must be a torch device name; got {brief(device)}")

    # Parameters, by the estimator's own constraints.
    constraints = ForwardForwardClassifier._parameter_constraints
    owner = ForwardForwardClassifier.__name__
    params: dict[str, Any] = {}
    for name, value in doc["params"].items():
        if name not in constraints:
            raise FieldInvalid(f"params has {brief(name)}, which is not a parameter of {owner}")
        if isinstance(value, dict):
            tensor(f"params.{name}.key", (624,), "I64", f"params.{name}")
            value = np.random.RandomState(0)  # stands in for the decoded state
        problem = parameter_problem(name, value, constraints[name], owner, resolve_devices=False)
        if problem is not None:
            raise FieldInvalid(f"params.{name}: {problem}")
        params[name] = value
    tensor("random_state.key", (624,), "I64", "training_state.random_state")

    # The optimizer state: slots in make_optimizer's order over every layer.
    optimizer = doc["training_state"]["optimizer"]
    slots: list[tuple[int, ...]] = []
    nonnegative: set[str] = set()  # step counts and second moments
    if optimizer is not None:
        slots = [tuple(p.shape) for p in _optimizer_parameters(expected)]
        group = optimizer["param_groups"][0]
        check_schema(group, "training_state.optimizer.param_groups[0]", "optimizer_group")
        if group["params"] != list(range(len(slots))):
            raise FieldInvalid(
                f"training_state.optimizer.param_groups[0].params must be 0 to "
                f"{len(slots) - 1}, one per trained tensor of the network"
            )
        seen = set()
        for i, (index, entry) in enumerate(optimizer["state"]):
            where = f"training_state.optimizer.state[{i}]"
            if index >= len(slots) or index in seen:
                raise FieldInvalid(
                    f"{where} is for parameter {index}, not one of 0 to {len(slots) - 1}"
                )
            seen.add(index)
            keys = set(OPTIMIZER_STATE_KEYS[: 4 if group.get("amsgrad") else 3])
            if set(entry) != keys:
                raise FieldInvalid(
                    f"{where} must hold {', '.join(sorted(keys))} (and nothing else)"
                )
            for key, ref in entry.items():
                if "tensor" not in ref:
                    raise FieldInvalid(f"{where}.{key} must be a tensor")
                shape = () if key == "step" else slots[index]
                tensor(ref["tensor"], shape, "F32", f"{where}.{key}")
                if key != "exp_avg":
                    nonnegative.add(ref["tensor"])
    extra = sorted(set(shapes) - used)
    if extra:
        raise FieldInvalid(f"the file holds tensors that the model does not use: {extra[:3]}")
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
    try:
        dtype = np.dtype(labels["dtype"])
    except TypeError:  # a width numpy does not support
        raise FieldInvalid(
            f"attributes.classes_.dtype is {brief(labels['dtype'])}, which numpy cannot make"
        ) from None
    values = labels["values"]
    # numpy pads every label to the dtype's width: what counts is that padded size
    # against the file's, not the file's size alone, which one long label among
    # short ones exceeds in files that save wrote (issue 20).
    if dtype.itemsize * len(values) > label_bytes_limit(file_size):
        raise FieldInvalid(
            f"attributes.classes_ declares dtype {dtype.str} for {len(values)} labels: "
            f"{dtype.itemsize * len(values)} bytes in memory, more than skff.save writes "
            f"for a file of {file_size} bytes"
        )
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
            raise FieldInvalid(f"attributes.classes_ holds {brief(value)}, not a {dtype.str} label")
    if dtype.kind == "O" and len({isinstance(v, str) for v in values}) > 1:
        raise FieldInvalid("attributes.classes_ mixes strings and numbers")
    classes = np.empty(len(values), dtype=dtype)
    try:
        with np.errstate(over="raise"):
            classes[:] = values
    except (OverflowError, ValueError, FloatingPointError) as err:
        raise FieldInvalid(f"attributes.classes_ does not fit dtype {dtype.str} ({err})") from None
    if dtype.kind == "f" and not np.isfinite(classes).all():
        raise FieldInvalid(f"attributes.classes_ does not fit dtype {dtype.str}")
    if dtype.kind != "f" and classes.tolist() != values:
        raise FieldInvalid(f"attributes.classes_ does not fit dtype {dtype.str}")
    if not all(classes[i] < classes[i + 1] for i in range(len(classes) - 1)):
        raise FieldInvalid("attributes.classes_ is not sorted without repeats, as fit makes it")
    return classes


def check_tensor_values(
    tensors: dict[str, torch.Tensor], infos: dict[str, dict[str, Any]], nonnegative: set[str]
) -> None:
    """The loaded tensors are those the header declared, finite, keys within range."""
    if set(tensors) != set(infos):
        raise FieldInvalid("the tensors read differ from those the header declares")
    for name, t in tensors.items():
        info = infos[name]
        if tuple(t.shape) != tuple(info["shape"]) or t.dtype != TENSOR_DTYPES[info["dtype"]]:
            raise FieldInvalid(f"tensor {name!r} does not have the header's dtype and shape")
        if t.is_floating_point() and not bool(torch.isfinite(t).all()):
            raise FieldInvalid(f"tensor {name!r} holds NaN or infinite values")
        if name.endswith(".key") and not bool(((t >= 0) & (t < 2**32)).all()):
            raise FieldInvalid(f"tensor {name!r} holds values outside [0, 2**32)")
    if float(tensors["network.label_scale"]) <= 0:
        raise FieldInvalid("tensor 'network.label_scale' is not positive")
    for name in nonnegative:
        if bool((tensors[name] < 0).any()):
            raise FieldInvalid(f"tensor {brief(name)}, a step count or second moment, is negative")
