"""Wrap PO strings exactly as GNU gettext's ``msgcat`` does, so written catalogs never churn.

Takes a PO string as translate-toolkit hands it to its wrapper: already escaped (``\\n``,
``\\t``, ``\\"``, ``\\\\`` are two characters each) and without the surrounding quotes.
Gives the lines gettext would write for it, again escaped and without quotes.

* :func:`gettext_wrap` — the lines of a string wrapped from column 0 (``width`` columns of
  text per line, 77 by default, i.e. gettext's page width 79 less the two quotes).
* :func:`gettext_quote` — the quoted lines for one keyword (``msgid``, ``msgstr[1]``, ...),
  including gettext's choice of an empty ``""`` first line, which depends on the keyword
  and on a ``#|``/``#~`` prefix; translate-toolkit's ``quoteforpo`` cannot make that choice.

translate-toolkit's PO classes written through these rules are in
:mod:`relay.catalogs.toolkit_po`; this module needs nothing of translate-toolkit, so the
commands that write catalogs line by line (:mod:`relay.catalogs.po`) never import it.

Where the rules come from (matched to what is installed: GNU gettext 0.21 linked against
GNU libunistring 1.0):

* gettext-tools/src/write-po.c, function ``wrap()``: the string is cut after each ``\\n``
  into portions that always start a new line; escape sequences are never split; there is
  no break just before a final ``\\n``; each portion is given to libunistring with a line
  width of ``page_width - 1 - (len(prefix) + 1)``; the first line starts after
  ``keyword + ' '``, and if anything would wrap (or more portions follow) gettext writes
  ``keyword ""`` and wraps everything from the start of the next line instead.
* libunistring lib/unilbrk/u8-possible-linebreaks.c: the UAX #14 break opportunities
  (pair table plus the LB8a/LB9/LB10/LB21a/LB30a special cases), and
  lib/unilbrk/u8-width-linebreaks.c: the greedy fill by display columns
  (``uc_width``).  Their tables are in ``relay/data/linebreak.txt`` (origin and licence
  noted there).

Assumes the catalog's charset is UTF-8 (or another non-CJK charset): gettext counts
ambiguous-width characters as narrow only then.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = ["gettext_quote", "gettext_wrap"]

# Break values of libunistring's unilbrk.h.  UNDEFINED only occurs as an override.
_UNDEFINED = 0
_PROHIBITED = 1
_POSSIBLE = 2
_MANDATORY = 3
_CR_BEFORE_LF = 5

# gettext's "no wrapping" width (INT_MAX in write-po.c).
_NO_WRAP = 2**31 - 1


@dataclass(frozen=True)
class _Tables:
    """libunistring 1.0's line-breaking data, as read from ``data/linebreak.txt``."""

    index: dict[str, int]  # class name -> index; pair-table classes first
    pairs: tuple[bytes, ...]  # pairs[before][after] in b"DIP"
    class_starts: list[int]
    class_values: list[int]
    width_starts: list[int]
    width_values: list[int]


# Classes that libunistring resolves at run time instead of through the pair table.
_RUNTIME_CLASSES = ("BK", "CR", "LF", "CM", "ZW", "SP", "CB", "AI", "SA", "XX", "HL_BA", "H2H3")


@cache
def _tables() -> _Tables:
    text = resources.files("relay").joinpath("data/linebreak.txt").read_text(encoding="utf-8")
    section = ""
    index: dict[str, int] = {}
    pairs: list[bytes] = []
    starts: dict[str, list[int]] = {"classes": [], "widths": []}
    values: dict[str, list[int]] = {"classes": [], "widths": []}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "pairs":
            if not index:
                for name in (*line.split(), *_RUNTIME_CLASSES):
                    index[name] = len(index)
            else:
                pairs.append(line.split()[1].encode("ascii"))
            continue
        start, value = line.split()
        starts[section].append(int(start, 16))
        values[section].append(index[value] if section == "classes" else int(value))
    # Resolve what u8_possible_linebreaks resolves before looking anything up, for a
    # non-CJK encoding: AI -> AL, CB -> ID1, SA and XX -> AL.
    resolve = {index["AI"]: index["AL"], index["CB"]: index["ID1"]}
    resolve |= {index["SA"]: index["AL"], index["XX"]: index["AL"]}
    class_values = [resolve.get(value, value) for value in values["classes"]]
    return _Tables(
        index,
        tuple(pairs),
        starts["classes"],
        class_values,
        starts["widths"],
        values["widths"],
    )


@cache
def _char_class(char: str) -> int:
    tables = _tables()
    code = ord(char)
    value = tables.class_values[bisect.bisect_right(tables.class_starts, code) - 1]
    if value == tables.index["H2H3"]:
        # Hangul syllables: LV every 28 code points, LVT in between (Unicode 3.12).
        return tables.index["H2" if (code - 0xAC00) % 28 == 0 else "H3"]
    return value


@cache
def _char_width(char: str) -> int:
    tables = _tables()
    return tables.width_values[bisect.bisect_right(tables.width_starts, ord(char)) - 1]


def _possible_linebreaks(text: str) -> list[int]:
    """Break opportunities before each character: libunistring 1.0's
    ``u8_possible_linebreaks_v2``, one entry per code point instead of per byte."""
    tables = _tables()
    idx = tables.index
    bk, cr, lf, cm, zw, sp = idx["BK"], idx["CR"], idx["LF"], idx["CM"], idx["ZW"], idx["SP"]
    zwj, ri, hl, hl_ba, al = idx["ZWJ"], idx["RI"], idx["HL"], idx["HL_BA"], idx["AL"]
    hy, ba = idx["HY"], idx["BA"]
    result = [_PROHIBITED] * len(text)
    prev_prop = bk  # class of the last character
    last_prop = bk  # class of the last non-space character
    seen_space = False  # a space since the last non-space character?
    ri_count = 0  # consecutive regional indicators just before this point
    for i, char in enumerate(text):
        prop = _char_class(char)
        if prop in (bk, lf, cr):
            # (LB4, LB5, LB6) mandatory break; CR LF stays one unit.
            result[i] = _MANDATORY
            if prev_prop == cr and prop == lf:
                result[i - 1] = _CR_BEFORE_LF
            prev_prop = prop
            last_prop = bk
            seen_space = False
        else:
            if prop == sp:
                # (LB7) no break just before a space; remember it for indirect breaks.
                seen_space = True
            elif prop == zw:
                last_prop = zw
                seen_space = False
            elif prop in (cm, zwj):
                # (LB9, LB10) a combining mark sticks to what precedes it, unless that is
                # the start of a line, a space or a zero-width space: then it acts as AL.
                if last_prop == bk:
                    last_prop = al
                    seen_space = False
                elif last_prop == zw or seen_space:
                    result[i] = _POSSIBLE
                    last_prop = al
                    seen_space = False
            else:
                if last_prop == bk:
                    pass  # no break at the start of a line
                elif last_prop == zw:
                    result[i] = _POSSIBLE  # (LB8)
                elif prev_prop == zwj:
                    pass  # (LB8a)
                elif last_prop == ri and prop == ri:
                    # (LB30a) regional indicators pair up.
                    if seen_space or ri_count % 2 == 0:
                        result[i] = _POSSIBLE
                elif prev_prop == hl_ba:
                    pass  # (LB21a) Hebrew letter + hyphen sticks to what follows
                else:
                    rule = tables.pairs[last_prop][prop]
                    if rule == ord("D") or (rule == ord("I") and seen_space):
                        result[i] = _POSSIBLE
                last_prop = prop
                seen_space = False
            prev_prop = hl_ba if prev_prop == hl and prop in (hy, ba) else prop
        ri_count = ri_count + 1 if prop == ri else 0
    return result


def _width_linebreaks(text: str, overrides: list[int], width: int, start_column: int) -> list[int]:
    """Where to break so that lines fit ``width`` columns: libunistring's
    ``u8_width_linebreaks_v2`` with ``at_end_columns`` 0, as gettext calls it."""
    breaks = _possible_linebreaks(text)
    last_p: int | None = None  # the last break opportunity, not taken yet
    last_column = start_column  # column where the piece that starts at last_p starts
    piece_width = 0
    for i, char in enumerate(text):
        if overrides[i] != _UNDEFINED:
            breaks[i] = overrides[i]
        brk = breaks[i]
        # A piece ends here: if it overflows, break at the opportunity before it.
        ends_piece = brk in (_POSSIBLE, _MANDATORY, _CR_BEFORE_LF)
        if ends_piece and last_p is not None and last_column + piece_width > width:
            breaks[last_p] = _POSSIBLE
            last_column = 0
        if brk in (_MANDATORY, _CR_BEFORE_LF):
            # A line-break character (U+2028 and the like, written as is): the column
            # starts again at 0, although gettext does not end its output line there.
            last_p = None
            last_column = 0
            piece_width = 0
        else:
            if brk == _POSSIBLE:
                last_p = i
                last_column += piece_width
                piece_width = 0
            breaks[i] = _PROHIBITED
            piece_width += max(_char_width(char), 0)  # control characters count 0
    if last_p is not None and last_column + piece_width > width:
        breaks[last_p] = _POSSIBLE
    return breaks


_ESCAPE = re.compile(r"\\.", re.DOTALL)


def _cut(escaped: str) -> list[tuple[str, list[int]]]:
    """Cut an escaped string after each ``\\n``; give each portion with where its escapes
    start (escape sequences are two characters; a lone final backslash is text)."""
    if "\\" not in escaped:
        return [(escaped, [])]
    portions: list[tuple[str, list[int]]] = []
    begin = 0
    escapes: list[int] = []
    for match in _ESCAPE.finditer(escaped):
        escapes.append(match.start() - begin)
        if match.group() == "\\n":
            portions.append((escaped[begin : match.end()], escapes))
            begin, escapes = match.end(), []
    if begin < len(escaped) or not portions:
        portions.append((escaped[begin:], escapes))
    return portions


def _split_at(text: str, cuts: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


# -- the fast path ------------------------------------------------------------------------
#
# Most text is made of characters that libunistring's pair table alone decides about, one
# column wide each: no line breaks, combining marks, joiners, regional indicators or Hebrew
# letters. For such text a break opportunity depends only on the last non-space character's
# class, the next character's class and whether spaces lie between, so the opportunities can
# be found with one regular expression over a string of class letters (or over printable
# ASCII itself), and the greedy fill only needs the opportunities of each line's stretch.
# Anything else takes the character-by-character port above; tests hold the two equal.
#
# Before any of that: a portion whose every character is at most one column wide and which
# fits in the columns left has no break at all (the fill only breaks where a line overflows,
# and a line never holds more columns than the portion's length), whatever its characters.
# That is most portions: short msgids, every header line, every empty msgstr.

_NOT_SIMPLE = "\x00"


@dataclass(frozen=True)
class _Fast:
    """Class letters and the pattern that finds break opportunities between them."""

    letters: dict[int, str]  # class index -> letter
    breaks: _Patterns  # over class letters
    # The same over printable ASCII text itself (None if some such character were not simple).
    ascii_breaks: _Patterns | None


class _Patterns(NamedTuple):
    """Where the break opportunities are: each match of ``each`` ends at one (it takes a
    non-space character, or a run of one class, and the spaces after it up to an opportunity:
    directly before the next character (D), or after spaces (D or I)). ``last`` matches from
    where it starts to the last opportunity before where it must end."""

    each: re.Pattern[str]
    last: re.Pattern[str]


class _ClassLetters(dict[int, str]):
    """``str.translate`` table: a character's class as one letter, or ``_NOT_SIMPLE``."""

    def __missing__(self, code: int) -> str:
        fast = _fast()
        char = chr(code)
        prop = _char_class(char)
        simple = prop in fast.letters and _char_width(char) == 1
        letter = fast.letters[prop] if simple else _NOT_SIMPLE
        self[code] = letter
        return letter


_CLASS_LETTERS = _ClassLetters()


_COMMON_CLASSES = ("AL", "NU", "IS", "SY", "QU", "HY", "BA", "CL", "CP1", "OP1", "EX", "PR", "PO")


@cache
def _fast() -> _Fast:
    tables = _tables()
    special = {"BK", "CR", "LF", "CM", "ZW", "ZWJ", "RI", "HL", "HL_BA", "SP", "H2H3"}
    special |= {"AI", "CB", "SA", "XX"}  # resolved before any lookup; never seen here
    pair_classes = [
        value
        for name, value in tables.index.items()
        if name not in special and value < len(tables.pairs)
    ]
    letters = {value: chr(0x100 + value) for value in pair_classes}
    space = _fast_space()
    letters[tables.index["SP"]] = space
    # Classes with the same row of the pair table share one alternative. A run of a class
    # that cannot break before itself is taken whole (possessively, from its first
    # character only): the regular expression then steps once a word, not once a letter.
    rows: dict[tuple[str, str, bool], list[str]] = {}
    for before in pair_classes:
        row = tables.pairs[before]
        direct = "".join(letters[a] for a in pair_classes if row[a] == ord("D"))
        spaced = "".join(letters[a] for a in pair_classes if row[a] in (ord("D"), ord("I")))
        rows.setdefault((direct, spaced, row[before] == ord("D")), []).append(letters[before])
    # The classes of press-release text, most frequent first: their alternatives come first.
    frequent = {letters[tables.index[name]]: rank for rank, name in enumerate(_COMMON_CLASSES)}
    breaks = _breaks_pattern(rows, frequent, lambda group: group)
    # Printable ASCII (most text) is matched as it is, without translating it to letters.
    members = {letter: "" for letter in letters.values()}
    for char in map(chr, range(0x20, 0x7F)):
        if _char_class(char) not in letters or _char_width(char) != 1:
            return _Fast(letters, breaks, None)  # not so in libunistring 1.0: the tables decide
        members[letters[_char_class(char)]] += re.escape(char)
    ascii_breaks = _breaks_pattern(
        rows, frequent, lambda group: "".join(members[letter] for letter in group)
    )
    return _Fast(letters, breaks, ascii_breaks)


def _breaks_pattern(
    rows: dict[tuple[str, str, bool], list[str]],
    frequent: dict[str, int],
    members: Callable[[str], str],
) -> _Patterns:
    """The pattern whose matches end at the break opportunities: for each row of the pair
    table (``direct``, ``spaced`` and whether a class breaks before itself: the classes
    that share it), its run, then the next character or spaces and the next character.
    ``members`` gives the characters a string of class letters stands for."""
    space = members(_fast_space())
    alternatives: list[tuple[int, str]] = []
    for (direct, spaced, breaks_itself), befores in rows.items():
        group, direct, spaced = members("".join(befores)), members(direct), members(spaced)
        if not group:
            continue
        after = [f"(?=[{direct}])"] if direct else []
        after += [f"[{space}]++(?=[{spaced}])"] if spaced else []
        head = f"[{group}]" if breaks_itself else f"[{group}](?<![{group}]{{2}})[{group}]*+"
        if after:
            rank = min(frequent.get(letter, len(frequent)) for letter in befores)
            alternatives.append((rank, f"{head}(?:{'|'.join(after)})"))
    each = "|".join(alternative for _, alternative in sorted(alternatives))
    # Greedy: it backs off from the end until an opportunity's match fits, and a match
    # starts only where a search from the left would start one (the first character of a
    # run, which no earlier match takes), so it is the last of them.
    return _Patterns(re.compile(each), re.compile(f"(?s:.*)(?:{each})"))


def _fast_space() -> str:
    return chr(0x100 + _tables().index["SP"])


@cache
def _wide_from() -> str:
    """The first character wider than one column (every one before it is at most one)."""
    tables = _tables()
    widths = zip(tables.width_starts, tables.width_values, strict=True)
    return chr(min(start for start, width in widths if width > 1))


def _fits(text: str, width: int, start_column: int) -> bool:
    """Whether a portion surely has no break: narrow characters, fitting in the line."""
    return start_column + len(text) <= width and (text.isascii() or max(text) < _wide_from())


def _fast_subject(text: str) -> tuple[_Patterns, str] | None:
    """The pattern and the string to find a portion's break opportunities in, or None when
    the portion needs the full port."""
    fast = _fast()
    if fast.ascii_breaks is not None and text.isascii() and text.isprintable():
        return fast.ascii_breaks, text
    classes = text.translate(_CLASS_LETTERS)
    if _NOT_SIMPLE in classes:
        return None
    return fast.breaks, classes


_NONE_EXCLUDED: frozenset[int] = frozenset()


def _excluded(text: str, escapes: list[int]) -> frozenset[int]:
    """Where no break may be although the classes allow one: inside an escape sequence, and
    just before a final ``\\n``."""
    if not escapes:
        return _NONE_EXCLUDED
    inside = {start + 1 for start in escapes}
    if text.endswith("\\n") and escapes[-1] == len(text) - 2:
        inside.add(len(text) - 2)
    return frozenset(inside)


def _first_opportunity(
    patterns: _Patterns, subject: str, excluded: frozenset[int], position: int
) -> int:
    """The first break opportunity after ``position`` (a break or 0), or 0 if there is none."""
    for match in patterns.each.finditer(subject, position):
        if match.end() not in excluded:
            return match.end()
    return 0


def _last_opportunity(
    patterns: _Patterns, subject: str, excluded: frozenset[int], position: int, limit: int
) -> int:
    """The last break opportunity after ``position`` (a break or 0) and up to ``limit``, or 0
    if there is none."""
    while match := patterns.last.match(subject, position, limit + 1):
        if match.end() not in excluded:
            return match.end()
        limit = match.end() - 1
    return 0


def _fast_fill(
    patterns: _Patterns, subject: str, excluded: frozenset[int], width: int, column: int
) -> list[int]:
    """libunistring's greedy fill: each line ends at the last opportunity that keeps it
    within ``width``, or at its first one if none does.

    Only each line's own stretch is searched: the pattern's matches do not depend on what
    lies beyond the character after them (its lookahead), and a line starts where a match
    ended, where a search of the whole string would go on too.
    """
    cuts: list[int] = []
    line_start = 0
    while len(subject) - line_start + column > width:
        # The last opportunity that fits, else the first one.
        cut = _last_opportunity(
            patterns, subject, excluded, line_start, line_start + width - column
        )
        if not cut:
            cut = _first_opportunity(patterns, subject, excluded, line_start)
            if not cut:
                break  # an overlong last piece: it stays whole
        cuts.append(cut)
        line_start, column = cut, 0
    return cuts


def _fast_breaks(text: str, escapes: list[int], width: int, start_column: int) -> list[int] | None:
    """Where gettext breaks ``text`` (a portion), or None when it needs the full algorithm."""
    if _fits(text, width, start_column):
        return []
    found = _fast_subject(text)
    if found is None:
        return None
    return _fast_fill(*found, _excluded(text, escapes), width, start_column)


def _slow_breaks(text: str, escapes: list[int], width: int, start_column: int) -> list[int]:
    """Where gettext breaks one portion, by the character-by-character port."""
    overrides = [_UNDEFINED] * len(text)
    for start in escapes:
        overrides[start + 1] = _PROHIBITED
    if text.endswith("\\n") and escapes and escapes[-1] == len(text) - 2:
        overrides[-2] = _PROHIBITED
    breaks = _width_linebreaks(text, overrides, width, start_column)
    return [i for i, brk in enumerate(breaks) if brk == _POSSIBLE]


def _portion_breaks(text: str, escapes: list[int], width: int, start_column: int) -> list[int]:
    """Where gettext breaks one portion: the fast path when it applies, else the port."""
    fast = _fast_breaks(text, escapes, width, start_column)
    return fast if fast is not None else _slow_breaks(text, escapes, width, start_column)


def _first_line_breaks(
    text: str, escapes: list[int], width: int, start_column: int
) -> tuple[bool, list[int]]:
    """Where gettext breaks a lone portion after its keyword: whether it starts it on the
    next line instead (it would not fit), and the breaks."""
    if _fits(text, width, start_column):
        return False, []
    found = _fast_subject(text)
    if found is None:
        if not _slow_breaks(text, escapes, width, start_column):
            return False, []
        return True, _slow_breaks(text, escapes, width, 0)
    # Simple text (a column a character) that does not fit is broken after the keyword as
    # soon as it can be broken at all (the fill breaks its first line then): it goes to the
    # next line instead.
    patterns, subject = found
    excluded = _excluded(text, escapes)
    if len(text) + start_column <= width or not _first_opportunity(patterns, subject, excluded, 0):
        return False, []
    return True, _fast_fill(patterns, subject, excluded, width, 0)


@lru_cache(maxsize=16384)
def _gettext_lines(
    escaped: str, keyword: str | None, prefix: str, page_width: int | None
) -> tuple[bool, tuple[str, ...]]:
    """gettext's ``wrap()``: whether it writes an empty first line, and the lines.

    ``keyword`` None wraps every line from its start (what follows ``keyword ""``). Results
    are cached: a catalog, its template and its siblings repeat the same strings.
    """
    # Columns are counted from the first character after the opening quote of a
    # continuation line; the line width leaves room for the prefix and both quotes.
    after_break = len(prefix) + 1
    width = (page_width if page_width is not None else _NO_WRAP) - 1 - after_break
    if keyword is not None and "\\" not in escaped and _fits(escaped, width, len(keyword) + 1):
        return False, (escaped,)  # one portion, on the keyword's line: most strings
    empty_first_line = False
    lines: list[str] = []
    portions = _cut(escaped)
    for number, (text, escapes) in enumerate(portions):
        if number == 0 and keyword is not None and text:
            start = len(keyword) + 1
            if number < len(portions) - 1 or start > width:
                # It cannot stay after the keyword: gettext writes `keyword ""` and
                # starts the text on the next line, where it is wrapped.
                empty_first_line = True
                cuts = _portion_breaks(text, escapes, width, 0)
            else:
                empty_first_line, cuts = _first_line_breaks(text, escapes, width, start)
        else:
            cuts = _portion_breaks(text, escapes, width, 0)
        lines += _split_at(text, cuts) if cuts else (text,)
    return empty_first_line, tuple(lines)


def gettext_wrap(text: str, width: int = 77) -> list[str]:
    r"""Wrap an escaped PO string as gettext wraps the lines after ``msgid ""``.

    ``width`` counts the columns between the quotes (gettext's page width less 2); every
    ``\n`` ends a line.  An empty string gives no lines, as translate-toolkit expects.

    >>> gettext_wrap("Hello, world!", 77)
    ['Hello, world!']
    >>> gettext_wrap("One line\\nTwo lines\\n", 77)
    ['One line\\n', 'Two lines\\n']
    >>> gettext_wrap("See U.S. sites, info.ece@unece.org or the sub-national page", 18)
    ['See U.S. sites, ', 'info.ece@unece.', 'org or the sub-', 'national page']
    >>> gettext_wrap("abcdefghijklmnop->info", 18)
    ['abcdefghijklmnop-', '>info']
    >>> gettext_wrap("plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4)", 52)
    ['plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 ', '>= 2 && n % 10 <= 4)']
    >>> gettext_wrap('They said \\"yes\\" to 日本語のテキスト twice', 18)
    ['They said \\"yes\\" ', 'to 日本語のテキス', 'ト twice']
    >>> gettext_wrap("", 77)
    []
    """
    if not text:
        return []
    return list(_gettext_lines(text, None, "", width + 2)[1])


def gettext_quote(
    escaped: str, keyword: str, prefix: str = "", page_width: int | None = 79
) -> list[str]:
    r"""The quoted lines gettext writes for ``keyword`` and an escaped string.

    The first item goes on the keyword's own line; it is ``'""'`` when gettext starts the
    text on the next line.  ``prefix`` is ``"#| "``, ``"#~ "`` or ``"#~| "`` for previous
    and obsolete entries (it narrows the lines); ``page_width`` None is ``--no-wrap``.

    >>> gettext_quote("short", "msgid")
    ['"short"']
    >>> gettext_quote("a\\nb", "msgstr")
    ['""', '"a\\n"', '"b"']
    >>> len(gettext_quote("x" * 71, "msgid")), len(gettext_quote("x " * 35 + "x", "msgstr"))
    (1, 2)
    """
    empty_first_line, lines = _gettext_lines(escaped, keyword, prefix, page_width)
    return ['""'] * empty_first_line + [f'"{line}"' for line in lines]
