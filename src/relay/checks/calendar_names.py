"""Weekday and month names a text states without a full date: "on Friday", "every March".

Takes a source and its translation (plain text, URLs and addresses blanked) and their
languages; gives the names of the source that the translation changed, each with the name it
put in its place. Full dates ("19 April 2013", "April 2013") are :mod:`relay.checks.values`'
to compare and are left out here; a weekday beside a date ("Friday, 19 April") is a name.

Names are CLDR's full ones (through :mod:`relay.core.cldr`), in a date and standing alone
(the Russian genitive "марта" and nominative "март"), and, in Russian, the cases a sentence
puts them in ("в марте", "в пятницу", "по понедельникам"). CLDR's abbreviations ("Fri",
"jeu.", "пт", "Mar", "avr."), in a date and standing alone, are read only where they can be
nothing but a name (:func:`_stands_for_a_name`): one that is no word of its language ("Fri",
"Oct", "juil.", "авг."), anywhere; any other as the whole text (a table's cell), joined to
another name of its kind ("Mon–Fri", "Sat/Sun", "lun. et mer."), a weekday right before a
day's number ("Sat 5 June", "jeu. 5"), or with its dot followed by a lower-case word ("le
jeu. prochain"). Anywhere else they are words: "Sun", "Wed", "Sat" and "Mar" are English
words or names, "mer." ends "la mer." and "jeu." ends "c'est un jeu.", "12 пт" is twelve
points and "ср. 5" "compare 5": a capital or a dot alone proves nothing.

>>> [(c.kind, c.old, c.new) for c in changed("on Friday", "jeudi", "fr", "en")]
[('weekday', 'Friday', 'jeudi')]
>>> changed("every March", "chaque année en mars", "fr", "en")
()
>>> [(c.kind, c.old, c.new) for c in changed("in March", "в апреле", "ru", "en")]
[('month', 'March', 'апреле')]
"""

from __future__ import annotations

import datetime as dt
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


# What joins two names of a range or a list ("Mon–Fri", "Sat/Sun", "lun. et mer.", "пн и ср").
_JOINED = re.compile(
    r"\.?\s*(?:[-\u2010-\u2015/,&+]|(?:and|or|to|through|et|ou|à|au|и|или|по|до)(?!\w))\s*",
    re.IGNORECASE,
)
# Runs of letters: "d’avril" and "Mon-Fri" hold two.
_LETTERS = re.compile(r"[^\W\d_]+")
# What stands between a weekday and the full date it is the day of ("vendredi 19 avril",
# "Friday, 19 April", "пятница, 19 апреля").
_BEFORE_DATE = re.compile(r"\.?,?\s*(?:the\s+|le\s+)?")
# A day's number (or a time's hour) right after a weekday, with the dot English may add.
_DAY_AFTER = re.compile(r"\.?[\s,]*\d{1,2}(?!\d)")
# The letter after an abbreviation's dot: in lower case, the sentence goes on.
_NEXT_LETTER = re.compile(r"\s*([^\W\d_])")
# The abbreviations that are no word or name of their language, read wherever written as
# CLDR writes them ("on Fri", "en juil."). Not "Sun", "Mon", "Wed", "Sat", "Jan", "Mar", "Jun"
# (words and names), not "mar.", "mer.", "jeu.", "sam.", "dim.", "sept." (French words
# before a sentence's dot), nor any Russian weekday ("Вт" is a watt, "пт" a point, "ср." is
# "compare", "сб." a collection).
_NO_WORD = {
    "en": frozenset("Tue Thu Fri Feb Apr Jul Aug Sep Oct Nov Dec".split()),
    "fr": frozenset("lun. ven. janv. févr. avr. juil. oct. nov. déc.".split()),
    "ru": frozenset("янв. февр. мар. апр. июн. июл. авг. сент. окт. нояб. дек.".split()),
}


@dataclass(frozen=True)
class Change:
    """A name of the source the translation put another in place of."""

    kind: Kind
    old: str  # as the source writes it
    new: str  # as the translation writes the name in its place
    written: str  # the source's name in the translation's language (nominative)
    declined: bool = False  # ``written`` takes the case the sentence needs


@dataclass(frozen=True)
class _Name:
    kind: Kind
    number: int
    text: str
    short: bool = False  # one of CLDR's abbreviations
    start: int = 0  # where the text names it
    end: int = 0


@dataclass(frozen=True)
class Addition:
    """A name the translation states and the source does not."""

    kind: Kind
    new: str  # as the translation writes it
    date: str = ""  # the full date a weekday stands before, and is not the day of
    written: str = ""  # that date's weekday, in the translation's language


def changed(source: str, target: str, lang: str, source_lang: str) -> tuple[Change, ...]:
    """The weekdays and months (without a full date) the source names and the translation
    names differently: it names another, and not the source's.

    A name the translation leaves out with none in its place is not reported: "the same day",
    "that month" say it another way.
    """
    return compared(source, target, lang, source_lang)[0]


def compared(
    source: str, target: str, lang: str, source_lang: str
) -> tuple[tuple[Change, ...], tuple[Addition, ...]]:
    """The names the translation changed (:func:`changed`), and those it added: a weekday or
    month the source does not name, in any form ("this week" → "vendredi", "on Friday" →
    "vendredi et samedi"), a false value as much as an added number.

    Not added: a name the source writes as it is (a proper noun: "Mars", "Mardi Gras"), one
    the source may name by an abbreviation not read as a name ("on Wed" → "mercredi"), and a
    weekday before a full date that is that date's day ("on 19 April 2013" → "le vendredi 19
    avril 2013"); one that is not the date's day is reported as such. Names inside full dates
    are the dates' own.
    """
    wanted = _source_names(source, source_lang)
    # Most translations name no weekday and no month: told at a glance, before their text is
    # read (what that leaves out, placeholders and addresses, adds no word).
    if not wanted and _name_words(lang, source_lang).isdisjoint(_LETTERS.findall(target.lower())):
        return (), ()
    text = prose(target)
    stated = _names(text, lang, source_lang)
    if not stated:
        return (), ()
    loose = {(name.kind, name.number) for name in _source_names(source, source_lang, True)}
    changes: list[Change] = []
    additions: list[Addition] = []
    for kind in ("weekday", "month"):
        old = [name for name in wanted if name.kind == kind]
        new = [name for name in stated if name.kind == kind]
        missing = _firsts(name for name in old if name.number not in {n.number for n in new})
        extra = _firsts(name for name in new if name.number not in {n.number for n in old})
        for was, now in zip(missing, extra, strict=False):
            # As wide as the name the translation wrote: "jeu." gives "ven.", "jeudi" "vendredi".
            written = _name_of(kind, was.number, lang, short=now.short)
            changes.append(
                Change(kind, was.text, now.text, written, declined(lang) and not now.short)
            )
        for now in extra[len(missing) :]:
            if (kind, now.number) in loose or _written_in(now.text, source):
                continue
            addition = _addition(now, text, lang)
            if addition is not None:
                additions.append(addition)
    return tuple(changes), tuple(additions)


def _written_in(word: str, source: str) -> bool:
    """Tell whether the source writes ``word`` as it is (a name copied, not a date stated)."""
    return re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", source) is not None


def _addition(name: _Name, text: str, lang: str) -> Addition | None:
    """What an added name is: a weekday before a full date says that date's day (nothing
    added when it does; reported as not its day when it does not, or can't be told without
    the year); any other is added."""
    if name.kind != "weekday":
        return Addition(name.kind, name.text)
    for value in recognize(text, lang):
        if value.kind != "date" or not _BEFORE_DATE.fullmatch(text, name.end, value.start):
            continue
        year, month, day = value.value if isinstance(value.value, tuple) else (None,) * 3
        if not (year and month and day):
            return None  # its day cannot be told: the date is the source's to state
        try:
            weekday = dt.date(year, month, day).weekday()
        except ValueError:
            return None  # no such day: date-value's to say
        if weekday == name.number:
            return None
        written = _name_of("weekday", weekday, lang, short=name.short)
        return Addition("weekday", name.text, value.text, written)
    return Addition(name.kind, name.text)


def _firsts(names: Iterable[_Name]) -> list[_Name]:
    """Each number once, where it is first named."""
    seen: dict[int, _Name] = {}
    for name in names:
        seen.setdefault(name.number, name)
    return list(seen.values())


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _source_names(source: str, source_lang: str, loose: bool = False) -> tuple[_Name, ...]:
    return _names(prose(source), source_lang, loose=loose)


def _names(text: str, lang: str, *also: str, loose: bool = False) -> tuple[_Name, ...]:
    """The weekday and month names of ``text`` in its language and in ``also`` (a name left
    in the source's language is the source's name, not another), outside full dates; with
    ``loose``, every abbreviation, also where it may be a word."""
    found: list[_Name] = []
    for tag in dict.fromkeys((lang, *also)):
        if _name_words(tag).isdisjoint(_LETTERS.findall(text.lower())):
            continue
        pattern, numbers = _pattern(tag)
        short, short_numbers = _abbreviations(tag)
        bare = _without_dates(text, tag)
        names: list[_Name] = []
        for match in pattern.finditer(bare):
            word = match.group()
            if _also_another_word(word, tag, bare[max(0, match.start() - 8) : match.start()]):
                continue
            kind, number = numbers[word]
            names.append(_Name(kind, number, word, False, match.start(), match.end()))
        abbreviated = [
            _Name(*short_numbers[match.group()], match.group(), True, match.start(), match.end())
            for match in short.finditer(bare)
        ]
        # Each abbreviation is asked of its neighbours only, and the whole text is stripped
        # once: a text of many names is read in linear time.
        every = sorted(names + abbreviated, key=lambda name: name.start)
        whole = text.strip()
        for index, name in enumerate(every):
            if name.short and not loose:
                neighbours = every[max(0, index - 1) : index] + every[index + 1 : index + 2]
                if not _stands_for_a_name(text, name, neighbours, tag, whole):
                    continue
            found.append(name)
    return tuple(found)


def _stands_for_a_name(
    text: str, found: _Name, neighbours: list[_Name], lang: str, whole: str
) -> bool:
    """Tell whether an abbreviation ``found`` in ``text`` (in ``lang``; ``whole`` is the text
    stripped) is a name here: one that is no word (:data:`_NO_WORD`), the whole text, joined
    to a neighbouring name of its kind, a weekday before a day's number (in the text as
    written: a date after it is blanked in the text the names were found in), or one whose
    dot a lower-case word follows."""
    start, end = found.start, found.end
    if found.text in _NO_WORD.get(lang.split("-")[0].lower(), ()):
        return True
    if whole in {found.text, f"{found.text}.", f"{found.text}:"}:
        return True
    if found.kind == "weekday" and _DAY_AFTER.match(text, end):
        return True
    after = _NEXT_LETTER.match(text, end)
    if found.text.endswith(".") and after and after.group(1).islower():
        return True  # a dot a sentence does not end at ("le jeu. prochain")
    for other in neighbours:
        if other.kind != found.kind:
            continue
        gap = text[end : other.start] if other.start >= end else text[other.end : start]
        if _JOINED.fullmatch(gap):
            return True
    return False


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


@lru_cache(maxsize=64)
def _name_words(*langs: str) -> frozenset[str]:
    """The runs of letters (:data:`_LETTERS`) of every name :func:`_names` may read in these
    languages, lower-cased ("10月" gives "月"): a text none of whose runs is one names no day
    and no month. Each translation is asked, not only the few sources that name one; a set is
    asked faster than a pattern is searched."""
    return frozenset(
        run
        for lang in langs
        for name in (*_pattern(lang)[1], *_abbreviations(lang)[1])
        for run in _LETTERS.findall(name.lower())
    )


@lru_cache(maxsize=64)
def _abbreviations(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[Kind, int]]]:
    """One pattern for every abbreviated weekday and month name of a language that is not also
    a full one ("mars", "мая" are read as names anywhere), and what each names; as CLDR writes
    it, and capitalised where CLDR writes it in lower case (a table's header, "Lun.–Ven.")."""
    full = _pattern(lang)[1]
    numbers: dict[str, tuple[Kind, int]] = {}
    kinds: tuple[tuple[Kind, dict[str, int]], ...] = (
        ("weekday", cldr.abbreviated_day_names(lang)),
        ("month", cldr.abbreviated_month_names(lang)),
    )
    for kind, names in kinds:
        for name, number in names.items():
            forms = [name, name[:1].upper() + name[1:]] if name[:1].islower() else [name]
            for form in forms:
                if form not in full and len(form.rstrip(".")) > 1:
                    numbers.setdefault(form, (kind, number))
    alternatives = "|".join(re.escape(form) for form in sorted(numbers, key=len, reverse=True))
    if not alternatives:  # every abbreviation is a full name (or the language has none)
        return re.compile(r"(?!)"), numbers
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
def _name_of(kind: str, number: int, lang: str, *, short: bool = False) -> str:
    """A weekday's or month's name standing alone (the nominative, where cases differ): its
    full name, or its abbreviation in place of one."""
    if short:
        names = (
            cldr.abbreviated_day_names(lang)
            if kind == "weekday"
            else cldr.abbreviated_month_names(lang)
        )
    else:
        names = cldr.wide_day_names(lang) if kind == "weekday" else cldr.wide_month_names(lang)
    # The stand-alone names come last: the last name of a number is the one standing alone.
    return {number: name for name, number in names.items()}[number]
