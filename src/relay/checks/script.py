"""The script check: a translation written in another language's script.

Takes a unit; flags a translation most of whose own words (those the source does not have:
names, addresses and acronyms are kept as they are) are in a script the target language is
not written in: Russian text in a French catalog, Latin text in a Russian one. Such a
translation is another language's text, and is never published (an error blocks the gate).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.text import CACHED_TEXTS, plain
from relay.exchange.returned import expected_script, own_words_script, words_of


@check("script", "error")
def wrong_script(item: Translation, context: Context) -> Iterator[str]:
    """A translation is written in a script its language does not use (Cyrillic in French,
    Latin in Russian): most likely another language's text, pasted or returned by mistake.
    """
    if not item.target:
        return
    expected = expected_script(item.lang)
    if expected is None or in_script(item.target, expected):
        return  # not one letter of another script: no word of it can be foreign
    # As foreign_script counts, from texts the other checks have read already, and each
    # source's words once (a source is checked once per language).
    found = own_words_script(plain(item.target), _source_words(item.source), expected)
    if found:
        yield f"written in {found} script; {item.lang} is written in {expected}"


def in_script(text: str, script: str) -> bool:
    """Tell whether every letter of ``text`` (in lower case, as the words are counted) is of
    ``script``: then :func:`foreign_script` finds no other, and need not count words."""
    # Each distinct character once, most of them among those seen to fit already.
    characters = set(text.lower())
    fitting = _FITTING.setdefault(script, set())
    if characters <= fitting:
        return True
    if not all(_fits(character, script) for character in characters - fitting):
        return False
    if len(fitting) < _FITTING_KEPT:
        fitting |= characters
    return True


# Per script, characters seen to be no letter or a letter of it (bounded: a text of every
# character of Unicode must not grow it without end).
_FITTING: dict[str, set[str]] = {}
_FITTING_KEPT = 4096


def _fits(character: str, script: str) -> bool:
    # As foreign_script names a letter's script: by the start of its Unicode name.
    return not character.isalpha() or unicodedata.name(character, "").startswith(script.upper())


@lru_cache(maxsize=CACHED_TEXTS)
def _source_words(source: str) -> frozenset[str]:
    return words_of(plain(source))
