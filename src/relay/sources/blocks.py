"""What a source reader gives before segmentation: a skeleton with holes for *blocks*.

A block is a run of translatable content (a paragraph, a heading, an attribute value) as a
sequence of pieces: text (raw and as read) and inline markup (opening, closing, standalone).
:mod:`relay.sources.units` folds whitespace, splits blocks into sentence units and numbers their
placeholders; readers only say what the source contains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from relay.core.model import Escape, Field, Metadata, Part, Slot


@dataclass(frozen=True)
class BlockSlot:
    """A hole in a skeleton (or in inline markup) for ``blocks[block]``."""

    block: int
    escape: Escape = "text"


@dataclass(frozen=True)
class Text:
    """Text as written (``raw``) and as a reader reads it (``shown``: escapes decoded)."""

    raw: str
    shown: str


@dataclass(frozen=True)
class Open:
    """Opening inline markup; ``key`` pairs it with its :class:`Close`."""

    markup: tuple[RawPart, ...]
    key: int
    label: str = ""


@dataclass(frozen=True)
class Close:
    markup: tuple[RawPart, ...]
    key: int


@dataclass(frozen=True)
class Empty:
    """Standalone inline markup: a line break, an image, code, a date, a protected term."""

    markup: tuple[RawPart, ...]
    label: str = ""


Piece = Text | Open | Close | Empty
RawPart = str | BlockSlot | Field | Slot


@dataclass(frozen=True)
class Block:
    """Translatable content: pieces, the role it plays, and the source line it starts on.

    ``splittable`` is false for content that must stay one unit (attribute values, titles).
    ``lines`` is true where a line break means something (plain text, where a paragraph's
    lines are its lines): a line break inside a unit is then a standalone code that carries
    the break and the next line's indentation, instead of folding into a space. ``spaces`` is
    true where every space is kept as written (plain text, ``<pre>``): a run of whitespace
    inside a unit other than one space (two spaces that align a column, a tab) is then a
    standalone code too.
    """

    pieces: tuple[Piece, ...]
    role: str
    line: int = 0
    splittable: bool = True
    lines: bool = False
    spaces: bool = False


@dataclass(frozen=True)
class Parsed:
    """A reader's result: skeleton with :class:`BlockSlot` holes, blocks, metadata."""

    format: str
    skeleton: tuple[RawPart, ...]
    blocks: tuple[Block, ...]
    metadata: Metadata = field(default_factory=Metadata)


class BlockBuilder:
    """Collects the pieces of one block while a reader walks its source."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self._next_key = 0

    def text(self, raw: str, shown: str | None = None) -> None:
        if raw or shown:
            self.pieces.append(Text(raw, raw if shown is None else shown))

    def open(self, markup: tuple[RawPart, ...] | str, label: str = "") -> int:
        key = self._next_key
        self._next_key += 1
        self.pieces.append(Open(_parts(markup), key, label))
        return key

    def close(self, key: int, markup: tuple[RawPart, ...] | str) -> None:
        self.pieces.append(Close(_parts(markup), key))

    def empty(self, markup: tuple[RawPart, ...] | str, label: str = "") -> None:
        self.pieces.append(Empty(_parts(markup), label))

    def build(self, role: str, line: int = 0, *, splittable: bool = True) -> Block:
        return Block(tuple(self.pieces), role, line, splittable)


def source_text(parsed: Parsed) -> str:
    """Put the source back together from skeleton and blocks (what every reader must allow).

    Fields give their original text, so this is the document exactly as it was read.
    """
    return "".join(part_raw(part, parsed.blocks) for part in parsed.skeleton)


def part_raw(part: RawPart, blocks: tuple[Block, ...]) -> str:
    """A skeleton or markup part as the source wrote it (a block's slot: that block's)."""
    if isinstance(part, str):
        return part
    if isinstance(part, Field):
        return part.original
    if isinstance(part, BlockSlot):
        return "".join(piece_raw(piece, blocks) for piece in blocks[part.block].pieces)
    raise TypeError(f"unexpected skeleton part before segmentation: {part!r}")


def piece_raw(piece: Piece, blocks: tuple[Block, ...]) -> str:
    """A piece of a block as the source wrote it."""
    if isinstance(piece, Text):
        return piece.raw
    return "".join(part_raw(part, blocks) for part in piece.markup)


def _parts(markup: tuple[RawPart, ...] | str) -> tuple[RawPart, ...]:
    return (markup,) if isinstance(markup, str) else markup


__all__ = [
    "Block",
    "BlockBuilder",
    "BlockSlot",
    "Close",
    "Empty",
    "Open",
    "Parsed",
    "Part",
    "Piece",
    "RawPart",
    "Text",
    "part_raw",
    "piece_raw",
    "source_text",
]


_Part = TypeVar("_Part")  # strings, and parts that are not: those are kept as they are


def join_strings(parts: Sequence[_Part]) -> list[_Part]:
    """Join runs of adjacent strings into one; drop empty strings (what readers do to their
    skeletons and segmentation to its pieces)."""
    joined: list[_Part] = []
    # The run is a local: adding to it grows it in place, where adding to a list's last
    # string copies it each time (quadratic in a skeleton of many parts).
    text = ""
    for part in parts:
        if isinstance(part, str):
            text += part
            continue
        if text:
            joined.append(cast(_Part, text))
            text = ""
        joined.append(part)
    if text:
        joined.append(cast(_Part, text))
    return joined
