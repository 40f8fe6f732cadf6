"""Ranges written the other way round: "from 10 to 20" translated "de 20 à 10".

Takes the values a source and its translation state, matched by meaning
(:func:`relay.checks.values.compare` does that, in any order); gives each range of the source
(two values of one kind joined by a dash or by the source language's "to") that the
translation writes as a range too, joined its own way, with the same two ends the other way
round. Every value is there, so the checks of values alone pass; but a rise became a fall,
"2015–2020" a span that ends before it begins.

Only a range against a range: a translation that says it another way ("passé à 20, contre 10")
puts the ends in another order and is right. Both connectors are words that give a range a
direction ("to", "à", "до", a dash), never "and" (between 10 and 20 is between 20 and 10).

>>> from relay.checks.recognize import recognize
>>> source, target = "It rose from 10 to 20.", "Il est passé de 20 à 10."
>>> pairs = list(zip(recognize(source, "en"), reversed(recognize(target, "fr")), strict=True))
>>> swapped(source, target, pairs, "en", "fr")
(('number', '10 to 20', '20 à 10'),)
>>> swapped("It rose from 10 to 20.", "Passé à 20, contre 10.", [], "en", "fr")
()
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from relay.checks.recognize import Value

# What joins the two ends of a range, by language: a dash in any, and the words that say
# "up to" (a rise, a span of days). Languages not listed are read by their dashes alone.
_DASHES = r"[-‐‑‒–—]"
_WORDS = {
    "en": ("to", "through", "until", "till"),
    "fr": ("à", "au", "aux", "jusqu’à", "jusqu'à"),
    "ru": ("до", "по"),
    "de": ("bis",),
    "es": ("a", "al", "hasta"),
    "it": ("a", "al", "fino a"),
    "pt": ("a", "ao", "até"),
}


# What may follow a range's first end before the word that joins it to the second: its unit
# or scale, one or two words or a sign ("3 million to 7 million", "10 per cent to 20").
_UNIT = r"(?:\s*[%‰]|\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)?"


@lru_cache(maxsize=32)
def _connector(lang: str) -> re.Pattern[str]:
    """What may stand between a range's two ends in ``lang``, and nothing else."""
    words = _WORDS.get(lang.split("-")[0].lower(), ())
    spelled = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    joined = rf"\s*{_DASHES}\s*" + (rf"|\s+(?:{spelled})\s+" if spelled else "")
    return re.compile(rf"{_UNIT}(?:{joined})", re.IGNORECASE)


def _joined(text: str, first: Value, second: Value, lang: str) -> bool:
    """Whether ``first`` and ``second`` are the two ends of one range in ``text``."""
    between = text[first.start + len(first.text) : second.start]
    return _connector(lang).fullmatch(between) is not None


def swapped(
    source: str,
    target: str,
    pairs: Sequence[tuple[Value, Value]],
    source_lang: str,
    lang: str,
) -> tuple[tuple[str, str, str], ...]:
    """Give (the kind of its values, the source's range, the translation's) for each range
    whose ends the translation writes the other way round; ``pairs`` are the source's values
    matched with the translation's, ``source`` and ``target`` the texts they were read in."""
    ordered = sorted(pairs, key=lambda pair: pair[0].start)
    found: list[tuple[str, str, str]] = []
    for (low, low_there), (high, high_there) in pairwise(ordered):
        if low.kind != high.kind or low.value == high.value:
            continue
        if not _joined(source, low, high, source_lang):
            continue
        if high_there.start < low_there.start and _joined(target, high_there, low_there, lang):
            written = source[low.start : high.start + len(high.text)]
            there = target[high_there.start : low_there.start + len(low_there.text)]
            found.append((low.kind, written, there))
    return tuple(found)
