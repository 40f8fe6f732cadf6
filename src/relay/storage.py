"""Write files atomically and only when their bytes change.

Takes a path and the bytes it should hold; gives whether anything was written. A reader (a
publishing system, a translator's tool, a crash) sees the old file or the new one, never half
of one, and a run with nothing new to say touches no file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from relay.errors import RelayError


class StorageError(RelayError):
    """A file could not be written (permissions, a full disk)."""


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` in one step; return False when it already held them."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise StorageError(
            f"cannot write to {path.parent}: {error.strerror}",
            hint="Check that the folder exists and is writable.",
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_mode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise StorageError(
            f"cannot write {path}: {error.strerror}; the previous file is unchanged"
        ) from None
    return True


def _keep_mode(path: Path, temporary: str) -> None:
    """Give the new file the old one's permissions (mkstemp makes it private)."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644 & ~_umask()
    os.chmod(temporary, mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
