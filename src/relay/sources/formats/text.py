"""Plain-text releases: a ``Key: value`` header block, a blank line, paragraphs.

Takes the file's text; gives blocks (the header's ``Title``, ``Summary`` and ``Description``,
then the body's paragraphs, separated by blank lines) and metadata from the header. There is
no markup, so a translation is written as it is. Line structure is kept, since in plain text
it is the only structure there is:

* a line break inside a paragraph (a contact block, a hard-wrapped paragraph) is a standalone
  code in its unit (``Further information:<1/>Jean Rodriguez``), holding the break and the
  next line's indentation, so every variant has the source's lines; so is a run of spaces
  other than one space (``Tel.:<2/>+41 22 917 44 44``), so every variant has its spacing;
* a line that starts with a bullet (``*``, ``-``, ``•``, ``1.``, ``a)``) starts a list item:
  the bullet and its indentation stay in the skeleton, the item is a unit of its own;
* a table (two or more lines, each cut into columns by runs of two spaces, tabs or ``|``) is
  translated cell by cell; the separators, and rule lines such as ``----``, are kept.

>>> from relay.sources.blocks import source_text
>>> parsed = read("Title: Hello\\nDate: 2015-10-05\\n\\nOne. Two.\\n", path="a.txt")
>>> parsed.metadata.title, str(parsed.metadata.date), len(parsed.blocks)
('Hello', '2015-10-05', 2)
>>> source_text(parsed) == "Title: Hello\\nDate: 2015-10-05\\n\\nOne. Two.\\n"
True
"""

from __future__ import annotations

import re

from relay.core.errors import SourceError
from relay.core.metadata import metadata_from_pairs
from relay.core.model import Escape, Field, Target
from relay.sources.blocks import Block, BlockSlot, Parsed, RawPart, Text

NAME = "text"
EXTENSIONS = (".txt",)

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z -]*):[ \t]*(.*?)[ \t]*(\r?\n|\Z)")
# The header lines whose text is translated: those Markdown translates in its front matter by
# default (relay.sources.formats.markdown.FRONT_MATTER_KEYS). The other lines are data (a date,
# a reference number), kept as written.
TRANSLATED_KEYS = frozenset({"title", "description", "summary", "keywords"})
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")
_BULLET = re.compile(r"[ \t]*(?:[*\-+•‣◦▪]|\d{1,2}[.)]|[a-z]\))[ \t]+(?=\S)")
_LINE = re.compile(r"[^\n]*(?:\n|\Z)")
# A gap between two columns: two spaces or more, a tab, or a bar, not after a full stop
# (where two spaces are only the old typewriter habit).
_GAP = re.compile(r"(?<=[^\s.!?:;|])(?: {2,}|[ \t]*\t[ \t]*|[ \t]*\|[ \t]*)(?=[^\s|])")
_CELL_EDGE = re.compile(r"^[ \t|]*|[ \t|]*$")
_RULE = re.compile(r"[ \t]*[-=_+|*~.:#]{3,}[-=_+|*~.:# \t]*")
# What editors show as a line break but a header line does not end at (only LF and CRLF do):
# a header written with them would be one line, its Embargo: read as part of the title.
_OTHER_BREAK = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# A body line that states an embargo as the header would ("Embargo: 2030-01-01T10:00+01:00",
# "EMBARGOED UNTIL: 2030-01-01 …"): the header ended above it, so relay would not read it.
_BODY_EMBARGO = re.compile(r"^[ \t]*[A-Za-z][A-Za-z _-]*:[ \t]*\d{4}-\d{2}-\d{2}", re.M)


def read(text: str, *, path: str) -> Parsed:
    """Read a plain-text release into its header metadata and paragraph blocks."""
    skeleton: list[RawPart] = []
    blocks: list[Block] = []
    pairs: list[tuple[str, str, int]] = []
    position, line = 0, 1
    has_lang = False
    while position < len(text) and not _is_blank_line(text, position):
        match = _HEADER_LINE.match(text, position)
        if match is None:
            raise SourceError(
                "expected a header line 'Key: value' (or a blank line before the body)",
                path=path,
                line=line,
                hint="Start the file with lines such as 'Title: …' and 'Date: YYYY-MM-DD'.",
            )
        if (other := _OTHER_BREAK.search(text, match.start(), match.end(2))) is not None:
            raise SourceError(
                f"the header holds a line break relay does not read as one"
                f" (U+{ord(other.group()):04X}): the lines after it would be read as this"
                " line's value",
                path=path,
                line=line,
                hint="Save the file with LF or CRLF line endings.",
            )
        key, value = match.group(1).strip().lower(), match.group(2)
        pairs.append((key, value, line))
        skeleton.append(text[position : match.start(2)])
        if key in TRANSLATED_KEYS and value:
            skeleton.append(BlockSlot(len(blocks), "attribute"))
            blocks.append(Block((Text(value, value),), key, line, splittable=False))
        elif key == "language":
            has_lang = True
            skeleton.append(Field("lang", value))
        else:
            skeleton.append(value)
        skeleton.append(text[match.end(2) : match.end()])
        position, line = match.end(), line + 1
    if not pairs:
        raise SourceError("missing header block (Title:, Date:)", path=path, line=1)
    if not has_lang:
        # The header line a variant adds ends as the source's lines end (CRLF or LF).
        ending = "\r\n" if text[:position].endswith("\r\n") else "\n"
        skeleton.append(Field("lang", "", ending))
    metadata = metadata_from_pairs(pairs, path=path)
    _refuse_body_embargo(text, position, line, path)
    _read_body(text, position, line, skeleton, blocks)
    return Parsed(NAME, tuple(skeleton), tuple(blocks), metadata)


def _refuse_body_embargo(text: str, position: int, line: int, path: str) -> None:
    """Refuse an embargo written below the header's blank line: it would be published as
    body text, and the release at once (fail closed, as for an embargo key misspelt)."""
    for found in _BODY_EMBARGO.finditer(text, position):
        key = found.group().split(":", 1)[0]
        if key.strip().lower().startswith("embargo"):
            raise SourceError(
                f"{key.strip()!r} below the header is body text, not the release's embargo",
                path=path,
                line=line + text.count("\n", position, found.start()),
                hint="Move it into the header block, above the first blank line.",
            )


def _is_blank_line(text: str, position: int) -> bool:
    end = text.find("\n", position)
    return not text[position : len(text) if end < 0 else end].strip()


def _read_body(
    text: str, position: int, line: int, skeleton: list[RawPart], blocks: list[Block]
) -> None:
    """Cut the body into paragraphs: runs of non-blank lines (lists and tables within)."""
    for match in _PARAGRAPH.finditer(text, position):
        start, end = match.start(), match.end()
        skeleton.append(text[position:start])
        line += text.count("\n", position, start)
        paragraph = text[start:end]
        lines = [m.group() for m in _LINE.finditer(paragraph) if m.group()]
        if _is_table(lines):
            _table(lines, line, skeleton, blocks)
        else:
            _items(lines, line, skeleton, blocks)
        line += paragraph.count("\n")
        position = end
    skeleton.append(text[position:])


def _is_table(lines: list[str]) -> bool:
    rows = [row for row in lines if not _RULE.fullmatch(row.rstrip("\r\n"))]
    return len(lines) >= 2 and bool(rows) and all(_GAP.search(row.strip()) for row in rows)


def _table(lines: list[str], line: int, skeleton: list[RawPart], blocks: list[Block]) -> None:
    """A table: each cell with a word in it is a unit; gaps, bars and rules stay."""
    for number, row in enumerate(lines):
        body = row.rstrip("\r\n")
        if _RULE.fullmatch(body):
            skeleton.append(row)
            continue
        position = 0
        for gap in [*_gaps(body), (len(body), len(body))]:
            cell = body[position : gap[0]]
            if any(char.isalpha() for char in cell):
                skeleton.append(BlockSlot(len(blocks)))
                blocks.append(Block((Text(cell, cell),), "table cell", line + number))
            else:
                skeleton.append(cell)
            skeleton.append(body[gap[0] : gap[1]])
            position = gap[1]
        skeleton.append(row[len(body) :])


def _gaps(body: str) -> list[tuple[int, int]]:
    """Where the column separators of a row are, its leading and trailing bars included."""
    gaps: list[tuple[int, int]] = []
    lead = _CELL_EDGE.match(body)
    if lead is not None and lead.end():
        gaps.append((0, lead.end()))
    gaps.extend((m.start(), m.end()) for m in _GAP.finditer(body))
    trail = re.search(r"[ \t|]*$", body)
    if trail is not None and trail.start() < len(body) and trail.start() > 0:
        gaps.append((trail.start(), len(body)))
    return gaps


def _items(lines: list[str], line: int, skeleton: list[RawPart], blocks: list[Block]) -> None:
    """A paragraph, or a list: a bullet starts an item; other lines continue the last one."""
    groups: list[tuple[str, list[str], int]] = []  # (bullet, lines, first line number)
    for number, row in enumerate(lines):
        bullet = _BULLET.match(row)
        if bullet is not None or not groups:
            marker = bullet.group() if bullet else ""
            groups.append((marker, [row[len(marker) :]], line + number))
        else:
            groups[-1][1].append(row)
    for marker, rows, first in groups:
        skeleton.append(marker)
        content = "".join(rows)
        body = content.rstrip("\r\n")
        role = "list item" if marker else "paragraph"
        skeleton.append(BlockSlot(len(blocks)))
        blocks.append(Block((Text(body, body),), role, first, lines=True, spaces=True))
        skeleton.append(content[len(body) :])


def escape(text: str, context: Escape) -> str:
    """Keep text as it is; in the header, a line break would end the field."""
    return " ".join(text.splitlines()) if context == "attribute" else text


def render_field(field: Field, target: Target) -> str:
    """Write the language header for a variant."""
    if field.name != "lang":
        return field.original
    return target.lang if field.original else f"Language: {target.lang}{field.value or chr(10)}"
