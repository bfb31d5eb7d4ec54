"""MNIST, Fashion-MNIST and CIFAR-10, ready for
[`ForwardForwardClassifier`][skff.ForwardForwardClassifier].

Every loader reads an ``.npz`` file with the keys ``x_train``, ``y_train``,
``x_test`` and ``y_test`` (``uint8`` images and ``uint8`` labels) from the
data home, and returns float32 features in ``[0, 1]`` (pixel / 255), each
image flattened to one row, with int64 labels. The official train/test split
is kept, in the original order:

| data set | training rows | test rows | features |
|---|---|---|---|
| MNIST | 60,000 | 10,000 | 784: 28 x 28 grey pixels, row by row |
| Fashion-MNIST | 60,000 | 10,000 | 784, as MNIST |
| CIFAR-10 | 50,000 | 10,000 | 3072: 32 x 32 colour pixels, channels first |

The data home resolves like scikit-learn's [`get_data_home`][sklearn.datasets.get_data_home]:
the ``data_home`` argument, else ``$SKFF_DATA_HOME``, else ``~/skff_data``.

**Verification.** A data file is used only once its sha256 matches: an existing ``mnist.npz`` or
``fashion_mnist.npz`` must have a digest listed in ``SHA256``, and is then read with
``allow_pickle=False``. The digest is computed once per process and file (the file's size,
modification time and inode tell whether it changed), and for files that skff wrote itself it is
also recorded beside them, in a hidden ``.<file>.sha256.json``, so that later processes need not
read the file again. A file that does not match raises
[`DatasetError`][skff.datasets.DatasetError], naming the file, what is wrong and how to fix it; so
do a data home that is a file or cannot be written to.

**Downloads.** A missing file is downloaded (unless ``download=False``), its
sha256 is checked while it arrives and **before** it is used, and only then
is it moved into place ([`skff.fileio.atomic_write`][skff.fileio.atomic_write]: a temporary file in
the data home, renamed). A failed or corrupt download raises
[`DownloadError`][skff.datasets.DownloadError] and leaves nothing behind, so rerunning the loader
starts it again. The location is ``$SKFF_DATA_URL/<file>`` when
``$SKFF_DATA_URL`` is set (``<file>`` as in ``REMOTE_NAMES``), else
``DEFAULT_URLS``:

* ``mnist``: the Keras mirror,
  ``https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz``
  (same keys, shapes and dtypes; a different zip container of the same
  arrays, so it has its own accepted sha256).
* ``fashion_mnist``: no public mirror serves it as one ``.npz``; set
  ``$SKFF_DATA_URL`` to a location that serves ``fashion_mnist.npz`` with the
  sha256 in ``SHA256``, or put the file in the data home yourself.
* ``cifar10``: the official python-version archive,
  ``https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz`` (170,498,071
  bytes). Once its sha256 matched, its six pickled batches are read with an
  unpickler that can build nothing but dicts, lists, bytes, numbers and
  numpy arrays (it refuses every other global, so a batch cannot run code),
  checked to hold ``uint8`` images and labels in 0..9, and converted, once,
  to ``cifar10.npz`` in the data
  home: ``x_train`` (50000, 3, 32, 32) and ``x_test`` (10000, 3, 32, 32)
  ``uint8``, channels first (red, green, blue planes, each row by row, the
  batches' own order), ``y_train`` and ``y_test`` ``uint8`` in 0..9. The sha256
  of ``cifar10.npz`` is recorded at the conversion, in
  ``.cifar10.npz.sha256.json``, and checked at every load (cheaply, as
  above). The archive stays in the data home (delete it to save 163 MiB; it
  is downloaded again only if ``cifar10.npz`` has to be rebuilt). A
  ``cifar10.npz`` without its record, from a conversion cut short, is
  converted again. Processes that load CIFAR-10 at the same time take turns
  through a lock file, ``.cifar10.npz.lock``, so that it is downloaded and
  converted once.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tarfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from skff.cifar10_archive import NotCifar10, read_cifar10_archive
from skff.download import DatasetError, DownloadError, download
from skff.fileio import atomic_write, exclusive_lock

#: Accepted sha256 of each downloaded file. For MNIST and Fashion-MNIST the
#: first entry is the file skff's test and benchmark machines hold;
#: MNIST also accepts the Keras mirror's file. For CIFAR-10 it is the official
#: ``cifar-10-python.tar.gz`` (the digest Keras checks for the same URL; its
#: md5 is the official ``c58f30108f718f92721af3b95e74349a``).
SHA256: dict[str, tuple[str, ...]] = {
    "mnist": (
        "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    ),
    "fashion_mnist": ("5b6d2c4c694a91887af8ab7d039c04f80af3c29378d731c93a538d2e831aa469",),
    "cifar10": ("6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",),
}

#: Download location used when ``$SKFF_DATA_URL`` is not set (None: no public one).
DEFAULT_URLS: dict[str, str | None] = {
    "mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    "fashion_mnist": None,
    "cifar10": "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
}

#: Name of the downloaded file, in the data home and under ``$SKFF_DATA_URL``.
REMOTE_NAMES: dict[str, str] = {
    "mnist": "mnist.npz",
    "fashion_mnist": "fashion_mnist.npz",
    "cifar10": "cifar-10-python.tar.gz",
}

_KEYS = ("x_train", "y_train", "x_test", "y_test")

# Digests computed in this process: (real path, device, inode, size, mtime) -> sha256.
_VERIFIED: dict[tuple, str] = {}


@dataclass(frozen=True)
class Dataset:
    """A train/test split ready for the estimator.

    Unpacks as ``X_train, y_train, X_test, y_test = load_mnist()``.

    Attributes
    ----------
    X_train : ndarray of shape (n_train, n_features), float32
        Pixels / 255, in ``[0, 1]``, each image flattened to one row (see the
        module's table for the sizes and pixel order of each data set).
    y_train : ndarray of shape (n_train,), int64
        Labels 0..9.
    X_test : ndarray of shape (n_test, n_features), float32
        The official test set, scaled as ``X_train``.
    y_test : ndarray of shape (n_test,), int64
        Test labels.
    name : str
        ``"mnist"``, ``"fashion_mnist"`` or ``"cifar10"``.
    path : Path
        The ``.npz`` file that was read.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    name: str
    path: Path

    def __iter__(self) -> Iterator[np.ndarray]:
        """Yield ``X_train, y_train, X_test, y_test``."""
        return iter((self.X_train, self.y_train, self.X_test, self.y_test))


# ------------------------------------------------------------------ data home
def _origin(data_home: str | os.PathLike[str] | None) -> tuple[str, str]:
    """Where the data home came from, and how to point it elsewhere."""
    if data_home is not None:
        return "the data_home argument", "Pass another data_home"
    if os.environ.get("SKFF_DATA_HOME"):
        return "$SKFF_DATA_HOME", "Set $SKFF_DATA_HOME to another folder"
    return "the default", "Set $SKFF_DATA_HOME (or pass data_home) to another folder"


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Folder where skff keeps its data sets, created if missing.

    Parameters
    ----------
    data_home : str or os.PathLike, optional
        Used when given. Otherwise ``$SKFF_DATA_HOME``, otherwise
        ``~/skff_data``. ``~`` is expanded.

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    DatasetError
        When the path is a file, or the folder cannot be created.
    """
    origin, elsewhere = _origin(data_home)
    if data_home is None:
        data_home = os.environ.get("SKFF_DATA_HOME") or str(Path("~") / "skff_data")
    path = Path(data_home).expanduser()
    if path.is_dir():
        return path
    if path.exists():
        raise DatasetError(
            f"The data home {path} (from {origin}) is a file, not a folder. {elsewhere}, "
            "or move that file away."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), path)
        raise DatasetError(
            f"The data home {path} (from {origin}) cannot be created: {blocker} is a file, "
            f"not a folder. {elsewhere}, or move that file away."
        ) from None
    except OSError as exc:
        reason = exc.strerror.lower() if exc.strerror else str(exc)
        raise DatasetError(
            f"The data home {path} (from {origin}) cannot be created: {reason}. {elsewhere}, "
            "one you can write to, or create this one yourself."
        ) from None
    return path


# ------------------------------------------------------------------- digests
def sha256_of(path: str | os.PathLike[str]) -> str:
    """Hex sha256 digest of a file, read in chunks.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    str
    """
    import pooch

    return pooch.file_hash(os.fspath(path), alg="sha256")


def _record_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.sha256.json")


def _stat_fields(stat: os.stat_result) -> dict[str, int]:
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "inode": stat.st_ino}


def _read_record(path: Path) -> dict[str, Any] | None:
    """The digest record skff wrote beside ``path``, or None (missing or unreadable)."""
    try:
        record = json.loads(_record_path(path).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("sha256"), str):
        return None
    return record


def _write_record(path: Path, digest: str, **extra: Any) -> None:
    record = {"file": path.name, "sha256": digest, **_stat_fields(path.stat()), **extra}
    atomic_write(_record_path(path), (json.dumps(record, indent=1) + "\n").encode())


def _digest(path: Path) -> str:
    """sha256 of ``path``, from this process's cache or skff's record when unchanged."""
    stat = path.stat()
    key = (os.path.realpath(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key in _VERIFIED:
        return _VERIFIED[key]
    record = _read_record(path)
    fields = _stat_fields(stat)
    if record is not None and all(record.get(k) == v for k, v in fields.items()):
        digest = record["sha256"]
    else:
        digest = sha256_of(path)
        if record is not None and record["sha256"] == digest:
            # Same content, new inode or time (the data home was copied): refresh.
            with contextlib.suppress(OSError):
                _write_record(path, digest, **{k: v for k, v in record.items() if k not in fields})
    _VERIFIED[key] = digest
    return digest


# ------------------------------------------------------------------ download
def _source_url(name: str) -> str:
    base = os.environ.get("SKFF_DATA_URL")
    remote = REMOTE_NAMES[name]
    if base:
        return f"{base.rstrip('/')}/{remote}"
    url = DEFAULT_URLS[name]
    if url is None:
        raise DownloadError(
            f"{remote} is not in the data home and has no public download "
            f"location. Set $SKFF_DATA_URL to a base URL that serves {remote} "
            f"(sha256 {SHA256[name][0]}), or copy the file into the data home "
            "(see get_data_home)."
        )
    return url


def _download_into(home: Path, name: str, origin: tuple[str, str]) -> Path:
    """Download the file of data set ``name`` into ``home``; explain a data home it can't use."""
    destination = home / REMOTE_NAMES[name]
    url = _source_url(name)
    try:
        download(url, destination, SHA256[name])
    except DownloadError as exc:
        if exc.errno is None:
            raise
        where, elsewhere = origin
        reason = os.strerror(exc.errno).lower()
        raise DownloadError(
            exc.errno,
            f"Cannot store {destination.name} in the data home {home} (from {where}): "
            f"{reason}. {elsewhere}, one you can write to, or put {destination.name} "
            "there yourself.",
        ) from None
    # The record only saves hashing the file again in a later process.
    with contextlib.suppress(OSError):
        _write_record(destination, sha256_of(destination), source=url)
    return destination


# ------------------------------------------------------------ verified files
def _fix(name: str, path: Path) -> str:
    if name == "fashion_mnist":
        return (
            f"Replace it with the file whose sha256 is {SHA256[name][0]} (delete it and set "
            "$SKFF_DATA_URL to a location that serves fashion_mnist.npz, or set "
            "$SKFF_DATA_HOME to a folder holding that file)."
        )
    return f"Delete {path} and load again: it is downloaded afresh."


def _missing(name: str, path: Path, home: Path, origin: tuple[str, str]) -> DatasetError:
    return DatasetError(
        f"{path.name} is not in the data home {home} (from {origin[0]}), and download=False. "
        f"Pass download=True, or copy {path.name} (sha256 {SHA256[name][0]}) into {home}."
    )


def _check_folder_entry(path: Path) -> None:
    if path.exists() and not path.is_file():
        raise DatasetError(
            f"{path} is not a file (a folder?). Move it away: skff keeps the data set there."
        )


def _unknown(name: str, data_home: str | os.PathLike[str] | None) -> str:
    """Why ``name`` cannot be loaded, naming files of that name the data home holds."""
    message = (
        f"Unknown data set {name!r}: skff loads {', '.join(sorted(SHA256))} "
        "(load_mnist, load_fashion_mnist, load_cifar10)."
    )
    if data_home is None:
        data_home = os.environ.get("SKFF_DATA_HOME") or str(Path("~") / "skff_data")
    home = Path(data_home).expanduser()
    seen = sorted(p.name for p in home.glob(f"{glob.escape(str(name))}*")) if home.is_dir() else []
    if seen:
        # A file put there by hand is not read just because its name matches.
        message += (
            f" The data home {home} holds {', '.join(seen)}, which skff does not read: it "
            "has no sha256 for it. Load such a file yourself, with numpy.load(path, "
            "allow_pickle=False)."
        )
    return message


def fetch_file(
    name: str, data_home: str | os.PathLike[str] | None = None, download: bool = True
) -> Path:
    """Path of the verified ``<name>.npz`` in the data home, downloaded when missing.

    Parameters
    ----------
    name : str
        The data set: ``"mnist"``, ``"fashion_mnist"`` or ``"cifar10"``.
    data_home : str or os.PathLike, optional
        See [`get_data_home`][skff.datasets.get_data_home].
    download : bool, default=True
        Download the file when it is missing; when False, a missing file
        raises [`DatasetError`][skff.datasets.DatasetError].

    Returns
    -------
    Path
        The file, whose sha256 matched.

    Raises
    ------
    DatasetError
        When the file does not match its sha256, is missing and may not be
        downloaded, or the data home cannot be used.
    DownloadError
        When the download fails.
    """
    if name not in SHA256:
        raise ValueError(_unknown(name, data_home))
    origin = _origin(data_home)
    home = get_data_home(data_home)
    if name == "cifar10":
        return _fetch_cifar10(home, download, origin)
    path = home / REMOTE_NAMES[name]
    _check_folder_entry(path)
    if not path.exists():
        if not download:
            raise _missing(name, path, home, origin)
        _download_into(home, name, origin)
    digest = _digest(path)
    if digest not in SHA256[name]:
        raise DatasetError(
            f"{path} is not the {path.name} that skff expects: its sha256 is {digest}, "
            f"expected {' or '.join(SHA256[name])}. It is truncated, corrupted or another "
            f"file of the same name. {_fix(name, path)}"
        )
    return path


def _read_npz(name: str, path: Path, fix: str) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [key for key in _KEYS if key not in data.files]
            if missing:
                raise DatasetError(
                    f"{path} lacks the arrays {missing}; a data file needs the keys "
                    f"{list(_KEYS)}. {fix}"
                )
            arrays = {key: data[key] for key in _KEYS}
    except DatasetError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise DatasetError(f"{path} cannot be read as {name} data ({exc}). {fix}") from exc
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim < 2 or y.ndim != 1 or len(x) != len(y):
            raise DatasetError(
                f"{path} holds x_{split} of shape {x.shape} and y_{split} of shape {y.shape}; "
                f"expected one image per label. {fix}"
            )
    return arrays


def _load(name: str, data_home: str | os.PathLike[str] | None, download: bool) -> Dataset:
    path = fetch_file(name, data_home, download)
    fix = _fix(name, path) if name != "cifar10" else _cifar_fix(path)
    arrays = _read_npz(name, path, fix)

    def features(images: np.ndarray) -> np.ndarray:
        flat = images.reshape(images.shape[0], -1).astype(np.float32)
        return flat / np.float32(255.0)

    return Dataset(
        X_train=features(arrays["x_train"]),
        y_train=arrays["y_train"].astype(np.int64),
        X_test=features(arrays["x_test"]),
        y_test=arrays["y_test"].astype(np.int64),
        name=name,
        path=path,
    )


# ------------------------------------------------------------------- CIFAR-10
def _cifar_fix(path: Path) -> str:
    return (
        f"Delete {path} and {_record_path(path).name} beside it, and load again: it is "
        f"converted afresh from {REMOTE_NAMES['cifar10']} (downloaded when missing)."
    )


def _fetch_cifar10(home: Path, download: bool, origin: tuple[str, str]) -> Path:
    path = home / "cifar10.npz"
    _check_folder_entry(path)
    converted = _verified_conversion(path)
    if converted is not None:
        return converted
    archive = home / REMOTE_NAMES["cifar10"]
    _check_folder_entry(archive)
    unverified = (
        f"{path} has no record of skff's conversion beside it "
        f"({_record_path(path).name}): it was put there by hand, or a conversion was cut "
        "short. skff cannot verify a cifar10.npz it did not convert (the archive's sha256 is "
        "the official one; the .npz has none)"
    )
    if not archive.exists() and not download:
        if path.exists():
            raise DatasetError(
                f"{unverified}, so it is not used. Put {archive.name} (sha256 "
                f"{SHA256['cifar10'][0]}) in {home} and load again, or pass download=True: "
                f"the archive is converted, replacing {path.name}."
            )
        raise _missing("cifar10", archive, home, origin)
    with contextlib.ExitStack() as stack:
        # Not in a data home we cannot write to: the download or conversion says so.
        with contextlib.suppress(OSError):
            stack.enter_context(exclusive_lock(home / ".cifar10.npz.lock"))
        converted = _verified_conversion(path)  # another process may have finished it
        if converted is not None:
            return converted
        if path.exists():
            warnings.warn(
                f"{unverified}; it is replaced by a conversion of the official archive.",
                UserWarning,
                stacklevel=5,  # the caller of load_cifar10
            )
        if not archive.exists():
            _download_into(home, "cifar10", origin)
        digest = _digest(archive)
        if digest not in SHA256["cifar10"]:
            raise DatasetError(
                f"{archive} is not the CIFAR-10 archive skff expects: its sha256 is {digest}, "
                f"expected {' or '.join(SHA256['cifar10'])}. It is truncated, corrupted or "
                f"another file of the same name. Delete it and load again: it is downloaded "
                "afresh."
            )
        _convert_cifar10(archive, path, digest)
    return path


def _verified_conversion(path: Path) -> Path | None:
    """``path`` when it exists with a matching record; None when it needs converting."""
    if not path.exists():
        return None
    record = _read_record(path)
    if record is None:
        return None  # a conversion cut short before its record: convert again
    digest = _digest(path)
    if digest != record["sha256"]:
        raise DatasetError(
            f"{path} changed since it was converted: its sha256 is {digest}, but "
            f"{record['sha256']} was recorded at the conversion "
            f"({_record_path(path).name}). {_cifar_fix(path)}"
        )
    return path


def _convert_cifar10(archive: Path, destination: Path, archive_digest: str) -> None:
    """Turn the verified official archive into ``cifar10.npz`` and record its digest."""
    fix = "Delete it and load again: it is downloaded afresh."
    try:
        arrays = read_cifar10_archive(archive)
    except NotCifar10 as exc:
        raise DatasetError(f"{exc}. {fix}") from None
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise DatasetError(f"{archive} cannot be read as a tar.gz archive ({exc}). {fix}") from exc
    try:
        atomic_write(destination, lambda handle: np.savez(handle, **arrays))
        _write_record(
            destination,
            sha256_of(destination),
            source=archive.name,
            source_sha256=archive_digest,
        )
    except OSError as exc:
        raise DatasetError(
            exc.errno, f"Cannot convert {archive.name} into {destination.name}: {exc.strerror}"
        ) from None


# ------------------------------------------------------------------- loaders
def load_mnist(data_home: str | os.PathLike[str] | None = None, download: bool = True) -> Dataset:
    """Load MNIST with its official train/test split.

    Parameters
    ----------
    data_home : str or os.PathLike, optional
        Folder holding ``mnist.npz``; see [`get_data_home`][skff.datasets.get_data_home].
    download : bool, default=True
        Download (and verify) the file when it is missing. When False, a
        missing file raises [`DatasetError`][skff.datasets.DatasetError].

    Returns
    -------
    Dataset
        ``X_train`` (60000, 784) and ``X_test`` (10000, 784) float32 in
        ``[0, 1]`` (pixel / 255, flattened row by row), ``y_train`` and
        ``y_test`` int64 in 0..9. Unpacks as
        ``X_train, y_train, X_test, y_test``.

    Raises
    ------
    DatasetError
        When the file in the data home does not have an accepted sha256, or
        the data home cannot be used; the message says how to fix it.
    DownloadError
        When the download fails or its checksum does not match.

    Examples
    --------
    >>> from skff.datasets import load_mnist
    >>> X_train, y_train, X_test, y_test = load_mnist()  # doctest: +SKIP
    >>> X_train.shape, X_test.shape  # doctest: +SKIP
    ((60000, 784), (10000, 784))
    """
    return _load("mnist", data_home, download)


def load_fashion_mnist(
    data_home: str | os.PathLike[str] | None = None, download: bool = True
) -> Dataset:
    """Load Fashion-MNIST with its official train/test split.

    Parameters
    ----------
    data_home : str or os.PathLike, optional
        Folder holding ``fashion_mnist.npz``; see [`get_data_home`][skff.datasets.get_data_home].
    download : bool, default=True
        When the file is missing, download it from ``$SKFF_DATA_URL`` and
        verify it. When False, a missing file raises [`DatasetError`][skff.datasets.DatasetError].

    Returns
    -------
    Dataset
        As [`load_mnist`][skff.datasets.load_mnist]: float32 features in ``[0, 1]``, 784 columns,
        int64 labels 0..9, 60,000 training and 10,000 test rows.

    Raises
    ------
    DatasetError
        As [`load_mnist`][skff.datasets.load_mnist].
    DownloadError
        As [`load_mnist`][skff.datasets.load_mnist]; also when the file is missing and
        ``$SKFF_DATA_URL`` is not set.
    """
    return _load("fashion_mnist", data_home, download)


def load_cifar10(data_home: str | os.PathLike[str] | None = None, download: bool = True) -> Dataset:
    """Load CIFAR-10 with its official train/test split.

    The first call downloads the official python-version archive (170 MB)
    from ``https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz`` (or
    ``$SKFF_DATA_URL/cifar-10-python.tar.gz``), checks its sha256, and
    converts it once to ``cifar10.npz`` in the data home; later calls read
    that file, checked against the digest recorded at the conversion.

    Parameters
    ----------
    data_home : str or os.PathLike, optional
        Folder holding ``cifar10.npz``; see [`get_data_home`][skff.datasets.get_data_home].
    download : bool, default=True
        Download the archive when neither ``cifar10.npz`` nor the archive is
        in the data home. When False, that raises [`DatasetError`][skff.datasets.DatasetError].

    Returns
    -------
    Dataset
        ``X_train`` (50000, 3072) and ``X_test`` (10000, 3072) float32 in
        ``[0, 1]`` (pixel / 255), each row the red, then green, then blue
        32 x 32 plane, row by row (the official batches' order: use
        ``X.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)`` for images of shape
        (32, 32, 3)); ``y_train`` and ``y_test`` int64 in 0..9 (airplane,
        automobile, bird, cat, deer, dog, frog, horse, ship, truck).

    Raises
    ------
    DatasetError
        When a file in the data home does not match its sha256 (the
        archive's official one, or the one recorded at the conversion), or
        the data home cannot be used; the message says how to fix it.
    DownloadError
        When the download fails or its checksum does not match.

    Examples
    --------
    >>> from skff.datasets import load_cifar10
    >>> X_train, y_train, X_test, y_test = load_cifar10()  # doctest: +SKIP
    >>> X_train.shape, X_test.shape  # doctest: +SKIP
    ((50000, 3072), (10000, 3072))
    """
    return _load("cifar10", data_home, download)


LOADERS = {"mnist": load_mnist, "fashion_mnist": load_fashion_mnist, "cifar10": load_cifar10}
