"""Open and remove the SQLite files relay keeps in its cache.

Takes a path; gives a connection in the one mode every cache file uses, or removes a file with
the files SQLite keeps beside it. WAL with ``synchronous=NORMAL``: after a crash or a power cut
a file holds some completed transaction, never a mix of two, and nothing is flushed per
transaction (losing a cache only costs time). Opening tells a file that is busy or cannot be
written (:class:`sqlite3.OperationalError`: another run holds it, the folder is read-only; it
must be left alone) from one that is not a database (any other
:class:`sqlite3.DatabaseError`: damaged, it may be removed and made again).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

TIMEOUT = 30.0  # seconds a run waits for another run's write to end
SIDECARS = ("-wal", "-shm", "-journal")


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (or make) the SQLite file at ``path`` in WAL mode, in autocommit (transactions are
    begun by hand)."""
    connection = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def remove(path: Path | str) -> None:
    """Delete an SQLite file and the journal, WAL and shared memory beside it, if any."""
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")
