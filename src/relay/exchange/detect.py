"""Tell a returned file's exchange format from its content, not from its name.

Takes the file's bytes; gives ``"po"``, ``"xliff"`` (XLIFF 1.x) or ``"xliff2"``, or raises
:class:`CatalogError`. The start of the file is decoded as XML requires (BOM, then the encoding
declaration) and the root start tag read from it: its namespace, or failing that its
``version``, tells the XLIFF version. Only a file whose root lies beyond that start is parsed
(safely, with :func:`relay.runtime.xml.parse`).

>>> detect(b'msgid ""\\nmsgstr ""\\n')
'po'
>>> detect(b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"/>')
'xliff2'
"""

from __future__ import annotations

import re
from typing import Literal

from relay.core.errors import CatalogError
from relay.runtime import xml

Format = Literal["po", "xliff", "xliff2"]

_SKIPPED = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)", re.S)
_START = re.compile(
    r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
)
_ATTRIBUTE = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_PO = re.compile(r'^[ \t]*(?:msgctxt|msgid)[ \t]+"', re.M)
XLIFF1 = "urn:oasis:names:tc:xliff:document:1."
XLIFF2 = "urn:oasis:names:tc:xliff:document:2."


def detect(data: bytes, *, path: str = "<returned file>") -> Format:
    """Give the exchange format of a returned file."""
    head = xml.decode_head(data).lstrip("\ufeff")
    if head.lstrip().startswith("<"):
        root = _root(head)
        if root is None:
            parsed = xml.parse(data, path=path)
            # A parsed element's tag is a str (only a tag set by hand may be something else).
            root = (str(parsed.tag), dict(parsed.attrib), {"": xml.namespace(parsed) or ""})
        return _xliff_version(*root, path=path)
    if _PO.search(head):
        return "po"
    raise CatalogError("not a PO or XLIFF file", path=path)


def _root(head: str) -> tuple[str, dict[str, str], dict[str, str]] | None:
    """The root start tag as name, attributes and namespace declarations, if in ``head``."""
    position = 0
    while match := _SKIPPED.match(head, position):
        position = match.end()
    match = _START.match(head, position + len(head[position:]) - len(head[position:].lstrip()))
    if match is None:
        return None
    found = _ATTRIBUTE.findall(match.group(2))
    attributes = {name: double or single for name, double, single in found}
    prefix, colon, _ = match.group(1).rpartition(":")
    declared = attributes.get(f"xmlns:{prefix}" if colon else "xmlns", "")
    return match.group(1), attributes, {"": declared}


def _xliff_version(
    tag: str, attributes: dict[str, str], namespaces: dict[str, str], *, path: str
) -> Format:
    local = tag.rpartition("}")[2].rpartition(":")[2]
    namespace = namespaces[""]
    version = attributes.get("version", "")
    if local == "xliff":
        if namespace.startswith(XLIFF2) or (not namespace and version.startswith("2")):
            return "xliff2"
        if namespace.startswith(XLIFF1) or (not namespace and version.startswith("1")):
            return "xliff"
    raise CatalogError(f"not a PO or XLIFF file (root element <{local}>)", path=path)
