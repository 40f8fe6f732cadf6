"""PO files: read into a :class:`relay.catalogs.catalog.Catalog`, write back.

Takes bytes (any encoding the file declares) or a catalog; gives the other. Reading: the plain
PO that gettext tools, Poedit and Weblate write is read line by line by
:mod:`relay.catalogs.po_lines`; anything else (plurals, KDE comments, odd lines) by
translate-toolkit, which also gives the errors of a broken file. Writing: each entry is written
here line by line, its strings escaped by translate-toolkit and wrapped by
:mod:`relay.catalogs.wrap`, relay's port of GNU gettext's line breaking (translate-toolkit's own
wrapping is not gettext's), so a catalog relay writes is byte-identical after ``msgcat``, and
Poedit or Weblate re-saves cause no diff churn.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po_lines import ID_NOTE, entry_of, header_fields, read_lines
from relay.catalogs.wrap import gettext_quote
from relay.core.errors import CatalogError

if TYPE_CHECKING:
    from translate.storage import pypo

PAGE_WIDTH = 79  # gettext's default, which relay writes
# Reading a catalog takes some 20 times its size in memory: a larger file is refused unread.
MAX_CATALOG_BYTES = 50 * 1024 * 1024


def read_po(data: bytes, *, path: str) -> Catalog:
    """Parse a PO file; a file that is not valid PO raises :class:`CatalogError`, and so
    does one with an escape relay does not read (:func:`refuse_unread_escapes`)."""
    data = as_utf8(data, path=path)
    text = data.decode("utf-8")
    refuse_unread_escapes(text, path=path)
    plain = read_lines(text)
    if plain is not None:
        return Catalog(*plain)
    return read_with_toolkit(data, path=path)


# The escapes relay reads in a PO string, as gettext does. gettext also reads \a, \b, \f,
# \v, octal (\033) and hexadecimal (\x1b) escapes, which relay, like translate-toolkit,
# would read as the characters after the backslash: "\033[31m" as "033[31m". A catalog that
# holds one (written by hand: no tool relay knows writes them) is refused, naming its line,
# rather than read as other text than gettext reads. A returned file is read unit by unit
# instead (relay.exchange.po_files: the unit holding one is refused, the others taken).
READ_ESCAPES = frozenset('ntr"\\')
_MAYBE_UNREAD = re.compile(r'\\[^ntr"\\]')  # anywhere: most catalogs have none
_STRING_LINE = re.compile(r'[ \t]*(?:#[~|][ \t]*)?(?:msg[a-z_]*(?:\[\d+\])?[ \t]+)?"')
_AN_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]*|.?)")  # octal and hex escapes whole


def refuse_unread_escapes(text: str, *, path: str) -> None:
    """Raise :class:`CatalogError` for the first escape in a PO file's strings that relay
    does not read as gettext does (comments are not strings: a path in one may hold any)."""
    if "\\" not in text or _MAYBE_UNREAD.search(text) is None:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if "\\" not in line:
            continue
        head = _STRING_LINE.match(line)
        if head is None:
            continue
        for match in _AN_ESCAPE.finditer(line, head.end()):
            escape = match.group(1)
            if escape not in READ_ESCAPES:
                raise CatalogError(
                    f"an escape relay does not read in a string: \\{escape}",
                    path=path,
                    line=number,
                    hint="gettext reads \\a, \\b, \\f, \\v, octal and \\x escapes as control"
                    " characters, which a translation has no use for: remove it, or write a"
                    " backslash as \\\\",
                )


def as_utf8(data: bytes, *, path: str) -> bytes:
    """Give a PO file's bytes as UTF-8 with Unix line ends, its header saying so."""
    # Windows line ends: translate-toolkit keeps their CR in comments (a unit's id, its base).
    return _as_utf8(_from_utf16(data, path), path).replace(b"\r\n", b"\n")


def read_with_toolkit(data: bytes, *, path: str) -> Catalog:
    """Parse UTF-8 PO bytes with translate-toolkit: any PO, and the errors of a broken one."""
    # Imported here: a plain PO (what every command reads) never needs translate-toolkit,
    # whose import costs some 40 ms of each command.
    from translate.storage import pypo

    store = pypo.pofile()
    try:
        store.parse(data)
    except Exception as error:  # translate-toolkit raises bare ValueErrors and worse
        raise CatalogError(f"not a readable PO file: {error}", path=path) from None
    header: dict[str, str] = {}
    entries: list[Entry] = []
    for unit in store.units:
        if unit.isheader():
            header = header_fields(unit.target or "")
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


def _as_utf8(data: bytes, path: str) -> bytes:
    """Decode a file as its header's charset says (strictly), and give it back as UTF-8.

    translate-toolkit falls back to Latin-1 on bytes that are not UTF-8, and then reads a
    windows-1251 file whose comments come first as Latin-1 mojibake; a file that does not
    hold the charset it declares is refused instead, naming the byte. Without a charset
    (or with the template's ``CHARSET``), a file must be UTF-8.
    """
    match = _CHARSET.search(data)
    name = match.group(1).decode("ascii") if match else ""
    try:
        declared = codecs.lookup(name).name if name else "utf-8"
    except LookupError:  # the template's CHARSET, or a typing error: UTF-8 is what is left
        declared = "utf-8"
    if declared.startswith(("utf-16", "utf-32")):  # without a BOM, and written in ASCII
        declared = "utf-8"
    encoding = "utf-8" if declared in {"utf-8", "ascii"} else declared
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        said = f"its header declares {name}" if name else "its header declares no charset"
        raise CatalogError(
            f"not valid {'UTF-8' if encoding == 'utf-8' else name} at byte {error.start} ({said})",
            path=path,
            line=data.count(b"\n", 0, error.start) + 1,
            hint="Save it again in the charset its header declares (UTF-8 is best).",
        ) from None
    if encoding == "utf-8":
        return data
    return text.replace(f"charset={name}", "charset=UTF-8", 1).encode("utf-8")


_CHARSET = re.compile(rb"charset=([A-Za-z][A-Za-z0-9_.:-]*)")


def _entry(unit: pypo.pounit) -> Entry:
    previous = unit.prev_source or None
    return entry_of(
        msgid=str(unit.source),
        msgstr=str(unit.target or ""),
        context=unit.getcontext() or None,
        fuzzy=unit.isfuzzy(),
        previous=str(previous) if previous else None,
        developer_notes=_lines(unit.getnotes("developer")),
        locations=unit.getlocations(),
        translator_notes=_lines(unit.getnotes("translator")),
        type_comments=unit.typecomments,
        obsolete=unit.isobsolete(),
    )


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def write_po(catalog: Catalog) -> bytes:
    """Serialize a catalog as UTF-8 PO, wrapped as GNU gettext wraps.

    Written line by line here, as translate-toolkit's ``pypo`` writes it through
    :class:`relay.catalogs.toolkit_po.GettextPoFile` (``tests/test_po_writer.py`` holds the
    two equal), without building a toolkit unit per entry.
    """
    header = "".join(f"{key}: {value}\n" for key, value in catalog.header.items())
    blocks = [_block(Entry(msgid="", msgstr=header))]
    blocks.extend(map(_cached_block, catalog.entries))
    return "\n".join(blocks).encode("utf-8")


def escape(text: str) -> str:
    """Escape a string for PO as translate-toolkit's ``escapeforpo`` does (a test holds the
    two equal), without a regular expression's call per escaped character."""
    for char, escaped in _ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text


# The backslash first: the others put backslashes in that must stay single.
_ESCAPES = (("\\", "\\\\"), ("\r", "\\r"), ("\t", "\\t"), ('"', '\\"'), ("\n", "\\n"))


def _comments(marker: str, texts: tuple[str, ...]) -> list[str]:
    # As pypo's addnote: blank notes are dropped, a note of several lines gives several.
    return [
        f"{marker}{' ' if line else ''}{line}\n"
        for text in texts
        if text and text.strip()
        for line in text.split("\n")
    ]


@lru_cache(maxsize=8192)
def _message(keyword: str, text: str, mark: str, page_width: int | None) -> str:
    """One message's lines (``msgid "..."`` and what follows), as pypo writes them; cached:
    a template and its catalogs, and every catalog written again, repeat the same texts."""
    if not text:
        return f'{mark}{keyword} ""\n'  # every untranslated msgstr
    lines = gettext_quote(escape(text), keyword, mark, page_width)
    out = [mark, keyword, " ", lines[0], "\n"]
    previous = None
    for line in lines[1:]:
        if previous == '""' and line == '""':
            continue
        previous = line
        out += (line, "\n")
    part = "".join(out)
    return part.replace('\n"', '\n#~ "') if mark else part


def _cached_block(entry: Entry) -> str:
    # A template's entry comes again, unchanged, in each language's catalog of a cold extract.
    try:
        return _block_of(entry)
    except TypeError:  # an entry holding a list where a tuple belongs cannot be a cache key
        return _block(entry)


@lru_cache(maxsize=4096)
def _block_of(entry: Entry) -> str:
    return _block(entry)


def _block(entry: Entry) -> str:
    """One entry as pypo writes it (the header is the entry with an empty msgid)."""
    flags = sorted({*(("fuzzy",) if entry.fuzzy else ()), *entry.flags})
    page_width = None if "no-wrap" in flags else PAGE_WIDTH
    lines = _comments("#", entry.comments) if entry.comments else []
    if not entry.obsolete:  # gettext keeps neither on obsolete entries
        ids = (f"{ID_NOTE}{entry.id}",) if entry.id else ()
        lines += _comments("#.", (*entry.notes, *ids))
        lines += [f"{line}\n" for line in reference_lines(entry.locations)]
    if flags:
        lines.append(f"#, {', '.join(flags)}\n")
    # An obsolete entry is the same lines behind "#~ " ("#~| " for its previous msgid).
    mark, was = ("#~ ", "#~| ") if entry.obsolete else ("", "#| ")
    if entry.previous:
        previous = gettext_quote(escape(entry.previous), "msgid", was, page_width)
        lines.append(f"{was}msgid {previous[0]}\n")
        lines.extend(f"{was}{line}\n" for line in previous[1:])
    if entry.context:
        lines.append(_message("msgctxt", entry.context, mark, page_width))
    lines.append(_message("msgid", entry.msgid, mark, page_width))
    lines.append(_message("msgstr", entry.msgstr, mark, page_width))
    return "".join(lines)


def write_po_with_toolkit(catalog: Catalog) -> bytes:
    """Serialize a catalog through translate-toolkit's units: what :func:`write_po` matches."""
    from relay.catalogs.toolkit_po import GettextPoFile  # the slow path: see read_with_toolkit

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


def refuse_larger(path: Path, limit: int, what: str) -> None:
    """Refuse a file larger than ``limit`` bytes before reading it (``what`` names the kind
    of file in the message: catalogs, returned files)."""
    size = path.stat().st_size
    if size > limit:
        raise CatalogError(
            f"is {size // (1024 * 1024)} MB; relay reads {what} up to {limit // (1024 * 1024)} MB",
            path=str(path),
        )


def catalog_bytes(path: Path) -> bytes | None:
    """Read a catalog's bytes, or give None when there is none yet; one larger than
    :data:`MAX_CATALOG_BYTES` is refused unread (every reader of catalogs goes through here)."""
    try:
        refuse_larger(path, MAX_CATALOG_BYTES, "catalogs")
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder of that name, no permission
        raise CatalogError(f"cannot read it: {error.strerror}", path=str(path)) from None


def load_catalog(path: Path) -> Catalog | None:
    """Read a catalog, or give None when there is none yet."""
    data = catalog_bytes(path)
    return None if data is None else read_po(data, path=str(path))
