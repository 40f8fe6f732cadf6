"""XLIFF 1.2 for translator packages: ``write`` a Package as bytes, ``read`` returned bytes back.

``write`` gives one ``<file>`` with a ``<trans-unit>`` per unit: placeholders become ``<g>`` and
``<x>`` (``<bx>``/``<ex>`` when a fuzzy translation left them crossed), with the placeholder's
label as ``equiv-text``; notes are ``<note from="relay">``, locations a ``<context-group
purpose="location">``, the previous source of a changed unit an ``<alt-trans
alttranstype="previous-version" tool-id="relay">`` (its ``<target>``, required there, is the
translation made for that previous source), then memory's best matches each an ``<alt-trans
match-quality="87" origin="release#unit" tool-id="relay">`` (a proposal: whole percent, rounded
down; its ``<target state="final">`` when the translation was approved, ``signed-off`` when
revised). New units have no ``<target>``, which every CAT tool reads as "to translate"; fuzzy ones
``state="needs-review-translation"``.

relay's bookkeeping uses only standard XLIFF 1.2, because the strict schema refuses any
attribute or element from another namespace and tools keep standard markup as it is:

* the release slug and source fingerprint are header notes, ``<note from="relay">release:
  …</note>`` and ``<note from="relay">source-sha256: …</note>``;
* a unit's ``base`` is ``extradata``, the attribute XLIFF 1.2 reserves for the generating tool's
  own data, marked ``extype="x-relay-base"``;
* ``<tool tool-id="relay">`` in the header marks the file as relay's, so that code ids are read
  back as placeholder numbers.

``read`` takes any XLIFF 1.x document (relay's or another tool's) and gives a Package, or raises
:class:`CatalogError`; ``read_all`` gives one Package per ``<file>`` (``read`` refuses a document
with several). Segmentation (``<mrk mtype="seg">``) is joined, units marked ``translate="no"``
(by themselves or a ``<group>``: a CAT tool locked them) read and marked ``locked``, other tools'
codes numbered in order of first appearance in the source, and Trados
(``sdl:seg conf``) or memoQ (``mq:status``) statuses preferred to ``state`` when present (each
with its revision level: Trados ``ApprovedTranslation`` and memoQ ``Reviewer1Confirmed`` or
``Proofread`` are "revised", ``ApprovedSignOff`` and ``Reviewer2Confirmed`` "approved"; XLIFF's
own ``signed-off`` is "revised" and ``final`` "approved", which is how relay writes them), and
a Phrase segment not confirmed (``m:confirmed="0"``) is fuzzy. A target holding a tool's tracked
changes (``x-sdl-deleted``/``x-sdl-added`` and other insert/delete marks) is refused: the
translator accepts or rejects them first. An empty or missing segment of a segmented target
makes the unit fuzzy, with the reason. Notes not from relay are the translator's
(``queries``). Translated units are written ``approved="yes"``, which translate-toolkit needs
to read them as translated.
Any tool's matches are read as ``xliff_matches.alt_trans_offers`` says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from relay.core.errors import CatalogError
from relay.exchange.package import DONE as DONE_STATES
from relay.exchange.package import RANK, ExchangeUnit, Package, Placeholder, State
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
    Role,
    coded,
    ids_are_numbers,
    nodes,
    preserves_space,
)
from relay.exchange.xliff_matches import (
    TARGET_STATES,
    alt_trans_offers,
    contents,
    matches,
    whole_percent,
)
from relay.runtime import xml

NS = "urn:oasis:names:tc:xliff:document:1.2"
NAMESPACES = frozenset(f"urn:oasis:names:tc:xliff:document:1.{minor}" for minor in "012")
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
MEMOQ = "MQXliff"
PHRASE = "http://www.memsource.com/mxlf/2.0"
TOOL = "relay"
BASE_TYPE = "x-relay-base"
SPACE = f"{{{xml.XML_NS}}}space"

DATATYPES = {".html": "html", ".htm": "html", ".md": "x-markdown", ".markdown": "x-markdown"}
# relay's revision levels as XLIFF 1.2 states: "signed-off" (a reviser signed the translation
# off) is "revised", "final" is "approved". approved="yes" cannot say it: relay writes it on
# every translated unit, as translate-toolkit needs.
STATES = {
    "fuzzy": "needs-review-translation",
    "translated": "translated",
    "revised": "signed-off",
    "approved": "final",
}
LEVELS: dict[str, State] = {
    "translated": "translated",
    "signed-off": "revised",
    "final": "approved",
}
PAIR_CTYPES = {
    **dict.fromkeys(("link", "a"), "link"),
    **dict.fromkeys(("bold", "b", "strong", "strong emphasis"), "bold"),
    **dict.fromkeys(("emphasis", "em", "italics", "italic", "i"), "italic"),
    **dict.fromkeys(("underline", "u"), "underlined"),
}
EMPTY_CTYPES = {"line break": "lb", "br": "lb", "image": "image", "img": "image"}
CTYPE_LABELS = {"underlined": "underline", "lb": "line break", "pb": "page break"}
ROLES: dict[str, Role] = {
    "g": "pair",
    "bx": "open",
    "bpt": "open",
    "ex": "close",
    "ept": "close",
    "x": "empty",
    "ph": "empty",
    "it": "empty",
}
DONE = frozenset({"translated", "final", "signed-off"})
# Trados confirmation levels and memoQ statuses, each with the level it means.
SDL_DONE: dict[str, State] = {
    "Translated": "translated",
    "ApprovedTranslation": "revised",
    "ApprovedSignOff": "approved",
}
MEMOQ_DONE: dict[str, State] = {
    "ManuallyConfirmed": "translated",
    "Confirmed": "translated",
    "Proofread": "revised",
    "Reviewer1Confirmed": "revised",
    "Reviewer2Confirmed": "approved",
}


def _q(name: str, ns: str | None = NS) -> str:
    return f"{{{ns}}}{name}" if ns else name


# Writing


def write(package: Package) -> bytes:
    """Serialize a package as XLIFF 1.2 (UTF-8, deterministic, valid strict and transitional)."""
    root = xml.element(_q("xliff"), {"version": "1.2"}, {None: NS})
    try:
        file = xml.child(root, _q("file"), _file_attributes(package))
        header = xml.child(file, _q("header"))
        xml.child(header, _q("tool"), {"tool-id": TOOL, "tool-name": TOOL})
        bookkeeping = [("release", package.release), ("source-sha256", package.fingerprint)]
        steps = [("step", package.step), ("ticket", package.ticket)]
        for key, value in (*bookkeeping, *steps):
            if value is not None:
                xml.child(header, _q("note"), {"from": TOOL}, f"{key}: {value}")
        body = xml.child(file, _q("body"))
        for unit in package.units:
            _write_unit(body, unit)
    except ValueError as error:  # lxml refuses characters XML 1.0 cannot carry
        where = package.original or "package"
        raise CatalogError(f"cannot be written as XLIFF: {error}", path=where) from None
    xml.indent(root, content=("source", "target", "note", "context"))
    return xml.serialize(root)


def _file_attributes(package: Package) -> dict[str, str]:
    original = package.original or ""
    attributes = {"original": original}
    if package.source_lang is not None:
        attributes["source-language"] = package.source_lang
    if package.target_lang is not None:
        attributes["target-language"] = package.target_lang
    suffix = PurePosixPath(original.replace("\\", "/")).suffix.lower()
    attributes["datatype"] = DATATYPES.get(suffix, "plaintext")
    attributes["tool-id"] = TOOL
    return attributes


def _write_unit(body: xml.Element, unit: ExchangeUnit) -> None:
    attributes = {"id": unit.id, SPACE: "preserve"}
    if unit.state in DONE_STATES:
        # translate-toolkit (pocount, xliff2po, Pootle, Weblate) reads a unit without
        # approved="yes" as fuzzy, whatever its state says.
        attributes["approved"] = "yes"
    if unit.base is not None:
        attributes |= {"extradata": unit.base, "extype": BASE_TYPE}
    element = xml.child(body, _q("trans-unit"), attributes)
    _content(xml.child(element, _q("source")), unit.source, unit.placeholders)
    if unit.state != "new" or unit.target:
        state = STATES.get(unit.state, "needs-translation")
        _content(xml.child(element, _q("target"), {"state": state}), unit.target, unit.placeholders)
    for note in unit.notes:
        xml.child(element, _q("note"), {"from": TOOL}, note)
    for query in unit.queries:
        xml.child(element, _q("note"), {"from": "translator"}, query)
    for location in unit.locations:
        _location(element, location)
    if unit.previous is not None:
        kind = {"alttranstype": "previous-version"}
        _alternative(element, unit, kind, source=unit.previous, target=unit.target)
    for match in unit.matches:
        quality = {"match-quality": whole_percent(match.score), "origin": match.origin}
        said = TARGET_STATES.get(match.state)
        _alternative(element, unit, quality, source=match.source, target=match.target, state=said)


def _alternative(
    parent: xml.Element,
    unit: ExchangeUnit,
    attributes: dict[str, str],
    *,
    source: str,
    target: str,
    state: str | None = None,
) -> None:
    """An ``<alt-trans>`` from relay: source and target, with the unit's codes (and the
    target's state: how far a match's translation went)."""
    alternative = xml.child(parent, _q("alt-trans"), {**attributes, "tool-id": TOOL})
    _content(xml.child(alternative, _q("source")), source, unit.placeholders)
    said = {"state": state} if state else {}
    _content(xml.child(alternative, _q("target"), said), target, unit.placeholders)


def _location(unit: xml.Element, location: str) -> None:
    group = xml.child(unit, _q("context-group"), {"purpose": "location"})
    path, colon, line = location.rpartition(":")
    if not (colon and re.fullmatch(r"[0-9]+", line)):
        path, line = location, ""
    xml.child(group, _q("context"), {"context-type": "sourcefile"}, path)
    if line:
        xml.child(group, _q("context"), {"context-type": "linenumber"}, line)


def _content(parent: xml.Element, text: str, placeholders: tuple[Placeholder, ...]) -> None:
    _render(parent, nodes(text, placeholders))


def _render(parent: xml.Element, items: list[Node] | tuple[Node, ...]) -> None:
    for item in items:
        if isinstance(item, str):
            xml.append_text(parent, item)
            continue
        number = str(item.id)
        if isinstance(item, Pair):
            ctype = _ctype(item.label, PAIR_CTYPES)
            pair = xml.child(
                parent, _q("g"), {"id": number, "ctype": ctype, "equiv-text": item.label}
            )
            _render(pair, item.children)
        elif isinstance(item, Empty):
            ctype = _ctype(item.label, EMPTY_CTYPES)
            xml.child(parent, _q("x"), {"id": number, "ctype": ctype, "equiv-text": item.label})
        elif isinstance(item, Open):
            ctype = _ctype(item.label, PAIR_CTYPES)
            xml.child(parent, _q("bx"), {"id": number, "ctype": ctype, "equiv-text": item.label})
        elif isinstance(item, Close):
            xml.child(parent, _q("ex"), {"id": number})


def _ctype(label: str, known: dict[str, str]) -> str:
    """A ``ctype`` a CAT tool understands, else ``x-`` and the label as a token."""
    if label in known:
        return known[label]
    if label.startswith("“"):
        return "x-protected"  # protected text, shown in equiv-text
    return "x-" + (re.sub(r"[^0-9A-Za-z]+", "-", label).strip("-").lower() or "code")


# Reading


def read(data: bytes, *, path: str) -> Package:
    """Read a returned XLIFF 1.x file holding one ``<file>``."""
    packages = read_all(data, path=path)
    if len(packages) != 1:
        raise CatalogError(
            f"holds {len(packages)} <file> elements, a relay package one",
            path=path,
            hint="relay import reads each <file> as the release it names.",
        )
    return packages[0]


def read_all(data: bytes, *, path: str) -> list[Package]:
    """Read every ``<file>`` of an XLIFF 1.x document, one Package each."""
    root = xml.parse(data, path=path)
    ns = _document_namespace(root, path)
    files = [item for item in root if item.tag == _q("file", ns)]
    if not files:
        raise CatalogError("no <file> element", path=path, line=root.sourceline)
    return [_read_file(file, ns, path) for file in files]


def _document_namespace(root: xml.Element, path: str) -> str | None:
    ns = xml.namespace(root)
    name = xml.local_name(root)
    if name == "xliff" and ns in NAMESPACES:
        return ns
    if name == "xliff" and ns is None and (root.get("version") or "").startswith("1."):
        return None
    if name == "xliff" and ns and ns.startswith("urn:oasis:names:tc:xliff:document:2"):
        raise CatalogError("an XLIFF 2 document, not XLIFF 1.2", path=path, line=root.sourceline)
    raise CatalogError(
        f"not an XLIFF 1.2 document (root element <{name}>)", path=path, line=root.sourceline
    )


def _read_file(file: xml.Element, ns: str | None, path: str) -> Package:
    header = file.find(_q("header", ns))
    notes = [] if header is None else header.findall(_q("note", ns))
    bookkeeping: dict[str, str] = {}
    for note in notes:
        if note.get("from") == TOOL:
            key, _, value = "".join(note.itertext()).partition(": ")
            bookkeeping.setdefault(key, value)
    tools = [] if header is None else header.findall(_q("tool", ns))
    relay = any(tool.get("tool-id") == TOOL for tool in tools)
    body = file.find(_q("body", ns))
    if body is None:
        raise CatalogError("<file> has no <body>", path=path, line=file.sourceline)
    phases = _phases(header, ns)
    units = tuple(
        _read_unit(unit, ns, relay=relay, path=path, phases=phases, locked=locked)
        for unit, locked in _trans_units(body, ns)
    )
    return Package(
        release=bookkeeping.get("release"),
        original=file.get("original") or None,
        source_lang=file.get("source-language"),
        target_lang=file.get("target-language"),
        fingerprint=bookkeeping.get("source-sha256"),
        units=units,
        format="xliff",
        translator=_translator(header, ns),
        step=bookkeeping.get("step"),
        ticket=bookkeeping.get("ticket"),
    )


def _translator(header: xml.Element | None, ns: str | None) -> tuple[tuple[str, str], ...]:
    """Who translated, and when, from the header's last ``<phase>`` (contact, date), in the
    catalog header's terms (``Last-Translator``, ``PO-Revision-Date``)."""
    phases = [] if header is None else header.findall(f"{_q('phase-group', ns)}/{_q('phase', ns)}")
    if not phases:
        return ()
    phase = phases[-1]
    found: list[tuple[str, str]] = []
    who = _contact(phase)
    if who:
        found.append(("Last-Translator", who))
    moment = _moment(phase.get("date", ""))
    if moment is not None:
        found.append(("PO-Revision-Date", moment.strftime("%Y-%m-%d %H:%M%z")))
    return tuple(found)


def _contact(phase: xml.Element) -> str:
    name, email = phase.get("contact-name", "").strip(), phase.get("contact-email", "").strip()
    who = f"{name} <{email}>" if name and email else name or (f"<{email}>" if email else "")
    return " ".join(who.split())


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day(text: str) -> str:
    """A tool's time stamp as a day (``YYYY-MM-DD``, in UTC), or empty: ISO 8601 (memoQ, an
    XLIFF phase) or Trados's ``MM/DD/YYYY HH:MM:SS``.

    >>> _day("2017-01-18T02:29:31Z"), _day("08/10/2020 05:44:38"), _day("yesterday")
    ('2017-01-18', '2020-08-10', '')
    """
    moment = _moment(text)
    if moment is None:
        try:
            moment = dt.datetime.strptime(text.strip(), "%m/%d/%Y %H:%M:%S")
        except ValueError:
            return ""
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).date().isoformat()


def _phases(header: xml.Element | None, ns: str | None) -> dict[str, tuple[str, str]]:
    """The header's phases by name: who (contact) and when (date, as a day)."""
    found: dict[str, tuple[str, str]] = {}
    if header is None:
        return found
    for phase in header.iterfind(f"{_q('phase-group', ns)}/{_q('phase', ns)}"):
        name = phase.get("phase-name")
        if name:
            found[name] = (_contact(phase), _day(phase.get("date", "")))
    return found


def _changed_by(
    element: xml.Element, target: xml.Element | None, phases: dict[str, tuple[str, str]]
) -> tuple[str, str]:
    """Who changed a unit last and on which day, as its tool recorded it per unit: memoQ's
    ``mq:lastchanginguser``, Trados's ``last_modified_by`` (of its latest segment), or the
    contact of the ``<phase>`` its target (or the unit) names; empty when none says."""
    user = element.get(f"{{{MEMOQ}}}lastchanginguser")
    if user is not None:
        return " ".join(user.split()), _day(element.get(f"{{{MEMOQ}}}lastchangedtimestamp", ""))
    latest: tuple[str, str] | None = None  # (day, who) of the latest segment that names one
    for seg in element.iter(f"{{{SDL}}}seg"):
        values = {
            value.get("key"): "".join(value.itertext()) for value in seg.iter(f"{{{SDL}}}value")
        }
        who = " ".join(values.get("last_modified_by", values.get("created_by", "")).split())
        day = _day(values.get("modified_on", values.get("created_on", "")))
        if who and (latest is None or (day, who) > latest):
            latest = (day, who)
    if latest is not None:
        return latest[1], latest[0]
    name = (target.get("phase-name") if target is not None else None) or element.get("phase-name")
    return phases.get(name or "", ("", ""))


def _trans_units(
    parent: xml.Element, ns: str | None, translate: str = "yes"
) -> Iterator[tuple[xml.Element, bool]]:
    """Each ``<trans-unit>``, and whether it is marked ``translate="no"`` (or its group is):
    locked by a tool, and still read, since a translation in it is the translator's."""
    for item in parent:
        inherited = item.get("translate", translate)
        if item.tag == _q("group", ns):
            yield from _trans_units(item, ns, inherited)
        elif item.tag == _q("trans-unit", ns):
            yield item, inherited == "no"


def _read_unit(
    element: xml.Element,
    ns: str | None,
    *,
    relay: bool,
    path: str,
    phases: dict[str, tuple[str, str]] | None = None,
    locked: bool = False,
) -> ExchangeUnit:
    line = element.sourceline or 0
    unit_id = element.get("id")
    if unit_id is None:
        raise CatalogError("<trans-unit> without an id", path=path, line=line)
    source = element.find(_q("source", ns))
    if source is None:
        raise CatalogError(f"trans-unit {unit_id!r} has no <source>", path=path, line=line)
    target = element.find(_q("target", ns))
    previous = _previous(element, ns) if relay else None
    offers = alt_trans_offers(element, ns)
    classify = _classifier(ns)
    parts = (source, target, previous, *contents(offers))
    codes = Codes(numeric=relay and ids_are_numbers(parts, classify))

    def read(content: xml.Element) -> str:
        return _coded(content, classify, codes, in_source=False)

    # The source first: a foreign tool's codes are numbered in order of appearance there.
    source_text = _coded(source, classify, codes, in_source=True)
    target_text = "" if target is None else read(target)
    tracked = tracked_changes(target)
    segmented = element.find(_q("seg-source", ns))
    segments = source if segmented is None else segmented
    review = _unfinished_segments(segments, target, ns) if target_text else []
    state = _state(element, target, target_text)
    notes = element.findall(_q("note", ns))
    by, on = _changed_by(element, target, phases or {})
    return ExchangeUnit(
        id=unit_id,
        source=source_text,
        target=target_text,
        state="fuzzy" if review and state == "translated" else state,
        previous=None if previous is None else read(previous),
        notes=tuple("".join(note.itertext()) for note in notes if note.get("from") == TOOL),
        queries=tuple(
            text
            for note in notes
            if note.get("from") != TOOL and (text := "".join(note.itertext()).strip())
        ),
        problems=(tracked_problem(tracked),) if tracked else (),
        review=tuple(review),
        locations=_locations(element, ns),
        base=element.get("extradata") if element.get("extype") == BASE_TYPE else None,
        matches=matches(offers, read, source_text),
        placeholders=codes.placeholders(),
        line=line,
        by=by,
        on=on,
        locked=locked,
    )


def _unfinished_segments(
    source: xml.Element, target: xml.Element | None, ns: str | None
) -> list[str]:
    """Say which segments (``<mrk mtype="seg">``) of a target are empty or missing."""
    if target is None:
        return []

    def segments(content: xml.Element) -> dict[str, xml.Element]:
        found = content.iter(_q("mrk", ns))
        return {item.get("mid", ""): item for item in found if item.get("mtype") == "seg"}

    ours, theirs = segments(source), segments(target)
    if not ours and not theirs:
        return []
    total = max(len(ours), len(theirs))
    said = []
    for position, mid in enumerate(ours or theirs, start=1):
        segment = theirs.get(mid)
        if segment is None:
            said.append(f"segment {position} of {total} (mid {mid}) has no translation")
        elif not "".join(segment.itertext()).strip() and not len(segment):
            said.append(f"segment {position} of {total} (mid {mid}) is empty")
    return said


def _coded(content: xml.Element, classify: Classify, codes: Codes, *, in_source: bool) -> str:
    preserve = preserves_space(content)
    return coded(content, classify, codes, in_source=in_source, preserve=preserve)


def _previous(element: xml.Element, ns: str | None) -> xml.Element | None:
    for alternative in element.findall(_q("alt-trans", ns)):
        kind = alternative.get("alttranstype")
        if kind == "previous-version" and alternative.get("tool-id") == TOOL:
            return alternative.find(_q("source", ns))
    return None


def _state(element: xml.Element, target: xml.Element | None, text: str) -> State:
    """Tell relay's state from the tool's own status, ``approved``, then ``state``."""
    if target is None or not text:
        return "new"
    confs = [seg.get("conf") for seg in element.iter(f"{{{SDL}}}seg")]
    if confs:
        if not all(conf in SDL_DONE for conf in confs):
            return "fuzzy"
        return min((SDL_DONE[str(conf)] for conf in confs), key=RANK.__getitem__)
    status = element.get(f"{{{MEMOQ}}}status")
    if status is not None:
        return MEMOQ_DONE.get(status, "fuzzy")
    confirmed = element.get(f"{{{PHRASE}}}confirmed")  # Phrase (Memsource) MXLIFF
    if confirmed is not None and confirmed != "1":
        return "fuzzy"
    state = target.get("state")
    # new/needs-translation with text in the target, needs-* and unknown x- states: to review,
    # even where approved="yes" was left on the unit by a tool that did not clear it.
    if state is not None and state not in DONE:
        return "fuzzy"
    # a done state, approved="yes", or no state at all
    return LEVELS.get(state or "translated", "translated")


def _locations(element: xml.Element, ns: str | None) -> tuple[str, ...]:
    found = []
    for group in element.findall(_q("context-group", ns)):
        if "location" not in (group.get("purpose") or "").split():
            continue
        values = {
            context.get("context-type"): "".join(context.itertext())
            for context in group.findall(_q("context", ns))
        }
        if "sourcefile" in values or "linenumber" in values:
            line = values.get("linenumber")
            found.append(values.get("sourcefile", "") + (f":{line}" if line is not None else ""))
    return tuple(found)


def _classifier(ns: str | None) -> Classify:
    def classify(item: xml.Element) -> Inline:
        if xml.namespace(item) != ns:
            return Inline("text")
        name = xml.local_name(item)
        if name == "mrk":
            return Inline("segment" if item.get("mtype") == "seg" else "text")
        role = ROLES.get(name)
        if role is None:
            return Inline("text")
        if role in ("pair", "empty"):
            return Inline(role, item.get("id", ""), _label(item))
        key = item.get("rid") or item.get("id") or ""
        return Inline(role, key, _label(item) if role == "open" else "")

    return classify


def _label(item: xml.Element) -> str:
    """Name a foreign code: ``equiv-text``, else its ``ctype``, else its native code."""
    equivalent = item.get("equiv-text")
    if equivalent is not None:
        return equivalent
    ctype = item.get("ctype")
    if ctype:
        return CTYPE_LABELS.get(ctype, ctype.removeprefix("x-"))
    name = xml.local_name(item)
    if name not in ("bpt", "ph", "it"):
        return name
    # The native code, without the translatable text of its <sub> elements.
    native = (item.text or "") + "".join(sub.tail or "" for sub in item)
    return native.strip()[:40] or name
