"""The MNIST / Fashion-MNIST loaders: data home, scaling, download and checksum."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from skff import datasets
from skff.datasets import (
    SHA256,
    DownloadError,
    get_data_home,
    load_fashion_mnist,
    load_mnist,
)

SHARED = Path(os.environ.get("SKFF_DATA_HOME", ""))
needs_data = pytest.mark.skipif(
    not (SHARED / "mnist.npz").is_file(), reason="shared MNIST data not available"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve() -> Iterator:
    """Start an HTTP server on 127.0.0.1 serving a folder; yield a function that does it."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_get_data_home_resolution_order(tmp_path, monkeypatch):
    explicit = tmp_path / "explicit"
    monkeypatch.setenv("SKFF_DATA_HOME", str(tmp_path / "from_env"))
    assert get_data_home(explicit) == explicit
    assert explicit.is_dir()
    assert get_data_home() == tmp_path / "from_env"
    monkeypatch.delenv("SKFF_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert get_data_home() == tmp_path / "home" / "skff_data"


@needs_data
def test_load_mnist_scaling_and_shapes():
    X_train, y_train, X_test, y_test = load_mnist()
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert set(np.unique(y_test)) == set(range(10))
    raw = np.load(SHARED / "mnist.npz")
    np.testing.assert_array_equal(X_test[5], raw["x_test"][5].ravel() / np.float32(255))
    np.testing.assert_array_equal(y_train, raw["y_train"])


@needs_data
def test_load_fashion_mnist_reads_its_own_file():
    data = load_fashion_mnist()
    assert data.name == "fashion_mnist"
    assert data.X_train.shape == (60000, 784)
    assert not np.array_equal(data.X_test[:10], load_mnist().X_test[:10])


@needs_data
def test_download_verifies_and_installs_the_file(tmp_path, serve, monkeypatch):
    monkeypatch.setenv("SKFF_DATA_URL", serve(SHARED))
    home = tmp_path / "home"
    data = load_mnist(data_home=home)
    assert data.path == home / "mnist.npz"
    assert hashlib.sha256(data.path.read_bytes()).hexdigest() == SHA256["mnist"][0]
    assert sorted(p.name for p in home.iterdir()) == ["mnist.npz"]
    assert data.X_train.shape == (60000, 784)


@needs_data
def test_corrupt_download_raises_and_leaves_nothing(tmp_path, serve, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    payload = bytearray((SHARED / "mnist.npz").read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    (served / "mnist.npz").write_bytes(bytes(payload))
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
