"""Fractions: "½", "2¼", "one third", "three quarters", "by half", "la moitié", "две трети".

Takes a text and its language (English, French, Russian for words; the vulgar fraction
characters in every language); gives the fractions it states (:func:`fractions_in`), each with
its value and how it is written, and pairs a source's fraction the translation does not state
with one the translation states and the source does not (:func:`changed_fractions`): "½" →
"¼", "one third" → "un quart", "by half" → "d'un tiers".

Words are read only where they can be nothing else: "a third" and "a quarter" with "of" after
them or "by" before ("a third reading", "the first quarter" are no fractions), "half" only as
"by half", "a half", "one half", "halved", "half of", "half the" (not "the first half of", "la
seconde moitié", "вторая половина": a period); French "tiers" and "quart" after a numeral ("un
pays tiers" is a third country), Russian "треть" and "четверть" in the forms no ordinal shares.
Approximate words ("a dozen", "une vingtaine") are not read here: see
:mod:`relay.checks.number_words`, which leaves the words of about a number unread.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

from relay.checks.text import CACHED_TEXTS

_SP = r"[\s\u00a0\u202f]"
# Each language's fraction words, as (pattern, value); the patterns find words, not parts of
# words, and are tried in this order (the longest first: "two thirds" before "a third").
_OF = rf"(?={_SP}+of\b)"
_BY = rf"(?<=\bby{_SP})"
_WORDS: dict[str, tuple[tuple[str, Fraction], ...]] = {
    "en": (
        (rf"two[\s\u00a0-]thirds(?:{_OF}|(?<=-thirds))", Fraction(2, 3)),
        (rf"three[\s\u00a0-]quarters(?:{_OF}|(?<=-quarters))", Fraction(3, 4)),
        (rf"(?:{_BY}(?:a|one)[\s\u00a0-]third|(?:a|one)[\s\u00a0-]third{_OF}|one-third)",
         Fraction(1, 3)),
        (rf"(?:{_BY}(?:a|one)[\s\u00a0-]quarter|(?:a|one)[\s\u00a0-]quarter{_OF}|one-quarter)",
         Fraction(1, 4)),
        (rf"{_BY}half|(?:a|one)[\s\u00a0-]half|halved"
         rf"|(?<!first )(?<!second )(?<!last )half(?={_SP}+(?:of|the)\b)",
         Fraction(1, 2)),
    ),
    "fr": (
        (rf"deux{_SP}+tiers", Fraction(2, 3)),
        (rf"trois{_SP}+quarts", Fraction(3, 4)),
        (rf"(?:un|d['’]un){_SP}*tiers", Fraction(1, 3)),
        (rf"(?:un|d['’]un){_SP}*quart(?!{_SP}+de{_SP}+finale)", Fraction(1, 4)),
        (r"(?<!première )(?<!seconde )(?<!deuxième )(?<!dernière )moitié"
         rf"|(?:et|une?){_SP}+demie?", Fraction(1, 2)),
    ),
    "ru": (
        (rf"(?:две|двух){_SP}+трет(?:и|ей|ям|ями|ях)", Fraction(2, 3)),
        (rf"(?:три|тр[её]х){_SP}+четверт(?:и|ей|ям|ями|ях)", Fraction(3, 4)),
        (r"треть|трети", Fraction(1, 3)),
        (r"четверть|четверти|четвертью", Fraction(1, 4)),
        (r"(?<!первая )(?<!вторая )(?<!первой )(?<!второй )(?<!первую )(?<!вторую )"
         r"половин(?:а|ы|у|ой|е)", Fraction(1, 2)),
    ),
}  # fmt: skip
# A vulgar fraction character, after digits or not ("2½" is two and a half).
_VULGAR = re.compile(r"(\d*)([\u00bc-\u00be\u2150-\u215e])")


@lru_cache(maxsize=16)
def _pattern(lang: str) -> tuple[re.Pattern[str], tuple[Fraction, ...]] | None:
    words = _WORDS.get(lang.split("-")[0].lower())
    if words is None:
        return None
    groups = "|".join(f"(?P<f{index}>{written})" for index, (written, _) in enumerate(words))
    pattern = re.compile(rf"(?<![^\W\d_])(?:{groups})(?![^\W\d_])", re.IGNORECASE)
    return pattern, tuple(value for _, value in words)


@lru_cache(maxsize=CACHED_TEXTS)  # a source is compared once per language
def fractions_in(text: str, lang: str) -> tuple[tuple[Fraction, str], ...]:
    """The fractions a text states, in order, each with how it is written.

    >>> [(str(value), written) for value, written in fractions_in("2½ and one third of", "en")]
    [('5/2', '2½'), ('1/3', 'one third')]
    """
    found: list[tuple[int, Fraction, str]] = []
    for match in _VULGAR.finditer(text):
        value = Fraction(unicodedata.numeric(match[2])).limit_denominator(1000)
        found.append((match.start(), int(match[1] or 0) + value, match.group()))
    compiled = _pattern(lang)
    if compiled is not None:
        pattern, values = compiled
        for match in pattern.finditer(text):
            value = values[int(str(match.lastgroup)[1:])]
            found.append((match.start(), value, match.group()))
    return tuple((value, written) for _, value, written in sorted(found, key=lambda f: f[0]))


def changed_fractions(
    source: str,
    target: str,
    source_lang: str,
    lang: str,
    source_numbers: Iterable[object],
    target_numbers: Iterable[object],
) -> tuple[tuple[str, str, Fraction], ...]:
    """Pair the fractions the source states and the translation does not (as a fraction, in
    the source's words left in it, or as a number: "½" and "0,5") with those the translation
    states and the source does not: (source's fraction, translation's, the source's value). A
    fraction left out with none in its place is not reported: a sentence may say it another
    way ("most of")."""
    stated = fractions_in(source, source_lang)
    if not stated:
        return ()
    written = fractions_in(target, lang)
    if not written:
        return ()
    kept = {value for value, _ in (*written, *fractions_in(target, source_lang))}
    have = {value for value, _ in stated}
    target_amounts = sorted(Fraction(str(number)) for number in target_numbers)
    source_amounts = sorted(Fraction(str(number)) for number in source_numbers)
    lost = [(value, words) for value, words in stated if not _told(value, kept, target_amounts)]
    added = [(value, words) for value, words in written if not _told(value, have, source_amounts)]
    return tuple(
        (old_words, new_words, old)
        for (old, old_words), (_, new_words) in zip(lost, added, strict=False)
    )


def _told(value: Fraction, fractions: set[Fraction], numbers: list[Fraction]) -> bool:
    """Tell whether a fraction is among others, or told as a number (``numbers``, sorted):
    "0,5", or a percentage rounded to a whole one ("33 %" for a third)."""
    if value in fractions:
        return True
    # By bisection: a number equal to the fraction, or within one of it as a percentage.
    return near(numbers, value, Fraction(0)) or near(numbers, value * 100, Fraction(1))


def near(ordered: list[Fraction], value: Fraction, within: Fraction) -> bool:
    """Tell whether a sorted list holds a value closer than ``within`` to ``value`` (equal
    to it, for none)."""
    at = bisect.bisect_left(ordered, value - within)
    if at == len(ordered):
        return False
    return ordered[at] == value if within == 0 else ordered[at] < value + within
