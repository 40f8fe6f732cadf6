"""Locale facts from CLDR, through Babel: plural rules, dates, script direction, names.

Takes BCP 47 language tags (``fr``, ``pt-BR``, ``sr-Latn``); gives what catalogs and
published variants need to be right for that locale.

Every fact is a pure function of the tag, Babel's data and this module, and a command needs
a few dozen of them; reading them costs Babel's import and its locale data (0.05-0.09 s, a
tenth of an everyday command). So each fact found is remembered: :func:`recall` takes those a
previous run kept (:func:`facts_learned` gives them to keep, as a text that names the Babel
and the module it came from), and a fact asked again is given from memory, not from Babel,
which is then not imported at all.

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
import functools
import importlib.util
import json
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern

PSEUDO_LOCALES = frozenset({"qps", "qps-ploc"})
CURRENCIES = ("USD", "EUR", "GBP", "CHF", "JPY", "RUB", "CNY", "CAD")


P = ParamSpec("P")
T = TypeVar("T")

FACTS_FILE = "cldr-facts.json"
_FACTS_FORMAT = 1
_facts: dict[str, Any] = {}  # "function\x1fargument…" → the fact
_learned = False  # whether a fact was found in Babel since they were recalled


def _fact(function: Callable[P, T]) -> Callable[P, T]:
    """Remember what ``function`` gives for each tuple of text arguments (the facts)."""
    name = function.__name__

    @functools.wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> T:
        if kwargs or not all(type(arg) is str for arg in args):
            return function(*args, **kwargs)
        key = "\x1f".join((name, *args))  # type: ignore[arg-type]
        try:
            return _facts[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        global _learned
        value = function(*args, **kwargs)
        _facts[key] = value
        _learned = True
        return value

    return remembered


def _facts_key() -> str:
    """Name the code and data the facts come from: this module's and Babel's files, by size
    and modification time (found without importing Babel)."""
    spec = importlib.util.find_spec("babel")
    babel = Path(spec.origin) if spec is not None and spec.origin else None
    files = [Path(__file__)]
    if babel is not None:
        files += [babel, babel.with_name("global.dat")]
    parts = [str(_FACTS_FORMAT)]
    for file in files:
        try:
            status = os.stat(file)
        except OSError:
            parts.append(f"{file.name}:-")
            continue
        parts.append(f"{file.name}:{status.st_size}:{status.st_mtime_ns}")
    return ";".join(parts)


def recall(path: Path) -> None:
    """Take the facts kept in ``path`` (:func:`facts_learned`), if they come from this module
    and this Babel; a missing, damaged or foreign file is ignored (the facts are found again)."""
    try:
        kept = json.loads(path.read_text("utf-8"))
        if kept.get("key") != _facts_key():
            return
        facts = {key: _decoded(value) for key, value in kept["facts"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return
    for key, value in facts.items():
        _facts.setdefault(key, value)


def facts_learned() -> str | None:
    """The facts known now, as the text :func:`recall` reads, when any was found in Babel
    since (None: nothing new to keep). The same facts give the same bytes."""
    global _learned
    if not _learned:
        return None
    _learned = False
    facts = {key: _encoded(_facts[key]) for key in sorted(_facts)}
    return json.dumps(
        {"key": _facts_key(), "facts": facts}, ensure_ascii=False, separators=(",", ":")
    )


# The CLDR units whose words the checks compare (relay.checks.recognize and values).
UNITS = ("concentr-percent", "concentr-permille", "duration-hour")


def learn(tags: Iterable[str]) -> None:
    """Find every fact the pipeline asks of these languages (a project's) that is not known
    yet: found once, in this process, they are kept with the next run's state, where facts
    found by a run's workers would be lost, and no everyday run loads Babel for one."""
    for tag in tags:
        if _learned_all(tag):
            continue
        try:
            if not is_known(tag):
                continue
            plural_forms(tag)
            is_rtl(tag)
            language_name(tag)
            language_name(tag.split("-")[0])
            number_symbols(tag)
            month_names(tag)
            stand_alone_months(tag)
            wide_month_names(tag)
            wide_day_names(tag)
            abbreviated_month_names(tag)
            abbreviated_day_names(tag)
            scale_words(tag)
            currency_words(tag)
            date_order(tag)
            _long_date_form(tag)
            unit_names(tag)
            for unit in UNITS:
                unit_words(tag, unit)
        except Exception:  # found ahead only to be kept: where a fact is asked for, the
            continue  # same call says what is wrong, in the run that needs it


def _learned_all(tag: str) -> bool:
    names = (
        "is_known",
        "plural_forms",
        "is_rtl",
        "number_symbols",
        "_long_date_form",
        "unit_names",
    )
    return all(f"{name}\x1f{tag}" in _facts for name in names) and all(
        f"unit_words\x1f{tag}\x1f{unit}" in _facts for unit in UNITS
    )


def forget_facts() -> None:
    """Forget every fact (the next ones are read from Babel again)."""
    global _learned
    _facts.clear()
    _learned = False


def _encoded(value: Any) -> Any:
    """A fact as JSON: tuples, sets and maps tagged, so that each comes back as it was."""
    if isinstance(value, tuple):
        return {"t": [_encoded(item) for item in value]}
    if isinstance(value, frozenset):
        return {"s": sorted(value)}
    if isinstance(value, dict):
        return {"d": {key: _encoded(item) for key, item in value.items()}}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"a CLDR fact of type {type(value).__name__}")


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        (tag, items), *rest = value.items()
        if rest:
            raise ValueError("a fact tagged twice")
        if tag == "t":
            return tuple(_decoded(item) for item in items)
        if tag == "s":
            return frozenset(str(item) for item in items)
        if tag == "d":
            return {str(key): _decoded(item) for key, item in items.items()}
        raise ValueError(f"a fact tagged {tag!r}")
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError("a fact that is a list")


@lru_cache(maxsize=64)
def _locale(tag: str) -> Locale:
    from babel import Locale

    return Locale.parse(tag.replace("-", "_"))


@_fact
def is_known(tag: str) -> bool:
    """Tell whether CLDR knows the language (pseudo-locales count as known)."""
    from babel import UnknownLocaleError

    if tag.lower() in PSEUDO_LOCALES:
        return True
    try:
        _locale(tag)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@_fact
def plural_forms(tag: str) -> str:
    """Give the gettext ``Plural-Forms`` header value for the language."""
    from babel.messages.plurals import get_plural

    if tag.lower() in PSEUDO_LOCALES:
        return "nplurals=2; plural=(n != 1);"
    return str(get_plural(_locale(tag)).plural_forms)


def long_date(date: dt.date, tag: str) -> str:
    """Write a date the way the locale writes a date in running text: from the locale's
    long date form where it is made of day, month and year alone (1,143 of Babel's 1,147
    locales), else as Babel's ``format_date(date, "long")`` writes it."""
    form = _long_date_form(tag)
    if form is None:
        locale, pattern = _long_date_pattern(tag)
        return str(pattern.apply(date, locale))  # what format_date(date, "long", locale) does
    pieces, months = form
    written = []
    for piece in pieces:
        if piece == "\x00d":
            written.append(str(date.day))
        elif piece == "\x00dd":
            written.append(f"{date.day:02d}")
        elif piece == "\x00M":
            written.append(str(date.month))
        elif piece == "\x00MM":
            written.append(f"{date.month:02d}")
        elif piece == "\x00MMM":
            written.append(months[date.month + 11])
        elif piece == "\x00MMMM":
            written.append(months[date.month - 1])
        elif piece == "\x00y":
            written.append(str(date.year))
        else:
            written.append(piece)
    return "".join(written)


# The fields of a long date form :func:`long_date` writes itself, each a day, month or year
# in digits or the month's name: as Babel's DateTimeFormat writes them (numbers unpadded or
# padded to two, Western digits, the name in its "format" context).
_DATE_FIELDS = {("d", 1), ("d", 2), ("M", 1), ("M", 2), ("M", 3), ("M", 4), ("y", 1)}


@_fact
def _long_date_form(tag: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The locale's long date form as pieces (a field as NUL and its letters, or literal
    text) and its month names (twelve wide, then twelve abbreviated); None when it has
    another field (an era, a weekday): :func:`long_date` then asks Babel for each date."""
    from babel.dates import get_month_names, tokenize_pattern

    locale, pattern = _long_date_pattern(tag)
    pieces: list[str] = []
    for kind, value in tokenize_pattern(str(pattern.pattern)):
        if kind == "chars":
            pieces.append(str(value))
        elif kind == "field" and tuple(value) in _DATE_FIELDS:
            letter, count = value  # type: ignore[str-unpack]
            pieces.append("\x00" + str(letter) * int(count))
        else:
            return None
    wide = get_month_names("wide", "format", locale)
    short = get_month_names("abbreviated", "format", locale)
    months = tuple(str(wide[number]) for number in range(1, 13))
    months += tuple(str(short[number]) for number in range(1, 13))
    return tuple(pieces), months


@lru_cache(maxsize=64)
def _long_date_pattern(tag: str) -> tuple[Locale, DateTimePattern]:
    from babel import Locale
    from babel.dates import get_date_format

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
    from babel.dates import (
        format_date,
        format_skeleton,
        format_time,
        get_datetime_format,
        get_timezone_gmt,
    )

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


@_fact
def is_rtl(tag: str) -> bool:
    """Tell whether the language is written right to left."""
    if tag.lower() in PSEUDO_LOCALES:
        return False
    return _locale(tag).text_direction == "rtl"


@_fact
def language_name(tag: str) -> str:
    """Give the language's English name, as PO headers and reports show it."""
    if tag.lower() in PSEUDO_LOCALES:
        return "Pseudo-locale"
    return _locale(tag).get_display_name("en") or tag


@_fact
def autonym(tag: str) -> str:
    """Give the language's name in the language itself ("français", "العربية")."""
    if tag.lower() in PSEUDO_LOCALES:
        return "Pseudo-locale"
    locale = _locale(tag)
    return locale.get_display_name(locale) or tag


@_fact
def language_words(tag: str) -> tuple[str, str, str, str]:
    """How a page may name the language in words: its English name without and with the
    region or script (``French``, ``French (Canada)``), then its own name the same two ways
    (``français``, ``français (Canada)``)."""
    if tag.lower() in PSEUDO_LOCALES:
        return ("Pseudo-locale",) * 4
    locale = _locale(tag)
    english = locale.get_language_name("en") or tag
    own = locale.get_language_name(locale) or english
    return english, language_name(tag), own, autonym(tag)


def _data_locale(tag: str) -> Locale:
    return _locale("en" if tag.lower() in PSEUDO_LOCALES else tag)


@_fact
def number_symbols(tag: str) -> tuple[str, str]:
    """Give the locale's decimal sign and grouping separator.

    >>> number_symbols("fr"), number_symbols("ru"), number_symbols("en")
    ((',', '\u202f'), (',', '\xa0'), ('.', ','))
    """
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _data_locale(tag)
    return get_decimal_symbol(locale), get_group_symbol(locale)


# Units of measure a release states amounts in, as CLDR names them; a changed one is a false
# value (relay.checks.measures). Not durations (a translator may write "two weeks" as "quatorze
# jours"), nor pounds and ounces (a "pound" may be money). A US "ton" is read as a tonne: press
# releases write either for the metric one.
MEASURE_UNITS = (
    "length-kilometer length-meter length-centimeter length-millimeter length-mile"
    " length-nautical-mile length-foot length-inch length-yard mass-kilogram mass-gram"
    " mass-tonne mass-ton area-hectare area-square-kilometer area-square-meter area-acre"
    " area-square-mile volume-liter volume-cubic-meter volume-gallon temperature-celsius"
    " temperature-fahrenheit speed-kilometer-per-hour speed-mile-per-hour"
    " energy-kilowatt-hour power-kilowatt power-megawatt power-gigawatt"
).split()
_SAME_UNIT = {"mass-ton": "mass-tonne"}
# Spellings a language's CLDR data leaves to a regional variant: English's "kilometre",
# "litre", "tonne" are British (and the UN's).
_VARIANTS = {"en": ("en", "en_GB")}


@_fact
def unit_names(tag: str) -> tuple[tuple[str, str, bool], ...]:
    """Give each way the locale writes a unit of :data:`MEASURE_UNITS` after a number: the
    words (long, in each plural form) and the symbol (short; of two characters or more, "m"
    and "t" being also "million" and more), each with the unit and whether it is the symbol.

    >>> ("kilomètres", "length-kilometer", False) in unit_names("fr")
    True
    >>> ("km/h", "speed-kilometer-per-hour", True) in unit_names("en")
    True
    """
    from babel.units import format_unit

    base = tag.split("-")[0].lower()
    names: dict[tuple[str, str], bool] = {}
    for variant in _VARIANTS.get(base, (tag.replace("-", "_"),)):
        locale = _data_locale(variant)
        for unit in MEASURE_UNITS:
            for length in ("long", "short"):
                for number in (1, 2, 5, 1.5, 21):
                    written = str(format_unit(number, unit, length=length, locale=locale))
                    name = _UNIT_NUMBER.sub("", written).strip(" \u00a0\u202f")
                    if length == "long" or (len(name) >= 2 and name not in _WORD_SYMBOLS):
                        names.setdefault((name, _SAME_UNIT.get(unit, unit)), length == "short")
    return tuple((name, unit, short) for (name, unit), short in sorted(names.items()))


# Symbols that are also words after a number ("5 in 10", French "pi", "po").
_WORD_SYMBOLS = frozenset({"in", "ac", "pi", "po"})
# The number format_unit wrote, before the unit or after it.
_UNIT_NUMBER = re.compile(r"^\d[\d.,]*|\d[\d.,]*$")


@_fact
def month_names(tag: str) -> dict[str, int]:
    """Map every way the locale names a month (wide and abbreviated, in a date and standing
    alone, with and without the abbreviation's dot), lower-cased, to its number.

    >>> names = month_names("ru")
    >>> names["апреля"], names["апрель"], names["сент"]
    (4, 4, 9)
    """
    from babel.dates import get_month_names

    locale = _data_locale(tag)
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                names[name.lower()] = number
                names[name.lower().rstrip(".")] = number
    return names


@_fact
def stand_alone_months(tag: str) -> tuple[str, ...]:
    """Give the locale's wide stand-alone month names (the nominative, where cases differ).

    >>> stand_alone_months("ru")[:2]
    ('январь', 'февраль')
    """
    from babel.dates import get_month_names

    names = get_month_names("wide", "stand-alone", _data_locale(tag))
    return tuple(names[number].lower() for number in range(1, 13))


@_fact
def wide_month_names(tag: str) -> dict[str, int]:
    """Map the locale's full month names (in a date and standing alone), as CLDR writes them
    (capitalised or not), to their number: the names a text writes without a day or a year.

    >>> names = wide_month_names("ru")
    >>> names["марта"], names["март"], wide_month_names("en")["March"]
    (3, 3, 3)
    """
    from babel.dates import get_month_names

    return _wide_names(get_month_names, tag)


@_fact
def wide_day_names(tag: str) -> dict[str, int]:
    """Map the locale's full weekday names (in a date and standing alone), as CLDR writes them,
    to the day of the week (0 for Monday).

    >>> wide_day_names("fr")["vendredi"], wide_day_names("ru")["пятница"]
    (4, 4)
    """
    from babel.dates import get_day_names

    return _wide_names(get_day_names, tag)


@_fact
def abbreviated_month_names(tag: str) -> dict[str, int]:
    """Map the locale's abbreviated month names (in a date and standing alone), as CLDR writes
    them (with their dot), to their number.

    >>> names = abbreviated_month_names("fr")
    >>> names["avr."], names["mars"], abbreviated_month_names("en")["Mar"]
    (4, 3, 3)
    """
    from babel.dates import get_month_names

    return _wide_names(get_month_names, tag, width="abbreviated")


@_fact
def abbreviated_day_names(tag: str) -> dict[str, int]:
    """Map the locale's abbreviated weekday names (in a date and standing alone), as CLDR
    writes them, to the day of the week (0 for Monday).

    >>> abbreviated_day_names("fr")["jeu."], abbreviated_day_names("ru")["пт"]
    (3, 4)
    """
    from babel.dates import get_day_names

    return _wide_names(get_day_names, tag, width="abbreviated")


def _wide_names(names_of: Callable[..., Any], tag: str, width: str = "wide") -> dict[str, int]:
    locale = _data_locale(tag)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in names_of(width, context, locale).items():
            names[str(name)] = int(number)
    return names


@_fact
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


@_fact
def unit_words(tag: str, unit: str) -> tuple[str, ...]:
    """Give the words the locale writes after a number for a CLDR unit ("concentr-percent",
    "duration-hour"), every width and plural form, lower-cased, longest first.

    >>> unit_words("fr", "concentr-percent")
    ('pour cent', '%')
    """
    from babel.units import format_unit

    locale = _data_locale(tag)
    found = {
        "".join(c for c in format_unit(count, unit, length=width, locale=locale)
                if not (c.isdigit() or c in ",.")).strip(" \u00a0\u202f").lower()
        for width in ("long", "short", "narrow")
        for count in (1, 2, 5, 1.5)
    }  # fmt: skip
    return tuple(sorted((word for word in found if word), key=lambda w: (-len(w), w)))


@_fact
def currency_words(tag: str, codes: tuple[str, ...] = CURRENCIES) -> dict[str, str]:
    """Map the locale's symbols and names of common currencies (every plural form) to codes.

    >>> words = currency_words("ru")
    >>> words["долларов сша"], words["€"], words["usd"]
    ('USD', 'EUR', 'USD')
    """
    from babel.numbers import get_currency_name, get_currency_symbol

    locale = _data_locale(tag)
    found: dict[str, str] = {}
    for code in codes:
        found[code.lower()] = code
        found[get_currency_symbol(code, locale=locale).lower()] = code
        for count in (None, 1, 2, 5, 1.5):
            found[get_currency_name(code, count=count, locale=locale).lower()] = code
    return found


@_fact
def date_order(tag: str) -> str:
    """Give the order of day, month and year in the locale's short numeric dates.

    >>> date_order("en"), date_order("fr"), date_order("ja")
    ('mdy', 'dmy', 'ymd')
    """
    from babel.dates import get_date_format

    pattern = str(get_date_format("short", locale=_data_locale(tag)).pattern)
    order = sorted(("d", "m", "y"), key=lambda c: pattern.lower().find(c))
    return "".join(order)


@_fact
def implied_subtags(tag: str) -> frozenset[str]:
    """The script and region CLDR takes a bare language to imply (``fr``: ``latn``, ``fr``).

    >>> sorted(implied_subtags("fr"))
    ['fr', 'latn']
    """
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(tag.replace("-", "_").lower(), tag))
    return frozenset(part.lower() for part in likely.replace("_", "-").split("-")[1:])
