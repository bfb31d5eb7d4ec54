"""Writing files atomically: readers see the old file or the new one, never half of one.

[`atomic_write`][skff.fileio.atomic_write] is the one writer that skff uses for every file it
creates or replaces (downloaded data sets, converted data sets, benchmark
results, saved models).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "exclusive_lock"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | bytearray | memoryview | Callable[[BinaryIO], object],
) -> Path:
    """Write a file so that it is either complete or not there at all.

    The content goes to a hidden temporary file in the same folder as
    ``path`` (``.<name>.<random>.tmp``), is flushed to disk (``fsync``) and
    then renamed over ``path`` with [`os.replace`][os.replace], which is atomic on
    POSIX and Windows: a reader, or a later run after a crash, finds either
    the previous file or the new one. On any failure, interruptions
    (``KeyboardInterrupt``) included, the temporary file is removed and
    ``path`` is left as it was.

    The new file gets the permissions of any newly created file (``0o666``
    less the process's umask), not those of a file it replaces, and not the
    owner-only ones of [`tempfile.mkstemp`][tempfile.mkstemp].

    Parameters
    ----------
    path : str or os.PathLike
        The file to create or replace. Its folder must exist: it is not
        created.
    data : bytes-like or callable
        The whole content, or a function called with the open binary handle
        of the temporary file that writes the content into it (for streaming
        a download, or ``numpy.savez``). The handle is seekable. Whatever
        the function raises is raised again unchanged, after the clean-up.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        When the file cannot be written: the error keeps its usual subclass
        and ``errno`` ([`FileNotFoundError`][FileNotFoundError] for a missing folder,
        [`PermissionError`][PermissionError] for a folder that is not writable,
        [`IsADirectoryError`][IsADirectoryError] when ``path`` is a folder, ...), and its
        message names ``path`` (never the hidden temporary file) and says
        how to fix it.
    TypeError
        When ``data`` is neither bytes-like nor callable.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from skff.fileio import atomic_write
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = atomic_write(folder / "rows.json", json.dumps([1, 2]).encode())
    >>> path.read_text()
    '[1, 2]'
    >>> def write(handle):
    ...     handle.write(b"x" * 10)
    >>> _ = atomic_write(folder / "big.bin", write)
    >>> (folder / "big.bin").stat().st_size
    10
    """
    target = Path(path)
    if not callable(data):
        try:
            content = memoryview(data)
        except TypeError:
            raise TypeError(
                f"atomic_write writes bytes or calls a function with a binary handle; got "
                f"{type(data).__name__}. Encode text first, for example text.encode()."
            ) from None
    if target.is_dir():
        raise _explained(errno.EISDIR, target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        fd = os.open(temporary, _FLAGS, 0o666)
    except OSError as exc:
        raise _explained(exc.errno, target, exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                try:
                    handle.write(content)
                except OSError as exc:
                    raise _explained(exc.errno, target, exc.strerror) from None
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise _explained(exc.errno, target, exc.strerror) from None
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise _explained(exc.errno, target, exc.strerror) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to disk, where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _first_file_among_parents(path: Path) -> Path | None:
    for parent in path.parents:
        if parent.exists():
            return parent if not parent.is_dir() else None
    return None


def _explained(code: int | None, target: Path, detail: str | None = None) -> OSError:
    """An OSError of the right subclass whose message names ``target`` and the fix."""
    folder = target.parent
    if code == errno.EISDIR:
        message = (
            f"Cannot write {target}: it is a folder. Give the path of a file (inside it, for "
            "example), or remove the folder."
        )
    elif code == errno.ENOENT:
        message = (
            f"Cannot write {target}: the folder {folder} does not exist. Create it first "
            "(os.makedirs, or mkdir -p), or choose a path in an existing folder."
        )
    elif code == errno.ENOTDIR:
        blocker = _first_file_among_parents(target)
        where = f"{blocker} is a file, not a folder" if blocker else f"{folder} is not a folder"
        message = (
            f"Cannot write {target}: {where}. Choose a path whose folders exist, or move "
            "that file away."
        )
    elif code in (errno.EACCES, errno.EPERM):
        message = (
            f"Cannot write {target}: permission denied in the folder {folder}. Choose a "
            "folder you can write to, or give yourself write permission on it "
            f"(chmod u+w {folder})."
        )
    elif code == errno.EROFS:
        message = (
            f"Cannot write {target}: the folder {folder} is on a read-only file system. "
            "Choose a folder on a writable file system."
        )
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = (
            f"Cannot write {target}: no space left on the device (or the disk quota is "
            f"used up) that holds {folder}. Free some space or choose another folder; "
            "nothing was written."
        )
    else:
        message = f"Cannot write {target}: {detail or os.strerror(code or 0)}."
    if code is None:
        return OSError(message)
    return OSError(code, message)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs.

    Parameters
    ----------
    path : Path
        The lock file.

    Yields
    ------
    None
        While the lock is held.

    Serializes processes that write the same files (several ``skff bench``
    runs appending to one results file, two loaders converting one data set).
    Without ``fcntl`` (Windows) it does not lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: one writer at a time
        yield
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
