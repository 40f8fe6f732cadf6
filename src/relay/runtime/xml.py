"""Safe XML for exchange files: parse what translators return, build and write what relay sends.

``parse`` takes the bytes of a returned file and gives its root element. The file is untrusted:
no DTD is loaded, no entity resolved, nothing fetched from the network or the disk, no XInclude
processed. A document type declaration of any kind (XXE, billion laughs, external DTDs,
parameter entities) is refused with :class:`CatalogError`, found in the prolog before lxml
sees the file (or, past the first 64 KB, after a parse that loads and expands nothing), so a
hostile file costs no more time or memory than its own size; so is an XInclude element.
Comments and processing instructions are dropped: they are never a unit's text. The encoding
is the one the file declares (BOM, then XML declaration), as XML requires.

``decode_head`` (:mod:`relay.runtime.xml_head`, where it needs no lxml) gives the start of a file as
text for cheap sniffing (``relay.exchange.detect``, the glossary).
The builders (``element``, ``child``, ``append_text``, ``indent``, ``serialize``) give the XLIFF
writers what they need from lxml, so that lxml stays behind this one module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from lxml import etree

from relay.core.errors import CatalogError
from relay.runtime.xml_head import decode_head

Element = etree._Element
XML_NS = "http://www.w3.org/XML/1998/namespace"
XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

# What may come before a DOCTYPE: whitespace, the XML declaration, PIs and comments.
_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_REFUSED = "DOCTYPE and ENTITY declarations are not allowed in returned files"


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers keep state and are not thread-safe. Comments and
    # PIs (Maxprograms' <?sid?>, editors' notes) go, so that their text never joins a unit's.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes, *, path: str) -> Element:
    """Parse an untrusted file; refuse DTDs, entities and XInclude; say where it is broken."""
    line = _doctype_line(decode_head(data))
    if line is not None:
        raise CatalogError(_REFUSED, path=path, line=line)
    try:
        root = etree.fromstring(data, _parser())
    except etree.ParseError as error:
        message = f"not well-formed XML: {error.msg}"
        raise CatalogError(message, path=path, line=error.lineno) from None
    # Belt and braces: a DOCTYPE beyond the sniffed head was parsed but never used.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise CatalogError(_REFUSED, path=path)
    for namespace in XINCLUDE_NAMESPACES:
        for found in root.iter(f"{{{namespace}}}*"):
            raise CatalogError(
                "XInclude is not allowed in returned files", path=path, line=found.sourceline
            )
    return root


def _doctype_line(head: str) -> int | None:
    position = 1 if head.startswith("\ufeff") else 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    rest = head[position:]
    start = position + len(rest) - len(rest.lstrip())
    if head.startswith("<!DOCTYPE", start):
        return head.count("\n", 0, start) + 1
    return None


def local_name(element: Element) -> str:
    """The tag without its namespace; empty for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(element: Element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    return tag[1:].partition("}")[0]


def element(tag: str, attrib: Mapping[str, str], nsmap: Mapping[str | None, str]) -> Element:
    """A new root element."""
    return etree.Element(tag, dict(attrib), nsmap=dict(nsmap))


def child(
    parent: Element, tag: str, attrib: Mapping[str, str] | None = None, text: str | None = None
) -> Element:
    """Append a child element, with its attributes in the order given."""
    # lxml sets a dict's attributes in its order, in one call (half the cost of one set each).
    new = etree.SubElement(parent, tag, dict(attrib) if attrib else None)
    if text:
        new.text = text
    return new


def append_text(parent: Element, text: str) -> None:
    """Add text after the last child of ``parent`` (or as its text if it has none)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def indent(root: Element, *, content: Iterable[str], step: str = "  ") -> None:
    """Indent the structure of a tree, never inside elements whose local name is in ``content``.

    ``etree.indent`` and ``pretty_print`` also indent inside mixed content that happens to
    start with an element (``<source><g>…</g></source>``), which would change the text.
    """
    keep = frozenset(content)

    def walk(node: Element, level: int) -> None:
        children = list(node)
        if not children or local_name(node) in keep:
            return
        node.text = "\n" + step * (level + 1)
        for item in children:
            item.tail = "\n" + step * (level + 1)
            walk(item, level + 1)
        children[-1].tail = "\n" + step * level

    walk(root, 0)


def serialize(root: Element) -> bytes:
    """UTF-8 with an XML declaration and a final newline; the same tree gives the same bytes."""
    body = etree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
