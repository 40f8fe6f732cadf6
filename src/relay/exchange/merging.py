"""Merge a returned package into a catalog, unit by unit, losing nothing.

Takes the current catalog of a release and language and the package a translator returned;
gives the updated catalog and one :class:`Outcome` per unit of the package:

- **applied**: the unit's source is current and its translation was taken, with its state
  (a translator's "needs review" stays fuzzy);
- **unchanged**: nothing to take (no translation, or the same one);
- **stale**: the source changed since the export; the translation is kept as a fuzzy
  suggestion with the source it was made for, never as approved work;
- **conflict**: our catalog holds a different translation that did not come from this
  export; ours is kept unless ``prefer_theirs``;
- **unknown**: no such unit any more; ignored;
- **broken**: placeholders missing, repeated, invented or badly nested, markup typed in by
  hand, or what the reader found wrong (tracked changes, a malformed escape), or a control
  character no catalog can hold; not applied.

A unit the returned file marks ``translate="no"`` (a CAT tool locked it) is merged like any
other, its outcome saying it came back locked: relay exported it for translation, so what it
holds is the translator's. One that is not relay's and holds no translation (a tool's own
unit for the tags between segments) is passed over.

A unit is found by its id and its source is then checked, as Okapi merges: an id alone could
carry a translation onto a sentence it was not made for; a unit with a gettext context is
only ever the entry with that context. A translation is made gettext-ready first (its leading
and trailing line breaks matched to the source's, said in the detail). An applied unit is
fuzzy (``review``) when the tool said so, when the reader found an unfinished segment, or when
it is written in another script than the language's. The translator's notes are kept as
``# translator note:`` comments (counted in ``notes``), and a stale translation beside ours as
one escaped comment line: nothing a returned file holds can become a ``relay-ignore:`` line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from typing import Literal

from rapidfuzz import fuzz, process

from relay.catalogs.catalog import (
    PREVIOUS_BY_PREFIX,
    PREVIOUS_PREFIX,
    Catalog,
    Entry,
    Review,
    fingerprint,
    level_rank,
    made_by,
    review_of,
    without_review,
)
from relay.core.model import Code
from relay.core.placeholders import problems, strip
from relay.exchange.package import DONE, ExchangeUnit, Package, base_of
from relay.exchange.returned import (
    expected_script,
    foreign_script,
    gettext_ready,
    known_note,
    note_line,
    one_line,
)

Kind = Literal["applied", "unchanged", "stale", "conflict", "unknown", "broken"]
KINDS: tuple[Kind, ...] = ("applied", "unchanged", "stale", "conflict", "unknown", "broken")
STALE_SIMILARITY = 75.0
LOCKED = 'locked (translate="no") in the returned file'

_TYPED_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|&[A-Za-z]+;|&#\w+;")


@dataclass(frozen=True, slots=True)  # an import keeps one per unit: no dict each
class Outcome:
    kind: Kind
    unit: str
    source: str
    detail: str = ""
    review: bool = False  # applied (or taken over ours) but fuzzy: a reviewer must look
    notes: int = 0  # the translator's notes on the unit that the catalog did not hold yet
    # The step the file claimed for the unit beyond what a returned file can bring it to
    # (see :meth:`_Step.level`): reported, not taken.
    claimed: str = ""


def ceiling(package: Package, reached: str | None) -> str:
    """How far a returned file can take a unit by its own state: as far as it was sent for
    ("translated"; "revised" when it was exported for revision), or as the coordinator says
    (``relay import --state``)."""
    sent = "revised" if package.step == "revision" else "translated"
    return max(sent, reached or "translated", key=level_rank)


def merge(
    catalog: Catalog,
    package: Package,
    *,
    prefer_theirs: bool = False,
    origin: str = "",
    lang: str = "",
    by: str = "",
    on: str = "",
    reached: str | None = None,
) -> tuple[Catalog, list[Outcome]]:
    """Apply ``package`` to ``catalog``; give the new catalog and what happened to each unit.

    A done unit reaches the level its file says ("revised", "approved"), at least "revised"
    when the file was exported for revision, and at least ``reached`` (``relay import
    --state``); at most as far as the file was sent for ("translated", "revised" when it was
    exported for revision) or ``reached`` says (a claim beyond is reported in its outcome's
    ``claimed``, not taken); the step is recorded with who took it and when: ``by`` (``relay import
    --by``), else who the unit's tool says changed it last, else the file's translator; the
    unit's own date, else ``on``, else the file's revision date (see :class:`Review`). A
    translation taken as "translated" records its translator the same way, when one is
    known, so that a reviser's change later credits the version it replaced to the person
    who made it (``relay-previous-by``), not to whoever the catalog's header names then.
    """
    header = dict(package.translator)
    step = _Step(
        floor="revised" if package.step == "revision" else "translated",
        reached=reached or "translated",
        ceiling=ceiling(package, reached),
        by=one_line(by),
        on=on,
        file_by=one_line(_named(header.get("Last-Translator", ""))),
        file_on=header.get("PO-Revision-Date", "")[:10],
    )
    entries = list(catalog.entries)
    position = {id(entry): index for index, entry in enumerate(entries)}
    by_id = {entry.id: entry for entry in entries if entry.id and not entry.obsolete}
    by_key = {entry.key: entry for entry in entries if not entry.obsolete}
    by_source = {entry.msgid: entry for entry in entries if not entry.obsolete}
    outcomes: list[Outcome] = []
    # A unit the file gives twice, translated two ways (a PO file edited by hand, two files
    # pasted together): which one the translator meant is not relay's to guess. The first
    # was applied and the second reported as a conflict with it ("kept ours").
    twice = _translated_twice(package.units)
    reported: set[_Given] = set()

    def replace(old: Entry, new: Entry) -> None:
        index = position.pop(id(old))
        entries[index] = new
        position[id(new)] = index
        by_source[new.msgid] = new
        by_key[new.key] = new
        if new.id:
            by_id[new.id] = new

    for unit in package.units:
        if (key := _given_as(unit)) in twice:
            if key not in reported:
                reported.add(key)
                outcomes.append(Outcome("broken", unit.id, unit.source, twice[key]))
            continue
        entry: Entry | None = by_id.get(unit.id) or by_key.get((unit.context, unit.source))
        if entry is None and unit.locked and not unit.target:
            # A tool's own locked unit (Trados keeps the tags between segments so): not one
            # of ours, and nothing returned in it.
            continue
        if entry is not None and entry.context != unit.context:
            entry = None  # the id copied onto a twin of the unit, with a context of its own
        if entry is None and unit.context is not None:
            # A msgctxt twin of a unit is not that unit: never matched by its text alone.
            detail = f"no such unit (its context {unit.context!r} is not in the catalog)"
            outcomes.append(Outcome("unknown", unit.id, unit.source, detail))
            continue
        if entry is None:
            entry = by_source.get(unit.source) if unit.target else None
        noted = 0
        if unit.queries:
            if entry is None:
                entry = _successor(unit, by_source)
            if entry is not None:
                fresh = _new_notes(entry, unit.queries)
                if fresh:
                    with_notes = entry.with_(comments=(*entry.comments, *map(note_line, fresh)))
                    replace(entry, with_notes)
                    entry, noted = with_notes, len(fresh)
        if not unit.target:
            outcomes.append(
                Outcome("unchanged", unit.id, unit.source, "no translation", notes=noted)
            )
            continue
        if entry is not None and entry.msgid == unit.source:
            outcome, updated = _merge_current(entry, unit, prefer_theirs, lang, step)
        else:
            entry = entry or _successor(unit, by_source)
            if entry is None:
                outcome, updated = Outcome("unknown", unit.id, unit.source, "no such unit"), None
            else:
                outcome, updated = _merge_stale(entry, unit, origin)
        if updated is not None and entry is not None:
            replace(entry, updated)
        if unit.locked:
            outcome = dc_replace(outcome, detail=_said_locked(outcome.detail))
        outcomes.append(dc_replace(outcome, notes=noted) if noted else outcome)
    header = dict(catalog.header)
    if package.translator and any(
        o.kind == "applied" or o.detail.startswith("took theirs") for o in outcomes
    ):
        header.update(package.translator)
    return Catalog(header, entries), outcomes


_Given = tuple[str | None, str, str]


def _given_as(unit: ExchangeUnit) -> _Given:
    """What names a unit in a returned file: its context, and its id or else its source (a
    twin with a context of its own is another unit, even with the id copied onto it)."""
    return (unit.context, "id", unit.id) if unit.id else (unit.context, "source", unit.source)


def _translated_twice(units: Sequence[ExchangeUnit]) -> dict[_Given, str]:
    """The units a file gives more than once with different translations, each with what is
    reported of it (the same translation twice is taken once, as it would be)."""
    targets: dict[_Given, list[ExchangeUnit]] = {}
    for unit in units:
        if unit.target:
            targets.setdefault(_given_as(unit), []).append(unit)
    found: dict[_Given, str] = {}
    for key, given in targets.items():
        if len({unit.target for unit in given}) > 1:
            where = ", ".join(
                f"line {unit.line}: {unit.target!r}" if unit.line else repr(unit.target)
                for unit in given
            )
            found[key] = (
                f"given {len(given)} times in the file with different translations ({where}):"
                " none applied; keep the one meant and import the file again"
            )
    return found


def _said_locked(detail: str) -> str:
    """An outcome's detail, saying the unit came back locked: merged as any other, since relay
    exported it for translation, but the coordinator may want to know the tool locked it."""
    return "; ".join([*([detail] if detail else []), LOCKED])


@dataclass(frozen=True)
class _Step:
    """The revision step a returned file stands for: the least level its done units reach,
    and who took it when (see :meth:`review`)."""

    floor: str
    reached: str
    # How far a unit's own state in the file can take it: as far as the file was sent for
    # (translation: translated; revision: revised), or as the coordinator says (--state). A
    # translator's tool that marks a segment "final" or "ApprovedSignOff" (Trados lets the
    # translator set it; so can anyone editing the file) passed the gate that asks for an
    # approval, which was nobody's.
    ceiling: str
    by: str  # relay import --by (empty: the unit's tool, else the file, says who)
    on: str  # the day of the import, for a file that says nothing of when
    file_by: str = ""  # the file's translator (Last-Translator, the XLIFF phase's contact)
    file_on: str = ""  # the file's revision date

    def level(self, unit: ExchangeUnit, entry: Entry, target: str) -> str:
        said = self.said(unit, entry, target)
        taken = min(said, self.ceiling, key=level_rank)
        return max(taken, self.floor, self.reached, key=level_rank)

    def said(self, unit: ExchangeUnit, entry: Entry, target: str) -> str:
        """The step the unit's own state in the file claims."""
        said = unit.state if unit.state in ("revised", "approved") else "translated"
        if target != entry.msgstr and level_rank(said) <= level_rank(entry.level):
            # The state relay exported, left on a unit the translator then changed (a PO
            # editor keeps the "# relay-state:" comment): not a new revision step.
            said = "translated"
        return said

    def claimed(self, unit: ExchangeUnit, entry: Entry, target: str) -> str:
        """The step the file claimed beyond :attr:`ceiling` ("" if none): not taken."""
        said = self.said(unit, entry, target)
        if level_rank(said) <= level_rank(self.ceiling):
            return ""
        if target == entry.msgstr and level_rank(said) <= level_rank(entry.level):
            return ""  # the state relay exported, sent back on the same translation
        return said

    def review(self, level: str, target: str, unit: ExchangeUnit) -> Review:
        """The step taken on ``unit``: who (``--by``, the unit's tool, the file), and when
        (the unit's tool, the file, the day of the import)."""
        by = self.by or one_line(_named(unit.by)) or self.file_by
        on = next((day for day in (unit.on, self.file_on, self.on) if _DAY.fullmatch(day)), "")
        return Review(level, by, on, fingerprint(target))


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _named(who: str) -> str:
    """Who a file or tool names, unless it is a template's placeholder (``FULL NAME``)."""
    who = who.strip()
    return "" if "FULL NAME" in who else who


def _reviewed(
    entry: Entry, ours: str, target: str, level: str, step: _Step, unit: ExchangeUnit
) -> Entry:
    """An entry's comments after a done translation came in at ``level``: the states reset
    when the translation changed, the new step recorded, and the translator's version kept
    (one escaped line, with who made it) when a reviser changed it."""
    if level == "fuzzy":
        return entry.with_(comments=without_review(entry.comments))
    review = step.review(level, target, unit)
    if level == "translated":
        if target == ours and not entry.fuzzy:
            return entry
        # A new translation (or a fuzzy one confirmed): its steps start again, with who made
        # it when the file or --by says, so that a reviser's change can credit them.
        made = (review.comment(),) if review.by else ()
        return entry.with_(comments=(*without_review(entry.comments), *made))
    kept = [
        line for line in entry.comments if line.startswith((PREVIOUS_PREFIX, PREVIOUS_BY_PREFIX))
    ]
    if target != ours and ours and not entry.fuzzy and entry.level == "translated":
        kept = [PREVIOUS_PREFIX + one_line(ours)]  # the translator's version, as revised
        # Credited to whoever made that version, as its own step says; never to the
        # catalog's Last-Translator, who may have translated other units, or none.
        author = made_by(entry)
        if author is not None and author.by:
            kept.append(PREVIOUS_BY_PREFIX + author.by)
    elif target != ours and entry.level not in ("revised", "approved"):
        kept = []
    # The steps before this one stay, as a history (translated by one, revised by another,
    # approved by a third).
    earlier = [
        line
        for line in entry.comments
        if (found := review_of((line,))) is not None and level_rank(found.level) < level_rank(level)
    ]
    new = review.comment()
    return entry.with_(comments=(*without_review(entry.comments), *kept, *earlier, new))


def _new_notes(entry: Entry, queries: tuple[str, ...]) -> list[str]:
    fresh: list[str] = []
    for query in queries:
        if not known_note(entry.comments, query) and query.strip() not in fresh:
            fresh.append(query.strip())
    return fresh


def _refused(unit: ExchangeUnit, source: str) -> tuple[str, list[str], list[str]]:
    """The translation as a catalog can hold it, what was fixed, and why it cannot be taken."""
    if unit.problems:
        return unit.target, [], list(unit.problems)
    target, fixes, problems = gettext_ready(unit.target, source)
    return target, fixes, problems or broken(target, source)


def _merge_current(
    entry: Entry, unit: ExchangeUnit, prefer_theirs: bool, lang: str, step: _Step
) -> tuple[Outcome, Entry | None]:
    target, fixes, wrong = _refused(unit, entry.msgid)
    if wrong:
        return Outcome("broken", unit.id, unit.source, "; ".join(wrong)), None
    reasons = list(unit.review)
    script = foreign_script(target, entry.msgid, lang) if lang else None
    if script:
        reasons.append(f"written in {script} script, not the {expected_script(lang)} of {lang}")
    fuzzy = unit.state not in DONE or bool(reasons)
    level = "fuzzy" if fuzzy else step.level(unit, entry, target)
    claimed = "" if fuzzy else step.claimed(unit, entry, target)
    if target == entry.msgstr and fuzzy == entry.fuzzy:
        if fuzzy or level_rank(level) <= level_rank(entry.level):
            return Outcome("unchanged", unit.id, unit.source, claimed=claimed), None
        # The same translation, a step further: revised or approved as it is.
        updated = _reviewed(entry, entry.msgstr, target, level, step, unit)
        outcome = Outcome("applied", unit.id, unit.source, f"{level} as it was", claimed=claimed)
        return outcome, updated
    ours = entry.msgstr
    ours_untouched = unit.base is not None and base_of(ours) == unit.base
    if ours and not ours_untouched and target != ours:
        if unit.base is not None and base_of(target) == unit.base:
            # The translator sent back what we had; ours is newer.
            return Outcome("unchanged", unit.id, unit.source, "ours is newer"), None
        if not prefer_theirs:
            return Outcome("conflict", unit.id, unit.source, f"kept ours: {ours!r}"), None
        detail = f"took theirs over {ours!r}"
    else:
        detail = ""
    if fuzzy:
        review = "needs review" + (": " + "; ".join(reasons) if reasons else "")
        detail = f"{detail}; {review}" if detail else review
    if fixes:
        detail = "; ".join([*([detail] if detail else []), *fixes])
    if level in ("revised", "approved"):
        detail = "; ".join([*([detail] if detail else []), f"{level} with changes"])
    updated = _reviewed(entry, ours, target, level, step, unit).with_(
        msgstr=target, fuzzy=fuzzy, previous=None if not fuzzy else entry.previous
    )
    kind: Kind = "conflict" if detail.startswith("took theirs") else "applied"
    outcome = Outcome(kind, unit.id, unit.source, detail, review=fuzzy, claimed=claimed)
    return outcome, updated


def _merge_stale(entry: Entry, unit: ExchangeUnit, origin: str) -> tuple[Outcome, Entry | None]:
    """Keep a translation made for an older source as a suggestion, never as approved."""
    target, _, wrong = _refused(unit, unit.source)
    if wrong:
        return Outcome("broken", unit.id, unit.source, "; ".join(wrong)), None
    note = f"now {entry.msgid!r}"
    if entry.msgstr and not entry.fuzzy:
        # One escaped line: nothing a returned file says may become a comment line of its own
        # (a "relay-ignore:" directive is read from the start of a line).
        where = f" from {one_line(origin)}" if origin else ""
        suggestion = f"relay: stale suggestion{where}: {one_line(target)}"
        if suggestion in entry.comments:
            return Outcome("stale", unit.id, unit.source, note + "; already kept"), None
        updated = entry.with_(comments=(*entry.comments, suggestion))
        return Outcome(
            "stale", unit.id, unit.source, note + "; ours kept, theirs in a comment"
        ), updated
    if broken(target, entry.msgid) or gettext_ready(target, entry.msgid)[1]:
        # Kept as a fuzzy msgstr, it must still suit the current source's placeholders and
        # line breaks (msgfmt --check): else it is a suggestion in a comment.
        where = f" from {one_line(origin)}" if origin else ""
        suggestion = f"relay: stale suggestion{where}: {one_line(target)}"
        if suggestion in entry.comments:
            return Outcome("stale", unit.id, unit.source, note + "; already kept"), None
        updated = entry.with_(comments=(*entry.comments, suggestion))
        return Outcome("stale", unit.id, unit.source, note + "; theirs in a comment"), updated
    updated = entry.with_(
        msgstr=target, fuzzy=True, previous=unit.source, comments=without_review(entry.comments)
    )
    return Outcome("stale", unit.id, unit.source, note + "; kept as a fuzzy suggestion"), updated


def _successor(unit: ExchangeUnit, by_source: dict[str, Entry]) -> Entry | None:
    """Find the unit a changed source became: by its recorded previous source, or similarity."""
    for entry in by_source.values():
        if entry.previous == unit.source:
            return entry
    best = process.extractOne(
        unit.source, list(by_source), scorer=fuzz.ratio, score_cutoff=STALE_SIMILARITY
    )
    return None if best is None else by_source[best[0]]


def broken(translation: str, source: str) -> list[str]:
    """Say what is wrong with a translation's placeholders and markup, against its source."""
    codes = tuple(
        Code(int(number), "empty" if slash else "pair", ())
        for number, slash in re.findall(r"<(\d+)(/?)>", source)
    )
    found = problems(translation, codes)
    typed = set(_TYPED_MARKUP.findall(strip(translation))) - set(
        _TYPED_MARKUP.findall(strip(source))
    )
    if typed:
        found.append("markup typed in by hand: " + ", ".join(sorted(typed)))
    return found


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    return {kind: sum(1 for outcome in outcomes if outcome.kind == kind) for kind in KINDS}


def needs_review(outcomes: list[Outcome]) -> int:
    """How many applied units came in fuzzy (a reviewer must look at them)."""
    return sum(1 for outcome in outcomes if outcome.kind == "applied" and outcome.review)


def notes_added(outcomes: list[Outcome]) -> int:
    return sum(outcome.notes for outcome in outcomes)
