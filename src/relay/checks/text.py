"""Text as checks read it: placeholders dropped, addresses found, words and spaces told apart.

Takes coded unit text (``<1>…</1>`` placeholders); gives plain text, the URLs and e-mail
addresses in it, and its words. Every check reads text through these, so that a URL is never
mistaken for punctuation or a number, nor a placeholder for markup.

>>> urls("See <1>http://www.unece.org/env/water.html</1>, or www.unece.org/env.")
['http://www.unece.org/env/water.html', 'www.unece.org/env']
>>> urls("Go to //evil.example/x, javascript:alert(1) or evil.example/phish.")
['//evil.example/x', 'javascript:alert(1', 'evil.example/phish']
>>> emails("Write to <1>info.ece@unece.org</1>.")
['info.ece@unece.org']
"""

from __future__ import annotations

import re
from functools import lru_cache

from relay.core.addresses import EMAIL, URL
from relay.core.placeholders import strip

SPACES = " \u00a0\u202f\u2009\u2007"
NO_BREAK = "\u00a0\u202f\u2007"
# What every URL has somewhere: most texts have none, and need no closer look.
_URL_HINT = re.compile(r"//|www\.|[a-z]:|\w\.[a-z]{2,63}/", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
APOSTROPHES = "'’"
_SPACE_RUNS = re.compile(f"[{SPACES}]+")
# Texts whose reading is cached: checks read a text several times (a source once per
# language) while they check one release; a bound keeps memory flat however many there are.
CACHED_TEXTS = 4096


@lru_cache(maxsize=CACHED_TEXTS)
def plain(coded: str) -> str:
    """Drop placeholder tags, keeping their text: what a reader reads."""
    return strip(coded)


def urls(coded: str) -> list[str]:
    """Give the URLs in the text, in order (e-mail addresses are not URLs)."""
    text = plain(coded)
    if not _URL_HINT.search(text):
        return []
    return [match.group() for match in URL.finditer(text)]


def emails(coded: str) -> list[str]:
    """Give the e-mail addresses in the text, in order."""
    text = plain(coded)
    if "@" not in text:
        return []
    return [match.group().rstrip(".") for match in EMAIL.finditer(text)]


def mask(text: str, *patterns: re.Pattern[str]) -> str:
    """Blank out what ``patterns`` match with spaces of the same length (offsets stay)."""
    for pattern in patterns:
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


@lru_cache(maxsize=CACHED_TEXTS)
def prose(coded: str) -> str:
    """Plain text with URLs and e-mail addresses blanked out: only what is written in words."""
    text = plain(coded)
    if "@" not in text and not _URL_HINT.search(text):
        return text  # no address to blank out
    return mask(text, EMAIL, URL)


def words(text: str) -> list[str]:
    """Give the words of a plain text (letters, with inner hyphens and apostrophes)."""
    return WORD.findall(text)


def normal(text: str) -> str:
    """Fold what readers cannot tell apart: case, runs of spaces of any kind, apostrophes."""
    folded = _SPACE_RUNS.sub(" ", plain(text)).strip().casefold()
    return folded.replace("’", "'")
