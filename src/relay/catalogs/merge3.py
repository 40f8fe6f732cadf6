"""Merge three versions of a catalog unit by unit, as git's merge driver for PO files.

Takes the common ancestor (``base``, or None when both branches added the file), ``ours`` (the
branch being merged into) and ``theirs`` (the branch merged in); gives the merged
:class:`~relay.catalogs.catalog.Catalog` and the list of :class:`Decision` objects saying what
was decided where both branches changed the same thing. Nothing is printed or written here.

A unit is the same unit on every branch when it has the same identity: its ``#. id:`` (which
survives a source edit, :mod:`relay.catalogs.update`), else its context and source text. Each
part of a unit merges three-way on its own: the source side (msgid, context, extracted notes,
references) as ``relay extract`` left it, the translation (msgstr with its fuzzy state and
``#|`` previous msgid, together, so that an approval never passes to a text nobody approved),
the translators' comments and the flags. Where both branches translated a unit differently,
ours is kept, marked fuzzy, and theirs is kept in a translator comment naming both branches:
the file stays a valid catalog and nothing is published until a reviewer chooses. A translation
made for a source text that the other branch edited becomes fuzzy with that text as ``#|``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TypeVar

from relay.catalogs.catalog import Catalog, Entry

T = TypeVar("T")
Identity = tuple[str, ...]
MERGE_NOTE = "relay merge:"
# Header fields whose newer value wins when both branches changed them.
_DATED = ("PO-Revision-Date", "POT-Creation-Date")
# Fields that describe the revision the newer PO-Revision-Date belongs to.
_WITH_REVISION = ("Last-Translator", "Language-Team", "X-Generator")
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)([+-]\d\d)(\d\d)")


@dataclass(frozen=True)
class Decision:
    """What the merge chose where both branches changed the same thing."""

    kind: str  # "translation", "header", "kept-deleted", "duplicate", "source"
    msgid: str
    context: str | None
    detail: str


@dataclass(frozen=True)
class Labels:
    """How the branches are named in the comments a conflict leaves."""

    ours: str = "ours"
    theirs: str = "theirs"


def merge_catalogs(
    base: Catalog | None, ours: Catalog, theirs: Catalog, *, labels: Labels | None = None
) -> tuple[Catalog, list[Decision]]:
    """Merge ``theirs`` into ``ours`` given their common ancestor ``base``."""
    labels = labels or Labels()
    base = base or Catalog()
    decisions: list[Decision] = []
    base_ids = _identities(base, None)
    ours_ids = _identities(ours, base)
    theirs_ids = _identities(theirs, base)
    b_map = dict(zip(base_ids, base.entries, strict=True))
    o_map = dict(zip(ours_ids, ours.entries, strict=True))
    t_map = dict(zip(theirs_ids, theirs.entries, strict=True))
    order = _order(base_ids, ours_ids, theirs_ids, ours, theirs, base)
    merged: list[Entry] = []
    for identity in order:
        entry = _merge_entry(
            b_map.get(identity), o_map.get(identity), t_map.get(identity), labels, decisions
        )
        if entry is not None:
            merged.append(entry)
    kept, dropped = _unique(
        [e for e in merged if not e.obsolete] + [e for e in merged if e.obsolete]
    )
    decisions.extend(dropped)
    header = _merge_header(base.header, ours.header, theirs.header, decisions)
    return Catalog(header, kept), decisions


def _identities(catalog: Catalog, base: Catalog | None) -> list[Identity]:
    """Name every entry of a catalog by its identity, unique within the catalog.

    An entry with an id is that id while it is active; an obsolete entry loses its id in the
    file (gettext keeps no extracted comments on those), so it takes the id of the base entry
    with its source text, when this branch has no active entry of that id (the unit was made
    obsolete here).
    """
    by_key: dict[tuple[str | None, str], Identity] = {}
    if base is not None:
        for entry, identity in zip(base.entries, _identities(base, None), strict=True):
            by_key.setdefault(entry.key, identity)
    taken: set[Identity] = set()
    names: list[Identity | None] = [None] * len(catalog.entries)
    for number, entry in enumerate(catalog.entries):
        if entry.id and not entry.obsolete and ("id", entry.id) not in taken:
            names[number] = ("id", entry.id)
            taken.add(("id", entry.id))
    for number, entry in enumerate(catalog.entries):
        if names[number] is not None:
            continue
        candidates: list[Identity] = []
        if entry.key in by_key:
            candidates.append(by_key[entry.key])
        candidates.append(("key", entry.context or "", entry.msgid, "1" if entry.context else ""))
        candidates.append(("key", entry.context or "", entry.msgid, str(number)))
        chosen = next(c for c in candidates if c not in taken)
        names[number] = chosen
        taken.add(chosen)
    return [name for name in names if name is not None]


def _order(
    base_ids: list[Identity],
    ours_ids: list[Identity],
    theirs_ids: list[Identity],
    ours: Catalog,
    theirs: Catalog,
    base: Catalog,
) -> list[Identity]:
    """The merged order: the branch that changed which units there are, or their order
    (``relay extract`` after a source edit), leads when the other did not; the other's new
    units follow their predecessors there."""
    base_active = _active_ids(base_ids, base)
    ours_moved = _active_ids(ours_ids, ours) != base_active
    theirs_moved = _active_ids(theirs_ids, theirs) != base_active
    spine, other = (
        (theirs_ids, ours_ids) if theirs_moved and not ours_moved else (ours_ids, theirs_ids)
    )
    order = list(spine)
    present = set(order)
    for number, identity in enumerate(other):
        if identity in present:
            continue
        after = next((other[n] for n in range(number - 1, -1, -1) if other[n] in present), None)
        order.insert(0 if after is None else order.index(after) + 1, identity)
        present.add(identity)
    return order


def _active_ids(ids: list[Identity], catalog: Catalog) -> list[Identity]:
    return [i for i, entry in zip(ids, catalog.entries, strict=True) if not entry.obsolete]


def _three(base: T, ours: T, theirs: T) -> tuple[T, bool]:
    """The three-way merge of one value; True when both branches changed it differently."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _merge_entry(
    base: Entry | None,
    ours: Entry | None,
    theirs: Entry | None,
    labels: Labels,
    decisions: list[Decision],
) -> Entry | None:
    if ours is None or theirs is None:
        present = ours if ours is not None else theirs
        if present is None or (base is not None and present == base):
            return None  # deleted on both branches, or on one and left alone on the other
        if base is not None:
            side = labels.ours if ours is not None else labels.theirs
            decisions.append(
                Decision(
                    "kept-deleted",
                    present.msgid,
                    present.context,
                    f"deleted on one branch, changed on {side}: kept",
                )
            )
        return present
    start = base if base is not None else Entry(msgid="", id=None)
    msgid, clash_id = _three(start.msgid, ours.msgid, theirs.msgid)
    context, clash_ctx = _three(start.context, ours.context, theirs.context)
    if clash_id or clash_ctx:
        decisions.append(
            Decision("source", ours.msgid, ours.context, f"source differs: kept {labels.ours}'s")
        )
    notes, _ = _three(start.notes, ours.notes, theirs.notes)
    locations, _ = _three(start.locations, ours.locations, theirs.locations)
    id_, _ = _three(start.id, ours.id, theirs.id)
    obsolete, _ = _three(start.obsolete, ours.obsolete, theirs.obsolete)
    flags = _merge_set(start.flags, ours.flags, theirs.flags)
    comments, clash = _three(start.comments, ours.comments, theirs.comments)
    if clash:
        comments = (*ours.comments, *(c for c in theirs.comments if c not in ours.comments))
    source, msgstr, fuzzy, previous, conflict = _merge_translation(base, ours, theirs)
    if conflict is not None:
        kept_label = labels.ours if source is ours else labels.theirs
        other_label = labels.theirs if source is ours else labels.ours
        note = (
            f"{MERGE_NOTE} translated differently on {labels.ours} and {labels.theirs};"
            f" kept {kept_label}'s, {other_label}'s was {json.dumps(conflict, ensure_ascii=False)}"
        )
        comments = (*(c for c in comments if c != note), note)
        decisions.append(
            Decision("translation", msgid, context, f"kept {kept_label}'s, {other_label}'s noted")
        )
    vouched = {
        side.msgid
        for side in (ours, theirs)
        if conflict is None
        and (side.msgstr, side.fuzzy, side.previous) == (msgstr, fuzzy, previous)
    }
    if msgstr and source.msgid != msgid and msgid not in vouched:
        # The translation was made for the source text as it was on its branch: the other
        # branch edited it since, so it is to be reviewed, showing what it was made for.
        # (Unless a branch holds this very translation, in this state, for the merged text:
        # extract keeps a whitespace-only edit approved.)
        fuzzy = True
        previous = source.previous if source.fuzzy and source.previous else source.msgid
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        context=context,
        fuzzy=fuzzy,
        previous=previous,
        notes=notes,
        locations=locations,
        comments=comments,
        flags=flags,
        obsolete=obsolete,
        id=id_,
    )


def _merge_translation(
    base: Entry | None, ours: Entry, theirs: Entry
) -> tuple[Entry, str, bool, str | None, str | None]:
    """Merge msgstr, fuzzy and previous as one: give the entry the translation came from, the
    three values, and the other branch's text when both translated differently."""

    def triple(entry: Entry | None) -> tuple[str, bool, str | None] | None:
        return None if entry is None else (entry.msgstr, entry.fuzzy, entry.previous)

    start, mine, other = triple(base), triple(ours), triple(theirs)
    assert mine is not None and other is not None
    if mine == other or other == start:
        return ours, *mine, None
    if mine == start:
        return theirs, *other, None
    base_text = base.msgstr if base is not None else None
    if ours.msgstr == theirs.msgstr:  # both changed only the state: the safer one
        fuzzy = ours.fuzzy or theirs.fuzzy
        previous = ours.previous if ours.fuzzy else theirs.previous
        return ours, ours.msgstr, fuzzy, previous, None
    if theirs.msgstr == base_text or not theirs.msgstr:
        return ours, *mine, None  # only ours re-translated (theirs changed the state)
    if ours.msgstr == base_text or not ours.msgstr:
        return theirs, *other, None
    # Both translated it, differently: ours stays (it is the branch being merged into, where
    # the merge is being made and reviewed), to be reviewed; theirs is kept in a comment.
    return ours, ours.msgstr, True, ours.previous, theirs.msgstr


def _merge_set(
    base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    merged = [flag for flag in (*ours, *theirs) if flag not in removed]
    return tuple(dict.fromkeys(merged))


def _unique(entries: list[Entry]) -> tuple[list[Entry], list[Decision]]:
    """Keep one entry per source text and context (gettext refuses two): the first, which is
    the active one when an obsolete entry came back."""
    seen: dict[tuple[str | None, str], int] = {}
    kept: list[Entry] = []
    dropped: list[Decision] = []
    for entry in entries:
        if entry.key not in seen:
            seen[entry.key] = len(kept)
            kept.append(entry)
            continue
        first = kept[seen[entry.key]]
        if not first.msgstr and entry.msgstr and not entry.obsolete:
            kept[seen[entry.key]] = entry
            first, entry = entry, first
        if entry.msgstr and entry.msgstr != first.msgstr and not entry.obsolete:
            dropped.append(
                Decision(
                    "duplicate",
                    entry.msgid,
                    entry.context,
                    f"two units with one source text: dropped the translation"
                    f" {json.dumps(entry.msgstr, ensure_ascii=False)}",
                )
            )
    return kept, dropped


def _merge_header(
    base: dict[str, str], ours: dict[str, str], theirs: dict[str, str], decisions: list[Decision]
) -> dict[str, str]:
    """Merge field by field; where both changed one, the newer dates and the revision that
    goes with the newer PO-Revision-Date win, and ours otherwise."""
    newer_theirs = _later(theirs.get("PO-Revision-Date"), ours.get("PO-Revision-Date"))
    merged: dict[str, str] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        start, mine, other = base.get(key), ours.get(key), theirs.get(key)
        value, clash = _three(start, mine, other)
        if clash:
            if key in _DATED:
                value = other if _later(other, mine) else mine
            elif key in _WITH_REVISION:
                value = other if newer_theirs else mine
            decisions.append(Decision("header", "", None, f"{key}: kept {value!r}"))
        if value is not None:
            merged[key] = value
    return merged


def _later(first: str | None, second: str | None) -> bool:
    """Whether gettext date ``first`` is later than ``second`` (an unreadable one is older)."""
    return _moment(first) > _moment(second)


def _moment(text: str | None) -> dt.datetime:
    match = _DATE.fullmatch((text or "").strip())
    if match is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    year, month, day, hour, minute, zone_hours, zone_minutes = match.groups()
    sign = -1 if zone_hours.startswith("-") else 1
    offset = dt.timedelta(hours=int(zone_hours), minutes=sign * int(zone_minutes))
    try:
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), tzinfo=dt.timezone(offset)
        )
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def describe(decision: Decision) -> str:
    """One line for the person running the merge."""
    text = decision.msgid
    unit = repr(text if len(text) <= 50 else text[:49] + "…") + ": " if text else ""
    return f"{decision.kind}: {unit}{decision.detail}"
