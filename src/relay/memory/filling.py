"""Fill a catalog's untranslated entries from memory, saying where each translation came from.

Takes a catalog, an open index and the project's memory settings; gives the catalog with
translations filled in, what was filled, and the conflicts found. The rules:

- the same source, translated in the same role (a contact-block line, a heading): translated;
- the same source in another role: fuzzy (or translated with ``exact-elsewhere =
  "translated"``);
- the same source translated differently (in that role, or anywhere when it was never seen in
  that role): a conflict; the most recent translation is offered as fuzzy and reported;
- a similar source (``similarity``, default 75 %): fuzzy, its source as the previous msgid,
  so the translator sees the difference; a suggestion is never approved.
- a suggestion carries exactly the unit's placeholders (:func:`adapt`: renumbered by position,
  codes the unit lacks dropped with their text kept), or it is not offered: a translator must
  never receive a target whose codes the unit does not have.

Each filled entry gets a translator comment ``memory: <release>#<unit> (<how>)``; ``how`` ends
with the best state memory has seen the translation at, when it went past translated
(``exact, same role, approved``): a filled unit is only translated (or fuzzy) itself, since
its revision was of another unit, but its reviser knows where to look first.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from relay.catalogs.catalog import Catalog, Entry
from relay.core.model import Code
from relay.core.placeholders import Tag, problems, strip, tokenize
from relay.memory.fuzzy import prefetch, similar
from relay.memory.index import MemoryIndex, Stored
from relay.memory.records import COMMENT, role_of


@dataclass(frozen=True)
class Suggestion:
    """What memory offers for one source: a translation, its state and where it came from."""

    target: str
    fuzzy: bool
    origin: str
    unit: str
    how: str
    previous: str | None = None
    alternatives: tuple[Stored, ...] = ()
    conflict: bool = False
    state: str = ""  # "revised" or "approved": how far the translation went where it was made

    @property
    def comment(self) -> str:
        how = f"{self.how}, {self.state}" if self.state else self.how
        return f"{COMMENT}{self.origin}#{self.unit} ({how})"


@dataclass(frozen=True)
class Conflict:
    """A source memory holds two or more translations of; the most recent was offered."""

    release: str
    lang: str
    unit: str | None
    source: str
    chosen: Stored
    translations: tuple[Stored, ...]

    def __str__(self) -> str:
        where = ", ".join(f"{item.origin}#{item.unit}" for item in self.translations)
        return (
            f"{self.release} ({self.lang}) unit {self.unit}: memory has "
            f"{len(self.translations)} translations of {self.source!r} ({where}); "
            f"offered the most recent, from {self.chosen.origin}, as fuzzy"
        )


@dataclass(frozen=True)
class Filled:
    """An entry memory filled, and the suggestion it took."""

    unit: str | None
    source: str
    suggestion: Suggestion


def suggest(
    index: MemoryIndex,
    source: str,
    *,
    lang: str,
    role: str,
    similarity: float,
    exact_elsewhere: str = "fuzzy",
) -> Suggestion | None:
    """Give memory's best offer for ``source`` in ``lang``, or None."""
    found = index.exact(source, lang)
    if found:
        return _exact(found, role, exact_elsewhere)
    matches = similar(index, source, lang, cutoff=similarity, limit=1)
    if not matches or not matches[0].translations:
        return None
    best = matches[0]
    pool = _pool(best.translations, role)
    chosen = pool[0]
    target = adapt(chosen.target, best.source, source)
    if target is None:
        return None
    return Suggestion(
        target=target,
        fuzzy=True,
        origin=chosen.origin,
        unit=chosen.unit,
        how=f"fuzzy, {int(best.score)}%",
        previous=best.source,
        alternatives=pool,
        state=chosen.state,
    )


def _codes(coded: str) -> list[Tag]:
    """The opening and empty tags of coded text, in order."""
    return [token for token in tokenize(coded) if isinstance(token, Tag) and token.kind != "close"]


def adapt(target: str, matched: str, source: str) -> str | None:
    """Give memory's ``target`` (translating ``matched``) with ``source``'s placeholders.

    Codes are matched by position and kind, as CAT tools adapt a fuzzy match: the n-th code
    of a kind (pair or empty) in the matched source becomes the unit's n-th; codes the unit
    does not have are dropped, their text kept. Gives None when the result would not carry
    exactly the unit's placeholders (one is missing, or they would nest wrongly).

    >>> adapt("Эл. почта: <1>info@unece.org</1>", "E-mail: <1>info@unece.org</1>",
    ...       "E-mail: info@unece.org")
    'Эл. почта: info@unece.org'
    >>> adapt("voir <2/> et <1>ici</1>", "see <1>here</1> and <2/>", "see <3/> and <4>x</4>")
    'voir <3/> et <4>ici</4>'
    >>> adapt("voir <1>ici</1>", "see <1>here</1>", "see <1>here</1> and <2/>") is None
    True
    """
    ours, theirs = _codes(source), _codes(matched)
    kind = {False: "pair", True: "empty"}
    mapping: dict[tuple[int, bool], int] = {}
    for empty in (False, True):
        mine = [tag.id for tag in ours if (tag.kind == "empty") == empty]
        found = [tag.id for tag in theirs if (tag.kind == "empty") == empty]
        mapping.update(((number, empty), mine[n]) for n, number in enumerate(found[: len(mine)]))
    out: list[str] = []
    for token in tokenize(target):
        if not isinstance(token, Tag):
            out.append(token)
            continue
        number = mapping.get((token.id, token.kind == "empty"))
        if number is not None:
            out.append(str(Tag(number, token.kind)))
    adapted = "".join(out)
    expected = tuple(Code(tag.id, kind[tag.kind == "empty"], ()) for tag in ours)  # type: ignore[arg-type]
    return None if problems(adapted, expected) else adapted


_WORD = re.compile(r"[^\W\d_]{2,}")


def copied(target: str, source: str) -> bool:
    """Say whether a translation is its source copied, in words a reader would see in the
    source language (as the ``same-as-source`` check judges: a name or an acronym is not).

    >>> copied("The ministers agreed.", "The ministers agreed."), copied("UNECE", "UNECE")
    (True, False)
    """
    if target.split() != source.split():
        return False
    remaining = [word for word in _WORD.findall(strip(source)) if not word.isupper()]
    return len(remaining) > 1 or bool(remaining and remaining[0][0].islower())


def _exact(found: list[Stored], role: str, exact_elsewhere: str) -> Suggestion:
    pool = _pool(tuple(found), role)
    chosen = pool[0]
    same_role = bool(role) and chosen.role == role
    variants = len({item.target for item in pool})
    if variants > 1:
        fuzzy, how = True, f"exact, conflict: {variants} translations"
    elif copied(chosen.target, chosen.source):
        # The source copied (a TMX whose target segment is the source's language, a unit
        # left in English): never filled as translated, so never published unread.
        fuzzy, how = True, "exact, same as source"
    elif same_role:
        fuzzy, how = False, "exact, same role"
    else:
        fuzzy, how = exact_elsewhere != "translated", "exact, elsewhere"
    return Suggestion(
        chosen.target,
        fuzzy,
        chosen.origin,
        chosen.unit,
        how,
        None,
        pool,
        conflict=variants > 1,
        state=chosen.state,
    )


def _pool(found: tuple[Stored, ...], role: str) -> tuple[Stored, ...]:
    """Keep the translations made in the same role when there are any; most recent first."""
    same = tuple(item for item in found if role and item.role == role)
    return tuple(sorted(same or found, key=lambda item: item.rank, reverse=True))


def fill(
    catalog: Catalog,
    index: MemoryIndex,
    *,
    lang: str,
    release: str,
    similarity: float,
    exact_elsewhere: str = "fuzzy",
    only: Collection[str] | None = None,
) -> tuple[Catalog, list[Filled], list[Conflict]]:
    """Fill the active, untranslated entries memory has something for (those in ``only``)."""
    entries: list[Entry] = []
    filled: list[Filled] = []
    conflicts: list[Conflict] = []
    asked = [entry.msgid for entry in catalog.entries if _asked(entry, only)]
    # The fuzzy lookups the catalog needs, made at once on every core before they are asked.
    prefetch(index, (text for text in asked if not index.exact(text, lang)), similarity)
    for entry in catalog.entries:
        if not _asked(entry, only):
            entries.append(entry)
            continue
        offer = suggest(
            index,
            entry.msgid,
            lang=lang,
            role=role_of(entry.notes),
            similarity=similarity,
            exact_elsewhere=exact_elsewhere,
        )
        if offer is None:
            entries.append(entry)
            continue
        comments = tuple(line for line in entry.comments if not line.startswith(COMMENT))
        entries.append(
            entry.with_(
                msgstr=offer.target,
                fuzzy=offer.fuzzy,
                previous=offer.previous,
                comments=(*comments, offer.comment),
            )
        )
        filled.append(Filled(entry.id, entry.msgid, offer))
        if offer.conflict:
            choices = tuple(_distinct(offer.alternatives))
            conflicts.append(Conflict(release, lang, entry.id, entry.msgid, choices[0], choices))
    return Catalog(dict(catalog.header), entries), filled, conflicts


def _asked(entry: Entry, only: Collection[str] | None) -> bool:
    """Whether :func:`fill` asks memory for an entry: active, untranslated, among ``only``."""
    if only is not None and entry.msgid not in only:
        return False
    return not (entry.obsolete or entry.msgstr or not entry.msgid)


def _distinct(found: tuple[Stored, ...]) -> list[Stored]:
    """Keep the most recent origin of each distinct translation."""
    seen: dict[str, Stored] = {}
    for item in found:
        seen.setdefault(item.target, item)
    return list(seen.values())
