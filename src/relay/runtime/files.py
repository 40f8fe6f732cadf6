"""Write files atomically and only when their bytes change.

Takes a path and the bytes it should hold; gives whether anything was written. A reader (a
publishing system, a translator's tool, a crash) sees the old file or the new one, never half
of one, and a run with nothing new to say touches no file.

The new bytes go to a temporary file beside the target (``.<name>.<random>.relay-tmp``),
which is flushed to disk and renamed over the target; the folder is then flushed too, so the
rename survives a power cut. When writing fails (a read-only folder, a full disk) the target
is left as it was, the temporary file is removed, and :class:`StorageError` says what
happened. A run killed mid-write can leave only a temporary file, never a damaged target;
:func:`remove_leftovers` clears those once no run can be writing them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import random
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO, NoReturn

from relay.core.errors import RelayError

TEMPORARY_SUFFIX = ".relay-tmp"
_HINTS = {
    errno.ENOSPC: "The disk is full: free some space and run the command again.",
    errno.EDQUOT: "The disk quota is used up: free some space and run the command again.",
    errno.EROFS: "The file system is mounted read-only.",
    errno.EACCES: "Check that the folder is writable by the user running relay.",
    errno.EPERM: "Check that the folder is writable by the user running relay.",
}


class StorageError(RelayError):
    """A file could not be written (permissions, a full disk)."""


_BATCH_UNCHANGED = "files not yet replaced are unchanged"


def _cannot_write(path: Path | None, error: OSError, unchanged: str) -> StorageError:
    """Say which file could not be written, why, and what is left as it was."""
    return StorageError(
        f"cannot write {path}: {error.strerror}; {unchanged}", hint=_HINTS.get(error.errno or 0)
    )


def _cannot_read(path: Path, error: OSError) -> StorageError:
    return StorageError(f"cannot read {path}: {error.strerror}")


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` in one step; return False when it already held them."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise _cannot_read(path, error) from None
    handle, temporary = _new_temporary(path, _mode_of(path), _umask())
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        # Whatever stopped the write (a full disk, an interrupt), the target is untouched.
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        raise _cannot_write(path, error, "the previous file is unchanged") from None
    _sync_folder(path.parent)
    return True


def write_all(items: Sequence[tuple[Path, bytes]]) -> list[bool]:
    """Write many files as :func:`write_atomic` does, flushed to disk once for them all.

    Gives, per item, whether it was written. Each file is still replaced in one step and only
    when its bytes change; every temporary file is on disk (one :func:`flush_file_systems`)
    before any is renamed, and each folder is flushed once after, so a crash leaves each target
    old or new, as one call per file would, without paying a flush per file. A few files (an
    everyday run writes two or three) are flushed each on its own instead: ``syncfs`` also
    waits for whatever else is pending on the file system, 0.1 s and more on a busy machine.
    """
    batch = Batch()
    try:
        done = [batch.add(path, data) for path, data in items]
    except BaseException:
        batch.discard()
        raise
    batch.commit()
    return done


class Batch:
    """Files written as :func:`write_all` writes them, given one at a time: each one's bytes
    go to its temporary file at once (a caller making thousands holds none of them), and
    :meth:`commit` flushes and renames them all. Until then no target has changed;
    :meth:`discard` removes the temporary files instead."""

    def __init__(self) -> None:
        self._umask = _umask()
        self._pending: list[tuple[Path, str]] = []

    def add(self, path: Path, data: bytes) -> bool:
        """Write ``data`` beside ``path`` unless the file holds it already; give whether it
        will be replaced."""
        same, mode = _holds(path, data)
        if same:
            return False
        try:
            temporary = _unsynced_temporary(path, data, mode, self._umask)
        except OSError as error:
            raise _cannot_write(path, error, _BATCH_UNCHANGED) from None
        self._pending.append((path, temporary))
        return True

    @property
    def paths(self) -> list[Path]:
        """The files :meth:`commit` will replace, in the order they were given."""
        return [path for path, _ in self._pending]

    def commit(self) -> None:
        """Flush every temporary file to disk, then rename each over its target."""
        pending = self._pending
        if not pending:
            return
        folders = sorted({path.parent for path, _ in pending})
        renamed = 0  # counted, not popped from the front: a batch may hold a whole project
        try:
            if len(pending) <= _FLUSHED_ONE_BY_ONE:
                for _, temporary in pending:
                    _flush_file(temporary)
            else:
                flush_file_systems(folders)
            for path, temporary in pending:
                os.replace(temporary, path)
                renamed += 1
            pending.clear()
        except BaseException as error:
            del pending[:renamed]
            where = pending[0][0] if pending else None
            self.discard()
            if not isinstance(error, OSError):
                raise
            raise _cannot_write(where, error, _BATCH_UNCHANGED) from None
        for folder in folders:
            _sync_folder(folder)

    def discard(self) -> None:
        """Remove the temporary files not renamed yet: their targets stay as they were."""
        for _, temporary in self._pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        self._pending.clear()


class Replacement:
    """A file's new bytes given piece by piece (a manifest of thousands of releases, never
    held whole), put in its place as :func:`write_atomic` does by :meth:`commit`, and only
    when they differ from the file's: they are compared with the file as they come, and a
    temporary file is made only from the first difference on (the part that matched is
    copied from the file). ``dry_run``: nothing is written, :meth:`commit` only tells
    whether it would be."""

    def __init__(self, path: Path, *, dry_run: bool = False) -> None:
        self.path = path
        self.dry_run = dry_run
        self._matched = 0  # bytes given so far, all equal to the file's
        self._old: BinaryIO | None = None
        self._stream: BinaryIO | None = None
        self._temporary: str | None = None
        try:
            self._old = open(path, "rb")  # noqa: SIM115 (closed by commit or discard)
        except FileNotFoundError:
            self._old = None
        except OSError as error:
            raise _cannot_read(path, error) from None
        self._same = self._old is not None

    def write(self, data: bytes) -> None:
        try:
            if self._same and self._old is not None and self._old.read(len(data)) == data:
                self._matched += len(data)
                return
            self._differ()
            if self._stream is not None:
                self._stream.write(data)
        except BaseException as error:
            self._failed(error)

    def commit(self) -> bool:
        """Replace the file with the bytes written (when they differ); give whether they did."""
        try:
            # Different bytes, or only the start of the file's, or no file yet.
            if not self._same or self._old is None or self._old.read(1):
                self._differ()
            changed = not self._same
            stream, temporary = self._stream, self._temporary
            if changed and stream is not None and temporary is not None:
                stream.flush()
                os.fsync(stream.fileno())
                stream.close()
                self._stream = None
                os.replace(temporary, self.path)
                self._temporary = None
        except BaseException as error:
            self._failed(error)
        self.discard()
        if changed and not self.dry_run:
            _sync_folder(self.path.parent)
        return changed

    def discard(self) -> None:
        """Leave the file as it was (the temporary file, if any, is removed)."""
        for stream in (self._old, self._stream):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._old = self._stream = None
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None

    def _differ(self) -> None:
        """Start the temporary file (unless dry): the part that matched, from the file."""
        if not self._same and (self._stream is not None or self.dry_run):
            return
        self._same = False
        if self.dry_run:
            return
        handle, self._temporary = _new_temporary(self.path, _mode_of(self.path), _umask())
        self._stream = os.fdopen(handle, "wb")
        if self._matched and self._old is not None:
            self._old.seek(0)
            left = self._matched
            while left:
                chunk = self._old.read(min(left, 1 << 20))
                if not chunk:
                    raise OSError(errno.EIO, "the file shrank while it was read")
                self._stream.write(chunk)
                left -= len(chunk)

    def _failed(self, error: BaseException) -> NoReturn:
        self.discard()
        if not isinstance(error, OSError):
            raise error
        raise _cannot_write(self.path, error, "the previous file is unchanged") from None


def _flush_file(name: str) -> None:
    handle = os.open(name, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# Up to this many files, flushing each costs less than flushing their file systems.
_FLUSHED_ONE_BY_ONE = 8


def flush_file_systems(folders: Sequence[Path]) -> None:
    """Put on disk everything written to the file systems holding ``folders``: ``syncfs`` once
    per file system where the system has it (Linux), else ``sync``. ``sync`` flushes every file
    system of the machine, other programs' writes included: on a shared CI machine that cost
    0.24–0.45 s of a 200-release extract."""
    syncfs = _syncfs()
    if syncfs is None:
        os.sync()
        return
    seen: set[int] = set()
    for folder in folders:
        try:
            handle = os.open(folder, os.O_RDONLY | _CLOEXEC)
        except OSError:
            os.sync()  # cannot name its file system: flush them all
            return
        try:
            device = os.fstat(handle).st_dev
            if device not in seen:
                seen.add(device)
                if syncfs(handle) != 0:
                    os.sync()  # refused: flush them all
                    return
        finally:
            os.close(handle)


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs``, or None where there is none (not Linux)."""
    try:
        import ctypes

        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return function


def _holds(path: Path, data: bytes) -> tuple[bool, int | None]:
    """Whether ``path`` holds ``data`` already, and its permissions (None: no file yet).

    A file of another size is not read: that is every catalog a cold run writes, and most
    that change.
    """
    try:
        handle = os.open(path, os.O_RDONLY | _CLOEXEC)
    except FileNotFoundError:
        return False, None
    except OSError as error:
        raise _cannot_read(path, error) from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            with open(handle, "rb", closefd=False) as stream:
                stream.read()  # a folder of that name: read as before, for its error
        same = status.st_size == len(data) and _read_all(handle, len(data)) == data
    except OSError as error:
        raise _cannot_read(path, error) from None
    finally:
        os.close(handle)
    return same, stat.S_IMODE(status.st_mode) & 0o777


def _read_all(handle: int, size: int) -> bytes:
    """Read a file of ``size`` bytes, and one more to see whether it grew meanwhile."""
    chunks: list[bytes] = []
    while True:
        chunk = os.read(handle, size + 1)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size = max(size - len(chunk), 0)


def _new_temporary(path: Path, mode: int | None, umask: int) -> tuple[int, str]:
    """Open a new temporary file beside ``path`` (its folder made if need be), with the
    target's permissions ``mode`` (None when there is no target yet: 0o644 less the umask;
    mkstemp would have made it private)."""
    try:
        return _create(path, mode, umask)
    except OSError:
        pass  # no folder yet, or one that cannot be written: made, or refused, below
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _create(path, mode, umask)
    except OSError as error:
        raise StorageError(
            f"cannot write to {path.parent}: {error.strerror}; nothing was changed",
            hint=_HINTS.get(error.errno or 0, "Check that the folder exists and is writable."),
        ) from None


def _create(path: Path, mode: int | None, umask: int) -> tuple[int, str]:
    """Create ``.<name>.<random>.relay-tmp`` beside ``path`` as mkstemp would (exclusively,
    another name if that one is taken), but with its final permissions in the same call."""
    for _ in range(100):
        name = f".{path.name}.{random.getrandbits(48):012x}{TEMPORARY_SUFFIX}"
        temporary = os.path.join(path.parent, name)
        try:
            handle = os.open(temporary, _CREATE, 0o644 if mode is None else mode)
        except FileExistsError:
            continue
        if mode is not None and mode & umask:  # the umask took some of the target's bits
            try:
                os.fchmod(handle, mode)
            except BaseException:
                os.close(handle)
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        return handle, temporary
    raise FileExistsError(errno.EEXIST, "no temporary file name is free", str(path.parent))


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | getattr(os, "O_NOFOLLOW", 0)


def _unsynced_temporary(
    path: Path, data: bytes, mode: int | None, umask: int, flush: bool = False
) -> str:
    """Write ``data`` to a temporary file beside ``path`` (flushed to disk only when asked);
    give its name."""
    handle, temporary = _new_temporary(path, mode, umask)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if flush:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def write_cache(path: Path, data: bytes) -> None:
    """Replace a cache file in one step, unflushed, and never fail: losing what a cache holds
    only costs time, so neither a flush nor an error is worth a run."""
    temporary = None
    try:
        temporary = _unsynced_temporary(path, data, _mode_of(path), _umask())
        os.replace(temporary, path)
    except (OSError, StorageError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def links_and_leftovers(folder: str) -> tuple[list[str], list[str]]:
    """Every symbolic link under ``folder`` and every temporary file a killed run left there,
    in one walk of directory entries and names, not path objects: every writing command looks
    through locales/ and public/, thousands of files in a large project. Links are not
    followed; a folder that cannot be read is passed over."""
    links: list[str] = []
    leftovers: list[str] = []
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                links.append(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif _is_leftover(entry):
                leftovers.append(entry.path)
    return links, leftovers


def remove_leftovers(names: Iterable[str]) -> None:
    """Remove temporary files killed runs left (:func:`links_and_leftovers` finds them).

    Call it only while no other run can be writing there (under :mod:`relay.runtime.lock`).
    """
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _is_leftover(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    return name.startswith(".") and name.endswith(TEMPORARY_SUFFIX) and entry.is_file()


def _mode_of(path: Path) -> int | None:
    """The permissions of ``path``, None when there is no file (mkstemp made them private;
    the new file takes the old one's, or 0o644 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries, so that a rename in it is on disk (best effort)."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot flush a folder; the rename itself is still atomic
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
