"""PO files, through translate-toolkit: read into a :class:`relay.catalog.Catalog`, write back.

Takes bytes (any encoding the file declares) or a catalog; gives the other. translate-toolkit
wraps lines exactly as GNU gettext does, so a catalog relay writes is byte-identical after
``msgcat``, and Poedit or Weblate re-saves cause no diff churn.
"""

from __future__ import annotations

import re

from translate.storage import pypo

from relay.catalog import Catalog, Entry
from relay.errors import CatalogError
from relay.powrap import GettextPoFile

_FLAG_SPLIT = re.compile(r"[,\s]+")
# A unit's identity travels in an extracted comment: every PO tool keeps those as they are.
ID_NOTE = "id: "


def read_po(data: bytes, *, path: str) -> Catalog:
    """Parse a PO file; a file that is not valid PO raises :class:`CatalogError`."""
    data = _from_utf16(data, path)
    store = pypo.pofile()
    try:
        store.parse(data)
    except Exception as error:  # translate-toolkit raises bare ValueErrors and worse
        raise CatalogError(f"not a readable PO file: {error}", path=path) from None
    header: dict[str, str] = {}
    entries: list[Entry] = []
    for unit in store.units:
        if unit.isheader():
            header = _header(unit.target or "")
            continue
        entries.append(_entry(unit))
    return Catalog(header, entries)


def _from_utf16(data: bytes, path: str) -> bytes:
    """Re-encode a UTF-16 file (told by its byte-order mark) as UTF-8, which PO parsers read.

    GNU gettext itself refuses UTF-16, but Windows tools write it; its header's charset, if
    any, is made to say what the bytes now are.
    """
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise CatalogError(f"not valid UTF-16 (byte {error.start})", path=path) from None
    text = re.sub(r"charset=[A-Za-z0-9_.:-]+", "charset=UTF-8", text, count=1)
    return text.encode("utf-8")


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            fields[key.strip()] = value.strip()
    return fields


def _entry(unit: pypo.pounit) -> Entry:
    flags = []
    for comment in unit.typecomments:
        flags.extend(flag for flag in _FLAG_SPLIT.split(comment[2:].strip()) if flag)
    previous = unit.prev_source or None
    notes = _lines(unit.getnotes("developer"))
    ids = [note[len(ID_NOTE) :].strip() for note in notes if note.startswith(ID_NOTE)]
    return Entry(
        msgid=str(unit.source),
        msgstr=str(unit.target or ""),
        context=unit.getcontext() or None,
        fuzzy=unit.isfuzzy(),
        previous=str(previous) if previous else None,
        notes=tuple(note for note in notes if not note.startswith(ID_NOTE)),
        locations=tuple(unit.getlocations()),
        comments=tuple(_lines(unit.getnotes("translator"))),
        flags=tuple(flag for flag in flags if flag != "fuzzy"),
        obsolete=unit.isobsolete(),
        id=ids[0] if ids else None,
    )


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def write_po(catalog: Catalog) -> bytes:
    """Serialize a catalog as UTF-8 PO, wrapped as GNU gettext wraps."""
    store = GettextPoFile()
    store.units = []
    header = store.UnitClass("", wrapper=store.wrapper)
    header.target = "".join(f"{key}: {value}\n" for key, value in catalog.header.items())
    header.markfuzzy(False)
    store.units.append(header)
    for entry in catalog.entries:
        store.units.append(_unit(store, entry))
    return bytes(store)


def reference_lines(locations: tuple[str, ...], width: int = 79) -> list[str]:
    """Fill ``#:`` lines as GNU gettext does: as many references as fit in ``width``.

    >>> reference_lines(("a.html:1", "b.html:2"))
    ['#: a.html:1 b.html:2']
    """
    lines: list[str] = []
    line = ""
    for location in locations:
        if line and len(line) + 1 + len(location) > width:
            lines.append(line)
            line = ""
        line = (line or "#:") + " " + location
    if line:
        lines.append(line)
    return lines


def _unit(store: pypo.pofile, entry: Entry) -> pypo.pounit:
    unit = store.UnitClass(entry.msgid, wrapper=store.wrapper)
    if entry.context:
        unit.setcontext(entry.context)
    unit.target = entry.msgstr
    for comment in entry.comments:
        unit.addnote(comment, origin="translator")
    for note in entry.notes:
        unit.addnote(note, origin="developer")
    if entry.id:
        unit.addnote(f"{ID_NOTE}{entry.id}", origin="developer")
    unit.sourcecomments = [f"{line}\n" for line in reference_lines(entry.locations)]
    for flag in ("fuzzy", *entry.flags) if entry.fuzzy else entry.flags:
        unit.settypecomment(flag)
    if entry.previous:
        unit.prev_source = entry.previous
    if entry.obsolete:
        unit.makeobsolete()
    return unit
