"""Terminology checks: the glossary's required, forbidden and do-not-translate terms.

Takes a translation and the glossary (in the :class:`~relay.checks.findings.Context`); yields
messages. Matching follows the words of a term, tolerating the inflection the language needs:
a word may change its last letters (up to three in Russian and other languages with cases,
one elsewhere, for plurals), "ё" and "е" are one letter, and the first letter's case is free
(a term may start a sentence). Acronyms, codes and addresses match exactly.

>>> found_in("Организации Объединенных Наций", "Организация Объединённых Наций", "ru")
True
>>> found_in("la CEE-ONU", "CEE-ONU", "fr"), found_in("l'ONUDI", "ONU", "fr")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from relay.checks.findings import Context, Term, Translation, check
from relay.checks.text import plain

# How many final letters a word may change when it is declined or put in the plural.
_ENDINGS = {"ru": 3, "uk": 3, "be": 3, "pl": 3, "cs": 3, "sk": 3, "sl": 3, "hr": 3, "sr": 3,
            "bs": 3, "bg": 2, "lt": 3, "lv": 3, "fi": 4, "et": 3, "hu": 3, "de": 2}  # fmt: skip
_LETTER = r"[^\W\d_]"


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е").replace("’", "'")


def _word_pattern(word: str, endings: int) -> str:
    if not word.isalpha() or word.isupper() or len(word) <= 3:
        return re.escape(word)
    cut = min(endings, len(word) - 3)
    return re.escape(word[: len(word) - cut]) + rf"{_LETTER}{{0,{cut + 1}}}"


@lru_cache(maxsize=1024)
def _pattern(term: str, lang: str, inflect: bool) -> re.Pattern[str]:
    endings = _ENDINGS.get(lang.split("-")[0], 1) if inflect else 0
    words = re.split(r"([\s\u00a0\u202f]+)", _fold(term))
    parts = [
        r"[\s\u00a0\u202f]+" if index % 2 else _word_pattern(word, endings)
        for index, word in enumerate(words)
    ]
    if parts and words[0][:1].isalpha():
        first = words[0][0]
        parts[0] = (
            f"[{re.escape(first.lower())}{re.escape(first.upper())}]"
            + parts[0][len(re.escape(first)) :]
        )
    return re.compile(rf"(?<![\w@.-]){''.join(parts)}(?![\w@-]|\.\w)")


def found_in(text: str, term: str, lang: str, *, inflect: bool = True) -> bool:
    """Tell whether ``term`` occurs in ``text`` (words may be inflected when ``inflect``)."""
    return _pattern(term, lang, inflect).search(_fold(plain(text))) is not None


def _terms(context: Context, item: Translation, kind: str) -> list[Term]:
    return [t for t in context.terms if t.kind == kind and t.applies_to(item.lang)]


@check("term-required", "warning")
def term_required(item: Translation, context: Context) -> Iterator[str]:
    """A glossary term of the source is not translated as the glossary requires.

    "UNECE" must be "CEE-ONU" in French and "ЕЭК ООН" in Russian. When the glossary lists
    several translations of a term for one language, any of them is accepted; inflected forms
    are accepted ("Организации Объединённых Наций" for "Организация Объединённых Наций").
    """
    wanted: dict[str, list[str]] = {}
    for term in _terms(context, item, "required"):
        if found_in(item.source, term.source, item.source_lang, inflect=False):
            wanted.setdefault(term.source, []).append(term.target)
    for source, targets in wanted.items():
        if not any(found_in(item.target, target, item.lang) for target in targets):
            shown = " or ".join(f"“{target}”" for target in targets)
            yield f"“{source}” should be translated as {shown} (the glossary's)"


@check("term-forbidden", "error")
def term_forbidden(item: Translation, context: Context) -> Iterator[str]:
    """The translation uses a term the glossary forbids for this language (with a source
    term: only where the source has that term).

    Forbidden terms are deprecated names, wrong official titles and house-style don'ts
    ("e-mail" in French UN texts, which write "courriel"). Inflected forms count as the term.
    """
    for term in _terms(context, item, "forbidden"):
        if term.source and not found_in(item.source, term.source, item.source_lang, inflect=False):
            continue
        if found_in(item.target, term.target, item.lang):
            note = f" ({term.note})" if term.note else ""
            yield f"“{term.target}” is forbidden{note}: reword it"


@check("term-do-not-translate", "error")
def term_do_not_translate(item: Translation, context: Context) -> Iterator[str]:
    """A do-not-translate term of the source (an address, a product or programme name, a
    code) is not in the translation exactly as written."""
    for term in _terms(context, item, "do-not-translate"):
        if found_in(item.source, term.source, item.source_lang, inflect=False) and not found_in(
            item.target, term.source, item.lang, inflect=False
        ):
            yield f"“{term.source}” must stay as it is: write {term.source}"
