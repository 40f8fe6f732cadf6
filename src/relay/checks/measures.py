"""Units of measure: an amount's unit changed in translation ("120 kilometres" → "120 miles").

Takes a translation; finds the units its source and its target name after a number, in each
language's words and symbols as CLDR writes them (:func:`relay.core.cldr.unit_names`); gives an
error for each unit the target names that the source does not, of a kind (length, mass, area,
…) the source measures in. A unit the target leaves unnamed is not reported: Russian inflects a
unit's name beyond the forms CLDR lists ("километрах"), and a number the translation lost is
``number-value``'s to report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.text import CACHED_TEXTS, prose
from relay.core import cldr

# What may stand between a number and its unit's name: one word ("2.5 million hectares",
# "2,5 млн гектаров"), then "of" or "de" ("3,5 millions de tonnes"); not more ("une marche de
# 5 km à pied": "pied" is no foot). A symbol follows its digits.
_BEFORE = 32
_NUMBER_BEFORE = re.compile(
    r"\d[\s\u00a0\u202f]*(?:[^\W\d_]+\.?[\s\u00a0\u202f]+)?(?:(?:of|de|d['’])[\s\u00a0\u202f]*)?\Z",
    re.IGNORECASE,
)
_DIGIT_BEFORE = re.compile(r"\d[\s\u00a0\u202f]*\Z")
_DIGIT = re.compile(r"\d")


@check("unit-value", "error")
def unit_value(item: Translation, context: Context) -> Iterator[str]:
    """A unit of measure differs from the source's: "120 kilometres" → "120 miles",
    "40 hectares" → "40 acres", "5 °C" → "5 °F". A unit counts after a number (its words, or
    its symbol right after the digits); units of time are not compared (a translator may write
    "two weeks" as "quatorze jours")."""
    source = _units(prose(item.source), item.source_lang)
    if not source:
        return
    measured = {unit.split("-")[0]: name for unit, name in source.items()}
    for unit, name in _units(prose(item.target), item.lang).items():
        kind = unit.split("-")[0]
        if unit not in source and kind in measured:
            yield (
                f"unit “{name}” is not the source's (“{measured[kind]}”): keep the source's"
                " unit and its number"
            )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _units(text: str, tag: str) -> dict[str, str]:
    """The units a text names after a number, each with the first way it is written (none in
    a language CLDR does not know, nor in a text without a digit: most sentences)."""
    if not _DIGIT.search(text) or not cldr.is_known(tag):
        return {}
    names, pattern = _names(tag)
    found: dict[str, str] = {}
    for match in pattern.finditer(text):
        written = match.group()
        key = written if written in names else written.lower()
        unit, short = names.get(key, ("", False))
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if not unit or not (_DIGIT_BEFORE if short else _NUMBER_BEFORE).search(before):
            continue
        found.setdefault(unit, written)
    return found


@lru_cache(maxsize=16)
def _names(tag: str) -> tuple[dict[str, tuple[str, bool]], re.Pattern[str]]:
    """The language's unit names (words lower-cased, symbols as written) and one pattern
    finding them, longest first ("kilometres per hour" before "kilometres")."""
    names: dict[str, tuple[str, bool]] = {}
    for name, unit, short in cldr.unit_names(tag):
        names.setdefault(name if short else name.lower(), (unit, short))
    words = sorted((name for name, (_, short) in names.items() if not short), key=len)
    symbols = sorted((name for name, (_, short) in names.items() if short), key=len)
    alternatives = [f"(?i:{re.escape(word)})" for word in reversed(words)]
    alternatives += [re.escape(symbol) for symbol in reversed(symbols)]
    # Not inside a word: "kilometres" in "kilometresque", "km" in "kmh".
    pattern = rf"(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])"
    return names, re.compile(pattern)
