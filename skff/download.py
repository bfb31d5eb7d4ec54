"""Downloading a data file through pooch, checked against its sha256 before it is installed.

[`download`][skff.datasets.download] is what [`skff.datasets`][skff.datasets] fetches missing
files with; the errors of the data-set loaders, [`DatasetError`][skff.datasets.DatasetError] and
[`DownloadError`][skff.datasets.DownloadError], are defined here so that both modules raise them
(``skff.datasets`` is where users import them from).

pooch (the downloader of SciPy, scikit-image and xarray) does the transfer: requests with a
timeout, a progress bar, and ftp, sftp and DOI locations. skff keeps its own install step rather
than ``pooch.retrieve``: a file is accepted under any of several digests (MNIST has one per
mirror), and a file already in the data home that does not match is refused with an explanation
instead of being downloaded again over the user's copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from skff.fileio import atomic_write

__all__ = ["DatasetError", "DownloadError", "download"]

_CHUNK = 1 << 20


class DatasetError(OSError):
    """A data file, or the data home, cannot be used.

    The message names the file or folder, says what is wrong with it (not
    found, wrong sha256, unreadable, not writable, a file where a folder
    should be) and how to fix it.
    """


class DownloadError(DatasetError):
    """A data file could not be downloaded or stored, or its checksum did not match."""


def download(
    url: str,
    destination: str | os.PathLike[str],
    sha256: str | tuple[str, ...],
    timeout: float = 60.0,
) -> Path:
    """Download ``url`` to ``destination`` if and only if its sha256 matches.

    The transfer is pooch's (``pooch.HTTPDownloader`` over requests for ``http``
    and ``https``, with a progress bar on an interactive terminal;
    ``pooch.choose_downloader`` for ``ftp``, ``sftp`` and ``doi``; ``file`` URLs are
    copied). The bytes go to a temporary file in the destination's folder (see
    [`skff.fileio.atomic_write`][skff.fileio.atomic_write]); the checksum is computed while they
    arrive and checked before the file is renamed (atomically) to
    ``destination``. On any failure the temporary file is removed and nothing
    is left at ``destination``.

    Parameters
    ----------
    url : str
        Where to download from.
    destination : str or os.PathLike
        Final path of the file; its folder is created when missing.
    sha256 : str or tuple of str
        Accepted hex digests (MNIST has two: one file per mirror).
    timeout : float, default=60.0
        Seconds to wait for the server on connect and on each read.

    Returns
    -------
    Path
        ``destination``.

    Raises
    ------
    DownloadError
        When the download fails, the checksum does not match, or the file
        cannot be written (then with the ``errno`` of the cause, and a
        message that names ``destination``).
    """
    accepted = (sha256,) if isinstance(sha256, str) else tuple(sha256)
    destination = Path(destination)

    def fetch(out: BinaryIO) -> None:
        writer = _HashingWriter(out)
        try:
            _downloader(url, timeout)(url, writer, None)
        except _WriteFailed:
            raise
        except (OSError, ValueError) as exc:  # requests' errors are OSErrors
            raise DownloadError(
                f"Could not download {url} to {destination}: {exc}. Check the "
                "network and the URL ($SKFF_DATA_URL), or copy the file into "
                "the data home."
            ) from exc
        actual = writer.digest.hexdigest()
        if actual not in accepted:
            raise DownloadError(
                f"Checksum mismatch for {url}: got sha256 {actual}, expected "
                f"{' or '.join(accepted)}. The file was discarded; the server "
                "does not serve the expected file (point $SKFF_DATA_URL at a "
                "copy of the exact file)."
            )

    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(
            exc.errno,
            f"Could not create the folder {destination.parent} to download {url} into: "
            f"{exc.strerror}. Choose a destination whose folders can be created.",
        ) from None
    try:
        atomic_write(destination, fetch)
    except DownloadError:
        raise
    except _WriteFailed as failed:
        exc = failed.cause
        raise DownloadError(
            exc.errno, f"Could not write the download of {url} to {destination}: {exc.strerror}."
        ) from None
    except OSError as exc:
        raise DownloadError(exc.errno, f"Could not download {url}: {exc.strerror}") from None
    return destination


def _downloader(url: str, timeout: float) -> Callable[[str, Any, Any], Any]:
    """pooch's downloader for ``url``: ``downloader(url, writable, None)`` fills ``writable``."""
    import pooch  # on first download: most programs that import skff download nothing

    progress = sys.stderr.isatty()
    scheme = url.partition(":")[0].lower()
    if scheme in ("http", "https"):
        return pooch.HTTPDownloader(progressbar=progress, chunk_size=_CHUNK, timeout=timeout)
    if scheme == "file":  # pooch has no downloader for local files: a copy
        return _copy_local
    return pooch.choose_downloader(url, progressbar=progress)  # ftp, sftp, doi


class _HashingWriter:
    """A writable that hashes what it passes on, and tells write failures from network ones."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.digest = out, hashlib.sha256()

    def write(self, chunk: bytes) -> int:
        self.digest.update(chunk)
        try:
            return self.out.write(chunk)
        except OSError as exc:
            raise _WriteFailed(exc) from None

    def flush(self) -> None:
        try:
            self.out.flush()
        except OSError as exc:
            raise _WriteFailed(exc) from None


class _WriteFailed(Exception):
    """Writing a download to disk failed (as opposed to reading it from the network)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _copy_local(url: str, out: Any, _: Any) -> None:
    with open(urllib.request.url2pathname(urllib.parse.urlparse(url).path), "rb") as source:
        shutil.copyfileobj(source, out, _CHUNK)
