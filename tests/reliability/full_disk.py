"""Run the ``relay`` command on a disk that fills up: ``python full_disk.py BYTES ARGS...``.

Every file relay opens for writing (``open``, ``os.fdopen``) can take BYTES more bytes in all;
past that, a write stores what still fits and fails with ``OSError(ENOSPC)``, as a write to a
full disk does. Everything else (reading, renaming, SQLite's own files) is untouched.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
from typing import Any

_left = [0]


class _FillingFile:
    """A file object whose writes stop with ENOSPC once the disk is full."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        room = _left[0]
        if len(data) > room:
            if room:
                self._stream.write(data[:room])
                self._stream.flush()
            _left[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        _left[0] -= len(data)
        return int(self._stream.write(data))

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _writing(mode: str) -> bool:
    return any(flag in mode for flag in "wax+")


def install(limit: int) -> None:
    _left[0] = limit
    real_open, real_fdopen = builtins.open, os.fdopen

    def filling_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_open(file, mode, *args, **kwargs)
        return _FillingFile(stream) if _writing(mode) else stream

    def filling_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(fd, mode, *args, **kwargs)
        return _FillingFile(stream) if _writing(mode) else stream

    builtins.open = filling_open
    io.open = filling_open
    os.fdopen = filling_fdopen


if __name__ == "__main__":
    install(int(sys.argv[1]))
    sys.argv = ["relay", *sys.argv[2:]]
    from relay.cli.app import main

    main()
