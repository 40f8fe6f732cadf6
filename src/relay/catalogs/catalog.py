"""Catalogs: the translations of one release into one language, format-neutral.

A :class:`Catalog` is a header plus :class:`Entry` objects, used like a list; the PO files in
``locales/`` are one way to store it (:mod:`relay.catalogs.po`). An entry's identity is its
source text (``msgid``) and context, as in gettext.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from typing import Any

from relay.core.placeholders import strip

_WORD = re.compile(r"\w+(?:[-'’.,]\w+)*")
# The steps a translation went through, as translator comments gettext tools keep and ignore:
#   # relay-state: translated by Irina Volkova on 2026-11-26 for 3f2a9c0b1d4e
#   # relay-state: revised by Anna Petrova on 2026-12-01 for 8494fb232802
# ("translated" is written only when the import knew who translated: it is what credits a
# translator's version once a reviser changed it), and the translator's version a reviser
# changed, as one escaped line (see relay.exchange.returned.one_line), with who made it:
#   # relay-previous: <translation>
#   # relay-previous-by: Irina Volkova
LEVELS = ("untranslated", "fuzzy", "translated", "revised", "approved")
REVIEW_PREFIX = "relay-state: "
PREVIOUS_PREFIX = "relay-previous: "
PREVIOUS_BY_PREFIX = "relay-previous-by: "  # who made that version (the translator)
_REVIEW = re.compile(
    r"relay-state: (translated|revised|approved)(?: by (.*?))?(?: on (\d{4}-\d{2}-\d{2}))?"
    r"(?: for ([0-9a-f]{12}))?$"
)


@dataclass(frozen=True)
class Review:
    """A step a unit's translation went through: its level, who took it and on which day."""

    level: str  # "translated", "revised" or "approved"
    by: str = ""
    on: str = ""
    # The fingerprint of the translation the step was taken on (see ``fingerprint``): a
    # translation changed since, by hand in the catalog too, is no longer revised.
    base: str = ""

    def comment(self) -> str:
        """The comment line (``by`` must already be one line: see ``returned.one_line``)."""
        return (
            REVIEW_PREFIX
            + self.level
            + (f" by {self.by}" if self.by else "")
            + (f" on {self.on}" if self.on else "")
            + (f" for {self.base}" if self.base else "")
        )


def fingerprint(translation: str) -> str:
    """A translation's fingerprint, as a revision step records it (12 hex digits of SHA-256,
    as ``relay.exchange.package.base_of``)."""
    return hashlib.sha256(translation.encode("utf-8")).hexdigest()[:12]


def review_of(comments: tuple[str, ...]) -> Review | None:
    """The last step a unit's comments record (None: none)."""
    steps = reviews_of(comments)
    return steps[-1] if steps else None


def reviews_of(comments: tuple[str, ...]) -> list[Review]:
    """Every step a unit's comments record, in their order (the last is the unit's)."""
    found = []
    for line in comments:
        match = _REVIEW.match(line)
        if match:
            by, on, base = (match.group(n) or "" for n in (2, 3, 4))
            found.append(Review(match.group(1), by, on, base))
    return found


def made_by(entry: Entry) -> Review | None:
    """The step that made an entry's translation as it is (who translated, revised or
    approved that very text, and when), or None when no comment says.

    A step counts only if it names this translation's fingerprint: who made an earlier
    version did not make this one.

    >>> entry = Entry("Hello.", "Bonjour.", comments=(
    ...     "relay-state: translated by Irina on 2026-11-26 for " + fingerprint("Bonjour."),))
    >>> made_by(entry).by, made_by(entry.with_(msgstr="Salut.")) is None
    ('Irina', True)
    """
    if not entry.msgstr:
        return None
    own = fingerprint(entry.msgstr)
    steps = [step for step in reviews_of(entry.comments) if step.base == own]
    return steps[0] if steps else None


def without_review(comments: tuple[str, ...]) -> tuple[str, ...]:
    """The comments without the revision steps and the translator's previous version: what a
    unit keeps when its translation or its source changes (its states are reset)."""
    return tuple(
        line
        for line in comments
        if not _REVIEW.match(line) and not line.startswith((PREVIOUS_PREFIX, PREVIOUS_BY_PREFIX))
    )


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else 0


@dataclass(frozen=True)
class Entry:
    """One unit's source, its translation and what translators and tools wrote about it."""

    msgid: str
    msgstr: str = ""
    context: str | None = None
    fuzzy: bool = False
    previous: str | None = None
    notes: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    obsolete: bool = False
    id: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete

    @property
    def state(self) -> str:
        if not self.msgstr:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"

    @property
    def level(self) -> str:
        """The state with the revision steps: untranslated, fuzzy, translated, revised or
        approved (a fuzzy or empty unit has no revision step, whatever its comments say)."""
        state = self.state
        if state != "translated":
            return state
        review = review_of(self.comments)
        if review is None or (review.base and review.base != fingerprint(self.msgstr)):
            return state
        return review.level

    def with_(self, **changes: Any) -> Entry:
        """The entry with some fields changed, as ``dataclasses.replace`` gives it (a test
        holds the two equal), in a tenth of its time: merging and extracting make one per
        unit. Unknown field names go to ``replace``, which refuses them."""
        if not changes.keys() <= _ENTRY_FIELDS:
            return replace(self, **changes)
        changed = object.__new__(Entry)
        fields = changed.__dict__  # frozen: filled as dataclasses' own __init__ fills it
        fields.update(self.__dict__)
        fields.update(changes)
        return changed


_ENTRY_FIELDS = frozenset(Entry.__dataclass_fields__)


def new_entry(
    msgid: str,
    msgstr: str,
    context: str | None,
    fuzzy: bool,
    previous: str | None,
    notes: tuple[str, ...],
    locations: tuple[str, ...],
    comments: tuple[str, ...],
    flags: tuple[str, ...],
    obsolete: bool,
    id_: str | None,
) -> Entry:
    """``Entry(...)`` with every field given, in their order: the entry its frozen
    ``__init__`` would make (a test holds the two equal, and these parameters to the fields),
    in a third of the time. Reading a catalog makes one per unit."""
    entry = _new_object(Entry)
    fields = entry.__dict__
    fields["msgid"] = msgid
    fields["msgstr"] = msgstr
    fields["context"] = context
    fields["fuzzy"] = fuzzy
    fields["previous"] = previous
    fields["notes"] = notes
    fields["locations"] = locations
    fields["comments"] = comments
    fields["flags"] = flags
    fields["obsolete"] = obsolete
    fields["id"] = id_
    return entry


_new_object = object.__new__


def unit_id(msgid: str, context: str | None = None) -> str:
    """Give a new unit its identity: stable, the same in PO and XLIFF, short enough to read.

    A unit keeps the id it was first given when its source is later edited (see
    :mod:`relay.catalogs.update`), so a returned file can be matched to the unit it was made from.

    >>> unit_id("Note to editors")
    '80478d38d4'
    """
    key = msgid if context is None else f"{context}\x04{msgid}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Catalog:
    """A header and entries, in the order translators read them."""

    header: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def lang(self) -> str | None:
        return self.header.get("Language") or None

    @property
    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    def translations(self) -> dict[str, str]:
        """Map each source text to its approved translation (fuzzy ones are not approved)."""
        return {entry.msgid: entry.msgstr for entry in self.active if entry.translated}

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries if entry.id}

    def find(self, msgid: str, context: str | None = None) -> Entry | None:
        for entry in self.entries:
            if entry.msgid == msgid and entry.context == context:
                return entry
        return None


@dataclass(frozen=True, slots=True)
class Counts:
    """How much of a catalog is done, in units and in words."""

    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def percent(self) -> float:
        """Translated words as a share of all words (100 for an empty catalog)."""
        if not self.words:
            return 100.0
        return round(100 * self.translated_words / self.words, 1)

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    def __reduce__(self) -> tuple[type[Counts], tuple[int, ...]]:
        # Pickled as its fields (a kept status holds one per row, 40,000 at 20,000 releases):
        # a slotted dataclass's own state took twice the time, both ways.
        return (Counts, _COUNTS_FIELDS(self))


_COUNTS_FIELDS = attrgetter(*(f.name for f in fields(Counts)))


def level_of(catalog: Catalog) -> str:
    """The state a whole catalog has reached: the lowest level of its active units."""
    active = catalog.active
    if not active:
        return "translated"
    return min((entry.level for entry in active), key=level_rank)


def level_counts(catalog: Catalog) -> dict[str, int]:
    """How many active units are at each level."""
    tally = dict.fromkeys(LEVELS, 0)
    for entry in catalog.active:
        tally[entry.level] += 1
    return tally


def count_words(text: str) -> int:
    """Count the words translators translate: placeholders are not words; a number is one.

    >>> count_words("Mr. <1>Asset Issekeshev</1> said 1,5 % — U.S. e-mail.<2/>")
    7
    """
    return len(_WORD.findall(strip(text)))


def counts(catalog: Catalog) -> Counts:
    """Count translated, fuzzy and untranslated units and words of the active entries."""
    tally = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for entry in catalog.active:
        bucket = tally[entry.state]
        bucket[0] += 1
        bucket[1] += count_words(entry.msgid)
    return Counts(
        total=sum(bucket[0] for bucket in tally.values()),
        translated=tally["translated"][0],
        fuzzy=tally["fuzzy"][0],
        untranslated=tally["untranslated"][0],
        words=sum(bucket[1] for bucket in tally.values()),
        translated_words=tally["translated"][1],
        fuzzy_words=tally["fuzzy"][1],
        untranslated_words=tally["untranslated"][1],
    )
