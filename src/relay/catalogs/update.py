"""Bring a language's catalog up to date with its template, losing nothing translators wrote.

Takes the old catalog (or none) and the new template; gives the new catalog, as ``msgmerge
--previous`` would: unchanged units keep their translations; a changed unit becomes fuzzy
with its old translation and its previous source (``#| msgid``); a unit that disappears
becomes obsolete (``#~``), never deleted, and comes back if its source does.

A minor edit (whitespace, typographic quotes and apostrophes, dashes, trailing punctuation)
always carries the translation over, however short the unit, and before any merely similar
unit is considered; it is fuzzy with ``#| msgid`` like any change, except that a
whitespace-only edit stays translated when ``keep_whitespace_edits`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from relay.catalogs.catalog import Catalog, Entry, without_review

DEFAULT_SIMILARITY = 75.0

# Typographic variants of the same character: curly and straight quotes, guillemets, the
# apostrophe and its look-alikes, and every dash and the minus sign.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´‹›", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_SPACE = re.compile(r"[\s\u200b\u2060\ufeff]+")
_TRAILING = re.compile(r"[.,;:!?…]+$")
Edit = Literal["whitespace", "minor"]


@dataclass(frozen=True)
class UpdateSummary:
    """What an update did to one catalog."""

    added: int = 0
    kept: int = 0
    fuzzy: int = 0
    obsoleted: int = 0
    from_memory: int = 0


def update_catalog(
    old: Catalog | None,
    template: Catalog,
    *,
    header: dict[str, str],
    similarity: float = DEFAULT_SIMILARITY,
    keep_whitespace_edits: bool = False,
) -> tuple[Catalog, UpdateSummary]:
    """Merge ``old`` into ``template``; give the updated catalog and what changed."""
    previous = {entry.key: entry for entry in (old.entries if old else [])}
    wanted = {entry.key for entry in template.entries}
    # Entries whose source is gone are the ones a changed unit most likely came from.
    gone = [entry for entry in previous.values() if entry.key not in wanted]
    translated = {entry.msgid: entry for entry in gone if entry.msgstr}
    minor: dict[str, Entry] = {}
    for entry in translated.values():
        minor.setdefault(_typographic(entry.msgid), entry)
    untranslated = {entry.msgid: entry for entry in gone if not entry.msgstr and entry.id}
    ids = _Ids(entry.id for entry in previous.values() if entry.key in wanted)
    entries: list[Entry] = []
    added = kept = fuzzy = 0
    for fresh in template.entries:
        prior = previous.get(fresh.key)
        if prior is not None and prior.msgstr:
            entries.append(_carry(fresh, prior).with_(id=prior.id or fresh.id))
            kept += 1
            continue
        edited = minor.get(_typographic(fresh.msgid)) if minor else None
        if edited is not None:
            keep = (
                keep_whitespace_edits
                and not edited.fuzzy
                and edit_kind(edited.msgid, fresh.msgid) == "whitespace"
            )
            entries.append(
                fresh.with_(
                    msgstr=edited.msgstr,
                    fuzzy=not keep,
                    previous=None if keep else edited.msgid,
                    # A changed source resets the revision steps (kept for a whitespace edit).
                    comments=edited.comments if keep else without_review(edited.comments),
                    id=ids.inherit(edited.id, fresh.id),
                )
            )
            kept += keep
            fuzzy += not keep
            continue
        match = _closest(fresh.msgid, translated, similarity)
        if match is not None:
            entries.append(
                fresh.with_(
                    msgstr=match.msgstr,
                    fuzzy=True,
                    previous=match.msgid,
                    comments=without_review(match.comments),
                    id=ids.inherit(match.id, fresh.id),
                )
            )
            fuzzy += 1
            continue
        if prior is not None:
            entries.append(fresh.with_(comments=prior.comments, id=prior.id or fresh.id))
        else:
            # An edited unit nobody had translated yet keeps its identity too, so that work
            # sent out before the edit can still be recognised when it comes back.
            edited = _closest(fresh.msgid, untranslated, similarity)
            id_ = ids.inherit(edited.id if edited else None, fresh.id)
            entries.append(fresh if id_ == fresh.id else fresh.with_(id=id_))
        added += 1
    obsolete = [entry.with_(obsolete=True, notes=(), locations=()) for entry in translated.values()]
    newly = sum(1 for entry in obsolete if not previous[entry.key].obsolete)
    summary = UpdateSummary(added, kept, fuzzy, newly)
    return Catalog(dict(header), entries + obsolete), summary


class _Ids:
    """Hand out identities so that no two entries of a catalog share one."""

    def __init__(self, taken: Iterable[str | None]) -> None:
        self.taken = {id_ for id_ in taken if id_}

    def inherit(self, old: str | None, new: str | None) -> str | None:
        chosen = old if old and old not in self.taken else new
        if chosen:
            self.taken.add(chosen)
        return chosen


def _carry(fresh: Entry, prior: Entry) -> Entry:
    """Keep the translation, its state and the translators' comments and flags."""
    return fresh.with_(
        msgstr=prior.msgstr,
        fuzzy=prior.fuzzy,
        previous=prior.previous if prior.fuzzy else None,
        comments=prior.comments,
        flags=prior.flags,
    )


def edit_kind(old: str, new: str) -> Edit | None:
    """Say whether an edit is minor: whitespace only, or typography and trailing punctuation.

    >>> edit_kind("Tel.: +41 22", "Tel.:\u00a0+41 22"), edit_kind("Note to editors", "Note:")
    ('whitespace', None)
    >>> edit_kind("Note to editors", "Note to editors:")
    'minor'
    >>> edit_kind("the world's roads", "the world’s roads"), edit_kind("1990-2000", "1990–2000")
    ('minor', 'minor')
    >>> edit_kind("Ishekeshev", "Issekeshev") is None
    True
    """
    if old == new:
        return None
    if _SPACE.sub("", old) == _SPACE.sub("", new):
        return "whitespace"
    if _typographic(old) == _typographic(new):
        return "minor"
    return None


def _typographic(text: str) -> str:
    """Reduce a text to what a minor edit cannot change."""
    return _TRAILING.sub("", _SPACE.sub("", text.translate(_TYPOGRAPHY)))


def _closest(msgid: str, candidates: dict[str, Entry], similarity: float) -> Entry | None:
    if not candidates:
        return None
    best = process.extractOne(msgid, list(candidates), scorer=fuzz.ratio, score_cutoff=similarity)
    return None if best is None else candidates[best[0]]
