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
    # Translations whose source is gone are the ones a changed unit most likely came from.
    orphans = {
        entry.msgid: entry
        for entry in previous.values()
        if entry.key not in wanted and entry.msgstr
    }
    entries: list[Entry] = []
    added = kept = fuzzy = 0
    for fresh in template.entries:
        prior = previous.get(fresh.key)
        if prior is not None and prior.msgstr:
            entries.append(_carry(fresh, prior))
            kept += 1
            continue
        match = _closest(fresh.msgid, orphans, similarity)
        if match is not None:
            entries.append(
                fresh.with_(
                    msgstr=match.msgstr,
                    fuzzy=True,
                    previous=match.msgid,
                    comments=match.comments,
                )
            )
            fuzzy += 1
            continue
        comments = prior.comments if prior is not None else ()
        entries.append(fresh.with_(comments=comments))
        added += 1
    obsolete = [
        entry.with_(obsolete=True, notes=(), locations=())
        for entry in previous.values()
        if entry.key not in wanted and entry.msgstr
    ]
    newly = sum(1 for entry in obsolete if not previous[entry.key].obsolete)
    summary = UpdateSummary(added, kept, fuzzy, newly)
    return Catalog(dict(header), entries + obsolete), summary


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
