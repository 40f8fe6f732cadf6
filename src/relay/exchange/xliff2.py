"""XLIFF 2.0 for translator packages: ``write`` a Package as bytes, ``read`` returned bytes back.

``write`` gives one ``<file id="f1">`` with a ``<unit>`` of one ``<segment>`` per unit: new units
are ``state="initial"`` without a target, fuzzy ones ``initial`` with a target and
``subState="relay:fuzzy"``, translated ones ``translated`` (``reviewed`` when revised, ``final``
when approved, and read back so). Placeholders become ``<pc>`` and
``<ph>`` whose ``dispStart``/``disp`` is the placeholder's label (``<sc>``/``<ec>`` when a fuzzy
translation left them crossed); there is no ``dataRef``, since relay rebuilds markup from its
own source. Notes for the translator are ``<note category="relay">``, locations ``<note
category="location">``, the previous source of a changed unit ``<note
category="previous-source">``: all three are for people, and every tool shows notes. Memory's
best matches use the Translation Candidates module: ``<mtc:matches>`` holds an ``<mtc:match
ref="#s1" matchQuality="87.5" origin="release#unit">`` each (one decimal, rounded down), its
``ref`` the unit's segment, as the module requires (``<segment id="s1">``), with ``type="tm"
subType="relay:approved"`` (or ``relay:revised``) when the translation went that far.

relay's bookkeeping is machine data, so it goes where XLIFF 2 puts tool metadata, the standard
Metadata module (``mda:``), which tools must keep and the 2.0 schemas validate:
``<mda:metaGroup category="relay">`` holds ``generator``, ``release`` and ``source-sha256`` on
the file (its presence marks the file as relay's, so code ids are read back as placeholder
numbers) and ``base`` on a unit.

``read`` takes any XLIFF 2.x document and gives a Package, or raises :class:`CatalogError`;
``read_all`` gives one Package per ``<file>`` (``read`` refuses a document with several).
Segments and ignorables are joined in target ``order``, units marked ``translate="no"`` (by
themselves or a ``<group>``: a CAT tool locked them) read and marked ``locked``, ``<mrk>`` is
transparent, ``<sm>``/``<em>`` dropped, ``<cp>`` read as its character. Any tool's matches are
read as ``xliff_matches.mtc_offers`` says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from relay.core.errors import CatalogError
from relay.exchange.package import RANK, ExchangeUnit, Package, State
from relay.exchange.returned import tracked_changes, tracked_problem
from relay.exchange.xliff_codes import (
    Classify,
    Close,
    Codes,
    Empty,
    Inline,
    Node,
    Open,
    Pair,
    coded,
    ids_are_numbers,
    nodes,
    preserves_space,
)
from relay.exchange.xliff_matches import MTC, SUB_TYPES, contents, matches, mtc_offers, tenths
from relay.runtime import xml

NS = "urn:oasis:names:tc:xliff:document:2.0"
PREFIX = "urn:oasis:names:tc:xliff:document:2."
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
SEGMENT = "s1"
CATEGORY = "relay"
FUZZY = "relay:fuzzy"
SPACE = f"{{{xml.XML_NS}}}space"
DONE = frozenset({"translated", "reviewed", "final"})
# relay's levels as XLIFF 2.0 segment states, and back.
STATES = {"translated": "translated", "revised": "reviewed", "approved": "final"}
LEVELS: dict[str, State] = {"translated": "translated", "reviewed": "revised", "final": "approved"}

PAIR_TYPES = {
    **dict.fromkeys(("link", "a"), ("link", None)),
    **dict.fromkeys(("bold", "b", "strong", "strong emphasis"), ("fmt", "xlf:b")),
    **dict.fromkeys(("emphasis", "em", "italics", "italic", "i"), ("fmt", "xlf:i")),
    **dict.fromkeys(("underline", "u"), ("fmt", "xlf:u")),
}
EMPTY_TYPES = {
    **dict.fromkeys(("line break", "br"), ("fmt", "xlf:lb")),
    **dict.fromkeys(("image", "img"), ("image", None)),
}


def _q(name: str, ns: str = NS) -> str:
    return f"{{{ns}}}{name}"


# Writing


def write(package: Package) -> bytes:
    """Serialize a package as XLIFF 2.0 (UTF-8, deterministic, valid core + metadata + matches)."""
    attributes = {"version": "2.0"}
    if package.source_lang is not None:
        attributes["srcLang"] = package.source_lang
    if package.target_lang is not None:
        attributes["trgLang"] = package.target_lang
    root = xml.element(_q("xliff"), attributes, {None: NS, "mda": MDA, "mtc": MTC})
    try:
        file = xml.child(root, _q("file"), {"id": "f1"})
        if package.original is not None:
            file.set("original", package.original)
        file.set(SPACE, "preserve")
        bookkeeping = {"release": package.release, "source-sha256": package.fingerprint}
        steps = {"step": package.step, "ticket": package.ticket}
        _metadata(file, {"generator": "relay", **bookkeeping, **steps})
        for unit in package.units:
            _write_unit(file, unit)
    except ValueError as error:  # lxml refuses characters XML 1.0 cannot carry
        where = package.original or "package"
        raise CatalogError(f"cannot be written as XLIFF: {error}", path=where) from None
    xml.indent(root, content=("source", "target", "note", "meta"))
    return xml.serialize(root)


def _metadata(parent: xml.Element, values: dict[str, str | None]) -> None:
    metadata = xml.child(parent, _q("metadata", MDA))
    group = xml.child(metadata, _q("metaGroup", MDA), {"category": CATEGORY})
    for kind, value in values.items():
        if value is not None:
            xml.child(group, _q("meta", MDA), {"type": kind}, value)


def _write_unit(file: xml.Element, unit: ExchangeUnit) -> None:
    element = xml.child(file, _q("unit"), {"id": unit.id})
    if unit.base is not None:
        _metadata(element, {"base": unit.base})
    if unit.matches:
        _matches(element, unit)
    notes = [
        *((CATEGORY, note) for note in unit.notes),
        *(("location", location) for location in unit.locations),
        *([] if unit.previous is None else [("previous-source", unit.previous)]),
        *(("translator", query) for query in unit.queries),
    ]
    if notes:
        container = xml.child(element, _q("notes"))
        for category, text in notes:
            xml.child(container, _q("note"), {"category": category}, text)
    state = {"state": STATES.get(unit.state, "initial")}
    if unit.state == "fuzzy":
        state["subState"] = FUZZY
    # Only a segment that matches refer to gets an id: translate-toolkit (Weblate, Pootle) appends
    # a segment's id to its unit's, so every other unit keeps relay's id in those tools.
    identity = {"id": SEGMENT} if unit.matches else {}
    segment = xml.child(element, _q("segment"), {**identity, **state})
    _render(xml.child(segment, _q("source")), nodes(unit.source, unit.placeholders))
    if unit.state != "new" or unit.target:
        _render(xml.child(segment, _q("target")), nodes(unit.target, unit.placeholders))


def _matches(element: xml.Element, unit: ExchangeUnit) -> None:
    container = xml.child(element, _q("matches", MTC))
    for match in unit.matches:
        quality = {"matchQuality": tenths(match.score), "origin": match.origin}
        if match.state in SUB_TYPES:  # how far its translation went: revised, approved
            quality |= {"type": "tm", "subType": SUB_TYPES[match.state]}
        offered = xml.child(container, _q("match", MTC), {"ref": f"#{SEGMENT}", **quality})
        _render(xml.child(offered, _q("source")), nodes(match.source, unit.placeholders))
        _render(xml.child(offered, _q("target")), nodes(match.target, unit.placeholders))


def _render(parent: xml.Element, items: list[Node] | tuple[Node, ...]) -> None:
    isolated = _isolated(items)
    for index, item in enumerate(items):
        if isinstance(item, str):
            xml.append_text(parent, item)
            continue
        number = str(item.id)
        if isinstance(item, Pair):
            attributes = {"id": number, "dispStart": item.label, "dispEnd": f"/{item.label}"}
            pair = xml.child(parent, _q("pc"), attributes | _types(item.label, PAIR_TYPES, "fmt"))
            _render(pair, item.children)
        elif isinstance(item, Empty):
            attributes = {"id": number, "disp": item.label} | _types(
                item.label, EMPTY_TYPES, "other"
            )
            xml.child(parent, _q("ph"), attributes)
        elif isinstance(item, Open):
            attributes = {"id": number, "disp": item.label} | _types(item.label, PAIR_TYPES, "fmt")
            if index in isolated:
                attributes["isolated"] = "yes"
            xml.child(parent, _q("sc"), attributes)
        elif isinstance(item, Close):
            if index in isolated:
                xml.child(parent, _q("ec"), {"id": number, "isolated": "yes"})
            else:
                xml.child(parent, _q("ec"), {"startRef": number})


def _isolated(items: list[Node] | tuple[Node, ...]) -> set[int]:
    """Positions of the ``<sc>`` and ``<ec>`` that have no partner in the same content."""
    waiting: dict[int, list[int]] = {}
    alone: set[int] = set()
    for index, item in enumerate(items):
        if isinstance(item, Open):
            waiting.setdefault(item.id, []).append(index)
        elif isinstance(item, Close):
            if waiting.get(item.id):
                waiting[item.id].pop()
            else:
                alone.add(index)
    for positions in waiting.values():
        alone.update(positions)
    return alone


def _types(label: str, known: dict[str, tuple[str, str | None]], default: str) -> dict[str, str]:
    """``type`` and ``subType`` for a label, so that tools can style the code."""
    kind, sub = known.get(label, (default, None))
    return {"type": kind} if sub is None else {"type": kind, "subType": sub}


# Reading


def read(data: bytes, *, path: str) -> Package:
    """Read a returned XLIFF 2.x file holding one ``<file>``."""
    packages = read_all(data, path=path)
    if len(packages) != 1:
        raise CatalogError(
            f"holds {len(packages)} <file> elements, a relay package one",
            path=path,
            hint="relay import reads each <file> as the release it names.",
        )
    return packages[0]


def read_all(data: bytes, *, path: str) -> list[Package]:
    """Read every ``<file>`` of an XLIFF 2.x document, one Package each."""
    root = xml.parse(data, path=path)
    ns = xml.namespace(root) or ""
    if xml.local_name(root) != "xliff" or not ns.startswith(PREFIX):
        found = "XLIFF 1.x" if ns.startswith("urn:oasis:names:tc:xliff:document:1") else None
        what = found or f"root element <{xml.local_name(root)}>"
        raise CatalogError(f"not an XLIFF 2 document ({what})", path=path, line=root.sourceline)
    files = [item for item in root if item.tag == _q("file", ns)]
    if not files:
        raise CatalogError("no <file> element", path=path, line=root.sourceline)
    return [_read_file(root, file, ns, path) for file in files]


def _read_file(root: xml.Element, file: xml.Element, ns: str, path: str) -> Package:
    bookkeeping = _relay_metadata(file)
    relay = bookkeeping is not None
    values = bookkeeping or {}
    units = tuple(
        _read_unit(unit, ns, relay=relay, path=path, locked=locked)
        for unit, locked in _units(file, ns, file.get("translate", "yes"))
    )
    return Package(
        release=values.get("release"),
        original=file.get("original") or None,
        source_lang=root.get("srcLang"),
        target_lang=root.get("trgLang"),
        fingerprint=values.get("source-sha256"),
        units=units,
        format="xliff2",
        step=values.get("step"),
        ticket=values.get("ticket"),
    )


def _relay_metadata(element: xml.Element) -> dict[str, str] | None:
    for group in element.iterfind(f"{_q('metadata', MDA)}/{_q('metaGroup', MDA)}"):
        if group.get("category") == CATEGORY:
            metas = group.findall(_q("meta", MDA))
            return {meta.get("type", ""): "".join(meta.itertext()) for meta in reversed(metas)}
    return None


def _units(parent: xml.Element, ns: str, translate: str) -> Iterator[tuple[xml.Element, bool]]:
    """Each ``<unit>``, and whether it is marked ``translate="no"`` (or its group or file is):
    locked by a tool, and still read, since a translation in it is the translator's."""
    for item in parent:
        inherited = item.get("translate", translate)
        if item.tag == _q("group", ns):
            yield from _units(item, ns, inherited)
        elif item.tag == _q("unit", ns):
            yield item, inherited == "no"


@dataclass(frozen=True)
class _Part:
    """A ``<segment>`` or an ``<ignorable>``: the unit's text is theirs, joined."""

    segment: bool
    state: str
    source: xml.Element
    target: xml.Element | None


def _read_unit(
    element: xml.Element, ns: str, *, relay: bool, path: str, locked: bool = False
) -> ExchangeUnit:
    line = element.sourceline or 0
    unit_id = element.get("id")
    if unit_id is None:
        raise CatalogError("<unit> without an id", path=path, line=line)
    parts = _parts(element, ns)
    if parts is None:
        raise CatalogError(f"unit {unit_id!r} has a segment without <source>", path=path, line=line)
    offers = mtc_offers(element, ns)
    classify = _classifier(ns, _original_data(element, ns))
    found = [content for part in parts for content in (part.source, part.target)]
    codes = Codes(numeric=relay and ids_are_numbers([*found, *contents(offers)], classify))
    source = "".join(_coded(part.source, classify, codes, True) for part in parts)
    target = _target(parts, classify, codes)
    notes, locations, previous, queries = _notes(element, ns)
    tracked = sorted({mark for part in parts for mark in tracked_changes(part.target)})
    return ExchangeUnit(
        id=unit_id,
        source=source,
        target=target,
        state=_state(parts, target),
        previous=previous,
        notes=notes,
        queries=queries,
        problems=(tracked_problem(tracked),) if tracked else (),
        review=tuple(_unfinished(parts, classify, codes)) if target else (),
        locations=locations,
        base=(_relay_metadata(element) or {}).get("base"),
        matches=matches(offers, lambda item: _coded(item, classify, codes, False), source),
        placeholders=codes.placeholders(),
        line=line,
        locked=locked,
    )


def _parts(element: xml.Element, ns: str) -> list[_Part] | None:
    parts = []
    for item in element:
        if item.tag not in (_q("segment", ns), _q("ignorable", ns)):
            continue
        source = item.find(_q("source", ns))
        if source is None:
            return None
        segment = item.tag == _q("segment", ns)
        state = item.get("state", "initial")
        parts.append(_Part(segment, state, source, item.find(_q("target", ns))))
    return parts or None


def _target(parts: list[_Part], classify: Classify, codes: Codes) -> str:
    """Join the targets in their ``order``; an ignorable without one keeps its source."""
    if all(part.target is None for part in parts if part.segment):
        return ""
    placed: list[tuple[int, int, str]] = []
    for index, part in enumerate(parts, start=1):
        if part.target is not None:
            text = _coded(part.target, classify, codes, False)
            placed.append((_order(part.target, index), index, text))
        elif not part.segment:
            placed.append((index, index, _coded(part.source, classify, codes, False)))
    return "".join(text for _, _, text in sorted(placed))


def _coded(content: xml.Element, classify: Classify, codes: Codes, in_source: bool) -> str:
    preserve = preserves_space(content)
    return coded(content, classify, codes, in_source=in_source, preserve=preserve)


def _order(target: xml.Element, index: int) -> int:
    try:
        return int(target.get("order") or index)
    except ValueError:
        return index


def _state(parts: list[_Part], text: str) -> State:
    if not text:
        return "new"
    segments = [part for part in parts if part.segment]
    done = all(part.target is not None and part.state in DONE for part in segments)
    if not done:
        return "fuzzy"
    levels = [LEVELS[part.state] for part in segments]
    return min(levels, key=RANK.__getitem__, default="translated")


def _unfinished(parts: list[_Part], classify: Classify, codes: Codes) -> list[str]:
    """Say which segments are empty, untranslated or not yet done."""
    segments = [part for part in parts if part.segment]
    said = []
    for position, part in enumerate(segments, start=1):
        where = f"segment {position} of {len(segments)}"
        if part.target is None:
            said.append(f"{where} has no translation")
        elif not _coded(part.target, classify, Codes(numeric=codes.numeric), False).strip():
            said.append(f"{where} is empty")
        elif part.state not in DONE and any(other.state in DONE for other in segments):
            # Half done: say which part (when none is done, the unit's state says it all)
            said.append(f"{where} is {part.state}")
    return said


def _notes(
    element: xml.Element, ns: str
) -> tuple[tuple[str, ...], tuple[str, ...], str | None, tuple[str, ...]]:
    notes: list[str] = []
    locations: list[str] = []
    previous: list[str] = []
    queries: list[str] = []
    for note in element.iterfind(f"{_q('notes', ns)}/{_q('note', ns)}"):
        text = "".join(note.itertext())
        category = note.get("category")
        if category == "location":
            locations.append(text)
        elif category == "previous-source":
            previous.append(text)
        elif category == CATEGORY:
            notes.append(text)
        elif text.strip():  # a translator's, a reviewer's or another tool's note
            queries.append(text.strip())
    return tuple(notes), tuple(locations), previous[0] if previous else None, tuple(queries)


def _original_data(element: xml.Element, ns: str) -> dict[str, str]:
    found = element.iterfind(f"{_q('originalData', ns)}/{_q('data', ns)}")
    return {data.get("id", ""): "".join(data.itertext()) for data in found}


def _classifier(ns: str, data: dict[str, str]) -> Classify:
    def classify(item: xml.Element) -> Inline:
        if xml.namespace(item) != ns:
            return Inline("text")
        name = xml.local_name(item)
        if name == "pc":
            return Inline("pair", item.get("id", ""), _label(item, "Start", data))
        if name in ("ph", "sc"):
            return Inline(
                "empty" if name == "ph" else "open", item.get("id", ""), _label(item, "", data)
            )
        if name == "ec":
            return Inline("close", item.get("startRef") or item.get("id") or "")
        if name in ("sm", "em"):
            return Inline("skip")
        if name == "cp":
            return Inline("char", label=_character(item.get("hex")))
        return Inline("text")

    return classify


def _label(item: xml.Element, suffix: str, data: dict[str, str]) -> str:
    """Name a code: relay's ``disp``, else a foreign tool's ``equiv``, data, or type."""
    shown = item.get(f"disp{suffix}")
    if shown is not None:
        return shown
    for value in (item.get(f"equiv{suffix}"), data.get(item.get(f"dataRef{suffix}") or "")):
        if value:
            return value.strip()[:40] or value[:40]
    return item.get("subType") or item.get("type") or xml.local_name(item)


def _character(value: str | None) -> str:
    try:
        code = int(value or "", 16)
        # A surrogate is no character: no catalog (UTF-8) can hold one.
        return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"
