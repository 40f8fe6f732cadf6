"""Units of measure: an amount's unit changed in translation ("120 kilometres" → "120 miles").

Takes a translation; finds the units its source and its target name after a number, in each
language's words and symbols as CLDR writes them (:func:`relay.core.cldr.unit_names`) and as
press releases also write them ("m2", "sq km", "кв. м"); gives an error for each unit the
target names that the source does not, of a kind (length, mass, area, …) the source measures
in, and for each unit the target puts after a number the source gives with another unit ("40
km²" → "40 km": a kind changed, "300 m²" → "300 m³"). Numbers are read in each language's
format (:func:`relay.checks.recognize.numbers`). A unit the target leaves unnamed is not
reported: Russian inflects a unit's name beyond the forms CLDR lists ("километрах"), and a
number the translation lost is ``number-value``'s to report.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.recognize import numbers
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
# Ways press releases write a unit that CLDR does not list: ASCII digits for the superscript
# ("m2", "km3"), English "sq" and Russian "кв.", "куб." (the "метров" after "кв." would
# otherwise be read as a length). Symbols, compared as written.
_MORE_SYMBOLS: dict[str, tuple[str, ...]] = {
    "area-square-kilometer": ("km2", "sq km", "sq. km", "кв. км", "кв.км", "км2"),
    "area-square-meter": ("m2", "sq m", "sq. m", "кв. м", "кв.м", "м2"),
    "volume-cubic-meter": ("m3", "cu m", "cu. m", "куб. м", "куб.м", "м3"),
}
_MORE_WORDS: dict[str, tuple[str, ...]] = {
    "area-square-kilometer": ("sq kilometres", "sq kilometers", "кв. километров",
                              "кв. километра", "кв. километр"),
    "area-square-meter": ("sq metres", "sq meters", "кв. метров", "кв. метра", "кв. метр"),
    "volume-cubic-meter": ("куб. метров", "куб. метра", "куб. метр"),
}  # fmt: skip


@check("unit-value", "error")
def unit_value(item: Translation, context: Context) -> Iterator[str]:
    """A unit of measure differs from the source's: "120 kilometres" → "120 miles",
    "40 hectares" → "40 acres", "5 °C" → "5 °F", "40 km²" → "40 km". A unit counts after a
    number (its words, or its symbol right after the digits); units of time are not compared (a
    translator may write "two weeks" as "quatorze jours")."""
    source = _units(prose(item.source), item.source_lang)
    if not source:
        return
    measured: dict[str, str] = {}
    by_amount: dict[Decimal, dict[str, str]] = {}
    for unit, name, amount in source:
        measured.setdefault(unit.split("-")[0], name)
        if amount is not None:
            by_amount.setdefault(amount, {}).setdefault(unit, name)
    units = {unit for unit, _, _ in source}
    reported = set()
    for unit, name, amount in _units(prose(item.target), item.lang):
        kind = unit.split("-")[0]
        if unit in reported:
            continue
        if unit not in units and kind in measured:
            reported.add(unit)
            yield (
                f"unit “{name}” is not the source's (“{measured[kind]}”): keep the source's"
                " unit and its number"
            )
        elif amount in by_amount and unit not in by_amount[amount]:
            # The same number with another unit: "40 km²" → "40 km", "300 m²" → "300 m³".
            reported.add(unit)
            theirs = "”, “".join(by_amount[amount].values())
            yield (
                f"unit “{name}” is not the source's (“{theirs}”) after the same number: keep"
                " the source's unit"
            )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _units(text: str, tag: str) -> tuple[tuple[str, str, Decimal | None], ...]:
    """The units a text names after a number, each with how it is written and the number
    before it (None when no number is read right there: one written in another language's
    format); none in a language CLDR does not know, nor in a text without a digit (most
    sentences)."""
    if not _DIGIT.search(text) or not cldr.is_known(tag):
        return ()
    names, pattern = _names(tag)
    found: list[tuple[str, str, Decimal | None]] = []
    amounts: list[tuple[int, Decimal]] | None = None
    for match in pattern.finditer(text):
        written = match.group()
        key = written if written in names else written.lower()
        unit, short = names.get(key, ("", False))
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if not unit or not (_DIGIT_BEFORE if short else _NUMBER_BEFORE).search(before):
            continue
        if amounts is None:  # read once, for a text that names a unit
            amounts = [
                (value.start + len(value.text), value.value)
                for value in numbers(text, tag)
                if isinstance(value.value, Decimal)
            ]
        found.append((unit, written, _amount_before(text, amounts, match.start())))
    return tuple(found)


def _amount_before(text: str, amounts: list[tuple[int, Decimal]], start: int) -> Decimal | None:
    """The number that ends last before a unit, when no other digit stands between them (a
    digit the language does not read as part of the number: none is paired)."""
    # The numbers are in the text's order: found by bisection, not by a scan per unit.
    before = bisect.bisect_right(amounts, start, key=lambda pair: pair[0])
    if before == 0:
        return None
    end, amount = amounts[before - 1]
    return None if _DIGIT.search(text, end, start) else amount


@lru_cache(maxsize=16)
def _names(tag: str) -> tuple[dict[str, tuple[str, bool]], re.Pattern[str]]:
    """The language's unit names (words lower-cased, symbols as written) and one pattern
    finding them, longest first ("kilometres per hour" before "kilometres")."""
    names: dict[str, tuple[str, bool]] = {}
    for name, unit, short in cldr.unit_names(tag):
        names.setdefault(name if short else name.lower(), (unit, short))
    for unit, spellings in _MORE_SYMBOLS.items():
        for spelling in spellings:
            names.setdefault(spelling, (unit, True))
    for unit, spellings in _MORE_WORDS.items():
        for spelling in spellings:
            names.setdefault(spelling, (unit, False))
    words = sorted((name for name, (_, short) in names.items() if not short), key=len)
    symbols = sorted((name for name, (_, short) in names.items() if short), key=len)
    alternatives = [f"(?i:{re.escape(word)})" for word in reversed(words)]
    alternatives += [re.escape(symbol) for symbol in reversed(symbols)]
    # Not inside a word: "kilometres" in "kilometresque", "km" in "kmh"; nor a symbol before
    # a digit ("km" of "km2" is no length).
    pattern = rf"(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W_])"
    return names, re.compile(pattern)
