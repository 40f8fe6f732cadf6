"""HTML releases, read with lxml: block elements are units, inline elements placeholders.

Takes the file's text; gives blocks and a skeleton made by serializing the parsed tree with
markers where translatable content was, so a variant is the source tree as lxml writes it.
``alt``, ``title``, ``aria-label`` and ``placeholder`` attributes are units of their own;
``<script>``, ``<style>``, ``<code>``, ``<svg>``, ``<math>`` and anything marked
``translate="no"`` are kept as they are; ``<time datetime>`` is written by relay in the target
locale. Metadata comes from ``<title>`` and ``<meta name="date|slug|embargo">``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from relay.core.errors import SourceError
from relay.core.metadata import metadata_from_pairs
from relay.core.model import Escape, Field, Target
from relay.sources.blocks import Block, BlockBuilder, BlockSlot, Parsed, RawPart

NAME = "html"
EXTENSIONS = (".html", ".htm")

BLOCK_TAGS = frozenset(
    "html head body title p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot "
    "tr td th caption figure figcaption blockquote div section article header footer main "
    "aside nav address legend fieldset form summary details option select pre hr".split()
)
KEPT_TAGS = frozenset(
    "script style code svg math template iframe object noscript textarea kbd samp var".split()
)
TRANSLATED_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
ROLES = {
    "title": "title",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list item",
    "td": "table cell",
    "th": "table header",
    "caption": "caption",
    "figcaption": "caption",
    "blockquote": "quote",
    "dt": "term",
    "dd": "definition",
}
_MARKER = re.compile("\ue000([A-Z])([0-9]*)\ue001")
_SPECIAL = re.compile(r"[&<>]")
_QUOTED_ATTRIBUTE_MARKER = re.compile('"(\ue000A[0-9]+\ue001)"')
_DECLARATIONS = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)


def read(text: str, *, path: str) -> Parsed:
    """Parse an HTML release and cut it into skeleton and blocks."""
    if _MARKER.pattern[0] in text or "\ue001" in text:
        raise SourceError("contains private-use characters U+E000/U+E001", path=path)
    if declared := _DECLARATIONS.search(text):
        # HTML has no entities of its own making; libxml2's HTML parser would turn such a
        # DOCTYPE into stray text. Refused, like any DTD in the XML relay reads.
        raise SourceError(
            "declares a DTD subset or entities (<!DOCTYPE … [ … ]>, <!ENTITY>), which an HTML"
            " release may not have",
            path=path,
            line=text.count("\n", 0, declared.start()) + 1,
        )
    root = _parse(text, path)
    reader = _Reader(path)
    reader.collect(root)
    serialized = etree.tostring(
        root.getroottree(),
        method="html",
        encoding="unicode",
        doctype=root.getroottree().docinfo.doctype,
    )
    serialized += text[len(text.rstrip()) :]
    skeleton = reader.split(_with_fields(serialized, reader.originals))
    metadata = metadata_from_pairs(reader.metadata_pairs(root), path=path)
    return Parsed(NAME, skeleton, tuple(reader.blocks), metadata)


def _parse(text: str, path: str) -> etree._Element:
    # No network, no DTD: a source file is untrusted input.
    parser = etree.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=False, default_doctype=False
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(f"cannot parse HTML: {error}", path=path) from None
    if root is None or root.tag != "html":
        raise SourceError("is not an HTML document", path=path, line=1)
    return root


def _with_fields(serialized: str, originals: dict[str, str]) -> str:
    """Mark where the document language and the alternate links go."""
    start = re.search(r"<html\b[^>]*>", serialized)
    if start is not None:
        tag = start.group()
        lang = re.search(r'\slang="[^"]*"', tag)
        originals["lang"] = lang.group() if lang else ""
        marked = (
            tag[:-1] + "\ue000L\ue001>"
            if lang is None
            else tag.replace(lang.group(), "\ue000L\ue001", 1)
        )
        serialized = serialized[: start.start()] + marked + serialized[start.end() :]
    return serialized.replace("</head>", "\ue000T\ue001</head>", 1)


class _Reader:
    """Walks the tree once, replacing translatable content by markers and keeping blocks."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.originals: dict[str, str] = {}

    def collect(self, root: etree._Element) -> None:
        self._attributes(root)
        self._container(root)

    def _attributes(self, root: etree._Element) -> None:
        for element in root.iter():
            if not isinstance(element.tag, str) or _kept(element):
                continue
            for name in TRANSLATED_ATTRIBUTES:
                value = element.get(name)
                if value and value.strip():
                    builder = BlockBuilder()
                    builder.text(quote_attribute(value), value)
                    role = "alt text" if name == "alt" else f"{name} attribute"
                    self.blocks.append(builder.build(role, _line(element), splittable=False))
                    element.set(name, f"\ue000A{len(self.blocks) - 1}\ue001")
            if element.tag == "meta" and element.get("name") == "description":
                value = element.get("content", "")
                if value.strip():
                    builder = BlockBuilder()
                    builder.text(quote_attribute(value), value)
                    self.blocks.append(builder.build("description", _line(element)))
                    element.set("content", f"\ue000A{len(self.blocks) - 1}\ue001")

    def _container(self, element: etree._Element) -> None:
        """Make blocks of the inline runs of ``element``, and go down into its blocks."""
        if _kept(element) or element.tag == "head":
            if element.tag == "head":
                for title in element.iter("title"):
                    self._run(title, [], _role(title))
            return
        children = [child for child in element if isinstance(child.tag, str)]
        if not any(_blockish(child) for child in children):
            self._run(element, list(element), _role(element))
            return
        run: list[etree._Element] = []
        holder: etree._Element | None = None  # whose text/tail starts the run
        for child in list(element):
            if isinstance(child.tag, str) and _blockish(child):
                self._anonymous(element, holder, run)
                self._container(child)
                holder, run = child, []
            else:
                run.append(child)
        self._anonymous(element, holder, run)

    def _anonymous(
        self, parent: etree._Element, holder: etree._Element | None, run: list[etree._Element]
    ) -> None:
        """Make a block of loose text and inline elements between two blocks."""
        text = parent.text if holder is None else holder.tail
        if not (text or "").strip() and not any(_has_text(child) for child in run):
            return
        builder = BlockBuilder()
        _add_text(builder, text or "")
        for child in run:
            self._inline(child, builder)
            parent.remove(child)
        marker = self._add(builder, _role(parent), _line(parent))
        if holder is None:
            parent.text = marker
        else:
            holder.tail = marker

    def _run(self, element: etree._Element, run: list[etree._Element], role: str) -> None:
        """Make one block of the whole content of ``element``."""
        if not (element.text or "").strip() and not any(_has_text(c) for c in run):
            return
        builder = BlockBuilder()
        _add_text(builder, element.text or "")
        for child in run:
            self._inline(child, builder)
            element.remove(child)
        element.text = self._add(builder, role, _line(element), element.tag != "title")

    def _add(self, builder: BlockBuilder, role: str, line: int, splittable: bool = True) -> str:
        self.blocks.append(builder.build(role, line, splittable=splittable))
        return f"\ue000B{len(self.blocks) - 1}\ue001"

    def _inline(self, element: etree._Element, builder: BlockBuilder) -> None:
        tail, element.tail = element.tail, None
        if not isinstance(element.tag, str) or _kept(element):
            builder.empty(self.split(_serialize(element)), _label(element))
        elif element.tag == "time" and (when := element.get("datetime")):
            opening, closing = _tag_markup(element)
            content = self.split(_serialize_content(element))
            field = Field("date", "".join(str(part) for part in content), when)
            builder.empty((*self.split(opening), field, *self.split(closing)), "date")
        elif len(element) == 0 and not element.text and element.tag in _VOID:
            builder.empty(self.split(_serialize(element)), _label(element))
        else:
            opening, closing = _tag_markup(element)
            key = builder.open(self.split(opening), _label(element))
            _add_text(builder, element.text or "")
            for child in list(element):
                self._inline(child, builder)
            builder.close(key, self.split(closing))
        _add_text(builder, tail or "")

    def split(self, serialized: str) -> tuple[RawPart, ...]:
        """Turn markers in serialized HTML back into skeleton parts."""
        parts: list[RawPart] = []
        position = 0
        # An attribute slot holds the whole quoted value: lxml picks the quotes from the value.
        serialized = _QUOTED_ATTRIBUTE_MARKER.sub(r"\1", serialized)
        for match in _MARKER.finditer(serialized):
            parts.append(serialized[position : match.start()])
            kind, number = match.groups()
            if kind == "B":
                parts.append(BlockSlot(int(number)))
            elif kind == "A":
                parts.append(BlockSlot(int(number), "attribute"))
            elif kind == "L":
                parts.append(Field("lang", self.originals.get("lang", "")))
            else:
                parts.append(Field("alternates", ""))
            position = match.end()
        parts.append(serialized[position:])
        return tuple(part for part in parts if part != "")

    def metadata_pairs(self, root: etree._Element) -> list[tuple[str, str, int]]:
        pairs: list[tuple[str, str, int]] = []
        title = root.find("head/title")
        if title is not None:
            pairs.append(("title", self._shown(title), _line(title)))
        for meta in root.iterfind("head/meta"):
            name = (meta.get("name") or "").lower()
            if name in {"date", "slug", "embargo"}:
                pairs.append((name, (meta.get("content") or "").strip(), _line(meta)))
        return pairs

    def _shown(self, element: etree._Element) -> str:
        marker = _MARKER.fullmatch(element.text or "")
        if marker is None:
            return (element.text or "").strip()
        block = self.blocks[int(marker.group(2))]
        return " ".join("".join(getattr(p, "shown", "") for p in block.pieces).split())


_VOID = frozenset("br wbr img input hr area embed source track col meta link".split())


def _kept(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    return element.tag in KEPT_TAGS or element.get("translate", "").lower() == "no"


def _blockish(element: etree._Element) -> bool:
    if _kept(element):
        return element.tag in BLOCK_TAGS
    return element.tag in BLOCK_TAGS or any(
        isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants()
    )


def _has_text(element: etree._Element) -> bool:
    if not isinstance(element.tag, str) or _kept(element):
        return bool((element.tail or "").strip())
    return any(text.strip() for text in element.itertext()) or bool((element.tail or "").strip())


def _role(element: etree._Element) -> str:
    role = ROLES.get(element.tag, "paragraph") if isinstance(element.tag, str) else "paragraph"
    for ancestor in _ancestors(element):
        if ancestor.tag == "address":
            return f"{role} in contact block"
    return role


def _ancestors(element: etree._Element) -> Iterator[etree._Element]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()
    if element.tag == "address":
        yield element


def _line(element: etree._Element) -> int:
    return element.sourceline or 0


def _label(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return "comment"
    if _shows_text(element) and (shown := " ".join("".join(element.itertext()).split())):
        # What a protected element reads as travels with its code (translators see it).
        return f"{element.tag}={shown}"
    return element.tag


def _shows_text(element: etree._Element) -> bool:
    """Tell whether a kept element is words a reader reads (not a script, a style, a frame)."""
    return element.get("translate", "").lower() == "no" or element.tag in {"code", "kbd", "samp"}


def _serialize(element: etree._Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)


def _serialize_content(element: etree._Element) -> str:
    inner = _serialize(element)
    opening, closing = _tag_markup(element)
    return inner[len(opening) : len(inner) - len(closing)]


def _tag_markup(element: etree._Element) -> tuple[str, str]:
    """Give the start and end tag of ``element`` exactly as lxml writes them."""
    # A copy, not a new element: the parser accepts tag names lxml would refuse to create.
    shell = copy.copy(element)
    for child in list(shell):
        shell.remove(child)
    shell.text = "\ue000S\ue001"
    shell.tail = None
    opening, _, closing = _serialize(shell).partition("\ue000S\ue001")
    return opening, closing


def _add_text(builder: BlockBuilder, text: str) -> None:
    for raw, shown in _text_pieces(text):
        builder.text(raw, shown)


def _text_pieces(text: str) -> list[tuple[str, str]]:
    """Cut text into (raw, shown) pieces; each escaped character is a piece of its own."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()],) * 2)
        pieces.append((_ESCAPES[match.group()], match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:],) * 2)
    return pieces


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def quote_attribute(value: str) -> str:
    """Quote an attribute value as libxml2 does: single quotes only around a double quote.

    >>> print(quote_attribute('say "hi"'), quote_attribute("it's"))
    'say "hi"' "it's"
    """
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def escape(text: str, context: Escape) -> str:
    """Make a translator's text literal HTML: text content, or a whole quoted attribute value."""
    if context == "attribute":
        return quote_attribute(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mark_fallback(raw: str, lang: str) -> str:
    """Wrap a unit published in the source language, so the page says which language it is."""
    return f'<span lang={quote_attribute(lang)} data-relay-fallback="">{raw}</span>'


def render_field(field: Field, target: Target) -> str:
    """Write the document language, or the links to the sibling variants."""
    if field.name == "lang":
        direction = ' dir="rtl"' if target.rtl else ""
        return f" lang={quote_attribute(target.lang)}{direction}"
    if field.name == "alternates":
        return "".join(
            f'<link rel="alternate" hreflang={quote_attribute(lang)}'
            f" href={quote_attribute(href)}>\n"
            for lang, href in target.alternates
        )
    return field.original
