"""Safe typography fixes: what ``relay check --fix`` and ``relay import --fix-typography`` apply.

Takes a translation (coded text, with ``<1>…</1>`` placeholders) and its language, optionally
its source; gives the fixed text and each change made. Only what a locale defines is fixed, and
only whitespace and punctuation change: French (and Swiss and Canadian French) no-break spaces
before ``: ; ! ? %`` and inside « », no-break thousands separators (French, Russian), the
typographic apostrophe (French), straight double quotes made the language's quotation marks when
they pair up in the unit (French, Russian), "..." made "…", and trailing whitespace made the
source's. Placeholders, URLs and e-mail addresses are never touched. Fixing is idempotent:
what it gives, fixed again, does not change.

>>> fix('Il a dit : "oui" à 60%...', "fr").text == 'Il a dit\u00a0: «\u202foui\u202f» à 60\u00a0%…'
True
>>> fix("<1/>: www.unece.org/a:b", "fr").text == "<1/>: www.unece.org/a:b"
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from relay.checks.text import CACHED_TEXTS, EMAIL, URL
from relay.core.placeholders import TAG_PATTERN

NBSP, NNBSP = "\u00a0", "\u202f"
NO_BREAK = "\u00a0\u202f\u2007"
# The no-break space each mark takes in French, as the punctuation-spacing check asks for it.
FRENCH_SPACE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP, "%": NBSP, "«": NNBSP, "»": NNBSP}
# Languages (or variants) that may write ";", "!" and "?" tight: a plain space before them is
# made no-break, but none is added.
_TIGHT_ALLOWED = {"fr-CA", "fr-CH"}
# Thousands separators that must not break a line (CLDR's group separators).
_GROUP_SEPARATOR = {"fr": NNBSP, "ru": NBSP, "uk": NBSP, "be": NBSP, "pl": NNBSP}
_GUILLEMETS = {"fr": ("«" + NNBSP, NNBSP + "»"), "ru": ("«", "»"), "uk": ("«", "»")}
_ELLIPSIS = {"fr", "ru", "uk", "de", "es", "it", "pt"}
_LETTER = r"[^\W\d_]"
# Patterns the fixes of every translation use (compiled once).
_HIGH_MARK = re.compile(r"([ \u2009]*)([:;!?%])")
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,+])(?<!\d )(?<!\) )\d{1,3}(?: \d{3})+(?!\d|[.,]\d| \d)")


@dataclass(frozen=True)
class Change:
    """One fix: what stood there, what stands now, and why (in words for the translator)."""

    before: str
    after: str
    reason: str

    def __str__(self) -> str:
        return f"{self.reason}: “{self.after.strip()}”"


@dataclass(frozen=True)
class Fixed:
    text: str
    changes: tuple[Change, ...] = ()


Edit = tuple[int, int, str, str]  # start, end, replacement, reason
Rule = Callable[[str, str], Iterator[Edit]]


@lru_cache(maxsize=CACHED_TEXTS)  # three checks ask about each French translation
def fix(text: str, lang: str, *, source: str | None = None) -> Fixed:
    """Apply the safe typography fixes of ``lang`` to ``text``; give it and what changed."""
    if not text:
        return Fixed(text)
    original = text
    changes: list[Change] = []
    rules: list[Rule] = [_apostrophes, _quotes, _ellipsis, _high_marks, _guillemets, _thousands]
    for rule in rules:
        text = _apply(text, rule(text, lang), changes)
    if source is not None:
        text = _apply(text, _trailing(text, source), changes)
    if text == original:
        # Rules that undo each other (a space after "«" that is also the source's trailing
        # whitespace, changed then put back) changed nothing: nothing is listed.
        return Fixed(text)
    return Fixed(text, tuple(changes))


def _protected(text: str) -> list[tuple[int, int]]:
    """The spans no fix may touch: placeholder tags, URLs, e-mail addresses."""
    spans = [match.span() for match in TAG_PATTERN.finditer(text)]
    if "@" in text:
        spans += [match.span() for match in EMAIL.finditer(text)]
    if "://" in text or "www." in text:
        spans += [match.span() for match in URL.finditer(text)]
    return spans


def _apply(text: str, edits: Iterator[Edit], changes: list[Change]) -> str:
    proposed = sorted(edits)
    if not proposed:
        return text  # most rules find nothing: the protected spans need not be looked for
    protected = _protected(text)
    kept: list[Edit] = []
    for start, end, replacement, reason in proposed:
        # An edit that touches a protected span, or inserts inside one, is left out.
        if any(start < high and low < max(end, start + 1) for low, high in protected):
            continue
        if kept and start < kept[-1][1]:
            continue  # overlapping edits: the first one wins
        if text[start:end] == replacement:
            continue
        kept.append((start, end, replacement, reason))
    for start, end, replacement, reason in kept:
        left, right = text[max(0, start - 12) : start], text[end : end + 12]
        changes.append(Change(left + text[start:end] + right, left + replacement + right, reason))
    for start, end, replacement, _ in reversed(kept):
        text = text[:start] + replacement + text[end:]
    return text


def _french(lang: str) -> bool:
    return lang.split("-")[0] == "fr"


def _apostrophes(text: str, lang: str) -> Iterator[Edit]:
    if not _french(lang) or "'" not in text:
        return
    for match in re.finditer(rf"(?<={_LETTER})'(?={_LETTER})", text):
        yield match.start(), match.end(), "’", "typographic apostrophe"


def _quotes(text: str, lang: str) -> Iterator[Edit]:
    """Straight double quotes, when they pair up in the unit, become the language's marks."""
    marks = _GUILLEMETS.get(lang.split("-")[0])
    if marks is None or '"' not in text:
        return
    protected = _protected(text)
    positions = [
        match.start()
        for match in re.finditer('"', text)
        if not any(low <= match.start() < high for low, high in protected)
    ]
    if len(positions) % 2:
        return  # a quotation that opens or closes in another unit: which is which is unknown
    for index, position in enumerate(positions):
        opening = index % 2 == 0
        if opening:
            end = position + 1
            while end < len(text) and text[end] in " \u2009":
                end += 1
            yield position, end, marks[0], "quotation marks of the language"
        else:
            start = position
            while start > 0 and text[start - 1] in " \u2009":
                start -= 1
            yield start, position + 1, marks[1], "quotation marks of the language"


def _ellipsis(text: str, lang: str) -> Iterator[Edit]:
    if lang.split("-")[0] not in _ELLIPSIS or "..." not in text:
        return
    for match in re.finditer(r"(?<!\.)\.\.\.(?!\.)", text):
        yield match.start(), match.end(), "…", "ellipsis"


def _high_marks(text: str, lang: str) -> Iterator[Edit]:
    """French: a no-break space before ``: ; ! ? %`` (after a number for ``%``)."""
    if not _french(lang):
        return
    for match in _HIGH_MARK.finditer(text):
        spaces, mark = match.group(1), match.group(2)
        start = match.start()
        before = text[start - 1] if start else ""
        after = text[match.end() : match.end() + 1]
        if mark == ":" and not spaces and before.isdigit() and after.isdigit():
            continue  # 11:00, 1:100
        if mark in "!?" and before in "!?" and not spaces:
            continue  # "?!": one space before the first mark
        if mark == "%" and not before.isdigit():
            continue
        if not spaces and ((lang in _TIGHT_ALLOWED and mark in ";!?") or not _spaceable(before)):
            continue
        if mark in ":;!?" and after.isalnum():
            continue  # not punctuation of the sentence: "a:b", "?id=1"
        yield start, match.start(2), FRENCH_SPACE[mark], f"no-break space before “{mark}”"


def _spaceable(before: str) -> bool:
    """Tell whether a mark right after ``before`` takes a space added before it."""
    return bool(before) and (before.isalnum() or before in ".)]»”’…")


def _guillemets(text: str, lang: str) -> Iterator[Edit]:
    """French: a no-break space after « and before »."""
    if not _french(lang) or ("«" not in text and "»" not in text):
        return
    for match in re.finditer(r"«([ \u2009]*)(?=(.?))", text):
        following = match.group(2)
        if following and following not in NO_BREAK and following != "»":
            yield match.end() - len(match.group(1)), match.end(), NNBSP, "no-break space after “«”"
    for match in re.finditer(r"(?<=(.))([ \u2009]*)»", text, re.DOTALL):
        previous = match.group(1)
        if previous not in NO_BREAK and previous != "«":
            yield match.start(2), match.end(2), NNBSP, "no-break space before “»”"


def _thousands(text: str, lang: str) -> Iterator[Edit]:
    separator = _GROUP_SEPARATOR.get(lang.split("-")[0])
    if separator is None or " " not in text:
        return
    for match in _SPACED_THOUSANDS.finditer(text):
        for offset, character in enumerate(match.group()):
            if character == " ":
                position = match.start() + offset
                yield position, position + 1, separator, "no-break thousands separator"


def _trailing(text: str, source: str) -> Iterator[Edit]:
    want = source[len(source.rstrip()) :]
    have = text[len(text.rstrip()) :]
    if want != have and text.strip():
        yield len(text) - len(have), len(text), want, "trailing whitespace as the source's"
