"""The source-words check: a translation that is, in large part, the source's own words.

Takes a unit (and the glossary's do-not-translate terms, through the
:class:`~relay.checks.findings.Context`); yields a message when the translation copies a run
of the source's words, or is mostly made of them: the source pasted and touched up (a comma
removed, "4.5" made "4,5"), half a sentence left in the source language, or what a failed
machine translation returns. An exact copy, word for word, is ``same-as-source``'s.

Words are read as letters only and case-folded: numbers, placeholders, URLs and e-mail
addresses are not words, and a changed number or comma does not make a copy a translation.
Words in capitals at their start (names, titles, acronyms: "Jean-Luc Moreau", "Road Safety
Performance Review", "UNECE"), words quoted in the translation (an English title kept as
such: « Road safety in a changing world »), and do-not-translate terms are the source's
by right, and never counted.

Thresholds, measured on every real translation the repository holds (the sample project's
206 French and Russian units, the 76 correct translations of ``tests/checks/corpus/``, and
the 319 translated units of the real-world PO and XLIFF files under ``tests/data/``): no
correct translation copies more than one lower-case source word in a row, and none with four
lower-case words or more has more than a third of them from the source (French shares
"programme", "transport", "innovation" with English; Russian nothing). The real-world files'
own test units that copy their source are ``same-as-source``'s; the closest of the others,
Spanish with its printf placeholders, takes 4 of its 7 words from the source. A run of
:data:`RUN` words and a share of :data:`SHARE` of at least :data:`SHARED` words keep a wide
margin above that, and below what a copy gives: the audit's half-English sentence ("Selon le
programme, investment in safer roads returns as much as 4,5 times its cost") copies a run of
11 and 12 of its 13 words. QA Distiller's "partial translation" test works the same way (a
minimum number of consecutive untranslated words); Xbench, pofilter (``unchanged``) and Okapi
CheckMate only compare the whole segment, case-insensitively and, in Across, without numbers
and punctuation, which is what ``same-as-source`` does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.text import CACHED_TEXTS, WORD, folded_words, prose

RUN = 5  # lower-case words of the source, copied in a row
SHARE = 0.75  # of the translation's lower-case words, from the source
SHARED = 5  # lower-case words the translation must have for its share to be judged
_WINDOW = 3  # words in a row by which runs are matched
_FEWEST = min(RUN, math.ceil(SHARE * SHARED))  # source words either test needs at least

# Quoted text in a translation: a title or a phrase cited in the source language, by right.
# (‘…’ is left out: ’ is also the apostrophe of "l’eau".)
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"|‹[^‹›]*›")
# What may stand between two words of one run: spaces, digits ("4.5" made "4,5" leaves the
# run whole) and the punctuation of prose. A symbol ends a run: "=quot, &=amp, <=lt" is a
# list of codes, not a sentence.
_CODE_SIGNS = frozenset("=&<>%{}\\/_@#|*+^~$`")
_RUN_GAP = re.compile(r"[\s\d.,;:!?'’\"“”«»()\[\]–—-]*")


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    counted: bool  # lower case at its start and of two letters or more: not a name
    joined: bool  # only spaces, digits and punctuation since the word before it
    start: int
    end: int


@check("source-words", "error")
def source_words(item: Translation, context: Context) -> Iterator[str]:
    """The translation is in large part the source's own words: a run of five lower-case
    words of the source in a row, or three quarters of its lower-case words (five or more).

    A copy with small changes (a comma removed, "4.5" made "4,5"), or half a sentence left in
    the source language, would publish the source's words in this language; ``script`` does
    not see them in Russian, since they are the source's. Not counted: numbers, names and
    titles in capitals, quoted text (a title cited in the original), URLs, e-mail addresses
    and glossary do-not-translate terms. An exact copy is ``same-as-source``'s. Where the
    source's words must stay (a title not quoted), suppress the finding for that unit. A
    language that is the source language (en → en-GB) is not checked.
    """
    if item.lang.split("-")[0] == item.source_lang.split("-")[0]:
        return
    kept = tuple(
        term.source
        for term in context.terms
        if term.kind == "do-not-translate" and term.applies_to(item.lang)
    )
    if folded_words(item.target) == folded_words(item.source):
        return  # the source word for word: same-as-source's
    # Counted on bare words first, against the source's lower-case words (a superset of
    # those counted): reading each word's place and kind is most of the check's time, and
    # most translations stop here (the check was a fifth of a cold check, measured).
    target_text = _blanked(prose(item.target), kept, quoted=True)
    maybe = _lower_words(item.source, kept)
    if sum(1 for word in WORD.findall(target_text) if word.casefold() in maybe) < _FEWEST:
        return  # too few of the source's words for either test (most translations)
    source = _words(item.source, kept, quoted=False)
    lower = {word.folded for word in source if word.counted}
    if sum(1 for word in WORD.findall(target_text) if word.casefold() in lower) < _FEWEST:
        return
    target = _read(target_text)
    copied = [word for word in target if word.counted and word.folded in lower]
    run = _longest_run(source, target)
    if run is not None:
        shown = target_text[run[0] : run[1]]
        yield (
            f"“{shown}” is the source's text, not translated: translate it, or, where it"
            " must stay as it is (a title), suppress this finding"
        )
        return
    counted = sum(1 for word in target if word.counted)
    if counted >= SHARED and len(copied) >= SHARE * counted:
        yield (
            f"{len(copied)} of the translation's {counted} words are the source's: translate"
            " them, or, where they must stay as they are (a title), suppress this finding"
        )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _lower_words(coded: str, kept: tuple[str, ...]) -> frozenset[str]:
    """The source's words of two letters or more in lower case at their start, case-folded."""
    text = _blanked(prose(coded), kept, quoted=False)
    return frozenset(
        word.casefold() for word in WORD.findall(text) if word[0].islower() and len(word) > 1
    )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _words(coded: str, kept: tuple[str, ...], *, quoted: bool) -> tuple[_Word, ...]:
    return _read(_blanked(prose(coded), kept, quoted=quoted))


def _blanked(text: str, kept: tuple[str, ...], *, quoted: bool) -> str:
    """The text with do-not-translate terms (and, ``quoted``, quoted text) made spaces."""
    for term in kept:
        text = text.replace(term, " " * len(term))
    if quoted and _QUOTED.search(text):
        text = _QUOTED.sub(lambda match: " " * len(match.group()), text)
    return text


def _read(text: str) -> tuple[_Word, ...]:
    found: list[_Word] = []
    end = 0
    for match in WORD.finditer(text):
        word = match.group()
        joined = bool(found) and _RUN_GAP.fullmatch(text, end, match.start()) is not None
        counted = word[0].islower() and len(word) > 1 and not _in_code(text, match)
        found.append(_Word(word.casefold(), counted, joined, match.start(), match.end()))
        end = match.end()
    return tuple(found)


def _in_code(text: str, match: re.Match[str]) -> bool:
    """Tell whether a word is part of code, markup or an entity ("src=", "&amp", "<td>"): a
    symbol of code right before or after it."""
    before = text[match.start() - 1 : match.start()]
    after = text[match.end() : match.end() + 1]
    return before in _CODE_SIGNS or after in _CODE_SIGNS


def _longest_run(source: tuple[_Word, ...], target: tuple[_Word, ...]) -> tuple[int, int] | None:
    """Where the translation copies :data:`RUN` counted words of the source or more in a row
    (the longest such run, as offsets into the translation), or None.

    A run is a stretch of the translation each of whose :data:`_WINDOW` words in a row are so
    in the source: found from the source's windows in a set, in time linear in the lengths
    (pairing every word with each place the source has it is quadratic in a text that
    repeats one word).
    """
    wanted = {key for _, key in _windows(source)}
    best: tuple[int, int, int] | None = None  # counted words, first and last target index
    first = last = -1
    for start, key in [*_windows(target), (len(target), ())]:
        if key in wanted and start <= last and first >= 0:
            last = start + _WINDOW - 1  # overlaps the run: extends it
            continue
        if first >= 0:
            counted = sum(word.counted for word in target[first : last + 1])
            if counted >= RUN and (best is None or counted > best[0]):
                best = (counted, first, last)
        first, last = (start, start + _WINDOW - 1) if key in wanted else (-1, -1)
    if best is None:
        return None
    return target[best[1]].start, target[best[2]].end


def _windows(words: tuple[_Word, ...]) -> list[tuple[int, tuple[str, ...]]]:
    """Each run of :data:`_WINDOW` words joined in a row, by where it starts."""
    found = []
    for start in range(len(words) - _WINDOW + 1):
        if all(words[at].joined for at in range(start + 1, start + _WINDOW)):
            found.append((start, tuple(word.folded for word in words[start : start + _WINDOW])))
    return found
