"""A Markdown body → its translatable runs: where each one sits in the source, and its pieces.

Takes the body of a Markdown release (front matter already cut off) and gives a :class:`Run`
for every paragraph, heading, table cell, footnote, term and definition with text in it, every
reference-definition title, and every text and attribute value of an HTML block that relay's
HTML reader finds as written: its span in the body and its
:class:`relay.sources.blocks.Block`. markdown-it-py's tokens carry no source positions, so the
block rules are wrapped to note where each character of an inline run comes from, and the run's
inline tokens are then matched one by one against that source. Emphasis, links and paired
inline HTML tags are placeholder pairs; code spans, footnote references, images, autolinks,
scripts and lone tags are standalone placeholders; an image's alt text and a link's title are
blocks of their own, referred to from the markup. A run whose tokens cannot be matched becomes
one plain text piece (or, with a script in it, markup): never lost, and always put back as it
was written. A paragraph of several lines that one line would turn into a definition list's
term (:func:`_term_risk`) keeps its line ends as placeholders (``Block.lines``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any, NoReturn, cast

from markdown_it import MarkdownIt
from markdown_it.common import utils
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, autolink, backtick, image, link
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from relay.core.errors import SourceError
from relay.core.model import Field
from relay.sources.blocks import (
    Block,
    BlockBuilder,
    BlockSlot,
    Empty,
    Parsed,
    Piece,
    RawPart,
    Text,
    part_raw,
    piece_raw,
    source_text,
)
from relay.sources.formats import html

# What markdown-it trims off cells; older versions trim with str.strip()
_TRIM: str | None = getattr(utils, "MD_TRIM_CHARS", None)
_AT = "relay_at"  # token.meta key: the normalized-source position of each content character
_TITLES = "relay_titles"  # env key: reference-definition titles the wrapped rule found
_PATH = "relay_path"  # env key: the file read, named in what refuses it
_HTML = "relay_html"  # env key: the project's [html] options (html.Options)
_LINES = "relay_lines"  # token.meta key: the paragraph's line ends must be kept (see _term_risk)
_NEWLINE = re.compile(r"\r\n|\r|\n")  # what markdown-it normalizes to "\n"
_BREAK = re.compile(r" *\\?\n[ \t]*")
_SPACE = re.compile(r"[ \t\n]*")
_TASK = re.compile(r"\[[ xX]\](?=[ \t])")  # a task list item's box
# A heading's attribute list, at its end: "## Results {#results .wide}" (Pandoc, kramdown's
# "{: #results}", Hugo's Goldmark, markdown-it-attrs). Its id is what links to the heading
# name: it is markup, kept as written in the skeleton, never a translator's to change.
_HEADING_ATTRIBUTES: re.Pattern[str] = re.compile(
    r"[ \t]+\{[ \t]*:?[ \t]*(?:[#.][^\s{}][^{}\n]*|-[ \t]*)\}[ \t]*\Z"
)
# An HTML tag written inline: a start tag (not self-closing) or an end tag, and its name.
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?(?<!/)>\Z", re.DOTALL)
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")
# Elements whose content is never text to translate (in any format). Not <template>: a script
# clones it into the page, where it is shown, and the HTML reader translates it.
_RAW_ELEMENTS = frozenset({"script", "style", "textarea"})
_SCRIPT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)
_HTML_RAW = re.compile(
    r"<(script|style|textarea)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)
# An inline tag that may hold an attribute whose value is text (html.TRANSLATED_ATTRIBUTES).
# Also a button's ``value`` (its label), MathML's ``alttext`` (html.FOREIGN_ATTRIBUTES), and
# the ``lang`` and ``dir`` that state the source language's (they follow the variant's).
_TEXT_ATTRIBUTE = re.compile(
    r"\b(?:alt|title|aria-[a-z]+|placeholder|label|value|alttext|lang|dir|srcdoc)\s*=",
    re.IGNORECASE,
)
# The fields of HTML's markup that a Markdown variant writes as an HTML one does (a page's
# own address among them: in structured data, in a <meta itemprop="url">, a canonical link).
HTML_FIELDS = frozenset({"lang-value", "dir-value", "date", "page-url", "canonical"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_ROLES = {
    "blockquote_open": "quote",
    "list_item_open": "list item",
    "heading_open": "heading",
    "th_open": "table cell",
    "td_open": "table cell",
    "footnote_open": "footnote",
    "dt_open": "term",
    "dd_open": "definition",
}
_PAIRS = {"em_open": "emphasis", "strong_open": "strong", "s_open": "strikethrough"}
_CLOSES = {"em_open": "em_close", "strong_open": "strong_close", "s_open": "s_close"}
# A site generator's template tag written in the text: a Hugo shortcode ({{< figure … >}},
# {{% notice %}}), a Liquid or Jinja tag ({% include … %}) or expression ({{ site.title }}).
# The generator runs it before the page is shown: markup, never a translator's to change (as
# text it was sent for translation, and the pseudo-locale published {{< ƒîîĝüüŕéé šŕç=… >}}).
_TEMPLATE_ENDS: tuple[tuple[str, str], ...] = (
    ("{{<", ">}}"),
    ("{{%", "%}}"),
    ("{{", "}}"),
    ("{%", "%}"),
)


def _template_end(source: str, start: int, maximum: int) -> int | None:
    """Where the template tag (:data:`_TEMPLATE_ENDS`) at ``start`` ends, before ``maximum``;
    None: no tag starts there, or it is not closed."""
    for opening, closing in _TEMPLATE_ENDS:
        if source.startswith(opening, start):
            end = source.find(closing, start + len(opening), maximum)
            if end < 0 or end + len(closing) > maximum:
                return None
            return end + len(closing)
    return None


def template_tag(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: a template tag (:data:`_TEMPLATE_ENDS`) is one token, whatever
    Markdown it holds; unclosed in the run, it is text."""
    end = _template_end(state.src, state.pos, state.posMax)
    if end is None:
        return False
    if not silent:
        token = state.push("template", "", 0)
        token.content = state.src[state.pos : end]
    state.pos = end
    return True


def _destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's ``parseLinkDestination``, a template tag taken whole as a destination:
    ``[the report]({{< ref "report.md" >}})`` is a link for Hugo (it was text, whose brackets
    every variant escaped: no link in any language)."""
    end = _template_end(string, pos, maximum)
    if end is None:
        return parseLinkDestination(string, pos, maximum)
    found = parseLinkDestination("", 0, 0)  # markdown-it's result, not ok
    found.ok, found.pos, found.str = True, end, string[pos:end]
    return found


_ATOMS = {"code_inline": (backtick, "code"), "template": (template_tag, "template")}

Positions = list[int]
Locate = Callable[[StateBlock, Sequence[Token]], None]


@dataclass(frozen=True)
class Run:
    """A translatable run of a body: ``body[start:end]`` is exactly its block's pieces.

    ``escape`` says how a translation is written there; ``nested`` holds the blocks the
    block's markup refers to (an image's alt text, a link's title) by
    :class:`relay.sources.blocks.BlockSlot` index.
    """

    start: int
    end: int
    block: Block | Field  # a field: HTML's, in an HTML block's markup (a ``lang`` inside it)
    escape: str = "text"
    nested: tuple[Block, ...] = ()


def read_body(
    body: str,
    *,
    first_line: int = 1,
    path: str = "<markdown>",
    options: html.Options | None = None,
) -> list[Run]:
    """Find the translatable runs of a Markdown body, in source order (``path`` names the
    file in what an HTML block relay cannot read or place makes it refuse; ``options`` are
    the project's ``[html]``, for the HTML written in it, as for an HTML release)."""
    options = options or html.PLAIN
    env: dict[str, Any] = {_TITLES: [], _PATH: path, _HTML: options}
    lines = _Lines(body)
    runs: list[Run] = []
    roles: list[str] = []
    task = heading = False
    for token in _MD.parse(body, env):
        if token.nesting == 1:
            roles.append(_ROLES.get(token.type, ""))
            # A task item's box starts the first paragraph of its list item.
            task = token.type == "list_item_open" or (task and token.type == "paragraph_open")
            heading = token.type == "heading_open"
            continue
        if token.nesting == -1:
            if roles:  # the footnote plugin can leave a close without its open
                roles.pop()
        elif token.type == "inline" and token.meta.get(_AT):
            role = next((role for role in reversed(roles) if role), "paragraph")
            offsets = lines.all_written(token.meta[_AT])
            line = first_line + lines.line(offsets[0])
            pieces, nested = _pieces(
                token, body, offsets, env, line=line, task=task, heading=heading
            )
            if pieces and isinstance(box := pieces[0], Empty) and box.label == "task":
                # The box stays in the skeleton, as a list marker does.
                offsets = offsets[len(str(box.markup[0])) :]
                pieces = pieces[1:]
            if pieces and isinstance(kept := pieces[-1], Empty) and kept.label == "attributes":
                # So does a heading's attribute list, as its "#" marks do.
                offsets = offsets[: len(offsets) - len(str(kept.markup[0]))]
                pieces = pieces[:-1]
            if any(isinstance(piece, Text) and piece.shown.strip() for piece in pieces):
                keep = bool(token.meta.get(_LINES))
                block = Block(pieces, role, line, lines=keep)
                runs.append(Run(offsets[0], offsets[-1], block, "text", nested))
            else:
                runs.extend(_only_nested(pieces, nested, body, offsets))
        elif token.type == "html_block" and token.meta.get(_AT):
            offsets = lines.all_written(token.meta[_AT])
            line = first_line + lines.line(offsets[0])
            runs.extend(_html_runs(token.content, body, offsets, line, path, options))
        task = heading = False
    for begin, end, shown in env[_TITLES]:
        begin, end = lines.written(begin), lines.written(end)
        block = Block(
            (Text(body[begin:end], shown),), "title", first_line + lines.line(begin), False
        )
        runs.append(Run(begin, end, block, "title"))
    return runs


def html_written(body: str, *, first_line: int = 1) -> list[tuple[str, int]]:
    """The HTML written in a Markdown body: each HTML block, and each tag written inline,
    with its line (what ``relay check --source`` looks through for text kept in English)."""
    found: list[tuple[str, int]] = []
    for token in _plainly_parsed(body):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            found.append((token.content, line))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append((child.content, line))
    return found


def template_tags(body: str, *, first_line: int = 1) -> list[tuple[str, int]]:
    """The template tags written in a Markdown body's text (:func:`template_tag`), each with
    its line: kept as written, what they say is never translated."""
    found: list[tuple[str, int]] = []
    for token in _plainly_parsed(body):
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children or ():
            if child.type == "template":
                at = token.content.find(child.content)
                found.append((child.content, line + token.content.count("\n", 0, max(at, 0))))
    return found


def _plainly_parsed(body: str) -> list[Token]:
    """markdown-it's tokens of a body, read with HTML's own rules (what the source checks
    look through)."""
    return _MD.parse(body, {_TITLES: [], _PATH: "<markdown>", _HTML: html.PLAIN})


def _only_nested(
    pieces: tuple[Piece, ...], nested: tuple[Block, ...], body: str, offsets: list[int]
) -> list[Run]:
    """A run with no text of its own (an image alone): its alt text and titles, as runs."""
    if not nested:
        return []
    block = Block(pieces, "paragraph", 0, splittable=False)
    return [Run(offsets[0], offsets[-1], block, "text", nested)]


class _Lines:
    """Line starts of a text as written and as markdown-it normalized it (every end "\\n")."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.normal = [0]
        for end in _NEWLINE.finditer(text):
            self.normal.append(self.normal[-1] + end.start() - self.starts[-1] + 1)
            self.starts.append(end.end())
        self.same = self.normal == self.starts  # every line ends with "\n": none normalized

    def all_written(self, positions: Sequence[int]) -> list[int]:
        """Turn positions in the normalized text into offsets in the text as written."""
        if self.same:
            return list(positions)
        return [self.written(position) for position in positions]

    def written(self, position: int) -> int:
        """Turn a position in the normalized text into an offset in the text as written."""
        line = bisect_right(self.normal, position) - 1
        return self.starts[line] + position - self.normal[line]

    def line(self, offset: int) -> int:
        """Give the 0-based line of an offset in the text as written."""
        return bisect_right(self.starts, offset) - 1


def _pieces(
    token: Token,
    source: str,
    offsets: list[int],
    env: dict[str, Any],
    *,
    line: int = 0,
    task: bool = False,
    heading: bool = False,
) -> tuple[tuple[Piece, ...], tuple[Block, ...]]:
    aligner = _Aligner(token.content, source, offsets, env, line=line)
    children = list(token.children or ())
    try:
        if task and (box := _TASK.match(token.content)) and children:
            aligner.task(box.end(), children)
        attributes = _HEADING_ATTRIBUTES.search(token.content) if heading else None
        if attributes is not None and children and children[-1].type == "text":
            last = children[-1]
            if last.content.endswith(attributes.group()):
                cut = len(last.content) - len(attributes.group())
                children[-1] = Token("text", "", 0, content=last.content[:cut])
            else:
                attributes = None
        aligner.walk(children)
        if attributes is not None:
            aligner.flush()
            aligner.builder.empty(aligner.take(len(token.content)), "attributes")
        return aligner.finish(), tuple(aligner.nested)
    except _Misaligned:
        raw = source[offsets[0] : offsets[-1]]
        if _SCRIPT.search(token.content):
            return (Empty((raw,), "html"),), ()  # a script's content is never a unit
        # Still translatable, and still written back exactly as it was.
        return (Text(raw, token.content),), ()


class _Misaligned(Exception):
    """An inline token does not match the source where it should be."""


class _Aligner:
    """Walks an inline run's tokens along its source text, building the block's pieces."""

    def __init__(
        self,
        content: str,
        source: str,
        offsets: list[int],
        env: dict[str, Any],
        *,
        line: int = 0,
        start: int = 0,
        stop: int | None = None,
        nested: list[Block] | None = None,
    ):
        self.content = content
        self.source = source
        self.offsets = offsets
        self.env = env
        self.line = line
        self.state = StateInline(content, _MD, env, [])
        self.at = start
        self.stop = len(content) if stop is None else stop
        self.builder = BlockBuilder()
        self.text_run: list[tuple[str, str]] = []
        self.pairs: list[tuple[int, int, str]] = []  # key, end of closing markup, closing type
        self.in_autolink = False
        self.nested: list[Block] = [] if nested is None else nested
        self.labels: dict[int, int] = {}  # a link's key → where its text starts
        self.html: dict[int, str] = {}  # index of an html_inline child → "open" or "close"
        self.raw_until: str | None = None  # the end tag that ends a script's (or style's) raw
        self.raw_from = 0
        # An element marked never translated: its name, and how many of it are open.
        self.kept_until: str | None = None
        self.kept_depth = 0
        self.kept_end = 0  # where its end tag ends, in the content

    def task(self, end: int, children: list[Token]) -> None:
        """Take a task item's box as markup; the first text token holds it."""
        first = children[0]
        if first.type != "text" or not first.content.startswith(self.content[:end]):
            raise _Misaligned("task")
        self.builder.empty(self.take(end), "task")
        copy = Token("text", "", 0, content=first.content[end:])
        children[0] = copy

    def walk(self, children: list[Token]) -> None:
        self.html = _html_pairs(children)
        for index, child in enumerate(children):
            self.add(child, index)

    def add(self, token: Token, index: int = -1) -> None:
        """Take the source of one token and turn it into pieces."""
        kind = token.type
        if self.kept_until is not None:
            self.kept_text(token)
        elif self.raw_until is not None:
            self.raw_text(token)
        elif self.in_autolink:  # its text was taken with its markup
            self.in_autolink = kind != "link_close"
        elif kind == "text":
            if token.content:
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
        elif kind == "image":
            self.image(token)
        elif kind == "footnote_ref":
            self.flush()
            self.builder.empty(self.take(self.rule_end(footnote_ref)), "footnote")
        elif kind in _ATOMS:
            rule, label = _ATOMS[kind]
            self.flush()
            self.builder.empty(self.take(self.rule_end(rule)), label)
        elif kind == "html_inline":
            self.html_inline(token, self.html.get(index, "empty"))
        else:
            raise _Misaligned(kind)

    def html_inline(self, token: Token, role: str) -> None:
        self.flush()
        start = _START_TAG.match(token.content)
        if start and start.group(1).lower() in _RAW_ELEMENTS:
            # A script's (or style's) content is code: one piece of markup with its tags.
            self.raw_until, self.raw_from = start.group(1).lower(), self.at
            self.expect(token.content)
            return
        if start and role == "open" and html.marked_no(token.content, self.env[_HTML]):
            # translate="no", a no-translate class: the element and all it holds is one
            # piece of markup, as in an HTML release (its words shown in the label).
            begin = self.at
            self.expect(token.content)
            end = _element_end(self.content, self.at, start.group(1).lower())
            if end is not None:
                self.kept_until, self.kept_depth, self.raw_from = start.group(1).lower(), 1, begin
                self.kept_end = end
                return
            self.at = begin  # never closed in this paragraph: an open tag as any other
        raw = self.expect(token.content)
        if role == "close":
            if not self.pairs or self.pairs[-1][2] != "html_close":
                raise _Misaligned("html")
            self.builder.close(self.pairs.pop()[0], raw)
            return
        markup = self.tag_parts(raw)
        if role == "open":
            key = self.builder.open(markup, "html")
            self.pairs.append((key, -1, "html_close"))
        else:
            self.builder.empty(markup, "html")

    def tag_parts(self, raw: str) -> tuple[RawPart, ...]:
        """A tag written inline, with a slot for each attribute whose value is text (an
        image's alt, a title), as relay's HTML reader reads the tag: its value is a unit, as
        in an HTML block, not English left in every variant."""
        named: tuple[str, ...] = self.env[_HTML].translate_attributes
        lowered = raw.lower()
        if not _TEXT_ATTRIBUTE.search(raw) and not any(name in lowered for name in named):
            return (raw,)
        try:
            parsed = html.read(raw, path="<inline html>", options=self.env[_HTML])
        except SourceError as error:
            if _bare(error).startswith(html.FRAME_TEXT):  # as in an HTML block: refused
                path = self.env.get(_PATH, "<markdown>")
                raise SourceError(
                    _bare(error), path=path, line=self.line, hint=error.hint
                ) from None
            return (raw,)
        except ValueError:
            return (raw,)
        if source_text(parsed) != raw:  # not the tag as written: kept whole, as before
            return (raw,)
        parts: list[RawPart] = []
        for part in parsed.skeleton:
            if isinstance(part, BlockSlot):
                block = replace(parsed.blocks[part.block], line=self.line)
                parts.append(self.nest(block, "html-attribute"))
            elif isinstance(part, Field) and part.name in HTML_FIELDS:
                parts.append(part)  # a lang inside the text: the variant's, as in HTML
            else:  # its text as written
                parts.append(part_raw(part, parsed.blocks))
        return tuple(_joined(parts))

    def raw_text(self, token: Token) -> None:
        """Walk over a script's content, to its end tag; then it is one piece of markup."""
        end = _END_TAG.match(token.content) if token.type == "html_inline" else None
        content = token.markup if token.type == "text_special" else token.content
        if token.type in ("softbreak", "hardbreak"):
            self.at = self.match(_BREAK)
        elif token.type in ("text", "text_special", "html_inline"):
            self.expect(content)
        else:  # markup read inside a script: its source is not where the tokens say
            raise _Misaligned("script")
        if end and end.group(1).lower() == self.raw_until:
            at, self.at = self.at, self.raw_from
            self.builder.empty(self.take(at), "script")
            self.raw_until = None

    def kept_text(self, token: Token) -> None:
        """Pass over what an element marked never translated holds (Markdown's own markup
        in it included: a link's address is in no token) to the token of its end tag, elements
        of its name inside it counted; then the element is one piece of markup, up to where
        its end tag was found in the text (:func:`_element_end`)."""
        if token.type != "html_inline":
            return
        start, end = _START_TAG.match(token.content), _END_TAG.match(token.content)
        if start and start.group(1).lower() == self.kept_until:
            self.kept_depth += 1
        elif end and end.group(1).lower() == self.kept_until:
            self.kept_depth -= 1
        if self.kept_depth == 0:
            self.at = self.raw_from
            raw = self.take(self.kept_end)
            if not raw.endswith(token.content):  # the tokens and the text disagree
                raise _Misaligned("kept")
            words = html.shown_words(raw)
            self.builder.empty(raw, f"{self.kept_until}={words}" if words else str(self.kept_until))
            self.kept_until = None

    def image(self, token: Token) -> None:
        """An image is markup, but its alt text and title are translated."""
        self.flush()
        end = self.rule_end(image)
        start = self.at
        self.state.pos, self.state.posMax = start, len(self.content)
        label_end = parseLinkLabel(self.state, start + 1, False)
        if label_end < 0:
            self.fail()
        parts: list[RawPart] = []
        alt = _Aligner(
            self.content,
            self.source,
            self.offsets,
            self.env,
            line=self.line,
            start=start + 2,
            stop=label_end,
            nested=self.nested,
        )
        try:
            alt.walk(list(token.children or ()))
            pieces = alt.finish()
        except _Misaligned:
            pieces = ()
        # A reference image whose alt text is its label ("![logo]") keeps its alt text.
        by_label = self.content[label_end:end] in ("]", "][]")
        if not by_label and any(isinstance(p, Text) and p.shown.strip() for p in pieces):
            parts += [self.take(start + 2), self.nest(Block(pieces, "alt text", self.line, False))]
            self.at = label_end
        parts += self.tail(end)
        self.builder.empty(tuple(_joined(parts)), "image")

    def nest(self, block: Block, escape: str = "text") -> BlockSlot:
        self.nested.append(block)
        return BlockSlot(len(self.nested) - 1, escape)  # type: ignore[arg-type]

    def tail(self, end: int) -> list[RawPart]:
        """Take ``](destination "title")`` (or ``][label]``) up to ``end``: the title is text."""
        title = _title_span(self.content, self.at + 1, end)
        if title is None:
            return [self.take(end)]
        begin, stop, shown = title
        before = self.take(begin)
        raw = self.take(stop)
        slot = self.nest(Block((Text(raw, shown),), "title", self.line, False), "title")
        return [before, slot, self.take(end)]

    def label(self, start: int, end: int) -> list[RawPart] | None:
        """Take a shortcut (``[report]``) or collapsed (``[report][]``) reference's end.

        Its text is its label: a translated text is written with the label after it.
        """
        if self.content[self.at : end] not in ("]", "][]"):
            return None
        label = "[" + self.source[self.offsets[start] : self.offsets[self.at]] + "]"
        closing = self.take(self.at + 1)
        rest = self.take(end)
        return [closing, Field("label", rest, label)]

    def open_link(self, token: Token) -> None:
        self.flush()
        if token.info == "auto":
            self.builder.empty(self.take(self.rule_end(autolink)), "link")
            self.in_autolink = True
            return
        end = self.rule_end(link)
        key = self.builder.open(self.expect("["), "link")
        self.pairs.append((key, end, "link_close"))
        self.labels[key] = self.at

    def close(self, kind: str, markup: str) -> None:
        self.flush()
        if not self.pairs or self.pairs[-1][2] != kind:
            raise _Misaligned(kind)
        key, end, _ = self.pairs.pop()
        if kind != "link_close":
            self.builder.close(key, self.expect(markup))
        elif self.peek("]"):
            # "](url "title")" or "][ref]": up to where the link rule said the link ends
            label = self.label(self.labels[key], end)
            self.builder.close(key, tuple(_joined(label or self.tail(end))))
        else:
            self.fail()

    def finish(self) -> tuple[Piece, ...]:
        self.flush()
        if self.at != self.stop or self.pairs or self.raw_until is not None:
            raise _Misaligned("unmatched end")
        return tuple(self.builder.pieces)

    def flush(self) -> None:
        """Make the text run so far pieces: each escape or entity a piece of its own.

        An escape shows something other than its source, so it is one atom when sentences
        are cut: on its own, it never hides the sentence boundaries of the text around it.
        """
        plain: list[str] = []
        for raw, shown in self.text_run:
            if raw == shown:
                plain.append(raw)
                continue
            if plain:
                self.builder.text("".join(plain))
                plain = []
            self.builder.text(raw, shown)
        if plain:
            self.builder.text("".join(plain))
        self.text_run = []

    def take(self, end: int) -> str:
        """Consume the content up to ``end``; give the source it was read from."""
        if not self.at <= end <= self.stop:
            raise _Misaligned("backwards")
        raw = self.source[self.offsets[self.at] : self.offsets[end]]
        self.at = end
        return raw

    def peek(self, literal: str) -> bool:
        return self.content.startswith(literal, self.at) and self.at + len(literal) <= self.stop

    def expect(self, literal: str) -> str:
        return self.take(self.at + len(literal)) if self.peek(literal) else self.fail()

    def match(self, pattern: re.Pattern[str]) -> int:
        found = pattern.match(self.content, self.at)
        return found.end() if found else self.fail()

    def rule_end(self, rule: Callable[[StateInline, bool], bool]) -> int:
        """Run a markdown-it inline rule without output to learn where its markup ends."""
        self.state.pos, self.state.posMax = self.at, self.stop
        return self.state.pos if rule(self.state, True) else self.fail()

    def fail(self) -> NoReturn:
        raise _Misaligned(self.content[self.at : self.at + 20])


def _element_end(content: str, at: int, name: str) -> int | None:
    """Where the element whose start tag ends at ``at`` ends (after its end tag), elements of
    its name inside it counted; None if it is not closed in ``content``."""
    depth = 1
    for tag in re.finditer(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", content[at:], re.I):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return at + tag.end()
        elif not tag.group().endswith("/>"):
            depth += 1
    return None


def _joined(parts: list[RawPart]) -> list[RawPart]:
    out: list[RawPart] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        elif part != "":
            out.append(part)
    return out


def _title_span(content: str, at: int, end: int) -> tuple[int, int, str] | None:
    """Find the title in ``(destination "title")`` starting at ``at``: its span and text."""
    if not content.startswith("(", at):
        return None
    pos = _SPACE.match(content, at + 1).end()  # type: ignore[union-attr]
    destination = _destination(content, pos, end)
    if not destination.ok:
        return None
    pos = _SPACE.match(content, destination.pos).end()  # type: ignore[union-attr]
    if pos == destination.pos:
        return None  # a title is always apart from the destination
    title = parseLinkTitle(content, pos, end)
    if not title.ok or not title.str.strip():
        return None
    return pos, title.pos, title.str


def _html_pairs(children: Sequence[Token]) -> dict[int, str]:
    """Pair the inline HTML start and end tags of a run that nest like the run's markup.

    A paired tag is a placeholder pair, so a translation must keep it in order; a tag
    without its partner (or crossing other markup) stays standalone markup.
    """
    roles: dict[int, str] = {}
    stack: list[tuple[str, int]] = []  # (what opened, child index)
    for index, child in enumerate(children):
        kind = child.type
        if kind == "html_inline":
            start, end = _START_TAG.match(child.content), _END_TAG.match(child.content)
            if start and start.group(1).lower() not in _VOID | _RAW_ELEMENTS:
                stack.append(("<" + start.group(1).lower(), index))
            elif end:
                name = "<" + end.group(1).lower()
                if stack and stack[-1][0] == name:
                    roles[stack.pop()[1]] = "open"
                    roles[index] = "close"
                elif any(opened == name for opened, _ in stack):
                    while stack[-1][0] != name:  # the tags in between have no partner
                        stack.pop()
                    stack.pop()
        elif kind in _PAIRS or kind == "link_open":
            stack.append((kind, index))
        elif kind.endswith("_close") and kind != "html_close":
            opened = {"em_close": "em_open", "strong_close": "strong_open"}.get(kind, "")
            opened = opened or {"s_close": "s_open", "link_close": "link_open"}.get(kind, "")
            while stack and stack[-1][0] != opened:
                stack.pop()  # an HTML start tag left open here is standalone
            if stack:
                stack.pop()
    return roles


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(begin <= at < end for begin, end in spans)


def _html_runs(
    fragment: str, body: str, offsets: list[int], line: int, path: str, options: html.Options
) -> list[Run]:
    """Read an HTML block with relay's HTML reader; its text and attributes are units.

    A fragment the reader refuses would be kept as written, its text published in the source
    language in every variant: the source is refused instead, at the block's line. So is an
    embargo written in a block (``<meta name="embargo">``): only the front matter's is read.
    """
    parsed = _read_html_block(fragment, line, path, options)
    return _placed(parsed, fragment, body, offsets, line, path)


def _read_html_block(fragment: str, line: int, path: str, options: html.Options) -> Parsed:
    try:
        parsed = html.read(fragment, path=path, options=options)
    except SourceError as error:
        within = error.line or 1
        raise SourceError(
            "HTML block: " + _bare(error), path=path, line=line + within - 1, hint=error.hint
        ) from None
    except ValueError as error:
        raise SourceError(f"HTML block relay cannot read: {error}", path=path, line=line) from None
    if parsed.metadata.embargo is not None:
        raise SourceError(
            "an embargo in an HTML block is not read: relay would publish the release at once",
            path=path,
            line=line,
            hint="Write the embargo in the front matter (embargo: 2025-05-01T09:00:00+02:00).",
        )
    return parsed


def _placed(
    parsed: Parsed, fragment: str, body: str, offsets: list[int], line: int, path: str
) -> list[Run]:
    """Make each block of an HTML block a run where its pieces are found as written in the
    fragment, in order; refuse the source where one with text is not found (kept as written,
    it would be published in the source language)."""
    runs: list[Run] = []
    # Scripts, styles and comments are never text: nothing is looked for inside them (one
    # inside a block's own markup, as a comment in a paragraph, is part of that block).
    raw_spans = [(found.start(), found.end()) for found in _HTML_RAW.finditer(fragment)]
    taken: list[tuple[int, int]] = []  # the runs placed
    text_at = 0
    # An attribute unit inside another unit's markup (a link's title, an inline image's alt
    # text) goes with that unit, as a nested block: not a run of its own.
    inner = {
        part.block
        for block in parsed.blocks
        for piece in block.pieces
        if not isinstance(piece, Text)
        for part in piece.markup
        if isinstance(part, BlockSlot)
    }

    for index, block in enumerate(parsed.blocks):
        if index in inner or block.role.endswith(html.STRUCTURED_ROLE):
            continue  # a string of structured data: placed where the skeleton has it
        written = [piece_raw(piece, parsed.blocks) for piece in block.pieces]
        raw = "".join(written)
        if raw not in fragment:
            # lxml writes a bare "&" as "&amp;": the source may have it bare.
            written = [
                part.replace("&amp;", "&") if isinstance(piece, Text) else part
                for part, piece in zip(written, block.pieces, strict=True)
            ]
            raw = "".join(written)
        if not block.splittable and block.role.endswith(html.ATTRIBUTE_ROLES):
            # The value after its "=", spaces around which HTML allows (alt = "…").
            value = re.compile(r"=[ \t\n\r\f]*" + re.escape(raw))
            found = value.search(fragment)
            while found is not None and (
                _inside(found.start(), raw_spans) or _inside(found.end() - 1, taken)
            ):
                found = value.search(fragment, found.start() + 1)
            begin = found.end() - len(raw) if found is not None else -1
            escape = "html-attribute"
        else:
            begin = fragment.find(raw, text_at)
            while begin >= 0 and (
                fragment.rfind("<", 0, begin) > fragment.rfind(">", 0, begin)  # inside a tag
                or _inside(begin, raw_spans)
                or _inside(begin, taken)
            ):
                begin = fragment.find(raw, begin + 1)
            escape = "html"
            if begin >= 0:
                text_at = begin + len(raw)
        end = begin + len(raw)
        if (
            begin < 0
            or not raw
            or any(b < end and begin < e for b, e in taken)
            or any(b < end and begin < e and not begin <= b < e <= end for b, e in raw_spans)
        ):
            if any(isinstance(piece, Text) and piece.shown.strip() for piece in block.pieces):
                shown = " ".join(
                    "".join(p.shown for p in block.pieces if isinstance(p, Text)).split()
                )
                raise SourceError(
                    f"HTML block: relay cannot find the text {shown[:60]!r} as it is written",
                    path=path,
                    line=line + block.line - 1,
                    hint="Write the text as Markdown, or as plain HTML around it.",
                )
            continue
        taken.append((begin, end))
        # The pieces as written in the body (its line ends may be "\r\n").
        pieces: list[Piece] = []
        nested: list[Block] = []
        at = begin
        for piece, part in zip(block.pieces, written, strict=True):
            if isinstance(piece, Text):
                source = body[offsets[at] : offsets[at + len(part)]]
                pieces.append(Text(source, piece.shown))
                at += len(part)
                continue
            markup: list[RawPart] = []
            for inside in piece.markup:
                raw_part = part_raw(inside, parsed.blocks)
                source = body[offsets[at] : offsets[at + len(raw_part)]]
                at += len(raw_part)
                if isinstance(inside, BlockSlot):
                    attribute = parsed.blocks[inside.block]
                    shown = "".join(p.shown for p in attribute.pieces if isinstance(p, Text))
                    nested.append(replace(attribute, pieces=(Text(source, shown),)))
                    markup.append(BlockSlot(len(nested) - 1, "html-attribute"))
                elif isinstance(inside, Field) and inside.name in HTML_FIELDS:
                    # A <time>'s date, a lang inside the text: written for the variant, as an
                    # HTML release's are (as written, the source's date stayed in English).
                    markup.append(replace(inside, original=source))
                else:
                    markup.append(source)
            pieces.append(replace(piece, markup=tuple(_joined(markup))))
        located = Block(
            tuple(pieces), block.role, line + fragment.count("\n", 0, begin), block.splittable
        )
        runs.append(Run(offsets[begin], offsets[end], located, escape, tuple(nested)))
    return runs + _skeleton_fields(parsed, fragment, body, offsets, line, path)


def _skeleton_fields(
    parsed: Parsed, fragment: str, body: str, offsets: list[int], line: int, path: str
) -> list[Run]:
    """The fields of an HTML block's markup outside its units (the ``lang`` of a ``<p
    lang="en">``, a ``dir``, a JSON-LD ``inLanguage``) and the strings of its structured
    data, as runs: written for each variant as an HTML release's are. Found where the block's
    skeleton puts them, which is the fragment as written."""
    structured = [block for block in parsed.blocks if block.role.endswith(html.STRUCTURED_ROLE)]
    if source_text(parsed) != fragment:
        if structured:
            raise SourceError(
                "HTML block: relay cannot place the words of its structured data (JSON-LD)"
                " as they are written",
                path=path,
                line=line + structured[0].line - 1,
                hint="Write the HTML block as plain HTML, or remove the script.",
            )
        return []
    runs: list[Run] = []
    at = 0
    for part in parsed.skeleton:
        size = len(part_raw(part, parsed.blocks))
        written = body[offsets[at] : offsets[at + size]]
        if isinstance(part, Field) and part.name in HTML_FIELDS and size:
            runs.append(Run(offsets[at], offsets[at + size], replace(part, original=written)))
        elif isinstance(part, BlockSlot) and part.escape == "json":
            block = parsed.blocks[part.block]
            shown = "".join(p.shown for p in block.pieces if isinstance(p, Text))
            located = replace(block, pieces=(Text(written, shown),), line=line + block.line - 1)
            runs.append(Run(offsets[at], offsets[at + size], located, "json"))
        at += size
    return runs


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
        # A definition list's descriptions are paragraphs, located already when they were read.
        if token.type == "inline" and token.map and _AT not in token.meta:
            begin, end = token.map
            text, positions = _cut_lines(state, begin, max(end, begin + 1))  # a term: [n, n]
            token.meta[_AT] = _trimmed(text, positions, token.content)


def _locating_paragraph(rule: Callable[..., bool]) -> Callable[..., bool]:
    """Wrap the paragraph rule: locate its content, and note a paragraph whose line ends keep
    it from being read as a definition list's term (:func:`_term_risk`)."""

    def located(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        if not rule(state, start, end, silent):
            return False
        if not silent:
            tokens = state.tokens[first:]
            _locate_lines(state, tokens)
            if _term_risk(state, tokens[0], end):
                for token in tokens:
                    if token.type == "inline":
                        token.meta[_LINES] = True
        return True

    return located


def _term_risk(state: StateBlock, paragraph: Token, end: int) -> bool:
    """Tell whether this paragraph would be a definition list's term if it were one line.

    The definition-list rule reads a line as a term when the next line, or the one after a
    blank line, starts with ``:`` or ``~`` and a space (even indented as code). A paragraph of
    several lines is safe in the source, but a translation written on one line would become
    a term, and the block after it (a paragraph, an indented code block) its definition. Such
    a paragraph keeps its line ends as placeholders. The test is the rule's own
    (mdit-py-plugins ``deflist``), on the line after the paragraph.
    """
    if paragraph.map is None or paragraph.map[1] - paragraph.map[0] < 2:
        return False
    line = paragraph.map[1]
    if line < end and state.isEmpty(line):
        line += 1
    if line >= end or state.sCount[line] < state.blkIndent:
        return False
    start, maximum = state.bMarks[line] + state.tShift[line], state.eMarks[line]
    if start >= maximum or state.src[start] not in ":~":
        return False
    after = state.skipSpaces(start + 1)
    return start + 1 < after < maximum


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


def _locate_html(state: StateBlock, tokens: Sequence[Token]) -> None:
    """Locate an HTML block, when its content is its lines as written (markers stripped)."""
    for token in tokens:
        if token.type == "html_block" and token.map:
            text, positions = _cut_lines(state, *token.map)
            if token.content in (text, text + "\n") and positions:
                end = positions[-1] + 1
                token.meta[_AT] = [*positions, *([end] if token.content != text else []), end]


def _locating_reference(rule: Callable[..., bool]) -> Callable[..., bool]:
    """Wrap the reference rule to note where a definition's title is written."""

    def located(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not rule(state, start, end, silent):
            return False
        if not silent:
            text, positions = _cut_lines(state, start, state.line)
            if title := _reference_title(text):
                begin, stop, shown = title
                state.env.setdefault(_TITLES, []).append(
                    (positions[begin], positions[stop - 1] + 1, shown)
                )
        return True

    return located


def _reference_title(text: str) -> tuple[int, int, str] | None:
    """Find the title of ``[label]: destination "title"``: its span and text."""
    at = 1
    while at < len(text) and text[at] != "]":
        at += 2 if text[at] == "\\" else 1
    if not text.startswith("]:", at):
        return None
    pos = _SPACE.match(text, at + 2).end()  # type: ignore[union-attr]
    destination = _destination(text, pos, len(text))
    if not destination.ok:
        return None
    pos = _SPACE.match(text, destination.pos).end()  # type: ignore[union-attr]
    if pos == destination.pos:
        return None
    title = parseLinkTitle(text, pos, len(text))
    if not title.ok or text[title.pos :].strip(" \t\n") or not title.str.strip():
        return None
    return pos, title.pos, title.str


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Footnotes with their ids, and definition lists; inline footnotes (^[…]) are plain text.
    md.use(footnote_plugin, inline=False).use(deflist_plugin)
    # Escapes and entities stay tokens of their own: their source differs from what they show.
    md.disable("text_join")
    md.inline.ruler.before("backticks", "template", template_tag)
    md.helpers = cast(
        Any,
        SimpleNamespace(
            parseLinkLabel=parseLinkLabel,
            parseLinkDestination=_destination,
            parseLinkTitle=parseLinkTitle,
        ),
    )
    rules = {rule.name: rule for rule in md.block.ruler.__rules__}
    locators: dict[str, Locate] = {
        "lheading": _locate_lines,
        "heading": _locate_heading,
        "table": _locate_cells,
        "html_block": _locate_html,
        "deflist": _locate_lines,
    }
    for name, locate in locators.items():
        located = _locating(rules[name].fn, locate)
        md.block.ruler.at(name, located, {"alt": rules[name].alt})
    paragraph = rules["paragraph"]
    md.block.ruler.at("paragraph", _locating_paragraph(paragraph.fn), {"alt": paragraph.alt})
    reference = rules["reference"]
    md.block.ruler.at("reference", _locating_reference(reference.fn), {"alt": reference.alt})
    return md


_MD = _parser()


def _bare(error: SourceError) -> str:
    """An error's message without the place it names (the fragment's, not the file's)."""
    where = f"{error.path}:{error.line}: " if error.line else f"{error.path}: "
    return error.message[len(where) :] if error.message.startswith(where) else error.message
