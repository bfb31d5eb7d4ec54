"""Reliability of skff.load with files that pass their digests but are not what save writes.

Issue 12, items 1 to 3, in its order: declared sizes checked against the
tensors before anything is allocated; malformed documents refused by a schema;
fitted state checked for consistency. Every file here is a saved model edited
with both SHA-256 digests recomputed (``_model_files.rewrite``), which is what
a careless or hostile editor can do: the integrity checks pass, and load must
still refuse the file with a ModelFileError that names the problem. The
random mutations of the same kind are in ``test_fuzz_load.py``.
"""

import json
import os
import re
import stat
import struct
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from _model_files import CAN_MEASURE_PEAK, assemble, measure, rewrite, split
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

import skff
import skff.persistence
from skff import ForwardForwardClassifier
from skff.persistence import ModelFileError
from skff.validation import InvalidParameterError

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_IRIS = StandardScaler().fit_transform(X_IRIS)
# The goodness read-out: the edits below assume a network without a softmax head.
TINY = {"width": 8, "max_iter": 3, "random_state": 0, "device": "cpu", "prediction": "goodness"}
DATA = Path(__file__).parent / "data"
#: What loading an 8 KB file may take at most, in time and in added memory.
MAX_SECONDS = 1.0
MAX_PEAK = 32 << 20


@pytest.fixture(scope="module")
def model():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = ForwardForwardClassifier(**TINY).fit(X_IRIS, Y_IRIS)
        return clf.partial_fit(X_IRIS, Y_IRIS)  # with Adam's state


@pytest.fixture(scope="module")
def saved(model, tmp_path_factory):
    path = tmp_path_factory.mktemp("saved") / "model.safetensors"
    skff.save(model, path)
    skff.load(path)  # warm up: the first load imports and allocates once
    return path.read_bytes()


def _load_bytes(data, tmp_path, **kwargs):
    path = tmp_path / "edited.safetensors"
    path.write_bytes(data)
    return skff.load(path, **kwargs)


def _set(*keys_and_value):
    """An edit that sets ``doc[k1][k2]... = value``."""
    *keys, value = keys_and_value

    def edit(doc):
        for key in keys[:-1]:
            doc = doc[key]
        doc[keys[-1]] = value

    return edit


def _both(name, value):
    """Set an architecture field in the network section and in training_state, alike."""

    def edit(doc):
        doc["network"][name] = value
        doc["training_state"]["architecture"][name] = value

    return edit


def _refused(data, tmp_path, match):
    """Load ``data``: it must raise ModelFileError matching ``match``, quickly and lightly."""
    _, error, seconds, peak = measure(lambda: _load_bytes(data, tmp_path))
    assert seconds < MAX_SECONDS, f"{seconds:.1f} s ({error!r})"
    assert peak is None or peak < MAX_PEAK, f"{peak / 2**20:.0f} MiB ({error!r})"
    assert isinstance(error, ModelFileError), repr(error)
    assert re.search(match, str(error)), str(error)
    return str(error)


# --------------------------------------------------------------------------
# 1. Declared sizes are checked against the tensors before any allocation
# --------------------------------------------------------------------------
def _inflate_inputs(doc):
    doc["network"]["n_inputs"] = 10**7
    doc["attributes"]["n_features_in_"] = 10**7


INFLATED = {
    # Once 860 MB and 10 s; both sections agree, so only the tensors can tell.
    "width-15000": (_both("width", 15000), r"network\.width needs .*\[15000\].*\[8\]"),
    "depth-300000": (_both("depth", 300_000), r"depth is 300000 but the file holds 2 layers"),
    "n_inputs-1e7": (_inflate_inputs, r"'network\.weights\.0' of shape \[8, 10000000\]"),
    "n_classes-1e7": (
        _set("network", "n_classes", 10**7),
        r"'network\.label_weight' of shape \[8, 10000000\]",
    ),
}


@pytest.mark.skipif(not CAN_MEASURE_PEAK, reason="measures the peak RSS through /proc (Linux)")
@pytest.mark.parametrize(("edit", "match"), list(INFLATED.values()), ids=list(INFLATED))
def test_declared_sizes_are_checked_against_the_tensors_before_allocating(
    saved, tmp_path, edit, match
):
    _refused(rewrite(saved, edit), tmp_path, match)


def test_a_tensor_of_another_dtype_is_refused_before_hashing(saved, tmp_path):
    # Once a TypeError from numpy, which has no bfloat16.
    def to_bf16(header):
        entry = header["network.weights.0"]
        entry["dtype"] = "BF16"
        entry["shape"] = [entry["shape"][0] * 2, entry["shape"][1]]

    _refused(rewrite(saved, edit_header=to_bf16), tmp_path, r"dtype 'BF16'.*F32 and I64 only")


# --------------------------------------------------------------------------
# 2. Malformed documents are refused by a schema, naming the field
# --------------------------------------------------------------------------
def _deep(data):
    header, _, body = split(data)
    return assemble(header, body, "[" * 100_000 + "]" * 100_000)


def _raw_header(raw):
    return lambda data: struct.pack("<Q", len(raw)) + raw


def _text(edit_text):
    """An edit of the document's JSON text, digest recomputed."""

    def apply(data):
        header, doc, body = split(data)
        return assemble(header, body, edit_text(json.dumps(doc, sort_keys=True)))

    return apply


MALFORMED = {
    # Once AttributeError, AttributeError, and KeyError from load's own handler.
    "versions-not-an-object": (_set("versions", "x"), r"metadata\.versions must be an object"),
    "params-a-list": (_set("params", []), r"metadata\.params must be an object; got \[\]"),
    "versions-removed": (lambda doc: doc.pop("versions"), r"metadata has no field 'versions'"),
    # Once RecursionError.
    "header-nested-100000-deep": (
        _raw_header(b"[" * 100_000 + b"]" * 100_000),
        r"header is nested too deeply",
    ),
    "document-nested-100000-deep": (_deep, r"skff metadata is nested too deeply"),
    # Once loaded: NaN is not JSON, and save never writes it.
    "nan-in-loss-curve": (
        _text(lambda t: re.sub(r'"loss_curve_": \[[^]]*', '"loss_curve_": [NaN', t)),
        r"not valid JSON.*NaN is not a JSON number",
    ),
    # Once a raw ValueError from Python's limit on integer digits.
    "integer-of-5000-digits": (
        _text(lambda t: re.sub(r'"n_iter_": \d+', '"n_iter_": ' + "9" * 5000, t)),
        r"skff metadata is not valid JSON",
    ),
    # Once set as an attribute of the estimator, shadowing the method.
    "attribute-named-predict": (_set("attributes", "predict", 5), r"unknown fields \['predict'\]"),
    "depth-a-bool": (_both("depth", True), r"depth must be an integer >= 1; got True"),
}


@pytest.mark.parametrize(("edit", "match"), list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_but_digest_valid_document_raises_model_file_error(saved, tmp_path, edit, match):
    data = edit(saved) if edit.__code__.co_varnames[:1] == ("data",) else rewrite(saved, edit)
    _refused(data, tmp_path, match)


# --------------------------------------------------------------------------
# 3. Fitted state consistent with the network, and with itself
# --------------------------------------------------------------------------
def _swap_optimizer_tensor(doc):
    doc["training_state"]["optimizer"]["state"][0][1]["exp_avg"] = {"tensor": "network.biases.0"}


INCONSISTENT = {
    # Once IndexError at predict, or loaded with two labels never predicted.
    "one-class-for-three": (
        _set("attributes", "classes_", "values", [0]),
        r"classes_ has 1 classes but the network scores 3",
    ),
    "five-classes-for-three": (
        _set("attributes", "classes_", "values", [0, 1, 2, 3, 4]),
        r"classes_ has 5 classes but the network scores 3",
    ),
    # Once loaded, predicting labels in the wrong order.
    "classes-out-of-order": (
        _set("attributes", "classes_", "values", [2, 1, 0]),
        r"classes_ is not sorted",
    ),
    # Once loaded, refusing every X of the network's width.
    "n-features-in-disagrees": (
        _set("attributes", "n_features_in_", 5),
        r"n_features_in_ is 5 but the network reads 4",
    ),
    "feature-names-disagree": (
        _set("attributes", "feature_names_in_", ["a", "b"]),
        r"feature_names_in_ names 2 features but the network reads 4",
    ),
    # Once loaded, predicting with another rule than the file's training record.
    "network-and-architecture-disagree": (
        _set("network", "skip_first_layer", True),
        r"skip_first_layer is True but training_state\.architecture says False",
    ),
    # Once loaded; partial_fit then failed with an IndexError.
    "layer-curves-for-another-depth": (
        _set("attributes", "layer_loss_curve_", [[1.0]]),
        r"layer_loss_curve_ has 1 curves for a network of 2 layers",
    ),
    # Once loaded, failing at the next fit.
    "invalid-param": (_set("params", "variant", "nope"), r"params\.variant: The 'variant'"),
    "invalid-verbose": (_set("params", "verbose", -1), r"params\.verbose"),
    # Once loaded; partial_fit then failed in torch's load_state_dict.
    "optimizer-moment-of-another-shape": (
        _swap_optimizer_tensor,
        r"exp_avg needs a F32 tensor 'network\.biases\.0' of shape \[8, 4\]",
    ),
    "optimizer-group-of-another-size": (
        _set("training_state", "optimizer", "param_groups", 0, "params", [0, 1]),
        r"params must be 0 to 4, one per trained tensor",
    ),
}


@pytest.mark.parametrize(("edit", "match"), list(INCONSISTENT.values()), ids=list(INCONSISTENT))
def test_inconsistent_fitted_state_is_refused_at_load(saved, tmp_path, edit, match):
    _refused(rewrite(saved, edit), tmp_path, match)


def test_non_finite_weights_are_refused_at_load(saved, tmp_path):
    # Once loaded; every prediction then raised "scores overflowed".
    header, doc, body = split(saved)
    start = 0
    for entry in header.values():
        if isinstance(entry, dict) and entry.get("dtype") == "F32":
            start = entry["data_offsets"][0]
            break
    body = body[:start] + struct.pack("<f", float("nan")) + body[start + 4 :]
    nan_file = assemble(header, body, json.dumps(doc))
    _refused(rewrite(nan_file, edit_header=lambda header: None), tmp_path, r"NaN or infinite")


@pytest.mark.parametrize(
    ("name", "value"),
    [("depth", 3), ("skip_first_layer", True), ("label_embedding", "overwrite"), ("variant", "ff")],
)
def test_params_may_differ_from_the_network_as_after_set_params(saved, tmp_path, name, value):
    # Decision: the fitted network owns its architecture, so params that differ
    # from it are a state set_params after fit reaches too. Such a file loads
    # and behaves as that estimator: it predicts with the network, and a
    # warm start refuses the architecture change, naming it.
    original = _load_bytes(saved, tmp_path)
    loaded = _load_bytes(rewrite(saved, _set("params", name, value)), tmp_path)
    assert loaded.get_params()[name] == value
    np.testing.assert_array_equal(loaded.predict_proba(X_IRIS), original.predict_proba(X_IRIS))
    if name == "variant":
        loaded.partial_fit(X_IRIS, Y_IRIS)
        assert loaded.variant_ == "ff"
    else:
        with pytest.raises(ValueError, match=f"{name} changed from"):
            loaded.partial_fit(X_IRIS, Y_IRIS)


@pytest.mark.parametrize("device", ["garbage", "gpu", "cuda:x"])
def test_a_bad_device_argument_is_refused_at_load(saved, tmp_path, device):
    # Once accepted, failing only at the first prediction.
    with pytest.raises(ValueError, match=r"'device' parameter of skff\.load must be"):
        _load_bytes(saved, tmp_path, device=device)


def test_an_unavailable_cuda_device_argument_is_refused_at_load(saved, tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA is not available"):
        _load_bytes(saved, tmp_path, device="cuda")


def test_refusals_never_advise_the_version_that_is_running(saved, tmp_path):
    # Once: "It was written by skff 0.1.0; load it with that version", in 0.1.0.
    message = _refused(
        rewrite(saved, _set("attributes", "classes_", "values", [0])), tmp_path, "classes_"
    )
    assert "load it with that version" not in message
    assert f"load it with skff {skff.__version__}" not in message.lower()
    assert "edited after saving" in message


def test_format_refusal_of_the_running_version_does_not_advise_itself(model, tmp_path, monkeypatch):
    # Once: "Load it with skff 0.1.0 ... ", from skff 0.1.0 itself.
    with monkeypatch.context() as patch:
        patch.setattr(skff.persistence, "FORMAT_VERSION", 2)
        skff.save(model, tmp_path / "other-build.safetensors")
    with pytest.raises(ModelFileError, match="format version 2") as info:
        skff.load(tmp_path / "other-build.safetensors")
    assert f"load it with skff {skff.__version__}" not in str(info.value).lower()
    assert "a different build of skff" in str(info.value)


def test_save_refuses_parameters_that_load_would_refuse(model, tmp_path):
    clf = skff.load(_write(tmp_path, model))
    clf.set_params(width=-3)
    with pytest.raises(InvalidParameterError, match=r"Cannot save.*'width'.*set_params"):
        skff.save(clf, tmp_path / "bad.safetensors")
    assert not (tmp_path / "bad.safetensors").exists()


def _write(tmp_path, model):
    path = tmp_path / "model.safetensors"
    skff.save(model, path)
    return path


def test_file_of_skff_0_1_0_before_the_restructuring_loads(tmp_path):
    # Written by skff 0.1.0 at commit 94cc2a7 (before the network owned its spec),
    # ForwardForwardClassifier(width=8, max_iter=3, random_state=0, device="cpu")
    # fitted on the raw iris data, then partial_fit once; its architecture section
    # has no label_scale and its attributes no label_scale_, variant_, threshold_.
    # Once refused, "KeyError: 'label_scale' ... load it with that version".
    X, y = load_iris(return_X_y=True)
    loaded = skff.load(DATA / "model-0.1.0-before-restructure.safetensors")
    expected = np.load(DATA / "model-0.1.0-before-restructure-proba.npy")
    np.testing.assert_allclose(loaded.predict_proba(X), expected, rtol=1e-5, atol=1e-7)
    assert loaded.label_scale == loaded.label_scale_ == 1.0
    assert loaded.variant_ is None
    assert loaded.alpha_ is None and loaded.alpha == 0.0
    assert loaded.loss_ is None and loaded.loss == "threshold"  # not "auto": as it trained
    loaded.partial_fit(X, y)  # continues from the saved optimizer state
    assert loaded.n_iter_ == 5
    assert loaded.variant_ == "cff"
    assert loaded.alpha_ == 0.0  # the file's own alpha, not the rule of "auto"
    assert loaded.loss_ == "threshold"


# --------------------------------------------------------------------------
# Issue 20: paths that are not model files, and labels save writes
# --------------------------------------------------------------------------
def _load_in_thread(path, seconds=5.0):
    """Load ``path`` in a thread: (finished in time, what it raised or returned)."""
    outcome = []

    def run():
        try:
            outcome.append(skff.load(path))
        except Exception as err:  # the test decides which are allowed
            outcome.append(err)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive(), outcome


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo (POSIX)")
def test_load_of_a_fifo_is_refused_without_blocking(tmp_path):
    # Once blocked forever in open(), waiting for a writer.
    fifo = tmp_path / "model.safetensors"
    os.mkfifo(fifo)
    finished, outcome = _load_in_thread(fifo)
    if not finished:  # release the blocked reader, so that the thread ends
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert finished, "skff.load blocked on a FIFO"
    assert isinstance(outcome[0], ModelFileError), repr(outcome[0])
    assert "FIFO" in str(outcome[0]) and "not a regular file" in str(outcome[0])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_load_of_dev_zero_is_refused_before_reading():
    # Once read until memory ran out. In a child process, so that a regression is
    # killed at the timeout instead of filling this one's memory.
    code = (
        "import skff\ntry:\n    skff.load('/dev/zero')\nexcept Exception as e:\n    print(repr(e))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "ModelFileError" in done.stdout and "character device" in done.stdout, done


def _sparse(path, head, size=2**31):
    path.write_bytes(head)
    os.truncate(path, size)  # a hole: no disk used, but reading it costs 2 GB
    return path


@pytest.mark.skipif(not CAN_MEASURE_PEAK, reason="measures the peak RSS through /proc (Linux)")
def test_a_2_gb_sparse_file_with_an_invalid_header_is_refused_from_its_header(tmp_path):
    # Once read whole (6 to 11 s, 2 GB of memory) before its header was found invalid.
    header = b'{"not": "a model"'
    path = _sparse(tmp_path / "sparse.safetensors", struct.pack("<Q", len(header)) + header)
    _, error, seconds, peak = measure(lambda: skff.load(path))
    assert isinstance(error, ModelFileError), repr(error)
    assert "not valid JSON" in str(error)
    assert seconds < MAX_SECONDS and peak < MAX_PEAK, (seconds, peak)


@pytest.mark.skipif(not CAN_MEASURE_PEAK, reason="measures the peak RSS through /proc (Linux)")
def test_a_model_followed_by_2_gb_is_refused_before_the_tensors_are_read(saved, tmp_path):
    path = _sparse(tmp_path / "padded.safetensors", saved)
    _, error, seconds, peak = measure(lambda: skff.load(path))
    assert isinstance(error, ModelFileError), repr(error)
    assert re.search(r"its tensors take \d+ bytes but \d+ follow its header", str(error))
    assert seconds < MAX_SECONDS and peak < MAX_PEAK, (seconds, peak)


def _fit(y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ForwardForwardClassifier(**TINY).fit(X_IRIS, y)


LABELS = {
    # Once saved, then refused at load: the size check counted numpy's padding
    # (3 labels of 20,000 characters each in memory) against the 20 KB of text.
    "one-long-label": np.array(["short", "x" * 20_000, "y"]),
    "unicode": np.array(["été", "日本語", "🙂 smile"]),
    "objects": np.array(["a", "bb", "c" * 5_000], dtype=object),
    "wider-dtype-than-labels": np.array(["a", "b", "c"], dtype="<U300"),
}


@pytest.mark.parametrize("labels", list(LABELS.values()), ids=list(LABELS))
def test_labels_that_save_writes_load(tmp_path, labels):
    model = _fit(labels[Y_IRIS])
    path = tmp_path / "labels.safetensors"
    skff.save(model, path)
    loaded = skff.load(path)
    assert loaded.classes_.dtype == model.classes_.dtype
    assert loaded.classes_.tolist() == model.classes_.tolist()
    np.testing.assert_array_equal(loaded.predict(X_IRIS), model.predict(X_IRIS))


def test_a_label_dtype_wider_than_any_file_needs_is_refused(saved, tmp_path):
    _refused(
        rewrite(saved, _set("attributes", "classes_", "dtype", "<U99999999")),
        tmp_path,
        r"classes_ declares dtype <U99999999 for 3 labels: 1199999988 bytes",
    )
    _refused(
        rewrite(saved, _set("attributes", "classes_", "dtype", "<U999999999")),
        tmp_path,
        r"classes_\.dtype is '<U999999999', which numpy cannot make",
    )


# --------------------------------------------------------------------------
# Issue 20: what save does with what is already at the path
# --------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo (POSIX)")
def test_save_over_a_fifo_is_refused_and_leaves_it(model, tmp_path):
    fifo = tmp_path / "model.safetensors"
    os.mkfifo(fifo)
    with pytest.raises(FileExistsError, match=r"FIFO \(named pipe\), not a regular file"):
        skff.save(model, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.safetensors"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_save_over_dev_null_raises_before_touching_anything(model, monkeypatch):
    # Once replaced the device node with a regular file (as root, the system's).
    # Nothing may create or rename a file here, even if the check failed.
    def forbidden(*args, **kwargs):
        raise AssertionError(f"save touched the file system: {args}")

    monkeypatch.setattr(os, "open", forbidden)
    monkeypatch.setattr(os, "replace", forbidden)
    with pytest.raises(FileExistsError, match="/dev/null: it is a character device"):
        skff.save(model, "/dev/null")
    monkeypatch.undo()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_save_over_a_folder_is_refused(model, tmp_path):
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        skff.save(model, tmp_path)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_save_through_a_symlink_replaces_its_target_and_keeps_the_link(model, saved, tmp_path):
    # Decision (issue 20): the link is kept and what it points to is replaced atomically,
    # so that "current.safetensors -> models/v1.safetensors" stays a link.
    folder = tmp_path / "models"
    folder.mkdir()
    target = folder / "v1.safetensors"
    target.write_bytes(b"an older model")
    link = tmp_path / "current.safetensors"
    link.symlink_to(target)
    skff.save(model, link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    np.testing.assert_array_equal(skff.load(target).predict(X_IRIS), model.predict(X_IRIS))
    assert sorted(p.name for p in folder.iterdir()) == ["v1.safetensors"]  # no temporary left
    dangling = tmp_path / "next.safetensors"
    dangling.symlink_to(folder / "v2.safetensors")
    skff.save(model, dangling)
    assert dangling.is_symlink() and (folder / "v2.safetensors").is_file()


def test_save_over_a_read_only_file_is_refused_and_leaves_it(model, tmp_path):
    # Decision (issue 20): once replaced silently. A read-only file is a statement
    # that it should not change: refused, naming the file and the fix.
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"keep me")
    path.chmod(0o444)
    with pytest.raises(PermissionError, match=r"read-only.*chmod u\+w") as info:
        skff.save(model, path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.safetensors"]
    path.chmod(0o644)
    skff.save(model, path)  # the fix the message gives
    np.testing.assert_array_equal(skff.load(path).predict(X_IRIS), model.predict(X_IRIS))
