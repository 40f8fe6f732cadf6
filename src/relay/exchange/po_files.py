"""PO packages for translators: the catalog they know, plus what relay needs back.

Takes a :class:`relay.exchange.package.Package`; gives PO bytes, and reads them back (from
relay or from any tool that re-saved them). The header names the release, its language and
the fingerprint of the source; each entry keeps its unit id and the fingerprint of the
translation relay held when it exported it, as extracted comments, which every PO editor
keeps as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace

from relay.catalogs.catalog import Catalog, Entry, unit_id
from relay.catalogs.po import READ_ESCAPES, as_utf8, read_po, write_po
from relay.exchange.package import ExchangeUnit, Package, State
from relay.exchange.returned import NOTE, note_line, note_text

BASE_NOTE = "relay-base: "
RELEASE_HEADER = "X-Relay-Release"
SOURCE_HEADER = "X-Relay-Source"
FINGERPRINT_HEADER = "X-Relay-Source-SHA256"
SOURCE_LANG_HEADER = "X-Relay-Source-Language"
STEP_HEADER = "X-Relay-Step"
TICKET_HEADER = "X-Relay-Ticket"
# A unit past "translated" carries its level as a translator comment, which PO editors keep
# and gettext ignores: "# relay-state: revised" (a reviser or approver may write it too). A
# catalog's "relay-state: translated by …" line is bookkeeping as well, never a query.
STATE_NOTE = re.compile(r"relay-state: (translated|revised|approved)\b")
TRANSLATOR_FIELDS = ("Last-Translator", "Language-Team", "PO-Revision-Date")
# What a PO editor leaves in a header nobody filled in: not a translator to record.
TEMPLATE_VALUES = ("FULL NAME", "LANGUAGE <LL@li.org>", "YEAR-MO-DA")
# Any escape but those gettext and relay agree on (catalogs.po.READ_ESCAPES: \x41, \777,
# \q) is refused.
_BAD = "\U0010fffd"  # stands for a malformed escape while the file is parsed
_STRING_LINE = re.compile(rb'^[ \t]*(?:#~[ \t]*)?(?:msg[a-z_]*(?:\[\d+\])?[ \t]+)?"')


def write(package: Package, *, header: dict[str, str]) -> bytes:
    """Write a package as PO; ``header`` is the language catalog's own header."""
    fields = dict(header)
    fields[RELEASE_HEADER] = package.release or ""
    fields[SOURCE_HEADER] = package.original or ""
    fields[FINGERPRINT_HEADER] = package.fingerprint or ""
    fields[SOURCE_LANG_HEADER] = package.source_lang or ""
    if package.step:
        fields[STEP_HEADER] = package.step
    if package.ticket:
        fields[TICKET_HEADER] = package.ticket
    entries = [_entry(unit) for unit in package.units]
    return write_po(Catalog(fields, entries))


def _entry(unit: ExchangeUnit) -> Entry:
    notes = (*unit.notes, f"{BASE_NOTE}{unit.base}") if unit.base else unit.notes
    level = (f"relay-state: {unit.state}",) if unit.state in ("revised", "approved") else ()
    return Entry(
        comments=(*level, *(note_line(query) for query in unit.queries)),
        msgid=unit.source,
        msgstr=unit.target,
        fuzzy=unit.state == "fuzzy",
        previous=unit.previous,
        notes=notes,
        locations=unit.locations,
        id=unit.id,
    )


# Why a translation found only in an obsolete entry is not taken.
OBSOLETE = (
    "only in an obsolete entry (#~), not imported: the file was updated against another"
    " template; make it a current entry again"
)


def read(data: bytes, *, path: str) -> Package:
    """Read a returned PO file into a package.

    An obsolete entry ("#~") is not work to merge, but one with a translation is a
    translator's work all the same (msgmerge run against the wrong template makes one of
    every unit it lacks): it is read as a unit that cannot be taken, so that the import
    reports it (broken where it is still a unit of the catalog, unknown where not) rather
    than drop it without a word.
    """
    catalog = read_po(_mark_bad_escapes(as_utf8(data, path=path)), path=path)
    header = catalog.header
    active = catalog.active
    current = {entry.key for entry in active}
    obsolete = [
        entry
        for entry in catalog.entries
        if entry.obsolete and entry.msgid and entry.msgstr and entry.key not in current
    ]
    units = (
        *(_unit(entry) for entry in active if entry.msgid),
        *(_refused(_unit(entry), OBSOLETE) for entry in obsolete),
    )
    translator = tuple(
        (name, header[name].strip())
        for name in TRANSLATOR_FIELDS
        if header.get(name, "").strip()
        and not any(value in header[name] for value in TEMPLATE_VALUES)
    )
    return Package(
        translator=translator,
        release=header.get(RELEASE_HEADER) or None,
        original=header.get(SOURCE_HEADER) or None,
        source_lang=header.get(SOURCE_LANG_HEADER) or None,
        target_lang=header.get("Language") or None,
        fingerprint=header.get(FINGERPRINT_HEADER) or None,
        units=units,
        format="po",
        step=header.get(STEP_HEADER, "").strip() or None,
        ticket=header.get(TICKET_HEADER, "").strip() or None,
    )


def _refused(unit: ExchangeUnit, problem: str) -> ExchangeUnit:
    return replace(unit, problems=(*unit.problems, problem))


def _mark_bad_escapes(data: bytes) -> bytes:
    """Put :data:`_BAD` in place of each escape gettext and relay do not share, in the quoted
    strings of a PO file, so that the unit holding it is refused rather than silently changed
    (translate-toolkit reads ``\\q`` as ``q``). Only lines that hold a string are touched."""
    if b"\\" not in data:
        return data
    lines = data.split(b"\n")
    bad = _BAD.encode("utf-8")

    def mark(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped.decode("latin-1") in READ_ESCAPES:
            return match.group(0)
        return bad + escaped

    for number, line in enumerate(lines):
        head = _STRING_LINE.match(line)
        if head and b"\\" in line:
            lines[number] = line[: head.end()] + re.sub(rb"\\(.)", mark, line[head.end() :])
    return b"\n".join(lines)


def _escape_problems(entry: Entry) -> list[str]:
    problems = []
    for name, text in (("msgid", entry.msgid), ("msgstr", entry.msgstr)):
        for found in re.findall(re.escape(_BAD) + r"(.)", text):
            problems.append(f"a malformed escape in its {name}: \\{found}")
    return problems


def _unit(entry: Entry) -> ExchangeUnit:
    problems = _escape_problems(entry)
    if problems:
        entry = entry.with_(
            msgid=entry.msgid.replace(_BAD, "\\"), msgstr=entry.msgstr.replace(_BAD, "\\")
        )
    bases = [note[len(BASE_NOTE) :] for note in entry.notes if note.startswith(BASE_NOTE)]
    state: State = "new" if not entry.msgstr else "fuzzy" if entry.fuzzy else "translated"
    queries = []
    for comment in entry.comments:
        level = STATE_NOTE.match(comment.strip())
        if level:
            if state == "translated" and level.group(1) != "translated":
                state = "revised" if level.group(1) == "revised" else "approved"
            continue
        text = note_text(comment) if comment.startswith(NOTE) else comment.strip()
        if text:
            queries.append(text)
    return ExchangeUnit(
        context=entry.context,
        problems=tuple(problems),
        queries=tuple(queries),
        id=entry.id or unit_id(entry.msgid, entry.context),
        source=entry.msgid,
        target=entry.msgstr,
        state=state,
        previous=entry.previous,
        notes=tuple(note for note in entry.notes if not note.startswith(BASE_NOTE)),
        locations=entry.locations,
        base=bases[0] if bases else None,
    )
