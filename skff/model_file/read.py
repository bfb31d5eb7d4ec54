"""Reading a model file: bounded reads from disk, the envelope checked, the estimator rebuilt.

[`read_model_file`][skff.model_file.read.read_model_file] reads what is a regular file only, and
reads its header before anything else: a FIFO, a device such as ``/dev/zero``, or a large file
whose header is invalid is refused after at most a few bytes (issue 20).
[`read_document`][skff.model_file.read.read_document] parses the safetensors header and checks the
skff document's envelope (format, version, estimator), and
[`build_estimator`][skff.model_file.read.build_estimator] makes the estimator from a document that
[`skff.model_file.check`][skff.model_file.check] accepted.
"""

from __future__ import annotations

import json
import math
import os
import stat
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import torch

from skff.core.network import FFNetwork, NetworkSpec
from skff.estimator import ForwardForwardClassifier
from skff.fileio import kind_of_file
from skff.model_file.check import is_count
from skff.model_file.format import (
    ATTRIBUTE_DEFAULTS,
    DIGEST_KEY,
    FORMAT,
    MAX_HEADER_BYTES,
    METADATA_KEY,
    PARAMS_BEFORE_THEY_EXISTED,
    FileRefused,
    brief,
    text_digest,
)

T = TypeVar("T")


def _broken(path: Path, problem: str) -> FileRefused:
    return FileRefused(
        f"{path} is not a readable skff model file: {problem}. The file is "
        "truncated or corrupted, or was not written by skff.save; save the "
        "model again, or restore the file from a copy."
    )


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(
            f"{path} is {kind_of_file(mode)}, not a regular file, so it is not a model file: "
            "skff.load reads only files written by skff.save, and does not read from "
            "pipes, devices or folders. Give the path of a saved model."
        )


def _read_exactly(handle: Any, count: int, path: Path) -> bytes:
    """``count`` bytes from ``handle``, in chunks; a file that shrank meanwhile is refused."""
    parts, left = [], count
    while left > 0:
        chunk = handle.read(min(left, 1 << 24))
        if not chunk:
            raise _broken(path, f"it ended {left} bytes early while being read")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_model_file(path: Path, inspect: Callable[[bytes, int], T]) -> tuple[T, bytes]:
    """Read ``path``: its header first, given to ``inspect``, then the rest.

    ``path`` must be a regular file (checked with ``os.stat`` before opening, and
    with ``os.fstat`` after, in case it was replaced meanwhile); it is opened
    non-blocking, so that a FIFO put there after the first check does not block.
    Its header's size is checked against the file's size and safetensors' limit
    before the header is read, and ``inspect(header, file_size)`` runs before the
    tensors are: it raises for a file it refuses, which is then read no further.

    Returns
    -------
    result : object
        What ``inspect`` returned.
    data : bytes
        The whole file.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    FileRefused
        If ``path`` is not a regular file, or its header is not a safetensors one.
    """
    _refuse_unless_regular(path, os.stat(path).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb", buffering=0) as handle:
        status = os.fstat(handle.fileno())
        _refuse_unless_regular(path, status.st_mode)
        size = status.st_size
        if size < 8:
            raise _broken(path, f"it has {size} bytes, fewer than a safetensors header needs")
        prefix = _read_exactly(handle, 8, path)
        (header_size,) = struct.unpack("<Q", prefix)
        if header_size > size - 8:
            raise _broken(path, f"its header claims {header_size} bytes but the file is shorter")
        if header_size > MAX_HEADER_BYTES:
            raise _broken(
                path,
                f"its header claims {header_size} bytes, more than the {MAX_HEADER_BYTES} "
                "that safetensors allows",
            )
        head = prefix + _read_exactly(handle, header_size, path)
        result = inspect(head, size)
        return result, head + _read_exactly(handle, size - len(head), path)


def read_document(
    head: bytes, file_size: int, path: Path, format_version: int, skff_version: str
) -> tuple[dict[str, dict[str, Any]], dict[str, Any], str | None]:
    """Parse the safetensors header and the skff document in it, and check their envelope.

    Parameters
    ----------
    head : bytes
        The file's first bytes: the header's size and the header.
    file_size : int
        The whole file's size: the tensors the header lists must fill the rest exactly.
    path : Path
        For messages.
    format_version, skff_version : int, str
        The format version this skff reads, and its version, for messages.

    Returns
    -------
    infos : dict
        Each tensor's header entry (``dtype``, ``shape``, ``data_offsets``),
        checked for type.
    doc : dict
        The skff document, whose ``format``, ``format_version`` and
        ``estimator`` are checked; the rest is not yet.
    written_by : str or None
        The skff version the document says wrote it, when it says so.

    Raises
    ------
    FileRefused
    """
    header = parse_json(head[8:], path, "its header")
    if not isinstance(header, dict):
        raise _broken(path, "its header is not a JSON object")
    metadata = header.get("__metadata__")
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get(METADATA_KEY), str)
        or not isinstance(metadata.get(DIGEST_KEY), str)
    ):
        raise _broken(path, "its header has no skff metadata")
    text = metadata[METADATA_KEY]
    try:
        digest = text_digest(text)
    except UnicodeEncodeError:  # a lone surrogate, written as a JSON escape
        raise _broken(path, "its skff metadata is not valid Unicode text") from None
    if metadata[DIGEST_KEY] != digest:
        raise _broken(path, "its metadata does not match the SHA-256 digest stored with it")
    infos, end = {}, 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if not (
            isinstance(info, dict)
            and isinstance(info.get("dtype"), str)
            and isinstance(info.get("shape"), list)
            and all(is_count(n) for n in info["shape"])
            and isinstance(offsets, list)
            and len(offsets) == 2
            and all(is_count(n) for n in offsets)
        ):
            raise _broken(
                path, f"the header entry of tensor {brief(name)} is malformed ({brief(info)})"
            )
        infos[name] = info
        end = max(end, offsets[1])
    # The tensors fill the rest of the file exactly (safetensors checks it too, but only
    # once all of it is read): a file with more is refused before reading further.
    if end != file_size - len(head):
        raise _broken(
            path,
            f"its tensors take {end} bytes but {file_size - len(head)} follow its header",
        )
    doc = parse_json(text, path, "its skff metadata")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _broken(path, "its metadata does not describe an skff model")
    versions = doc.get("versions")
    written_by = versions.get("skff") if isinstance(versions, dict) else None
    if not isinstance(written_by, str):
        written_by = None
    if doc.get("format_version") != format_version:
        version = doc.get("format_version")
        if written_by is None or written_by == skff_version:
            source = "a different build of skff" if written_by else "an unknown version of skff"
            advice = "Load it with the skff that wrote it (then refit, or save it again"
            advice += " from a matching version)"
        else:
            source = f"skff {written_by}"
            advice = f"Load it with skff {written_by} (then refit, or save it again from a"
            advice += " matching version)"
        raise FileRefused(
            f"{path} was written by {source} in model format version {brief(version)}, "
            f"and this skff {skff_version} reads format version {format_version} only. "
            f"{advice}, or upgrade skff if the file is newer."
        )
    if doc.get("estimator") != ForwardForwardClassifier.__name__:
        estimator = doc.get("estimator")
        name = estimator if isinstance(estimator, str) else f"model of estimator {brief(estimator)}"
        raise FileRefused(
            f"{path} holds a {name}, but skff.load rebuilds "
            "ForwardForwardClassifier models only; load this file with the tool "
            "that wrote it."
        )
    return infos, doc, written_by


def parse_json(raw: bytes | str, path: Path, what: str) -> Any:
    """Plain JSON from ``raw``; FileRefused for anything else (NaN, infinities, deep nesting)."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not a JSON number")

    def finite(text: str) -> float:
        # 1e400 parses as infinity, which save never writes: refused like NaN, so that
        # every number the schema sees is finite.
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"{text} is not a finite number")
        return value

    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text, parse_constant=refuse, parse_float=finite)
    except RecursionError:
        raise _broken(path, f"{what} is nested too deeply to be skff's JSON") from None
    except (UnicodeDecodeError, ValueError) as err:
        # ValueError includes JSONDecodeError and integers of over 4300 digits.
        raise _broken(path, f"{what} is not valid JSON ({brief(str(err))})") from None


# ------------------------------------------------------------------ rebuild
def build_estimator(
    doc: dict[str, Any], plan: dict[str, Any], tensors: dict[str, torch.Tensor]
) -> ForwardForwardClassifier:
    """The estimator of a checked document, ``check_document``'s plan and the file's tensors."""
    spec: NetworkSpec = plan["spec"]
    params = dict(plan["params"])
    for name, value in doc["params"].items():
        if isinstance(value, dict):
            params[name] = _decode_random_state(value["random_state"], f"params.{name}", tensors)
    for name, value in PARAMS_BEFORE_THEY_EXISTED.items():
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

    attributes = {**ATTRIBUTE_DEFAULTS, **doc["attributes"]}
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
