"""Test configuration: the real data sets when given, small generated ones, and a sealed suite.

Tests that need a real data set (MNIST, Fashion-MNIST) use :func:`needs_real`
and skip, with the reason, unless ``$SKFF_DATA_HOME`` names a folder that holds
it. Everything else runs on data generated here: small ``.npz`` files in the
loaders' format and a small CIFAR-10 archive in the official format, served on
127.0.0.1 when a test needs a download.

The suite is hermetic (:func:`hermetic`): it writes only inside the clone and
pytest's temporary folders (``$SKFF_DATA_HOME``, when unset, is one of them),
and a connection to any address but this machine's fails the test that made
it, so nothing downloads, even where a network exists.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import http.server
import io
import ipaddress
import os
import pickle
import socket
import struct
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

#: The data home the suite was started with (the real data sets), before :func:`hermetic`
#: points an unset ``$SKFF_DATA_HOME`` at a temporary folder.
REAL_DATA_HOME = os.environ.get("SKFF_DATA_HOME") or None


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device; none is available")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)


def real_data_home() -> Path | None:
    """The folder of the real data sets the tests may use (``$SKFF_DATA_HOME``), or None."""
    return Path(REAL_DATA_HOME) if REAL_DATA_HOME else None


def missing_real(*names: str) -> list[str]:
    """Which of the real ``<name>.npz`` files are not in ``$SKFF_DATA_HOME``."""
    home = real_data_home()
    return [n for n in names if home is None or not (home / f"{n}.npz").is_file()]


def real_data_reason(names: list[str]) -> str:
    """The skip reason of a test that needs the real ``<name>.npz`` files ``names``."""
    files = " and ".join(f"{n}.npz" for n in names)
    return (
        f"needs the real {files}: set SKFF_DATA_HOME to a folder holding {files} "
        "(the tests never download)"
    )


def needs_real(*names: str) -> pytest.MarkDecorator:
    """Skip unless the real ``<name>.npz`` files are in ``$SKFF_DATA_HOME``."""
    missing = missing_real(*names)
    return pytest.mark.skipif(bool(missing), reason=real_data_reason(missing))


# ------------------------------------------------------------- a sealed suite
class NetworkUseError(AssertionError):
    """A test tried to reach another machine: the suite must run without a network."""


#: Connections to other machines that tests attempted, reported by :func:`hermetic`
#: even where the code that tried caught the error (a download reports an OSError).
NETWORK_ATTEMPTS: list[str] = []


def _is_local(host: object) -> bool:
    """Whether ``host`` (a name or an address) is this machine."""
    if host in (None, "", "localhost", b"localhost"):
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return text in (socket.gethostname(), socket.getfqdn())
    return address.is_loopback or address.is_unspecified


def _refuse(what: str) -> None:
    NETWORK_ATTEMPTS.append(what)
    raise pytest.fail.Exception(
        f"a test tried to reach {what}: the suite must not use the network (nothing "
        "downloads; serve files on 127.0.0.1, see the serve fixture)",
        pytrace=True,
    )


@pytest.fixture(scope="session", autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the suite in the clone and pytest's temporary folders, and off the network.

    An unset ``$SKFF_DATA_HOME`` becomes an empty temporary folder (else the
    loaders would use ``~/skff_data``), and connecting to, or looking up, any
    host but this machine fails the test (a download would otherwise
    succeed wherever a network exists).
    """
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: object) -> None:
        # UDP "connects" send nothing (Dask finds its own address so); only streams count.
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
            host = address[0] if isinstance(address, tuple) else address
            if not _is_local(host):
                _refuse(f"{address!r}")

    def connect(sock, address):
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _refuse(f"the address of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("SKFF_DATA_HOME"):
            patch.setenv("SKFF_DATA_HOME", str(tmp_path_factory.mktemp("skff_data_home")))
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture(autouse=True)
def _no_network_attempt() -> Iterator[None]:
    """Fail a test whose code tried to reach the network, even if it caught the error."""
    before = len(NETWORK_ATTEMPTS)
    yield
    attempts = NETWORK_ATTEMPTS[before:]
    if attempts:
        raise NetworkUseError(f"the test tried to reach {', '.join(attempts)}")


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
