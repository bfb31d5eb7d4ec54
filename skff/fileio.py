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
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "exclusive_lock", "kind_of_file"]

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

    What is already at ``path`` decides what happens, before anything is
    written:

    * nothing, or a regular file you may write: created, or replaced;
    * a symbolic link: the file it points to is replaced (the temporary file
      goes beside that file), and the link is kept;
    * a read-only file (no write permission for anyone, or none for this
      process): refused with [`PermissionError`][PermissionError], the file left as it is;
    * a folder, FIFO, socket or device such as ``/dev/null``: refused, and
      left as it is (renaming over a device node would replace it with a
      regular file).

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
        [`PermissionError`][PermissionError] for a folder that is not writable or a
        read-only file, [`IsADirectoryError`][IsADirectoryError] when ``path`` is a folder,
        [`FileExistsError`][FileExistsError] when it is a FIFO, socket or device, ...),
        and its message names ``path`` (never the hidden temporary file) and says how
        to fix it.
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
    target = _destination(target)
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


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


def kind_of_file(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, in words, for messages ("a FIFO (named pipe)").

    Parameters
    ----------
    mode : int
        ``os.stat(path).st_mode``.

    Returns
    -------
    str
        "a folder", "a character device", ..., or "a regular file".
    """
    return _KINDS.get(
        stat.S_IFMT(mode), "a regular file" if stat.S_ISREG(mode) else "a special file"
    )


def _destination(path: Path) -> Path:
    """The file to replace for ``path``: the target of a link; refuse what is not a writable file.

    Checked before writing, so that a refused path is left as it was. A path that changes
    between this check and the rename is not caught (no portable call renames only over a
    regular file).
    """
    try:
        status = os.lstat(path)
    except OSError:
        return path  # nothing there (or nothing we can see): the write says what is wrong
    if stat.S_ISLNK(status.st_mode):
        # Keep the link, replace what it points to: a link to "the current model"
        # stays one. A dangling link's target is created.
        path = Path(os.path.realpath(path))
        try:
            status = os.stat(path)
        except OSError:
            return path
    if stat.S_ISDIR(status.st_mode):
        raise _explained(errno.EISDIR, path)
    if not stat.S_ISREG(status.st_mode):
        raise OSError(
            errno.EEXIST,
            f"Cannot write {path}: it is {kind_of_file(status.st_mode)}, not a regular file, "
            "and skff writes only regular files; it was left as it is. Choose the path of "
            "a file.",
        )
    # Root may write anything; a file without any write bit still says "do not replace".
    if not status.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PermissionError(
            errno.EACCES,
            f"Cannot write {path}: the file is read-only (mode {stat.S_IMODE(status.st_mode):o}), "
            f"so it was left as it is. To replace it, make it writable (chmod u+w {path}) or "
            "delete it first.",
        )
    return path


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
