"""What translation memory holds: approved translations, each with where it came from.

Takes catalogs (or TMX units); gives :class:`Record` objects, the plain rows the index stores.
A record's ``origin`` names the release (or the imported TMX file, ``tmx:<name>``) and its
``unit`` the unit there; ``rank`` orders records from oldest to most recent: by date, then
origin, then unit, never by file time, so that "most recent" is the same on every machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from relay.catalogs.catalog import Catalog, unit_id

COMMENT = "memory: "  # starts the comment memory leaves on an entry it filled

# "paragraph in contact block (block 14, sentence 2)" -> "paragraph in contact block"
_LOCATION = re.compile(r"^(?P<role>.+?) \(block \d+(?:, sentence \d+)?\)$")
_DATED_SLUG = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-|$)")
TMX_PREFIX = "tmx:"
MEMORY_FOLDER = "memory"  # locales/memory/: imported TMX and the states memory has seen


@dataclass(frozen=True)
class Record:
    """One approved translation of one source text into one language."""

    source: str
    target: str
    lang: str
    role: str
    origin: str
    unit: str
    date: str = ""
    # "revised" or "approved" when the translation went through a revision step.
    state: str = ""

    @property
    def rank(self) -> str:
        return rank_of(self.date, self.origin, self.unit)


@dataclass(frozen=True, slots=True)  # one per catalog of the archive, for every sync
class MemoryFile:
    """A file the index reads: a language catalog of a release, an imported TMX file, or the
    states memory has seen (:mod:`relay.memory.states`).

    ``name`` is the file's path relative to the project (the key the index keeps it under);
    ``path`` where it is, as the system names it (a string: every sync lists every catalog of
    the archive, and 40,000 path objects were a tenth of an extract's memory at 20,000
    releases); ``origin`` the release slug (``tmx:<name>`` for TMX); ``date`` the release date
    (ISO), which makes a catalog's translations more recent than an older release's.
    """

    name: str
    path: str
    kind: Literal["po", "tmx", "states"]
    origin: str
    lang: str = ""
    date: str = ""


def rank_of(date: str, origin: str, unit: str) -> str:
    """Give the sort key of "most recent": date, then origin, then unit (no clock involved).

    >>> rank_of("2014-03-12", "2014-03-12-water", "a1") > rank_of("2013-04-23", "z", "z")
    True
    """
    return f"{date}\x1f{origin}\x1f{unit}"


def role_of(notes: tuple[str, ...]) -> str:
    """Read a unit's role from its first extracted comment (empty when there is none).

    >>> role_of(("paragraph in contact block (block 14)", "Placeholders: <1>…</1> link"))
    'paragraph in contact block'
    >>> role_of(("title (block 1, sentence 2)",)), role_of(())
    ('title', '')
    """
    if not notes:
        return ""
    match = _LOCATION.match(notes[0])
    return match.group("role") if match else ""


def date_of_slug(slug: str) -> str:
    """Take a release date from a slug that starts with one (for catalogs without a source).

    >>> date_of_slug("2013-04-23-kazakhstan-innovation"), date_of_slug("annual-report")
    ('2013-04-23', '')
    """
    match = _DATED_SLUG.match(slug)
    return match.group(1) if match else ""


def records_of_catalog(catalog: Catalog, *, lang: str, origin: str, date: str) -> list[Record]:
    """Give the approved translations of a catalog: translated entries, obsolete ones too.

    An obsolete entry was approved once and may come back; fuzzy and empty ones are not
    memory. Obsolete entries have lost their extracted comments, so their role is unknown.
    """
    found: list[Record] = []
    for entry in catalog.entries:
        if not entry.msgid or not entry.msgstr or entry.fuzzy:
            continue
        found.append(
            Record(
                source=entry.msgid,
                target=entry.msgstr,
                lang=lang,
                role="" if entry.obsolete else role_of(entry.notes),
                origin=origin,
                unit=entry.id or unit_id(entry.msgid, entry.context),
                date=date,
                state=entry.level if entry.level in ("revised", "approved") else "",
            )
        )
    return found


@dataclass(frozen=True)
class Match:
    """A translation memory offers for a unit, scored 0-100, and where it was translated.

    ``score`` is 100 for the same source; ``origin`` is ``release#unit`` (or
    ``tmx:<file>#<tuid>`` for imported memory).
    """

    source: str
    target: str
    score: float
    origin: str
    # "revised" or "approved": the best state memory has seen this translation at (in any
    # release, or in locales/memory/states.json); empty when it never went past translated.
    state: str = ""
