"""Test configuration: the shared data sets when present, and small generated ones.

Tests that need a real data set (MNIST, Fashion-MNIST) use :func:`needs_real`
and skip, with the reason, when it is absent; nothing in the suite downloads
anything. Everything else runs on data generated here: small ``.npz`` files
in the loaders' format and a small CIFAR-10 archive in the official format,
served on 127.0.0.1 when a test needs a download.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import http.server
import io
import os
import pickle
import struct
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

if "SKFF_DATA_HOME" not in os.environ and SHARED_DATA.is_dir():
    os.environ["SKFF_DATA_HOME"] = str(SHARED_DATA)


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device; none is available")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)


def real_data_home() -> Path | None:
    """The folder of the real data sets the tests may use, or None."""
    home = os.environ.get("SKFF_DATA_HOME")
    return Path(home) if home else None


def needs_real(*names: str) -> pytest.MarkDecorator:
    """Skip unless the real ``<name>.npz`` files are in ``$SKFF_DATA_HOME``."""
    home = real_data_home()
    missing = [n for n in names if home is None or not (home / f"{n}.npz").is_file()]
    return pytest.mark.skipif(
        bool(missing),
        reason=(
            f"needs the real {', '.join(f'{n}.npz' for n in missing)}: set $SKFF_DATA_HOME to a "
            "folder that holds it, or put the project's shared data at ../shared/data (the "
            "tests never download)"
        ),
    )


# ------------------------------------------------------------- generated data
def write_fake_npz(path: Path, n_train: int = 400, n_test: int = 100, side: int = 28) -> str:
    """A small learnable MNIST-like ``.npz``: 10 classes, each a bright square; its sha256."""
    rng = np.random.default_rng(0)

    def split(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 10
        rng.shuffle(y)
        x = rng.integers(0, 60, size=(n, side, side), dtype=np.uint8)
        for label in range(10):
            row, col = divmod(label, 4)
            x[y == label, 7 * row : 7 * row + 6, 7 * col : 7 * col + 6] = 250
        return x, y.astype(np.uint8)

    x_train, y_train = split(n_train)
    x_test, y_test = split(n_test)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fake_data(tmp_path, monkeypatch) -> Path:
    """A data home with small generated ``mnist.npz`` and ``fashion_mnist.npz``, both accepted."""
    from skff import datasets

    home = tmp_path / "fake_data"
    home.mkdir()
    for name in ("mnist", "fashion_mnist"):
        digest = write_fake_npz(home / f"{name}.npz")
        monkeypatch.setitem(datasets.SHA256, name, (digest,))
    monkeypatch.setenv("SKFF_DATA_HOME", str(home))
    return home


class _Py2Pickler(pickle._Pickler):
    """Pickles str and bytes as Python 2's ``str`` (BINSTRING), as the official batches are."""

    dispatch = pickle._Pickler.dispatch.copy()

    def _save_py2_str(self, obj):
        data = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    dispatch[bytes] = _save_py2_str
    dispatch[str] = _save_py2_str


def py2_pickle(obj) -> bytes:
    """``obj`` pickled as Python 2 and numpy 1 wrote the CIFAR-10 batches (protocol 2)."""
    out = io.BytesIO()
    _Py2Pickler(out, protocol=2).dump(obj)
    # numpy 2 names the module numpy._core; the batches were written before it existed.
    return out.getvalue().replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")


def cifar_batch(n: int, seed: int, label: str) -> dict:
    rng = np.random.default_rng(seed)
    labels = [int(v) for v in rng.integers(0, 10, n)]
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    return {
        "batch_label": label,
        "labels": labels,
        "data": data,
        "filenames": [f"image_{seed}_{i}.png" for i in range(n)],
    }


def write_cifar_archive(
    path: Path, rows: int = 20, members: dict[str, bytes] | None = None
) -> tuple[str, dict[str, dict]]:
    """A small ``cifar-10-python.tar.gz`` in the official layout; its sha256 and batches.

    ``members`` replaces or adds members (name inside ``cifar-10-batches-py/``
    to pickled bytes; ``None`` values drop the member).
    """
    batches = {
        f"data_batch_{i}": cifar_batch(rows, i, f"training batch {i} of 5") for i in range(1, 6)
    }
    batches["test_batch"] = cifar_batch(rows, 6, "testing batch 1 of 1")
    payloads = {name: py2_pickle(batch) for name, batch in batches.items()}
    payloads["batches.meta"] = py2_pickle(
        {"num_cases_per_batch": rows, "label_names": ["airplane", "automobile"], "num_vis": 3072}
    )
    payloads["readme.html"] = b"<html>test archive</html>\n"
    payloads.update(members or {})
    with tarfile.open(path, "w:gz") as tar:
        folder = tarfile.TarInfo("cifar-10-batches-py")
        folder.type = tarfile.DIRTYPE
        folder.mode = 0o755
        tar.addfile(folder)
        for name, payload in payloads.items():
            if payload is None:
                continue
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(payload))
    return hashlib.sha256(path.read_bytes()).hexdigest(), batches


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
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


@pytest.fixture
def read_only(monkeypatch) -> Callable[[Path], Path]:
    """A function that makes a folder read-only: creating anything directly in it fails.

    It takes away the write permission; where that does not stop this process
    (root, or a user namespace as under ``unshare -r``), creating files and
    folders there is made to fail with ``EACCES`` as it would for a user.
    """
    folders: list[Path] = []
    real_open, real_mkdir = os.open, os.mkdir

    def blocked(path) -> bool:
        return Path(os.path.abspath(os.fsdecode(path))).parent in folders

    def fake_open(path, flags, mode=0o777, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and blocked(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_open(path, flags, mode, *args, **kwargs)

    def fake_mkdir(path, mode=0o777, *args, **kwargs):
        if blocked(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
        return real_mkdir(path, mode, *args, **kwargs)

    def make(folder: Path) -> Path:
        folder.chmod(0o555)
        folders.append(Path(os.path.abspath(folder)))
        probe = folder / ".probe"
        try:
            os.close(real_open(probe, os.O_WRONLY | os.O_CREAT, 0o666))
        except PermissionError:
            return folder  # the permission is enforced
        probe.unlink()
        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "mkdir", fake_mkdir)
        return folder

    yield make
    for folder in folders:
        folder.chmod(0o755)
