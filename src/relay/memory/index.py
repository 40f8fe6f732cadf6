"""The memory index: an SQLite cache of every approved translation, rebuilt from files.

Takes the files that hold memory (language catalogs, imported TMX) and gives fast lookups.
The index is never the source of truth: it is rebuilt incrementally from those files (a file
whose size, modification time and SHA-256 are unchanged is not read again; a file that is gone
takes its rows with it), and deleting it loses nothing.

Tables: ``sources`` holds each distinct source text once, keyed by a hash of the text (so that
keys, and any order derived from them, depend on content only); ``units`` one row per record
and file, with its revision level; ``best`` one row per source, language, translation and role
with its most recent origin and the best level any of its units reached, which is what an
exact lookup reads (one indexed probe, however often a sentence was used); ``seen`` the states
``locales/memory/states.json`` remembers (:mod:`relay.memory.states`), by language and a hash
of source and translation; ``source_grams`` (FTS5, trigram) and ``gram_counts`` give fuzzy
lookups their candidates. A translation's state, as a lookup gives it, is the best of its
units' in every file and of what ``seen`` remembers.

An index made by another version of relay (another ``SCHEMA_VERSION``: version 1 kept no
level) is thrown away and built again from the files, which loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from relay.catalogs.po import MAX_CATALOG_BYTES, read_po
from relay.core.errors import RelayError
from relay.memory import grams, states, tmx
from relay.memory.records import MemoryFile, Record, records_of_catalog
from relay.runtime import sqlite_files

SCHEMA_VERSION = "2"
PROBES = 8  # slots for texts sharing a 40-bit hash (about one pair in 20 million texts)
BATCH = 20_000
LOOKUP_BUDGET = 200_000  # scored fuzzy candidates kept for reuse (tens of MB at most)
# Lookups read with a page cache of 16 MB and temporary tables in memory: 96 lookups in the
# memory of 20,000 releases took as long with it as with 64 MB, which grew the run by 50 MB
# more (730 lookups at 2,000 releases: as long, too). A sync writes every changed row once,
# and with those it grew with them (an import of 2,000 releases' returned files: 150 MB,
# measured), so it runs with a small cache, its temporary tables on disk, and source texts'
# keys remembered up to a bound.
_LOOKUP_PRAGMAS = ("PRAGMA cache_size=-16384", "PRAGMA temp_store=MEMORY")
_SYNC_PRAGMAS = ("PRAGMA cache_size=-8192", "PRAGMA temp_store=FILE")
_KNOWN_IDS = 10_000

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(
    id INTEGER PRIMARY KEY, name TEXT UNIQUE, size INTEGER, mtime_ns INTEGER,
    sha256 TEXT, stamp TEXT);
CREATE TABLE sources(id INTEGER PRIMARY KEY, text TEXT NOT NULL, length INTEGER NOT NULL);
CREATE TABLE units(
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, source INTEGER NOT NULL,
    lang TEXT NOT NULL, target TEXT NOT NULL, role TEXT NOT NULL, rank TEXT NOT NULL,
    level INTEGER NOT NULL);
CREATE TABLE best(
    source INTEGER NOT NULL, lang TEXT NOT NULL, role TEXT NOT NULL, unit INTEGER NOT NULL,
    uses INTEGER NOT NULL, level INTEGER NOT NULL,
    PRIMARY KEY(source, lang, role, unit)) WITHOUT ROWID;
CREATE TABLE seen(file INTEGER NOT NULL, lang TEXT NOT NULL, pair TEXT NOT NULL,
    level INTEGER NOT NULL);
CREATE INDEX seen_by_pair ON seen(lang, pair);
CREATE INDEX seen_by_file ON seen(file);
CREATE TABLE gram_counts(gram TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE source_grams USING fts5(
    text, content='sources', content_rowid='id',
    tokenize='trigram case_sensitive 1', detail=none);
"""
_UNIT_INDEXES = """
CREATE INDEX IF NOT EXISTS units_by_file ON units(file);
CREATE INDEX IF NOT EXISTS units_by_source ON units(source, lang);
"""
# One row per source, language, translation and role: the most recent unit that has it
# (SQLite takes the other columns from the row where MAX() is found, which only holds with a
# single MIN() or MAX(): the best level is told from sums), how many do, the best level.
_BEST_LEVEL = "CASE WHEN SUM({level} = 2) THEN 2 WHEN SUM({level} = 1) THEN 1 ELSE 0 END"
_BEST_OF = f"""
SELECT u.source, u.lang, u.target, u.role, u.id, MAX(u.rank) AS rank, COUNT(*) AS n,
    {_BEST_LEVEL.format(level="u.level")} AS level FROM {{rows}}
GROUP BY u.source, u.lang, u.target, u.role
"""
# The units a sync added (numbered from ``?`` on), of the pairs that lost no unit in it.
_FRESH_UNITS = (
    "units u WHERE u.id >= ? AND NOT EXISTS "
    "(SELECT 1 FROM temp.touched t WHERE t.source = u.source AND t.lang = u.lang)"
)
_UNIT_COLUMNS = "file, source, lang, target, role, rank, level"


class _Unit(NamedTuple):
    """A unit's row, but its key."""

    file: int
    source: int
    lang: str
    target: str
    role: str
    rank: str
    level: int


# A revision state as the index keeps it, and back.
LEVELS = {"revised": 1, "approved": 2}
STATE_OF = {level: state for state, level in LEVELS.items()}


# Not the digest: every file's row is held while syncing, and the digest is asked for only of
# a file touched since (its size and time changed, its stamp did not).
_KNOWN = "id, name, size, mtime_ns, stamp"


class _Known(NamedTuple):
    """A file as the index last saw it."""

    id: int
    name: str
    size: int
    mtime_ns: int
    stamp: str


class _Fingerprint(NamedTuple):
    size: int
    mtime_ns: int
    sha256: str


_NOT_READ = _Fingerprint(0, 0, "")


def _times(status: os.stat_result) -> tuple[int, int]:
    return status.st_size, status.st_mtime_ns


class MemoryIndexError(RelayError):
    """The memory index cannot be opened or written (the cache folder is not writable)."""


@dataclass(frozen=True)
class Stored:
    """A translation the index holds for a source: its role, most recent origin, and uses,
    and the best state the translation was seen at ("revised", "approved"; empty if none)."""

    source: str
    target: str
    role: str
    rank: str
    uses: int = 1
    state: str = ""

    @property
    def date(self) -> str:
        return self.rank.split("\x1f")[0]

    @property
    def origin(self) -> str:
        return self.rank.split("\x1f")[1]

    @property
    def unit(self) -> str:
        return self.rank.split("\x1f")[2]


@dataclass
class SyncReport:
    """What a sync read: files re-read, unchanged and dropped, and files it could not read."""

    read: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    errors: list[tuple[str, RelayError]] = field(default_factory=list)


class Lookups:
    """Scored fuzzy candidates per (source, cutoff), the oldest forgotten first once they hold
    more than ``budget`` candidates in all: a run's memory stays flat however many it makes."""

    def __init__(self, budget: int = LOOKUP_BUDGET) -> None:
        self.budget = budget
        self._found: dict[tuple[str, float], list[tuple[float, str]]] = {}
        self._held = 0

    def get(self, key: tuple[str, float]) -> list[tuple[float, str]] | None:
        return self._found.get(key)

    def put(self, key: tuple[str, float], scored: list[tuple[float, str]]) -> None:
        old = self._found.pop(key, None)
        if old is not None:
            self._held -= len(old) + 1
        self._found[key] = scored
        self._held += len(scored) + 1
        while self._held > self.budget and self._found:
            oldest = next(iter(self._found))
            self._held -= len(self._found.pop(oldest)) + 1

    def clear(self) -> None:
        self._found.clear()
        self._held = 0

    def __len__(self) -> int:
        return len(self._found)


class MemoryIndex:
    """An open memory index; use it as a context manager, or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        # The file it reads, for other connections to the same index (None: in memory).
        self.file: str | None = connection.execute("PRAGMA database_list").fetchone()[2] or None
        self._ids: dict[str, int] = {}
        self._df: Counter[str] = Counter()
        self._langs: tuple[str, tuple[str, ...]] = ("", ())
        # Whether the states memory has seen hold anything (else lookups skip them).
        self._has_seen = self._count("seen") > 0
        # Scored fuzzy candidates per (source, cutoff), shared by every language of a run;
        # emptied whenever the index changes.
        self.lookups = Lookups()
        # While syncing: the key of the next unit added, and of the first this sync added.
        self._next_unit = self._first_new = 0

    @classmethod
    def open(cls, path: Path | None) -> MemoryIndex:
        """Open (or make) the index at ``path``; None keeps it in memory only.

        A file left by another version of relay, or damaged, is thrown away and rebuilt.
        """
        if path is None:
            return cls(_connect(":memory:"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = _connect(str(path))
            if _version(connection) == SCHEMA_VERSION:
                return cls(connection)
            connection.close()
        except sqlite3.DatabaseError:
            pass
        except OSError as error:
            raise MemoryIndexError(
                f"cannot make the memory cache in {path.parent}: {error}"
            ) from None
        sqlite_files.remove(path)
        try:
            return cls(_connect(str(path)))
        except sqlite3.DatabaseError as error:
            raise MemoryIndexError(f"cannot open the memory cache {path}: {error}") from None

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def reader(file: str) -> sqlite3.Connection:
        """Open another connection to the index in ``file``, for lookups only (read-only, with
        half the page cache of the index's own: it reads the same posting lists)."""
        connection = sqlite3.connect(f"{Path(file).as_uri()}?mode=ro", uri=True, timeout=10)
        connection.execute("PRAGMA cache_size=-8192")
        connection.execute("PRAGMA temp_store=MEMORY")
        return connection

    def __enter__(self) -> MemoryIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- keeping the index in step with the files ------------------------------------------

    def sync(
        self, files: Sequence[MemoryFile], *, source_lang: str, target_langs: Sequence[str]
    ) -> SyncReport:
        """Re-read the files that changed, drop the files that are gone; one transaction."""
        report = SyncReport()
        self.lookups.clear()
        self._langs = (source_lang, tuple(target_langs))
        settings = f"{source_lang}>{','.join(target_langs)}"
        with self._pragmas(_SYNC_PRAGMAS):
            self._sync(files, settings, report)
        return report

    @contextlib.contextmanager
    def _pragmas(self, pragmas: Sequence[str]) -> Iterator[None]:
        """Run with these settings, then the lookups' again."""
        for pragma in pragmas:
            self.db.execute(pragma)
        try:
            yield
        finally:
            for pragma in _LOOKUP_PRAGMAS:
                self.db.execute(pragma)

    def _sync(self, files: Sequence[MemoryFile], settings: str, report: SyncReport) -> None:
        # IMMEDIATE: two relay runs at once wait for each other instead of failing.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # The (source, language) pairs that lose a unit, whose best translation is chosen
            # again from all their units: kept in a temporary table (a file, while syncing),
            # not in a set. Importing every returned file of 20,000 releases touches a million
            # pairs, and a set of them was most of that run's memory. Units are numbered here,
            # from past the last: those this sync adds are merged into the best rows of the
            # pairs that lost none.
            self.db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS touched(source INTEGER, lang TEXT, "
                "PRIMARY KEY(source, lang)) WITHOUT ROWID"
            )
            self.db.execute("DELETE FROM temp.touched")
            self._next_unit = self._first_new = self.db.execute(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM units"
            ).fetchone()[0]
            known = {
                row.name: row
                for row in map(_Known._make, self.db.execute(f"SELECT {_KNOWN} FROM files"))
            }
            bulk = not known
            if bulk:  # indexes are faster built once, after the rows
                self.db.execute("DROP INDEX IF EXISTS units_by_file")
                self.db.execute("DROP INDEX IF EXISTS units_by_source")
            wanted = {file.name for file in files}
            for name in sorted(set(known) - wanted):
                self._drop(known[name].id)
                report.removed.append(name)
            rows: list[_Unit] = []
            for file in sorted(files, key=lambda item: item.name):
                stamp = _stamp(file, settings)
                old = known.get(file.name)
                fresh = self._changed(file, old, stamp, report)
                if fresh is None:
                    continue
                records, fingerprint = fresh
                if file.kind == "states":
                    if old is not None:
                        self._drop(old.id)
                    self._insert_seen(self._file_row(file, fingerprint, stamp), records)
                    continue
                file_id = self._file_row(file, fingerprint, stamp, old)
                read = [
                    _Unit(
                        file_id,
                        self._source_id(record.source),
                        record.lang,
                        record.target,
                        record.role,
                        record.rank,
                        LEVELS.get(record.state, 0),
                    )
                    for record in records
                ]
                rows.extend(read if old is None else self._replaced(old.id, read))
                if len(rows) >= BATCH:
                    self._insert_units(rows)
            self._insert_units(rows)
            # Let go of every file's row before SQLite chooses the best translations again,
            # the sync's peak (at 20,000 releases, the rows of 40,000 catalogs: 17 MB).
            del known, wanted
            for statement in _UNIT_INDEXES.strip().split(";\n"):
                self.db.execute(statement)
            if bulk:
                self.db.execute("DELETE FROM best")
                self._insert_best("units u")
                self.db.execute("INSERT INTO source_grams(source_grams) VALUES ('optimize')")
            else:
                self._refresh_best()
            self._collect_sources()
            self._flush_counts()
            self.db.execute("COMMIT")
            self._has_seen = self._count("seen") > 0
        except BaseException:
            self.db.execute("ROLLBACK")
            self._ids.clear()
            self._df.clear()
            raise

    def _changed(
        self, file: MemoryFile, old: _Known | None, stamp: str, report: SyncReport
    ) -> tuple[list[Record], _Fingerprint] | None:
        """Give a file's records and fingerprint if it changed; None if it did not.

        Size and modification time unchanged: not read. Bytes unchanged (a ``touch``, a
        checkout): read and hashed, not parsed. A file that cannot be read or parsed gives no
        records and an empty fingerprint, so that it is tried again next time.
        """
        same_stamp = old is not None and old.stamp == stamp
        try:
            status = os.stat(file.path)
            if same_stamp and old and (old.size, old.mtime_ns) == _times(status):
                report.unchanged += 1
                return None
            if file.kind == "po" and status.st_size > MAX_CATALOG_BYTES:
                failure = RelayError(f"{file.name}: too large to read ({status.st_size} bytes)")
                report.errors.append((file.name, failure))
                return [], _NOT_READ
            with open(file.path, "rb") as stream:
                data = stream.read()
        except OSError as error:
            failure = RelayError(f"{file.name}: cannot be read: {error.strerror}")
            report.errors.append((file.name, failure))
            return [], _NOT_READ
        digest = hashlib.sha256(data).hexdigest()
        if same_stamp and old and self._digest(old.id) == digest:
            self.db.execute(
                "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?", (*_times(status), old.id)
            )
            report.unchanged += 1
            return None
        source_lang, target_langs = self._langs
        try:
            records = read_records(file, data, source_lang=source_lang, target_langs=target_langs)
        except RelayError as error:
            report.errors.append((file.name, error))
            return [], _NOT_READ
        report.read.append(file.name)
        return records, _Fingerprint(*_times(status), digest)

    def _digest(self, file_id: int) -> str:
        """The SHA-256 the index keeps of a file's bytes."""
        row = self.db.execute("SELECT sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
        return str(row[0]) if row else ""

    def _file_row(
        self, file: MemoryFile, fingerprint: _Fingerprint, stamp: str, old: _Known | None = None
    ) -> int:
        """Give the key of a file's row: its old row, updated, or a new one."""
        values = (*fingerprint, stamp if fingerprint.sha256 else "")
        if old is not None:
            self.db.execute(
                "UPDATE files SET size = ?, mtime_ns = ?, sha256 = ?, stamp = ? WHERE id = ?",
                (*values, old.id),
            )
            return old.id
        cursor = self.db.execute(
            "INSERT INTO files(name, size, mtime_ns, sha256, stamp) VALUES (?, ?, ?, ?, ?)",
            (file.name, *values),
        )
        return int(cursor.lastrowid or 0)

    def _replaced(self, file_id: int, read: list[_Unit]) -> list[_Unit]:
        """Keep the units a file read again still has, drop the others; give the new ones.

        A returned file changes a few units of its catalog: the others keep their rows, so
        that their pairs' best rows are not chosen again from every unit (a sentence every
        release repeats has one per release)."""
        kept: dict[_Unit, list[int]] = {}
        for unit_id, *values in self.db.execute(
            f"SELECT id, {_UNIT_COLUMNS} FROM units WHERE file = ?", (file_id,)
        ):
            kept.setdefault(_Unit(*values), []).append(unit_id)
        new = []
        for unit in read:
            same = kept.get(unit)
            if same:
                same.pop()
            else:
                new.append(unit)
        lost = sorted(unit_id for ids in kept.values() for unit_id in ids)
        for start in range(0, len(lost), 500):
            chunk = lost[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.db.execute(
                "INSERT OR IGNORE INTO temp.touched SELECT source, lang FROM units "
                f"WHERE id IN ({marks})",
                chunk,
            )
            self.db.execute(f"DELETE FROM units WHERE id IN ({marks})", chunk)
        return new

    def _drop(self, file_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO temp.touched SELECT source, lang FROM units WHERE file = ?",
            (file_id,),
        )
        self.db.execute("DELETE FROM units WHERE file = ?", (file_id,))
        self.db.execute("DELETE FROM seen WHERE file = ?", (file_id,))
        self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def _insert_units(self, rows: list[_Unit]) -> None:
        first = self._next_unit
        self._next_unit += len(rows)
        self.db.executemany(
            f"INSERT INTO units(id, {_UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(number, *row) for number, row in enumerate(rows, first)],
        )
        rows.clear()

    def _insert_seen(self, file_id: int, records: list[Record]) -> None:
        self.db.executemany(
            "INSERT INTO seen(file, lang, pair, level) VALUES (?, ?, ?, ?)",
            [
                (file_id, record.lang, pair_key(record.source, record.target), level)
                for record in records
                if (level := LEVELS.get(record.state, 0))
            ],
        )

    def _source_id(self, text: str) -> int:
        """Give the key of a source text, adding the text (and its trigrams) when new."""
        known = self._ids.get(text)
        if known is not None:
            return known
        start = source_key(text)
        slots = dict(
            self.db.execute(
                "SELECT id, text FROM sources WHERE id BETWEEN ? AND ?",
                (start, start + PROBES - 1),
            ).fetchall()
        )
        found = next((key for key, value in slots.items() if value == text), None)
        if found is None:
            found = next(key for key in range(start, start + PROBES) if key not in slots)
            self.db.execute(
                "INSERT INTO sources(id, text, length) VALUES (?, ?, ?)", (found, text, len(text))
            )
            self.db.execute("INSERT INTO source_grams(rowid, text) VALUES (?, ?)", (found, text))
            self._df.update(grams.trigrams(text))
        if len(self._ids) >= _KNOWN_IDS:
            self._ids.clear()
        self._ids[text] = found
        return found

    def _refresh_best(self) -> None:
        """Choose the best rows again where units changed: from all their units for the pairs
        that lost one (what a full rebuild would do), by merging the new units into the rows
        kept for the others. Merging is what makes one new release cheap: a sentence every
        release repeats has a unit per release, and choosing its best again read them all
        (at 2,000 releases, 85 ms of an extract for a dozen such sentences, growing with N)."""
        self.db.execute(
            "DELETE FROM best WHERE (source, lang) IN (SELECT source, lang FROM temp.touched)"
        )
        self._insert_best(
            "temp.touched t CROSS JOIN units u ON u.source = t.source AND u.lang = t.lang"
        )
        self._merge_best()

    def _merge_best(self) -> None:
        # Each new (source, language, translation, role) with the row kept for it, if any
        # (found by a probe per new row: a join would read every kept row), and the row it
        # becomes. A kept row's unit is replaced only by a strictly more recent one: on a tie
        # the rebuild may keep either unit, which have the same rank, text and role.
        self.db.execute("DROP TABLE IF EXISTS temp.merged")
        self.db.execute(
            "CREATE TEMP TABLE merged AS SELECT n.source, n.lang, n.role, b.unit AS old_unit, "
            "CASE WHEN b.unit IS NULL OR n.rank > o.rank THEN n.id ELSE b.unit END AS unit, "
            "n.n + COALESCE(b.uses, 0) AS uses, MAX(n.level, COALESCE(b.level, 0)) AS level "
            "FROM (SELECT *, (SELECT k.unit FROM best k JOIN units t ON t.id = k.unit "
            "WHERE k.source = g.source AND k.lang = g.lang AND k.role = g.role "
            f"AND t.target = g.target) AS kept FROM ({_BEST_OF.format(rows=_FRESH_UNITS)}) g) n "
            "LEFT JOIN best b ON b.source = n.source AND b.lang = n.lang AND b.role = n.role "
            "AND b.unit = n.kept LEFT JOIN units o ON o.id = b.unit",
            (self._first_new,),
        )
        self.db.execute(
            "DELETE FROM best WHERE (source, lang, role, unit) IN "
            "(SELECT source, lang, role, old_unit FROM temp.merged WHERE old_unit IS NOT NULL)"
        )
        self.db.execute(
            "INSERT INTO best(source, lang, role, unit, uses, level) "
            "SELECT source, lang, role, unit, uses, level FROM temp.merged"
        )
        self.db.execute("DROP TABLE temp.merged")

    def _insert_best(self, rows: str) -> None:
        self.db.execute(
            "INSERT INTO best(source, lang, role, unit, uses, level) "
            f"SELECT source, lang, role, id, n, level FROM ({_BEST_OF.format(rows=rows)})"
        )

    def _collect_sources(self) -> None:
        """Forget source texts no file uses any more (and their trigrams): of those whose
        units changed, the ones no unit is left of."""
        unused = self.db.execute(
            "SELECT s.id, s.text FROM sources s WHERE s.id IN"
            " (SELECT DISTINCT source FROM temp.touched) AND NOT EXISTS"
            " (SELECT 1 FROM units u WHERE u.source = s.id) ORDER BY s.id"
        ).fetchall()
        for source, text in unused:
            self.db.execute(
                "INSERT INTO source_grams(source_grams, rowid, text) VALUES ('delete', ?, ?)",
                (source, text),
            )
            self.db.execute("DELETE FROM sources WHERE id = ?", (source,))
            self._df.subtract(grams.trigrams(text))
            self._ids.pop(text, None)

    def _flush_counts(self) -> None:
        changes = sorted((gram, df) for gram, df in self._df.items() if df)
        self.db.executemany(
            "INSERT INTO gram_counts(gram, df) VALUES (?, ?) "
            "ON CONFLICT(gram) DO UPDATE SET df = df + excluded.df",
            changes,
        )
        self.db.execute("DELETE FROM gram_counts WHERE df <= 0")
        self._df.clear()

    # -- reading -----------------------------------------------------------------------------

    def exact(self, source: str, lang: str) -> list[Stored]:
        """Give every translation of exactly ``source`` into ``lang``, most recent first, each
        with the best state it was seen at (in any role, file, or the states memory keeps)."""
        start = source_key(source)
        rows = self.db.execute(
            "SELECT u.target, b.role, u.rank, b.uses, b.level FROM sources s "
            "JOIN best b ON b.source = s.id AND b.lang = ? JOIN units u ON u.id = b.unit "
            "WHERE s.id BETWEEN ? AND ? AND s.text = ?",
            (lang, start, start + PROBES - 1, source),
        ).fetchall()
        levels: dict[str, int] = {}
        for target, _, _, _, level in rows:
            levels[target] = max(level, levels.get(target, 0))
        if self._has_seen:
            for target in levels:
                levels[target] = max(levels[target], self._seen(lang, source, target))
        found = [
            Stored(source, target, role, rank, uses, STATE_OF.get(levels[target], ""))
            for target, role, rank, uses, _ in rows
        ]
        return sorted(found, key=lambda item: (item.rank, item.target, item.role), reverse=True)

    def _seen(self, lang: str, source: str, target: str) -> int:
        row = self.db.execute(
            "SELECT MAX(level) FROM seen WHERE lang = ? AND pair = ?",
            (lang, pair_key(source, target)),
        ).fetchone()
        return int(row[0] or 0)

    def records(self, langs: Iterable[str] = ()) -> Iterable[Record]:
        """Give each distinct translation once (its most recent origin, its best state), in a
        stable order."""
        wanted = sorted(set(langs))
        where = f"WHERE b.lang IN ({','.join('?' * len(wanted))})" if wanted else ""
        query = (
            "SELECT s.text, b.lang, u.target, b.role, MAX(u.rank), "
            f"{_BEST_LEVEL.format(level='b.level')} FROM best b "
            f"JOIN sources s ON s.id = b.source JOIN units u ON u.id = b.unit {where} "
            "GROUP BY b.lang, s.text, u.target ORDER BY b.lang, s.text, u.target"
        )
        for text, lang, target, role, rank, level in self.db.execute(query, wanted):
            if self._has_seen:
                level = max(level, self._seen(lang, text, target))
            date, origin, unit = rank.split("\x1f")
            yield Record(text, target, lang, role, origin, unit, date, STATE_OF.get(level, ""))

    def counts(self) -> dict[str, int]:
        """Say how much the index holds: files, distinct sources, records, distinct pairs."""
        return {
            "files": self._count("files"),
            "sources": self._count("sources"),
            "units": self._count("units"),
            "translations": self._count("best"),
        }

    def counts_by_lang(self) -> dict[str, int]:
        rows = self.db.execute("SELECT lang, COUNT(*) FROM units GROUP BY lang ORDER BY lang")
        return dict(rows.fetchall())

    def _count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def pair_key(source: str, target: str) -> str:
    """Key a translation by its source and target text (the states memory has seen)."""
    data = f"{source}\x00{target}".encode()
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def source_key(text: str) -> int:
    """Key a source text by its content (40 bits of BLAKE2b, times the probing room).

    Keys made from content, not from the order texts arrived in, keep every order derived
    from them the same on a rebuilt index; 40 bits keep FTS5's posting lists small.
    """
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=5).digest()
    return int.from_bytes(digest, "big") * PROBES


def read_records(
    file: MemoryFile, data: bytes, *, source_lang: str, target_langs: Sequence[str]
) -> list[Record]:
    """Read one memory file into records (a catalog's approved entries, a TMX's units, or the
    states memory has seen, in the project's languages)."""
    if file.kind == "states":
        return [
            Record(
                seen.source, seen.target, seen.lang, "", *_origin(seen.origin), seen.on, seen.state
            )
            for seen in states.read(data, path=file.name)
            if seen.lang in target_langs
        ]
    if file.kind == "tmx":
        return tmx.read(
            data,
            path=file.name,
            origin=file.origin,
            source_lang=source_lang,
            target_langs=target_langs,
        ).records
    catalog = read_po(data, path=file.name)
    return records_of_catalog(catalog, lang=file.lang, origin=file.origin, date=file.date)


def _origin(origin: str) -> tuple[str, str]:
    release, _, unit = origin.partition("#")
    return release, unit


def _stamp(file: MemoryFile, settings: str) -> str:
    """What, besides its bytes, a file's records depend on; a change means reading it again."""
    stamp = f"{file.kind}|{file.lang}|{file.origin}|{file.date}"
    return f"{stamp}|{settings}" if file.kind != "po" else stamp


def _connect(target: str) -> sqlite3.Connection:
    connection = sqlite_files.connect(target)
    for pragma in _LOOKUP_PRAGMAS:
        connection.execute(pragma)
    if not connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone():
        if connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            connection.close()
            raise sqlite3.DatabaseError("not a relay memory index")
        connection.executescript(_SCHEMA)
        connection.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return connection


def _version(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row[0] if row else None
