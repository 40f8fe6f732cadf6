"""PO packages for translators: the catalog they know, plus what relay needs back.

Takes a :class:`relay.exchange.package.Package`; gives PO bytes, and reads them back (from
relay or from any tool that re-saved them). The header names the release, its language and
the fingerprint of the source; each entry keeps its unit id and the fingerprint of the
translation relay held when it exported it, as extracted comments, which every PO editor
keeps as they are.
"""

from __future__ import annotations

from relay.catalogs.catalog import Catalog, Entry, unit_id
from relay.catalogs.po import read_po, write_po
from relay.exchange.package import ExchangeUnit, Package, State

BASE_NOTE = "relay-base: "
RELEASE_HEADER = "X-Relay-Release"
SOURCE_HEADER = "X-Relay-Source"
FINGERPRINT_HEADER = "X-Relay-Source-SHA256"
SOURCE_LANG_HEADER = "X-Relay-Source-Language"


def write(package: Package, *, header: dict[str, str]) -> bytes:
    """Write a package as PO; ``header`` is the language catalog's own header."""
    fields = dict(header)
    fields[RELEASE_HEADER] = package.release or ""
    fields[SOURCE_HEADER] = package.original or ""
    fields[FINGERPRINT_HEADER] = package.fingerprint or ""
    fields[SOURCE_LANG_HEADER] = package.source_lang or ""
    entries = [_entry(unit) for unit in package.units]
    return write_po(Catalog(fields, entries))


def _entry(unit: ExchangeUnit) -> Entry:
    notes = (*unit.notes, f"{BASE_NOTE}{unit.base}") if unit.base else unit.notes
    return Entry(
        msgid=unit.source,
        msgstr=unit.target,
        fuzzy=unit.state == "fuzzy",
        previous=unit.previous,
        notes=notes,
        locations=unit.locations,
        id=unit.id,
    )


def read(data: bytes, *, path: str) -> Package:
    """Read a returned PO file into a package (obsolete entries are not work to merge)."""
    catalog = read_po(data, path=path)
    header = catalog.header
    units = tuple(_unit(entry) for entry in catalog.active if entry.msgid)
    return Package(
        release=header.get(RELEASE_HEADER) or None,
        original=header.get(SOURCE_HEADER) or None,
        source_lang=header.get(SOURCE_LANG_HEADER) or None,
        target_lang=header.get("Language") or None,
        fingerprint=header.get(FINGERPRINT_HEADER) or None,
        units=units,
        format="po",
    )


def _unit(entry: Entry) -> ExchangeUnit:
    bases = [note[len(BASE_NOTE) :] for note in entry.notes if note.startswith(BASE_NOTE)]
    state: State = "new" if not entry.msgstr else "fuzzy" if entry.fuzzy else "translated"
    return ExchangeUnit(
        id=entry.id or unit_id(entry.msgid, entry.context),
        source=entry.msgid,
        target=entry.msgstr,
        state=state,
        previous=entry.previous,
        notes=tuple(note for note in entry.notes if not note.startswith(BASE_NOTE)),
        locations=entry.locations,
        base=bases[0] if bases else None,
    )
