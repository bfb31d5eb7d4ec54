"""Reliability of the data files: checksums, the data home, atomic writes, CIFAR-10's archive.

Issue 12, items 5 (a data file is used without its checksum), 7 (errors of
the atomic writer name the target) and 8 (the tests need neither the network
nor the shared data), and the safety of CIFAR-10's conversion (issue 14).
Every test here runs on generated data, without the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import py2_pickle, write_cifar_archive, write_fake_npz

import skff.download
from skff import datasets
from skff.datasets import DatasetError, DownloadError, load_cifar10, load_mnist
from skff.fileio import atomic_write

REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------- item 5: a data file is checked
def _damaged_mnist(path: Path, damage: str) -> None:
    if damage == "another file":  # the example: 5 rows of 3 x 3 images, label 200
        images, labels = np.zeros((5, 3, 3), np.uint8), np.full(5, 200, np.uint8)
        np.savez(path, x_train=images, y_train=labels, x_test=images, y_test=labels)
    elif damage == "random bytes":
        path.write_bytes(np.random.default_rng(0).bytes(5000))
    else:
        write_fake_npz(path)
        data = bytearray(path.read_bytes())
        if damage == "truncated":
            data = data[: len(data) // 2]
        else:  # one flipped byte
            data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["another file", "random bytes", "truncated", "flipped byte"])
def test_a_data_file_with_the_wrong_sha256_is_refused_with_the_fix(tmp_path, damage):
    path = tmp_path / "mnist.npz"
    _damaged_mnist(path, damage)
    before = path.read_bytes()
    with pytest.raises(DatasetError) as info:
        load_mnist(tmp_path)
    message = str(info.value)
    assert str(path) in message  # which file
    assert "sha256" in message and datasets.SHA256["mnist"][0] in message  # what is wrong
    assert f"Delete {path}" in message  # how to fix it
    assert "allow_pickle" not in message
    assert path.read_bytes() == before  # left for the user to look at


def test_fashion_mnist_with_the_wrong_sha256_says_where_the_right_file_comes_from(tmp_path):
    _damaged_mnist(tmp_path / "fashion_mnist.npz", "another file")
    with pytest.raises(DatasetError) as info:
        datasets.load_fashion_mnist(tmp_path)
    assert "$SKFF_DATA_URL" in str(info.value)
    assert datasets.SHA256["fashion_mnist"][0] in str(info.value)


def test_a_file_with_the_right_sha256_is_read_without_pickle(tmp_path, monkeypatch):
    path = tmp_path / "mnist.npz"
    objects = np.array([{"not": "an image"}] * 4, dtype=object)
    np.savez(path, x_train=objects, y_train=objects, x_test=objects, y_test=objects)
    monkeypatch.setitem(datasets.SHA256, "mnist", (datasets.sha256_of(path),))
    with pytest.raises(DatasetError, match="cannot be read as mnist data"):
        load_mnist(tmp_path)


def test_the_checksum_is_computed_once_per_process_and_file(tmp_path, monkeypatch):
    digest = write_fake_npz(tmp_path / "mnist.npz")
    monkeypatch.setitem(datasets.SHA256, "mnist", (digest,))
    hashed = []
    real = datasets.sha256_of
    monkeypatch.setattr(datasets, "sha256_of", lambda path: hashed.append(path) or real(path))
    load_mnist(tmp_path)
    load_mnist(tmp_path)
    assert hashed == [tmp_path / "mnist.npz"]
    # A file replaced meanwhile is checked again.
    _damaged_mnist(tmp_path / "mnist.npz", "another file")
    with pytest.raises(DatasetError, match="sha256"):
        load_mnist(tmp_path)
    assert len(hashed) == 2


def test_a_file_skff_downloaded_is_not_hashed_again_by_a_later_process(
    tmp_path, serve, monkeypatch
):
    served = tmp_path / "served"
    served.mkdir()
    digest = write_fake_npz(served / "mnist.npz")
    monkeypatch.setitem(datasets.SHA256, "mnist", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"
    load_mnist(home)
    monkeypatch.setattr(datasets, "_VERIFIED", {})  # as in a new process
    hashed = []
    real = datasets.sha256_of
    monkeypatch.setattr(datasets, "sha256_of", lambda path: hashed.append(path) or real(path))
    load_mnist(home)
    assert hashed == []  # the record written with the download vouches for it
    # Touched since (copied, say): hashed again, and accepted since the content is the same.
    os.utime(home / "mnist.npz", ns=(1, 1))
    monkeypatch.setattr(datasets, "_VERIFIED", {})
    load_mnist(home)
    assert hashed == [home / "mnist.npz"]


def test_a_downloaded_file_gets_the_usual_permissions(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    monkeypatch.setitem(datasets.SHA256, "mnist", (write_fake_npz(served / "mnist.npz"),))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    old_umask = os.umask(0o022)
    try:
        data = load_mnist(tmp_path / "home")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data.path.stat().st_mode) == 0o644  # not mkstemp's 0o600


def test_data_home_that_is_a_file_is_explained(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("SKFF_DATA_HOME", str(not_a_folder))
    with pytest.raises(DatasetError) as info:
        load_mnist()
    message = str(info.value)
    assert f"The data home {not_a_folder} (from $SKFF_DATA_HOME) is a file" in message
    assert "Errno" not in message
    with pytest.raises(DatasetError, match=f"{not_a_folder} is a file, not a folder"):
        load_mnist(not_a_folder / "below")


def test_unwritable_data_home_is_explained_without_the_hidden_file(
    tmp_path, serve, monkeypatch, read_only
):
    served = tmp_path / "served"
    served.mkdir()
    monkeypatch.setitem(datasets.SHA256, "mnist", (write_fake_npz(served / "mnist.npz"),))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"
    home.mkdir()
    read_only(home)
    with pytest.raises(DatasetError) as info:
        load_mnist(home)
    message = str(info.value)
    assert f"Cannot store mnist.npz in the data home {home}" in message
    assert "permission denied" in message and "data_home" in message
    assert ".part" not in message and ".tmp" not in message
    assert list(home.iterdir()) == []


def test_data_home_that_cannot_be_created_is_explained(tmp_path, read_only):
    parent = tmp_path / "locked"
    parent.mkdir()
    read_only(parent)
    with pytest.raises(DatasetError) as info:
        load_mnist(parent / "data")
    assert f"The data home {parent / 'data'}" in str(info.value)
    assert "permission denied" in str(info.value)


# ------------------------------------------ item 7, task B: atomic_write
def test_atomic_write_into_a_missing_folder_names_the_target(tmp_path):
    target = tmp_path / "missing" / "model.safetensors"
    with pytest.raises(FileNotFoundError) as info:
        atomic_write(target, b"data")
    message = str(info.value)
    assert f"Cannot write {target}: the folder {target.parent} does not exist" in message
    assert "mkdir" in message and ".tmp" not in message


def test_atomic_write_into_a_read_only_folder_names_the_target(tmp_path, read_only):
    folder = tmp_path / "ro"
    folder.mkdir()
    read_only(folder)
    target = folder / "model.safetensors"
    with pytest.raises(PermissionError) as info:
        atomic_write(target, b"data")
    message = str(info.value)
    assert f"Cannot write {target}: permission denied in the folder {folder}" in message
    assert "chmod" in message and ".tmp" not in message
    assert list(folder.iterdir()) == []


def test_atomic_write_onto_a_folder_names_it(tmp_path):
    with pytest.raises(IsADirectoryError, match=f"Cannot write {tmp_path}: it is a folder"):
        atomic_write(tmp_path, b"data")


@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt])
def test_atomic_write_keeps_the_old_file_and_cleans_up_when_the_writer_fails(tmp_path, failure):
    target = tmp_path / "rows.json"
    target.write_bytes(b"old")

    def writer(handle):
        handle.write(b"half of the new")
        raise failure("interrupted")

    with pytest.raises(failure):
        atomic_write(target, writer)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.json"]


def test_atomic_write_streams_replaces_and_uses_the_umask(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    target.chmod(0o600)
    old_umask = os.umask(0o027)
    try:
        assert atomic_write(target, lambda handle: handle.write(b"new" * 1000)) == target
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new" * 1000
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0o666 less the umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.bin"]
    with pytest.raises(TypeError, match="encode"):
        atomic_write(target, "text")


# -------------------------------------------- item 8: no data, no network
def test_the_bench_and_loader_tests_pass_without_data_or_network(tmp_path):
    empty = tmp_path / "no_data"
    empty.mkdir()
    env = {
        **os.environ,
        "SKFF_DATA_HOME": str(empty),  # an empty data home, whatever the caller has
        "SKFF_DATA_URL": "http://127.0.0.1:9",  # nothing listens: any download fails at once
        "HOME": str(tmp_path),
        "OMP_NUM_THREADS": "1",
    }
    tests = [str(REPO / "tests" / name) for name in ("test_bench.py", "test_datasets.py")]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *tests],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "needs the real mnist.npz" in result.stdout  # skipped, with the reason
    assert "the tests never download" in result.stdout
    assert list(empty.iterdir()) == []


# ------------------------------------------------------ CIFAR-10's archive
class _Payload:
    """Unpickling this would run a shell command (which creates ``marker``)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_cifar10_batches_cannot_run_code(tmp_path, monkeypatch):
    marker = tmp_path / "code_ran"
    evil = py2_pickle({"data": _Payload(marker), "labels": []})
    archive = tmp_path / "home" / "cifar-10-python.tar.gz"
    archive.parent.mkdir()
    digest, _ = write_cifar_archive(archive, rows=5, members={"data_batch_3": evil})
    monkeypatch.setitem(datasets.SHA256, "cifar10", (digest,))  # even when the digest matched
    with pytest.raises(DatasetError) as info:
        load_cifar10(archive.parent, download=False)
    assert "data_batch_3 is not a CIFAR-10 batch" in str(info.value)
    assert "refused to load posix.system" in str(info.value) or "nt.system" in str(info.value)
    assert not marker.exists()
    assert not (archive.parent / "cifar10.npz").exists()


def test_cifar10_archive_is_checked_before_it_is_opened(tmp_path, monkeypatch):
    marker = tmp_path / "code_ran"
    evil = py2_pickle(_Payload(marker))
    archive = tmp_path / "cifar-10-python.tar.gz"
    write_cifar_archive(archive, rows=5, members={"test_batch": evil})
    opened = []
    monkeypatch.setattr(datasets, "_convert_cifar10", lambda *args: opened.append(args))
    with pytest.raises(DatasetError) as info:
        load_cifar10(tmp_path, download=False)
    message = str(info.value)
    assert f"{archive} is not the CIFAR-10 archive" in message
    assert datasets.SHA256["cifar10"][0] in message and "Delete it" in message
    assert opened == [] and not marker.exists()


def test_cifar10_download_with_the_wrong_checksum_leaves_nothing(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    write_cifar_archive(served / "cifar-10-python.tar.gz", rows=5)  # not the official digest
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"
    with pytest.raises(DownloadError, match="Checksum mismatch"):
        load_cifar10(home)
    assert [p.name for p in home.iterdir() if not p.name.endswith(".lock")] == []


@pytest.mark.parametrize(
    "members, problem",
    [
        ({"data_batch_2": None}, "lacks cifar-10-batches-py/data_batch_2"),
        ({"test_batch": py2_pickle([1, 2, 3])}, "holds a list, not a dict"),
        (
            {"data_batch_1": py2_pickle({"data": np.zeros((2, 10), np.uint8), "labels": [0, 1]})},
            "a uint8 array of 3072 columns",
        ),
        (
            {
                "data_batch_5": py2_pickle(
                    {"data": np.zeros((2, 3072), np.uint8), "labels": [0, 200]}
                )
            },
            "one label in 0..9 per image",
        ),
    ],
)
def test_an_archive_that_is_not_cifar10_is_refused(tmp_path, monkeypatch, members, problem):
    digest, _ = write_cifar_archive(tmp_path / "cifar-10-python.tar.gz", rows=5, members=members)
    monkeypatch.setitem(datasets.SHA256, "cifar10", (digest,))
    with pytest.raises(DatasetError, match=problem):
        load_cifar10(tmp_path, download=False)
    assert not (tmp_path / "cifar10.npz").exists()


def test_converted_cifar10_that_changed_is_refused(tmp_path, monkeypatch):
    digest, _ = write_cifar_archive(tmp_path / "cifar-10-python.tar.gz", rows=5)
    monkeypatch.setitem(datasets.SHA256, "cifar10", (digest,))
    load_cifar10(tmp_path, download=False)
    with open(tmp_path / "cifar10.npz", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(DatasetError) as info:
        load_cifar10(tmp_path, download=False)
    message = str(info.value)
    assert f"{tmp_path / 'cifar10.npz'} changed since it was converted" in message
    assert "Delete" in message and ".cifar10.npz.sha256.json" in message


def test_cifar10_conversion_cut_short_is_done_again(tmp_path, monkeypatch):
    digest, batches = write_cifar_archive(tmp_path / "cifar-10-python.tar.gz", rows=5)
    monkeypatch.setitem(datasets.SHA256, "cifar10", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")  # nothing is downloaded
    (tmp_path / "cifar10.npz").write_bytes(b"half a file")  # no record: cut short
    with pytest.warns(UserWarning, match=r"cifar10\.npz has no record of skff's conversion"):
        data = load_cifar10(tmp_path, download=False)
    np.testing.assert_array_equal(data.y_test, batches["test_batch"]["labels"])
    record = json.loads((tmp_path / ".cifar10.npz.sha256.json").read_text())
    assert record["sha256"] == datasets.sha256_of(tmp_path / "cifar10.npz")


# --------------------------------------------------------------------------
# Issue 20: files the loaders do not know are named, not ignored
# --------------------------------------------------------------------------
def test_a_cifar10_npz_put_by_hand_is_named_not_ignored(tmp_path):
    # Once ignored without a word: the error spoke of the archive only.
    path = tmp_path / "cifar10.npz"
    path.write_bytes(b"someone's own conversion")
    expected = (
        rf"{path} has no record of skff's conversion.*cifar-10-python\.tar\.gz.*download=True"
    )
    with pytest.raises(DatasetError, match=expected):
        load_cifar10(tmp_path, download=False)
    assert path.read_bytes() == b"someone's own conversion"


def test_an_unknown_data_set_lists_what_is_supported_and_the_file_it_saw(tmp_path):
    (tmp_path / "svhn.npz").write_bytes(b"placed by hand")
    with pytest.raises(ValueError, match="Unknown data set 'svhn'") as info:
        datasets.fetch_file("svhn", data_home=tmp_path)
    message = str(info.value)
    assert "cifar10, fashion_mnist, mnist" in message
    assert f"The data home {tmp_path} holds svhn.npz, which skff does not read" in message
    with pytest.raises(ValueError) as info:
        datasets.fetch_file("imagenet", data_home=tmp_path)
    assert "holds" not in str(info.value)


def test_no_message_names_a_workspace_path():
    # Once: "copy the file from ../shared/data", a folder of the project's machines.
    for module in (datasets, skff.download):
        source = Path(module.__file__).read_text()
        assert "shared/data" not in source, module.__name__
    assert "set $SKFF_DATA_HOME to a folder holding" in datasets._fix(
        "fashion_mnist", Path("fashion_mnist.npz")
    )


def test_a_file_url_is_copied_and_verified(tmp_path):
    (tmp_path / "f.bin").write_bytes(b"abc")
    digest = hashlib.sha256(b"abc").hexdigest()
    out = datasets.download((tmp_path / "f.bin").as_uri(), tmp_path / "home" / "f.bin", digest)
    assert out.read_bytes() == b"abc"
    with pytest.raises(DownloadError, match="Checksum mismatch"):
        datasets.download((tmp_path / "f.bin").as_uri(), tmp_path / "home" / "g.bin", "0" * 64)
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["f.bin"]
