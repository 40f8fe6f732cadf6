"""Find which units the cross-release consistency checks must see, kept up to date release by
release instead of built again from every release.

Takes, per release, the key it was checked under and a digest of each translated unit's source
and translation (as the consistency checks compare them: placeholders dropped, case and spaces
folded); gives, per language, the sources translated more than one way, the translations given
to more than one source, and the releases that hold them. Only those units need checking again,
so a check keeps digests, not texts.

The digests live in an SQLite file of the cache folder (:class:`KeptIndex`), in two tables
ordered for the two questions asked (every translation of a source, every source of a
translation), beside the groups found mixed. A release under the key it was indexed with is
not read again; a changed one has its rows replaced, and only the groups its old and new rows
are in are decided again: a check after one new release among 20,000 reads a few hundred rows,
not the two million units of the project, and holds none of them in memory. An index with
nothing in it (a first check, or its file lost) is filled first and decided once, in bulk.
Like every cache of relay's, the file is never the source of truth: a missing, foreign or
damaged one is made again, and deleting it only makes the next check index every release.

>>> import tempfile
>>> index = KeptIndex.open(Path(tempfile.mkdtemp()), "doctest")
>>> index.put("a.md", "k1", [("fr", [(digest("Note to editors"), digest("Note aux rédactions"))])])
>>> index.put("b.md", "k2", [("fr", [(digest("Note to editors"), digest("Note à la rédaction"))])])
>>> index.put("c.md", "k3", [("fr", [(digest("Contact"), digest("Contact"))])])
>>> index.flagged(["a.md", "b.md", "c.md"])["fr"].releases
[0, 1]
>>> index.close()
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from relay.checks.text import CACHED_TEXTS, normal
from relay.runtime import sqlite_files

FORMAT = 1
SOURCES, TARGETS = 0, 1  # the two kinds of group: by source, by translation


@lru_cache(maxsize=CACHED_TEXTS)  # a source is digested once per language
def digest(text: str) -> int:
    """Give a 64-bit digest of a text as the consistency checks compare it."""
    hashed = hashlib.blake2b(normal(text).encode(), digest_size=8).digest()
    return int.from_bytes(hashed, "big", signed=True)


@dataclass(frozen=True)
class Flagged:
    """The sources with several translations, the translations of several sources (both as
    digests), and the releases, in order, that hold a unit of either."""

    sources: frozenset[int]
    targets: frozenset[int]
    releases: list[int]


_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE releases(
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, key TEXT NOT NULL,
    langs TEXT NOT NULL, pairs BLOB NOT NULL);
CREATE TABLE by_source(
    lang TEXT NOT NULL, source INTEGER NOT NULL, target INTEGER NOT NULL,
    release INTEGER NOT NULL, PRIMARY KEY(lang, source, target, release)) WITHOUT ROWID;
CREATE TABLE by_target(
    lang TEXT NOT NULL, target INTEGER NOT NULL, source INTEGER NOT NULL,
    release INTEGER NOT NULL, PRIMARY KEY(lang, target, source, release)) WITHOUT ROWID;
CREATE TABLE mixed(
    lang TEXT NOT NULL, kind INTEGER NOT NULL, digest INTEGER NOT NULL,
    PRIMARY KEY(lang, kind, digest)) WITHOUT ROWID;
"""
# The groups a change touched, to be decided again: a table, not a set, so that indexing a
# whole project (a code change gives every release a new key) holds none of them in memory.
_TOUCHED = (
    "CREATE TEMP TABLE IF NOT EXISTS touched(lang TEXT NOT NULL, kind INTEGER NOT NULL, "
    "digest INTEGER NOT NULL, PRIMARY KEY(lang, kind, digest)) WITHOUT ROWID"
)
# A group is mixed when its least and greatest other digests differ. In bulk: every group,
# one pass over the table ordered for it. Otherwise only the groups touched, each answered
# by two seeks of that table's primary key (its least and its greatest entry): a group may
# hold a unit of every release (a boilerplate sentence), which a scan of it would read whole.
_BULK = {
    SOURCES: "INSERT INTO mixed SELECT lang, 0, source FROM by_source "
    "GROUP BY lang, source HAVING MIN(target) != MAX(target)",
    TARGETS: "INSERT INTO mixed SELECT lang, 1, target FROM by_target "
    "GROUP BY lang, target HAVING MIN(source) != MAX(source)",
}
_TOUCHED_ONLY = {
    SOURCES: "INSERT INTO mixed SELECT t.lang, 0, t.digest FROM temp.touched AS t "
    "WHERE t.kind = 0 "
    "AND (SELECT MIN(target) FROM by_source WHERE lang = t.lang AND source = t.digest) "
    "!= (SELECT MAX(target) FROM by_source WHERE lang = t.lang AND source = t.digest)",
    TARGETS: "INSERT INTO mixed SELECT t.lang, 1, t.digest FROM temp.touched AS t "
    "WHERE t.kind = 1 "
    "AND (SELECT MIN(source) FROM by_target WHERE lang = t.lang AND target = t.digest) "
    "!= (SELECT MAX(source) FROM by_target WHERE lang = t.lang AND target = t.digest)",
}
# A release's rows, in the table ordered by ``first`` then ``second``.
_INSERT = "INSERT INTO {table}(lang, {first}, {second}, release) VALUES (?, ?, ?, ?)"
_DELETE = "DELETE FROM {table} WHERE lang = ? AND {first} = ? AND {second} = ? AND release = ?"
_HOLDERS = (
    "SELECT DISTINCT release FROM ("
    " SELECT p.release FROM mixed AS m CROSS JOIN by_source AS p"
    "  ON p.lang = m.lang AND p.source = m.digest WHERE m.lang = ?1 AND m.kind = 0"
    " UNION ALL"
    " SELECT p.release FROM mixed AS m CROSS JOIN by_target AS p"
    "  ON p.lang = m.lang AND p.target = m.digest WHERE m.lang = ?1 AND m.kind = 1)"
)


class KeptIndex:
    """The digests of one set of languages' translated units, per release, as a file keeps
    them; changes are made in one transaction, kept by :meth:`flagged`.

    Checks may run at once (``relay check`` and ``relay status`` take no lock): a release's
    rows are always replaced whole with the key they were made under, inside a write
    transaction that finds the release by its name, and :meth:`flagged` reads the groups and
    the releases' numbers in one transaction, so that another check's changes are seen whole
    or not at all.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self._keys: dict[str, str] | None = None
        # Nothing indexed when opened: filled without noting what it touches, decided in bulk.
        self._bulk = self.db.execute("SELECT 1 FROM releases LIMIT 1").fetchone() is None
        self._writing = False  # the run's write transaction is open

    @classmethod
    def open(cls, folder: Path, name: str) -> KeptIndex:
        """Open the index called ``name`` in ``folder`` (made there when missing, foreign or
        damaged; kept in memory where the folder cannot hold it)."""
        label = f"{FORMAT}|{name}"
        path = folder / f"consistency-{hashlib.sha256(label.encode()).hexdigest()[:16]}.sqlite"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = _connect(path)
        except (OSError, sqlite3.OperationalError):  # cannot be written, or busy: in memory
            return cls(_made(sqlite3.connect(":memory:", isolation_level=None), label))
        except sqlite3.DatabaseError:  # not a database: made again
            connection = None
        if connection is not None:
            try:
                tables = {
                    table
                    for (table,) in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                }
                if not tables:  # a new file
                    return cls(_made(connection, label))
                if "meta" in tables:
                    found = connection.execute(
                        "SELECT value FROM meta WHERE name = 'label'"
                    ).fetchone()
                    if found is not None and found[0] == label:
                        return cls(connection)
            except sqlite3.OperationalError:  # busy: this run keeps its index in memory
                connection.close()
                return cls(_made(sqlite3.connect(":memory:", isolation_level=None), label))
            except sqlite3.DatabaseError:  # damaged: made again
                pass
            connection.close()
        # Not a database, or one of another layout: made again.
        sqlite_files.remove(path)
        try:
            return cls(_made(_connect(path), label))
        except (OSError, sqlite3.Error):
            return cls(_made(sqlite3.connect(":memory:", isolation_level=None), label))

    def close(self) -> None:
        if self._writing:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
        self.db.close()

    def holds(self, name: str, key: str | None) -> bool:
        """Tell whether the release ``name`` is indexed as checked under ``key``."""
        return key is not None and self._known().get(name) == key

    def _known(self) -> dict[str, str]:
        """The key of every release indexed (read once: a check asks of every release)."""
        if self._keys is None:
            self._keys = dict(self.db.execute("SELECT name, key FROM releases"))
        return self._keys

    def put(
        self, name: str, key: str | None, digests: Iterable[tuple[str, Iterable[Sequence[int]]]]
    ) -> None:
        """Index a release's units (per language, (source digest, translation digest) of
        each) as checked under ``key`` (None: under none, indexed again next time)."""
        known = self._known()
        self._write()
        self._drop(name)
        langs, flat, rows = [], array("q"), []
        for lang, pairs in digests:
            distinct = sorted({(int(source), int(target)) for source, target in pairs})
            langs.append([lang, len(distinct)])
            for source, target in distinct:
                flat.extend((source, target))
                rows.append((lang, source, target))
        cursor = self.db.execute(
            "INSERT INTO releases(name, key, langs, pairs) VALUES (?, ?, ?, ?)",
            (name, key or "", json.dumps(langs), flat.tobytes()),
        )
        number = cursor.lastrowid
        assert number is not None
        known[name] = key or ""
        self._add(number, rows)

    def keep_only(self, names: Collection[str]) -> None:
        """Drop the releases not among ``names`` (those that are gone)."""
        gone = [name for name in self._known() if name not in names]
        if gone:
            self._write()
        for name in gone:
            self._drop(name)

    def flagged(self, order: Sequence[str]) -> dict[str, Flagged]:
        """Decide again the groups that changes touched, keep the index, and give per language
        what the consistency checks report on, ``order`` naming the releases by number."""
        if self._writing:
            self._decide()
        else:
            self.db.execute("BEGIN")  # what is read below, read as of one moment
            self._writing = True
        position = {name: at for at, name in enumerate(order)}
        number = {
            release: position[name]
            for release, name in self.db.execute("SELECT id, name FROM releases")
            if name in position
        }
        found = {}
        for (lang,) in self.db.execute("SELECT DISTINCT lang FROM mixed").fetchall():
            groups: dict[int, set[int]] = {SOURCES: set(), TARGETS: set()}
            for kind, value in self.db.execute(
                "SELECT kind, digest FROM mixed WHERE lang = ?", (lang,)
            ):
                groups[kind].add(value)
            holders = (number.get(release) for (release,) in self.db.execute(_HOLDERS, (lang,)))
            releases = sorted(at for at in holders if at is not None)
            found[lang] = Flagged(frozenset(groups[SOURCES]), frozenset(groups[TARGETS]), releases)
        self.db.execute("COMMIT")
        self._writing = False
        self._bulk = False
        return found

    def _write(self) -> None:
        """Start the run's one transaction (IMMEDIATE: two checks at once wait for each other)."""
        if not self._writing:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(_TOUCHED)
            self.db.execute("DELETE FROM temp.touched")
            self._writing = True

    def _add(self, number: int, rows: list[tuple[str, int, int]]) -> None:
        self._in_both(_INSERT, number, rows)

    def _in_both(self, sql: str, number: int, rows: list[tuple[str, int, int]]) -> None:
        """Run ``sql`` (:data:`_INSERT` or :data:`_DELETE`) over a release's rows in both
        tables, each in its own order, and note the groups they are in."""
        self.db.executemany(
            sql.format(table="by_source", first="source", second="target"),
            [(lang, source, target, number) for lang, source, target in rows],
        )
        self.db.executemany(
            sql.format(table="by_target", first="target", second="source"),
            [(lang, target, source, number) for lang, source, target in rows],
        )
        self._touch(rows)

    def _drop(self, name: str) -> None:
        """Take a release's rows out, if it has any, noting the groups they were in (found by
        its name in the transaction: another check may have indexed it since it was read)."""
        self._known().pop(name, None)
        found = self.db.execute(
            "SELECT id, langs, pairs FROM releases WHERE name = ?", (name,)
        ).fetchone()
        if found is None:
            return
        number, langs, pairs = found
        self.db.execute("DELETE FROM releases WHERE id = ?", (number,))
        self._in_both(_DELETE, number, _rows(langs, pairs))

    def _touch(self, rows: list[tuple[str, int, int]]) -> None:
        if self._bulk:  # every group is decided at the end
            return
        self.db.executemany(
            "INSERT OR IGNORE INTO temp.touched VALUES (?, 0, ?)",
            [(lang, source) for lang, source, _ in rows],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO temp.touched VALUES (?, 1, ?)",
            [(lang, target) for lang, _, target in rows],
        )

    def _decide(self) -> None:
        """Decide again which groups are mixed: those touched, or (in bulk) every one."""
        for kind in (SOURCES, TARGETS):
            if self._bulk:
                self.db.execute("DELETE FROM mixed WHERE kind = ?", (kind,))
                self.db.execute(_BULK[kind])
            else:
                self.db.execute(
                    "DELETE FROM mixed WHERE kind = ?1 AND (lang, digest) IN "
                    "(SELECT lang, digest FROM temp.touched WHERE kind = ?1)",
                    (kind,),
                )
                self.db.execute(_TOUCHED_ONLY[kind])
        self.db.execute("DELETE FROM temp.touched")


def _rows(langs: str, pairs: bytes) -> list[tuple[str, int, int]]:
    """A release's rows from what its row keeps: per language, how many pairs; the pairs."""
    flat = array("q")
    flat.frombytes(pairs)
    rows, at = [], 0
    for lang, count in json.loads(langs):
        for offset in range(at, at + 2 * count, 2):
            rows.append((lang, flat[offset], flat[offset + 1]))
        at += 2 * count
    return rows


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite_files.connect(path)
    connection.execute("PRAGMA cache_size=-32000")  # KB: a whole project indexed at once
    return connection


def _made(connection: sqlite3.Connection, label: str) -> sqlite3.Connection:
    """Give the connection (to a new file) an empty index called ``label``."""
    connection.executescript(_SCHEMA)
    connection.execute("INSERT INTO meta VALUES ('label', ?)", (label,))
    return connection
