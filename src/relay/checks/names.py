"""People's names: the person a translation names is not the person its source names.

Takes a translation; finds the people its source names after a title ("Mr. Tomas Lindgren",
"Dr. Helena Marković", "Ms. Nino Beridze") or, in English, as the speaker after "said" and the
like ("said Eva Molnar, Director of …", "said Executive Secretary Olga Algayerova"): what tells
a person's name from an organisation's, which a translation renames. Gives an error for each
such name a part of which the translation does not have, when the translation names another
in its place ("Eva Molnar" → "Ivana Horvat"); a name left out with none in its place ("Mr.
Lindgren said" → "Il a déclaré") is a rephrase.

A part is found in the translation's words compared without case or accents (a newspaper may
write "Markovic"), as the start of a word (a declined name: "Lindgrena") or a near spelling
(a name transliterated again: "Poutine" for "Putin", "Khrouchtchev" for "Khrushchev"). Only
translations written in the Latin script are compared: another script writes the name in its
own letters, which this check does not read. Initials ("J.") are not compared, and a title
followed by an office ("Mr. President", "Madam Chair") names no one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.text import CACHED_TEXTS, prose
from relay.exchange.returned import expected_script

# The titles before a person's name, per source language (a full stop after one is optional).
_TITLES = {
    "en": ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame"),
    "fr": ("M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr"),
    "de": ("Herr", "Frau", "Dr", "Prof"),
    "es": ("Sr", "Sra", "Srta", "Dr", "Dra"),
}
# In English, the verbs after which a speaker is named ("…,” said Eva Molnar, Director of …),
# and those after which "by" names the person who made a statement or chaired a meeting (not
# "presented by", which names organisations too); an article after one names no person ("said
# the Commission").
_SAID = re.compile(
    r"\b(?:(?:said|says|stated|added|noted|explained|stressed|emphasi[sz]ed|underlined|"
    r"commented|remarked|concluded)|(?:made|given|delivered|opened|chaired|moderated)"
    r"[ \u00a0]+by)[ \u00a0]+(?=[^\W\d_])"
)
# What may follow a speaker's name: a punctuation mark or the end, or one of these words
# ("said Eva Molnar of UNECE"); another word means the capitals were not a name ("said World
# Bank officials").
_AFTER_SPEAKER = frozenset({"of", "from", "at", "who", "in", "on", "for"})
# An office after a title: "Mr. President", "Madam Chair" name no one.
_OFFICES = frozenset({
    "executive", "general", "head", "chief", "senior", "acting", "professor",
    "president", "vice-president", "chair", "chairman", "chairwoman", "chairperson", "speaker",
    "secretary", "secretary-general", "minister", "ambassador", "director", "director-general",
    "mayor", "governor", "commissioner", "deputy", "vice", "prime", "chancellor", "justice",
    "prosecutor", "rapporteur", "président", "présidente", "ministre", "präsident",
    "presidente", "ministro", "ministra",
})  # fmt: skip
# Lower-case particles inside a name ("Ursula von der Leyen", "Luis de Guindos").
_PARTICLES = frozenset({"van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "la",
                        "le", "bin", "ibn", "al", "y", "e", "dos", "das"})  # fmt: skip
# How near a spelling must be to count as the same name (SequenceMatcher's ratio): "Putin" and
# "Poutine" are 0.83, "Lindgren" and "Lindberg" 0.62, "Molnar" and "Horvat" 0.33.
_NEAR = 0.75
# Letters NFKD does not take apart.
_FOLDED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                         "æ": "ae", "œ": "oe", "ı": "i", "’": "'"})  # fmt: skip
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}")
# Every title, in any language: "Mme" in a translation names no one by itself.
_ANY_TITLE = frozenset(title.lower() for titles in _TITLES.values() for title in titles)
# What ends a name written before it: punctuation and closing brackets and quotes (a full
# stop is told apart: it also ends an initial, "J.").
_CLOSING = ",;:!?)]}»”’\"'"
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@check("person-name", "error")
def person_name(item: Translation, context: Context) -> Iterator[str]:
    """A person the source names after a title is not named in the translation ("Ms. Eva
    Molnar" → "Mme Ivana Horvat"): a false name published."""
    if not item.target or expected_script(item.lang) != "Latin":
        return
    names = _names(prose(item.source), item.source_lang)
    if not names:
        return
    target = prose(item.target)
    words = _words(target)
    others: list[str] | None = None
    for name, parts in names:
        missing = [part for part in parts if not _has(words, part)]
        if others is None and missing:
            others = _new_names(target, _words(prose(item.source)))
        if missing and others:
            lost = ", ".join(f"“{part}”" for part in missing)
            yield (
                f"name “{name}” is not in the translation (no {lost}): write the person's"
                " name as the source does"
            )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def _names(text: str, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The people a text names after a title: each name as written, and its parts folded
    (:func:`_fold`), initials left out."""
    base = lang.replace("_", "-").split("-")[0].lower()
    pattern = _title_pattern(base)
    if pattern is None:
        return ()
    named = [_name_after(text[match.end() :]) for match in pattern.finditer(text)]
    if _headline(text):
        # Every word capitalised: a name's end cannot be told from the next word ("Mr.
        # Lindgren Leads Review"), so only the word after a title is taken, and no speaker.
        named = [name.split()[0] for name in named if name]
    elif base == "en":
        named += [_speaker(text[match.end() :]) for match in _SAID.finditer(text)]
    found: list[tuple[str, tuple[str, ...]]] = []
    for name in named:
        if not name:
            continue
        parts = tuple(
            folded
            for token in name.split()
            if token[0].isupper() and not _initial(token)
            for folded in _fold(token).split("-")
            if len(folded) > 1
        )
        if parts and (name, parts) not in found:
            found.append((name, parts))
    return tuple(found)


@lru_cache(maxsize=8)
def _title_pattern(lang: str) -> re.Pattern[str] | None:
    titles = _TITLES.get(lang)
    if titles is None:
        return None
    alternatives = "|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True))
    # A title is a word of its own, followed by a space (a full stop first, or not).
    return re.compile(rf"(?<![\w.])(?:{alternatives})\.?[ \u00a0\u202f]+(?=[^\W\d_])")


def _name_after(text: str) -> str:
    """The name that starts ``text``: its capitalised words, with particles between them, up
    to the first other word or a punctuation mark; nothing when it is an office."""
    taken: list[str] = []
    for token in text.split(maxsplit=8)[:8]:
        word = token.rstrip(_CLOSING)
        ended = word != token or (word.endswith(".") and not _initial(word))
        word = word.rstrip(".") if not _initial(word) else word
        if not word:
            break
        if (word[0].isupper() and any(c.islower() for c in word)) or _initial(word):
            if not taken and word.lower() in _OFFICES:
                return ""
            taken.append(word)
        elif word in _PARTICLES and taken:
            taken.append(word)
        else:
            break
        if ended:
            break
    while taken and taken[-1] in _PARTICLES:
        taken.pop()
    if not any(word[0].isupper() and not _initial(word) for word in taken):
        return ""
    return " ".join(taken)


def _speaker(text: str) -> str:
    """The person named right after a verb of saying: two or three capitalised words (after
    an office and acronyms: "Executive Secretary Olga Algayerova", "UNECE Director Eva
    Molnar"), then a punctuation mark, the end, or a word such as "of"; else nothing."""
    run: list[str] = []
    ended = False
    tokens = text.split(maxsplit=8)
    for token in tokens[:8]:
        word = token.rstrip(_CLOSING + ".")
        capitalised = bool(word) and word[0].isupper() and any(c.islower() for c in word)
        acronym = bool(word) and word.isupper() and len(word) > 1
        if not (capitalised or acronym):
            following = token.lower()
            ended = following in _AFTER_SPEAKER or not token[0].isalpha() if token else True
            break
        run.append(word)
        if word != token:
            ended = True
            break
    else:
        ended = len(tokens) <= len(run)
    # The name is what follows the last office or acronym.
    while True:
        cut = [i for i, word in enumerate(run) if word.lower() in _OFFICES or word.isupper()]
        if not cut:
            break
        run = run[cut[-1] + 1 :]
    if not ended or not 2 <= len(run) <= 3:
        return ""
    return " ".join(run)


def _headline(text: str) -> bool:
    """Whether a text is a headline in title case: no full stop at its end, and most of its
    words of four letters or more capitalised (a sentence naming people has many capitals,
    and its full stop)."""
    if text.rstrip().endswith((".", "!", "?", "…", ":", ";", "»", "”", '"')):
        return False
    words = _LONG_WORD.findall(text)
    return len(words) >= 3 and sum(word[0].isupper() for word in words) * 10 >= len(words) * 6


def _new_names(target: str, source_words: frozenset[str]) -> list[str]:
    """The capitalised words of a translation, but for those that start it or a sentence,
    that are no word of its source (as :func:`_has` finds one): a name put in place of the
    source's. A name left out with none in its place ("Mr. Lindgren said" → "Il a déclaré")
    is a rephrase, as a weekday left out is for ``date-value``."""
    found = []
    for match in _CAPITALISED.finditer(target):
        if not match.group()[0].isupper() or match.group().lower() in _ANY_TITLE:
            continue
        before = target[: match.start()].rstrip()
        last = before.rstrip(".").rsplit(maxsplit=1)[-1].lower() if before.strip(".") else ""
        after_title = before.endswith(".") and last in _ANY_TITLE  # "M. Lindberg"
        starts = before.endswith((".", "!", "?", ":", "«", "“", '"', "(", "—"))
        if not before or (starts and not after_title):
            continue
        if not _has(source_words, _fold(match.group())):
            found.append(match.group())
    return found


def _initial(word: str) -> bool:
    """An initial: "J.", "J.-P." (not compared: a translation may write the name in full)."""
    return bool(re.fullmatch(r"(?:[^\W\d_]\.-?)+", word))


def _fold(text: str) -> str:
    """Lower case, without accents: "Marković" and "Markovic" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> frozenset[str]:
    """A translation's words, folded, and the parts of those joined by a hyphen."""
    found: set[str] = set()
    for word in _WORD.findall(_fold(text)):
        found.add(word)
        found.update(word.split("-"))
    return frozenset(found)


def _has(words: frozenset[str], part: str) -> bool:
    """Whether a name's part is among a translation's words: as it is, declined (the word
    starts with it), or spelt near enough."""
    if part in words:
        return True
    # A declined name adds a few letters ("Molnarová", "Lindgrena"), no more ("Eva" is not
    # in "évaluation").
    return any(
        (word.startswith(part) and len(word) - len(part) <= 4)
        or SequenceMatcher(None, part, word).ratio() >= _NEAR
        for word in words
        if abs(len(word) - len(part)) <= max(3, len(part) // 2)
    )
