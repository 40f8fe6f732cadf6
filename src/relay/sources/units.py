"""Turn a reader's blocks into translation units: fold, trim, split into sentences, number.

Takes a :class:`relay.sources.blocks.Parsed` and the source language; gives a
:class:`relay.core.model.Document` whose skeleton holds :class:`relay.core.model.Slot` holes for
units. Whitespace around units and between sentences, and markup that wraps a whole unit, go to
the skeleton; a sentence boundary never falls inside inline markup.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol, cast

from relay.core.model import Code, Document, Escape, Part, Parts, Slot, Unit
from relay.core.placeholders import LITERAL, TAG_PATTERN
from relay.sources.blocks import (
    Block,
    BlockSlot,
    Close,
    Empty,
    Open,
    Parsed,
    RawPart,
    Text,
    join_strings,
)


class Splitter(Protocol):
    """Text and language → offsets where sentences after the first begin.

    ``lines`` is given, true, only for a block whose line breaks are its own (plain text,
    ``<pre>``), so a splitter that knows nothing of lines may leave it out. (The default is
    written out, not ``...``: mypyc compiles this module and takes ``...`` as the value.)
    """

    def __call__(self, text: str, lang: str, /, *, lines: bool = False) -> list[int]: ...


_FOLDABLE = re.compile(r"[ \t\n\r\f\v]+")
# Where folding changes text: whitespace other than a space, or two spaces in a row.
_UNFOLDED = re.compile(r"[\t\n\r\f\v]|  ")


@dataclass(frozen=True)
class _Atom:
    """A thing a unit boundary may fall around but never inside: an escape or a code.

    Plain text (written as it is shown) is not made of atoms: it stays a string, each of
    whose characters a boundary may fall around (see :data:`_Item`).
    """

    shown: str
    raw: tuple[RawPart, ...]
    code: Open | Close | Empty | None = None

    @property
    def is_space(self) -> bool:
        # No-break spaces count here: they may sit between sentences or around a unit, and
        # belong to the skeleton there. Inside a unit they are kept, never folded.
        return self.code is None and self.shown.isspace()


# A block is a list of items: a string is plain text, written as it is shown, and stands for
# one atom per character (a boundary may fall between any two of them); an :class:`_Atom`
# is one escape or code. Working on whole strings, not on an object per character, keeps the
# cost per block near the number of its escapes and codes, not of its characters. An atom
# index counts a string's characters one each and an atom as one.
_Item = str | _Atom


@dataclass
class _Draft:
    items: list[_Item]
    block: Block
    number: int
    escape: Escape
    shaped: bool = True  # some text may be shaped like a placeholder (a "<" is shown)


def segment(parsed: Parsed, *, lang: str, splitter: Splitter | None) -> Document:
    """Make units of every block; ``splitter`` (text, lang) → sentence starts, or None."""
    drafts: list[_Draft] = []
    replacements: list[list[RawPart | int]] = []
    escapes = _slot_escapes(parsed)
    # Readers may find blocks out of reading order (an attribute before its element's
    # text); number them as a reader meets them.
    order = sorted(range(len(parsed.blocks)), key=lambda i: (parsed.blocks[i].line, i))
    numbers = {index: rank + 1 for rank, index in enumerate(order)}
    for index, block in enumerate(parsed.blocks):
        pieces: list[RawPart | int] = []
        items = _items(block)
        split = splitter if block.splittable else None
        # Text shaped like a placeholder is rare: looked for only where a "<" is shown.
        shaped = "<" in _shown(items)
        for item in _split_units(items, lang, split, lines=block.lines, shaped=shaped):
            if isinstance(item, list):
                if block.lines or block.spaces:
                    item = _line_codes(item, spaces=block.spaces)
                pieces.append(len(drafts))
                escape = escapes.get(index, "text")
                drafts.append(_Draft(item, block, numbers[index], escape, shaped))
            else:
                pieces.extend(item.raw)
        replacements.append(pieces)

    def resolve(parts: Sequence[RawPart | int], escape: Escape = "text") -> Parts:
        out: list[Part] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, int):
                out.append(Slot(part, escape))
            elif isinstance(part, BlockSlot):
                out.extend(resolve(replacements[part.block], part.escape))
            else:
                out.append(part)
        return tuple(join_strings(out))

    units = tuple(_unit(draft, number, resolve) for number, draft in _numbered(drafts))
    return Document(parsed.format, resolve(parsed.skeleton), units, parsed.metadata)


def _slot_escapes(parsed: Parsed) -> dict[int, Escape]:
    """Find how each block's text is escaped where it is used (text or attribute value)."""
    escapes: dict[int, Escape] = {}

    def visit(parts: Sequence[RawPart]) -> None:
        for part in parts:
            if isinstance(part, BlockSlot):
                escapes[part.block] = part.escape

    visit(parsed.skeleton)
    for block in parsed.blocks:
        for piece in block.pieces:
            if not isinstance(piece, Text):
                visit(piece.markup)
    return escapes


def _items(block: Block) -> list[_Item]:
    """Give a block's items: its plain text as strings (adjacent ones joined), its escapes
    and codes as atoms."""
    items: list[_Item] = []
    for piece in block.pieces:
        if not isinstance(piece, Text):
            items.append(_Atom("\ue000", piece.markup, piece))
        elif piece.raw != piece.shown:
            items.append(_Atom(piece.shown, (piece.raw,)))
        elif piece.raw:
            if items and isinstance(items[-1], str):
                items[-1] += piece.raw
            else:
                items.append(piece.raw)
    return items


def _shown(items: Sequence[_Item]) -> str:
    """Give what items show, a code as U+E000."""
    return "".join(item if isinstance(item, str) else item.shown for item in items)


def _is_text(item: _Item) -> bool:
    return isinstance(item, str) or item.code is None


@dataclass(frozen=True)
class _Skeleton:
    raw: tuple[RawPart, ...]


def _split_units(
    items: list[_Item],
    lang: str,
    splitter: Splitter | None,
    *,
    lines: bool = False,
    shaped: bool = True,
) -> list[list[_Item] | _Skeleton]:
    """Cut a block's items into units and the skeleton between them (``shaped`` false: no
    text of theirs is shaped like a placeholder)."""
    has_text = any(
        not item.isspace() if isinstance(item, str) else item.code is None and not item.is_space
        for item in items
    )
    if not has_text or (shaped and _only_literal(items)):
        return [_Skeleton(_raw(items))] if items else []
    if splitter is None:
        return _trimmed(items, shaped=shaped)
    shown = _splitter_view(items)
    plain = "".join(shown)
    index = _Index(items, shown)
    cuts = [0]
    for start in splitter(plain, lang, lines=True) if lines else splitter(plain, lang):
        if not 0 < start < len(plain):
            continue
        at = index.atom_of(start)
        if plain[start - 1] == "." and at - index.atom_of(start - 1) > 1:
            # "covered.<br>Other", a Markdown hard break after a period: markup glues the
            # period to the next word, not a missing space, and markup makes no boundary.
            continue
        cut = _cut_before(index, at)
        if cut is not None and cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(index.atoms)
    result: list[list[_Item] | _Skeleton] = []
    for begin, end in pairwise(cuts):
        result.extend(_trimmed(index.slice(begin, end), shaped=shaped))
    return result


class _Index:
    """Where each item of a block starts, in atoms and in the text the splitter sees."""

    __slots__ = ("atoms", "items", "plain_starts", "starts")

    def __init__(self, items: list[_Item], shown: list[str]) -> None:
        self.items = items
        self.starts: list[int] = []  # the atom index of each item
        self.plain_starts: list[int] = []  # its offset in the splitter's text
        atoms = plain = 0
        for item, text in zip(items, shown, strict=True):
            self.starts.append(atoms)
            self.plain_starts.append(plain)
            atoms += len(item) if isinstance(item, str) else 1
            plain += len(text)
        self.atoms = atoms

    def atom_of(self, offset: int) -> int:
        """Give the atom that shows the splitter's character at ``offset``.

        Items that show nothing (codes, an escape of nothing) start where the next item
        does: the last item that starts at or before ``offset`` is the one that shows it. A
        string shows as many characters as it holds (:func:`_splitter_view`); an atom may
        show several.
        """
        position = bisect_right(self.plain_starts, offset) - 1
        item = self.items[position]
        inside = offset - self.plain_starts[position] if isinstance(item, str) else 0
        return self.starts[position] + inside

    def at(self, atom: int) -> tuple[_Item, int]:
        """Give the item that holds ``atom``, and the atom's offset in it."""
        position = bisect_right(self.starts, atom) - 1
        return self.items[position], atom - self.starts[position]

    def slice(self, begin: int, end: int) -> list[_Item]:
        """Give the items from atom ``begin`` to atom ``end``, strings cut where they fall."""
        first = bisect_right(self.starts, begin) - 1
        last = bisect_right(self.starts, end - 1) - 1
        out = self.items[first : last + 1]
        if isinstance(out[-1], str):
            out[-1] = out[-1][: end - self.starts[last]]
        if isinstance(out[0], str):
            out[0] = out[0][begin - self.starts[first] :]
        return out


_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")
# The same, one character at a time: a string's line breaks shown as spaces, its length kept.
_BREAKS_AS_SPACES = str.maketrans(dict.fromkeys("\r\n\v\f\x85\u2028\u2029", " "))


def _splitter_view(items: list[_Item]) -> list[str]:
    """Give the text the sentence splitter sees, item by item: markup is not text.

    A code counts for nothing, and the whitespace on its two sides counts once: the line
    breaks after a code that follows whitespace are shown as spaces, so that ``run\n<code>
    x</code>\nin a terminal`` does not read as two paragraphs (a blank line) and markup never
    makes a sentence boundary the text does not have. A string shows as many characters as
    it holds.
    """
    shown: list[str] = []
    space_before = False  # the last text atom was whitespace
    crossed = False  # a code came after it
    for item in items:
        if isinstance(item, str):
            if crossed:
                # Only the whitespace the string opens with follows the code.
                rest = item.lstrip()
                lead = len(item) - len(rest)
                if lead:
                    keep = 0 if space_before else 1  # the first whitespace after a word
                    item = item[:keep] + item[keep:lead].translate(_BREAKS_AS_SPACES) + rest
                if not rest:
                    shown.append(item)
                    space_before = True
                    continue
                crossed = False
            shown.append(item)
            space_before = item[-1].isspace()
        elif item.code is not None:
            shown.append("")
            crossed = True
        elif item.is_space:
            if crossed and space_before:
                shown.append(_LINE_BREAK.sub(" ", item.shown))
                continue
            space_before = True
            shown.append(item.shown)
        else:
            space_before, crossed = False, False
            shown.append(item.shown)
    return shown


def _line_codes(items: list[_Item], *, spaces: bool = False) -> list[_Item]:
    """Make each whitespace run holding a line break a standalone code of its own; with
    ``spaces``, also each run that is not a single space (a column's alignment, a tab).

    The code's markup is the run exactly as written (the break and the next line's
    indentation), so a translation keeps the source's lines and spacing, and a translation
    that drops one is refused by the placeholder checks like any other missing code. A
    break is found in what the run shows or in how it is written (a Markdown line end shows
    as a space).
    """
    out: list[_Item] = []
    run: list[_Item] = []

    def flush() -> None:
        raw = _raw(run)
        shown = _shown(run)
        written = "".join(part for part in raw if isinstance(part, str))
        if _LINE_BREAK.search(shown) or _LINE_BREAK.search(written):
            out.append(_Atom("\ue000", raw, Empty(raw, "line break")))
        elif spaces and _FOLDABLE.sub(" ", shown) != shown:  # the unit would show it otherwise
            out.append(_Atom("\ue000", raw, Empty(raw, "spaces")))
        else:
            out.extend(run)
        run.clear()

    for item in items:
        if not isinstance(item, str):
            if item.is_space:
                run.append(item)
                continue
            if run:
                flush()
            out.append(item)
            continue
        for piece in _SPACE_RUNS.split(item):
            if not piece:
                continue
            if piece[0].isspace():
                run.append(piece)
                continue
            if run:
                flush()
            out.append(piece)
    if run:
        flush()
    return out


# Whitespace runs, kept by ``split``: ``\s`` is what str.isspace() calls whitespace.
_SPACE_RUNS = re.compile(r"(\s+)")


def _cut_before(index: _Index, at: int) -> int | None:
    """Move a sentence start left over opening codes; it must not fall inside a word.

    A cut may fall inside inline markup (``<em>One. Two.</em>``): the text has a boundary
    there, and markup must not hide it. Each side then holds half of the element, which
    :func:`_trimmed` moves to the skeleton where it is leading or trailing and
    :func:`_unit` protects as a standalone code where it is not.
    """
    while at > 0:
        item, _ = index.at(at - 1)
        if isinstance(item, str) or not isinstance(item.code, Open | Empty):
            break
        at -= 1
    if at == 0:
        return None
    item, offset = index.at(at - 1)
    return at if _ends_a_sentence(item, offset) else None


def _ends_a_sentence(item: _Item, offset: int) -> bool:
    """Tell whether a sentence may end with an atom: whitespace, or (where a script writes
    no space after its full stop, "これはペンです。それは") a mark rather than a letter or digit,
    so that a cut never falls inside a word."""
    if isinstance(item, str):
        char = item[offset]
        return char.isspace() or not char.isalnum()
    return item.is_space or (item.code is None and not item.shown.isalnum())


def _trimmed(items: list[_Item], *, shaped: bool = True) -> list[list[_Item] | _Skeleton]:
    """Move outer whitespace, and markup wrapping the whole unit, to the skeleton.

    ``shaped`` false says no text of the items is shaped like a placeholder."""
    if len(items) == 1 and isinstance(items[0], str):
        return _trimmed_text(items[0], shaped=shaped)
    items = list(items)
    before: list[_Item] = []
    after: list[_Item] = []  # in reverse order
    begin, end = 0, len(items)
    while True:
        while begin < end:
            item = items[begin]
            if isinstance(item, str):
                rest = item.lstrip()
                if len(rest) < len(item):
                    before.append(item[: len(item) - len(rest)])
                if rest:
                    items[begin] = rest
                    break
            elif not item.is_space:
                break
            else:
                before.append(item)
            begin += 1
        while begin < end:
            item = items[end - 1]
            if isinstance(item, str):
                rest = item.rstrip()
                if len(rest) < len(item):
                    after.append(item[len(rest) :])
                if rest:
                    items[end - 1] = rest
                    break
            elif not item.is_space:
                break
            else:
                after.append(item)
            end -= 1
        if end - begin >= 2 and _wraps(items, begin, end):
            before.append(items[begin])
            after.append(items[end - 1])
            begin, end = begin + 1, end - 1
            continue
        # Leading and trailing isolated codes (a line break after the last word, the half
        # of an element a sentence cut left behind) stay outside the unit, as CAT tools
        # keep them outside the segment.
        if begin < end and _isolated(items[begin], items, begin, end, leading=True):
            before.append(items[begin])
            begin += 1
            continue
        if begin < end and _isolated(items[end - 1], items, begin, end, leading=False):
            after.append(items[end - 1])
            end -= 1
            continue
        break
    after.reverse()
    inner = items[begin:end]
    result: list[list[_Item] | _Skeleton] = []
    if before:
        result.append(_Skeleton(_raw(before)))
    if any(map(_is_text, inner)) and not (shaped and _only_literal(inner)):
        result.append(inner)
    elif inner:
        result.append(_Skeleton(_raw(inner)))
    if after:
        result.append(_Skeleton(_raw(after)))
    return result


def _trimmed_text(text: str, *, shaped: bool) -> list[list[_Item] | _Skeleton]:
    """:func:`_trimmed` of plain text alone: its outer whitespace goes to the skeleton."""
    inner = text.strip()
    if not inner:
        return [_Skeleton((text,))]
    start = text.index(inner[0])
    result: list[list[_Item] | _Skeleton] = []
    if start:
        result.append(_Skeleton((text[:start],)))
    if shaped and _only_literal((inner,)):
        result.append(_Skeleton((inner,)))
    else:
        result.append([inner])
    if start + len(inner) < len(text):
        result.append(_Skeleton((text[start + len(inner) :],)))
    return result


def _only_literal(items: Sequence[_Item]) -> bool:
    """Tell whether the only text of ``items`` is shaped like placeholders ("<3>"): a unit of
    it would hold nothing to translate, only placeholders (see :func:`_unit`)."""
    shown = _shown(items)  # a code shows as U+E000
    if "<" not in shown:
        return False
    rest = TAG_PATTERN.sub("\ue000", shown)
    return rest != shown and all(char.isspace() or char == "\ue000" for char in rest)


# Standalone markup that carries nothing a translator could move: a line break, a comment,
# an end tag that closes nothing. Images, code and dates stay inside: they belong to a
# sentence and may move in its translation.
_ISOLATED_LABELS = frozenset({"br", "comment", "stray"})


def _isolated(item: _Item, items: list[_Item], begin: int, end: int, *, leading: bool) -> bool:
    """Tell whether ``item``, first (``leading``) or last of ``items[begin:end]``, is markup
    with no partner there."""
    if isinstance(item, str):
        return False
    code = item.code
    if isinstance(code, Empty):
        return code.label in _ISOLATED_LABELS
    if leading and isinstance(code, Open):
        return not any(_code_is(other, Close, code.key) for other in items[begin:end])
    if not leading and isinstance(code, Close):
        return not any(_code_is(other, Open, code.key) for other in items[begin:end])
    return False


def _code_is(item: _Item, kind: type[Open | Close], key: int) -> bool:
    return isinstance(item, _Atom) and isinstance(item.code, kind) and item.code.key == key


def _wraps(items: list[_Item], begin: int, end: int) -> bool:
    """Tell whether one element wraps the whole of ``items[begin:end]``."""
    first, last = items[begin], items[end - 1]
    if isinstance(first, str) or isinstance(last, str):
        return False
    opening, closing = first.code, last.code
    if not (
        isinstance(opening, Open) and isinstance(closing, Close) and opening.key == closing.key
    ):
        return False
    depth = 0
    for item in items[begin + 1 : end - 1]:
        if isinstance(item, str):
            continue
        if isinstance(item.code, Open):
            depth += 1
        elif isinstance(item.code, Close):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _raw(items: Sequence[_Item]) -> tuple[RawPart, ...]:
    # Adjacent strings are joined here already: every use joins them (``join_strings``).
    parts: list[RawPart] = []
    for item in items:
        if isinstance(item, str):
            parts.append(item)
        else:
            parts.extend(item.raw)
    if all(map(_is_text, items)):  # text only: every raw part is a string
        text = "".join(cast("list[str]", parts))
        return (text,) if text else ()
    return tuple(join_strings(parts))


def _numbered(drafts: list[_Draft]) -> list[tuple[int, _Draft]]:
    """Number sentences within their block (0 when the block is a single unit)."""
    per_block: dict[int, int] = {}
    for draft in drafts:
        per_block[id(draft.block)] = per_block.get(id(draft.block), 0) + 1
    seen: dict[int, int] = {}
    numbered = []
    for draft in drafts:
        key = id(draft.block)
        seen[key] = seen.get(key, 0) + 1
        numbered.append((seen[key] if per_block[key] > 1 else 0, draft))
    return numbered


def _unit(draft: _Draft, sentence: int, resolve: Callable[..., Parts]) -> Unit:
    text: list[str] = []
    codes: list[Code] = []
    numbers: dict[int, int] = {}
    closed = {
        item.code.key
        for item in draft.items
        if not isinstance(item, str) and isinstance(item.code, Close)
    }
    # Text shaped like a placeholder ("<3>", written "&lt;3&gt;" in HTML or \<3> in Markdown)
    # is carried by a placeholder of its own, so that it is never read as one of the unit's,
    # and is written back as text (relay.core.placeholders.literal). A code shows as U+E000.
    shaped = draft.shaped and "<" in _shown(draft.items)
    start = 0  # where the text since the last code starts in ``text``

    def flush() -> None:
        written = "".join(text[start:])
        del text[start:]
        position = 0
        for match in TAG_PATTERN.finditer(written):
            text.append(written[position : match.start()])
            codes.append(
                Code(len(codes) + 1, "empty", (match.group(),), (), LITERAL + match.group())
            )
            text.append(f"<{len(codes)}/>")
            position = match.end()
        text.append(written[position:])

    for item in draft.items:
        if isinstance(item, str):
            text.append(item)
            continue
        code = item.code
        if code is None:
            text.append(item.shown)
            continue
        if shaped:
            flush()
        if isinstance(code, Open) and code.key in closed:
            numbers[code.key] = len(codes) + 1
            codes.append(Code(len(codes) + 1, "pair", resolve(code.markup), (), code.label))
            text.append(f"<{numbers[code.key]}>")
        elif isinstance(code, Close) and code.key in numbers:
            number = numbers[code.key]
            opened = codes[number - 1]
            codes[number - 1] = Code(
                number, "pair", opened.opening, resolve(code.markup), opened.label
            )
            text.append(f"</{number}>")
        else:
            # A closing tag whose opening lies outside the unit (or an opening one whose
            # closing does) is protected on its own.
            label = code.label if isinstance(code, Empty | Open) else ""
            codes.append(Code(len(codes) + 1, "empty", resolve(code.markup), (), label))
            text.append(f"<{len(codes)}/>")
        start = len(text)
    if shaped:
        flush()
    folded = "".join(text)
    if _UNFOLDED.search(folded):  # else every whitespace run is one space already
        folded = _FOLDABLE.sub(" ", folded)
    return Unit(
        text=folded,
        codes=tuple(codes),
        raw=resolve(_raw(draft.items)),
        role=draft.block.role,
        block=draft.number,
        sentence=sentence,
        line=draft.block.line,
    )
