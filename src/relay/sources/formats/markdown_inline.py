"""A Markdown body → its translatable runs: where each one sits in the source, and its pieces.

Takes the body of a Markdown release (front matter already cut off) and gives a :class:`Run`
for every paragraph, heading and table cell with text in it: its span in the body and its
:class:`relay.sources.blocks.Block`. markdown-it-py's tokens carry no source positions, so the block
rules are wrapped to note where each character of an inline run comes from, and the run's
inline tokens are then matched one by one against that source. A run whose tokens cannot be
matched becomes one plain text piece: never lost, and always put back as it was written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from markdown_it import MarkdownIt
from markdown_it.common import utils
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, autolink, backtick, image, link
from markdown_it.token import Token

from relay.sources.blocks import Block, BlockBuilder, Piece, Text

# What markdown-it trims off cells; older versions trim with str.strip()
_TRIM: str | None = getattr(utils, "MD_TRIM_CHARS", None)
_AT = "relay_at"  # token.meta key: the normalized-source position of each content character
_NEWLINE = re.compile(r"\r\n|\r|\n")  # what markdown-it normalizes to "\n"
_BREAK = re.compile(r" *\\?\n[ \t]*")
_ROLES = {
    "blockquote_open": "quote",
    "list_item_open": "list item",
    "heading_open": "heading",
    "th_open": "table cell",
    "td_open": "table cell",
}
_PAIRS = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strikethrough"}
_CLOSES = {"em_open": "em_close", "strong_open": "strong_close", "s_open": "s_close"}
_ATOMS = {"image": (image, "image"), "code_inline": (backtick, "code")}

Positions = list[int]
Locate = Callable[[StateBlock, Sequence[Token]], None]


@dataclass(frozen=True)
class Run:
    """A translatable run of a body: ``body[start:end]`` is exactly its block's pieces."""

    start: int
    end: int
    block: Block


def read_body(body: str, *, first_line: int = 1) -> list[Run]:
    """Find the translatable runs of a Markdown body, in source order."""
    env: dict[str, Any] = {}
    lines = _Lines(body)
    runs: list[Run] = []
    roles: list[str] = []
    for token in _MD.parse(body, env):
        if token.nesting == 1:
            roles.append(_ROLES.get(token.type, ""))
        elif token.nesting == -1:
            roles.pop()
        elif token.type == "inline" and token.meta.get(_AT):
            role = next((role for role in reversed(roles) if role), "paragraph")
            offsets = [lines.written(position) for position in token.meta[_AT]]
            pieces = _pieces(token, body, offsets, env)
            if any(isinstance(piece, Text) and piece.shown.strip() for piece in pieces):
                line = first_line + lines.line(offsets[0])
                runs.append(Run(offsets[0], offsets[-1], Block(pieces, role, line)))
    return runs


class _Lines:
    """Line starts of a text as written and as markdown-it normalized it (every end "\\n")."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.normal = [0]
        for end in _NEWLINE.finditer(text):
            self.normal.append(self.normal[-1] + end.start() - self.starts[-1] + 1)
            self.starts.append(end.end())

    def written(self, position: int) -> int:
        """Turn a position in the normalized text into an offset in the text as written."""
        line = bisect_right(self.normal, position) - 1
        return self.starts[line] + position - self.normal[line]

    def line(self, offset: int) -> int:
        """Give the 0-based line of an offset in the text as written."""
        return bisect_right(self.starts, offset) - 1


def _pieces(
    token: Token, source: str, offsets: list[int], env: dict[str, Any]
) -> tuple[Piece, ...]:
    aligner = _Aligner(token.content, source, offsets, env)
    try:
        for child in token.children or ():
            aligner.add(child)
        return aligner.finish()
    except _Misaligned:
        # Still translatable, and still written back exactly as it was.
        return (Text(source[offsets[0] : offsets[-1]], token.content),)


class _Misaligned(Exception):
    """An inline token does not match the source where it should be."""


class _Aligner:
    """Walks an inline run's tokens along its source text, building the block's pieces."""

    def __init__(self, content: str, source: str, offsets: list[int], env: dict[str, Any]):
        self.content = content
        self.source = source
        self.offsets = offsets
        self.state = StateInline(content, _MD, env, [])
        self.at = 0
        self.builder = BlockBuilder()
        self.text_run: list[tuple[str, str]] = []
        self.pairs: list[tuple[int, int, str]] = []  # key, end of closing markup, closing type
        self.in_autolink = False

    def add(self, token: Token) -> None:
        """Take the source of one token and turn it into pieces."""
        kind = token.type
        if self.in_autolink:  # its text was taken with its markup
            self.in_autolink = kind != "link_close"
        elif kind == "text":
            self.text_run.append((self.expect(token.content), token.content))
        elif kind == "text_special":  # a backslash escape or an entity
            self.text_run.append((self.expect(token.markup), token.content))
        elif kind == "softbreak":
            self.flush()
            self.builder.text(self.take(self.match(_BREAK)), " ")
        elif kind == "hardbreak":
            self.flush()
            self.builder.empty(self.take(self.match(_BREAK)), "line break")
        elif kind in _PAIRS:
            self.flush()
            key = self.builder.open(self.expect(token.markup), _PAIRS[kind])
            self.pairs.append((key, -1, _CLOSES[kind]))
        elif kind == "link_open":
            self.open_link(token)
        elif kind in ("em_close", "strong_close", "s_close", "link_close"):
            self.close(kind, token.markup)
        elif kind in _ATOMS:
            rule, label = _ATOMS[kind]
            self.flush()
            self.builder.empty(self.take(self.rule_end(rule)), label)
        elif kind == "html_inline":
            self.flush()
            self.builder.empty(self.expect(token.content), "html")
        else:
            raise _Misaligned(kind)

    def open_link(self, token: Token) -> None:
        self.flush()
        if token.info == "auto":
            self.builder.empty(self.take(self.rule_end(autolink)), "link")
            self.in_autolink = True
            return
        end = self.rule_end(link)
        key = self.builder.open(self.expect("["), "link")
        self.pairs.append((key, end, "link_close"))

    def close(self, kind: str, markup: str) -> None:
        self.flush()
        if not self.pairs or self.pairs[-1][2] != kind:
            raise _Misaligned(kind)
        key, end, _ = self.pairs.pop()
        if kind != "link_close":
            self.builder.close(key, self.expect(markup))
        elif self.peek("]"):
            # "](url "title")" or "][ref]": up to where the link rule said the link ends
            self.builder.close(key, self.take(end))
        else:
            self.fail()

    def finish(self) -> tuple[Piece, ...]:
        self.flush()
        if self.at != len(self.content) or self.pairs:
            raise _Misaligned("unmatched end")
        return tuple(self.builder.pieces)

    def flush(self) -> None:
        """Make the text run so far one piece: escapes and entities belong to their text."""
        if self.text_run:
            self.builder.text(
                "".join(raw for raw, _ in self.text_run),
                "".join(shown for _, shown in self.text_run),
            )
            self.text_run = []

    def take(self, end: int) -> str:
        """Consume the content up to ``end``; give the source it was read from."""
        if not self.at <= end <= len(self.content):
            raise _Misaligned("backwards")
        raw = self.source[self.offsets[self.at] : self.offsets[end]]
        self.at = end
        return raw

    def peek(self, literal: str) -> bool:
        return self.content.startswith(literal, self.at)

    def expect(self, literal: str) -> str:
        return self.take(self.at + len(literal)) if self.peek(literal) else self.fail()

    def match(self, pattern: re.Pattern[str]) -> int:
        found = pattern.match(self.content, self.at)
        return found.end() if found else self.fail()

    def rule_end(self, rule: Callable[[StateInline, bool], bool]) -> int:
        """Run a markdown-it inline rule without output to learn where its markup ends."""
        self.state.pos, self.state.posMax = self.at, len(self.content)
        return self.state.pos if rule(self.state, True) else self.fail()

    def fail(self) -> NoReturn:
        raise _Misaligned(self.content[self.at : self.at + 20])


# Locating: the wrapped block rules note each content character's source position.


def _locating(rule: Callable[..., bool], locate: Locate) -> Callable[..., bool]:
    def located(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        if not rule(state, start, end, silent):
            return False
        if not silent:
            locate(state, state.tokens[first:])
        return True

    return located


def _locate_lines(state: StateBlock, tokens: Sequence[Token]) -> None:
    """Locate a paragraph's or setext heading's content: lines cut as ``getLines`` cuts them."""
    for token in tokens:
        if token.type == "inline" and token.map:
            text, positions = _cut_lines(state, *token.map)
            token.meta[_AT] = _trimmed(text, positions, token.content)


def _locate_heading(state: StateBlock, tokens: Sequence[Token]) -> None:
    for token in tokens:
        if token.type == "inline" and token.map:
            line = token.map[0]
            start, end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
            while start < end and state.src[start] == "#":
                start += 1
            text = state.src[start:end]
            token.meta[_AT] = _trimmed(text, list(range(start, end)), token.content)


def _locate_cells(state: StateBlock, tokens: Sequence[Token]) -> None:
    cells: list[tuple[str, Positions]] = []
    index = 0
    for token in tokens:
        if token.type == "tr_open" and token.map:
            cells, index = _cells(state, token.map[0]), 0
        elif token.type == "inline":
            if index < len(cells):
                token.meta[_AT] = _trimmed(*cells[index], token.content)
            index += 1


def _cut_lines(state: StateBlock, begin: int, end: int) -> tuple[str, Positions]:
    """Cut lines like ``StateBlock.getLines``, keeping each character's source position."""
    chunks: list[str] = []
    positions: Positions = []
    for line in range(begin, end):
        last = state.eMarks[line] + 1 if line + 1 < end else state.eMarks[line]
        first, pad = _skip_indent(state, line, last)
        chunk = state.src[first:last]
        # a tab cut in the middle shows as spaces that all come from that tab
        chunks.append(" " * pad + chunk)
        positions += [first - 1] * pad + list(range(first, first + len(chunk)))
    return "".join(chunks), positions


def _skip_indent(state: StateBlock, line: int, last: int) -> tuple[int, int]:
    start = first = state.bMarks[line]
    indent = 0
    while first < last and indent < state.blkIndent:
        char = state.src[first]
        if char == "\t":
            indent += 4 - (indent + state.bsCount[line]) % 4
        elif char == " " or first - start < state.tShift[line]:
            indent += 1
        else:
            break
        first += 1
    return first, max(0, indent - state.blkIndent)


def _cells(state: StateBlock, line: int) -> list[tuple[str, Positions]]:
    """Split a table row as the table rule does, keeping each character's source position."""
    start = state.bMarks[line] + state.tShift[line]
    text = state.src[start : state.eMarks[line]]
    start += len(text) - len(text.lstrip(_TRIM))
    text = text.strip(_TRIM)
    cells: list[tuple[str, Positions]] = []
    chars: list[str] = []
    positions: Positions = []
    escaped = False
    for position, char in enumerate(text, start):
        if char == "|" and not escaped:
            cells.append(("".join(chars), positions))
            chars, positions = [], []
            continue
        if char == "|":  # "\|" is a pipe in the cell; the table rule drops its backslash
            chars.pop()
            positions.pop()
        chars.append(char)
        positions.append(position)
        escaped = char == "\\"
    cells.append(("".join(chars), positions))
    if cells and not cells[0][0]:
        cells.pop(0)
    if cells and not cells[-1][0]:
        cells.pop()
    return cells


def _trimmed(text: str, positions: Positions, content: str) -> Positions | None:
    """Give the positions of ``content`` in ``text`` (which it is, trimmed), plus its end."""
    at = text.find(content) if content else -1
    if at < 0 or text[:at].strip():
        return None
    located = positions[at : at + len(content)]
    return [*located, located[-1] + 1]


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Escapes and entities stay tokens of their own: their source differs from what they show.
    md.disable("text_join")
    rules = {rule.name: rule for rule in md.block.ruler.__rules__}
    locators: dict[str, Locate] = {
        "paragraph": _locate_lines,
        "lheading": _locate_lines,
        "heading": _locate_heading,
        "table": _locate_cells,
    }
    for name, locate in locators.items():
        located = _locating(rules[name].fn, locate)
        md.block.ruler.at(name, located, {"alt": rules[name].alt})
    return md


_MD = _parser()
