"""Dates a source states twice: a ``<time datetime>`` value and the text the element wraps.

Takes a segmented document and its language; refuses one whose ``<time>`` text names another
year, month or day than its ``datetime`` value, with a :class:`SourceError` at the unit's line.
Every variant writes such a date from the value (:mod:`relay.publish.render`), and the source
variant keeps the text: the source page would show one date and every translation another,
a false value no check of a translation could see. Text that names no date relay can read
("today", "Tuesday", "12/01/2016" but its year) is left alone.
"""

from __future__ import annotations

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


def refuse_contradicting_times(document: Document, *, lang: str, path: str) -> None:
    """Refuse the document if a ``<time>`` says another date than its ``datetime``."""
    for field, unit in date_fields(document):
        problem = disagreement(field.original, field.value, lang)
        if problem is not None:
            raise SourceError(
                f"<time datetime={field.value!r}> wraps “{_shown(field.original)}”, another"
                f" {problem}: each translation would show the datetime's date, the source page"
                " its text",
                path=path,
                line=unit.line or None if unit else None,
                hint="Make the datetime attribute and the text name the same date.",
            )


def disagreement(text: str, value: str, lang: str) -> str | None:
    """Say which part of a date ``text`` names otherwise than ``value`` (an ISO year, month or
    day): "year", "month" or "day"; None when they agree or the text names none.

    >>> disagreement("12 January 2016", "2015-01-12", "en")
    'year'
    >>> disagreement("January 13, 2016, 10:00", "2016-01-12T10:00+01:00", "en")
    'day'
    >>> disagreement("23 апреля 2013 г.", "2013-04-23", "ru")
    >>> disagreement("today", "2016-01-12", "en")
    """
    match = _VALUE.match(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    shown = _shown(text)
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
    return None


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
