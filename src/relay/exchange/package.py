"""The exchange model: one release in one language, as a translator receives it.

Takes nothing; gives plain data shared by every exchange format. A package's units carry a
stable ``id`` (the same in PO, XLIFF 1.2 and XLIFF 2.0), the source and target as coded text
(``<1>…</1>``, ``<2/>``), a state, the previous source of a changed unit, notes for the
translator, and ``base``: a fingerprint of the translation relay held when it exported the
unit, so that a later import can tell the translator's work from a change made meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from relay.memory.records import Match

# "revised" and "approved" are translated units that went through a revision step (a second
# linguist, a sign-off): see relay.catalogs.catalog.Review.
State = Literal["new", "fuzzy", "translated", "revised", "approved"]
DONE: frozenset[str] = frozenset({"translated", "revised", "approved"})
RANK = {"new": 0, "fuzzy": 1, "translated": 2, "revised": 3, "approved": 4}
FORMATS = ("po", "xliff", "xliff2")


@dataclass(frozen=True)
class Placeholder:
    """What a placeholder stands for, in words a CAT tool can show (``equiv-text``)."""

    id: int
    kind: Literal["pair", "empty"]
    label: str


@dataclass(frozen=True)
class ExchangeUnit:
    id: str
    source: str
    target: str = ""
    state: State = "new"
    previous: str | None = None
    notes: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    base: str | None = None
    placeholders: tuple[Placeholder, ...] = ()
    line: int = 0
    matches: tuple[Match, ...] = ()
    # What a reader found in a returned file: gettext's context (PO), why the unit cannot be
    # taken (``problems``: tracked changes, malformed escapes), why it must stay fuzzy
    # (``review``: an empty segment) and the translator's notes and queries (``queries``).
    context: str | None = None
    problems: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    # Who last changed the unit and on which day (YYYY-MM-DD), as the returned file's tool
    # records it per unit (memoQ, Trados, an XLIFF 1.2 phase): it credits that unit's step
    # better than the file's header does.
    by: str = ""
    on: str = ""
    # Marked ``translate="no"`` in the returned file (or in a group around it): a CAT tool
    # locked it. relay exports no such unit, so its translation is the translator's, and taken.
    locked: bool = False


@dataclass(frozen=True)
class Package:
    """A release's units in one language, with what identifies them on the way back.

    ``original`` is the release's source path, ``fingerprint`` the SHA-256 of the source the
    package was made from. A file returned by a foreign tool may lack ``release`` or
    ``fingerprint`` (None).
    """

    release: str | None
    original: str | None
    source_lang: str | None
    target_lang: str | None
    fingerprint: str | None
    units: tuple[ExchangeUnit, ...]
    format: str = "po"
    # Who translated and when, as the returned file's tool says (``Last-Translator``,
    # ``Language-Team``, ``PO-Revision-Date``): for the catalog's header.
    translator: tuple[tuple[str, str], ...] = ()
    # The workflow step the file was exported for ("revision"), as its header says: a done
    # unit of a returned revision file is at least "revised".
    step: str | None = None
    # What shows that relay exported the file for that step (relay.exchange.tickets).
    ticket: str | None = None


def state_of(msgstr: str, fuzzy: bool, level: str) -> State:
    """A catalog entry's state as a package carries it."""
    if not msgstr:
        return "new"
    if fuzzy:
        return "fuzzy"
    return "revised" if level == "revised" else "approved" if level == "approved" else "translated"


def base_of(translation: str) -> str:
    """Fingerprint a translation (empty for none), short enough to sit in a comment.

    >>> base_of(""), len(base_of("Bonjour"))
    ('-', 12)
    """
    if not translation:
        return "-"
    return hashlib.sha256(translation.encode("utf-8")).hexdigest()[:12]
