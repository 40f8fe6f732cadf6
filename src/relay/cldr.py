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
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.plurals import get_plural

PSEUDO_LOCALES = frozenset({"qps", "qps-ploc"})


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
    if tag.lower() in PSEUDO_LOCALES:
        return format_date(date, "long", locale="en")
    return format_date(date, "long", locale=_locale(tag))


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
