"""The SQLite file a run state lives in: a table per kind of row, each row read when asked for.

Takes the file's path, the key its contents must carry (relay's code, the configuration: what
makes a state another run's) and the tables; gives :class:`StateStore`, which reads rows one
at a time inside one read transaction (a snapshot: a save made meanwhile by another process is
seen whole or not at all) and saves in one transaction only the rows that differ from the
file's, and :class:`Rows`, a mapping over one table that reads what it is asked for and
remembers what changed until it is saved.

A file that is missing, unreadable, damaged or carries another key is taken as empty; a save
then builds a whole new file beside it and renames it into place. The file is a cache (losing
it only costs time) but must never be wrong: WAL with ``synchronous=NORMAL`` gives, after a
crash or a power cut, the state of some completed save, never a mix of two.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import pickle
import secrets
import sqlite3
import tempfile
import weakref
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar, overload

from relay.runtime import sqlite_files
from relay.runtime.files import TEMPORARY_SUFFIX

V = TypeVar("V")
T = TypeVar("T")
Row = tuple[Any, ...]
TIMEOUT = 10.0  # seconds: how long a save waits for a write lock another process holds
MANY = 256  # keys asked for in one query (SQLite takes at least 999 parameters)
ALONE = 256  # keys of a ``whole`` table asked one query each before it is read whole


@dataclass(frozen=True)
class Table(Generic[V]):
    """One kind of row: its table, its columns after the key, and how a value becomes a row
    (``cached``: how many values read are remembered, 0 for values too big to keep; ``whole``:
    the table is read in one query once a run has asked about ``ALONE`` keys one by one, for
    small rows that a run asks about by the thousand: one query each cost more than the
    answers (the first ones are asked alone: a run about one new release of 20,000 read
    116,000 rows, 38 MB, to answer a dozen); ``spilled``:
    values changed wait for the save as rows in a temporary file, for big values that a run
    may change thousands of, :class:`Spilled`)."""

    name: str
    columns: tuple[str, ...]
    encode: Callable[[V], Row]
    decode: Callable[[Row], V]
    cached: int = 0
    whole: bool = False
    spilled: bool = False

    def schema(self) -> str:
        columns = ", ".join(f"{column} NOT NULL" for column in self.columns)
        return f"CREATE TABLE {self.name} (key TEXT PRIMARY KEY, {columns});"


_META = "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
_OUTPUTS = "CREATE TABLE outputs (position INTEGER PRIMARY KEY, key TEXT NOT NULL);"


class StateStore:
    """An open state file (or none): rows read on demand, changes saved in one transaction."""

    def __init__(self, path: Path, key: str, tables: Sequence[Table[Any]]) -> None:
        self.path = path
        self.key = key
        self.tables = tuple(tables)
        self._connection: sqlite3.Connection | None = None
        # No file of this key to update: a save writes every row into a new file.
        self.whole = True
        self._reopen = False
        # A save refused or failed: what the run holds may not match the file any more, so
        # nothing more is read from it or saved to it.
        self._spent = False
        self._open()

    # Reading

    def _open(self) -> None:
        """Open the file and start the run's snapshot; a missing or foreign one is empty."""
        self._reopen = False
        if not os.path.exists(self.path):
            return
        connection = None
        try:
            # mode=rw: a reader never makes a file where there was none.
            uri = f"{Path(os.path.abspath(self.path)).as_uri()}?mode=rw"
            connection = sqlite3.connect(
                uri, uri=True, timeout=TIMEOUT, isolation_level=None, check_same_thread=False
            )
            # SQLite's connection is freed by the garbage collector only (it is part of a
            # reference cycle): close it as soon as the store is dropped, which also removes
            # the files WAL keeps beside the state while it is open.
            weakref.finalize(self, connection.close)
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("BEGIN")
            found = connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        except sqlite3.Error:
            found = None
        if connection is None or found is None or found[0] != self.key:
            if connection is not None:
                connection.close()
            return
        self._connection = connection
        self.whole = False

    def _live(self) -> sqlite3.Connection | None:
        if self._connection is None and self._reopen and not self._spent:
            self._open()
        return self._connection

    def _damaged(self) -> None:
        """Stop reading a file found damaged: what was not read yet is taken as absent, and
        the next save writes a new file."""
        self.close()
        self.whole = True

    def row(self, table: Table[Any], key: str) -> Row | None:
        connection = self._live()
        if connection is None:
            return None
        columns = ", ".join(table.columns)
        try:
            found: Row | None = connection.execute(
                f"SELECT {columns} FROM {table.name} WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            self._damaged()
            return None
        return found

    def every_row(self, table: Table[Any]) -> Iterator[tuple[str, Row]]:
        """Every row of a table, with its key, one at a time: a table read whole is the run's
        biggest (every file of 20,000 releases: 120,000 rows), and a list of its raw rows
        beside the values decoded from them was a seventh of an extract's peak memory."""
        connection = self._live()
        if connection is None:
            return
        columns = ", ".join(table.columns)
        try:
            for row in connection.execute(f"SELECT key, {columns} FROM {table.name}"):
                yield row[0], row[1:]
        except sqlite3.Error:
            self._damaged()  # what was not read yet is absent

    def rows(self, table: Table[Any], keys: Sequence[str]) -> dict[str, Row]:
        """The rows of those of ``keys`` the table holds, one query per ``MANY`` keys."""
        return self._among(table, keys, ", ".join(table.columns))

    def held(self, table: Table[Any], keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` the table holds (their rows are not read)."""
        return set(self._among(table, keys, ""))

    def _among(self, table: Table[Any], keys: Sequence[str], columns: str) -> dict[str, Row]:
        connection = self._live()
        found: dict[str, Row] = {}
        if connection is None:
            return found
        try:
            for row in _rows_in(connection, table, keys, columns):
                found[row[0]] = row[1:]
        except sqlite3.Error:
            self._damaged()  # what was not read yet is absent
        return found

    def has(self, table: Table[Any], key: str) -> bool:
        connection = self._live()
        if connection is None:
            return False
        try:
            sql = f"SELECT 1 FROM {table.name} WHERE key = ?"
            return connection.execute(sql, (key,)).fetchone() is not None
        except sqlite3.Error:
            self._damaged()
            return False

    def keys(self, table: Table[Any]) -> list[str]:
        connection = self._live()
        if connection is None:
            return []
        try:
            return [key for (key,) in connection.execute(f"SELECT key FROM {table.name}")]
        except sqlite3.Error:
            self._damaged()
            return []

    def outputs(self) -> list[str]:
        connection = self._live()
        if connection is None:
            return []
        try:
            return [
                key for (key,) in connection.execute("SELECT key FROM outputs ORDER BY position")
            ]
        except sqlite3.Error:
            self._damaged()
            return []

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    # Saving

    def save(self, rows: Sequence[Rows[Any]], outputs: list[str] | None, prune: str | None) -> bool:
        """Write the rows that changed (``outputs``: the new list, None when unchanged), then
        drop the files no release's record names in its ``prune`` list; give whether it was
        saved (a file another process saved meanwhile, or a full disk, keeps what it held)."""
        if self._spent:
            return False
        saved = False
        try:
            if self.whole:
                self._build(rows, outputs or [], prune)
            else:
                self._update(rows, outputs, prune)
            saved = True
        except (sqlite3.Error, OSError):
            pass
        finally:
            self.close()
            self._reopen = saved
            self._spent = not saved
        self.whole = self.whole and not saved
        return saved

    def _update(
        self, rows: Sequence[Rows[Any]], outputs: list[str] | None, prune: str | None
    ) -> None:
        """Change the open file in one transaction, on top of the run's snapshot: if another
        process saved since, SQLite refuses (it would mix two states) and nothing is written."""
        connection = self._connection
        if connection is None:
            raise sqlite3.OperationalError("the state file is closed")
        try:
            for each in rows:
                _write_rows(connection, each, compare=True)
            if outputs is not None:
                _write_outputs(connection, outputs)
            if prune is not None:
                _prune(connection, prune)
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise

    def _build(self, rows: Sequence[Rows[Any]], outputs: list[str], prune: str | None) -> None:
        """Write a new file beside the old one and rename it into place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        name = f".{self.path.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        temporary = self.path.with_name(name)
        try:
            connection = sqlite3.connect(temporary, isolation_level=None)
            try:
                # A file nobody else can see yet: no journal; flushed once, below.
                connection.execute("PRAGMA journal_mode=OFF")
                connection.execute("PRAGMA synchronous=OFF")
                connection.execute("BEGIN")
                for sql in [_META, _OUTPUTS, *(table.schema() for table in self.tables)]:
                    connection.execute(sql)
                connection.execute("INSERT INTO meta VALUES ('key', ?)", (self.key,))
                for each in rows:
                    _write_rows(connection, each, compare=False)
                _write_outputs(connection, outputs)
                if prune is not None:
                    _prune(connection, prune)
                connection.execute("COMMIT")
                connection.execute("PRAGMA journal_mode=WAL")
            finally:
                connection.close()
            with open(temporary, "rb+") as stream:
                os.fsync(stream.fileno())
            # A journal or WAL left by the old file would be played into the new one.
            for suffix in sqlite_files.SIDECARS:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _write_rows(connection: sqlite3.Connection, rows: Rows[Any], *, compare: bool) -> None:
    """Write a table's changed rows (``compare``: only those that differ from the file's),
    ``MANY`` at a time: a run that changed every release's record (a cold publish of 20,000
    releases: about 80 MB of them) holds one chunk of rows, not all of them at once."""
    table = rows.table
    columns = ", ".join(table.columns)
    marks = ", ".join("?" * (len(table.columns) + 1))
    insert = f"INSERT OR REPLACE INTO {table.name} VALUES ({marks})"
    changed = rows.dirty_rows()
    while chunk := list(itertools.islice(changed, MANY)):
        stored: dict[str, Row] = {}
        if compare:  # the file's rows of the chunk, in one query
            keys = [key for key, _ in chunk]
            stored = {row[0]: row[1:] for row in _rows_in(connection, table, keys, columns)}
        connection.executemany(
            insert, [(key, *row) for key, row in chunk if not compare or stored.get(key) != row]
        )
    deleted = [(key,) for key in rows.deleted]
    connection.executemany(f"DELETE FROM {table.name} WHERE key = ?", deleted)


def _rows_in(
    connection: sqlite3.Connection, table: Table[Any], keys: Sequence[str], columns: str
) -> Iterator[Row]:
    """The rows (the key, then ``columns``, if any) of those of ``keys`` the table holds,
    one query per ``MANY`` keys."""
    selected = f"key, {columns}" if columns else "key"
    for start in range(0, len(keys), MANY):
        part = keys[start : start + MANY]
        marks = ",".join("?" * len(part))
        yield from connection.execute(
            f"SELECT {selected} FROM {table.name} WHERE key IN ({marks})", part
        )


def _write_outputs(connection: sqlite3.Connection, outputs: list[str]) -> None:
    connection.execute("DELETE FROM outputs")
    connection.executemany("INSERT INTO outputs VALUES (?, ?)", list(enumerate(outputs)))


def _prune(connection: sqlite3.Connection, field: str) -> None:
    """Delete the files no release's record names in its list ``field``."""
    try:
        connection.execute(
            "DELETE FROM files WHERE key NOT IN"
            " (SELECT named.value FROM releases, json_each(releases.record, ?) AS named)",
            (f'$."{field}"',),
        )
    except sqlite3.OperationalError as error:
        if "json_each" not in str(error):
            raise
        _prune_slowly(connection, field)


def _prune_slowly(connection: sqlite3.Connection, field: str) -> None:
    """:func:`_prune` for an SQLite built without its JSON functions."""
    used: set[str] = set()
    for (record,) in connection.execute("SELECT record FROM releases"):
        used.update(json.loads(record).get(field, ()))
    unused = [(key,) for (key,) in connection.execute("SELECT key FROM files") if key not in used]
    connection.executemany("DELETE FROM files WHERE key = ?", unused)


class Spilled(MutableMapping[str, V]):
    """The changed values of one table, each kept as its row in a temporary file until the
    state is saved: a run that changes the records of thousands of releases holds only where
    each one is. A value asked for again is read back (an equal copy, not the same object)."""

    def __init__(self, table: Table[V]) -> None:
        self.table = table
        self._file: BinaryIO | None = None
        self._where: dict[str, tuple[int, int]] = {}

    def __setitem__(self, key: str, value: V) -> None:
        data = pickle.dumps(self.table.encode(value), protocol=pickle.HIGHEST_PROTOCOL)
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by clear, or at exit)
        self._file.seek(0, os.SEEK_END)
        self._where[key] = (self._file.tell(), len(data))
        self._file.write(data)

    def row(self, key: str) -> Row:
        offset, size = self._where[key]
        assert self._file is not None
        self._file.seek(offset)
        row: Row = pickle.loads(self._file.read(size))  # written by this process only
        return row

    def rows(self) -> Iterator[tuple[str, Row]]:
        for key in list(self._where):
            yield key, self.row(key)

    def __getitem__(self, key: str) -> V:
        return self.table.decode(self.row(key))

    def __delitem__(self, key: str) -> None:
        del self._where[key]

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def clear(self) -> None:
        self._where.clear()
        if self._file is not None:
            self._file.close()
            self._file = None


class Rows(MutableMapping[str, V]):
    """One table of a state as a mapping: a row is read when asked for (the last few kept,
    where the table's values are small), a change is held until the store saves it."""

    def __init__(self, store: StateStore | None, table: Table[V]) -> None:
        self.store = store
        self.table = table
        self.dirty: MutableMapping[str, V] = Spilled(table) if table.spilled else {}
        self.deleted: set[str] = set()
        self._cache: dict[str, V] = {}
        self._read_whole = False  # a ``whole`` table read: a key not in the cache is absent
        self._absent: set[str] = set()  # keys of a ``whole`` table asked alone, not there

    def _read_all(self) -> None:
        """Read a ``whole`` table into the cache (rows that cannot be decoded are absent)."""
        self._read_whole = True
        if self.store is None:
            return
        for key, row in self.store.every_row(self.table):
            try:
                self._cache[key] = self.table.decode(row)
            except (TypeError, ValueError):
                continue

    def __getitem__(self, key: str) -> V:
        if key in self.dirty:
            return self.dirty[key]
        if key in self.deleted:
            raise KeyError(key)
        if key in self._cache:
            return self._cache[key]
        if self.table.whole:
            if not self._whole_asked(key):
                raise KeyError(key)
            if key in self._cache:
                return self._cache[key]
            raise KeyError(key)
        row = self.store.row(self.table, key) if self.store is not None else None
        if row is None:
            raise KeyError(key)
        try:
            value = self.table.decode(row)
        except (TypeError, ValueError):  # a damaged row: as if it were not there
            raise KeyError(key) from None
        if self.table.cached:
            if len(self._cache) >= self.table.cached:
                del self._cache[next(iter(self._cache))]
            self._cache[key] = value
        return value

    @overload
    def get(self, key: str, /) -> V | None: ...
    @overload
    def get(self, key: str, /, default: V | T) -> V | T: ...

    def get(self, key: str, /, default: object = None) -> object:
        """The value of ``key``, else ``default``; a ``whole`` table, once read, answers from
        memory without the detours of ``__getitem__`` (a run asks this of every file)."""
        if self._read_whole:
            if key in self.dirty:
                return self.dirty[key]
            if key in self.deleted:
                return default
            return self._cache.get(key, default)
        try:
            return self[key]
        except KeyError:
            return default

    def each(self, keys: Sequence[str]) -> Iterator[V | None]:
        """The value of each of ``keys`` in turn, as :meth:`get` gives it (None: absent). The
        rows this run did not change are read ``MANY`` keys at a time, one query each (a run
        that asks about every release spent a third of the answer on a query per key), and
        decoded only when their turn comes: decoded ahead, a chunk's values at once, publish
        at 20,000 releases joined a second slower in two runs (likely Python's collector,
        which then found thousands of live objects more each time it ran; not measured)."""
        for start in range(0, len(keys), MANY):
            part = keys[start : start + MANY]
            asked: list[str] = []
            if not self.table.whole and self.store is not None:
                asked = [key for key in part if self._stored(key)]
            rows = self.store.rows(self.table, asked) if asked and self.store else {}
            looked = set(asked)
            for key in part:
                if key not in looked or not self._stored(key):  # changed since, or not asked
                    yield self.get(key)
                elif key not in rows:
                    yield None
                else:
                    try:
                        yield self.table.decode(rows[key])
                    except (TypeError, ValueError):  # a damaged row: as if it were not there
                        yield None

    def _stored(self, key: str) -> bool:
        """Whether ``key``'s value is the store's, not read yet: neither changed by this run
        nor remembered."""
        return key not in self.dirty and key not in self.deleted and key not in self._cache

    def holding(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` the table holds (:meth:`__contains__` of each), the ones this run
        did not change asked of the file in one query per ``MANY``."""
        if self.table.whole or self.store is None:
            return {key for key in keys if key in self}
        stored = [key for key in keys if key not in self.dirty and key not in self.deleted]
        return {key for key in keys if key in self.dirty} | self.store.held(self.table, stored)

    def __contains__(self, key: object) -> bool:
        if key in self.dirty:
            return True
        # Deleted before the cache is asked: a whole table read after a deletion puts the
        # deleted key's old value back in the cache (as __getitem__ and get, which ask
        # ``deleted`` first, the key is absent).
        if key in self.deleted or not isinstance(key, str):
            return False
        if key in self._cache:
            return True
        if self.store is None:
            return False
        if self.table.whole:
            return self._whole_asked(key) and key in self._cache
        return self.store.has(self.table, key)

    def _whole_asked(self, key: str) -> bool:
        """Bring ``key``'s value of a ``whole`` table into the cache, if the table has it: its
        row alone for the first ``ALONE`` keys asked, the whole table after. False: absent."""
        if self._read_whole:
            return True
        if key in self._absent:
            return False
        if len(self._absent) + len(self._cache) >= ALONE or self.store is None:
            self._read_all()
            return True
        row = self.store.row(self.table, key)
        try:
            if row is not None:
                self._cache[key] = self.table.decode(row)
                return True
        except (TypeError, ValueError):  # a damaged row: as if it were not there
            pass
        self._absent.add(key)
        return False

    def __setitem__(self, key: str, value: V) -> None:
        self.deleted.discard(key)
        if not self.table.whole:
            self._cache.pop(key, None)
        self.dirty[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.dirty.pop(key, None)
        self._cache.pop(key, None)
        self.deleted.add(key)

    def __iter__(self) -> Iterator[str]:
        stored = self.store.keys(self.table) if self.store is not None else []
        skipped = self.deleted | set(self.dirty)
        return iter([key for key in stored if key not in skipped] + list(self.dirty))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def pending(self) -> bool:
        return bool(self.dirty or self.deleted)

    def dirty_rows(self) -> Iterator[tuple[str, Row]]:
        """Every changed value as the row that saves it."""
        if isinstance(self.dirty, Spilled):
            yield from self.dirty.rows()
            return
        for key, value in self.dirty.items():
            yield key, self.table.encode(value)

    def settle(self) -> None:
        """Forget the changes, now saved (and what was read: the file may have changed)."""
        self.dirty.clear()
        self.deleted.clear()
        self._cache.clear()
        self._absent.clear()
        self._read_whole = False
