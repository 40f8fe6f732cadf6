"""Unit checks: one translation against its source, state, placeholders, addresses, text.

Takes a :class:`~relay.checks.findings.Translation` (and the glossary, through a
:class:`~relay.checks.findings.Context`); yields messages. The state checks (``untranslated``,
``fuzzy``, ``blank``) look at every unit; the others only at units that are translated.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from relay.checks.equivalents import forms
from relay.checks.findings import Context, Translation, check
from relay.checks.text import CACHED_TEXTS, emails, folded_words, plain, prose, urls, words
from relay.core import cldr
from relay.core.model import Code
from relay.core.placeholders import problems

_TAG = re.compile(r"<(\d+)(/?)>")
_TYPED_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|&[A-Za-z]+;|&#\w+;")
_ACRONYM = re.compile(r"(?<![\w.-])[A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*(?![\w])")
_ACRONYM_START = re.compile(r"(?<![\w.-])[A-Z]")
_ACRONYM_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&")
_WORD_CHARACTER = re.compile(r"\w")
_ALL_CAPS = re.compile(r"(?<![\w])[^\W\d_a-zà-ÿа-яё]{2,}(?![\w])")
_ROMAN = re.compile(r"[IVXLCDM]+")
_TOKEN = re.compile(r"[\w-]+")
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf]|Â[\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u0153\u02dc\u2122\u0161]"
    "|[ÐÑ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u2122\u20ac]"
)
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")
# Line breaks typed into a translation: a line break that means something (plain text, <pre>)
# is a placeholder of its unit, so a raw one adds lines and paragraphs no source has.
_BREAKS = re.compile("[\n\r\u2028\u2029]")
_INVISIBLE = {"\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "byte-order mark"}
# Characters that change what a reader sees without being seen: bidirectional overrides,
# embeddings and isolates (U+202E before "2016" shows "6102"), and tag characters (U+E0020-
# U+E007F, text no browser displays). In a right-to-left language embeddings and isolates
# have their use; overrides and tags never do in prose.
_HIDDEN_ALWAYS = re.compile("[\u202d\u202e\U000e0000-\U000e007f]")
_HIDDEN_LTR = re.compile("[\u202a-\u202e\u2066-\u2069\u061c]")
# Characters a page shows as nothing, or as a blank that is no space, and that prose never
# needs: variation selectors after a letter (a run of them encodes a message no reviewer sees:
# "CEO resigns Friday" hidden in a French sentence), Hangul and braille blanks, invisible
# operators, format characters, the combining grapheme joiner, the soft hyphen, private-use
# characters and noncharacters. A variation selector is right after an emoji or a symbol
# (U+FE0F), or an ideograph (U+FE00, U+E0100 on): those are not reported; nor are the
# languages' own (a Khmer inherent vowel, a Mongolian separator, a CJK ideographic space).
_BLANK = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2061-\u2064\u206a-\u206f"
    "\u2800\u3000\u1680\u3164\uffa0\ufdd0-\ufdef\ufffe\uffff\ue000-\uf8ff"
    "\U000f0000-\U0010ffff\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)
_OWN_BLANKS = {
    "km": frozenset("\u17b4\u17b5"),
    "mn": frozenset("\u180b\u180c\u180d\u180e\u180f"),
    "ja": frozenset("\u3000"),
    "zh": frozenset("\u3000"),
    "ko": frozenset("\u3000\u115f\u1160\u3164\uffa0"),
}
_SCRIPTS = {
    "Latin": re.compile(r"[A-Za-zÀ-ɏ]"),
    "Cyrillic": re.compile(r"[Ѐ-ӿ]"),
    "Greek": re.compile(r"[Ͱ-Ͽ]"),
}


@check("untranslated", "error")
def untranslated(item: Translation, context: Context) -> Iterator[str]:
    """A unit has no translation.

    A variant with an untranslated unit is not published (the publishing gate already counts
    them); the check lists each one so a reviewer can find it. Fuzzy units are reported by
    ``fuzzy`` instead.
    """
    if not item.target and not item.fuzzy:
        yield "not translated yet"


@check("fuzzy", "error")
def fuzzy(item: Translation, context: Context) -> Iterator[str]:
    """A translation is marked fuzzy: it was carried over from a changed source, or a
    translator asked for review. It is not used until someone approves it (removes the flag).
    """
    if item.fuzzy:
        yield "marked fuzzy: review the translation and remove the flag"


@check("blank", "error")
def blank(item: Translation, context: Context) -> Iterator[str]:
    """A translation is only whitespace, or only punctuation and symbols ("…", ".", "-") where
    the source has words: it would publish an empty sentence, or a mark in its place.

    A letter or a digit of any script makes a translation not blank; so does a source
    without a letter (a dash, a number, a placeholder alone), whose translation may be the
    same marks.
    """
    if not item.target:
        return
    if not item.target.strip():
        yield "the translation is only whitespace"
        return
    target = plain(item.target).strip()
    if any(character.isalnum() for character in target):
        return
    if any(character.isalpha() for character in plain(item.source)):
        shown = target if len(target) <= 20 else target[:20] + "…"
        yield f"the translation is only “{shown}”, without a word: translate the source's words"


@check("same-as-source", "error")
def same_as_source(item: Translation, context: Context) -> Iterator[str]:
    """The translation is the source, copied: the variant would publish the source's words.

    An error, so that a page is never published in the source language by a copy made in a
    PO editor (Poedit's "copy source", gettext's ``msgen``) or a CAT tool: where a unit is
    right as it is (a name of several words, a title kept in the original), a person says so
    for that unit with the suppression comment ``relay check`` prints, which lapses when the
    source or the translation changes. Exempt, because copying them is right: text without
    words (numbers, codes, URLs, e-mail addresses, placeholders), acronyms, glossary
    do-not-translate terms, and a single capitalised word (a name such as "Kazakhstan"). A
    language that is the source language (en → en-GB) is not checked.
    """
    if item.lang.split("-")[0] == item.source_lang.split("-")[0]:
        return
    # Words as letters, case-folded: a copy with a comma removed, a number rewritten ("4.5"
    # as "4,5") or a capital changed is still a copy (as pofilter's ``unchanged`` ignores
    # case, and Across numbers and punctuation).
    if folded_words(item.target) != folded_words(item.source):
        return
    text = prose(item.source)
    for term in context.terms:
        if term.kind == "do-not-translate" and term.applies_to(item.lang):
            text = text.replace(term.source, " ")
    remaining = [word for word in words(text) if not word.isupper() and len(word) > 1]
    if len(remaining) > 1 or (remaining and remaining[0][0].islower()):
        yield (
            "the translation is the same as the source: translate it, or, where it must stay"
            " as it is (a name, a title), suppress this finding"
        )


@lru_cache(maxsize=CACHED_TEXTS)  # a source is checked once per language
def codes_of(source: str) -> tuple[Code, ...]:
    """Give the placeholders a source text declares, as :class:`Code` objects."""
    seen: dict[int, Code] = {}
    for number, slash in _TAG.findall(source):
        seen.setdefault(int(number), Code(int(number), "empty" if slash else "pair", ()))
    return tuple(seen.values())


# What to do about each kind of placeholder problem (keyed by the problem's last words).
_PLACEHOLDER_HINTS = {
    "source": ": remove it, or use one of the source's",
    "missing": ": put it back around the words it marks in the source",
    "opens": ": put the closing tag after the opening one",
    "times": ": keep it once",
}


@check("placeholders", "error")
def placeholders(item: Translation, context: Context) -> Iterator[str]:
    """Placeholders (``<1>…</1>``, ``<2/>``) are missing, extra, repeated or badly nested.

    Placeholders stand for the source's markup (links, emphasis, the date); a translation may
    move them, and reorder them, but not drop, add, repeat or unbalance them. A variant with a
    broken placeholder cannot be written.
    """
    for problem in problems(item.target, codes_of(item.source)):
        hint = _PLACEHOLDER_HINTS.get(problem.rsplit(" ", 1)[-1], "")
        if problem.endswith("/> is missing"):
            hint = ": put it back where the source has it (the comment says what it stands for)"
        yield problem + hint


@check("markup", "error")
def markup(item: Translation, context: Context) -> Iterator[str]:
    """Markup typed into a translation (``<b>``, ``&amp;``) that the source does not have.

    relay writes a translation's text as text: typed-in markup would appear, escaped, in the
    published page. Use the unit's placeholders instead.
    """
    typed = set(_TYPED_MARKUP.findall(plain(item.target))) - set(
        _TYPED_MARKUP.findall(plain(item.source))
    )
    if typed:
        yield (
            "markup typed in by hand: " + ", ".join(sorted(typed)) + ": use the unit's"
            " placeholders (<1>…</1>) for formatting, or write the characters themselves"
        )


def _localised(url: str, source_lang: str, lang: str) -> set[str]:
    base, target = source_lang.split("-")[0], lang.split("-")[0]
    return {url, url.replace(f"/{base}/", f"/{target}/"), url.replace(f"={base}", f"={target}")}


@check("urls", "error")
def urls_unchanged(item: Translation, context: Context) -> Iterator[str]:
    """A URL of the source is missing or changed in the translation, or one was added.

    Readers follow these links: a typo sends them nowhere. Accepted: the same URL with its
    language segment (``/en/``, ``=en``) changed to the target's, which is how localised pages
    are usually addressed.
    """
    source, target = urls(item.source), urls(item.target)
    if not source and not target:
        return
    found = Counter(target)
    for url in source:
        match = next((u for u in _localised(url, item.source_lang, item.lang) if found[u]), None)
        if match is None:
            yield f"URL {url} is missing or changed: copy it from the source"
        else:
            found[match] -= 1
    for url, count in found.items():
        if count > 0:
            yield f"URL {url} is not in the source: remove it, or use the source's"


@check("emails", "error")
def emails_unchanged(item: Translation, context: Context) -> Iterator[str]:
    """An e-mail address of the source is missing or changed, or one was added.

    An address is never translated; a changed one loses every reply sent to it.
    """
    source, target = emails(item.source), emails(item.target)
    if not source and not target:
        return
    found = Counter(address.casefold() for address in target)
    for address in source:
        if found[address.casefold()] > 0:
            found[address.casefold()] -= 1
        else:
            yield f"e-mail address {address} is missing or changed: copy it from the source"
    for address, count in found.items():
        if count > 0:
            yield f"e-mail address {address} is not in the source: remove it"


def acronyms_in(text: str) -> list[str]:
    """Give what ``_ACRONYM.findall(text)`` gives, in time linear in the text's length.

    The pattern's two runs of capitals can split a long run in every way: quadratic for one
    start, when nothing after the run lets it end.
    """
    found: list[str] = []
    position = 0
    while start := _ACRONYM_START.search(text, position):
        end = _acronym_end(text, start.start())
        if end is None:
            position = start.start() + 1
        else:
            found.append(text[start.start() : end])
            position = end
    return found


@lru_cache(maxsize=CACHED_TEXTS)
def _source_acronyms(text: str) -> tuple[str, ...]:
    """The acronyms of a source's text (a source is checked once per language)."""
    return tuple(acronyms_in(text))


def _acronym_end(text: str, start: int) -> int | None:
    """Where the acronym at ``start`` ends, as the pattern's backtracking finds it: after the
    last capital whose run of capitals and digits reaches an "&" or the end of a word."""
    best = None
    capital = False  # in the current run of capitals and digits after ``start``
    at = start + 1
    while at < len(text) and text[at] in _ACRONYM_CHARACTERS:
        if text[at] == "&":
            if capital:
                best = at
            capital = False
        elif text[at].isalpha():
            capital = True
        at += 1
    if capital and not _WORD_CHARACTER.match(text, at):
        return at
    return best


@check("length", "warning")
def length(item: Translation, context: Context) -> Iterator[str]:
    """The translation is far shorter or longer than the source: text may have been lost or
    pasted twice.

    Ratios in characters, as Okapi CheckMate measures them: for sources of up to 20
    characters a translation may be 30 % to 350 % of the source's length, above that 45 % to
    200 %. Sources under 5 characters are not checked, and a bracketed explanation the
    translation adds ("CEE-ONU (Commission économique …)") is not counted.
    """
    source_text, target_text = plain(item.source).strip(), plain(item.target).strip()
    if target_text.count("(") > source_text.count("("):
        # An added explanation. Tried only where a run of spaces begins: from inside one it
        # would find what it found from its start, after scanning the rest (quadratic).
        target_text = re.sub(r"(?<!\s)\s*\([^()]*\)", "", target_text)
    source, target = len(source_text), len(target_text)
    if source < 5 or not target:
        return
    low, high = (0.30, 3.5) if source <= 20 else (0.45, 2.0)
    ratio = target / source
    if ratio < low:
        yield f"the translation is {ratio:.0%} of the source's length: is text missing?"
    elif ratio > high:
        yield f"the translation is {ratio:.0%} of the source's length: is text repeated?"


@check("invalid-chars", "error")
def invalid_chars(item: Translation, context: Context) -> Iterator[str]:
    """Characters that are never right in a press release: mojibake (``Ã©`` for é, ``â€™``
    for ’, ``Ð¿`` for п), the replacement character U+FFFD, control characters, and invisible
    ones (zero-width space, word joiner, byte-order mark, tag characters, and bidirectional
    controls that reorder what a reader sees: overrides always, embeddings and isolates in a
    left-to-right language), and line breaks the source does not have (a line break that
    means something is its unit's placeholder; a raw one adds lines no source has).

    They come from a file decoded with the wrong encoding, text pasted from another tool, or a
    returned file that hides what it says (U+202E before "2012" shows "2102"). A character the
    source has too is not reported.
    """
    target, source = item.target, item.source
    if "\ufffd" in target and "\ufffd" not in source:
        yield (
            "replacement character U+FFFD: the text was decoded with the wrong encoding;"
            " retype the characters it replaced"
        )
    garbled = sorted(set(_MOJIBAKE.findall(target)) - set(_MOJIBAKE.findall(source)))
    if garbled:
        yield (
            "mojibake (UTF-8 read as another encoding): " + ", ".join(garbled) + ": retype"
            " the accented letters"
        )
    controls = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(target)})
    if controls:
        yield "control characters: " + ", ".join(controls) + ": delete them"
    for character, name in _INVISIBLE.items():
        if character in target and character not in source:
            yield f"invisible {name} (U+{ord(character):04X}): delete it"
    hidden = set(_HIDDEN_ALWAYS.findall(target))
    if _HIDDEN_LTR.search(target) and not cldr.is_rtl(item.lang):
        hidden.update(_HIDDEN_LTR.findall(target))
    found = sorted(hidden - set(source))
    tags = [char for char in found if char >= "\U000e0000"]
    if tags:
        yield "invisible tag characters (U+E0000 to U+E007F), text no reader sees: delete them"
    controls = [f"U+{ord(char):04X}" for char in found if char < "\U000e0000"]
    if controls:
        yield (
            "bidirectional controls that reorder what readers see: "
            + ", ".join(controls)
            + ": delete them"
        )
    blanks = _blanks(target, item.lang) - set(source)
    if blanks:
        named = ", ".join(f"U+{ord(char):04X}" for char in sorted(blanks)[:6])
        more = ", …" if len(blanks) > 6 else ""
        yield f"invisible characters, no reader sees them: {named}{more}: delete them"
    typed = _BREAKS.findall(target)
    if len(typed) > len(_BREAKS.findall(source)):
        breaks = sorted({f"U+{ord(char):04X}" for char in typed})
        yield (
            "line breaks the source does not have: " + ", ".join(breaks) + ": the source's"
            " own line breaks are its placeholders (<1/>); delete these"
        )


def _blanks(text: str, lang: str) -> set[str]:
    """The characters of :data:`_BLANK` in a text that its language does not use, variation
    selectors only where no emoji, symbol or ideograph comes before them."""
    found: set[str] = set()
    own = _OWN_BLANKS.get(lang.replace("_", "-").split("-")[0].lower(), frozenset())
    for match in _BLANK.finditer(text):
        char = match.group()
        if char in own:
            continue
        if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
            before = text[match.start() - 1] if match.start() else ""
            if before and _takes_variants(before):
                continue
        found.add(char)
    return found


def _takes_variants(char: str) -> bool:
    """Whether a variation selector after ``char`` chooses one of its forms: an emoji or
    another symbol, an ideograph (not a letter, a digit, a space, or another selector)."""
    category = unicodedata.category(char)
    return category in ("So", "Sm", "Sk", "Sc") or (
        category == "Lo" and unicodedata.name(char, "").startswith("CJK")
    )


@check("mixed-script", "warning")
def mixed_script(item: Translation, context: Context) -> Iterator[str]:
    """A word mixes letters of two scripts, such as a Latin "a" or "K" inside a Russian word.

    Such words look right and are not: search, spelling and hyphenation fail on them.
    """
    text = prose(item.target)
    # A word can only mix scripts that the whole text has: most texts have one.
    if sum(1 for letters in _SCRIPTS.values() if letters.search(text)) < 2:
        return
    # Each word once, in the order of the text: findings must not depend on hashing.
    for word in dict.fromkeys(words(text)):
        scripts = _scripts_of(word)
        if len(scripts) > 1:
            yield f"“{word}” mixes {' and '.join(scripts)} letters: retype it in one script"


@lru_cache(maxsize=4 * CACHED_TEXTS)
def _scripts_of(word: str) -> tuple[str, ...]:
    """The scripts whose letters a word has (a language's words recur in unit after unit)."""
    return tuple(name for name, letters in _SCRIPTS.items() if letters.search(word))


def _unkept_acronyms(item: Translation, context: Context) -> list[tuple[str, str]]:
    """The source's acronyms the translation neither keeps nor writes in an accepted form,
    each with the new form that may stand for it ("" when none is left to)."""
    # ``acronyms`` and ``acronym-form`` ask in turn about the same unit: the last answer is
    # kept, with the objects it is about (held, so that no other object can take their ids).
    last_item, last_context, answer = _LAST_ACRONYMS[0]
    if item is not last_item or context is not last_context:
        answer = _unkept_acronyms_of(item, context)
        _LAST_ACRONYMS[0] = (item, context, answer)
    return list(answer)


_LAST_ACRONYMS: list[tuple[object, object, tuple[tuple[str, str], ...]]] = [(None, None, ())]


def _unkept_acronyms_of(item: Translation, context: Context) -> tuple[tuple[str, str], ...]:
    target_text = prose(item.target)
    source_text = prose(item.source)
    wanted = dict.fromkeys(_source_acronyms(source_text))
    if not wanted:
        return ()  # most sources have none: the translation need not be read
    target_tokens = set(_ALL_CAPS.findall(target_text)) | set(_TOKEN.findall(target_text))
    anagrams: set[str] | None = None  # made only for an acronym not found as it is
    target_forms: set[str] | None = None
    all_forms: set[str] = set()
    unkept: list[str] = []
    for acronym in wanted:
        if _ROMAN.fullmatch(acronym) or acronym in target_tokens:
            continue
        if anagrams is None:
            anagrams = {"".join(sorted(token)) for token in target_tokens}
        if "".join(sorted(acronym)) in anagrams:
            continue
        if any(
            term.source == acronym and term.applies_to(item.lang) and term.kind != "forbidden"
            for term in context.terms
        ):
            continue  # the terminology checks judge its translation
        if target_forms is None:
            all_forms = forms(target_text) - forms(source_text)
            target_forms = set(all_forms)
        # One form may stand for several acronyms (ООН in "ЕЭК ООН" and for "UN").
        accepted = context.accepted_forms(item.lang, acronym) & all_forms
        if accepted:
            target_forms -= accepted  # not a new form for another acronym
            continue  # written as the project's approved translations write it
        unkept.append(acronym)
    # Each new form stands for one acronym at most: the others are dropped.
    left = sorted(target_forms or ())
    return tuple((acronym, left.pop(0) if left else "") for acronym in unkept)


@check("acronyms", "warning")
def acronyms(item: Translation, context: Context) -> Iterator[str]:
    """An acronym of the source (UNECE, WP, CH) does not appear in the translation.

    Accepted: the glossary's translation of the acronym for this language (UNECE → CEE-ONU),
    the form the project's approved translations in this language use for it consistently
    (:mod:`relay.checks.equivalents`), its letters in another order (EU → UE, NATO → OTAN),
    and Roman numerals. Dotted abbreviations ("U.S." → "des États-Unis") are not acronyms
    here. A translation that writes a new form in capitals in its place ("ONU" for "UN", the
    first time) is ``acronym-form``'s, as information.
    """
    for acronym, form in _unkept_acronyms(item, context):
        if not form:
            yield f"acronym {acronym} is not in the translation: write {acronym} or its usual form"


@check("acronym-form", "info")
def acronym_form(item: Translation, context: Context) -> Iterator[str]:
    """An acronym of the source is written in a form the project's approved translations do
    not use for it yet ("ONU" for "UN", the first time it is seen).

    Once the approved translations of the language use that form wherever they do not keep
    the acronym (in two units or more), it is accepted and no longer reported; add it to the
    glossary to make it required.
    """
    for acronym, form in _unkept_acronyms(item, context):
        if form:
            yield (
                f"{acronym} is written {form} here, a form not yet established in this project's"
                f" approved translations: if it is right, nothing to do"
            )
