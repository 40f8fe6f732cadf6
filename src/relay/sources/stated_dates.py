"""Dates a source states twice: a ``<time datetime>`` value and the text the element wraps.

Takes a segmented document and its language; refuses one whose ``<time>`` text names another
year, month, day, time of day, weekday or time zone than its ``datetime`` value, with a
:class:`SourceError` at the unit's line. Every variant writes such a date from the value
(:mod:`relay.publish.render`), and the source variant keeps the text: the source page would
show one date and every translation another, a false value no check of a translation could
see. Text that names nothing relay can read and compare ("today", "12/01/2016" but its year,
"EST", a time against a datetime without one) is left alone.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

from relay.core import cldr
from relay.core.errors import SourceError
from relay.core.model import Document, Field, Parts, Unit

_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# A day: one or two digits, not part of a time ("10:00") or of a longer number.
_DAY = re.compile(r"(?<![\d:.,])\d{1,2}(?![\d:])")
_WORD = re.compile(r"[^\W\d_]+\.?")
# The time of day and offset of a datetime value: "2016-01-12T10:00+01:00", "14:30".
_CLOCK_VALUE = re.compile(
    r"(?:\d{4}-\d{2}-\d{2}[T ])?(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)
# A time zone the text names: an abbreviation that means one offset only (not "EST", "IST":
# each names several), with or without an offset after UTC or GMT, or an offset alone ("+01:00";
# a "-" alone is read as a range, "10:00-12:00").
_ZONES = {"cet": 60, "cest": 120, "utc": 0, "gmt": 0}
_ZONE = re.compile(
    r"(?<![^\W_])(?:(CEST|CET|UTC|GMT)(?:\s?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?)?"
    r"|(\+)(\d{2}):?(\d{2}))(?![^\W_]|\d)"
)
# A time of the 12-hour clock: "4:30 p.m.", "4 pm", "9.30am".
_TWELVE_HOUR = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m(?![^\W_])\.?", re.IGNORECASE
)
# A time of the 24-hour clock: "14:30", "16.30", "14 h 30"; not part of a date ("10.12.2016")
# or of a longer number.
_TWENTY_FOUR_HOUR = re.compile(
    r"(?<![\d.,:+\-\u2212])(\d{1,2})(?:[:.]|\s?h\s?)(\d{2})(?!\d|[.,]\d)"
)


def refuse_contradicting_times(document: Document, *, lang: str, path: str) -> None:
    """Refuse the document if a ``<time>`` says another date or time than its ``datetime``."""
    for field, unit in date_fields(document):
        problem = disagreement(field.original, field.value, lang)
        if problem is not None:
            raise SourceError(
                f"<time datetime={field.value!r}> wraps “{_shown(field.original)}”, another"
                f" {problem}: each translation would show the datetime's value, the source page"
                " its text",
                path=path,
                line=unit.line or None if unit else None,
                hint="Make the datetime attribute and the text name the same date and time.",
            )


def disagreement(text: str, value: str, lang: str) -> str | None:
    """Say which part of a date ``text`` names otherwise than ``value`` (an ISO date, time or
    both): "year", "month", "day", "weekday", "time" or "time zone"; None when they agree or
    the text names none of them.

    >>> disagreement("12 January 2016", "2015-01-12", "en")
    'year'
    >>> disagreement("January 13, 2016, 10:00", "2016-01-12T10:00+01:00", "en")
    'day'
    >>> disagreement("23 апреля 2013 г.", "2013-04-23", "ru")
    >>> disagreement("today", "2016-01-12", "en")
    >>> disagreement("4:30 p.m.", "14:30", "en")
    'time'
    >>> disagreement("Thursday, 11 December", "2026-12-11", "en")
    'weekday'
    """
    shown = _shown(text)
    return _date_disagreement(shown, value.strip(), lang) or _clock_disagreement(shown, value)


def _date_disagreement(shown: str, value: str, lang: str) -> str | None:
    match = _VALUE.match(value)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    years = {int(found) for found in _YEAR.findall(shown)}
    if years and year not in years:
        return "year"
    names = cldr.month_names(lang)
    months = set()
    for word in _WORD.findall(shown.lower()):
        number = names.get(word) or names.get(word.rstrip("."))
        if number:
            months.add(number)
    if month is not None and months and month not in months:
        return "month"
    if day is not None and months:  # a day is told from other numbers only beside a month
        days = {int(found) for found in _DAY.findall(shown) if 1 <= int(found) <= 31}
        if days and day not in days:
            return "day"
    if year is not None and month is not None and day is not None:
        try:
            weekday = dt.date(year, month, day).weekday()
        except ValueError:  # 2016-02-30: no date to compare
            return None
        names = _day_names(lang)
        named = {names[word] for word in _WORD.findall(shown.lower()) if word in names}
        if named and weekday not in named:
            return "weekday"
    return None


def _day_names(lang: str) -> dict[str, int]:
    return {name.lower(): number for name, number in cldr.wide_day_names(lang).items()}


def _clock_disagreement(shown: str, value: str) -> str | None:
    """Say "time" or "time zone" when the text names another time of day or zone than the
    value's; compared only when the value has them."""
    match = _CLOCK_VALUE.fullmatch(value.strip())
    if match is None:
        return None
    hour, minute, zone = int(match[1]), int(match[2]), match[3]
    offsets = set()
    for found in _ZONE.finditer(shown):
        if found[1]:
            minutes = _ZONES[found[1].lower()]
            if found[2]:
                sign = 1 if found[2] == "+" else -1
                minutes = sign * (int(found[3]) * 60 + int(found[4] or 0))
        else:
            minutes = int(found[6]) * 60 + int(found[7])
        offsets.add(minutes)
    # The zone's own digits ("UTC+01:00") are no time of day.
    rest = _ZONE.sub(" ", shown)
    times = set()
    for found in _TWELVE_HOUR.finditer(rest):
        hours = int(found[1])
        if 1 <= hours <= 12:
            times.add((hours % 12 + (12 if found[3].lower() == "p" else 0), int(found[2] or 0)))
    for found in _TWENTY_FOUR_HOUR.finditer(_TWELVE_HOUR.sub(" ", rest)):
        if int(found[1]) <= 24 and int(found[2]) < 60:
            times.add((int(found[1]) % 24, int(found[2])))
    if zone is not None and offsets:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = 0 if zone == "Z" else sign * (int(digits[:2]) * 60 + int(digits[2:]))
        # The same instant told in another zone ("3 p.m. CET" for 14:00Z) says no other time.
        instant = (hour * 60 + minute - offset) % _DAY_MINUTES
        clock = {told_hour * 60 + told_minute for told_hour, told_minute in times}
        if any((instant + told) % _DAY_MINUTES in clock for told in offsets):
            return None
        if offset not in offsets:
            return "time zone"
    if times and (hour, minute) not in times:
        return "time"
    return None


_DAY_MINUTES = 24 * 60


def _shown(text: str) -> str:
    return " ".join(html.unescape(text).split())


def date_fields(document: Document) -> Iterator[tuple[Field, Unit | None]]:
    """Each date a document writes for its target language (``<time datetime>``), with the
    unit whose markup holds it (None: in the skeleton, between units)."""
    for unit in document.units:
        for code in unit.codes:
            for field in _dates(code.opening + code.closing):
                yield field, unit
    for field in _dates(document.skeleton):
        yield field, None


def _dates(parts: Parts) -> Iterator[Field]:
    for part in parts:
        if isinstance(part, Field) and part.name == "date":
            yield part
