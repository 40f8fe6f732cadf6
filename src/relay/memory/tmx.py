"""TMX 1.4b: translation memory as CAT tools exchange it; ``read`` and ``write``.

``write`` takes records and gives a TMX document: one ``<tu>`` per distinct translation, its
``tuid`` the origin and unit (``release#unit``), its date the release date, its role a
``<prop type="x-relay-role">``, and how far the translation went, when it was revised or
approved, a ``<prop type="x-relay-state">`` (read back from any file that has one);
placeholders travel as ``<bpt>``/``<ept>``/``<ph>`` holding the ``<1>``/``</1>``/``<2/>`` a
translator sees. ``read`` takes the bytes of a TMX file from any
tool and gives records in the project's languages, each marked with the file it came from.

A TMX file is untrusted input: it is parsed by :func:`relay.runtime.xml.parse`, which refuses
DTDs, entities and XInclude. Many tools write a bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``;
a declaration with only an external identifier can declare nothing while the DTD is never
loaded, so that one is blanked out before parsing; any other (an internal subset, where
entities live) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from relay import __version__
from relay.core.errors import CatalogError
from relay.core.placeholders import Tag, tokenize
from relay.memory.records import Record
from relay.runtime import xml

ROLE_PROP = "x-relay-role"
STATE_PROP = "x-relay-state"
_STATES = ("revised", "approved")
TOOL = "relay"
_XML_LANG = f"{{{xml.XML_NS}}}lang"
_SPACES = re.compile(r"[ \t\r\n]+")
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T\d{6}Z$")
_OUR_CODE = re.compile(r"^</?[1-9][0-9]{0,3}/?>$")
_LITERAL = rb"(?:\"[^\"<>\[\]]*\"|'[^'<>\[\]]*')"
_EXTERNAL_DOCTYPE = re.compile(
    rb"\A((?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*)"
    rb"(<!DOCTYPE\s+tmx\s+(?:SYSTEM\s+" + _LITERAL + rb"|PUBLIC\s+" + _LITERAL + rb"\s+"
    rb"" + _LITERAL + rb")\s*>)",
    re.S,
)


@dataclass
class TmxContent:
    """What a TMX file held for the project: records, and units it could not use."""

    records: list[Record] = field(default_factory=list)
    units: int = 0
    skipped: int = 0


def write(records: Iterable[Record], *, source_lang: str) -> bytes:
    """Write records as a TMX 1.4b document (no clock involved: same records, same bytes)."""
    root = xml.element("tmx", {"version": "1.4"}, {})
    xml.child(
        root,
        "header",
        {
            "creationtool": TOOL,
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": source_lang,
            "o-tmf": TOOL,
        },
    )
    body = xml.child(root, "body")
    for record in records:
        attributes = {"tuid": f"{record.origin}#{record.unit}"}
        if record.date:
            attributes["changedate"] = record.date.replace("-", "") + "T000000Z"
        unit = xml.child(body, "tu", attributes)
        if record.role:
            xml.child(unit, "prop", {"type": ROLE_PROP}, record.role)
        if record.state:
            xml.child(unit, "prop", {"type": STATE_PROP}, record.state)
        for lang, text in ((source_lang, record.source), (record.lang, record.target)):
            variant = xml.child(unit, "tuv", {_XML_LANG: lang})
            _segment(xml.child(variant, "seg"), text)
    xml.indent(root, content=("seg", "prop"))
    return xml.serialize(root)


def _segment(seg: xml.Element, coded: str) -> None:
    tokens = tokenize(coded)
    tags = [token for token in tokens if isinstance(token, Tag)]
    opened = {tag.id for tag in tags if tag.kind == "open"}
    closed = {tag.id for tag in tags if tag.kind == "close"}
    for token in tokens:
        if isinstance(token, str):
            xml.append_text(seg, token)
        elif token.kind == "empty":
            xml.child(seg, "ph", {"x": str(token.id)}, str(token))
        elif token.id in opened and token.id in closed:
            name = "bpt" if token.kind == "open" else "ept"
            attributes = {"i": str(token.id)}
            if token.kind == "open":
                attributes["x"] = str(token.id)
            xml.child(seg, name, attributes, str(token))
        else:
            xml.child(seg, "ph", {}, str(token))


def read(
    data: bytes,
    *,
    path: str,
    origin: str,
    source_lang: str,
    target_langs: Sequence[str],
) -> TmxContent:
    """Read a TMX file's units into records for the project's source and target languages.

    A unit is used when it has a segment in the source language and one in a target language
    (``fr-FR`` stands for ``fr``); its date is its change date (else its creation date, else
    the file's), which places it among the releases when memories conflict.
    """
    root = xml.parse(_blank_external_doctype(data), path=path)
    if xml.local_name(root) != "tmx":
        raise CatalogError("not a TMX file (its root element is not <tmx>)", path=path)
    header = _first(root, "header")
    body = _first(root, "body")
    if body is None:
        raise CatalogError("not a TMX file (it has no <body>)", path=path)
    file_date = _date(header.get("creationdate", "")) if header is not None else ""
    content = TmxContent()
    for position, unit in enumerate(_children(body, "tu"), start=1):
        content.units += 1
        segments = _segments(unit)
        source = _in(segments, source_lang)
        date = _date(unit.get("changedate") or unit.get("creationdate") or "") or file_date
        name = unit.get("tuid") or f"tu{position}"
        props: dict[str, str] = {}
        for prop in _children(unit, "prop"):  # the first of each type
            props.setdefault(prop.get("type") or "", prop.text or "")
        role = props.get(ROLE_PROP, "")
        state = props.get(STATE_PROP, "").strip()
        found = [
            Record(
                source, target, lang, role, origin, name, date, state if state in _STATES else ""
            )
            for lang in target_langs
            if source and (target := _in(segments, lang))
        ]
        content.records.extend(found)
        content.skipped += not found
    return content


def _segments(unit: xml.Element) -> list[tuple[str, str]]:
    """Give a unit's segments as (language, coded text), in document order."""
    found = []
    for variant in _children(unit, "tuv"):
        lang = variant.get(_XML_LANG) or variant.get("lang") or ""
        seg = _first(variant, "seg")
        if seg is not None and lang:
            found.append((lang, _fold(_text(seg))))
    return found


def _in(segments: list[tuple[str, str]], project_lang: str) -> str:
    """Give the first non-empty segment in a project language (exact tag first)."""
    exact = [text for lang, text in segments if text and lang.lower() == project_lang.lower()]
    close = [text for lang, text in segments if text and _matches(lang, project_lang)]
    return (exact or close or [""])[0]


def _matches(tmx_lang: str, project_lang: str) -> bool:
    """Say whether a TMX language tag stands for a project language (``fr-FR`` for ``fr``).

    >>> _matches("FR_fr", "fr"), _matches("pt-PT", "pt-BR"), _matches("en", "en-GB")
    (True, False, False)
    """
    given = tmx_lang.replace("_", "-").lower()
    wanted = project_lang.replace("_", "-").lower()
    return given == wanted or ("-" not in wanted and given.split("-")[0] == wanted)


def _text(seg: xml.Element) -> str:
    """Give a segment as coded text: inline codes become relay's numbered placeholders."""
    parts = [seg.text or ""]
    for item in seg:
        name = xml.local_name(item)
        inner = "".join(item.itertext())
        if name in {"bpt", "ept", "ph", "it"}:
            number = item.get("i") or item.get("x") or "0"
            if _OUR_CODE.match(inner):
                parts.append(inner)
            elif name == "bpt":
                parts.append(f"<{number}>")
            elif name == "ept":
                parts.append(f"</{number}>")
            elif number.isdigit() and number != "0":
                parts.append(f"<{number}/>")
        elif name == "hi":
            parts.append(_text(item))
        parts.append(item.tail or "")
    return "".join(parts)


def _fold(text: str) -> str:
    """Fold whitespace runs as relay's units do (no-break spaces are kept)."""
    return _SPACES.sub(" ", text).strip(" ")


def _date(value: str) -> str:
    """Read a TMX date (``20140312T101500Z``) as an ISO date; empty when there is none.

    >>> _date("20140312T101500Z"), _date("soon")
    ('2014-03-12', '')
    """
    match = _TMX_DATE.match(value.strip())
    return "-".join(match.groups()) if match else ""


def _children(parent: xml.Element, name: str) -> list[xml.Element]:
    return [item for item in parent if xml.local_name(item) == name]


def _first(parent: xml.Element, name: str) -> xml.Element | None:
    found = _children(parent, name)
    return found[0] if found else None


def _blank_external_doctype(data: bytes) -> bytes:
    """Blank out a DOCTYPE that only names an external DTD (never loaded), keeping lines."""
    match = _EXTERNAL_DOCTYPE.match(data)
    if match is None:
        return data
    declaration = match.group(2)
    blank = bytes(byte if byte in b"\r\n" else 0x20 for byte in declaration)
    return data[: match.start(2)] + blank + data[match.end(2) :]
