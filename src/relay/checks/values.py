"""Value checks: numbers, percentages, amounts, dates, times, phone numbers and codes, compared
by what they mean in each locale rather than by how their digits look.

Takes a translation; recognises the values of its source (in the source language) and of its
target (in the target language, and again in the source language to catch values left in the
source's format); matches them as multisets, so order does not matter.

>>> compare("1,000.5 and 19 April 2013", "1\u202f000,5 et 19 avril 2013", "fr", "en").missing
()
>>> compare("1,000.5", "1,000.5", "fr", "en").unlocalised
('1,000.5',)
>>> [(a.text, b.text) for a, b in compare("19 April 2013", "19 avril 2012", "fr", "en").changed]
[('19 April 2013', '19 avril 2012')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import cast

from relay.checks import calendar_names
from relay.checks.findings import Context, Translation, check
from relay.checks.fixes import fix
from relay.checks.fraction_words import changed_fractions, fractions_in, near
from relay.checks.number_words import ALSO_OTHER_WORDS, in_words
from relay.checks.ranges import swapped
from relay.checks.recognize import (
    Value,
    currency_names,
    parse_number,
    percent_words,
    recognize,
)
from relay.checks.text import CACHED_TEXTS, prose
from relay.core import cldr


@dataclass(frozen=True)
class Comparison:
    """What became of the source's values in the translation."""

    missing: tuple[Value, ...] = ()
    extra: tuple[Value, ...] = ()
    changed: tuple[tuple[Value, Value], ...] = ()
    unlocalised: tuple[str, ...] = ()
    foreign_dates: tuple[str, ...] = ()
    plain_spaces: tuple[str, ...] = ()
    # Small numbers written out in words on both sides, and not the same: (source's words,
    # translation's words, the source's number), as "ten days" → "onze jours".
    respelled: tuple[tuple[str, str, int], ...] = ()
    # Numbers of the same value, a percentage on one side and per mille (or per ten
    # thousand) on the other: (source's number, its sign, the translation's sign).
    rebased: tuple[tuple[str, str, str], ...] = ()
    # Numbers left written the source's way that the translation's reader reads as another
    # number ("1,500" is one and a half in French): (as written, the source's value).
    misread: tuple[tuple[str, Value], ...] = ()
    # Fractions ("½", "one third", "by half") the translation states otherwise: (source's
    # fraction, translation's, the source's value), as "one third" → "un quart".
    refracted: tuple[tuple[str, str, Fraction], ...] = ()
    # Ranges whose two ends the translation writes the other way round, each value right:
    # (their kind, the source's range, the translation's), as "from 10 to 20" → "de 20 à 10".
    swapped: tuple[tuple[str, str, str], ...] = ()
    # Numeric dates left written the source's way that the translation's reader reads as
    # another day ("04/05/2023", 5 April in English, is 4 May in French): (as written, the
    # source's date, the day the translation's reader reads).
    misdated: tuple[tuple[str, Value, Value], ...] = ()


def _same(a: Value, b: Value) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "date":
        # A date's value is (year, month, day); the year and the day may be unstated (None).
        ya, ma, da = cast("tuple[int | None, int, int | None]", a.value)
        yb, mb, db = cast("tuple[int | None, int, int | None]", b.value)
        return ma == mb and da == db and (ya is None or yb is None or ya == yb)
    return a.value == b.value


def _spelled(value: Value, text: str, lang: str) -> bool:
    """Tell whether a small whole number is written out in words in ``text``."""
    if value.kind != "number" or not isinstance(value.value, Decimal):
        return False
    return value.value == int(value.value) and int(value.value) in in_words(text, lang)


class _Spans:
    """Values found by where they overlap another value: by bisection over their starts (and
    the furthest end reached so far), not by a scan of every value for every query."""

    def __init__(self, values: list[Value]) -> None:
        self.values = values
        self.order = sorted(range(len(values)), key=lambda i: values[i].start)
        self.reach = list(
            itertools.accumulate((values[i].start + len(values[i].text) for i in self.order), max)
        )

    def overlapping(self, value: Value) -> list[int]:
        """The indexes (into ``values``) of the values that overlap ``value``."""
        found = []
        end = value.start + len(value.text)
        # Before the first value whose run reaches past value.start, none can overlap it.
        at = bisect.bisect_right(self.reach, value.start)
        while at < len(self.order) and self.values[self.order[at]].start < end:
            other = self.values[self.order[at]]
            if other.start + len(other.text) > value.start:
                found.append(self.order[at])
            at += 1
        return found


@lru_cache(maxsize=CACHED_TEXTS)
def compare(source: str, target: str, lang: str, source_lang: str) -> Comparison:
    """Match the values of a source and its translation; say what is missing or changed."""
    source_text, target_text = prose(source), prose(target)
    wanted = [v for v in recognize(source_text, source_lang, either=True) if v.kind != "code"]
    native = [v for v in recognize(target_text, lang) if v.kind != "code"]
    pool = _Pool(native)
    matched: list[tuple[Value, Value]] = []
    unmatched: list[Value] = []
    for value in wanted:
        match = pool.take(value)
        if match is None:
            unmatched.append(value)
        else:
            matched.append((value, match))
    native = pool.left()
    foreign: list[Value] = []
    splits: list[Value] = []
    undone: set[int] = set()  # matched pairs read again as unmatched
    # Values left in the source's format are looked for only when some are unmatched (or
    # left over): most translations state every value the target's way, and recognising costs.
    if (unmatched or native) and lang.split("-")[0] != source_lang.split("-")[0]:
        foreign = [
            v
            for v in recognize(target_text, source_lang, native=False, words=lang)
            if v.kind != "code"
        ]
        # "2.4" or "3.5 %" left in the English format is read in French as two numbers ("2",
        # "4"): such a value is one value written the source's way, not two values.
        read_targets = _Spans([target for _, target in matched])
        left = _Spans(native)
        gone: set[int] = set()  # native values that were a split's pieces
        for value in foreign:
            if value.kind != "number":
                continue
            read = [i for i in read_targets.overlapping(value) if i not in undone]
            split = [i for i in left.overlapping(value) if i not in gone]
            if len(read) + len(split) < 2:
                continue
            undone.update(read)
            gone.update(split)
            splits.append(value)
        if undone or gone:
            order = {id(value): number for number, value in enumerate(wanted)}
            unmatched += [matched[i][0] for i in sorted(undone)]
            unmatched.sort(key=lambda value: order[id(value)])
            kept = {id(left.values[i]) for i in range(len(left.values)) if i not in gone}
            native = [value for value in native if id(value) in kept]
    missing, unlocalised, foreign_dates = [], [], []
    misread: list[tuple[str, Value]] = []
    misdated: list[tuple[str, Value, Value]] = []
    read_here = {(v.start, v.text): v for v in native if v.kind == "date"}
    foreign_pool = _Pool(foreign)
    spans: list[tuple[int, int]] = []
    for value in unmatched:
        match = foreign_pool.take(value)
        if match is None:
            missing.append(value)
            continue
        spans.append((match.start, match.start + len(match.text)))
        if match.kind in {"date", "time"}:
            here = read_here.get((match.start, match.text))
            if here is not None and not _same(here, value):
                misdated.append((match.text, value, here))
            else:
                foreign_dates.append(match.text)
        elif (match.grouped or match.quantity) and (
            reading := parse_number(match.text, lang)
        ) != match.value:
            if reading is None:
                unlocalised.append(match.text)
            else:
                misread.append((match.text, value))
    native = _outside(native, spans)
    missing = [v for v in missing if not _spelled(v, target_text, lang)]
    # A value written the source's way that matches nothing of the source stands in place of
    # the target's reading of its digits, dropped above: it is the value to compare.
    untaken = {id(v) for v in foreign_pool.left()}
    native += [v for v in splits if id(v) in untaken]
    extra = [v for v in native if not _spelled(v, source_text, source_lang)]
    # A fraction written as a number on the other side ("½" → "0,5") is the same value.
    missing = [
        v for v in missing if not _fraction_of(v, source_text, source_lang, target_text, lang)
    ]
    extra = [v for v in extra if not _fraction_of(v, target_text, lang, source_text, source_lang)]
    changed, missing, extra = _paired(missing, extra)
    stated = recognize(target_text, lang)
    plain = [v.text for v in stated if v.kind == "number" and v.plain_space]
    digits = {
        int(v.value) for v in (*wanted, *stated)
        if v.kind == "number" and isinstance(v.value, Decimal) and v.value == int(v.value)
    }  # fmt: skip
    respelled = _respelled(source_text, target_text, source_lang, lang, digits)
    rebased = tuple(
        (old.text, was, now) for old, new in matched
        if old.kind == "number"
        and (was := _per(source_text, old, source_lang))
        and (now := _per(target_text, new, lang))
        and was != now
    )  # fmt: skip
    refracted = changed_fractions(
        source_text, target_text, source_lang, lang,
        (v.value for v in wanted if v.kind == "number"),
        (v.value for v in stated if v.kind == "number"),
    )  # fmt: skip
    still = [pair for index, pair in enumerate(matched) if index not in undone]
    turned = swapped(source_text, target_text, still, source_lang, lang)
    return Comparison(
        tuple(missing), tuple(extra), tuple(changed), tuple(unlocalised), tuple(foreign_dates),
        tuple(plain), respelled, rebased, tuple(misread), refracted, turned, tuple(misdated),
    )  # fmt: skip


def _fraction_of(value: Value, text: str, lang: str, other: str, other_lang: str) -> bool:
    """Tell whether a number of ``text`` is the value of a fraction the ``other`` text states:
    "0,5" and "½", or a percentage rounded to a whole one ("33 %" and "a third")."""
    if value.kind != "number" or not isinstance(value.value, Decimal):
        return False
    fractions = _sorted_fractions(other, other_lang)
    if not fractions:
        return False
    number = Fraction(value.value)
    if near(fractions, number, Fraction(0)):
        return True
    return _per(text, value, lang) == "%" and near(fractions, number / 100, Fraction(1, 100))


@lru_cache(maxsize=CACHED_TEXTS)
def _sorted_fractions(text: str, lang: str) -> list[Fraction]:
    return sorted(found for found, _ in fractions_in(text, lang))


_PER_NAMES = {"%": "a percentage (%)", "‰": "per mille (‰)", "‱": "per ten thousand (‱)"}


def _per(text: str, value: Value, lang: str) -> str:
    """The sign of what a number is a part of, as the words or the sign after it say: "%",
    "‰" or "‱"; "" for none ("50 per cent", "50 pour mille", "50 ‰", "50 %")."""
    end = value.start + len(value.text)
    after = text[end : end + 24].lstrip(" \u00a0\u202f").lower()  # the longest word: 12
    if not after:
        return ""
    for sign, written in _per_words(lang):
        if any(
            after.startswith(word) and not after[len(word) : len(word) + 1].isalpha()
            for word in written
        ):
            return sign
    return ""


@lru_cache(maxsize=64)
def _per_words(lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The signs and words of per mille, per ten thousand and per cent in a language, longest
    first within each ("per mille" before "per cent" is looked for: both start "per ")."""

    def longest(words: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=len, reverse=True))

    base = lang.split("-")[0].lower()
    return (
        ("‰", longest((*cldr.unit_words(lang, "concentr-permille"), "‰", "\u0609",
                       *(("per mille",) if base == "en" else ())))),
        ("‱", ("‱",)),
        ("%", longest((*percent_words(lang), "%", "\u066a"))),
    )  # fmt: skip


def _respelled(
    source: str, target: str, source_lang: str, lang: str, digits: set[int]
) -> tuple[tuple[str, str, int], ...]:
    """Pair the numbers the source writes out in words and the translation does not (neither
    in words nor in digits) with those the translation writes out in words and the source
    does not: "ten days" → "onze jours" is ten days become eleven, "a hundred" → "mille" a
    hundred become a thousand. From 2 to 20, the tens to 90, and numbers with a scale word
    (:func:`relay.checks.number_words.in_words`), in words on both sides (digits are compared
    as values): "one" and "un" are also pronouns and articles. A number left out, with none
    in its place, is not reported: a sentence can say it another way ("the decade")."""
    stated = {n: found[0] for n, found in in_words(source, source_lang).items() if n > 1}
    if not stated:
        return ()
    also = ALSO_OTHER_WORDS.get(lang.split("-")[0], frozenset())
    written = in_words(target, lang)
    # A number left in the source's language ("five" in a French text) is the source's.
    kept = in_words(target, source_lang) if source_lang != lang else written
    lost = [n for n in stated if n not in written and n not in kept and n not in digits]
    added: list[str] = []  # as first written, in the translation's order
    for number, found in written.items():
        if number > 1 and number not in stated and number not in digits:
            added += [word for word in found if word.lower() not in also][:1]
    return tuple((stated[old], word, old) for old, word in zip(lost, added, strict=False))


class _Pool:
    """Values to match, in their order: :meth:`take` gives the first one not taken yet that is
    :func:`_same` as a value, from a table (a scan of the list per value is quadratic)."""

    def __init__(self, values: list[Value]) -> None:
        self.values = values
        self.taken = [False] * len(values)
        self.exact: dict[tuple[str, object], deque[int]] = {}
        # Dates by (month, day): every one, those without a year, and those of each year.
        self.days: dict[tuple[object, object], deque[int]] = {}
        self.yearless: dict[tuple[object, object], deque[int]] = {}
        self.dated: dict[tuple[object, object, object], deque[int]] = {}
        for index, value in enumerate(values):
            if value.kind == "date":
                year, month, day = _ymd(value)
                self.days.setdefault((month, day), deque()).append(index)
                if year is None:
                    self.yearless.setdefault((month, day), deque()).append(index)
                else:
                    self.dated.setdefault((year, month, day), deque()).append(index)
            else:
                self.exact.setdefault((value.kind, value.value), deque()).append(index)

    def _first(self, queue: deque[int] | None) -> int | None:
        while queue and self.taken[queue[0]]:
            queue.popleft()
        return queue[0] if queue else None

    def take(self, value: Value) -> Value | None:
        if value.kind == "date":
            year, month, day = _ymd(value)
            if year is None:
                found = self._first(self.days.get((month, day)))
            else:
                firsts = [
                    self._first(self.yearless.get((month, day))),
                    self._first(self.dated.get((year, month, day))),
                ]
                found = min((index for index in firsts if index is not None), default=None)
        else:
            found = self._first(self.exact.get((value.kind, value.value)))
        if found is None:
            return None
        self.taken[found] = True
        return self.values[found]

    def left(self) -> list[Value]:
        return [value for value, taken in zip(self.values, self.taken, strict=True) if not taken]


def _ymd(value: Value) -> tuple[object, object, object]:
    """A date's (year or None, month, day)."""
    year, month, day = cast(tuple[object, object, object], value.value)
    return year, month, day


def _outside(values: list[Value], spans: list[tuple[int, int]]) -> list[Value]:
    """Keep the values that overlap none of the spans (in sorted order, by bisection)."""
    if not spans:
        return values
    spans.sort()
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))
    kept = []
    for value in values:
        end = value.start + len(value.text)
        before = bisect.bisect_left(starts, end)  # the spans that start before the value ends
        if before == 0 or reach[before - 1] <= value.start:
            kept.append(value)
    return kept


def _paired(
    missing: list[Value], extra: list[Value]
) -> tuple[list[tuple[Value, Value]], list[Value], list[Value]]:
    """Pair each missing value with the first extra one of its kind: a value that changed."""
    by_kind: dict[str, deque[int]] = {}
    for index, value in enumerate(extra):
        by_kind.setdefault(value.kind, deque()).append(index)
    changed, still_missing, used = [], [], set()
    for value in missing:
        queue = by_kind.get(value.kind)
        if queue:
            index = queue.popleft()
            used.add(index)
            changed.append((value, extra[index]))
        else:
            still_missing.append(value)
    return changed, still_missing, [v for i, v in enumerate(extra) if i not in used]


_NAMES = {"number": "number", "phone": "phone number", "time": "time", "date": "date"}


def localised(text: str, source_lang: str, lang: str) -> str:
    """Write a number the way ``lang`` writes it: its decimal sign and group separator.

    >>> localised("1,000.5", "en", "fr") == "1\u202f000,5"
    True
    """
    decimal, group = cldr.number_symbols(source_lang)
    to_decimal, to_group = cldr.number_symbols(lang)
    swap = {decimal: to_decimal, group: to_group}
    return "".join(swap.get(character, character) for character in text)


def _written(value: Value, source_lang: str, lang: str) -> str:
    """How the translation should state a value of the source."""
    if value.kind == "date":
        year, month, day = cast("tuple[int | None, int, int | None]", value.value)
        if year is not None and day is not None:
            return cldr.long_date(dt.date(year, month, day), lang)
        return f"the date of the source ({value.text}) in {_language(lang)}"
    if value.kind == "time":
        return f"the time of the source ({value.text}) in {_language(lang)}"
    if value.kind == "number":
        return localised(value.text, source_lang, lang)
    return value.text


def _kind_problems(item: Translation, kinds: set[str]) -> Iterator[str]:
    result = compare(item.source, item.target, item.lang, item.source_lang)
    for old, new in result.changed:
        if old.kind not in kinds:
            continue
        write = _written(old, item.source_lang, item.lang)
        if old.kind == "number" and write == new.text:
            # The digits are right and the amount is not: a scale word ("million") lost or
            # added. "write 8,7" would ask for what is already there.
            yield (
                f"number “{old.text}” means {_amount(old)} in the source, “{new.text}” means"
                f" {_amount(new)}: write its scale word (thousand, million, billion) as the"
                " source does"
            )
        else:
            yield f"{_NAMES[old.kind]} “{old.text}” became “{new.text}”: write {write}"
    if "number" in kinds:
        for text, was, now in result.rebased:
            yield (
                f"number “{text}” is {_PER_NAMES[was]} in the source and {_PER_NAMES[now]}"
                f" in the translation: write it as the source does ({was})"
            )
        for text, value in result.misread:
            # Written the source's way, and read the translation's way as another number: a
            # French reader reads "1,500" as one and a half.
            yield (
                f"number “{text}” is written the {_language(item.source_lang)} way, and reads"
                f" as another number in {_language(item.lang)}: write"
                f" {_written(value, item.source_lang, item.lang)}"
            )
        group = cldr.number_symbols(item.lang)[1]
        for old_words, new_words, number in result.respelled:
            written = f"{number:,}".replace(",", group)  # "2 000 000" in French
            said = f"number “{old_words}” became “{new_words}”"
            yield f"{said}: write the source's number ({written})"
        for old_words, new_words, fraction in result.refracted:
            yield (
                f"fraction “{old_words}” became “{new_words}”: write the source's fraction"
                f" ({fraction})"
            )
    if "date" in kinds:
        for text, value, read in result.misdated:
            # Written the source's way, and read the translation's way as another day: a
            # French reader reads "04/05/2023" as 4 May.
            yield (
                f"date “{text}” is written the {_language(item.source_lang)} way, and reads as"
                f" {_written(read, item.source_lang, item.lang)} in {_language(item.lang)}:"
                f" write {_written(value, item.source_lang, item.lang)}"
            )
    for kind, written, there in result.swapped:
        if kind in kinds:
            # Every value is there: only their order says a rise became a fall.
            yield (
                f"range “{written}” became “{there}”: its two ends are the other way round;"
                " write them in the source's order"
            )
    for value in result.missing:
        if value.kind in kinds:
            write = _written(value, item.source_lang, item.lang)
            yield f"{_NAMES[value.kind]} “{value.text}” is missing: write {write}"
    for value in result.extra:
        if value.kind in kinds:
            yield (
                f"{_NAMES[value.kind]} “{value.text}” is not in the source: remove it, or"
                " check the source"
            )


def _amount(value: Value) -> str:
    """An amount as a reader of the message counts it (8,700,000; 8.7)."""
    number = cast("Decimal", value.value)
    return f"{number.normalize():,f}"


@lru_cache(maxsize=64)
def _language(lang: str) -> str:
    """A language's English name, without its region ("French" for fr-CH)."""
    # Asked for every unit by several checks: Babel builds a locale on each call.
    return cldr.language_name(lang.split("-")[0])


@check("number-value", "error")
def number_value(item: Translation, context: Context) -> Iterator[str]:
    """A number, percentage, amount or phone number differs in value from the source's.

    Numbers are read the way each locale writes them (CLDR): "1,000.5" and "1 000,5" are the
    same number; "3.5 million" equals "3,5 millions" and "3,5 млн"; "25 per cent" equals
    "25 %". Order does not matter. Accepted: small numbers written out in words on either side
    ("ten days" → "dix jours", "5" → "cinq"), digits inside URLs, e-mail addresses and codes
    (those have their own checks), and a number left in the source's format (reported by
    ``number-format`` instead). Numbers from two to twenty, and the tens to ninety, written
    out in words on both sides are compared too, where relay knows both languages' words
    (English, French, Russian):
    "ten days" → "onze jours" is an error. So is a percentage made per mille ("50 per cent" →
    "50 ‰"), or the reverse; and a fraction made another ("½" → "¼", "one third" → "un quart",
    "by half" → "d'un tiers": :mod:`relay.checks.fraction_words`). A number joined to a word by
    a hyphen ("a 10-year plan") is a number like any other. A range written as a range the
    other way round ("from 10 to 20" → "de 20 à 10", "2015–2020" → "2020–2015") is an error
    though every number is there (:mod:`relay.checks.ranges`); said another way ("passé à 20,
    contre 10"), it is not.
    """
    yield from _kind_problems(item, {"number", "phone"})


@check("date-value", "error")
def date_value(item: Translation, context: Context) -> Iterator[str]:
    """A date or a time differs from the source's.

    Dates are recognised in words in every form the locale uses (CLDR month names, the
    Russian genitive "19 апреля 2013 года", the French "1er"), as ISO dates and as the
    locale's numeric dates; times as "2 p.m.", "14:00", "14 heures", "14 h 30". "19 April
    2013" → "19 avril 2013" passes, "19 avril 2012" is an error; a date without a year matches
    the same day with one. A weekday or a month named without a full date ("on Friday",
    "every March") is compared by name, in CLDR's full names and, in Russian, in every case
    ("в марте", "в пятницу"): "on Friday" → "jeudi" is an error. So are CLDR's abbreviations
    where they can only be names ("Fri" → "jeu." in a table's cell, "Mon–Fri" → "lun.–jeu.",
    "Sat 6 June" → "ven. 6 juin"), never where they may be words ("the Sun", "la mer.").
    A name the translation leaves out with none in its place is not ("the same day" says it
    another way); one it adds is, as an added number is ("this week" → "vendredi"), but for a
    name the source writes as it is ("Mars") and a weekday that is the day of the full date
    it stands before ("on 19 April 2013" → "le vendredi 19 avril 2013").
    """
    yield from _kind_problems(item, {"date", "time"})
    changes, additions = calendar_names.compared(
        item.source, item.target, item.lang, item.source_lang
    )
    for change in changes:
        case = ", in the case the sentence needs" if change.declined else ""
        yield f"{change.kind} “{change.old}” became “{change.new}”: write {change.written}{case}"
    for addition in additions:
        if addition.date:
            yield (
                f"weekday “{addition.new}” is not the day of “{addition.date}”: write"
                f" {addition.written}"
            )
        else:
            added = f"{addition.kind} “{addition.new}”"
            yield f"{added} is not in the source: remove it, or check the source"


@check("number-format", "warning")
def number_format(item: Translation, context: Context) -> Iterator[str]:
    """A number is right but written the source's way, or may break across lines.

    "1,000.5" left as it is in French reads as a different number to a French reader; write
    "1 000,5". Reported only for numbers that are clearly amounts (grouped thousands, or next
    to "million", "%" or a currency): a bare "3.6" may be an identifier such as target 3.6 of
    the 2030 Agenda. Also reported: a plain space as thousands separator where the locale uses
    a no-break one (French U+202F, Russian U+00A0), since the line could break inside the
    number.
    """
    result = compare(item.source, item.target, item.lang, item.source_lang)
    source_name, name = _language(item.source_lang), _language(item.lang)
    for text in result.unlocalised:
        written = localised(text, item.source_lang, item.lang)
        yield f"“{text}” is written the {source_name} way; in {name}: {written}"
    fixable = {change.before for change in fix(item.target, item.lang).changes}
    group = cldr.number_symbols(item.lang)[1]
    for text in result.plain_spaces:
        if not any(text in before for before in fixable):  # else fixable-typography says it
            yield (
                f"“{text}” may break across lines at its plain space: in {name}, the digits are"
                f" grouped with U+{ord(group):04X} ({text.replace(' ', group)})"
            )


@check("date-format", "warning")
def date_format(item: Translation, context: Context) -> Iterator[str]:
    """A date or time is right but written in the source language ("5 October 2015" or
    "2 p.m." left in a French translation)."""
    source_name, name = _language(item.source_lang), _language(item.lang)
    for text in compare(item.source, item.target, item.lang, item.source_lang).foreign_dates:
        yield f"“{text}” is written in {source_name}: write it as {name} does"


@check("codes", "error")
def codes(item: Translation, context: Context) -> Iterator[str]:
    """A code mixing letters and digits (CH-1211, WP.1, COVID-19, VT500) is missing or changed.

    Codes are identifiers: they are copied, never translated or reformatted.
    """
    target = prose(item.target)
    for value in recognize(prose(item.source), item.source_lang):
        if value.kind == "code" and not _code_pattern(value.text).search(target):
            yield f"code “{value.text}” is missing or changed: copy it as written ({value.text})"


@lru_cache(maxsize=CACHED_TEXTS)
def _code_pattern(code: str) -> re.Pattern[str]:
    """The pattern of a code written as it is, not inside a longer one."""
    return re.compile(rf"(?<![\w.-]){re.escape(code)}(?![\w]|[.-]\w)")


@lru_cache(maxsize=64)
def _currency_words(lang: str) -> tuple[tuple[str, bool, str, str], ...]:
    """Each currency name of a language: its code, whether it is the code, how it is looked
    for (the code exactly, a name case-folded), and its pattern."""
    found = []
    for name, code in currency_names(lang).items():
        is_code = name.upper() == code
        pattern = rf"(?<![^\W\d_]){re.escape(code if is_code else name)}(?![^\W\d_])"
        found.append((code, is_code, code if is_code else name.casefold(), pattern))
    return tuple(found)


def _currencies(text: str, lang: str) -> set[str]:
    found: set[str] = set()
    folded = text.casefold()
    for code, is_code, needle, pattern in _currency_words(lang):
        # Most names are not in the text at all: a substring test rules them out cheaply
        # (a case-insensitive match implies the case-folded substring).
        if needle not in (text if is_code else folded):
            continue
        if re.search(pattern, text, 0 if is_code else re.IGNORECASE):
            found.add(code)
    return found


@lru_cache(maxsize=CACHED_TEXTS)
def _source_currencies(source: str, lang: str) -> frozenset[str]:
    """The currencies a source names (a source is checked once per language)."""
    return frozenset(_currencies(prose(source), lang))


@check("currency", "error")
def currency(item: Translation, context: Context) -> Iterator[str]:
    """A currency of the source is not named in the translation (by symbol, ISO code or name).

    "$1.5 million" may become "1,5 million de dollars" or "1,5 млн долларов США": symbols,
    codes and names come from CLDR, in every plural form. The amount itself is compared by
    ``number-value``.
    """
    wanted = _source_currencies(item.source, item.source_lang)
    if not wanted:
        return
    target = prose(item.target)
    have = _currencies(target, item.lang) | _currencies(target, item.source_lang)
    for code in sorted(wanted - have):
        yield (
            f"currency {code} of the source is not named in the translation: write its symbol,"
            f" code ({code}) or {_language(item.lang)} name"
        )
