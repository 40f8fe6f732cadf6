"""Markdown releases: YAML front matter and a CommonMark body.

``read`` takes a release's text and gives a :class:`relay.sources.blocks.Parsed` whose skeleton
is the source itself, with holes for the front-matter fields to translate (``title``,
``description`` and ``summary`` unless a project says otherwise), the ``lang`` field and the
other keys that state the page's language (:data:`LANGUAGE_KEYS`: a ``locale``), and every
run of text of the body: paragraphs, headings, list and task items, quotes, table cells,
footnotes, definition lists, image alt texts, link and reference titles, and the text of HTML
blocks (see :mod:`relay.sources.formats.markdown_inline`). Code, scripts, rules and link
destinations stay in the skeleton exactly as written. ``escape`` makes a translator's text
literal where it lands (Markdown text, a quoted title, HTML, or a YAML string for a front-matter
field, or a JSON string of an HTML block's structured data); ``escape_between`` also looks at
the markup beside it; ``render_field`` writes the language fields for a target language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import yaml

from relay.core.errors import SourceError
from relay.core.metadata import (
    MAX_FRONT_MATTER_CHARS,
    MAX_FRONT_MATTER_DEPTH,
    SLUG_PATTERN,
    check_key,
    check_text,
    names_embargo,
    normal_key,
)
from relay.core.model import Escape, Field, Metadata, Target
from relay.sources.blocks import Block, BlockSlot, Parsed, RawPart, Text
from relay.sources.formats import html, markdown_inline
from relay.sources.formats.markdown_inline import read_body

NAME = "markdown"
EXTENSIONS = (".md", ".markdown")
# The front-matter fields translated unless a project says otherwise ([markdown]
# front-matter-keys); "title" is also the release's title.
FRONT_MATTER_KEYS = ("title", "description", "summary", "keywords")

_NEWLINE = re.compile(r"\r\n|\r|\n")  # line ends as markdown-it reads them

LineAt = Callable[[int], int]  # an index in the YAML → the line in the file
Pairs = dict[str, tuple[object, yaml.Node]]


@dataclass(frozen=True)
class _Hole:
    """A span of the source that the skeleton does not hold as text."""

    start: int
    end: int
    content: Block | Field
    escape: str = "text"
    nested: tuple[Block, ...] = ()  # blocks the content's markup refers to, from index 0


@dataclass(frozen=True)
class _Front:
    metadata: Metadata
    body_start: int
    body_line: int
    holes: tuple[_Hole, ...]


def read(
    text: str,
    *,
    path: str,
    front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS,
    html_options: html.Options | None = None,
) -> Parsed:
    """Read a Markdown release into its skeleton, blocks and metadata.

    ``front_matter_keys`` are the front-matter fields whose text is translated; ``html_options``
    is what the project says of HTML (``[html]``), for the HTML written in the Markdown.
    """
    front = _read_front_matter(text, path=path, keys=front_matter_keys)
    start = front.body_start if front else 0
    holes = list(front.holes) if front else []
    body_line = front.body_line if front else 1
    for run in read_body(text[start:], first_line=body_line, path=path, options=html_options):
        holes.append(_Hole(start + run.start, start + run.end, run.block, run.escape, run.nested))
    skeleton, blocks = _fill(text, holes)
    metadata = front.metadata if front else Metadata()
    if metadata.title is None:
        metadata = replace(metadata, title=_first_heading(blocks))
    return Parsed(NAME, skeleton, blocks, metadata)


def _fill(text: str, holes: Iterable[_Hole]) -> tuple[tuple[RawPart, ...], tuple[Block, ...]]:
    """Cut the source into skeleton text and holes; number the blocks in source order."""
    parts: list[RawPart] = []
    blocks: list[Block] = []
    at = 0
    for hole in sorted(holes, key=lambda hole: (hole.start, hole.end)):
        if hole.start > at:
            parts.append(text[at : hole.start])
        if isinstance(hole.content, Block):
            offset = len(blocks)
            blocks.extend(_renumbered(block, offset) for block in hole.nested)
            parts.append(BlockSlot(len(blocks), hole.escape))  # type: ignore[arg-type]
            blocks.append(_renumbered(hole.content, offset))
        else:
            parts.append(hole.content)
        at = hole.end
    if at < len(text):
        parts.append(text[at:])
    return tuple(parts), tuple(blocks)


def _renumbered(block: Block, offset: int) -> Block:
    """Move the block numbers its markup refers to by ``offset``."""
    if not offset or not any(
        isinstance(part, BlockSlot)
        for piece in block.pieces
        if not isinstance(piece, Text)
        for part in piece.markup
    ):
        return block  # nothing refers to a block: the same block
    pieces = tuple(
        piece
        if isinstance(piece, Text)
        else replace(
            piece,
            markup=tuple(
                replace(part, block=part.block + offset) if isinstance(part, BlockSlot) else part
                for part in piece.markup
            ),
        )
        for piece in block.pieces
    )
    return replace(block, pieces=pieces)


def _first_heading(blocks: Iterable[Block]) -> str | None:
    for block in blocks:
        if block.role == "heading":
            shown = "".join(piece.shown for piece in block.pieces if isinstance(piece, Text))
            return " ".join(shown.split())
    return None


# Front matter

_OPENING = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
# Front matter relay does not read, which would be published as text with its fields (an
# embargo among them), and the release at once: YAML below blank lines (CommonMark reads its
# fence as a rule, its lines as a heading), or TOML between "+++" lines (as Hugo writes it).
_UNREAD_FRONT = re.compile(
    r"(?:[ \t]*(?:\r\n|\r|\n))*(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)[ \t]*[A-Za-z_][\w-]*[ \t]*[:=]"
)
_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n|\Z)")
# Like relay.core.metadata.LANG_PATTERN, a tag is a folder name: never a Windows device name.
_LANG = re.compile(r"(?!(?i:con|prn|aux|nul)(?:-|\Z))[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _read_front_matter(
    text: str, *, path: str, keys: Sequence[str] = FRONT_MATTER_KEYS
) -> _Front | None:
    """Read the ``---`` fenced YAML at the very start, if there is any."""
    opening = _OPENING.match(text)
    if not opening:
        _refuse_unread_front_matter(text, path=path)
        return None
    closing = _closing_fence(text, opening.end())
    if closing is None:
        raise SourceError(
            "the front matter has no closing '---' line",
            path=path,
            line=1,
            hint="End the front matter with a line of three dashes.",
        )
    start = opening.end()
    if closing.start() - start > MAX_FRONT_MATTER_CHARS:
        raise SourceError(
            f"the front matter is longer than {MAX_FRONT_MATTER_CHARS} characters",
            path=path,
            line=1,
        )

    def line_at(index: int) -> int:
        return _line_at(text, start + index)

    root, pairs = _load_yaml(text[start : closing.start()], path=path, line_at=line_at)
    values = _checked(pairs, path=path, line_at=line_at)
    holes: list[_Hole] = []
    if "title" in keys and (title := values.get("title")):
        begin, end = _span(text, start, pairs["title"][1], path=path)
        pieces = (Text(text[begin:end], title),)
        block = Block(pieces, "title", _line_at(text, begin), splittable=False)
        holes.append(_Hole(begin, end, block, "attribute"))
    holes.extend(_field_holes(text, start, pairs, keys))
    holes.extend(_language_holes(text, start, pairs))
    if "lang" in pairs:
        begin, end = _span(text, start, pairs["lang"][1], path=path)
        holes.append(_Hole(begin, end, Field("lang", text[begin:end])))
    elif root is None or not root.flow_style:
        # Written as a whole "lang: xx" line just before the closing fence.
        holes.append(_Hole(closing.start(), closing.start(), Field("lang", "")))
    return _Front(_metadata(values), closing.end(), _line_at(text, closing.end()), tuple(holes))


def _refuse_unread_front_matter(text: str, *, path: str) -> None:
    """Refuse front matter relay would not read (fail closed: it may hold an embargo)."""
    unread = _UNREAD_FRONT.match(text)
    if unread is None:
        return
    line = _line_at(text, unread.start(1))
    if unread.group(1) == "+++":
        raise SourceError(
            "has TOML front matter ('+++'), which relay does not read: its fields, an embargo"
            " among them, would be published as text",
            path=path,
            line=line,
            hint="Write the fields as YAML between two '---' lines (title: …, embargo: …).",
        )
    raise SourceError(
        "has front matter below a blank line, which relay does not read: its fields, an"
        " embargo among them, would be published as text",
        path=path,
        line=line,
        hint="Start the file with the '---' line (remove the blank lines above it).",
    )


def _refuse_nested_embargo(node: yaml.Node, under: str, *, path: str, line_at: LineAt) -> None:
    """Refuse an embargo nested under another key (``params: {embargo: …}``): relay reads
    only a top-level ``embargo``, and would publish the release at once."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_nested_embargo(item, under, path=path, line_at=line_at)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = normal_key(str(key_node.value)) if isinstance(key_node, yaml.ScalarNode) else ""
            if names_embargo(key):
                raise SourceError(
                    f"front matter: an embargo nested under another key ({under}.{key}) is not"
                    " read; relay reads only a top-level 'embargo'",
                    path=path,
                    line=line_at(key_node.start_mark.index),
                    hint="Write it at the top level: embargo: 2013-04-23T10:00:00+02:00.",
                )
            _refuse_nested_embargo(value_node, f"{under}.{key}", path=path, line_at=line_at)


def _field_holes(text: str, start: int, pairs: Pairs, keys: Sequence[str]) -> list[_Hole]:
    """The other front-matter fields to translate: text written out as a YAML scalar, or a
    list of them (``keywords: [roads, safety]``: a unit per item, as JSON-LD's keywords are;
    a list was kept in English, whatever the project configured)."""
    holes: list[_Hole] = []
    for key in keys:
        if key in ("title", "lang", *_CHECKS):
            continue
        found = _field(pairs, key)
        if found is None:
            continue
        value, node = found
        if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            items = list(zip(value, node.value, strict=False))
        else:
            items = [(value, node)]
        for item, item_node in items:
            span = _string_span(text, start, item_node)
            if not isinstance(item, str) or not item.strip() or span is None:
                continue
            begin, end = span
            shown = item.strip()
            block = Block((Text(text[begin:end], shown),), key, _line_at(text, begin), False)
            holes.append(_Hole(begin, end, block, "attribute"))
    return holes


def html_written(text: str, *, path: str) -> list[tuple[str, int]]:
    """The HTML written in a release's body (:func:`markdown_inline.html_written`), each piece
    with its line in the file."""
    body, line = _body_of(text, path)
    return markdown_inline.html_written(body, first_line=line)


def template_tags(text: str, *, path: str) -> list[tuple[str, int]]:
    """The template tags written in a release's body (:func:`markdown_inline.template_tags`),
    each with its line in the file."""
    body, line = _body_of(text, path)
    return markdown_inline.template_tags(body, first_line=line)


def _body_of(text: str, path: str) -> tuple[str, int]:
    """A release's body (past its front matter) and the line of the file it starts on."""
    front = _read_front_matter(text, path=path, keys=())
    return (text[front.body_start :], front.body_line) if front else (text, 1)


def front_matter_strings(text: str, *, path: str) -> list[tuple[str, str, int]]:
    """Every string of a release's front matter, at any depth: (the key that names it, as
    ``front-matter-keys`` would, "image.alt"; the string; its line). A list's items are named
    by the list's key. None without front matter (or one that cannot be read: reading the
    release says so)."""
    opening = _OPENING.match(text)
    closing = _closing_fence(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return []
    start = opening.end()
    try:
        _, pairs = _load_yaml(
            text[start : closing.start()], path=path, line_at=lambda at: _line_at(text, start + at)
        )
    except SourceError:
        return []
    found: list[tuple[str, str, int]] = []

    def walk(key: str, value: object, node: yaml.Node) -> None:
        if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            found.append((key, value, _line_at(text, start + node.start_mark.index)))
        elif isinstance(value, list) and isinstance(node, yaml.SequenceNode):
            for item, item_node in zip(value, node.value, strict=False):
                walk(key, item, item_node)
        else:
            for name, (member, member_node) in _members(value, node).items():
                walk(f"{key}.{name}", member, member_node)

    for key, (value, node) in pairs.items():
        walk(key, value, node)
    return found


def _field(pairs: Pairs, key: str) -> tuple[object, yaml.Node] | None:
    """The value and node of a front-matter field, named by its key or, inside a mapping, by
    the path of keys to it ("image.alt": the ``alt`` of the mapping ``image``)."""
    level, rest = pairs, key
    while rest not in level:
        head, dot, rest = rest.partition(".")
        if not dot or head not in level:
            return None
        level = _members(*level[head])
    return level[rest]


def _members(value: object, node: yaml.Node) -> Pairs:
    """A front-matter mapping's members by their key as written, each with its value and node
    (none for anything but a mapping)."""
    if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
        return {}
    return {
        str(key_node.value): (value[key_node.value], value_node)
        for key_node, value_node in node.value
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in value
    }


def _string_span(text: str, start: int, node: yaml.Node) -> tuple[int, int] | None:
    """Where a front-matter string is written in ``text`` (the front matter begins at
    ``start``), its trailing space left out (a block scalar's value ends with a line end);
    nothing for another node, or one anchored, an alias or tagged (kept as written)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        return None
    begin, end = start + node.start_mark.index, start + node.end_mark.index
    if text.startswith(("&", "*", "!"), begin):
        return None
    return begin, begin + len(text[begin:end].rstrip())


# Front-matter keys that state the page's language besides ``lang`` (a site generator's
# ``locale``, written ``en_US``-style, becomes its og:locale).
LANGUAGE_KEYS = ("language", "locale", "inLanguage")


def _language_holes(text: str, start: int, pairs: Pairs) -> list[_Hole]:
    """A field for each other statement of the page's language, written as a plain or quoted
    YAML string: the variant's where it states the source's (a ``locale`` keeps its
    underscore), and as written where it states another."""
    holes: list[_Hole] = []
    for key in LANGUAGE_KEYS:
        if key not in pairs:
            continue
        value, node = pairs[key]
        span = _string_span(text, start, node)
        # A block scalar ("|", ">") is no language tag: only a plain or quoted one is.
        if span is None or not isinstance(value, str) or not isinstance(node, yaml.ScalarNode):
            continue
        if node.style not in (None, "'", '"'):
            continue
        begin, end = span
        kind = "locale" if "_" in value else "inner"
        holes.append(_Hole(begin, end, Field("lang-value", text[begin:end], kind)))
    return holes


def _closing_fence(text: str, at: int) -> re.Match[str] | None:
    while at < len(text):
        if fence := _FENCE.match(text, at):
            return fence
        newline = _NEWLINE.search(text, at)
        if newline is None:
            return None
        at = newline.end()
    return None


def _line_at(text: str, offset: int) -> int:
    """Give the 1-based line of an offset (an offset just after a line end is on the next)."""
    return 1 + len(_NEWLINE.findall(text, 0, offset))


def _span(text: str, start: int, node: yaml.Node, *, path: str) -> tuple[int, int]:
    """Give where a scalar is written, without the line ends a block scalar takes along."""
    begin, end = start + node.start_mark.index, start + node.end_mark.index
    if text.startswith("&", begin):
        # A writer replaces the scalar, so it must be this key's own, and no other's.
        message = "the title and lang must be written out, without YAML anchors or aliases"
        raise SourceError(message, path=path, line=_line_at(text, begin))
    return begin, begin + len(text[begin:end].rstrip())


def _load_yaml(source: str, *, path: str, line_at: LineAt) -> tuple[yaml.MappingNode | None, Pairs]:
    """Load with PyYAML's SafeLoader (what ``yaml.safe_load`` runs), one key at a time.

    One key at a time, so that an error names the line of the value at fault and the title
    and ``lang`` keep the place where they are written.
    """
    loader = None
    try:
        loader = _PlainLoader(source)
        root = loader.get_single_node()
        if root is None:
            return None, {}
        if not isinstance(root, yaml.MappingNode):
            raise SourceError(
                "the front matter is not a list of 'key: value' lines",
                path=path,
                line=line_at(root.start_mark.index),
            )
        loader.flatten_mapping(root)
        pairs: Pairs = {}
        for key_node, node in root.value:
            try:
                key = normal_key(str(loader.construct_object(key_node, deep=True)))
                line = line_at(key_node.start_mark.index)
                if key in pairs:
                    raise SourceError(f"front matter: {key} is given twice", path=path, line=line)
                check_key(key, path=path, line=line)
                check_text(key, what="a front matter key", path=path, line=line)
                _refuse_nested_embargo(node, key, path=path, line_at=line_at)
                value = loader.construct_object(node, deep=True)
                if isinstance(value, str):
                    check_text(value, what=f"front matter: {key}", path=path, line=line)
                pairs[key] = (value, node)
            except (ValueError, OverflowError) as error:  # a timestamp such as 2014-02-30
                message = f"front matter: {key_node.value}: {error}"
                raise SourceError(
                    message, path=path, line=line_at(node.start_mark.index)
                ) from error
        return root, pairs
    except yaml.YAMLError as error:
        message = f"the front matter is not valid YAML: {_problem(error)}"
        raise SourceError(message, path=path, line=line_at(_error_index(error))) from error
    finally:
        if loader is not None:
            loader.dispose()


class _PlainLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader without anchors and aliases (one small alias-of-aliases document
    grows to gigabytes: "billion laughs"), and with nesting kept shallow."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "front matter may not use YAML anchors or aliases", event.start_mark
            )
        self.depth += 1
        try:
            if self.depth > MAX_FRONT_MATTER_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"front matter nests deeper than {MAX_FRONT_MATTER_DEPTH} levels",
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        return " ".join(filter(None, [error.context, error.problem])) or str(error)
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        return f"{error.reason} (character U+{error.character:04X})"
    return str(error)


def _error_index(error: yaml.YAMLError) -> int:
    if isinstance(error, yaml.reader.ReaderError):
        position: int = error.position  # the stubs leave ReaderError's attributes untyped
        return position
    if isinstance(error, yaml.MarkedYAMLError):  # every other error the loader raises
        mark = error.problem_mark or error.context_mark
        return mark.index if mark is not None else 0
    return 0


def _checked(pairs: Pairs, *, path: str, line_at: LineAt) -> dict[str, Any]:
    """Check the values relay reads; keep the others as they are."""
    values: dict[str, Any] = {}
    for key, (value, node) in pairs.items():
        check = _CHECKS.get(key)
        if key == "embargo" and value is None:
            # Given but empty: fail closed, as for any embargo relay cannot read.
            raise SourceError("front matter: embargo is empty", path=path,
                              line=line_at(node.start_mark.index))  # fmt: skip
        if check is None or (value is None and key != "lang"):
            values[key] = value
            continue
        try:
            values[key] = check(value)
        except ValueError as error:
            message = f"front matter: {key} {error}"
            raise SourceError(message, path=path, line=line_at(node.start_mark.index)) from None
    return values


def _metadata(values: dict[str, Any]) -> Metadata:
    extra = sorted((key, str(value)) for key, value in values.items() if key not in _CHECKS)
    return Metadata(
        title=values.get("title") or None,
        date=values.get("date"),
        slug=values.get("slug"),
        embargo=values.get("embargo"),
        lang=values.get("lang"),
        extra=tuple(extra),
    )


def _check_title(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text: put it in quotes")
    return value


def _check_date(value: object) -> dt.date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError("must be a day, like 2014-03-12")
    return value


def _check_embargo(value: object) -> dt.datetime:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise ValueError("must be a date and time, like 2014-03-12T10:00:00+01:00")
    if value.utcoffset() is None:
        raise ValueError("must say its time zone, like 2014-03-12T10:00:00+01:00")
    return value


def _check_slug(value: object) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise ValueError(
            "must be lower-case letters, digits and dashes (at most 100, not a device name"
            " such as con), like water-cooperation"
        )
    return value


def _check_lang(value: object) -> str:
    if not isinstance(value, str) or not _LANG.fullmatch(value):
        raise ValueError("must be a language tag, like en or pt-BR")
    return value


_CHECKS: dict[str, Callable[[object], object]] = {
    "title": _check_title,
    "date": _check_date,
    "slug": _check_slug,
    "embargo": _check_embargo,
    "lang": _check_lang,
}


# Writing

# Plain words that PyYAML would not read back as text.
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
# Not printable in YAML, or a line break there, or invisible: written as escapes.
_YAML_UNSAFE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
_YAML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$")
_INLINE_MARKUP = re.compile(
    r"[\\`*\[\]<~|]"  # code, emphasis, links, HTML and autolinks, strikethrough, table cells
    r"|!(?=\[)"  # an image
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore, unless inside a word where it is no markup
    r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"  # an entity
)
# What opens a block at the start of a line: a quote, a list item, a heading, a setext
# underline, a rule. The backslash goes where the match ends.
_BLOCK_START = re.compile(
    r" ?(?:"
    r"(?=>|[-+=:](?:[ \t]|$)|--|==|#{1,6}(?:[ \t]|$))"  # before the marker (":" a definition)
    r"|\d{1,9}(?=[.)](?:[ \t]|$))"  # or after an ordered item's number
    r")"
)
# What a quoted link title must escape: its quote, backslashes, entities, a table's "|".
_TITLE_UNSAFE = re.compile(r'["\\&|]')
# The "{" that opens a template tag: "{{", "{%" (see :func:`escape`).
_TEMPLATE_OPEN = re.compile(r"\{(?=[{%])")
# A closing sequence that an ATX heading would drop.
_CLOSING_HASHES = re.compile(r"(?<=[ \t])#(?=#*[ \t]*$)")


def escape(text: str, context: Escape) -> str:
    r"""Make a translator's text literal where it lands.

    Markdown text (``text``), a YAML string for a front-matter field (``attribute``), a
    quoted link or image title (``title``), or text and attribute values in an HTML block
    (``html``, ``html-attribute``: HTML escaping, on one line so the block cannot end).

    >>> print(escape("1. Use *stars*, [brackets] & snake_case", "text"))
    1\. Use \*stars\*, \[brackets\] & snake_case
    >>> print(escape('Say "hi"', "attribute"))
    "Say \"hi\""
    >>> print(escape('Say "hi" & \\o/', "title"))
    "Say \"hi\" \& \\o/"
    """
    if context == "attribute":
        return '"' + _YAML_UNSAFE.sub(_yaml_escape, text) + '"'
    # A site generator runs the template tags of a page's text, its HTML and link titles
    # before it reads the Markdown ({{< shortcode >}}, {% include %}): a backslash does not
    # stop them, a character reference does. A translation's "{{" or "{%" makes none.
    if context in ("html", "html-attribute"):
        flat = _NEWLINE.sub(" ", text)
        return _inert(html.escape(flat, "attribute" if context != "html" else "text"))
    if context == "json":
        # A string of an HTML block's JSON-LD, on one line.
        return _TEMPLATE_OPEN.sub(r"\\u007b", html.json_string(text))
    if context == "title":
        return '"' + _inert(_TITLE_UNSAFE.sub(r"\\\g<0>", _NEWLINE.sub(" ", text))) + '"'
    text = _EDGE_SPACE.sub(" ", _NEWLINE.sub(" ", text))
    escaped = _INLINE_MARKUP.sub(r"\\\g<0>", text)
    if text.endswith("\\"):
        # A backslash escaped by a backslash is still one before a table's "|".
        escaped = escaped[:-2] + "&#92;"
    if start := _BLOCK_START.match(escaped):
        at = start.end()
        escaped = escaped[:at] + "\\" + escaped[at:]
    return _inert(_CLOSING_HASHES.sub(r"\\\g<0>", escaped))


def _inert(escaped: str) -> str:
    """Escaped text with no template tag a site generator would run (see :func:`escape`)."""
    return _TEMPLATE_OPEN.sub("&#123;", escaped)


def escape_between(
    text: str, context: Escape, *, before: str, after: str, start: bool = False
) -> str:
    r"""Escape a translation's text for where it lands, between the markup around it.

    ``before`` is what the unit's translation wrote before this text; ``after`` is the
    markup that comes right after it. Text escaped on its own could still make markup with
    its neighbours: a ``(url)`` after a link's ``]`` (a new link), a ``:`` after it at the
    start of a paragraph (a link reference definition), a ``!`` before a link's ``[`` (an
    image). ``start`` says no text came before in the unit, which may start a line: spaces
    there would turn the markup before it (an emphasis's ``*``) into a list item.

    >>> print(escape_between("(//evil.example/x) today", "text", before="[press]", after=""))
    \(//evil.example/x) today
    >>> print(escape_between("Read !", "text", before="", after="[annex]"))
    Read \!
    >>> print(escape_between("Read \\!", "text", before="", after="[annex]"))
    Read \\\!
    """
    if start and context == "text":
        text = text.lstrip()
    escaped = escape(text, context)
    if context != "text" or not escaped:
        return escaped
    if before.endswith("]") and escaped[0] in "(:":
        escaped = "\\" + escaped
    if after.startswith("[") and escaped.endswith("!") and _unescaped_end(escaped):
        escaped = escaped[:-1] + "\\!"
    return escaped


def _unescaped_end(escaped: str) -> bool:
    r"""Whether the last character of escaped Markdown text is markup's own: not escaped by a
    backslash, or escaped by one that a backslash before it makes text (``\\!`` is a
    backslash, then a ``!`` that opens an image before a ``[``).

    >>> _unescaped_end(r"Read !"), _unescaped_end(r"Read \!"), _unescaped_end(r"Read \\!")
    (True, False, True)
    """
    body = escaped[:-1]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def render_field(field: Field, target: Target) -> str:
    """Write a language-dependent field for ``target``: the ``lang`` value or line."""
    if field.name in ("lang-value", "dir-value", "canonical", "page-url"):
        return html.render_field(field, target)  # in HTML written in the Markdown
    if field.name != "lang":
        return field.original
    tag = target.lang
    if not _LANG.fullmatch(tag) or tag.lower() in _YAML_WORDS:
        tag = escape(tag, "attribute")
    return tag if field.original else f"lang: {tag}\n"


def _yaml_escape(found: re.Match[str]) -> str:
    char = found.group()
    return _YAML_ESCAPES.get(char) or f"\\u{ord(char):04x}"
