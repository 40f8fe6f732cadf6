"""Typography checks: pairs, spaces, end punctuation, repeated words, per-language rules.

Takes one translation; yields messages. Each check compares with the source where the source
decides (a quotation may open in one sentence and close in the next), and judges the target
by itself where the language decides (French no-break spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from relay.checks.findings import Context, Translation, check
from relay.checks.fixes import fix
from relay.checks.text import NO_BREAK, SPACES, plain, prose, prose_apart
from relay.core import cldr

_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
# Languages where „ opens a quotation and “ closes it.
_LOW_OPENING = {"de", "ru", "uk", "be", "bg", "cs", "sk", "sl", "hr", "sr", "lt", "et", "is"}
_END_CLOSERS = "\"'”’»)]}›*_ " + NO_BREAK + "\u2009"
_END_MARKS = {".": ".", "。": ".", "!": "!", "！": "!", "?": "?", "？": "?", ":": ":",
              "：": ":", ";": ";", "；": ";", "…": "…"}  # fmt: skip
_DOTTED_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:etc|Inc|Ltd|Co|Corp|approx)\.$")
_ABBREVIATION_END = re.compile(r"\b(?:etc|Inc|Ltd|Co|Corp|approx)\.$")
_WORD_CHARACTER = re.compile(r"\w")
_HIGH = ":;!?"
# Where French wants a no-break space, and which ones it accepts. U+00A0 (no-break space) is
# the Imprimerie nationale's choice before ":" and CLDR's before "%"; U+202F (narrow no-break
# space) before ";", "!", "?" and inside « ». Either is accepted everywhere: both keep the
# line from breaking, and French publishers differ. A plain space, a thin space (U+2009,
# breakable) or none is reported. Swiss and Canadian French may write ";", "!", "?" tight.
_PREFERRED = {":": "U+00A0", ";": "U+202F", "!": "U+202F", "?": "U+202F", "%": "U+00A0",
              "«": "U+202F", "»": "U+202F"}  # fmt: skip
_TIGHT_ALLOWED = {"fr-CA", "fr-CH"}
_REPEATS_ALLOWED = {
    "fr": {"nous", "vous"},  # "nous nous réunissons": a pronoun and its reflexive
    "en": {"had", "that"},  # "had had", "that that"
    "de": {"die", "der", "das", "sie"},
}
_SPACE_RUN = re.compile(f"[{SPACES}]{{2,}}")
# Patterns the checks of every unit use (compiled once: re's cache is looked up on each call).
_FRENCH_MARK = re.compile(rf"([{_HIGH}»%])")
_AFTER_OPENING = re.compile("«(.)")
_SPACE_BEFORE_MARK = re.compile(rf"(?<=\w)[{SPACES}]+([{re.escape(_HIGH)}])(?=\s|$)")
_REPEATED = re.compile(r"\b([^\W\d_]+)[ \u00a0\u202f]+(\1)\b", re.IGNORECASE)


def _imbalance(text: str, opening: str, closing: str) -> tuple[int, bool]:
    if closing not in text:
        # Nothing closes, so nothing closes too early: counting is enough (and much cheaper).
        return text.count(opening), False
    depth, crossed = 0, False
    for character in text:
        if character == opening:
            depth += 1
        elif character == closing:
            depth -= 1
            crossed = crossed or depth < 0
    return depth, crossed


@check("brackets", "warning")
def brackets(item: Translation, context: Context) -> Iterator[str]:
    """Brackets are unpaired: an opening one without its closing one, or the reverse.

    A translation may add brackets (to spell out an acronym) as long as they are paired. A
    source that opens a bracket and closes it in another unit leaves the translation the same
    imbalance, which is accepted.
    """
    source, target = prose(item.source), prose(item.target)
    for opening, closing in _BRACKETS:
        want, _ = _imbalance(source, opening, closing)
        have, crossed = _imbalance(target, opening, closing)
        if have != want:
            extra = opening if have > want else closing
            yield f"unpaired “{extra}”: close it, or remove it"
        elif crossed and not _imbalance(source, opening, closing)[1]:
            yield f"“{closing}” closes before “{opening}” opens: swap them"


def _quote_balance(text: str, lang: str) -> tuple[int, int]:
    """Count opening minus closing double quotation marks, and straight ones."""
    low_opening = lang.split("-")[0] in _LOW_OPENING
    balance = text.count("«") + text.count("„") - text.count("»") - text.count("”")
    balance += text.count("“") * (-1 if low_opening else 1)
    return balance, text.count('"')


@check("quotes", "warning")
def quotes(item: Translation, context: Context) -> Iterator[str]:
    """Quotation marks are unpaired.

    Languages quote differently (“…” in English, « … » in French and Russian, „…“ in German
    and inside Russian quotations), so the translation's marks are not compared with the
    source's: each side's opening and closing marks are counted the way its language uses them,
    and the translation must leave as many quotations open as the source (a quotation may span
    sentences, and so units). Straight quotes (") must pair up as well as the source's do.
    """
    want, want_straight = _quote_balance(prose(item.source), item.source_lang)
    have, have_straight = _quote_balance(prose(item.target), item.lang)
    if have != want or want_straight % 2 != have_straight % 2:
        marks = _QUOTATION.get(item.lang.split("-")[0], "“…”")
        yield f"unpaired quotation mark: in {_language(item.lang)}, quote {marks}"


@check("whitespace-edges", "warning")
def whitespace_edges(item: Translation, context: Context) -> Iterator[str]:
    """Leading or trailing whitespace differs from the source's.

    A unit's outer whitespace belongs to the document around it; an added space shows as a
    gap, a dropped one joins two words.
    """
    for name, edge in (("leading", _leading), ("trailing", _trailing)):
        want, have = edge(item.source), edge(item.target)
        if want != have:
            yield (
                f"{name} whitespace {have!r} where the source has {want!r}: write the source's"
                + (" (relay check --fix does)" if name == "trailing" else "")
            )


def _dotted_abbreviation(text: str) -> bool:
    """Tell whether ``_DOTTED_ABBREVIATION.search(text)`` finds one, reading only the end.

    The pattern, searched, is tried from every letter of a long "a.b.c." run (quadratic).
    """
    if _ABBREVIATION_END.search(text, max(0, len(text) - 10)):
        return True
    # "$" also matches before a final line end.
    for end in (len(text), len(text) - 1) if text.endswith("\n") else (len(text),):
        pairs = 0
        while (
            end >= 2
            and text[end - 1] == "."
            and text[end - 2] in _ASCII_LETTERS
            and (end == 2 or not _WORD_CHARACTER.match(text, end - 3))
        ):
            pairs, end = pairs + 1, end - 2
        if pairs >= 2:
            return True
    return False


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


# str.strip and the regex class \s agree on what whitespace is (both ask Py_UNICODE_ISSPACE);
# a pattern such as r"\s*$" is tried from every space of a run, quadratic in its length.
def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


@check("double-space", "warning")
def double_space(item: Translation, context: Context) -> Iterator[str]:
    """Two or more spaces in a row (of any kind: plain, no-break, narrow) in the translation.

    Accepted where the source has as many such runs.
    """
    have = _SPACE_RUN.findall(item.target)
    if have and len(have) > len(_SPACE_RUN.findall(item.source)):
        shown = ", ".join(" + ".join(f"U+{ord(c):04X}" for c in run) for run in have)
        yield f"double space ({shown}): write one space"


def _end(text: str) -> str:
    stripped = plain(text).rstrip(_END_CLOSERS)
    if stripped.endswith("..."):
        return "…"
    return _END_MARKS.get(stripped[-1:], "")


@check("end-punctuation", "warning")
def end_punctuation(item: Translation, context: Context) -> Iterator[str]:
    """The translation ends with other punctuation than the source (". : ; ! ? …"), or none.

    Closing quotation marks and brackets are looked through, since languages order them
    differently (‘.”’ vs ‘ ».’); full-width marks count as their ASCII twins and "..." as "…".
    Not reported when the source ends with an abbreviation ("U.S.", "etc.") or with a
    standalone placeholder ("Published: <1/>", where <1/> is the date).
    """
    if re.search(r"<\d+/>\s*$", item.source):
        return  # the unit ends with a placeholder (a date, an image): its end is not known
    want, have = _end(item.source), _end(item.target)
    if want == have:
        return
    if want == "." and _dotted_abbreviation(plain(item.source).rstrip(_END_CLOSERS)):
        return
    if want and have:
        yield f"ends with “{have}” where the source ends with “{want}”: end with “{want}”"
    elif want:
        yield f"the source ends with “{want}”, the translation does not: end with “{want}”"
    else:
        yield f"ends with “{have}”, the source has no end punctuation: remove it"


# How each language quotes (for the message of an unpaired quotation mark).
_QUOTATION = {"fr": "« … »", "ru": "«…» („…“ inside)", "uk": "«…»", "de": "„…“", "en": "“…”",
              "es": "«…»", "it": "«…»", "pl": "„…”", "cs": "„…“"}  # fmt: skip


@lru_cache(maxsize=64)
def _language(lang: str) -> str:
    return cldr.language_name(lang.split("-")[0])


def _is_french(lang: str) -> bool:
    return lang.split("-")[0] == "fr"


@check("punctuation-spacing", "warning")
def punctuation_spacing(item: Translation, context: Context) -> Iterator[str]:
    """Spacing around punctuation breaks the language's typography.

    French: a no-break space before ``: ; ! ?`` and ``»``, after ``«``, and between a number
    and ``%``. U+00A0 and U+202F are both accepted everywhere (U+00A0 is usual before ``:``
    and ``%``, U+202F before ``; ! ?`` and inside guillemets); a plain space is reported
    because the line may break there, and so is no space at all (Swiss and Canadian French may
    write ``; ! ?`` tight). Times and ratios (``11:00``), URLs and e-mail addresses are exempt.

    Other languages: a space before ``: ; ! ?`` is reported unless the source has it too.
    """
    text = prose(item.target)
    if _is_french(item.lang):
        fixable = {change.reason for change in fix(item.target, item.lang).changes}
        for mark, message in _french(text, item.lang):
            reason = (
                "no-break space after “«”" if mark == "«" else f"no-break space before “{mark}”"
            )
            if reason not in fixable:  # reported by fixable-typography instead
                yield message
        return
    pattern = _SPACE_BEFORE_MARK
    source = set(pattern.findall(prose(item.source)))
    for mark in dict.fromkeys(pattern.findall(text)):
        if mark not in source:
            yield f"space before “{mark}”: remove it"


def _french(text: str, lang: str) -> Iterator[tuple[str, str]]:
    reported: set[str] = set()
    for match in _FRENCH_MARK.finditer(text):
        mark, start = match.group(), match.start()
        before = text[start - 1] if start else ""
        if not before or mark in reported:
            continue
        if mark == ":" and before.isdigit() and text[start + 1 : start + 2].isdigit():
            continue  # 11:00, 1:100
        if mark in "!?" and before in "!?":
            continue
        if mark == "%" and not text[:start].rstrip(SPACES)[-1:].isdigit():
            continue
        if before in NO_BREAK:
            continue
        if before in " \u2009":
            kind = "a plain space" if before == " " else "a thin space"
            yield (
                mark,
                (
                    f"{kind} before “{mark}” lets the line break there: "
                    f"write a no-break space ({_PREFERRED[mark]})"
                ),
            )
            reported.add(mark)
        elif mark in ";!?" and lang in _TIGHT_ALLOWED:
            continue
        elif mark != "»" or before != "«":
            yield (
                mark,
                (f"no space before “{mark}”: French writes a no-break space ({_PREFERRED[mark]})"),
            )
            reported.add(mark)
    for match in _AFTER_OPENING.finditer(text):
        if match.group(1) not in NO_BREAK:
            kind = "a plain space" if match.group(1) == " " else "no space"
            yield "«", f"{kind} after “«”: write a no-break space ({_PREFERRED['«']})"
            break


@check("fixable-typography", "info")
def fixable_typography(item: Translation, context: Context) -> Iterator[str]:
    """Typography that ``relay check --fix`` corrects by itself, one finding per unit.

    What :mod:`relay.checks.fixes` defines for the language: French no-break spaces before
    ``: ; ! ? %`` and inside « », no-break thousands separators, the typographic apostrophe,
    the language's quotation marks for straight ones, "…" for "...". Translators type plain
    spaces; nothing here needs retyping, so it is reported as information (a project may raise
    it to a warning), and ``punctuation-spacing`` and ``number-format`` leave these cases to
    it. Placeholders, URLs and e-mail addresses are never changed.
    """
    changes = fix(item.target, item.lang).changes
    if changes:
        what = ", ".join(dict.fromkeys(change.reason for change in changes))
        count = "1 typography fix" if len(changes) == 1 else f"{len(changes)} typography fixes"
        them = "it" if len(changes) == 1 else "them"
        yield f"{count} to make ({what}): relay check --fix makes {them}"


@check("repeated-word", "warning")
def repeated_word(item: Translation, context: Context) -> Iterator[str]:
    """The same word twice in a row ("the the", "de de").

    Accepted where the language repeats words on purpose (French "nous nous", "vous vous";
    English "had had"; German "die die") and where the source repeats it too (a name such as
    "Bora Bora").
    """
    allowed = _REPEATS_ALLOWED.get(item.lang.split("-")[0], set())
    source: set[str] | None = None  # read only when the translation repeats a word
    for match in _REPEATED.finditer(prose_apart(item.target)):
        word = match.group(1).casefold()
        if source is None:
            source = {m.group(1).casefold() for m in _REPEATED.finditer(prose_apart(item.source))}
        if word not in allowed and word not in source:
            yield f"repeated word “{match.group(1)} {match.group(2)}”: remove one"
