"""Plain-text releases: a ``Key: value`` header block, a blank line, paragraphs.

Takes the file's text; gives blocks (the title, then one block per paragraph, separated by
blank lines) and metadata from the header. There is no markup, so a translation is written as
it is; a line break inside a paragraph is read as a space.

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
_TRANSLATED_KEYS = {"title"}
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")


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
        key, value = match.group(1).strip().lower(), match.group(2)
        pairs.append((key, value, line))
        skeleton.append(text[position : match.start(2)])
        if key in _TRANSLATED_KEYS and value:
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
        skeleton.append(Field("lang", ""))
    metadata = metadata_from_pairs(pairs, path=path)
    _read_body(text, position, line, skeleton, blocks)
    return Parsed(NAME, tuple(skeleton), tuple(blocks), metadata)


def _is_blank_line(text: str, position: int) -> bool:
    end = text.find("\n", position)
    return not text[position : len(text) if end < 0 else end].strip()


def _read_body(
    text: str, position: int, line: int, skeleton: list[RawPart], blocks: list[Block]
) -> None:
    """Cut the body into paragraphs: runs of non-blank lines."""
    for match in _PARAGRAPH.finditer(text, position):
        start, end = match.start(), match.end()
        skeleton.append(text[position:start])
        line += text.count("\n", position, start)
        paragraph = text[start:end]
        body = paragraph.rstrip("\r\n")
        skeleton.append(BlockSlot(len(blocks)))
        blocks.append(Block((Text(body, body),), "paragraph", line))
        skeleton.append(paragraph[len(body) :])
        line += paragraph.count("\n")
        position = end
    skeleton.append(text[position:])


def escape(text: str, context: Escape) -> str:
    """Keep text as it is; in the header, a line break would end the field."""
    return " ".join(text.splitlines()) if context == "attribute" else text


def render_field(field: Field, target: Target) -> str:
    """Write the language header for a variant."""
    if field.name != "lang":
        return field.original
    return target.lang if field.original else f"Language: {target.lang}\n"
