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
from relay.exchange.returned import expected_script, foreign_script


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
    found = foreign_script(item.target, item.source, item.lang)
    if found:
        yield f"written in {found} script; {item.lang} is written in {expected}"


def in_script(text: str, script: str) -> bool:
    """Tell whether every letter of ``text`` (in lower case, as the words are counted) is of
    ``script``: then :func:`foreign_script` finds no other, and need not count words."""
    # Each distinct character once: the check runs on every unit of every catalog.
    return all(_fits(character, script) for character in set(text.lower()))


@lru_cache(maxsize=4096)
def _fits(character: str, script: str) -> bool:
    # As foreign_script names a letter's script: by the start of its Unicode name.
    return not character.isalpha() or unicodedata.name(character, "").startswith(script.upper())
