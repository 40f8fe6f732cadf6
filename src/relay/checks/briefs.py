"""Keep, per release, the brief a check needs of a release it does not show whole.

Takes, release by release, what checking it gave, under the key it was checked from
(:meth:`relay.checks.check_state.CheckState.key`): its findings' counts by severity and per
language and unit, how many catalogs and units were checked; gives them back while the key
holds, so that ``relay check -q`` or ``relay status`` after one new release reads one file,
not one per release.

The briefs are rows of an SQLite file of the cache folder, one per set of languages checked:
all read when opened (a check shows every release), only those that changed written when
saved, in one transaction. The file carries the key of the check state (relay's code, the
configuration, the glossary): briefs kept under another are not read, and the next save
replaces them. A missing, foreign or damaged file is taken as empty; deleting it only makes the
next check read each release's kept findings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from relay.checks.release import UnitCounts
from relay.checks.results import Tally
from relay.runtime import sqlite_files

FORMAT = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS briefs(
    slug TEXT PRIMARY KEY, key TEXT NOT NULL, tally TEXT, catalogs INTEGER NOT NULL,
    units INTEGER NOT NULL, counted TEXT) WITHOUT ROWID;
"""


# A brief as the file keeps it: its key, tally, catalogs, units and counts, not decoded.
_Row = tuple[Any, ...]


@dataclass(frozen=True)
class Summary:
    """A release's brief, kept under its key: its findings' counts by severity and per
    language and unit (None: the release was checked but not shown), and how many catalogs
    and units were checked."""

    key: str
    tally: Tally | None
    catalogs: int
    units: int
    counted: UnitCounts | None = None


class Checked(Protocol):
    """What checking a release gave, as far as its brief goes
    (:class:`relay.checks.check_state.Kept`)."""

    tally: Tally
    catalogs: int
    units: int
    counted: UnitCounts


class Summaries:
    """Every release's :class:`Summary` for one set of languages, as its file keeps them."""

    def __init__(self, connection: sqlite3.Connection | None, key: str) -> None:
        self.db = connection
        self.key = key
        self.held: dict[str, Summary | _Row] = {}
        self._changed: set[str] = set()
        self._foreign = True  # the file holds no briefs of this key: a save replaces them all

    @classmethod
    def open(cls, folder: Path, name: str, key: str) -> Summaries:
        """Open the briefs called ``name`` (the languages checked) kept under ``key``."""
        label = f"{FORMAT}|{name}"
        path = folder / f"briefs-{hashlib.sha256(label.encode()).hexdigest()[:16]}.sqlite"
        summaries = cls(_connected(path), key)
        summaries._read()
        return summaries

    def _read(self) -> None:
        if self.db is None:
            return
        try:
            found = self.db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
            if found is None or found[0] != self.key:
                return
            rows = self.db.execute("SELECT slug, key, tally, catalogs, units, counted FROM briefs")
            # Kept as read, each decoded when asked for: a status after a change asks for a
            # few releases' briefs, and decoding every one was a tenth of it.
            held: dict[str, Summary | _Row] = {row[0]: row[1:] for row in rows}
        except sqlite3.Error:  # damaged: as if none were kept
            return
        self.held, self._foreign = held, False

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def get(self, slug: str, key: str | None) -> Summary | None:
        """The brief kept for a release read from what ``key`` names, if any."""
        found = self.held.get(slug)
        if found is None or key is None:
            return None
        if isinstance(found, Summary):
            return found if found.key == key else None
        if found[0] != key:
            return None
        try:
            release_key, counted, catalogs, units, per_unit = found
            summary = Summary(
                release_key,
                tally_of(json.loads(counted)) if counted is not None else None,
                catalogs, units,
                unit_counts_of(json.loads(per_unit)) if per_unit is not None else None,
            )  # fmt: skip
        except (TypeError, ValueError):  # damaged: as if none were kept
            return None
        self.held[slug] = summary
        return summary

    def _put(self, slug: str) -> Summary:
        found = self.held[slug]
        assert isinstance(found, Summary)  # put in this run (see save)
        return found

    def put(self, slug: str, key: str, checked: Checked, shown: bool) -> Summary:
        """Keep a release's brief from what checking it gave (its counts only if ``shown``:
        a release checked but not shown has none)."""
        summary = Summary(key, checked.tally if shown else None, checked.catalogs,
                          checked.units, checked.counted if shown else None)  # fmt: skip
        self.held[slug] = summary
        self._changed.add(slug)
        return summary

    def save(self, slugs: Sequence[str]) -> None:
        """Keep the briefs of ``slugs`` (the releases there are now): those that changed are
        written, those of releases gone are dropped, in one transaction."""
        if self.db is None:
            return
        present = set(slugs)
        gone = [slug for slug in self.held if slug not in present]
        for slug in gone:
            del self.held[slug]
        changed = [slug for slug in self._changed if slug in present]
        if not (changed or gone or self._foreign):
            return
        # Made one at a time as SQLite takes them: after a cold check, every release's.
        written = sorted(self.held if self._foreign else changed)
        # Only briefs put in this run are written: those read are kept as they are.
        rows = (_row(slug, self._put(slug)) for slug in written)
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self._foreign:
                    self.db.execute("DELETE FROM briefs")
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (self.key,))
                self.db.executemany("DELETE FROM briefs WHERE slug = ?", [(s,) for s in gone])
                self.db.executemany("INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?, ?)", rows)
                self.db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error:  # a cache that cannot be written: the next check reads more
            return
        self._changed.clear()
        self._foreign = False


def _row(slug: str, found: Summary) -> tuple[Any, ...]:
    tally = None if found.tally is None else json.dumps(tally_data(found.tally))
    per_unit = None if found.counted is None else json.dumps(unit_counts_data(found.counted))
    return (slug, found.key, tally, found.catalogs, found.units, per_unit)


def _connected(path: Path) -> sqlite3.Connection | None:
    """Open the file (made when missing, made again when not a database); None when it is
    busy or cannot be written: the check then reads each release's kept findings."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite_files.connect(path)
            try:
                connection.executescript(_SCHEMA)
                connection.execute("SELECT slug FROM briefs LIMIT 1").fetchall()
            except sqlite3.Error:
                connection.close()
                raise
            return connection
        except (OSError, sqlite3.OperationalError):  # busy or read-only: left alone
            return None
        except sqlite3.DatabaseError:
            if attempt == 0:
                sqlite_files.remove(path)
    return None


# The counts as the briefs and the kept findings (relay.checks.check_state) store them in JSON.


def tally_data(tally: Tally) -> list[list[Any]]:
    """A tally as JSON: [severity, suppressed, number] for each pair counted."""
    return [[severity, suppressed, n] for (severity, suppressed), n in tally.items()]


def tally_of(data: Iterable[Sequence[Any]]) -> Tally:
    """The tally :func:`tally_data` gives as JSON."""
    return Counter({(severity, bool(suppressed)): number
                    for severity, suppressed, number in data})  # fmt: skip


def unit_counts_data(counted: UnitCounts) -> list[list[Any]]:
    """Findings counted per language and unit as JSON: [lang, errors, warnings] each."""
    return [list(counts) for counts in counted]


def unit_counts_of(data: Iterable[Sequence[Any]]) -> UnitCounts:
    """The counts :func:`unit_counts_data` gives as JSON."""
    return tuple((str(lang), int(errors), int(warnings)) for lang, errors, warnings in data)
