"""A spool: objects put aside on disk in order and given back in that order, so that a run
making something per release does not hold every release's until it is used.

Takes picklable objects one at a time; gives them back, in the order they were put, from a
temporary file that is gone once the spool is closed (or the process ends).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Spool(Generic[T]):
    """Objects kept in a temporary file, read back in the order they were put."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), or at exit)
        self._count = 0

    def put(self, item: T) -> None:
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        """Give every object put so far, in order (the spool can be read again)."""
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._count):
            item: T = pickle.load(self._file)  # written by this process only
            yield item
        self._file.seek(0, 2)

    def close(self) -> None:
        self._file.close()
