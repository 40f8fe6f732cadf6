"""Locale facts from CLDR, through Babel: plural rules, dates, script direction, names.

Takes BCP 47 language tags (``fr``, ``pt-BR``, ``sr-Latn``); gives what catalogs and
published variants need to be right for that locale.

>>> plural_forms("fr")
'nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;'
>>> import datetime
>>> long_date(datetime.date(2013, 4, 23), "ru")
'23 апреля 2013\u202fг.'
>>> is_rtl("ar"), is_rtl("fr")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import (
    DateTimePattern,
    format_date,
    format_skeleton,
    format_time,
    get_date_format,
    get_datetime_format,
    get_month_names,
    get_timezone_gmt,
)
from babel.messages.plurals import get_plural
from babel.numbers import (
    get_currency_name,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)
from babel.units import format_unit

PSEUDO_LOCALES = frozenset({"qps", "qps-ploc"})
CURRENCIES = ("USD", "EUR", "GBP", "CHF", "JPY", "RUB", "CNY", "CAD")


@lru_cache(maxsize=64)
def _locale(tag: str) -> Locale:
    return Locale.parse(tag.replace("-", "_"))


def is_known(tag: str) -> bool:
    """Tell whether CLDR knows the language (pseudo-locales count as known)."""
    if tag.lower() in PSEUDO_LOCALES:
        return True
    try:
        _locale(tag)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def plural_forms(tag: str) -> str:
    """Give the gettext ``Plural-Forms`` header value for the language."""
    if tag.lower() in PSEUDO_LOCALES:
        return "nplurals=2; plural=(n != 1);"
    return str(get_plural(_locale(tag)).plural_forms)


def long_date(date: dt.date, tag: str) -> str:
    """Write a date the way the locale writes a date in running text."""
    locale, pattern = _long_date_pattern(tag)
    return str(pattern.apply(date, locale))  # what format_date(date, "long", locale) does


@lru_cache(maxsize=64)
def _long_date_pattern(tag: str) -> tuple[Locale, DateTimePattern]:
    # Looked up once per language: a manifest writes a date for every release and language.
    locale = Locale.parse("en") if tag.lower() in PSEUDO_LOCALES else _locale(tag)
    return locale, get_date_format("long", locale=locale)


# The machine-readable values HTML's ``<time datetime>`` allows that name one instant or
# period relay can write in words: a year, a month, a day, a time, a day and a time (with an
# optional offset). Weeks, durations and yearless dates are left as the source wrote them.
_INSTANT = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?)?)?)?"
    r"|(?P<only>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)"
)


def instant_text(value: str, tag: str) -> str | None:
    """Write a ``<time datetime>`` value in words for the locale, in the value's own precision
    (year, month, day, day and time, time); None when the value is not one relay can write.

    >>> instant_text("2016-01-25", "fr"), instant_text("2016-01", "en")
    ('25 janvier 2016', 'January 2016')
    >>> instant_text("2016-01-25T14:30+01:00", "en")
    'January 25, 2016, 2:30\\u202fPM GMT+01:00'
    >>> instant_text("2016-W03", "fr") is None, instant_text("2016-02-30", "fr") is None
    (True, True)
    """
    match = _INSTANT.fullmatch(value.strip())
    if match is None:
        return None
    locale = _data_locale(tag)
    try:
        if match["only"]:
            return str(format_time(_time(match["only"]), "short", locale=locale))
        year, month, day = match["year"], match["month"], match["day"]
        if month is None:
            return year
        if day is None:
            return str(format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=locale))
        date = dt.date(int(year), int(month), int(day))
        written = str(format_date(date, "long", locale=locale))
        if match["time"] is None:
            return written
        time = _time(match["time"])
        clock = str(format_time(time, "short", locale=locale))
        pattern = str(get_datetime_format("long", locale=locale))
        combined = pattern.replace("{1}", written).replace("{0}", clock).replace("'", "")
        if match["zone"]:
            zone = match["zone"]
            offset = dt.UTC
            if zone != "Z":
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                hours, minutes = int(digits[:2]), int(digits[2:])
                offset = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
            moment = dt.datetime.combine(date, time, tzinfo=offset)
            combined += " " + str(get_timezone_gmt(moment, locale=locale))
        return combined
    except ValueError:  # 2016-02-30, 25:00: not an instant at all
        return None


def _time(text: str) -> dt.time:
    hour, minute, *rest = text.split(":")
    seconds = float(rest[0]) if rest else 0.0
    return dt.time(int(hour), int(minute), int(seconds))


def is_rtl(tag: str) -> bool:
    """Tell whether the language is written right to left."""
    if tag.lower() in PSEUDO_LOCALES:
        return False
    return _locale(tag).text_direction == "rtl"


def language_name(tag: str) -> str:
    """Give the language's English name, as PO headers and reports show it."""
    if tag.lower() in PSEUDO_LOCALES:
        return "Pseudo-locale"
    return _locale(tag).get_display_name("en") or tag


def _data_locale(tag: str) -> Locale:
    return _locale("en" if tag.lower() in PSEUDO_LOCALES else tag)


@lru_cache(maxsize=64)
def number_symbols(tag: str) -> tuple[str, str]:
    """Give the locale's decimal sign and grouping separator.

    >>> number_symbols("fr"), number_symbols("ru"), number_symbols("en")
    ((',', '\u202f'), (',', '\xa0'), ('.', ','))
    """
    locale = _data_locale(tag)
    return get_decimal_symbol(locale), get_group_symbol(locale)


@lru_cache(maxsize=64)
def month_names(tag: str) -> dict[str, int]:
    """Map every way the locale names a month (wide and abbreviated, in a date and standing
    alone, with and without the abbreviation's dot), lower-cased, to its number.

    >>> names = month_names("ru")
    >>> names["апреля"], names["апрель"], names["сент"]
    (4, 4, 9)
    """
    locale = _data_locale(tag)
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                names[name.lower()] = number
                names[name.lower().rstrip(".")] = number
    return names


def stand_alone_months(tag: str) -> tuple[str, ...]:
    """Give the locale's wide stand-alone month names (the nominative, where cases differ).

    >>> stand_alone_months("ru")[:2]
    ('январь', 'февраль')
    """
    names = get_month_names("wide", "stand-alone", _data_locale(tag))
    return tuple(names[number].lower() for number in range(1, 13))


@lru_cache(maxsize=64)
def scale_words(tag: str) -> dict[str, int]:
    """Map the locale's words for thousand, million, billion, trillion (long and short forms,
    every plural form) to their value; one-letter short forms ("k", "M") are left out.

    >>> words = scale_words("ru")
    >>> words["млн"], words["миллиона"], scale_words("fr")["millions"]
    (1000000, 1000000, 1000000)
    """
    locale = _data_locale(tag)
    found: dict[str, int] = {}
    for width in ("long", "short"):
        for patterns in locale.compact_decimal_formats.get(width, {}).values():
            for magnitude, pattern in patterns.items():
                value = int(magnitude)
                word = "".join(c for c in str(pattern.pattern) if not c.isdigit()).strip()
                word = word.strip("\u00a0 ")
                if len(word.rstrip(".")) > 1 and value in {10**3, 10**6, 10**9, 10**12}:
                    found.setdefault(word.lower(), value)
    return found


@lru_cache(maxsize=64)
def unit_words(tag: str, unit: str) -> tuple[str, ...]:
    """Give the words the locale writes after a number for a CLDR unit ("concentr-percent",
    "duration-hour"), every width and plural form, lower-cased, longest first.

    >>> unit_words("fr", "concentr-percent")
    ('pour cent', '%')
    """
    locale = _data_locale(tag)
    found = {
        "".join(c for c in format_unit(count, unit, length=width, locale=locale)
                if not (c.isdigit() or c in ",.")).strip(" \u00a0\u202f").lower()
        for width in ("long", "short", "narrow")
        for count in (1, 2, 5, 1.5)
    }  # fmt: skip
    return tuple(sorted((word for word in found if word), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=64)
def currency_words(tag: str, codes: tuple[str, ...] = CURRENCIES) -> dict[str, str]:
    """Map the locale's symbols and names of common currencies (every plural form) to codes.

    >>> words = currency_words("ru")
    >>> words["долларов сша"], words["€"], words["usd"]
    ('USD', 'EUR', 'USD')
    """
    locale = _data_locale(tag)
    found: dict[str, str] = {}
    for code in codes:
        found[code.lower()] = code
        found[get_currency_symbol(code, locale=locale).lower()] = code
        for count in (None, 1, 2, 5, 1.5):
            found[get_currency_name(code, count=count, locale=locale).lower()] = code
    return found


def date_order(tag: str) -> str:
    """Give the order of day, month and year in the locale's short numeric dates.

    >>> date_order("en"), date_order("fr"), date_order("ja")
    ('mdy', 'dmy', 'ymd')
    """
    pattern = str(get_date_format("short", locale=_data_locale(tag)).pattern)
    order = sorted(("d", "m", "y"), key=lambda c: pattern.lower().find(c))
    return "".join(order)


def implied_subtags(tag: str) -> frozenset[str]:
    """The script and region CLDR takes a bare language to imply (``fr``: ``latn``, ``fr``).

    >>> sorted(implied_subtags("fr"))
    ['fr', 'latn']
    """
    likely = str(get_global("likely_subtags").get(tag.replace("-", "_").lower(), tag))
    return frozenset(part.lower() for part in likely.replace("_", "-").split("-")[1:])
