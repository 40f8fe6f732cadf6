"""Bring a language's catalog up to date with its template, losing nothing translators wrote.

Takes the old catalog (or none) and the new template; gives the new catalog, as ``msgmerge
--previous`` would: unchanged units keep their translations; a changed unit becomes fuzzy
with its old translation and its previous source (``#| msgid``); a unit that disappears
becomes obsolete (``#~``), never deleted, and comes back if its source does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from relay.catalog import Catalog, Entry

DEFAULT_SIMILARITY = 75.0


@dataclass(frozen=True)
class UpdateSummary:
    """What an update did to one catalog."""

    added: int = 0
    kept: int = 0
    fuzzy: int = 0
    obsoleted: int = 0


def update_catalog(
    old: Catalog | None,
    template: Catalog,
    *,
    header: dict[str, str],
    similarity: float = DEFAULT_SIMILARITY,
) -> tuple[Catalog, UpdateSummary]:
    """Merge ``old`` into ``template``; give the updated catalog and what changed."""
    previous = {entry.key: entry for entry in (old.entries if old else [])}
    wanted = {entry.key for entry in template.entries}
    # Entries whose source is gone are the ones a changed unit most likely came from.
    gone = [entry for entry in previous.values() if entry.key not in wanted]
    translated = {entry.msgid: entry for entry in gone if entry.msgstr}
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
        match = _closest(fresh.msgid, translated, similarity)
        if match is not None:
            entries.append(
                fresh.with_(
                    msgstr=match.msgstr,
                    fuzzy=True,
                    previous=match.msgid,
                    comments=match.comments,
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
            entries.append(fresh.with_(id=ids.inherit(edited.id if edited else None, fresh.id)))
        added += 1
    obsolete = [
        entry.with_(obsolete=True, notes=(), locations=()) for entry in translated.values()
    ]
    newly = sum(1 for entry in obsolete if not previous[entry.key].obsolete)
    summary = UpdateSummary(added, kept, fuzzy, newly)
    return Catalog(dict(header), entries + obsolete), summary


class _Ids:
    """Hand out identities so that no two entries of a catalog share one."""

    def __init__(self, taken: object) -> None:
        self.taken = {id_ for id_ in taken if id_}  # type: ignore[attr-defined]

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


def _closest(msgid: str, candidates: dict[str, Entry], similarity: float) -> Entry | None:
    if not candidates:
        return None
    best = process.extractOne(msgid, list(candidates), scorer=fuzz.ratio, score_cutoff=similarity)
    return None if best is None else candidates[best[0]]
