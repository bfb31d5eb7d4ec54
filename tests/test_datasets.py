"""The data set loaders: data home, scaling, download and checksum, CIFAR-10's conversion."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from conftest import needs_real, real_data_home, write_cifar_archive, write_fake_npz

from skff import datasets
from skff.datasets import (
    SHA256,
    DatasetError,
    DownloadError,
    get_data_home,
    load_cifar10,
    load_fashion_mnist,
    load_mnist,
)

SHARED = real_data_home()


def test_get_data_home_resolution_order(tmp_path, monkeypatch):
    explicit = tmp_path / "explicit"
    monkeypatch.setenv("SKFF_DATA_HOME", str(tmp_path / "from_env"))
    assert get_data_home(explicit) == explicit
    assert explicit.is_dir()
    assert get_data_home() == tmp_path / "from_env"
    monkeypatch.delenv("SKFF_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert get_data_home() == tmp_path / "home" / "skff_data"


@needs_real("mnist")
def test_load_mnist_scaling_and_shapes():
    X_train, y_train, X_test, y_test = load_mnist()
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert set(np.unique(y_test)) == set(range(10))
    raw = np.load(SHARED / "mnist.npz")
    np.testing.assert_array_equal(X_test[5], raw["x_test"][5].ravel() / np.float32(255))
    np.testing.assert_array_equal(y_train, raw["y_train"])


@needs_real("mnist", "fashion_mnist")
def test_load_fashion_mnist_reads_its_own_file():
    data = load_fashion_mnist()
    assert data.name == "fashion_mnist"
    assert data.X_train.shape == (60000, 784)
    assert not np.array_equal(data.X_test[:10], load_mnist().X_test[:10])


def test_download_verifies_and_installs_the_file(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    digest = write_fake_npz(served / "mnist.npz")
    monkeypatch.setitem(SHA256, "mnist", ("0" * 64, digest))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"
    data = load_mnist(data_home=home)
    assert data.path == home / "mnist.npz"
    assert hashlib.sha256(data.path.read_bytes()).hexdigest() == digest
    # The file, and the record of its digest that spares later processes hashing it again.
    assert sorted(p.name for p in home.iterdir()) == [".mnist.npz.sha256.json", "mnist.npz"]
    assert json.loads((home / ".mnist.npz.sha256.json").read_text())["sha256"] == digest
    assert data.X_train.shape == (400, 784) and data.X_train.dtype == np.float32


def test_corrupt_download_raises_and_leaves_nothing(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    digest = write_fake_npz(served / "mnist.npz")
    payload = bytearray((served / "mnist.npz").read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    (served / "mnist.npz").write_bytes(bytes(payload))
    monkeypatch.setitem(SHA256, "mnist", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"
    with pytest.raises(DownloadError, match="Checksum mismatch"):
        load_mnist(data_home=home)
    assert list(home.iterdir()) == []


def test_missing_file_on_server_raises_and_leaves_nothing(tmp_path, serve, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("SKFF_DATA_URL", serve(empty))
    home = tmp_path / "home"
    with pytest.raises(DownloadError, match="Could not download"):
        load_fashion_mnist(data_home=home)
    assert list(home.iterdir()) == []


def test_fashion_mnist_without_location_explains_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("SKFF_DATA_URL", raising=False)
    with pytest.raises(DownloadError, match="SKFF_DATA_URL"):
        load_fashion_mnist(data_home=tmp_path)


def test_download_accepts_any_listed_checksum(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    (served / "f.bin").write_bytes(b"abc")
    digest = hashlib.sha256(b"abc").hexdigest()
    out = datasets.download(f"{serve(served)}/f.bin", tmp_path / "f.bin", ("0" * 64, digest))
    assert out.read_bytes() == b"abc"


def test_missing_file_without_download_says_where_to_put_it(tmp_path):
    with pytest.raises(DatasetError, match="download=False") as info:
        load_mnist(data_home=tmp_path, download=False)
    assert str(tmp_path) in str(info.value) and "mnist.npz" in str(info.value)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ CIFAR-10
def test_cifar10_is_downloaded_verified_and_converted_once(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    digest, batches = write_cifar_archive(served / "cifar-10-python.tar.gz", rows=20)
    monkeypatch.setitem(SHA256, "cifar10", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", serve(served))
    home = tmp_path / "home"

    X_train, y_train, X_test, y_test = data = load_cifar10(data_home=home)
    assert data.name == "cifar10" and data.path == home / "cifar10.npz"
    assert X_train.shape == (100, 3072) and X_test.shape == (20, 3072)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    train = [batches[f"data_batch_{i}"] for i in range(1, 6)]
    expected = np.concatenate([b["data"] for b in train]).astype(np.float32) / np.float32(255)
    np.testing.assert_array_equal(X_train, expected)  # the batches' order, rows and columns
    np.testing.assert_array_equal(y_train, np.concatenate([b["labels"] for b in train]))
    np.testing.assert_array_equal(y_test, batches["test_batch"]["labels"])
    assert X_test.min() >= 0.0 and X_test.max() <= 1.0

    # The converted file: uint8 images, channels first, with the digest recorded.
    with np.load(home / "cifar10.npz", allow_pickle=False) as npz:
        assert sorted(npz.files) == ["x_test", "x_train", "y_test", "y_train"]
        assert npz["x_train"].shape == (100, 3, 32, 32) and npz["x_train"].dtype == np.uint8
        np.testing.assert_array_equal(
            npz["x_test"][3], batches["test_batch"]["data"][3].reshape(3, 32, 32)
        )
    record = json.loads((home / ".cifar10.npz.sha256.json").read_text())
    assert record["sha256"] == hashlib.sha256((home / "cifar10.npz").read_bytes()).hexdigest()
    assert record["source_sha256"] == digest

    # Later loads read the converted file only: no server, no conversion, no hashing.
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")
    (home / "cifar-10-python.tar.gz").unlink()
    monkeypatch.setattr(datasets, "_VERIFIED", {})  # as in a new process
    hashed = []
    monkeypatch.setattr(datasets, "sha256_of", lambda path: hashed.append(path))
    again = load_cifar10(data_home=home, download=False)
    np.testing.assert_array_equal(again.X_test, X_test)
    assert hashed == []


def test_cifar10_archive_put_in_the_data_home_by_hand_is_used(tmp_path, monkeypatch):
    digest, batches = write_cifar_archive(tmp_path / "cifar-10-python.tar.gz", rows=10)
    monkeypatch.setitem(SHA256, "cifar10", (digest,))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")  # nothing is downloaded
    data = load_cifar10(data_home=tmp_path, download=False)
    assert data.X_train.shape == (50, 3072)
    np.testing.assert_array_equal(data.y_test, batches["test_batch"]["labels"])


def test_cifar10_without_download_says_what_is_missing(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_cifar10(data_home=tmp_path, download=False)
    assert "cifar-10-python.tar.gz" in str(info.value) and "download=True" in str(info.value)


def test_cifar10_default_source_is_the_official_archive(monkeypatch):
    monkeypatch.delenv("SKFF_DATA_URL", raising=False)
    assert (
        datasets._source_url("cifar10") == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    )
    assert SHA256["cifar10"] == (
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
    )
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:8000/data/")
    assert datasets._source_url("cifar10") == "http://127.0.0.1:8000/data/cifar-10-python.tar.gz"


def test_downloads_go_through_pooch(tmp_path, serve, monkeypatch):
    # Issue 22: the transfer is pooch's (requests, timeouts, progress bar), not hand-written.
    import pooch

    served = tmp_path / "served"
    served.mkdir()
    (served / "f.bin").write_bytes(b"abc" * 1000)
    digest = hashlib.sha256(b"abc" * 1000).hexdigest()
    calls = []

    class Spy(pooch.HTTPDownloader):
        def __call__(self, url, output_file, pooch_object, check_only=False):
            calls.append((url, self.kwargs.get("timeout")))
            return super().__call__(url, output_file, pooch_object, check_only)

    monkeypatch.setattr(pooch, "HTTPDownloader", Spy)
    url = f"{serve(served)}/f.bin"
    datasets.download(url, tmp_path / "home" / "f.bin", digest, timeout=7.0)
    assert calls == [(url, 7.0)]
    assert (tmp_path / "home" / "f.bin").read_bytes() == b"abc" * 1000
