"""Fuzzing skff.load: random mutations of valid files never escape as anything but ModelFileError.

Three kinds of mutation (issue 12), each derandomized and small, so that the
file runs in seconds and the same examples run everywhere:

* the skff document's JSON, with both SHA-256 digests recomputed: a value
  replaced by any JSON value, a field removed or added, a number nudged, an
  architecture field changed in both places it is stored;
* the safetensors header's tensor entries (dtype, shape, offsets, names, and
  another dtype over the same bytes), digests recomputed where the tensors
  are still readable;
* the file's bytes: bits flipped, ranges overwritten, inserted or removed,
  brackets nested at the start of the header, the file cut short, digests
  left as they are.

For every mutated file, ``skff.load`` either raises ``ModelFileError`` or
returns a model that predicts; it never raises anything else, never takes a
second, and never adds more than 32 MiB to the process's peak memory (an
8 KB file that declared a network of width 15000 once made it allocate
860 MB).
"""

import json
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _model_files import measure, rewrite, split
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

import skff
from skff import ForwardForwardClassifier
from skff.persistence import ModelFileError

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)
MAX_SECONDS = 1.0
MAX_PEAK = 32 << 20


@pytest.fixture(scope="module")
def files():
    """Two saved models that between them hold every kind of field save writes."""
    tiny = {"width": 8, "max_iter": 3, "device": "cpu"}
    frame = pd.DataFrame(X_IRIS, columns=["sepal l", "sepal w", "petal l", "petal w"])
    names = np.array(["setosa", "versicolor", "virginica"])[Y_IRIS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        rich = ForwardForwardClassifier(
            **tiny,
            depth=3,
            prediction="softmax",
            skip_first_layer=True,
            random_state=np.random.RandomState(0),
        ).fit(frame, names)
        rich.partial_fit(frame, names)  # Adam's state, and a RandomState parameter
        plain = ForwardForwardClassifier(**tiny, label_embedding="overwrite", random_state=0)
        plain.fit(X_IRIS, Y_IRIS == 1)
    saved = []
    with tempfile.TemporaryDirectory() as folder:
        for i, model in enumerate([rich, plain]):
            path = Path(folder) / f"{i}.safetensors"
            skff.save(model, path)
            saved.append(path.read_bytes())
            skff.load(path)  # warm up: the first load imports and allocates once
    return saved


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "mutated.safetensors"


def _loads_or_refuses(data, target):
    """The property: ModelFileError or a model that predicts, quickly and lightly."""
    target.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # version and device warnings are allowed
        model, error, seconds, peak = measure(lambda: skff.load(target))
    assert error is None or isinstance(error, ModelFileError), repr(error)
    assert seconds < MAX_SECONDS, f"{seconds:.2f} s"
    assert peak is None or peak < MAX_PEAK, f"{peak / 2**20:.0f} MiB"
    if model is not None:
        X = X_IRIS if model.n_features_in_ == 4 else np.ones((3, model.n_features_in_))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            proba = model.predict_proba(X[:3])
        assert proba.shape == (3, len(model.classes_))
        assert np.isfinite(proba).all()


# ---------------------------------------------------------------- the document
NAMES = [
    "cff", "ff", "softmax", "goodness", "concat", "overwrite", "cpu", "cuda", "auto",
    "MT19937", "network.biases.0", "network.weights.1", "random_state.key", "tensor",
    "value", "tuple", "skff", "random_state", "predict", "__class__",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 2, 3, 4, 8, 624, 625, 15000, 10**9, 2**63, -(2**63)]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(NAMES),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _mutate_document(doc, data):
    """One random edit somewhere in ``doc``, drawn from ``data``."""
    if data.draw(st.integers(0, 9)) == 0:  # an architecture field, in both places
        name = data.draw(st.sampled_from(["depth", "width", "skip_first_layer", "prediction"]))
        value = data.draw(VALUES)
        doc["network"][name] = value
        doc["training_state"]["architecture"][name] = value
        return
    parent, key = None, None
    node = doc
    while isinstance(node, (dict, list)) and node and data.draw(st.integers(0, 9)) >= 2:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, data.draw(st.sampled_from(keys))
        node = node[key]
    action = data.draw(st.sampled_from(["replace", "delete", "add", "nudge"]))
    if parent is None or (action == "add" and isinstance(node, (dict, list))):
        if isinstance(node, dict):
            node[data.draw(st.sampled_from(NAMES) | st.text(max_size=6))] = data.draw(VALUES)
        elif isinstance(node, list):
            node.append(data.draw(VALUES))
        return
    if action == "delete":
        del parent[key]
    elif action == "nudge" and isinstance(node, (int, float)) and not isinstance(node, bool):
        parent[key] = node * data.draw(st.sampled_from([-1, 0, 2, 1000])) + data.draw(
            st.sampled_from([0, 1, -1, 0.5])
        )
    else:
        parent[key] = data.draw(VALUES)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_mutated_document_with_valid_digests_loads_or_raises_model_file_error(files, target, data):
    base = files[data.draw(st.integers(0, len(files) - 1))]
    mutated = rewrite(base, lambda doc: _mutate_document(doc, data))
    _loads_or_refuses(mutated, target)


# -------------------------------------------------------- the tensors' header
DTYPES = ["F32", "I64", "F64", "F16", "BF16", "I32", "U8", "BOOL", "F8_E4M3", "X"]


def _mutate_header(header, data):
    names = sorted(name for name in header if name != "__metadata__")
    name = data.draw(st.sampled_from(names))
    entry = header[name]
    action = data.draw(
        st.sampled_from(
            ["dtype", "reinterpret", "shape", "offsets", "rename", "delete", "copy", "replace"]
        )
    )
    if action == "dtype":
        entry["dtype"] = data.draw(st.sampled_from(DTYPES))
    elif action == "reinterpret" and entry["shape"]:
        # Another dtype over the same bytes: safetensors reads it.
        dtype, ratio = data.draw(
            st.sampled_from([("BF16", 2), ("F16", 2), ("I32", 1), ("U8", 4), ("BOOL", 4)])
        )
        if entry["dtype"] == "I64":
            ratio *= 2
        entry["dtype"] = dtype
        entry["shape"] = [*entry["shape"][:-1], entry["shape"][-1] * ratio]
    elif action == "shape":
        shape = list(entry["shape"])
        how = data.draw(st.sampled_from(["reverse", "append", "drop", "scale", "zero"]))
        if how == "reverse":
            shape.reverse()
        elif how == "append":
            shape.append(data.draw(st.sampled_from([1, 2, 15000])))
        elif how == "drop" and shape:
            shape.pop()
        elif how == "scale" and shape:
            shape[0] *= data.draw(st.sampled_from([2, 1000, 10**12]))
        else:
            shape = [0]
        entry["shape"] = shape
    elif action == "offsets":
        shift = data.draw(st.sampled_from([-8, -4, 4, 8, 10**9]))
        entry["data_offsets"] = [
            entry["data_offsets"][0] + shift * data.draw(st.integers(0, 1)),
            entry["data_offsets"][1] + shift,
        ]
    elif action == "rename":
        header[data.draw(st.sampled_from(NAMES) | st.text(max_size=12))] = header.pop(name)
    elif action == "delete":
        del header[name]
    elif action == "copy":
        header[f"{name}.copy"] = dict(entry)
    else:
        header[name] = data.draw(VALUES)


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_mutated_tensor_header_loads_or_raises_model_file_error(files, target, data):
    base = files[data.draw(st.integers(0, len(files) - 1))]
    mutated = rewrite(base, edit_header=lambda header: _mutate_header(header, data))
    _loads_or_refuses(mutated, target)


# ------------------------------------------------------------------ the bytes
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_mutated_bytes_load_or_raise_model_file_error(files, target, data):
    mutated = bytearray(files[data.draw(st.integers(0, len(files) - 1))])
    header_end = 8 + len(json.dumps(split(bytes(mutated))[0]))  # roughly: bias edits there
    for _ in range(data.draw(st.integers(1, 3))):
        size = len(mutated)
        at = data.draw(
            st.integers(0, max(0, min(size - 1, header_end + 64))) | st.integers(0, size)
        )
        action = data.draw(
            st.sampled_from(["flip", "overwrite", "insert", "remove", "cut", "nest"])
        )
        if action == "nest":
            # Brackets at the start of the header, its length field kept right.
            brackets = b"[" * data.draw(st.sampled_from([1, 100, 5000, 100_000]))
            length = int.from_bytes(mutated[:8], "little") + len(brackets)
            mutated[:8] = length.to_bytes(8, "little")
            mutated[8:8] = brackets
        elif action == "flip" and at < size:
            mutated[at] ^= 1 << data.draw(st.integers(0, 7))
        elif action == "overwrite":
            mutated[at : at + 4] = data.draw(st.binary(min_size=1, max_size=4))
        elif action == "insert":
            mutated[at:at] = data.draw(st.sampled_from([b"[", b"{", b'"', b"0", b" ", b"\xff"]))
        elif action == "remove":
            del mutated[at : at + data.draw(st.integers(1, 16))]
        else:
            del mutated[at:]
    _loads_or_refuses(bytes(mutated), target)
