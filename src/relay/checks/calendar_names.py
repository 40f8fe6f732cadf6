"""Weekday and month names a text states without a full date: "on Friday", "every March".

Takes a source and its translation (plain text, URLs and addresses blanked) and their
languages; gives the names of the source that the translation changed, each with the name it
put in its place. Full dates ("19 April 2013", "April 2013") are :mod:`relay.checks.values`'
to compare and are left out here; a weekday beside a date ("Friday, 19 April") is a name.

Names are CLDR's full ones (through :mod:`relay.core.cldr`), in a date and standing alone
(the Russian genitive "марта" and nominative "март"), and, in Russian, the cases a sentence
puts them in ("в марте", "в пятницу", "по понедельникам"). Abbreviations are not read: "sept"
is seven in French, "mer" the sea and "jeu" a game, and prose writes these names in full.

>>> [(c.kind, c.old, c.new) for c in changed("on Friday", "jeudi", "fr", "en")]
[('weekday', 'Friday', 'jeudi')]
>>> changed("every March", "chaque année en mars", "fr", "en")
()
>>> [(c.kind, c.old, c.new) for c in changed("in March", "в апреле", "ru", "en")]
[('month', 'March', 'апреле')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from relay.checks.recognize import recognize
from relay.checks.text import CACHED_TEXTS, prose
from relay.core import cldr

Kind = Literal["weekday", "month"]

# Russian case endings the CLDR names lack: hard and soft months ("марте", "мае"), weekdays
# by their last letter ("вторника", "пятницу", "воскресенье" → "воскресенья").
_RUSSIAN_ENDINGS = {
    "month-hard": ("а", "е", "у", "ом"),
    "month-soft": ("я", "е", "ю", "ем", "ём"),
    "weekday-consonant": ("а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"),
    "weekday-а": ("а", "у", "ы", "е", "ой", "ам", "ами", "ах"),
    "weekday-е": ("е", "я", "ю", "ем", "ям", "ями", "ях"),
}
# Weekday names that are also other words: Russian "среда" is Wednesday and the environment
# ("окружающая среда", "на окружающую среду"). Its forms are read as Wednesday only as "в
# среду", "до среды", "по средам": one of these forms with a preposition right before it
# ("в среде" is "in a medium").
_ALSO_OTHER_WORDS = {"ru": ("сред", frozenset({"среду", "среды", "средам"}))}
_PREPOSITION_BEFORE = re.compile(r"(?:^|[^\w])(?:в|во|на|по|до|со|с|к)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """A name of the source the translation put another in place of."""

    kind: Kind
    old: str  # as the source writes it
    new: str  # as the translation writes the name in its place
    written: str  # the source's name in the translation's language (nominative)


@dataclass(frozen=True)
class _Name:
    kind: Kind
    number: int
    text: str


def changed(source: str, target: str, lang: str, source_lang: str) -> tuple[Change, ...]:
    """The weekdays and months (without a full date) the source names and the translation
    names differently: it names another, and not the source's.

    A name the translation leaves out with none in its place is not reported: "the same day",
    "that month" say it another way. A name the translation adds is not either: it may make
    explicit what the source says another way ("this month").
    """
    wanted = _source_names(source, source_lang)
    if not wanted:
        return ()  # most sources name no weekday and no month
    stated = _names(prose(target), lang, source_lang)
    found: list[Change] = []
    for kind in ("weekday", "month"):
        old = [name for name in wanted if name.kind == kind]
        new = [name for name in stated if name.kind == kind]
        missing = _firsts(name for name in old if name.number not in {n.number for n in new})
        extra = _firsts(name for name in new if name.number not in {n.number for n in old})
        for was, now in zip(missing, extra, strict=False):
            written = _name_of(kind, was.number, lang)
            found.append(Change(kind, was.text, now.text, written))
    return tuple(found)


def _firsts(names: Iterable[_Name]) -> list[_Name]:
    """Each number once, where it is first named."""
    seen: dict[int, _Name] = {}
    for name in names:
        seen.setdefault(name.number, name)
    return list(seen.values())


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _source_names(source: str, source_lang: str) -> tuple[_Name, ...]:
    return _names(prose(source), source_lang)


def _names(text: str, lang: str, *also: str) -> tuple[_Name, ...]:
    """The weekday and month names of ``text`` in its language and in ``also`` (a name left
    in the source's language is the source's name, not another), outside full dates."""
    found: list[_Name] = []
    for tag in dict.fromkeys((lang, *also)):
        pattern, numbers = _pattern(tag)
        if not pattern.search(text):
            continue
        bare = _without_dates(text, tag)
        for match in pattern.finditer(bare):
            word = match.group()
            if _also_another_word(word, tag, bare[max(0, match.start() - 8) : match.start()]):
                continue
            kind, number = numbers[word]
            found.append(_Name(kind, number, word))
    return tuple(found)


def _without_dates(text: str, lang: str) -> str:
    """The text with its full dates blanked out (their months are compared as dates)."""
    dates = sorted(
        (value.start, value.start + len(value.text))
        for value in recognize(text, lang)
        if value.kind == "date"
    )
    # Cut once, not once per date: a text of many dates is copied once (linear time).
    pieces, position = [], 0
    for start, end in dates:
        pieces += [text[position:start], " " * (end - start)]
        position = end
    return "".join(pieces) + text[position:]


def _also_another_word(word: str, lang: str, before: str) -> bool:
    """Tell whether a name is here another word (:data:`_ALSO_OTHER_WORDS`)."""
    stem, forms = _ALSO_OTHER_WORDS.get(lang.split("-")[0].lower(), ("", frozenset()))
    if not stem or not word.lower().startswith(stem):
        return False
    return word.lower() not in forms or _PREPOSITION_BEFORE.search(before) is None


@lru_cache(maxsize=64)
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[Kind, int]]]:
    """One pattern for every weekday and month name of a language, and what each names."""
    numbers: dict[str, tuple[Kind, int]] = {}
    base = lang.split("-")[0].lower()
    kinds: tuple[tuple[Kind, dict[str, int]], ...] = (
        ("weekday", cldr.wide_day_names(lang)),
        ("month", cldr.wide_month_names(lang)),
    )
    for kind, names in kinds:
        for name, number in names.items():
            for form in _forms(name, kind, base):
                numbers.setdefault(form, (kind, number))
    alternatives = "|".join(re.escape(form) for form in sorted(numbers, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])"), numbers


def _forms(name: str, kind: str, base: str) -> list[str]:
    """How a text may write a name: as CLDR does; capitalised at a sentence's start where CLDR
    writes it in lower case (never in lower case where CLDR capitalises it: "may" and "march"
    are verbs); in Russian, in every case."""
    forms = [name]
    if declined(base):
        forms += _russian_cases(name.lower(), kind)
    if name[:1].islower():
        forms += [form[:1].upper() + form[1:] for form in forms]
    return forms


def _russian_cases(name: str, kind: str) -> list[str]:
    """A name's case forms, from its nominative (a genitive "марта" gives none)."""
    if kind == "month":
        if name.endswith(("я", "а")):
            return []  # the genitive: its cases come from the nominative "март"
        soft = name[-1] in "ьй"
        stem = name[:-1] if soft else name
        return [stem + ending for ending in _RUSSIAN_ENDINGS[f"month-{'soft' if soft else 'hard'}"]]
    if name[-1] in "ае":
        return [name[:-1] + ending for ending in _RUSSIAN_ENDINGS[f"weekday-{name[-1]}"]]
    return [name + ending for ending in _RUSSIAN_ENDINGS["weekday-consonant"]]


def declined(lang: str) -> bool:
    """Tell whether names are read in every case in ``lang`` (a name to write may need one)."""
    return lang.split("-")[0].lower() == "ru"


@lru_cache(maxsize=256)
def _name_of(kind: str, number: int, lang: str) -> str:
    """A weekday's or month's full name standing alone (the nominative, where cases differ)."""
    names = cldr.wide_day_names(lang) if kind == "weekday" else cldr.wide_month_names(lang)
    # The stand-alone names come last: the last name of a number is the one standing alone.
    return {number: name for name, number in names.items()}[number]
