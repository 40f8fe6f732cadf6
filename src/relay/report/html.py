"""The coordinator's report: one self-contained HTML page over a project's state.

Takes plain data (:class:`ReportRow` per release × language for the status matrix,
:class:`ReleaseView` per release for its side-by-side segments); gives one HTML5 page as text:
inline CSS, no scripts, no external assets, so it can be mailed, attached or archived and still
read. Every value from the project (titles, sources, translations, findings) is untrusted and
reaches the page only as text of an lxml tree, so it can never become markup; characters a
page cannot hold (controls, noncharacters) are shown as U+FFFD. The same data gives the same
bytes: nothing depends on the clock unless the caller puts it in ``generated_for``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING

from relay.catalogs.catalog import Counts
from relay.core import cldr
from relay.core.placeholders import Tag, tokenize
from relay.core.wording import counted
from relay.exchange.notes import OpenNote

if TYPE_CHECKING:
    from lxml import etree

# lxml and rapidfuzz are imported where the page is written: a status imports this module for
# its rows, and writes no page.

GATES = ("published", "blocked", "embargoed")
SEVERITIES = ("error", "warning", "info")
REVIEWED = ("revised", "approved")
_BREAK_AFTER = (
    "head meta title style body header section h1 h2 h3 p table thead tbody tr details summary"
).split()
# What neither XML nor HTML may hold: controls (but tab and line breaks), lone surrogates and
# noncharacters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


@dataclass(frozen=True)
class FindingView:
    """A QA finding on one segment: how bad, which check, what it says."""

    severity: str
    check: str
    message: str


@dataclass(frozen=True)
class SegmentView:
    """One row of a side-by-side table: source, translation, its state, its findings."""

    source: str
    translation: str
    state: str  # "translated", "fuzzy" or "untranslated"
    findings: tuple[FindingView, ...] = ()
    # A revised or approved unit: the step ("revised by Anna on 2026-12-01"), and when the
    # reviser changed it, the translator's version and who made it.
    review: str | None = None
    previous: str | None = None
    translator: str | None = None
    reviewed_on: str | None = None  # the step's date (YYYY-MM-DD), when it was recorded


@dataclass(frozen=True)
class LanguageView:
    """A release's segments in one target language."""

    lang: str
    segments: tuple[SegmentView, ...]


@dataclass(frozen=True)
class ReleaseView:
    """A release as the report shows it below the matrix."""

    slug: str
    title: str | None
    source_lang: str
    date: dt.date | None = None
    languages: tuple[LanguageView, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One cell of the status matrix: a release in one language, in words."""

    slug: str
    lang: str
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    memory_words: int = 0
    errors: int = 0
    warnings: int = 0
    gate: str = "blocked"  # one of GATES
    reasons: tuple[str, ...] = ()
    embargo: dt.datetime | None = None
    memory_units: int = 0
    # The catalog's own counts, units and words (the words above are the gate's).
    units: Counts | None = None
    # Open translator notes, for the coordinator to answer.
    notes: tuple[OpenNote, ...] = ()
    # How far its translations went (the lowest level of its units) and the units per level.
    state: str | None = None
    levels: tuple[tuple[str, int], ...] = ()
    # What a published variant still waits for (translations below the state its gate
    # requires, in the source language meanwhile).
    waiting: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    def __reduce__(self) -> tuple[type[ReportRow], tuple[object, ...]]:
        # Pickled as its fields, made again by its class: a kept status holds 40,000 rows at
        # 20,000 releases, and a slotted dataclass's own state took twice the time, both ways.
        return (ReportRow, _ROW_FIELDS(self))


_ROW_FIELDS = attrgetter(*(f.name for f in fields(ReportRow)))


def render_report(
    rows: list[ReportRow],
    releases: list[ReleaseView],
    *,
    generated_for: str,
    since: str | None = None,
    until: str | None = None,
) -> str:
    """Write the report page: matrix, how much revisers changed per translator (the steps
    dated from ``since`` to ``until``, YYYY-MM-DD, both included; all by default), then each
    release side by side."""
    langs = list(dict.fromkeys(row.lang for row in rows))
    cells = {(row.slug, row.lang): row for row in rows}
    ordered = list(releases)
    seen = {release.slug for release in releases}
    for slug in dict.fromkeys(row.slug for row in rows):
        if slug not in seen:
            ordered.append(ReleaseView(slug, None, ""))
            seen.add(slug)

    from lxml import etree

    root = etree.Element("html", lang="en", dir="ltr")
    head = _add(root, "head")
    _add(head, "meta", charset="utf-8")
    _add(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _add(head, "meta", name="generator", content="relay")
    _add(head, "title", f"Translation report: {generated_for}")
    reviewed = any(n for row in rows for level, n in row.levels if level in REVIEWED)
    _add(head, "style", STYLE + REVISION_STYLE if reviewed else STYLE)
    body = _add(root, "body")
    header = _add(body, "header")
    _add(header, "h1", "Translation report")
    _add(header, "p", generated_for, **{"class": "for"})
    _add(header, "p", _summary(rows, len(ordered)), **{"class": "summary"})
    _matrix(body, ordered, langs, cells)
    _revision_totals(body, ordered, since, until)
    for release in ordered:
        _release(
            body, release, [cells[key] for lang in langs if (key := (release.slug, lang)) in cells]
        )
    # Line breaks between block elements only: text inside cells stays exactly as given.
    for element in root.iter(*_BREAK_AFTER):
        element.tail = element.tail or "\n"
    root.text = "\n"
    text = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return text + "\n"


def _summary(rows: list[ReportRow], releases: int) -> str:
    gates = [sum(row.gate == gate for row in rows) for gate in GATES]
    shown = ", ".join(f"{count} {gate}" for count, gate in zip(gates, GATES, strict=True))
    return f"{counted(releases, 'release')}, {counted(len(rows), 'language variant')}: {shown}."


def _matrix(
    body: etree._Element,
    releases: list[ReleaseView],
    langs: list[str],
    cells: dict[tuple[str, str], ReportRow],
) -> None:
    section = _add(body, "section", id="status", **{"aria-labelledby": "status-h"})
    _add(section, "h2", "Status", id="status-h")
    legend = _add(section, "p", "Bars: ", **{"class": "legend"})
    for css, label in (("t", "translated"), ("f", "fuzzy"), ("u", "untranslated")):
        _add(legend, "span", "", **{"class": f"key {css}", "aria-hidden": "true"})
        _add(legend, "span", f"{label} ", **{"class": "keylabel"})
    legend[-1].tail = "words; the percentage is the share of words translated and approved."
    table = _add(section, "table", **{"class": "matrix"})
    row = _add(_add(table, "thead"), "tr")
    _add(row, "th", "Release", scope="col")
    for lang in langs:
        th = _add(row, "th", "", scope="col")
        _add(th, "span", lang, **{"class": "tag"})
        _add(th, "span", _language_name(lang), **{"class": "name"})
    tbody = _add(table, "tbody")
    for release in releases:
        row = _add(tbody, "tr")
        th = _add(row, "th", "", scope="row")
        _add(th, "a", release.title or release.slug, href=f"#r-{release.slug}")
        _add(th, "span", release.slug, **{"class": "slug"})
        for lang in langs:
            cell = cells.get((release.slug, lang))
            if cell is None:
                _add(row, "td", "not in this report", **{"class": "cell none"})
            else:
                _cell(_add(row, "td", **{"class": f"cell g-{_gate(cell)}"}), cell)


def _cell(td: etree._Element, row: ReportRow) -> None:
    bar = _add(td, "div", **{"class": "bar", "aria-hidden": "true"})
    for css, words in (("t", row.translated_words), ("f", row.fuzzy_words)):
        if words:
            _add(bar, "span", "", **{"class": css, "style": f"width:{_share(words, row.words)}"})
    line = _add(td, "div", **{"class": "line"})
    _add(line, "span", _percent(row), **{"class": "pct"})
    line[-1].tail = " "
    _add(line, "span", _gate_text(row), **{"class": f"gate {_gate(row)}"})
    _add(
        td,
        "div",
        f"{row.translated_words} of {row.words} words translated, {row.fuzzy_words} fuzzy,"
        f" {row.untranslated_words} untranslated",
        **{"class": "detail"},
    )
    extra = []
    if row.memory_words:
        extra.append(f"{row.memory_words} from memory")
    extra.append(counted(row.errors, "error"))
    extra.append(counted(row.warnings, "warning"))
    if row.embargo is not None and row.gate != "embargoed":
        _add(td, "div", f"embargo until {_moment(row.embargo)}", **{"class": "detail"})
    qa = "qa bad" if row.errors else "qa warn" if row.warnings else "qa"
    _add(td, "div", ", ".join(extra), **{"class": qa})
    if row.state in ("revised", "approved"):
        _add(td, "div", f"all {row.state}", **{"class": f"detail level {row.state}"})
    elif any(n for level, n in row.levels if level in ("revised", "approved")):
        done = ", ".join(f"{n} {level}" for level, n in row.levels if level in REVIEWED and n)
        _add(td, "div", f"units {done}", **{"class": "detail level"})


def _release(body: etree._Element, release: ReleaseView, rows: list[ReportRow]) -> None:
    section = _add(body, "section", id=f"r-{release.slug}", **{"class": "release"})
    _add(section, "h2", release.title or release.slug)
    facts = [release.slug]
    if release.date:
        facts.append(release.date.isoformat())
    if release.source_lang:
        facts.append(f"source: {release.source_lang}")
    for embargo in dict.fromkeys(row.embargo for row in rows if row.embargo is not None):
        facts.append(f"embargo until {_moment(embargo)}")
    _add(section, "p", " · ".join(facts), **{"class": "facts"})
    _problems(section, release, rows)
    _notes(section, rows)
    _revisions(section, release)
    gates = {row.lang: row for row in rows}
    for view in release.languages:
        row = gates.get(view.lang)
        _side_by_side(section, release, view, open_=row is not None and row.gate == "blocked")


def _problems(section: etree._Element, release: ReleaseView, rows: list[ReportRow]) -> None:
    _add(section, "h3", "Open problems")
    items: list[tuple[str, str, list[str], str | None]] = []
    for row in rows:
        if _gate(row) == "blocked":
            items.append((row.lang, _gate_text(row), list(row.reasons), None))
        elif row.waiting:
            items.append((row.lang, "published, waiting", list(row.waiting), None))
    for view in release.languages:
        for number, segment in enumerate(view.segments, 1):
            for finding in segment.findings:
                if finding.severity in ("error", "warning"):
                    segment_anchor = _segment_id(release.slug, view.lang, number)
                    text = f"segment {number}: {finding.severity} [{finding.check}]"
                    items.append((view.lang, text, [finding.message], segment_anchor))
    if not items:
        _add(section, "p", "No open problems.", **{"class": "ok"})
        return
    ul = _add(section, "ul", **{"class": "problems"})
    for lang, what, details, anchor in items:
        li = _add(ul, "li")
        _add(li, "span", lang, **{"class": "tag"})
        li[-1].tail = " "
        if anchor:
            _add(li, "a", what, href=f"#{anchor}")
        else:
            _add(li, "strong", what)
        if len(details) == 1:
            li[-1].tail = f": {_clean(details[0])}"
        elif details:
            inner = _add(li, "ul")
            for detail in details:
                _add(inner, "li", detail)


def _notes(section: etree._Element, rows: list[ReportRow]) -> None:
    """The translators' open notes and queries (only when there are any)."""
    notes = [(row.lang, note.unit, note.source, note.text) for row in rows for note in row.notes]
    if not notes:
        return
    _add(section, "h3", "Open translator notes")
    ul = _add(section, "ul", **{"class": "notes"})
    for lang, unit, source, text in notes:
        li = _add(ul, "li")
        _add(li, "span", lang, **{"class": "tag"})
        li[-1].tail = " "
        _add(li, "strong", f"unit {unit}")
        li[-1].tail = f" ({_clean(source)}): {_clean(text)}"


def _revisions(section: etree._Element, release: ReleaseView) -> None:
    """What the revisers changed, for the translators: per language, the translator's version
    and the reviser's with the words deleted and inserted marked, the edit distance (in
    characters) per unit, and per translator (only when a reviser changed something)."""
    from rapidfuzz.distance import Levenshtein

    changed = [
        (view.lang, number, segment)
        for view in release.languages
        for number, segment in enumerate(view.segments, 1)
        if segment.previous is not None
    ]
    if not changed:
        return
    _add(section, "h3", "What the revisers changed")
    table = _add(section, "table", **{"class": "sbs revisions"})
    head = _add(_add(table, "thead"), "tr")
    columns = (
        ("n", "#"),
        ("tgt", "Translator's version"),
        ("tgt", "Revised (changes marked)"),
        ("state", "Edits"),
    )
    for css, label in columns:
        _add(head, "th", label, scope="col", **{"class": css})
    tbody = _add(table, "tbody")
    by_translator: dict[str, list[tuple[int, int]]] = {}
    for lang, number, segment in changed:
        previous = segment.previous or ""
        distance = Levenshtein.distance(previous, segment.translation)
        who = segment.translator or "translator not recorded"
        by_translator.setdefault(f"{who} [{lang}]", []).append((distance, len(previous)))
        tr = _add(tbody, "tr")
        n = _add(tr, "td", "", **{"class": "n"})
        _add(n, "span", lang, **{"class": "tag"})
        _add(n, "a", str(number), href=f"#{_segment_id(release.slug, lang, number)}")
        _add(tr, "td", previous, **_lang_attributes(lang, "tgt"))
        _diff(_add(tr, "td", **_lang_attributes(lang, "tgt")), previous, segment.translation)
        edits = _add(tr, "td", counted(distance, "character"), **{"class": "state"})
        _add(edits, "span", segment.review or "", **{"class": "slug"})
    ul = _add(section, "ul", **{"class": "notes"})
    for who, units in sorted(by_translator.items()):
        distance = sum(d for d, _ in units)
        length = sum(size for _, size in units)
        share = f"{100 * distance / length:.1f}" if length else "0"
        _add(
            ul,
            "li",
            f"{who}: {counted(len(units), 'unit')} changed by a reviser,"
            f" {counted(distance, 'character')} edited ({share}% of their text)",
        )


def _revision_totals(
    body: etree._Element, releases: list[ReleaseView], since: str | None, until: str | None
) -> None:
    """Per translator and language, over every release: how many of their units revisers
    changed in the time range, and how many characters (only when a reviser changed any)."""
    from rapidfuzz.distance import Levenshtein

    totals: dict[str, list[tuple[int, int]]] = {}
    undated = 0
    for release in releases:
        for view in release.languages:
            for segment in view.segments:
                if segment.previous is None:
                    continue
                on = segment.reviewed_on
                if (since or until) and on is None:
                    undated += 1
                    continue
                if (since and on and on < since) or (until and on and on > until):
                    continue
                who = f"{segment.translator or 'translator not recorded'} [{view.lang}]"
                distance = Levenshtein.distance(segment.previous, segment.translation)
                totals.setdefault(who, []).append((distance, len(segment.previous)))
    if not totals and not undated and not (since or until):
        return  # no reviser changed anything: nothing to show unless a range was asked
    section = _add(body, "section", id="revision", **{"aria-labelledby": "revision-h"})
    span = f"from {since or 'the first'} to {until or 'the last'} revision"
    _add(section, "h2", f"What revisers changed, by translator ({span})", id="revision-h")
    table = _add(section, "table", **{"class": "matrix revisions"})
    head = _add(_add(table, "thead"), "tr")
    for label in ("Translator [language]", "Units changed", "Characters edited", "Share"):
        _add(head, "th", label, scope="col")
    tbody = _add(table, "tbody")
    if not totals:
        _add(_add(tbody, "tr"), "td", "No reviser changed a unit in this range.", colspan="4")
    # Most revised first: where a coordinator looks.
    ranked = sorted(totals.items(), key=lambda item: (-sum(d for d, _ in item[1]), item[0]))
    for who, units in ranked:
        distance = sum(d for d, _ in units)
        length = sum(size for _, size in units)
        row = _add(tbody, "tr")
        _add(row, "th", who, scope="row")
        _add(row, "td", str(len(units)))
        _add(row, "td", str(distance))
        _add(row, "td", f"{100 * distance / length:.1f}%" if length else "0.0%")
    if undated:
        _add(
            section,
            "p",
            f"{counted(undated, 'changed unit')} with no recorded date left out of the range.",
            **{"class": "legend"},
        )


_DIFF_TOKEN = re.compile(r"</?\d+/?>|\s+|\w+|[^\w\s]")


def _diff(cell: etree._Element, old: str, new: str) -> None:
    """Mark what changed from ``old`` to ``new``, word by word: ``<del>`` and ``<ins>``."""
    before, after = _DIFF_TOKEN.findall(old), _DIFF_TOKEN.findall(new)
    last: etree._Element | None = None

    def text(value: str) -> None:
        nonlocal last
        if last is None:
            cell.text = (cell.text or "") + _clean(value)
        else:
            last.tail = (last.tail or "") + _clean(value)

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            text("".join(before[i1:i2]))
            continue
        if i2 > i1:
            last = _add(cell, "del", "".join(before[i1:i2]))
        if j2 > j1:
            last = _add(cell, "ins", "".join(after[j1:j2]))


def _side_by_side(
    section: etree._Element, release: ReleaseView, view: LanguageView, *, open_: bool
) -> None:
    details = _add(section, "details", **{"class": "lang"})
    if open_:
        details.set("open", "open")
    states = [segment.state for segment in view.segments]
    findings = sum(len(segment.findings) for segment in view.segments)
    summary = _add(details, "summary")
    _add(summary, "span", view.lang, **{"class": "tag"})
    summary[-1].tail = (
        f" {_language_name(view.lang)}: {len(states)} segments, "
        f"{states.count('translated')} translated, {states.count('fuzzy')} fuzzy, "
        f"{states.count('untranslated')} untranslated, {counted(findings, 'finding')}"
    )
    table = _add(details, "table", **{"class": "sbs"})
    head = _add(_add(table, "thead"), "tr")
    columns = (
        ("n", "#"),
        ("src", f"Source ({release.source_lang})"),
        ("tgt", f"Translation ({view.lang})"),
        ("state", "State"),
        ("findings", "Findings"),
    )
    for css, label in columns:
        _add(head, "th", label, scope="col", **{"class": css})
    tbody = _add(table, "tbody")
    for number, segment in enumerate(view.segments, 1):
        tr = _add(
            tbody,
            "tr",
            id=_segment_id(release.slug, view.lang, number),
            **{"class": f"s-{_state(segment.state)}"},
        )
        _add(tr, "td", str(number), **{"class": "n"})
        _coded(_add(tr, "td", **_lang_attributes(release.source_lang, "src")), segment.source)
        target = _add(tr, "td", **_lang_attributes(view.lang, "tgt"))
        if segment.translation:
            _coded(target, segment.translation)
        else:
            _add(target, "span", "not translated", lang="en", dir="ltr", **{"class": "missing"})
        _add(tr, "td", segment.state, **{"class": f"state {_state(segment.state)}"})
        cell = _add(tr, "td", **{"class": "findings"})
        if segment.findings:
            ul = _add(cell, "ul")
            for finding in segment.findings:
                li = _add(ul, "li", **{"class": f"sev-{_severity(finding.severity)}"})
                _add(li, "span", finding.severity, **{"class": "sev"})
                li[-1].tail = " "
                _add(li, "code", finding.check)
                li[-1].tail = f" {_clean(finding.message)}"


def _coded(parent: etree._Element, coded: str) -> None:
    """Show coded text with its placeholders as chips, everything else as plain text."""
    last: etree._Element | None = None
    for token in tokenize(coded):
        if isinstance(token, Tag):
            last = _add(parent, "span", str(token), **{"class": "ph"})
        elif last is None:
            parent.text = (parent.text or "") + _clean(token)
        else:
            last.tail = (last.tail or "") + _clean(token)


def _add(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, tag)
    for name, value in attributes.items():
        element.set(name, _clean(value))
    if text is not None:
        element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """Replace what a page cannot hold (controls, lone surrogates, noncharacters) by U+FFFD."""
    # A carriage return would be written as &#13;, which HTML forbids: make it a line break.
    return _UNSAFE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _lang_attributes(lang: str, css: str) -> dict[str, str]:
    if not lang:
        return {"class": css}
    rtl = cldr.is_known(lang) and cldr.is_rtl(lang)
    return {"lang": lang, "dir": "rtl" if rtl else "ltr", "class": css}


def _language_name(lang: str) -> str:
    return cldr.language_name(lang) if cldr.is_known(lang) else lang


def _percent(row: ReportRow) -> str:
    """Give translated words as a percentage, never rounding an unfinished variant up to 100."""
    if not row.words:
        return "100%"
    tenths = math.floor(1000 * row.translated_words / row.words) / 10
    return f"{tenths:.1f}".removesuffix(".0") + "%"


def _share(words: int, total: int) -> str:
    return f"{100 * words / total:.2f}".rstrip("0").rstrip(".") + "%"


def _gate(row: ReportRow) -> str:
    return row.gate if row.gate in GATES else "blocked"


def _gate_text(row: ReportRow) -> str:
    if row.gate == "embargoed" and row.embargo is not None:
        return f"embargoed until {_moment(row.embargo)}"
    return row.gate


def _moment(when: dt.datetime) -> str:
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{when:%Y-%m-%d %H:%M} {zone}"


def _state(state: str) -> str:
    return state if state in ("translated", "fuzzy", "untranslated") else "other"


def _severity(severity: str) -> str:
    return severity if severity in SEVERITIES else "other"


def _segment_id(slug: str, lang: str, number: int) -> str:
    return f"s-{slug}-{lang}-{number}"


STYLE = """
:root { color-scheme: light; --ok: #1e7b3a; --fuzzy: #d58a00; --todo: #dde1e6;
  --line: #e2e5e9; --muted: #59626d; --ink: #1b2129; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem 2rem 3rem; color: var(--ink);
  background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "DejaVu Sans", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .4rem; padding-top: .6rem;
  border-top: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.for { margin: 0; font-weight: 600; }
.summary, .facts, .legend, .slug, .detail, .qa { color: var(--muted); }
.facts { margin: 0 0 .5rem; font-size: .9rem; }
.slug { display: block; font-weight: 400; font-size: .8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; vertical-align: top; padding: .5rem .6rem;
  border-bottom: 1px solid var(--line); }
thead th { font-size: .85rem; border-bottom: 2px solid var(--line); }
.matrix th[scope=row] { width: 30%; }
.matrix th[scope=row] a { color: inherit; }
.name { display: block; font-weight: 400; color: var(--muted); }
.tag { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em;
  background: #eef1f5; border-radius: .25rem; padding: 0 .3rem; }
.bar { display: flex; height: .65rem; border-radius: .35rem; overflow: hidden;
  background: var(--todo); margin: .2rem 0 .35rem; }
.bar span { display: block; height: 100%; }
.t { background: var(--ok); } .f { background: var(--fuzzy); } .u { background: var(--todo); }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: .2rem;
  vertical-align: -.1rem; margin-inline-end: .25rem; }
.keylabel { margin-inline-end: .8rem; }
.pct { font-size: 1.15rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.gate { display: inline-block; border-radius: .6rem; padding: 0 .55rem; font-size: .78rem;
  font-weight: 600; vertical-align: .1rem; }
.gate.published { background: #e2f3e7; color: #14532d; }
.gate.blocked { background: #fde7e5; color: #8c1d18; }
.gate.embargoed { background: #e6ecfb; color: #1e3a8a; }
.detail, .qa { font-size: .8rem; }
.qa.bad { color: #8c1d18; font-weight: 600; } .qa.warn { color: #7a4d00; }
.problems { padding-inline-start: 1.2rem; } .problems li { margin: .15rem 0; }
.ok { color: var(--ok); }
details.lang { margin: .5rem 0; border: 1px solid var(--line); border-radius: .4rem; }
details.lang > summary { cursor: pointer; padding: .45rem .7rem; background: #f6f7f9; }
details.lang[open] > summary { border-bottom: 1px solid var(--line); }
.sbs { table-layout: fixed; }
.sbs th.n { width: 3rem; } .sbs th.src, .sbs th.tgt { width: 34%; } .sbs th.state { width: 7rem; }
.sbs td.n { color: var(--muted); font-variant-numeric: tabular-nums; }
.sbs td { overflow-wrap: anywhere; }
.sbs tr.s-untranslated td.n { box-shadow: inset 3px 0 #b3b9c1; }
.sbs tr.s-fuzzy td.n { box-shadow: inset 3px 0 var(--fuzzy); }
.sbs tr.s-translated td.n { box-shadow: inset 3px 0 var(--ok); }
.missing { color: var(--muted); font-style: italic; }
.state { font-size: .85rem; } .state.fuzzy { color: #7a4d00; font-weight: 600; }
.state.untranslated { color: var(--muted); }
.ph { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .78em;
  background: #e8ebf0; color: #3d4650; border-radius: .25rem; padding: 0 .2rem;
  direction: ltr; unicode-bidi: isolate; }
.findings ul { margin: 0; padding: 0; list-style: none; font-size: .85rem; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .7rem; }
.sev-error .sev { color: #b3261e; } .sev-warning .sev { color: #8a5a00; }
.sev-info .sev { color: var(--muted); }
@media print { details.lang { break-inside: avoid; } }
"""
# Only on a page that shows revision steps (a page without them keeps its bytes).
REVISION_STYLE = """.revisions del { background: #fde7e5; color: #8c1d18; }
.revisions ins { background: #e2f3e7; color: #14532d; text-decoration: none; }
.level.revised, .level.approved { color: var(--ok); font-weight: 600; }
"""
