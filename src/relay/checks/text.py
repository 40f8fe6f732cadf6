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
from collections.abc import Iterator
from functools import lru_cache

from relay.core.addresses import EMAIL, URL
from relay.core.placeholders import TAG_PATTERN, strip

SPACES = " \u00a0\u202f\u2009\u2007"
NO_BREAK = "\u00a0\u202f\u2007"
# What every URL has somewhere: most texts have none, and need no closer look.
_URL_HINT = re.compile(r"//|www\.|[a-z]:|\w\.[a-z]{2,63}/", re.IGNORECASE)
# EMAIL tried only where a run of its local-part characters begins: from every character of a
# long run it would scan the rest of the run each time (quadratic). A later start in the same
# run reaches the same "@", so it matches only where an earlier match ended.
_EMAIL_START = re.compile(r"(?<![\w.+-])" + EMAIL.pattern)
_EMAIL_CHAR = re.compile(r"[\w.+-]")
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
    # Every hint needs a "/", a ":" or "www.": most sentences have none, and the search
    # costs more than these three looks (it runs on every unit of every catalog).
    if "/" not in text and ":" not in text and "www." not in text.lower():
        return []
    if not _URL_HINT.search(text):
        return []
    return [match.group() for match in URL.finditer(text)]


def emails(coded: str) -> list[str]:
    """Give the e-mail addresses in the text, in order."""
    text = plain(coded)
    if "@" not in text:
        return []
    return [match.group().rstrip(".") for match in email_matches(text)]


def email_matches(text: str) -> Iterator[re.Match[str]]:
    """Give what ``EMAIL.finditer(text)`` gives, in time linear in the text's length."""
    position = 0
    while position < len(text):
        found = None
        if position and _EMAIL_CHAR.match(text, position - 1):
            found = EMAIL.match(text, position)  # just after a match, inside a run
        if found is None:
            found = _EMAIL_START.search(text, position)
        if found is None:
            return
        yield found
        position = found.end()


def mask(text: str, *patterns: re.Pattern[str]) -> str:
    """Blank out what ``patterns`` match with spaces of the same length (offsets stay)."""
    for pattern in patterns:
        if pattern is EMAIL:
            pieces, position = [], 0
            for match in email_matches(text):
                pieces += [text[position : match.start()], " " * (match.end() - match.start())]
                position = match.end()
            text = "".join(pieces) + text[position:]
        else:
            text = pattern.sub(lambda match: " " * len(match.group()), text)
    return text


@lru_cache(maxsize=CACHED_TEXTS)
def prose(coded: str) -> str:
    """Plain text with URLs and e-mail addresses blanked out: only what is written in words."""
    text = plain(coded)
    if "@" not in text and not _URL_HINT.search(text):
        return text  # no address to blank out
    return mask(text, EMAIL, URL)


def prose_apart(coded: str) -> str:
    """:func:`prose`, with each standalone placeholder kept apart from the words around it:
    it stands for words of its own (kept words, an image), so "and <1/> and" repeats none."""
    if "/>" not in coded:
        return prose(coded)
    return prose(TAG_PATTERN.sub(lambda tag: " | " if tag.group(3) else tag.group(0), coded))


def words(text: str) -> list[str]:
    """Give the words of a plain text (letters, with inner hyphens and apostrophes)."""
    return WORD.findall(text)


@lru_cache(maxsize=CACHED_TEXTS)
def folded_words(coded: str) -> tuple[str, ...]:
    """The words of a coded text, case-folded: what is left of it when numbers, punctuation,
    case, placeholders and addresses are set aside ("Roads, 4.5 times" and "roads 4,5 times"
    have the same words).
    """
    return tuple(word.casefold() for word in words(prose(coded)))


def normal(text: str) -> str:
    """Fold what readers cannot tell apart: case, runs of spaces of any kind, apostrophes."""
    folded = _SPACE_RUNS.sub(" ", plain(text)).strip().casefold()
    return folded.replace("’", "'")
