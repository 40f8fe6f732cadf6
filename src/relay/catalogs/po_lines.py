"""Read the PO files gettext tools write, line by line, as translate-toolkit would read them.

Takes the UTF-8 text of a PO file; gives its header fields and
:class:`~relay.catalogs.catalog.Entry` objects, or None for anything outside the plain shape
that relay, ``msgcat``, Poedit and Weblate write (plurals, KDE ``_:`` comments, carriage
returns, indented lines, comments with nothing after them, a byte-order mark...).
:func:`relay.catalogs.po.read_po` then asks translate-toolkit, which also gives the errors of a
broken file. The fast path exists because every command reads every catalog: translate-toolkit's
general parser builds a unit object per entry and takes about twice as long (1.6 to 2.8 times,
measured on the sample catalogs and a generated 40-release corpus on a shared 2-core machine;
the ratio moves with the load). Every field is derived exactly as translate-toolkit derives it
(the same unescaping, the same comment prefixes stripped, the same fields dropped from obsolete
entries); a test holds the two equal on the sample catalogs, on the CAT tools' files in the
shared corpus and on random catalogs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from relay.catalogs.catalog import Entry, new_entry

# A unit's identity travels in an extracted comment: every PO tool keeps those as they are.
ID_NOTE = "id: "
_ESCAPE = re.compile(r"\\.")
_UNESCAPED = {"r": "\r", "t": "\t", '"': '"', "n": "\n", "\\": "\\"}
_FLAG_SPLIT = re.compile(r"[,\s]+")
# Characters Python's str.splitlines breaks on besides "\n", and a BOM: their files go the
# general way, whose line splitting differs from a plain split.
_UNUSUAL = ("\r", "\ufeff")
_KEYWORDS = ("msgctxt", "msgid", "msgstr")


class _Unusual(Exception):
    """The file is outside what this reader handles: translate-toolkit reads it instead."""


@dataclass
class _Unit:
    other: list[str] = field(default_factory=list)  # translator comments, "#" lines
    automatic: list[str] = field(default_factory=list)  # "#." lines
    source: list[str] = field(default_factory=list)  # "#:" lines
    types: list[str] = field(default_factory=list)  # "#," lines
    previous: list[str] = field(default_factory=list)  # quoted strings of "#| msgid"
    msgctxt: list[str] = field(default_factory=list)
    msgid: list[str] = field(default_factory=list)
    msgstr: list[str] = field(default_factory=list)
    obsolete: bool = False


def read_lines(text: str) -> tuple[dict[str, str], list[Entry]] | None:
    """Give the header fields and entries of a plain PO text, or None when it is not plain.

    Entries in the very shape relay and ``msgcat`` write are taken whole by one regular
    expression (:data:`_ENTRY`); from the first entry in any other shape on, the text is read
    line by line (:func:`read_by_lines` reads all of it so; a test holds the two equal).
    """
    if any(char in text for char in _UNUSUAL):  # str's own search: far faster than a pattern's
        return None
    if not text.endswith("\n"):
        text += "\n"  # the lines are the same; the pattern ends each with its newline
    header: dict[str, str] = {}
    entries: list[Entry] = []
    position = 0
    while match := _ENTRY.match(text, position):
        position = match.end()
        msgid, msgstr, context = match["msgid"], match["msgstr"], match["context"]
        if msgid.startswith('"_:') or '\n"_:' in msgid:
            return None  # a KDE comment: translate-toolkit's
        if msgid == '""\n' and msgstr != '""\n' and (context is None or context == '""\n'):
            header = header_fields(_joined(msgstr))
        else:
            entries.append(_matched_entry(match))
    if position < len(text):
        rest = read_by_lines(text[position:])
        if rest is None:
            return None
        header = rest[0] if rest[2] else header
        entries.extend(rest[1])
    return header, entries


def read_by_lines(text: str) -> tuple[dict[str, str], list[Entry], bool] | None:
    """Read a plain PO text line by line: its header fields, entries and whether it has a
    header; None when it is not plain."""
    if any(char in text for char in _UNUSUAL):  # str's own search: far faster than a pattern's
        return None
    lines = [line for line in text.split("\n") if line and not line.isspace()]
    try:
        units = _units(lines)
    except _Unusual:
        return None
    header: dict[str, str] = {}
    entries: list[Entry] = []
    has_header = False
    for unit in units:
        if _is_header(unit):
            header = header_fields(_unquote(unit.msgstr))
            has_header = True
        else:
            entries.append(_entry(unit))
    return header, entries, has_header


# One quoted string and its newline, escapes whole (a lone backslash is not this shape).
_QUOTED = r'"(?:[^"\\\n]++|\\.)*+"\n'
_ENTRY = re.compile(
    # "#", "# ...", "#. ...", "#: ...", "#, ..." lines, in any order, as _comments reads them
    r"\n*+(?P<comments>(?:#(?:[ .:,][^\n]*+)?\n)*+)"
    rf"(?:#\| msgid (?P<previous>{_QUOTED}(?:#\| {_QUOTED})*+))?"
    rf"(?:msgctxt (?P<context>(?:{_QUOTED})++))?"
    rf"msgid (?P<msgid>(?:{_QUOTED})++)"
    rf"msgstr (?P<msgstr>(?:{_QUOTED})++)"
    # Blank lines, then the next entry's first line or the end: a line that could still
    # belong to this entry (an indented string, say) leaves it to the line reader.
    r"\n*+(?=[#m]|\Z)"
)


def _joined(block: str, boundary: str = '"\n"') -> str:
    """The text of matched quoted strings (``"a"\\n"b"\\n``), unescaped: as :func:`_unquote`
    of their lines, since no escape can straddle two well-formed strings."""
    inner = block[1:-2]
    if boundary in inner:
        inner = inner.replace(boundary, "")
    return _ESCAPE.sub(_unescaped, inner) if "\\" in inner else inner


def _matched_entry(match: re.Match[str]) -> Entry:
    """The entry of an :data:`_ENTRY` match, as :func:`_entry` makes it of the same lines."""
    other: list[str] = []
    automatic: list[str] = []
    source: list[str] = []
    types: list[str] = []
    comments = match["comments"]
    if comments:
        for line in comments[:-1].split("\n"):
            kind = line[1:2]
            if kind == ".":
                automatic.append(line)
            elif kind == ":":
                source.append(line)
            elif kind == ",":
                types.append(line)
            else:
                other.append(line)
    previous, context = match["previous"], match["context"]
    return _entry_of_lines(
        other,
        automatic,
        source,
        types,
        _joined(previous, '"\n#| "') if previous else "",
        _joined(context) if context else "",
        _joined(match["msgid"]),
        _joined(match["msgstr"]),
        obsolete=False,
    )


def _units(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    position, end = 0, len(lines)
    while position < end:
        unit = _Unit()
        position = _comments(lines, position, unit)
        if position < end and lines[position].startswith("#~"):
            body, position = _obsolete_lines(lines, position)
            unit.obsolete = True
            # gettext drops these from obsolete entries, and so does translate-toolkit.
            unit.source, unit.automatic = [], []
            if _messages(body, _previous(body, 0, unit), unit) != len(body):
                raise _Unusual
        else:
            position = _messages(lines, position, unit)
        units.append(unit)
    return units


def _obsolete_lines(lines: list[str], position: int) -> tuple[list[str], int]:
    """Take one obsolete entry's ``#~`` lines, markers off: up to its msgstr and the
    ``#~ "..."`` lines after it, where the next obsolete entry may begin at once."""
    body: list[str] = []
    while position < len(lines) and lines[position].startswith("#~"):
        content = lines[position][2:].lstrip()
        body.append(content)
        position += 1
        if content.startswith("msgstr"):
            while position < len(lines) and lines[position].startswith(('#~ "', "#~ msgstr")):
                body.append(lines[position][3:])
                position += 1
            break
    return body, position


def _comments(lines: list[str], position: int, unit: _Unit) -> int:
    """Read the comment lines that open a unit; stop at its messages or obsolete lines."""
    seen_previous = False
    while position < len(lines) and lines[position].startswith("#"):
        line = lines[position]
        kind = line[1:2]
        if kind == "~":
            return position
        if kind == "|":
            if seen_previous:
                raise _Unusual
            seen_previous = True
            position = _previous(lines, position, unit)
            continue
        if kind == ".":
            unit.automatic.append(line)
        elif kind == ":":
            unit.source.append(line)
        elif kind in {",", "="}:
            unit.types.append("#," + line[2:])
        elif kind == "" or kind == " " or kind.isalnum():
            unit.other.append(line)
        else:
            raise _Unusual
        position += 1
    return position


def _previous(lines: list[str], position: int, unit: _Unit) -> int:
    """Read the ``#| msgid`` lines (with an optional ``#| msgctxt``, which relay ignores)."""
    block: list[str] = []
    while position < len(lines) and lines[position].startswith(("#|", "|")):
        line = lines[position]
        block.append(line[line.index("|") + 1 :].lstrip(" "))
        position += 1
    if not block:
        return position
    index = 0
    context: list[str] = []
    index = _quoted(block, index, "msgctxt", context)
    before = index
    index = _quoted(block, index, "msgid", unit.previous)
    if index == before or index != len(block):
        raise _Unusual
    return position


def _messages(lines: list[str], position: int, unit: _Unit) -> int:
    """Read ``msgctxt`` (optional), ``msgid`` and ``msgstr`` with their continuation lines."""
    position = _quoted(lines, position, "msgctxt", unit.msgctxt)
    after = _quoted(lines, position, "msgid", unit.msgid)
    if after == position or any(string.startswith('"_:') for string in unit.msgid):
        raise _Unusual
    position = after
    after = _quoted(lines, position, "msgstr", unit.msgstr)
    if after == position:
        raise _Unusual
    return after


def _quoted(lines: list[str], position: int, keyword: str, strings: list[str]) -> int:
    """Read ``keyword "..."`` and the ``"..."`` lines after it, if the next line is one."""
    if position >= len(lines):
        return position
    line = lines[position]
    if not line.startswith(keyword):
        return position
    rest = line[len(keyword) :]
    if not rest[:1].isspace():  # msgid_plural, msgstr[0]: translate-toolkit's
        raise _Unusual
    strings.append(_string(rest))
    position += 1
    while position < len(lines):
        line = lines[position]
        if line[:1] != '"' and not line.lstrip().startswith('"'):
            break
        strings.append(_string(line))
        position += 1
    return position


def _string(text: str) -> str:
    """The quoted part of a line, quotes included, as translate-toolkit cuts it."""
    if text[-1:] == '"' and len(text) > 2:  # nearly every line: "..." or  "..."
        if text[0] == '"':
            return text
        if text[0] == " " and text[1] == '"':
            return text[1:]
    left, right = text.find('"'), text.rfind('"')
    if left == right or (not text[:left].isspace() and left != 0) or text[right + 1 :].strip():
        raise _Unusual
    return text[left : right + 1]


def _unquote(strings: list[str]) -> str:
    return "".join(_ESCAPE.sub(_unescaped, s[1:-1]) if "\\" in s else s[1:-1] for s in strings)


def _unescaped(match: re.Match[str]) -> str:
    char = match.group()[1]
    return _UNESCAPED.get(char, char)


def _is_null(strings: list[str]) -> bool:
    return not strings or strings == ['""']


def _is_header(unit: _Unit) -> bool:
    return _is_null(unit.msgid) and not _is_null(unit.msgstr) and _is_null(unit.msgctxt)


def header_fields(text: str) -> dict[str, str]:
    """Read a PO header's ``Name: value`` lines."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            fields[key.strip()] = value.strip()
    return fields


def _notes(parts: list[str]) -> list[str]:
    # As translate-toolkit's getnotes: each comment with its newline, the last newline dropped.
    text = "".join(parts)[:-1]
    return text.split("\n") if text else []


def _settled_types(types: list[str], obsolete: bool, msgstr: str) -> list[str]:
    """The flag comments after translate-toolkit settles a unit's state: an empty translation
    cannot be fuzzy, so it takes the flag off (and puts it back on an active unit), which
    leaves the flags sorted on one line; an obsolete one stays without it."""
    if msgstr or not types:
        return types
    flags = [
        flag.strip()
        for comment in types
        for flag in comment.split(",")
        if flag.strip() and flag.strip() != "#"
    ]
    if "fuzzy" not in flags:
        return types
    flags.remove("fuzzy")
    flags.sort()
    if not obsolete:
        flags = sorted([*flags, "fuzzy"])
    return ["#, " + ", ".join(flags)] if flags else []


def _entry(unit: _Unit) -> Entry:
    return _entry_of_lines(
        unit.other,
        unit.automatic,
        unit.source,
        unit.types,
        _unquote(unit.previous),
        _unquote(unit.msgctxt),
        _unquote(unit.msgid),
        _unquote(unit.msgstr),
        obsolete=unit.obsolete,
    )


def _entry_of_lines(
    other: list[str],
    automatic: list[str],
    source: list[str],
    types: list[str],
    previous: str,
    context: str,
    msgid: str,
    msgstr: str,
    *,
    obsolete: bool,
) -> Entry:
    """An entry of its comment lines (by kind) and its unquoted strings."""
    types = _settled_types(types, obsolete, msgstr)
    return entry_of(
        msgid=msgid,
        msgstr=msgstr,
        context=context or None,
        fuzzy=bool(types)
        and any(flag.strip() == "fuzzy" for comment in types for flag in comment.split(",")),
        previous=previous or None,
        developer_notes=_notes([(line + "\n")[3:] or "\n" for line in automatic])
        if automatic
        else [],
        locations=[_location(place) for line in source for place in line[3:].split()],
        translator_notes=_notes([line.removeprefix("#").removeprefix(" ") + "\n" for line in other])
        if other
        else [],
        type_comments=types,
        obsolete=obsolete,
    )


def entry_of(
    *,
    msgid: str,
    msgstr: str,
    context: str | None,
    fuzzy: bool,
    previous: str | None,
    developer_notes: list[str],
    locations: list[str],
    translator_notes: list[str],
    type_comments: list[str],
    obsolete: bool,
) -> Entry:
    """Make an entry of a PO unit's fields, however they were read: the unit's id travels in
    an extracted comment, and fuzzy is the entry's state, not one of its flags."""
    flags = [
        flag for comment in type_comments for flag in _FLAG_SPLIT.split(comment[2:].strip()) if flag
    ]
    notes: tuple[str, ...] = ()
    id_ = None
    if developer_notes:
        ids = [note[len(ID_NOTE) :].strip() for note in developer_notes if note.startswith(ID_NOTE)]
        id_ = ids[0] if ids else None
        notes = tuple(note for note in developer_notes if not note.startswith(ID_NOTE))
    return new_entry(
        msgid,
        msgstr,
        context,
        fuzzy,
        previous,
        notes,
        tuple(locations),
        tuple(translator_notes),
        tuple(flag for flag in flags if flag != "fuzzy") if flags else (),
        obsolete,
        id_,
    )


def _location(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    try:
        return unquote_plus(text, errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
