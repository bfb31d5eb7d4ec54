"""MNIST and Fashion-MNIST, ready for :class:`~skff.ForwardForwardClassifier`.

Both loaders read an ``.npz`` file with the keys ``x_train``, ``y_train``,
``x_test`` and ``y_test`` (images of shape ``(n, 28, 28)`` in ``uint8``,
labels in ``uint8``) from the data home, and return float32 features in
``[0, 1]`` (pixel / 255), flattened to 784 columns in row-major pixel order,
with int64 labels. The official train/test split is kept: 60,000 training
and 10,000 test rows, in the original order.

The data home resolves like scikit-learn's :func:`~sklearn.datasets.get_data_home`:
the ``data_home`` argument, else ``$SKFF_DATA_HOME``, else ``~/skff_data``.

When the file is missing it is downloaded, its sha256 is checked against
:data:`SHA256` **before** it is used, and only then is it moved into place
(written to a temporary file in the data home and renamed atomically). A
failed or corrupt download raises :class:`DownloadError` and leaves nothing
behind. The location is ``$SKFF_DATA_URL/<name>.npz`` when
``$SKFF_DATA_URL`` is set, else :data:`DEFAULT_URLS`:

* ``mnist``: the Keras mirror,
  ``https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz``
  (same keys, shapes and dtypes; a different zip container of the same
  arrays, so it has its own accepted sha256).
* ``fashion_mnist``: no public mirror serves it as one ``.npz``; set
  ``$SKFF_DATA_URL`` to a location that serves ``fashion_mnist.npz`` with the
  sha256 in :data:`SHA256`, or put the file in the data home yourself.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Accepted sha256 of each file. The first entry is the file in the project's
#: shared data (``../shared/data``); MNIST also accepts the Keras mirror's file.
SHA256: dict[str, tuple[str, ...]] = {
    "mnist": (
        "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    ),
    "fashion_mnist": ("5b6d2c4c694a91887af8ab7d039c04f80af3c29378d731c93a538d2e831aa469",),
}

#: Download location used when ``$SKFF_DATA_URL`` is not set (None: no public one).
DEFAULT_URLS: dict[str, str | None] = {
    "mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    "fashion_mnist": None,
}

_KEYS = ("x_train", "y_train", "x_test", "y_test")
_CHUNK = 1 << 20


class DownloadError(OSError):
    """A data file could not be downloaded, or its checksum did not match."""


@dataclass(frozen=True)
class Dataset:
    """A train/test split ready for the estimator.

    Unpacks as ``X_train, y_train, X_test, y_test = load_mnist()``.

    Attributes
    ----------
    X_train : ndarray of shape (60000, 784), float32
        Pixels / 255, in ``[0, 1]``, each image flattened row by row.
    y_train : ndarray of shape (60000,), int64
        Labels 0..9.
    X_test : ndarray of shape (10000, 784), float32
        The official test set, scaled as ``X_train``.
    y_test : ndarray of shape (10000,), int64
        Test labels.
    name : str
        ``"mnist"`` or ``"fashion_mnist"``.
    path : Path
        The ``.npz`` file that was read.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    name: str
    path: Path

    def __iter__(self):
        """Yield ``X_train, y_train, X_test, y_test``."""
        return iter((self.X_train, self.y_train, self.X_test, self.y_test))


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Folder where skff keeps its data sets, created if missing.

    Parameters
    ----------
    data_home : str or path-like, optional
        Used when given. Otherwise ``$SKFF_DATA_HOME``, otherwise
        ``~/skff_data``. ``~`` is expanded.

    Returns
    -------
    Path
        The folder.
    """
    if data_home is None:
        data_home = os.environ.get("SKFF_DATA_HOME", str(Path("~") / "skff_data"))
    path = Path(data_home).expanduser()
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_of(path: str | os.PathLike[str]) -> str:
    """Hex sha256 digest of a file, read in chunks.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    str
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _source_url(name: str) -> str:
    base = os.environ.get("SKFF_DATA_URL")
    if base:
        return f"{base.rstrip('/')}/{name}.npz"
    url = DEFAULT_URLS[name]
    if url is None:
        raise DownloadError(
            f"{name}.npz is not in the data home and has no public download "
            f"location. Set $SKFF_DATA_URL to a base URL that serves {name}.npz "
            f"(sha256 {SHA256[name][0]}), or copy the file into the data home "
            "(see get_data_home)."
        )
    return url


def download(
    url: str,
    destination: str | os.PathLike[str],
    sha256: str | tuple[str, ...],
    timeout: float = 60.0,
) -> Path:
    """Download ``url`` to ``destination`` if and only if its sha256 matches.

    The bytes go to a temporary file in the destination's folder; the
    checksum is computed while they arrive and checked before the file is
    renamed (atomically) to ``destination``. On any failure the temporary
    file is removed and nothing is left at ``destination``.

    Parameters
    ----------
    url : str
        Where to download from (``http``, ``https`` or ``file``).
    destination : str or path-like
        Final path of the file.
    sha256 : str or tuple of str
        Accepted hex digests.
    timeout : float, default=60.0
        Seconds to wait for the server on connect and on each read.

    Returns
    -------
    Path
        ``destination``.

    Raises
    ------
    DownloadError
        When the download fails or the checksum does not match.
    """
    accepted = (sha256,) if isinstance(sha256, str) else tuple(sha256)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
    )
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise DownloadError(
                f"Could not download {url} to {destination}: {exc}. Check the "
                "network and the URL ($SKFF_DATA_URL), or copy the file into "
                "the data home."
            ) from exc
        actual = digest.hexdigest()
        if actual not in accepted:
            raise DownloadError(
                f"Checksum mismatch for {url}: got sha256 {actual}, expected "
                f"{' or '.join(accepted)}. The file was discarded; the server "
                "does not serve the expected file (point $SKFF_DATA_URL at a "
                "copy of the exact file)."
            )
        os.replace(tmp, destination)
    finally:
        tmp.unlink(missing_ok=True)
    return destination


def fetch_file(name: str, data_home: str | os.PathLike[str] | None = None) -> Path:
    """Path of ``<name>.npz`` in the data home, downloading it when missing.

    Parameters
    ----------
    name : str
        The data set: ``"mnist"`` or ``"fashion_mnist"``.
    data_home : str or path-like, optional
        See :func:`get_data_home`.

    Returns
    -------
    Path
        The verified file.
    """
    if name not in SHA256:
        raise ValueError(f"Unknown data set {name!r}; choose one of {sorted(SHA256)}.")
    path = get_data_home(data_home) / f"{name}.npz"
    if not path.exists():
        download(_source_url(name), path, SHA256[name])
    return path


def _load(name: str, data_home: str | os.PathLike[str] | None) -> Dataset:
    path = fetch_file(name, data_home)
    with np.load(path) as data:
        missing = [key for key in _KEYS if key not in data.files]
        if missing:
            raise ValueError(
                f"{path} lacks the arrays {missing}; a data file needs the keys "
                f"{list(_KEYS)}. Delete it so that it is downloaded again."
            )
        arrays = {key: data[key] for key in _KEYS}

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


def load_mnist(data_home: str | os.PathLike[str] | None = None) -> Dataset:
    """Load MNIST with its official train/test split.

    Parameters
    ----------
    data_home : str or path-like, optional
        Folder holding ``mnist.npz``; see :func:`get_data_home`. The file is
        downloaded and verified when missing.

    Returns
    -------
    Dataset
        ``X_train`` (60000, 784) and ``X_test`` (10000, 784) float32 in
        ``[0, 1]`` (pixel / 255, flattened row by row), ``y_train`` and
        ``y_test`` int64 in 0..9. Unpacks as
        ``X_train, y_train, X_test, y_test``.

    Examples
    --------
    >>> from skff.datasets import load_mnist
    >>> X_train, y_train, X_test, y_test = load_mnist()  # doctest: +SKIP
    >>> X_train.shape, X_test.shape  # doctest: +SKIP
    ((60000, 784), (10000, 784))
    """
    return _load("mnist", data_home)


def load_fashion_mnist(data_home: str | os.PathLike[str] | None = None) -> Dataset:
    """Load Fashion-MNIST with its official train/test split.

    Parameters
    ----------
    data_home : str or path-like, optional
        Folder holding ``fashion_mnist.npz``; see :func:`get_data_home`. When
        missing, it is downloaded from ``$SKFF_DATA_URL`` and verified.

    Returns
    -------
    Dataset
        As :func:`load_mnist`: float32 features in ``[0, 1]``, 784 columns,
        int64 labels 0..9, 60,000 training and 10,000 test rows.
    """
    return _load("fashion_mnist", data_home)


LOADERS = {"mnist": load_mnist, "fashion_mnist": load_fashion_mnist}
