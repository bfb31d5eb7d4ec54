"""What an skff model file is: its constants, the JSON Schema of its document, its digests.

A model file is one safetensors file. Its header metadata holds two strings: the skff document
(JSON, under ``METADATA_KEY``) and the SHA-256 of that exact text (under ``DIGEST_KEY``). The
document's shape is ``DOCUMENT_SCHEMA``, a standard JSON Schema (draft 2020-12), checked with the
``jsonschema`` library by [`skff.model_file.check`][skff.model_file.check].

Why JSON Schema and jsonschema rather than msgspec or pydantic: the document is plain JSON that
other tools may read, and a JSON Schema is the language-neutral description of it (it could be
published beside the format as it is); jsonschema reports each problem with the path of the field,
the rule it broke and the node of the schema, which is what the messages of
[`ModelFileError`][skff.persistence.ModelFileError] need (they name the field); and it validates
the dicts ``json`` already parsed, so the checks that follow keep working on plain data. msgspec
and pydantic decode into typed classes and phrase their own messages, which would have replaced
both the data model and every message that the hostile-file tests pin down.
"""

from __future__ import annotations

import hashlib
from typing import Any

import torch

from skff.core.embedding import EMBEDDINGS
from skff.core.network import PREDICTIONS
from skff.core.variants import VARIANTS

FORMAT = "skff-model"
# Bump when a file written by this version cannot be read by older versions, or
# the other way round; load() refuses any other format version.
FORMAT_VERSION = 1
# Keys of the JSON document, and of the SHA-256 of its exact text, in the
# safetensors header metadata.
METADATA_KEY = "skff"
DIGEST_KEY = "skff_sha256"
# Dtypes of the tensors save() writes: float32 weights and moments, int64 keys.
TENSOR_DTYPES = {"F32": torch.float32, "I64": torch.int64}
# The most header bytes a file may declare: safetensors' own limit. load() reads the header
# first, so that a file declaring more is refused after reading 8 bytes.
MAX_HEADER_BYTES = 100_000_000
# Fitted attributes that files of older versions lack, and the value they get.
ATTRIBUTE_DEFAULTS: dict[str, Any] = {
    "variant_": None,
    "threshold_": None,
    "alpha_": None,
    "loss_": None,
    "learning_rate_init_": None,
    "batch_size_": None,
    "tol_": None,
}
# Parameters that did not exist when older files were written: the value that
# reproduces how those versions trained (label_scale: the label entry was the
# RMS of the features, label_scale=1; loss: the threshold loss, whatever the variant).
# Others missing take the default.
PARAMS_BEFORE_THEY_EXISTED: dict[str, Any] = {"label_scale": 1.0, "loss": "threshold"}
# Adam's state per parameter, in the order torch keeps it.
OPTIMIZER_STATE_KEYS = ("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
# A torch device name as a file may store it.
DEVICE_PATTERN = r"cpu|cuda(:\d{1,4})?|auto"


class FileRefused(Exception):
    """The file is not a readable model: the message is the whole explanation."""


class FieldInvalid(Exception):
    """A field of a file whose digests match is not what [`save`][skff.save] writes."""


# -------------------------------------------------------------------- digests
def tensor_digest(tensors: dict[str, torch.Tensor]) -> str:
    """SHA-256 over every tensor's name, dtype, shape and bytes, in name order."""
    digest = hashlib.sha256()
    for name in sorted(tensors):
        t = tensors[name]
        digest.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        digest.update(t.numpy().tobytes())
    return digest.hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 of the exact JSON text, so that any changed byte is caught."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def brief(value: Any) -> str:
    """A short description of ``value`` for a message, without recursing into it."""
    if isinstance(value, dict):
        keys = ", ".join(brief(k) for k in list(value)[:4])
        return f"an object with keys {keys}{', ...' if len(value) > 4 else ''}"
    if isinstance(value, list) and (
        len(value) > 8 or any(isinstance(v, (list, dict)) for v in value)
    ):
        return f"a list of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------- schema
# Every node carries a "description": the phrase a message uses for what the
# field must be ("metadata.network.depth must be an integer >= 1; got True").
def _int(low: int | None = None, high: int | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "integer"}
    if low is not None:
        node["minimum"] = low
    if high is not None:
        node["maximum"] = high
    bounds = (
        f" in [{low}, {high}]"
        if low is not None and high is not None
        else f" >= {low}"
        if low is not None
        else ""
    )
    return node | {"description": f"an integer{bounds}"}


def _number(positive: bool = False, low: float | None = None) -> dict[str, Any]:
    # Finite by construction: the parser refuses NaN and infinities (check.parse_json).
    node: dict[str, Any] = {"type": "number", "description": "a finite number"}
    if positive:
        node |= {"exclusiveMinimum": 0, "description": "a finite number > 0"}
    elif low is not None:
        node |= {"minimum": low, "description": f"a finite number >= {low}"}
    return node


def _str(options: tuple[str, ...] | None = None, pattern: str | None = None) -> dict[str, Any]:
    if options:
        return {"enum": list(options), "description": f"one of {', '.join(map(repr, options))}"}
    node: dict[str, Any] = {"type": "string", "description": "a string"}
    if pattern:
        # JSON Schema patterns search; anchored, as save writes whole values.
        node["pattern"] = f"^(?:{pattern})$"
    return node


def _either(*alternatives: dict[str, Any]) -> dict[str, Any]:
    return {
        "anyOf": list(alternatives),
        "description": " or ".join(a["description"] for a in alternatives),
    }


def _list(item: dict[str, Any], length: int | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "array", "items": item, "description": "a list"}
    if length is not None:
        node |= {"minItems": length, "maxItems": length, "description": f"a list of {length} items"}
    return node


def _pair(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "array",
        "prefixItems": [first, second],
        "items": False,
        "minItems": 2,
        "description": "a list of 2 items",
    }


def _record(
    required: dict[str, Any],
    optional: dict[str, Any] | None = None,
    rest: dict[str, Any] | bool = False,
) -> dict[str, Any]:
    """An object with named fields; ``rest`` checks any other field (False: none allowed)."""
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": rest,
        "description": "an object",
    }


_NULL = {"type": "null", "description": "null"}
_BOOL = {"type": "boolean", "description": "true or false"}
_FINITE = _number()
_POSITIVE = _number(positive=True)
_COUNT = _int(low=0)
_CURVE = _list(_FINITE)
_RANDOM_STATE = _record(
    {"kind": _str(("MT19937",)), "pos": _int(0, 624), "has_gauss": _int(0, 1), "cached": _FINITE}
)
_SCALAR = _either(_NULL, _BOOL, _int(), _FINITE, _str())
_ARCHITECTURE_FIELDS: dict[str, Any] = {
    "depth": _int(low=1),
    "width": _int(low=1),
    "label_embedding": _str(EMBEDDINGS),
    "prediction": _str(PREDICTIONS),
    "skip_first_layer": _BOOL,
}
_OPTIMIZER = _record(
    {
        "state": _list(
            _pair(
                _COUNT,
                _record(
                    {},
                    rest=_either(_record({"tensor": _str()}), _record({"value": _SCALAR})),
                ),
            )
        ),
        "param_groups": _list(
            _record(
                {"params": _list(_COUNT)},
                rest=_either(_SCALAR, _record({"tuple": _list(_FINITE)})),
            ),
            length=1,
        ),
    }
)

#: The JSON Schema of the document that [`save`][skff.save] writes.
DOCUMENT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "skff model document",
    **_record(
        {
            "format": _str(),
            "format_version": _int(),
            "estimator": _str(),
            "versions": _record({"skff": _str()}, rest=_str()),
            "params": _record({}, rest=_either(_SCALAR, _record({"random_state": _RANDOM_STATE}))),
            "network": _record(
                {
                    "n_inputs": _int(low=1),
                    "n_classes": _int(low=2),
                    "depth": _int(low=1),
                    "width": _int(low=1),
                    "head_layers": _list(_COUNT),
                },
                optional={
                    k: v for k, v in _ARCHITECTURE_FIELDS.items() if k not in ("depth", "width")
                },
            ),
            "attributes": _record(
                {
                    "classes_": _record(
                        {
                            "dtype": _str(
                                pattern=r"\|b1|[<>|][iu][1248]|[<>]f[248]|[<>]U\d{1,9}|\|O"
                            ),
                            "values": _list(_either(_BOOL, _int(), _FINITE, _str())),
                        }
                    ),
                    "n_features_in_": _int(low=1),
                    "n_iter_": _COUNT,
                    "t_": _COUNT,
                    "loss_curve_": _CURVE,
                    "layer_loss_curve_": _list(_CURVE),
                    "best_loss_": _either(_NULL, _FINITE),
                    "validation_scores_": _either(_NULL, _CURVE),
                    "best_validation_score_": _either(_NULL, _FINITE),
                    "device_": _str(),
                },
                optional={
                    "label_scale_": _POSITIVE,
                    "variant_": _either(_NULL, _str(tuple(VARIANTS))),
                    "threshold_": _either(_NULL, _FINITE),
                    "feature_names_in_": _list(_str()),
                },
                # Attributes of later versions: checked by name against FITTED_ATTRIBUTES.
                rest=_either(_SCALAR, _CURVE, _list(_CURVE)),
            ),
            "training_state": _record(
                {
                    "architecture": _record(
                        _ARCHITECTURE_FIELDS, optional={"label_scale": _POSITIVE}
                    ),
                    "random_state": _RANDOM_STATE,
                    "optimizer": _either(_NULL, _OPTIMIZER),
                }
            ),
            "weights_sha256": _str(pattern="[0-9a-f]{64}"),
        }
    ),
}

#: The options of Adam's one parameter group, checked once the document's shape is.
OPTIMIZER_GROUP_SCHEMA: dict[str, Any] = _record(
    {"params": _list(_COUNT), "lr": _POSITIVE, "eps": _POSITIVE, "weight_decay": _number(low=0)},
    optional={
        "betas": _record({"tuple": _list(_number(), length=2)}),
        "amsgrad": _BOOL,
        "maximize": _BOOL,
        "capturable": _BOOL,
        "differentiable": _BOOL,
        "decoupled_weight_decay": _BOOL,
        "foreach": _either(_NULL, _BOOL),
        "fused": _either(_NULL, _BOOL),
    },
    rest=_SCALAR,
)
