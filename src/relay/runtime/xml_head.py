"""The start of an XML file as text, in the encoding it declares, to tell what it is.

Takes a file's bytes; gives its first 64 KB decoded as its byte-order mark or XML declaration
says (UTF-8 when neither does). Kept apart from :mod:`relay.runtime.xml` so that telling a
glossary's CSV from TBX (every check, publish and status reads the glossary) does not import
lxml, 10 ms of each such command.
"""

from __future__ import annotations

import codecs
import re

HEAD_LIMIT = 1 << 16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


def decode_head(data: bytes, limit: int = HEAD_LIMIT) -> str:
    """Decode the start of a file in the encoding it declares (BOM first), for sniffing."""
    head = data[:limit]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    # UTF-16 without a BOM still starts with "<?" (XML 1.0, appendix F).
    if head.startswith(b"<\x00?\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<\x00?"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode(_declared_encoding(head), errors="replace")


def _declared_encoding(head: bytes) -> str:
    match = _DECLARED.match(head)
    if match is None:
        return "utf-8"
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return "utf-8"
    # The declaration was readable as ASCII, so the bytes are not UTF-16 or UTF-32.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name
