"""The per-character segmentation relay had before its items (kept to test against).

:func:`segment` here is what :func:`relay.sources.units.segment` was when every character of a
block was an atom of its own: slow, but obviously what the rules say. The tests hold the fast
module equal to it on generated blocks (``tests/test_units_reference.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter
from typing import Protocol, TypeVar, cast

from relay.core.model import Code, Document, Escape, Part, Parts, Slot, Unit
from relay.core.placeholders import LITERAL, TAG_PATTERN
from relay.sources.blocks import Block, BlockSlot, Close, Empty, Open, Parsed, RawPart, Text


class Splitter(Protocol):
    """Text and language → offsets where sentences after the first begin.

    ``lines`` is given, true, only for a block whose line breaks are its own (plain text,
    ``<pre>``), so a splitter that knows nothing of lines may leave it out.
    """

    def __call__(self, text: str, lang: str, /, *, lines: bool = ...) -> list[int]: ...


_FOLDABLE = re.compile(r"[ \t\n\r\f\v]+")


@dataclass(frozen=True)
class _Atom:
    """The smallest thing a unit boundary may fall around: a character, an escape, a code."""

    shown: str
    raw: tuple[RawPart, ...]
    code: Open | Close | Empty | None = None

    @property
    def is_space(self) -> bool:
        # No-break spaces count here: they may sit between sentences or around a unit, and
        # belong to the skeleton there. Inside a unit they are kept, never folded.
        return self.code is None and self.shown.isspace()


@dataclass
class _Draft:
    atoms: list[_Atom]
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
        atoms = _atoms(block)
        split = splitter if block.splittable else None
        # Text shaped like a placeholder is rare: looked for only where a "<" is shown.
        shaped = "<" in "".join(map(_SHOWN, atoms))
        for item in _split_units(atoms, lang, split, lines=block.lines, shaped=shaped):
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
        return _join_strings(out)

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


def _atoms(block: Block) -> list[_Atom]:
    atoms: list[_Atom] = []
    for piece in block.pieces:
        if not isinstance(piece, Text):
            atoms.append(_Atom("\ue000", piece.markup, piece))
        elif piece.raw == piece.shown:
            atoms.extend(map(_CHAR_ATOMS.__getitem__, piece.raw))
        else:
            atoms.append(_Atom(piece.shown, (piece.raw,)))
    return atoms


class _CharAtoms(dict[str, _Atom]):
    """The atom of each plain character, made once: atoms are immutable, and text is long."""

    def __missing__(self, char: str) -> _Atom:
        atom = self[char] = _Atom(char, (char,))
        return atom


_CHAR_ATOMS = _CharAtoms()
_SHOWN = attrgetter("shown")


@dataclass(frozen=True)
class _Skeleton:
    raw: tuple[RawPart, ...]


def _split_units(
    atoms: list[_Atom],
    lang: str,
    splitter: Splitter | None,
    *,
    lines: bool = False,
    shaped: bool = True,
) -> list[list[_Atom] | _Skeleton]:
    """Cut a block's atoms into units and the skeleton between them (``shaped`` false: no
    text of theirs is shaped like a placeholder)."""
    has_text = any(atom.code is None and not atom.shown.isspace() for atom in atoms)
    if not has_text or (shaped and _only_literal(atoms)):
        return [_Skeleton(_raw(atoms))] if atoms else []
    if splitter is None:
        return _trimmed(atoms, shaped=shaped)
    shown = _splitter_view(atoms)
    plain = "".join(shown)
    if len(plain) == len(atoms) and all(shown):  # a character an atom, no codes
        shown_positions: Sequence[int] = range(len(atoms))
        depths = None
    else:
        shown_positions = [index for index, text in enumerate(shown) for _ in text]
        depths = _depths(atoms)
    cuts = [0]
    for start in splitter(plain, lang, lines=True) if lines else splitter(plain, lang):
        if not 0 < start < len(shown_positions):
            continue
        if depths is not None and plain[start - 1] == "." and _code_between(shown_positions, start):
            # "covered.<br>Other", a Markdown hard break after a period: markup glues the
            # period to the next word, not a missing space, and markup makes no boundary.
            continue
        cut = _cut_before(atoms, shown_positions[start], depths)
        if cut is not None and cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(atoms))
    result: list[list[_Atom] | _Skeleton] = []
    for begin, end in pairwise(cuts):
        result.extend(_trimmed(atoms[begin:end], shaped=shaped))
    return result


def _code_between(shown_positions: Sequence[int], start: int) -> bool:
    """Tell whether an atom that shows nothing (markup) stands right before ``start``."""
    return shown_positions[start] - shown_positions[start - 1] > 1


_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")


def _splitter_view(atoms: list[_Atom]) -> list[str]:
    """Give the text the sentence splitter sees, atom by atom: markup is not text.

    A code counts for nothing, and the whitespace on its two sides counts once: the line
    breaks after a code that follows whitespace are shown as spaces, so that ``run\n<code>
    x</code>\nin a terminal`` does not read as two paragraphs (a blank line) and markup never
    makes a sentence boundary the text does not have.
    """
    shown: list[str] = []
    space_before = False  # the last text atom was whitespace
    crossed = False  # a code came after it
    for atom in atoms:
        if atom.code is not None:
            shown.append("")
            crossed = True
            continue
        if atom.is_space:
            if crossed and space_before:
                shown.append(_LINE_BREAK.sub(" ", atom.shown))
                continue
            space_before = True
        else:
            space_before, crossed = False, False
        shown.append(atom.shown)
    return shown


def _line_codes(atoms: list[_Atom], *, spaces: bool = False) -> list[_Atom]:
    """Make each whitespace run holding a line break a standalone code of its own; with
    ``spaces``, also each run that is not a single space (a column's alignment, a tab).

    The code's markup is the run exactly as written (the break and the next line's
    indentation), so a translation keeps the source's lines and spacing, and a translation
    that drops one is refused by the placeholder checks like any other missing code. A
    break is found in what the run shows or in how it is written (a Markdown line end shows
    as a space).
    """
    out: list[_Atom] = []
    run: list[_Atom] = []

    def flush() -> None:
        raw = _raw(run)
        shown = "".join(atom.shown for atom in run)
        written = "".join(part for part in raw if isinstance(part, str))
        if _LINE_BREAK.search(shown) or _LINE_BREAK.search(written):
            out.append(_Atom("\ue000", raw, Empty(raw, "line break")))
        elif spaces and _FOLDABLE.sub(" ", shown) != shown:  # the unit would show it otherwise
            out.append(_Atom("\ue000", raw, Empty(raw, "spaces")))
        else:
            out.extend(run)
        run.clear()

    for atom in atoms:
        if atom.is_space:
            run.append(atom)
            continue
        if run:
            flush()
        out.append(atom)
    if run:
        flush()
    return out


def _depths(atoms: list[_Atom]) -> list[int]:
    """Give, for each position, how many inline elements are open before it."""
    depths = [0]
    depth = 0
    for atom in atoms:
        if isinstance(atom.code, Open):
            depth += 1
        elif isinstance(atom.code, Close):
            depth -= 1
        depths.append(depth)
    return depths


def _cut_before(atoms: list[_Atom], index: int, depths: list[int] | None) -> int | None:
    """Move a sentence start left over opening codes; it must not fall inside a word.

    ``depths`` is what :func:`_depths` gives, or None when the atoms hold no markup. A cut
    may fall inside inline markup (``<em>One. Two.</em>``): the text has a boundary there,
    and markup must not hide it. Each side then holds half of the element, which
    :func:`_trimmed` moves to the skeleton where it is leading or trailing and
    :func:`_unit` protects as a standalone code where it is not.
    """
    if depths is not None:
        while index > 0 and isinstance(atoms[index - 1].code, Open | Empty):
            index -= 1
    return index if index > 0 and _ends_a_sentence(atoms[index - 1]) else None


def _ends_a_sentence(atom: _Atom) -> bool:
    """Tell whether a sentence may end with ``atom``: whitespace, or (where a script writes
    no space after its full stop, "これはペンです。それは") a mark rather than a letter or digit,
    so that a cut never falls inside a word."""
    return atom.is_space or (atom.code is None and not atom.shown.isalnum())


def _trimmed(atoms: list[_Atom], *, shaped: bool = True) -> list[list[_Atom] | _Skeleton]:
    """Move outer whitespace, and markup wrapping the whole unit, to the skeleton.

    ``shaped`` false says no text of the atoms is shaped like a placeholder."""
    before: list[_Atom] = []
    after: list[_Atom] = []
    while True:
        while atoms and atoms[0].is_space:
            before.append(atoms.pop(0))
        while atoms and atoms[-1].is_space:
            after.insert(0, atoms.pop())
        if len(atoms) >= 2 and _wraps(atoms):
            before.append(atoms.pop(0))
            after.insert(0, atoms.pop())
            continue
        # Leading and trailing isolated codes (a line break after the last word, the half
        # of an element a sentence cut left behind) stay outside the unit, as CAT tools
        # keep them outside the segment.
        if atoms and _isolated(atoms[0].code, atoms, leading=True):
            before.append(atoms.pop(0))
            continue
        if atoms and _isolated(atoms[-1].code, atoms, leading=False):
            after.insert(0, atoms.pop())
            continue
        break
    result: list[list[_Atom] | _Skeleton] = []
    if before:
        result.append(_Skeleton(_raw(before)))
    if any(atom.code is None for atom in atoms) and not (shaped and _only_literal(atoms)):
        result.append(atoms)
    elif atoms:
        result.append(_Skeleton(_raw(atoms)))
    if after:
        result.append(_Skeleton(_raw(after)))
    return result


def _only_literal(atoms: list[_Atom]) -> bool:
    """Tell whether the only text of ``atoms`` is shaped like placeholders ("<3>"): a unit of
    it would hold nothing to translate, only placeholders (see :func:`_unit`)."""
    shown = "".join(map(_SHOWN, atoms))  # a code shows as U+E000
    if "<" not in shown:
        return False
    rest = TAG_PATTERN.sub("\ue000", shown)
    return rest != shown and all(char.isspace() or char == "\ue000" for char in rest)


# Standalone markup that carries nothing a translator could move: a line break, a comment,
# an end tag that closes nothing. Images, code and dates stay inside: they belong to a
# sentence and may move in its translation.
_ISOLATED_LABELS = frozenset({"br", "comment", "stray"})


def _isolated(code: Open | Close | Empty | None, atoms: list[_Atom], *, leading: bool) -> bool:
    if isinstance(code, Empty):
        return code.label in _ISOLATED_LABELS
    if leading and isinstance(code, Open):
        return not any(isinstance(a.code, Close) and a.code.key == code.key for a in atoms)
    if not leading and isinstance(code, Close):
        return not any(isinstance(a.code, Open) and a.code.key == code.key for a in atoms)
    return False


def _wraps(atoms: list[_Atom]) -> bool:
    first, last = atoms[0].code, atoms[-1].code
    if not (isinstance(first, Open) and isinstance(last, Close) and first.key == last.key):
        return False
    depth = 0
    for atom in atoms[1:-1]:
        if isinstance(atom.code, Open):
            depth += 1
        elif isinstance(atom.code, Close):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _raw(atoms: Sequence[_Atom]) -> tuple[RawPart, ...]:
    # Adjacent strings are joined here already: every use joins them (``_join_strings``).
    if all(atom.code is None for atom in atoms):  # text only: every raw part is a string
        text = "".join(cast("list[str]", [part for atom in atoms for part in atom.raw]))
        return (text,) if text else ()
    return _join_strings([part for atom in atoms for part in atom.raw])


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
    closed = {atom.code.key for atom in draft.atoms if isinstance(atom.code, Close)}
    # Text shaped like a placeholder ("<3>", written "&lt;3&gt;" in HTML or \<3> in Markdown)
    # is carried by a placeholder of its own, so that it is never read as one of the unit's,
    # and is written back as text (relay.core.placeholders.literal). A code shows as U+E000.
    shaped = draft.shaped and "<" in "".join(map(_SHOWN, draft.atoms))
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

    for atom in draft.atoms:
        code = atom.code
        if code is None:
            text.append(atom.shown)
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
    folded = _FOLDABLE.sub(" ", "".join(text))
    return Unit(
        text=folded,
        codes=tuple(codes),
        raw=resolve(_raw(draft.atoms)),
        role=draft.block.role,
        block=draft.number,
        sentence=sentence,
        line=draft.block.line,
    )


_Other = TypeVar("_Other")  # the parts that are not strings: kept as they are


def _join_strings(parts: Sequence[str | _Other]) -> tuple[str | _Other, ...]:
    """Join runs of adjacent strings into one; drop empty strings."""
    joined: list[str | _Other] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            text = "".join(run)
            if text:
                joined.append(text)
            run = []
        joined.append(part)
    if run:
        text = "".join(run)
        if text:
            joined.append(text)
    return tuple(joined)
