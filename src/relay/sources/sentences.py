"""Find where sentences begin in a paragraph, with rules that know abbreviations per language.

Takes one paragraph of plain text, a language tag ("en", "fr-CA", "pt_BR", "zh-Hant") and
whether the text's line breaks are its own (``lines``: plain text, ``<pre>``; in HTML and
Markdown a line break is a space); gives the offsets where each sentence after the first begins.
Text is never rewritten: a sentence is the slice between two offsets, and the whitespace between
sentences belongs to neither. Also tells whether a language has rules of its own
(:func:`has_own_rules`) and, if not, what relay does instead (:func:`fallback_notice`).

The rules are relay's own, measured on the Pragmatic Segmenter "Golden Rules" (see
``docs/segmentation.md``). Sentence-final marks of every script end a sentence: followed by
whitespace, or at once for the CJK, Ethiopic and Myanmar marks. Not when the next word cannot
begin one (lowercase, a comma, a closing quote), nor when the word before the period is an
abbreviation (``data/abbreviations.json``, which knows elided articles such as "l’art."), an
initial, a list marker or a German ordinal. A period with no space after it ends a sentence
between a plain word and a capitalised one ("world.Today"), never inside a name. Quotations
and brackets are not split inside; a bracketed sentence after a quotation that is a whole
sentence is a sentence. A blank line, a bullet and the next item of an inline list
("1. … 2. …") begin a sentence; a single line break does not, since it is a soft wrap in HTML,
Markdown and hard-wrapped plain text (Chinese and Japanese excepted, where only a break
inside a line of text is a wrap), except, with ``lines``, after the short lines right above
a line of unwrapped prose: headings.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from unicodedata import east_asian_width


@dataclass(frozen=True)
class _Rules:
    """What one language's words do; ``data/abbreviations.json`` describes the roles."""

    roles: dict[str, str]  # abbreviation → "always", "titles", "numeric" or "final"
    final: frozenset[str]
    starters: frozenset[str]
    ordinal_before: frozenset[str]
    ordinal_after: frozenset[str]
    terminals: str  # marks that end a sentence in this language only (Armenian ":")
    introduces: str  # of those, the ones that go on before a quotation (Arabic "قال: «")
    lowercase_after: str  # marks after which a lowercase word may begin a sentence (Greek)
    tight_after: str  # marks that end a sentence before a capital with no space (Kazakh)
    line_break_ends: bool  # a single line break ends a sentence (Chinese, Japanese)
    candidate: re.Pattern[str]


_ROLES = ("final", "numeric", "titles", "always")  # a word in two roles takes the later one


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, dict[str, list[str]]]:
    """The abbreviation data, by language ("generic": the words of every language)."""
    text = files("relay").joinpath("data/abbreviations.json").read_text(encoding="utf-8")
    return {lang: words for lang, words in json.loads(text).items() if isinstance(words, dict)}


@lru_cache(maxsize=64)
def _load_rules(lang: str) -> _Rules:
    """Build a language's rules (its primary subtag; "": the generic rules alone), merged
    with the generic words. Built when first asked for, not on import: a command that splits
    no sentence (a check, a publish, a status) never needs them, and building every
    language's was a tenth of such a command's start."""
    data = _abbreviations()
    generic = data["generic"]
    own = data.get(lang, {}) if lang != "generic" else {}
    words = {role: generic.get(role, []) + own.get(role, []) for role in {*generic, *own}}
    roles = {word: role for role in _ROLES for word in words.get(role, [])}
    # "l’art." and "dell’Ing.": the elided article is part of the token. Built from the
    # plain words only: one elision on a word, never an elision on an elided word.
    plain = list(roles.items())
    for elision in words.get("elisions", []):
        roles |= {f"{elision}{a}{w}": r for w, r in plain for a in "'’"}
    terminals = "".join(words.get("terminals", []))
    return _Rules(
        roles=roles,
        final=frozenset(words.get("final", [])),
        starters=frozenset(words.get("starters", [])),
        ordinal_before=frozenset(words.get("ordinal_before", [])),
        ordinal_after=frozenset(words.get("ordinal_after", [])),
        terminals=terminals,
        introduces="".join(words.get("introduces", [])),
        lowercase_after="".join(words.get("lowercase_after", [])),
        tight_after="".join(words.get("tight_after", [])),
        line_break_ends="line_break_ends" in words.get("flags", []),
        candidate=_candidate(terminals),
    )


# Marks that end a sentence in every script: Latin, CJK, Devanagari danda, Armenian full
# stop, Arabic question mark, Urdu full stop, Ethiopic full stop and question mark, Myanmar
# full stop, Greek question mark (U+037E; most Greek text has ";", a per-language terminal).
_TERMINALS = "!?！？‼⁇⁈⁉。｡।॥։؟۔።፧။\u037e"
# Of those, the ones written without a space after them (CJK, Ethiopic, Myanmar); the
# full-width full stop too, except between two digits ("３．２９").
_UNSPACED = "。｡！？．።፧။"
_CLOSERS = ")]\"'”’»›“‘」』）》〉】〕"
_OPENERS = "\"'“‘«„‚‹([{¿¡「『（《〈【〔"
_BULLETS = "•‣⁃◦▪▫●○■□►▶➢✓✔"
_DASHES = "-–—"
_CURRENCIES = "$€£¥₽₹"
_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
_LEADING = _OPENERS + _BULLETS  # stripped from the front of a word
_QUOTE_OPENERS = "\"'“‘«„‚‹「『"
_LEADING_NUMBER = _OPENERS + _CURRENCIES
_COMPANY_FORMS = frozenset(
    {"ag", "kg", "kgaa", "gmbh", "llc", "llp", "lp", "plc", "sa", "sas", "sarl", "spa", "srl", "bv"}
)

# Sentence-final punctuation, the closing quotes or brackets (and "[1]"-style citations) that
# belong to it, and the whitespace after it. A spaced ellipsis ". . ." is one run so that its
# inner spaces are not taken for sentence breaks; a dash before a closing quote is speech
# broken off ("to--" At this moment). French puts a space before ».


def _candidate(extra: str) -> re.Pattern[str]:
    """Compile the candidate pattern, with a language's own terminal marks (":" or ";")."""
    marks = ".…．" + _TERMINALS + re.escape(extra)
    closers = r"(?:[" + re.escape(_CLOSERS) + r"]|[ \u00a0\u202f]+(?=[»›]))*"
    return re.compile(
        r"(?=[" + marks + re.escape(_DASHES) + r"])"  # lets re skip to likely places
        r"(?:(?P<wide>[" + _UNSPACED + r"][" + _UNSPACED + r"!?]*)" + closers + r"\s*"
        r"|(?:(?P<dots>\.(?:[ \u00a0]\.){2,})"
        # A run of marks is tried from its first mark only: from every mark of a long run
        # ("......") it would be read to its end each time, quadratic in its length.
        r"|(?P<mark>(?<!["
        + marks
        + r"])["
        + marks
        + r"]+|(?:--|—)(?=[\"”])))"
        + closers
        + r"(?:\[\d{1,3}\])*\s+"
        # A period before a letter, no space between: "world.Today" (see _glued_start).
        r"|(?P<glued>\.(?=[^\W\d_a-z])))"
    )


# A period right before a capital, with no space: only where a language's data says so.
# Footnote numbers right after a sentence's period: "a consultation.11 12 Take", "(1987).1 As".
_FOOTNOTE = re.compile(r"\.\d{1,3}(?: \d{1,3})*\s+(?=[A-Z])")
_TIGHT = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
# What follows a period inside a name, capitalised or not: "Booking.Com", "Report.Pdf".
_NAME_ENDINGS = frozenset(
    "com org net int gov edu info io co uk eu ch html htm php asp aspx pdf doc docx xls xlsx "
    "ppt pptx txt csv xml json zip jpg jpeg png gif".split()
)
_TERMINAL = re.compile(r"[" + _TERMINALS + re.escape(_DASHES) + r"]")
_HAS_BREAK = re.compile(r"[" + _LINE_BREAKS + r"]")
_HAS_BULLET = re.compile(r"[" + _BULLETS + r"]")
_ASCII_SPACES = "\t\x1c\x1d\x1e\x1f"  # ASCII whitespace other than the space and the breaks
_HAS_BREAK_OR_BULLET = re.compile(r"[" + _LINE_BREAKS + _BULLETS + r"]")
# Lines of the text, each with its line break: "\r\n" is one break.
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]*(?:\r\n?|[\n\u2028\u2029\x0b\x0c\x85]|\Z)")
# A line this long is no hard wrap (plain text is wrapped at 72 to 80 columns, at most 100
# or so); a word this long (a URL) does not count, as it overflows whatever the width.
_UNWRAPPED = 150
_LONG_WORD = 40
_HEADING_ENDS = ")]\"'”’»›"
_BREAK_RUN = re.compile(r"[^\S" + _LINE_BREAKS + r"]*(?:\r\n?|[" + _LINE_BREAKS + r"])\s*")
_BULLET = re.compile(r"(?<=\s)[" + _BULLETS + r"]")
# The first item of an inline list: any number or letter opening the paragraph, or "1." /
# "a)" right after a sentence or a colon.
_OPENING_ITEM = re.compile(r"\s*(\d{1,2}|[a-z])(\.\)|\.|\))\s+(?=[^\W\d_])")
_FIRST_ITEM = re.compile(r"(?=[.)])(?<=\s[1a])(\.\)|\.|\))\s+(?=[^\W\d_])")
_ITEM_LEAD = re.compile(r"[.!?:][\"”’)]*\s+\Z")
_ITEM_REACH = 1000
_ITEM = re.compile(r"\(?(?:[ivxlc]{1,5}|[a-z]|\d{1,3})\)\s")
_MARKER = re.compile(r"\d{1,3}|[^\W\d_]|[ivxlcIVXLC]{1,6}")
_MULTI_PERIOD = re.compile(r"(?:[^\W\d_]{1,3}-?\.-?)+[^\W\d_]{1,3}")
_INTRO_TIME = re.compile(
    r"(?:at|by|from|until|till|before|after|since|around|about|on|between|starting)"
    r"\s+\d{1,2}(?:[:.]\d{2})?\s*[ap]\.m",
    re.IGNORECASE,
)
# "CET", "Geneva time", "Central European Time": a time zone after "a.m." or "p.m."
_TIME_ZONE = re.compile(r"[A-Z]{2,5}\b|(?:[A-Z][\w-]*\s+){1,3}[Tt]ime\b")
_QUOTE_OR_BRACKET = re.compile(r"[\"'“”‘’«»„‚‹›()\[\]「」『』（）《》〈〉【】〔〕]")
_QUOTE_END = re.compile(r"[\"'”’»›]")
# A quotation in plain single quotes is short; an apostrophe as in "'round" opens nothing.
_SINGLE_QUOTE_REACH = 400
# Which openers each closing character can close; "“" closes German „ and opens elsewhere.
_CLOSES: dict[str, str] = {
    "”": "“„",
    "“": "„",
    "’": "‘‚",
    "‘": "‚",
    "»": "«",
    "›": "‹",
    ")": "(",
    "]": "[",
    '"': '"',
    "'": "'",
    "」": "「",
    "』": "『",
    "）": "（",
    "》": "《",
    "〉": "〈",
    "】": "【",
    "〕": "〔",
}


def sentence_starts(text: str, lang: str, *, lines: bool = False) -> list[int]:
    """Offsets where each sentence after the first begins, in increasing order.

    >>> text = "The seminar was opened by Mr. Asset Issekeshev. It lasted 1.5 days."
    >>> [text[i:i + 2] for i in sentence_starts(text, "en")]
    ['It']
    >>> sentence_starts("I live in the U.S. for now, e.g. in N.Y.", "en")
    []
    >>> sentence_starts("Vraiment\u00a0? Oui.", "fr")
    [11]
    >>> sentence_starts('He said "stop." Then he left.', "en")
    [16]
    """
    if len(text) > _REMEMBERED:
        return _starts(text, lang, lines)
    return list(_remembered_starts(text, lang, lines))


# Paragraphs up to this long have their starts remembered: the boilerplate of a press office
# (a contact line, "Note to editors", the closing paragraph) recurs in release after release.
_REMEMBERED = 2000


@lru_cache(maxsize=4096)
def _remembered_starts(text: str, lang: str, lines: bool) -> tuple[int, ...]:
    return tuple(_starts(text, lang, lines))


def _starts(text: str, lang: str, lines: bool) -> list[int]:
    """Find :func:`sentence_starts`."""
    first = len(text) - len(text.lstrip())
    rules = _rules_for(lang)
    structural, markers = _structure(text, first, rules.line_break_ends, lines)
    paragraph = _Paragraph(text, rules, markers)
    starts = set(structural)
    last = first
    for match in rules.candidate.finditer(text):
        if match.lastgroup == "glued":
            start = _glued_start(paragraph, match.start())
            if start is None or _inside(paragraph.spans, start):
                continue
            paragraph.glued.append(start)
            starts.add(start)
            last = start
            continue
        sentence = _current(structural, last, match.start()) if structural else last
        start = _punctuation_start(paragraph, match, sentence)
        if start is None or start <= first or start >= len(text):
            continue
        if not _inside(paragraph.spans, start):
            starts.add(start)
            last = start
    if rules.tight_after and "." in rules.tight_after:
        starts.update(_tight_starts(text, rules))
    if "." in text:
        starts.update(_footnote_starts(text, first))
    return sorted(starts)


def has_own_rules(lang: str) -> bool:
    """Tell whether relay has rules of its own for a language tag's primary subtag.

    >>> has_own_rules("fr-CA"), has_own_rules("zh_Hant"), has_own_rules("xx")
    (True, True, False)
    """
    primary = _primary(lang)
    return primary in _abbreviations() and primary not in ("", "generic")


def fallback_notice(lang: str) -> str | None:
    """Say in one line what relay does for a language without rules of its own, else None.

    >>> fallback_notice("en") is None
    True
    """
    if has_own_rules(lang):
        return None
    return (
        f"relay has no sentence rules of its own for {lang!r}: it splits with the generic rules "
        "(sentence-final marks of every script and a few international abbreviations)"
    )


class _Paragraph:
    """The text being split, its language's rules, where its list markers stand, the
    sentence starts found so far after a glued period, and (found once, when first asked
    for) its quoted and bracketed stretches."""

    __slots__ = ("_spans", "glued", "markers", "rules", "text")

    def __init__(self, text: str, rules: _Rules, markers: frozenset[int]) -> None:
        self.text, self.rules, self.markers = text, rules, markers
        self.glued: list[int] = []
        self._spans: list[int] | None = None

    @property
    def spans(self) -> list[int]:
        """The quoted and bracketed stretches (:func:`_protected`)."""
        if self._spans is None:
            self._spans = _protected(self.text)
        return self._spans


def _primary(lang: str) -> str:
    """Return a language tag's primary subtag, lowercased ("pt_BR" → "pt")."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


@lru_cache(maxsize=64)
def _rules_for(lang: str) -> _Rules:
    """Return the rules for a language tag's primary subtag (the generic ones if unknown)."""
    primary = _primary(lang)
    return _load_rules(primary if primary in _abbreviations() else "")


def _footnote_starts(text: str, first: int) -> list[int]:
    """Return starts after footnote numbers that follow a lowercase word's or a bracket's period."""
    starts: list[int] = []
    spans: list[int] | None = None
    for match in _FOOTNOTE.finditer(text):
        token = _token_before(text, match.start())
        if not (token.endswith(")") or (len(token) >= 3 and token.isalpha() and token.islower())):
            continue
        if spans is None:
            spans = _protected(text)
        if match.end() > first and not _inside(spans, match.end()):
            starts.append(match.end())
    return starts


def _glued_start(paragraph: _Paragraph, period: int) -> int | None:
    """Return where a sentence begins after a period with no space after it, if one does.

    "world.Today is", "bought 1,000.That is": a lowercase word that is no abbreviation, or
    a number, then a capitalised word that stands alone (space or punctuation and space
    after it). Names that hold periods do not: "www.Unece.org", "J.Smith@unece.org",
    "System.Text.Json", "Ph.D.", "St.Gallen", "Booking.Com".
    """
    text, rules = paragraph.text, paragraph.rules
    after = period + 1
    if not (text[after].isupper() and period and text[period - 1].isalnum()):
        return None
    # The word or number before the period, read back to the space before it: a run of
    # letters, or of digits and commas, is read once, so text without spaces stays linear.
    begin = period
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    if begin == period:
        while begin > 0 and (text[begin - 1].isdigit() or text[begin - 1] == ","):
            begin -= 1
    if begin and not (text[begin - 1].isspace() or text[begin - 1] in _LEADING_NUMBER):
        return None  # part of a longer name: "v2.Final", "U.S.Army", "info.Ece@"
    token = text[begin:period]
    if token.isalpha():
        if len(token) < 2 or not token[-1].islower() or token.lower() in rules.roles:
            return None
    elif (
        len(token) < 3
        or not _GROUPED_NUMBER.fullmatch(token)
        or not _number_ends(paragraph, period, token, after)
    ):
        return None  # a list ("1.Helado, 2.Carne"), a German date ("am 3.Oktober")
    end = after + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    word = text[after:end]
    if len(word) == 1:
        # "world.I think", Danish "world.I dag"; not an initial ("world.J. Smith").
        if not (text[end : end + 1] == " " and text[end + 1 : end + 2].islower()):
            return None
    elif not word[1:].islower() or word.lower() in _NAME_ENDINGS:
        return None
    if end < len(text) and not text[end].isspace():
        tail = text[end + 1 : end + 2]
        if text[end] not in ".,;:!?" or (tail and not tail.isspace()):
            return None  # the word goes on: "Unece.org", "Smith@unece.org", "Text.Json"
    return after


def _tight_starts(text: str, rules: _Rules) -> list[int]:
    """Return starts after a period with no space before a capital ("жағдайы.XVIII")."""
    starts: list[int] = []
    for match in _TIGHT.finditer(text):
        period = match.start()
        token = _token_before(text, period)
        if (
            text[period - 1].islower()
            and text[period + 1].isupper()
            and "." not in token
            and token.lower() not in rules.roles
        ):
            starts.append(period + 1)
    return starts


def _current(structural: list[int], last: int, position: int) -> int:
    """Return where the sentence holding ``position`` began."""
    index = bisect_right(structural, position)
    return max(last, structural[index - 1]) if index else last


# Starts that need no punctuation


def _structure(
    text: str, first: int, line_break_ends: bool = False, lines: bool = False
) -> tuple[list[int], frozenset[int]]:
    """Return starts after blank lines, at bullets and at list items; and all list markers."""
    starts: list[int] = []
    # Most paragraphs have neither a line break nor a bullet: one scan tells, or none at all
    # for ASCII text (str.isascii() is read from the string's header), whose breaks are few.
    if text.isascii():
        has_break = "\n" in text or "\r" in text or "\x0b" in text or "\x0c" in text
        has_bullet = False
    else:
        has_break = has_bullet = _HAS_BREAK_OR_BULLET.search(text) is not None
    if has_break and _HAS_BREAK.search(text):
        for match in _BREAK_RUN.finditer(text):
            end = match.end()
            if first < end < len(text) and (
                _line_breaks(match.group()) >= 2
                or text[end] in _BULLETS
                or (line_break_ends and not _wraps(text, match.start(), end))
            ):
                starts.append(end)
        if lines:
            starts.extend(start for start in _heading_starts(text) if start > first)
    if has_bullet and _HAS_BULLET.search(text):
        starts.extend(m.start() for m in _BULLET.finditer(text) if m.start() > first)
    # Inline lists begin after whitespace: in ASCII text whose only whitespace is the space,
    # " 1." and the like tell at once whether there may be one ("data." holds "a." too).
    spaced = text.isascii() and not has_break and not any(char in text for char in _ASCII_SPACES)
    firsts, items = _list_items(text, spaced)
    starts.extend(items)
    return sorted(set(starts)), frozenset(firsts + items)


def _heading_starts(text: str) -> list[int]:
    """Return starts after the short lines right above a line of unwrapped prose.

    Only where the text's line breaks are its own (plain text, ``<pre>``). A line of
    :data:`_UNWRAPPED` characters or more, long words such as URLs not counted, is no hard
    wrap: its paragraph is written a line a paragraph, so the lines right above it, each at
    most half as long, are headings, a sentence each ("Note to editors", "Geneva, 5 October
    2015"). Hard-wrapped prose has no such line, and a block of short lines only (a contact
    block, an address) neither; both keep their line breaks inside their units. A line that
    ends with a comma, a colon, a dash or a period (an abbreviation) goes on.
    """
    rows = [(match.start(), match.group()) for match in _LINE.finditer(text)]
    starts: list[int] = []
    prose = 0  # the length of the line of prose below the current heading lines, or 0
    for index in range(len(rows) - 1, -1, -1):
        _, row = rows[index]
        size = _measure(row)
        if size >= _UNWRAPPED:
            prose = size
            continue
        if not size or 2 * size > prose:
            prose = 0  # a blank line, or a line of wrapped text: no heading above it
            continue
        body = row.rstrip()
        if body[-1].isalnum() or body[-1] in _HEADING_ENDS:
            following, next_row = rows[index + 1]
            begin = following + len(next_row) - len(next_row.lstrip())
            if _can_start(text, begin):
                starts.append(begin)
    return starts


def _measure(row: str) -> int:
    """Return a line's length, its spaces folded, without long words (URLs, paths)."""
    words = [word for word in row.split() if len(word) <= _LONG_WORD]
    return sum(map(len, words)) + len(words) - 1 if words else 0


def _wraps(text: str, start: int, end: int) -> bool:
    """Tell whether a lone line break joins two wide characters: a wrap inside CJK text."""
    return (
        end - start == 1
        and start > 0
        and east_asian_width(text[start - 1]) in "WF"
        and east_asian_width(text[end]) in "WF"
    )


def _line_breaks(whitespace: str) -> int:
    """Count line breaks, CR LF as one; a paragraph separator counts as a blank line."""
    return (
        sum(whitespace.count(char) for char in _LINE_BREAKS)
        - whitespace.count("\r\n")
        + whitespace.count("\u2029")
    )


def _list_items(text: str, spaced: bool = False) -> tuple[list[int], list[int]]:
    """Return where inline lists ("1. … 2. …", "a) … b) …") begin, and their later items.

    ``spaced``: the text's only whitespace is the space.
    """
    candidates: list[tuple[int, str, str, int]] = []
    if (
        (" 1." in text or " a." in text or " 1)" in text or " a)" in text)
        if spaced
        else ("1." in text or "a." in text or "1)" in text or "a)" in text)
    ):
        candidates = [
            (match.start() - 1, text[match.start() - 1], match.group(1), match.end())
            for match in _FIRST_ITEM.finditer(text)
            if _ITEM_LEAD.search(text, max(0, match.start() - 9), match.start() - 1)
        ]
    if opening := _OPENING_ITEM.match(text):
        candidates.insert(0, (opening.start(1), opening[1], opening[2], opening.end()))
    firsts: list[int] = []
    items: list[int] = []
    for start, value, style, position in candidates:
        count = len(items)
        while (found := _next_marker(text, value := _successor(value), style, position)) >= 0:
            items.append(found)
            position = found + len(value) + len(style)
        if len(items) > count:
            firsts.append(start)
    return firsts, items


def _successor(value: str) -> str:
    """Return the next list number or letter."""
    return str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)


def _next_marker(text: str, value: str, style: str, position: int) -> int:
    """Return where a list marker next stands alone before a capitalised word, or -1."""
    marker = value + style
    # Items of an inline list are short; the bound keeps text full of "a." linear.
    end = position + _ITEM_REACH
    while (found := text.find(marker, position, end)) >= 0:
        after = found + len(marker)
        if (
            text[found - 1].isspace()
            and after < len(text)
            and text[after].isspace()
            and _next_word(text, after)[:1].isupper()
        ):
            return found
        position = found + 1
    return -1


# Starts after punctuation


def _punctuation_start(paragraph: _Paragraph, match: re.Match[str], sentence: int) -> int | None:
    """Return where the sentence after this punctuation begins, or None if it goes on."""
    text = paragraph.text
    after = match.end()
    if after >= len(text):
        return None
    kind = match.lastgroup  # the one of "wide", "dots" and "mark" that matched
    if kind == "wide":
        return _wide_start(paragraph, match.start(), match.group(kind), after)
    mark = match.group(kind) if kind == "mark" else None
    if text[after] == "(" and _QUOTE_END.search(match.group()):
        # "… house!' (Which was very likely true.)": an aside on the quotation, unless the
        # quotation is the whole sentence and the brackets hold one: "think!" (Dinah was
        # the cat.) "I hope".
        return after if _aside_is_a_sentence(paragraph, match, sentence) else None
    if not (
        text[after].isupper()
        or _can_start(text, after)
        or (text[after].islower() and mark and mark[-1] in paragraph.rules.lowercase_after)
    ):
        return None
    period = match.start()
    if mark == "." or mark == "..":
        token = _token_before(text, period)
        if "." in token and (glued := _after_glued(paragraph.glued, period, token)):
            token = glued  # "Tuesday.Mr. Smith": the word after a glued sentence end
        return after if _period_ends(paragraph, period, token, after, sentence) else None
    if mark is None:
        dots = match.group("dots")
        return _ellipsis_start(text, period, dots.count("."), after)
    if _TERMINAL.search(mark):
        return after
    if mark[-1] in paragraph.rules.terminals:
        quoted = mark[-1] in paragraph.rules.introduces and text[after] in _QUOTE_OPENERS
        return None if quoted else after
    # "[...]" marks an omission inside a sentence, not its end.
    return None if text[period - 1 : period] in ("[", "(") else after


def _after_glued(glued: list[int], period: int, token: str) -> str | None:
    """Return the part of ``token`` after the last glued sentence start inside it, if any."""
    index = bisect_left(glued, period) - 1
    if index >= 0 and glued[index] > period - len(token):
        return token[glued[index] - period :]
    return None


def _aside_is_a_sentence(paragraph: _Paragraph, match: re.Match[str], sentence: int) -> bool:
    """Tell whether a quotation that makes the whole sentence is followed by a bracketed one."""
    text, spans = paragraph.text, paragraph.spans
    while sentence < len(text) and text[sentence].isspace():
        sentence += 1
    quote = match.start() + max(match.group().rfind(char) for char in "\"'”’»›")
    opened = bisect_left(spans, sentence)
    if opened % 2 or opened + 1 >= len(spans) or spans[opened : opened + 2] != [sentence, quote]:
        return False
    after = match.end()
    bracket = bisect_left(spans, after)
    if bracket % 2 or bracket + 1 >= len(spans) or spans[bracket] != after:
        return False
    close = spans[bracket + 1]
    return text[close] == ")" and text[after + 1].isupper() and text[close - 1] in ".!?…"


def _wide_start(paragraph: _Paragraph, start: int, wide: str, after: int) -> int | None:
    """Decide on a CJK, Ethiopic or Myanmar mark, which needs no space after it."""
    text = paragraph.text
    if wide == "．" and text[start - 1 : start].isdigit() and text[after].isdigit():
        return None  # a full-width decimal point: "３．２９％"
    if text[after - 1] in _CLOSERS and not _quoted_after_colon(paragraph.spans, text, after - 1):
        # A quotation inside the sentence: 「はい。」と言った。 One that a colon opened is
        # the sentence's end: 他说：“我们知道。”详情请访问…
        return None
    char = text[after]
    return after if char.isspace() or char.isdigit() or _can_start(text, after) else None


def _quoted_after_colon(spans: list[int], text: str, close: int) -> bool:
    """Tell whether the quotation or bracket that ends at ``close`` follows a colon."""
    index = bisect_left(spans, close)
    if index % 2 == 0 or index >= len(spans) or spans[index] != close:
        return False
    opener = spans[index - 1]
    while opener > 0 and text[opener - 1].isspace():
        opener -= 1
    return opener > 0 and text[opener - 1] in ":："


def _ellipsis_start(text: str, start: int, count: int, after: int) -> int | None:
    """Decide on a spaced ". . .": after a word's own period it opens the next sentence."""
    attached = start > 0 and not text[start - 1].isspace()
    if attached and count >= 4:
        return start + 2
    return after if count >= 4 or attached else None


def _period_ends(paragraph: _Paragraph, period: int, token: str, after: int, sentence: int) -> bool:
    """Tell whether the period after ``token`` ends a sentence whose next word is at ``after``."""
    text, rules = paragraph.text, paragraph.rules
    if not token:
        return True
    # Most periods follow a plain word: no abbreviation, initial, number or roman numeral.
    if len(token) > 3 and token.isalpha() and token[0] not in "IVXLCivxlc":
        role = rules.roles.get(token.lower())
        if role == "numeric":  # "до 1 нояб. Пишите", "12 нояб. 2016"
            return not _starts_number(text, after)
        return role is None
    if _MARKER.fullmatch(token) and _is_marker(paragraph, sentence, period, token):
        return False
    if "@" in token or "://" in token or token.startswith(("www.", "WWW.")):
        return True
    if token[-1].isdigit():
        return _number_ends(paragraph, period, token, after)
    role = _role(text, period, token, rules.roles)
    if role is not None:
        return _abbreviation_ends(paragraph, role, period, after, sentence)
    if len(token) == 1 and token.islower() and _word_before(text, period - 1)[-1:].isdigit():
        # A unit after a number ends its sentence ("à 15 h.", "в 2014 г.", "15 ч."), unless
        # a one-letter word and a number follow: "1898 г. В 1854 году" reads as one date line,
        # or a dash: "Женева, 5 октября 2015 г. – Ежегодно" is a dateline.
        if text[after] in _DASHES:
            return False
        word = _next_word(text, after)
        return len(word) > 1 or not _starts_number(text, _skip_word(text, after))
    if len(token) == 1 and token.isalpha():
        # An initial ("Jonas E. Smith"), unless it is the pronoun ("you and I. Did you").
        return token == "I" and _word_before(text, period - 1)[:1].islower()
    if _MULTI_PERIOD.fullmatch(token):
        return _next_word(text, after) in rules.starters
    return True


def _is_marker(paragraph: _Paragraph, sentence: int, period: int, token: str) -> bool:
    """Tell whether ``token`` is a list marker: it opens its sentence, its line or a list."""
    text = paragraph.text
    start = period - len(token)
    if start in paragraph.markers:
        return True
    # Bullets and spaces aside, the sentence so far is the token; the length check keeps
    # long sentences from being copied at every number.
    if period - sentence <= len(token) + 12 and (
        text[sentence:period].strip().lstrip(_BULLETS).strip() == token
    ):
        return True
    while start > 0 and text[start - 1] in _BULLETS + " \t\u00a0":
        start -= 1
    return start > 0 and text[start - 1] in _LINE_BREAKS


def _role(text: str, period: int, token: str, roles: dict[str, str]) -> str | None:
    """Return the role of the abbreviation ending at ``period``, trying "z. B." as "z.b"."""
    key = token.lower()
    space = period - len(token) - 1
    if space > 1 and text[space - 1] == "." and text[space].isspace():
        joined = _word_before(text, space).lower() + key
        if joined in ("a.m", "p.m"):
            return "time"  # "3 p. m."
        compound = roles.get(joined)
        if compound in ("always", "final"):
            return compound
    if len(key) == 1:
        return roles.get(key)  # a language may list one-letter words (Bulgarian "г.")
    if key in ("a.m", "p.m"):
        return "time"
    return roles.get(key)


def _abbreviation_ends(
    paragraph: _Paragraph, role: str, period: int, after: int, sentence: int
) -> bool:
    """Tell whether an abbreviation of this role ends its sentence before the next word."""
    text = paragraph.text
    if role in ("always", "titles"):
        return False
    if role == "numeric":
        return not _starts_number(text, after)
    word = _next_word(text, after)
    if role == "final":
        # "etc. “We…" ends; "Inc. (“Company A”)" and "GmbH & Co. KG" go on.
        return (
            text[after] not in "(["
            and word[:1].isupper()
            and word.lower() not in paragraph.rules.final | _COMPANY_FORMS
        )
    # "At 5 a.m. Mr. Smith left" opens with a time; "He left at 6 p.m. Mr. Smith" ends with
    # one; "at 2 p.m. Geneva time" goes on.
    intro = period - sentence < 40 and _INTRO_TIME.fullmatch(text[sentence:period].strip())
    return word[:1].isupper() and _TIME_ZONE.match(text, after) is None and not intro


def _number_ends(paragraph: _Paragraph, period: int, token: str, after: int) -> bool:
    """Tell whether a period after a number ends the sentence (German "12. Juni" does not)."""
    text, rules = paragraph.text, paragraph.rules
    if not rules.ordinal_after:
        return True
    if token[0] in _DASHES and token[1:].isdigit():
        return False  # the end of a range: "1. -3. Jahrhundert"
    if not token.isdigit() or len(token) > 4:
        return True
    before = _word_before(text, period - len(token)).lower()
    return (
        before not in rules.ordinal_before
        and _next_word(text, after).lower() not in rules.ordinal_after
    )


# What surrounds a boundary


def _word_before(text: str, end: int) -> str:
    """Return the word before position ``end``, whitespace skipped (see :func:`_token_before`)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _token_before(text, end)


def _token_before(text: str, end: int) -> str:
    """Return the characters up to ``end`` since the last whitespace, less opening marks."""
    window = max(0, end - 64)
    piece = text[window:end]
    if not piece or piece[-1].isspace():
        return ""
    parts = piece.rsplit(None, 1)
    if len(parts) == 2 or window == 0 or piece[0].isspace():
        return parts[-1].lstrip(_LEADING)
    start = window  # a word longer than the window, such as a URL
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_LEADING)


def _next_word(text: str, start: int) -> str:
    """Return the word at ``start``, skipping opening quotes, brackets and dashes."""
    while start < len(text) and (text[start] in _OPENERS + _DASHES or text[start].isspace()):
        start += 1
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "-'’."):
        end += 1
    return text[start:end].rstrip(".")


def _skip_word(text: str, start: int) -> int:
    """Return where the whitespace after the word at ``start`` ends."""
    while start < len(text) and not text[start].isspace():
        start += 1
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _starts_number(text: str, start: int) -> bool:
    """Tell whether a number (perhaps in brackets or after a currency sign) begins here."""
    while start < len(text) and text[start] in _OPENERS + _CURRENCIES:
        start += 1
    return start < len(text) and text[start].isdigit()


def _can_start(text: str, start: int) -> bool:
    """Tell whether a sentence can begin at ``start`` (not with a lowercase word or a comma)."""
    char = text[start]
    if char.isalpha():
        return not char.islower() or _ITEM.match(text, start) is not None
    if char.isdigit() or char in _BULLETS or char in "¿¡":
        return True
    if char == "(" and _ITEM.match(text, start):
        return True
    if char in _OPENERS or char in _CURRENCIES:
        rest = start + 1
        while rest < len(text) and text[rest] in _OPENERS + _CURRENCIES + " \u00a0\u202f":
            rest += 1
        return rest < len(text) and (text[rest].isdigit() or _can_start(text, rest))
    if char in _DASHES:
        rest = start
        while rest < len(text) and text[rest] in _DASHES:
            rest += 1
        return rest < len(text) and text[rest].isspace() and _can_start_after(text, rest)
    if text.startswith(". . .", start):
        return _can_start_after(text, start + 5)
    # "...en toen": an ellipsis opening a sentence marks words left out before it.
    rest = start + 3 if text.startswith("...", start) else start + 1 if char == "…" else start
    return rest > start and text[rest : rest + 1].isalpha()


def _can_start_after(text: str, start: int) -> bool:
    """Tell whether a sentence can begin at the first non-space character from ``start``."""
    while start < len(text) and text[start].isspace():
        start += 1
    return start < len(text) and text[start] not in _DASHES and _can_start(text, start)


# Quotations and brackets


def _protected(text: str) -> list[int]:
    """Return the quoted and bracketed stretches as a flat, sorted list of starts and ends."""
    if _QUOTE_OR_BRACKET.search(text) is None:
        return []
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for match in _QUOTE_OR_BRACKET.finditer(text):
        char, index = match.group(), match.start()
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opener = _closed_opener(stack, char, before, after)
        if opener is not None and char == "'" and index - stack[opener][1] > _SINGLE_QUOTE_REACH:
            del stack[opener]  # an elision such as "'round", not a quotation
        elif opener is not None:
            spans.append((stack[opener][1], index))
            del stack[opener:]
        elif _opens(char, before, after):
            stack.append((char, index))
    merged: list[int] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1]:
            merged[-1] = max(merged[-1], end)
        else:
            merged.extend((start, end))
    return merged


def _closed_opener(stack: list[tuple[str, int]], char: str, before: str, after: str) -> int | None:
    """Return the stack index of the opener that ``char`` closes, if it closes one."""
    # French spacing puts a space before », so only ambiguous quotes need a word before them;
    # an apostrophe inside a word ("dragon’s") closes nothing.
    if char not in _CLOSES or (before.isspace() and char in "\"'’“"):
        return None
    if char in "’'" and after.isalnum():
        return None
    # Looking a few levels down skips unclosed quotes; a bound keeps stray marks cheap.
    for index in range(len(stack) - 1, max(-1, len(stack) - 9), -1):
        if stack[index][0] in _CLOSES[char]:
            return index
    return None


def _opens(char: str, before: str, after: str) -> bool:
    """Tell whether a quote or bracket character opens a stretch here."""
    if char == '"':
        return (before.isspace() or before in _OPENERS + _DASHES) and not after.isspace()
    if char == "'":
        # 'Well!' opens; an apostrophe in "they'll" or before "90s" does not.
        return (before.isspace() or before in _OPENERS + _DASHES) and after.isalpha()
    return char in "“‘«„‚‹([「『（《〈【〔"


def _inside(spans: list[int], position: int) -> bool:
    """Tell whether ``position`` falls after the opening of a protected stretch, before its end."""
    return bisect_left(spans, position) % 2 == 1
