"""The returned-files corpus: variants of relay's own exports, as CAT tools send them back.

Shared by ``tests/exchange/test_returned_files.py`` and ``benchmarks/returned_files.py``;
imports nothing else from the tests. ``build(folder)`` makes the sample project twice (``fresh``:
French catalogs emptied, work to send out; ``done``: as the repository has it) and exports one
release from each in PO, XLIFF 1.2 and XLIFF 2.0; every scenario turns one of those exports into
the file a translator's tool would return (memoQ, Trados, OmegaT, Okapi, Phrase, Weblate,
Poedit and plain gettext dialects), translated with the repository's own French. ``run``
imports a scenario into a copy of its project and gives what happened, with gettext's verdict on
every catalog afterwards.
"""

from __future__ import annotations

import codecs
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from relay.catalogs.po import read_po, write_po
from relay.core.project import open_project
from relay.exchange import xliff2, xliff12
from relay.exchange.handoff import ImportReport, export_packages, import_files, read_package

REPO = Path(__file__).resolve().parents[2]
SEED = "2013-04-23-kazakhstan-innovation"
OTHERS = ("2014-03-12-water-cooperation", "2015-10-05-road-safety")
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ = "MQXliff"
PHRASE = "http://www.memsource.com/mxlf/2.0"
FORMATS = ("po", "xliff", "xliff2")
SUFFIX = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf"}


@dataclass(frozen=True)
class Expect:
    """What importing a scenario must give: unit counts, or the file's refusal."""

    applied: int = 0
    unchanged: int = 0
    stale: int = 0
    conflict: int = 0
    unknown: int = 0
    broken: int = 0
    review: int = 0
    notes: int = 0
    # Words that must appear in the detail of some unit (or in the refusal, or a remark).
    says: tuple[str, ...] = ()
    refused: bool = False
    files: int = 1  # releases imported from the file


@dataclass(frozen=True)
class Scenario:
    name: str
    tool: str
    fmt: str
    base: str  # "fresh" or "done": the project the file was exported from and returns to
    make: Callable[[Corpus], bytes]
    expect: Expect
    accept: tuple[str, ...] = ()
    check: Callable[[Path], None] | None = None  # more to hold on the project afterwards


@dataclass
class Corpus:
    """The two sample projects and their exports of every release, in every format."""

    root: Path
    exports: dict[tuple[str, str, str], bytes] = field(default_factory=dict)
    french: dict[str, str] = field(default_factory=dict)
    russian: dict[str, str] = field(default_factory=dict)

    def export(self, fmt: str, base: str = "fresh", slug: str = SEED) -> bytes:
        return self.exports[(base, fmt, slug)]


def build(folder: Path) -> Corpus:
    corpus = Corpus(folder)
    for base in ("fresh", "done"):
        project = folder / base
        if project.exists():
            shutil.rmtree(project)
        project.mkdir(parents=True)
        shutil.copytree(REPO / "sources", project / "sources")
        shutil.copytree(REPO / "locales", project / "locales")
        (project / "relay.toml").write_text(
            'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n', encoding="utf-8"
        )
        if base == "fresh":
            for path in (project / "locales" / "fr").glob("*.po"):
                catalog = read_po(path.read_bytes(), path=str(path))
                catalog.entries = [e.with_(msgstr="", fuzzy=False) for e in catalog.entries]
                path.write_bytes(write_po(catalog))
        for fmt in FORMATS:
            out = folder / "exports" / base / fmt
            files, errors = export_packages(open_project(project), lang="fr", fmt=fmt, out=out)
            assert not errors, errors
            for file in files:
                corpus.exports[(base, fmt, file.slug)] = file.path.read_bytes()
    for lang, table in (("fr", corpus.french), ("ru", corpus.russian)):
        for path in (REPO / "locales" / lang).glob("*.po"):
            catalog = read_po(path.read_bytes(), path=str(path))
            table.update({e.msgid: e.msgstr for e in catalog.entries if e.msgstr})
    return corpus


# -- translating an export as a tool would -------------------------------------------------


def translated(
    corpus: Corpus,
    fmt: str,
    *,
    slug: str = SEED,
    table: dict[str, str] | None = None,
    edit: Callable[[str, str, int], tuple[str, str]] | None = None,
) -> bytes:
    """The export translated with the repository's French (``edit`` may change a unit's target
    and state: it takes the source, target and index, gives target and state)."""
    data = corpus.export(fmt, slug=slug)
    package = read_package(data, path=f"{slug}{SUFFIX[fmt]}")
    table = corpus.french if table is None else table
    units = []
    for index, unit in enumerate(package.units):
        target, state = table.get(unit.source, ""), "translated"
        if edit is not None:
            target, state = edit(unit.source, target, index)
        units.append(_with(unit, target, state))
    package = _replace(package, units=tuple(units))
    if fmt == "po":
        return _po(package, data)
    return (xliff12 if fmt == "xliff" else xliff2).write(package)


def _with(unit, target: str, state: str):
    from dataclasses import replace

    return replace(unit, target=target, state=state if target else "new")


def _replace(package, **changes):
    from dataclasses import replace

    return replace(package, **changes)


def _po(package, exported: bytes) -> bytes:
    """Write a translated package as the PO file it was exported as, targets filled."""
    catalog = read_po(exported, path="export.po")
    by_id = {unit.id: unit for unit in package.units}
    catalog.entries = [
        entry.with_(msgstr=by_id[entry.id].target, fuzzy=by_id[entry.id].state == "fuzzy")
        for entry in catalog.entries
    ]
    return write_po(catalog)


def tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def units12(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{{{X12}}}trans-unit")


def units2(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{{{X2}}}unit")


def _plain_units(units: list[etree._Element], tag: str) -> list[etree._Element]:
    found = []
    for unit in units:
        target = unit.find(f".//{tag}")
        if target is not None and len(target) == 0 and target.text and " " in target.text:
            found.append(unit)
    return found


# -- PO dialects ---------------------------------------------------------------------------


def po_text(data: bytes) -> str:
    return data.decode("utf-8")


def msgcat(data: bytes, *options: str) -> bytes:
    done = subprocess.run(["msgcat", *options, "-"], input=data, capture_output=True, check=True)
    return done.stdout


def po_entry_edit(data: bytes, source: str, edit: Callable[[str], str]) -> bytes:
    """Change the block of the entry whose msgid is ``source`` (as one line) with ``edit``."""
    blocks = po_text(data).split("\n\n")
    quoted = 'msgid "' + source.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for number, block in enumerate(blocks):
        if quoted in block:
            blocks[number] = edit(block)
            return "\n\n".join(blocks).encode("utf-8")
    raise AssertionError(f"no entry {source!r}")


def set_msgstr(block: str, raw: str) -> str:
    """Replace a block's msgstr with the raw quoted content ``raw`` (escapes as given)."""
    head = block[: block.index("\nmsgstr ")]
    return f'{head}\nmsgstr "{raw}"'


# -- the scenarios ---------------------------------------------------------------------------

SHORT = "Note to editors"  # a unit with no code, in every export of SEED


def _first_plain(corpus: Corpus) -> str:
    """A source of SEED whose French has no placeholder and more than three words."""
    data = corpus.export("po")
    catalog = read_po(data, path="x.po")
    for entry in catalog.entries:
        french = corpus.french.get(entry.msgid, "")
        if "<" not in entry.msgid and len(french.split()) > 3 and "\n" not in entry.msgid:
            return entry.msgid
    raise AssertionError("no plain unit")


def _coded(corpus: Corpus) -> str:
    catalog = read_po(corpus.export("po"), path="x.po")
    for entry in catalog.entries:
        if re.search(r"<1>.*</1>", entry.msgid) and "\n" not in entry.msgid:
            return entry.msgid
    raise AssertionError("no coded unit")


def scenarios() -> list[Scenario]:
    made: list[Scenario] = []

    def add(
        name: str,
        tool: str,
        fmt: str,
        make: Callable[[Corpus], bytes],
        expect: Expect,
        *,
        base: str = "fresh",
        accept: tuple[str, ...] = (),
        check: Callable[[Path], None] | None = None,
    ) -> None:
        made.append(Scenario(name, tool, fmt, base, make, expect, accept, check))

    all26 = Expect(applied=26)
    # ---- PO: gettext, Poedit, Weblate, OmegaT, Lokalize ----
    add("po translated", "gettext", "po", lambda c: translated(c, "po"), all26)
    add("po untouched (fresh)", "relay", "po", lambda c: c.export("po"), Expect(unchanged=26))
    add(
        "po untouched (done)",
        "relay",
        "po",
        lambda c: c.export("po", "done"),
        Expect(unchanged=26),
        base="done",
    )
    for base in ("fresh", "done"):
        for fmt in ("xliff", "xliff2"):
            add(
                f"{fmt} untouched ({base})",
                "relay",
                fmt,
                lambda c, f=fmt, b=base: c.export(f, b),
                Expect(unchanged=26),
                base=base,
            )

    def poedit(c: Corpus) -> bytes:
        catalog = read_po(translated(c, "po"), path="x.po")
        catalog.header.update(
            {
                "Last-Translator": "Marie Dupont <marie.dupont@example.org>",
                "PO-Revision-Date": "2026-12-01 10:15+0100",
                "Language-Team": "Français <fr@example.org>",
                "X-Generator": "Poedit 3.4.2",
            }
        )
        return write_po(catalog)

    def translator_recorded(root: Path) -> None:
        text = (root / "locales" / "fr" / f"{SEED}.po").read_text("utf-8")
        assert "Marie Dupont <marie.dupont@example.org>" in text, "Last-Translator not kept"
        assert "2026-12-01 10:15+0100" in text, "PO-Revision-Date not kept"
        assert "FULL NAME" not in text

    add("po Poedit header", "Poedit", "po", poedit, all26, check=translator_recorded)
    add(
        "po CRLF",
        "Poedit (Windows)",
        "po",
        lambda c: translated(c, "po").replace(b"\n", b"\r\n"),
        all26,
    )
    add("po UTF-8 BOM", "Notepad", "po", lambda c: codecs.BOM_UTF8 + translated(c, "po"), all26)
    add(
        "po UTF-16",
        "Windows tool",
        "po",
        lambda c: translated(c, "po").decode("utf-8").encode("utf-16"),
        all26,
    )

    def cp1252(c: Corpus) -> bytes:
        text = translated(c, "po").decode("utf-8").replace("charset=UTF-8", "charset=CP1252")
        text = text.replace("\u202f", "\u00a0").replace("\u2011", "-")
        return text.encode("cp1252", errors="replace")

    add("po windows-1252", "Poedit (cp1252)", "po", cp1252, Expect(applied=26, says=()))
    add(
        "po rewrapped (msgcat -w 40)",
        "gettext",
        "po",
        lambda c: msgcat(translated(c, "po"), "-w", "40"),
        all26,
    )
    add(
        "po no-wrap (Weblate)",
        "Weblate",
        "po",
        lambda c: msgcat(translated(c, "po"), "--no-wrap"),
        all26,
    )
    add(
        "po sorted (msgcat -s)",
        "gettext",
        "po",
        lambda c: msgcat(translated(c, "po"), "--sort-output"),
        all26,
    )
    add(
        "po half fuzzy",
        "Poedit",
        "po",
        lambda c: translated(c, "po", edit=lambda s, t, i: (t, "fuzzy" if i % 2 else "translated")),
        Expect(applied=26, review=13, says=("needs review",)),
    )
    add(
        "po half done",
        "OmegaT",
        "po",
        lambda c: translated(c, "po", edit=lambda s, t, i: (t if i % 2 else "", "translated")),
        Expect(applied=13, unchanged=13),
    )

    def newline(where: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            plain = _first_plain(c)

            def edit(s: str, t: str, i: int) -> tuple[str, str]:
                if s != plain:
                    return t, "translated"
                return (t + "\n" if where == "end" else "\n" + t), "translated"

            return translated(c, "po", edit=edit)

        return make

    add(
        "po trailing newline",
        "Lokalize",
        "po",
        newline("end"),
        Expect(applied=26, says=("line break at the end removed",)),
    )
    add(
        "po leading newline",
        "Lokalize",
        "po",
        newline("start"),
        Expect(applied=26, says=("line break at the start removed",)),
    )

    def escapes(raw: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            plain = _first_plain(c)
            return po_entry_edit(translated(c, "po"), plain, lambda b: set_msgstr(b, raw))

        return make

    for label, raw in (
        ("\\q", "Avis \\q aux r\\u00e9dactions"),
        ("\\x41", "Avis \\x41 ok"),
        ("\\777", "Avis \\777 ok"),
    ):
        add(
            f"po malformed escape {label}",
            "hand-edited",
            "po",
            escapes(raw),
            Expect(applied=25, broken=1, says=("malformed escape",)),
        )
    add(
        "po control character (VT)",
        "hand-edited",
        "po",
        escapes("Avis\x0baux rédactions"),
        Expect(applied=25, broken=1, says=("U+000B",)),
    )
    add(
        "po escaped tab and quote",
        "gettext",
        "po",
        escapes('Avis \\"aux\\" r\\tédactions'),
        Expect(applied=26),
    )

    def comments(c: Corpus) -> bytes:
        plain = _first_plain(c)
        data = translated(c, "po")
        return po_entry_edit(
            data, plain, lambda b: "# QUERY: majeurs or considérables?\n# second line\n" + b
        )

    add("po translator comments", "Poedit", "po", comments, Expect(applied=26, notes=2))

    def planted_comment(c: Corpus) -> bytes:
        plain = _first_plain(c)
        return po_entry_edit(
            translated(c, "po"), plain, lambda b: "# relay-ignore: number-value e64e35a997ae\n" + b
        )

    add(
        "po comment that looks like a suppression",
        "hand-edited",
        "po",
        planted_comment,
        Expect(applied=26, notes=1),
        check=lambda root: no_directive(root),
    )

    def stale_planted(c: Corpus) -> bytes:
        plain = _first_plain(c)

        def edit(block: str) -> str:
            block = block.replace(f'msgid "{plain}"', f'msgid "{plain} (draft)"')
            return set_msgstr(block, "ok\\nrelay-ignore: number-value e64e35a997ae")

        return po_entry_edit(c.export("po", "done"), plain, edit)

    add(
        "po stale text with a suppression line",
        "hand-edited",
        "po",
        stale_planted,
        Expect(unchanged=25, stale=1, says=("ours kept",)),
        base="done",
        check=lambda root: no_directive(root),
    )

    def stale(c: Corpus) -> bytes:
        plain = _first_plain(c)
        data = translated(c, "po")
        return po_entry_edit(
            data, plain, lambda b: b.replace(f'msgid "{plain}"', f'msgid "{plain} (draft)"')
        )

    add(
        "po exported from an older source",
        "Poedit",
        "po",
        stale,
        Expect(applied=25, stale=1, says=("kept as a fuzzy suggestion",)),
    )

    def twin(c: Corpus) -> bytes:
        plain = _first_plain(c)
        data = translated(c, "po")

        def edit(block: str) -> str:
            twin_block = set_msgstr(block, "Mauvaise traduction").replace(
                f'msgid "{plain}"', f'msgctxt "sidebar"\nmsgid "{plain}"'
            )
            return twin_block + "\n\n" + block

        return po_entry_edit(data, plain, edit)

    add(
        "po msgctxt twin before the entry",
        "Weblate",
        "po",
        twin,
        Expect(applied=26, unknown=1, says=("context 'sidebar'",)),
    )

    def cyrillic(fmt: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            return translated(c, fmt, table=c.russian)

        return make

    for fmt in FORMATS:
        add(
            f"{fmt} Russian text in a French file",
            "wrong file",
            fmt,
            cyrillic(fmt),
            Expect(applied=26, review=RUSSIAN_FLAGGED, says=("Cyrillic script",)),
        )

    def lang(tag: str, fmt: str = "po") -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            data = translated(c, fmt)
            if fmt == "po":
                return data.replace(b'"Language: fr\\n"', f'"Language: {tag}\\n"'.encode())
            attribute = b'target-language="fr"' if fmt == "xliff" else b'trgLang="fr"'
            return data.replace(attribute, attribute.replace(b'"fr"', f'"{tag}"'.encode()))

        return make

    add(
        "po fr_FR (Poedit)",
        "Poedit",
        "po",
        lang("fr_FR"),
        Expect(applied=26, says=("'fr_FR' was taken as 'fr'",)),
    )
    add(
        "xliff fr-FR (memoQ)",
        "memoQ",
        "xliff",
        lang("fr-FR", "xliff"),
        Expect(applied=26, says=("'fr-FR' was taken as 'fr'",)),
    )
    add(
        "po fr-CA refused",
        "Poedit",
        "po",
        lang("fr-CA"),
        Expect(refused=True, files=0, says=("variant of 'fr'", "--accept-lang fr-CA")),
    )
    add(
        "xliff2 fr-CA refused",
        "Phrase",
        "xliff2",
        lang("fr-CA", "xliff2"),
        Expect(refused=True, files=0, says=("--accept-lang",)),
    )
    add(
        "po fr-CA with --accept-lang",
        "Poedit",
        "po",
        lang("fr-CA"),
        Expect(applied=26, says=("--accept-lang",)),
        accept=("fr-CA",),
    )
    add(
        "po de refused",
        "Poedit",
        "po",
        lang("de"),
        Expect(refused=True, files=0, says=("not a target language",)),
    )

    def deleted(fmt: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            data = translated(c, fmt)
            return data.replace(SEED.encode(), b"2013-04-23-kazakhstan-innovation-old")

        return make

    for fmt in FORMATS:
        add(
            f"{fmt} for a deleted release",
            "any",
            fmt,
            deleted(fmt),
            Expect(
                refused=True,
                files=0,
                says=(
                    "'2013-04-23-kazakhstan-innovation-old'",
                    "no longer in sources/",
                    "26 units",
                ),
            ),
        )

    def obsolete(c: Corpus) -> bytes:
        return translated(c, "po") + b'\n#~ msgid "Old sentence"\n#~ msgstr "Vieille phrase"\n'

    # An obsolete entry with a translation is reported, never dropped without a word: here it
    # is no unit of the release any more.
    add("po with obsolete entries", "gettext", "po", obsolete, Expect(applied=26, unknown=1))

    def typed_markup(c: Corpus) -> bytes:
        plain = _first_plain(c)
        return translated(
            c, "po", edit=lambda s, t, i: ((f"<b>{t}</b>" if s == plain else t), "translated")
        )

    add(
        "po markup typed in",
        "hand-edited",
        "po",
        typed_markup,
        Expect(applied=25, broken=1, says=("markup typed in by hand",)),
    )

    def lost_code(c: Corpus) -> bytes:
        coded = _coded(c)
        return translated(
            c,
            "po",
            edit=lambda s, t, i: ((re.sub(r"</?1>", "", t) if s == coded else t), "translated"),
        )

    add(
        "po placeholder deleted",
        "Weblate",
        "po",
        lost_code,
        Expect(applied=25, broken=1, says=("<1>",)),
    )

    def conflict(c: Corpus) -> bytes:
        plain = _first_plain(c)
        data = c.export("po", "done")
        # Weblate drops extracted comments it does not know: no relay-base to tell ours by.
        data = re.sub(rb"#\. relay-base: [^\n]*\n", b"", data)
        return po_entry_edit(data, plain, lambda b: set_msgstr(b, "Une autre traduction"))

    add(
        "po conflicting with ours (Weblate)",
        "Weblate",
        "po",
        conflict,
        Expect(unchanged=25, conflict=1, says=("kept ours",)),
        base="done",
    )

    def cleared(c: Corpus) -> bytes:
        data = c.export("po", "done")
        catalog = read_po(data, path="x.po")
        catalog.entries = [e.with_(msgstr="") for e in catalog.entries]
        return write_po(catalog)

    add("po targets emptied", "Poedit", "po", cleared, Expect(unchanged=26), base="done")

    # ---- XLIFF 1.2: memoQ, Trados, Okapi/OmegaT, Phrase, Matecat ----
    add("xliff translated", "relay", "xliff", lambda c: translated(c, "xliff"), all26)

    def phase(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        header = root.find(f".//{{{X12}}}header")
        group = etree.SubElement(header, f"{{{X12}}}phase-group")
        attributes = {
            "phase-name": "translation",
            "process-name": "translation",
            "contact-name": "Marie Dupont",
            "contact-email": "marie.dupont@example.org",
            "date": "2026-12-01T09:15:00Z",
        }
        etree.SubElement(group, f"{{{X12}}}phase", attributes)
        return xml_bytes(root)

    def phase_recorded(root: Path) -> None:
        text = (root / "locales" / "fr" / f"{SEED}.po").read_text("utf-8")
        assert "Last-Translator: Marie Dupont <marie.dupont@example.org>" in text
        assert "PO-Revision-Date: 2026-12-01 09:15+0000" in text

    add("xliff translator in <phase>", "Okapi", "xliff", phase, all26, check=phase_recorded)

    def memoq(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        etree.cleanup_namespaces(root)
        for number, unit in enumerate(units12(root)):
            status = "ManuallyConfirmed" if number % 2 == 0 else "PartiallyEdited"
            unit.set(f"{{{MQ}}}status", status)
            unit.set(f"{{{MQ}}}percent", "0")
        return xml_bytes(root)

    add("xliff memoQ statuses", "memoQ", "xliff", memoq, Expect(applied=26, review=13))

    def trados(conf: Callable[[int], str], tracked: bool = False) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            root = tree(translated(c, "xliff"))
            plain = set(_plain_units(units12(root), f"{{{X12}}}target"))
            first = True
            for number, unit in enumerate(units12(root)):
                defs = etree.SubElement(unit, f"{{{SDL}}}seg-defs")
                etree.SubElement(defs, f"{{{SDL}}}seg", id="1", conf=conf(number))
                target = unit.find(f"{{{X12}}}target")
                if tracked and unit in plain and first:
                    first = False
                    words = target.text.split(" ")
                    target.text = " ".join(words[:-1]) + " "
                    deleted = etree.SubElement(target, f"{{{X12}}}mrk", mtype="x-sdl-deleted")
                    deleted.text = "très élevés"
                    added = etree.SubElement(target, f"{{{X12}}}mrk", mtype="x-sdl-added")
                    added.text = words[-1]
            return xml_bytes(root)

        return make

    add("xliff Trados confirmed", "Trados", "xliff", trados(lambda n: "Translated"), all26)
    add(
        "xliff Trados drafts",
        "Trados",
        "xliff",
        trados(lambda n: "ApprovedSignOff" if n % 2 else "Draft"),
        Expect(applied=26, review=13),
    )
    add(
        "xliff Trados tracked changes",
        "Trados",
        "xliff",
        trados(lambda n: "Translated", tracked=True),
        Expect(applied=25, broken=1, says=("x-sdl-deleted", "accept or reject")),
    )

    def tracked_ins_del(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        unit = _plain_units(units12(root), f"{{{X12}}}target")[0]
        target = unit.find(f"{{{X12}}}target")
        mark = etree.SubElement(target, "{urn:example:track}del")
        mark.text = " supprimé"
        return xml_bytes(root)

    add(
        "xliff foreign <del> change mark",
        "Okapi",
        "xliff",
        tracked_ins_del,
        Expect(applied=25, broken=1, says=("accept or reject",)),
    )

    def tracked_start_end(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        unit = _plain_units(units12(root), f"{{{X12}}}target")[0]
        target = unit.find(f"{{{X12}}}target")
        start = etree.SubElement(target, f"{{{MQ}}}deletestart", id="1")
        start.tail = " ancien texte"
        etree.SubElement(target, f"{{{MQ}}}deleteend", id="1")
        return xml_bytes(root)

    add(
        "xliff deletestart/deleteend marks in a tool namespace",
        "memoQ",
        "xliff",
        tracked_start_end,
        Expect(applied=25, broken=1, says=("accept or reject",)),
    )

    def segmented(empty: str) -> Callable[[Corpus], bytes]:
        """<seg-source> with two segments, as Trados and Okapi segment a unit."""

        def make(c: Corpus) -> bytes:
            root = tree(translated(c, "xliff"))
            unit = _plain_units(units12(root), f"{{{X12}}}target")[0]
            source = unit.find(f"{{{X12}}}source")
            target = unit.find(f"{{{X12}}}target")
            text = target.text
            half = text.index(" ", len(text) // 2)
            seg_source = etree.Element(f"{{{X12}}}seg-source")
            source.addnext(seg_source)
            halves = [source.text[: len(source.text) // 2], source.text[len(source.text) // 2 :]]
            for mid, part in enumerate(halves, start=1):
                mrk = etree.SubElement(seg_source, f"{{{X12}}}mrk", mtype="seg", mid=str(mid))
                mrk.text = part
            target.text = None
            first = etree.SubElement(target, f"{{{X12}}}mrk", mtype="seg", mid="1")
            first.text = text[:half]
            if empty == "empty":
                first.tail = " "
                etree.SubElement(target, f"{{{X12}}}mrk", mtype="seg", mid="2")
            elif empty == "missing":
                pass
            else:
                second = etree.SubElement(target, f"{{{X12}}}mrk", mtype="seg", mid="2")
                second.text = text[half:]
            return xml_bytes(root)

        return make

    add("xliff seg-source segments", "Okapi", "xliff", segmented("full"), all26)
    add(
        "xliff empty segment",
        "Trados",
        "xliff",
        segmented("empty"),
        Expect(applied=26, review=1, says=("segment 2 of 2", "is empty")),
    )
    add(
        "xliff missing segment",
        "Okapi",
        "xliff",
        segmented("missing"),
        Expect(applied=26, review=1, says=("has no translation",)),
    )

    def codes_converted(c: Corpus) -> bytes:
        """<g> as <bpt>/<ept>, <x/> as <ph>, as Okapi and OmegaT write codes."""
        root = tree(translated(c, "xliff"))
        for pair in list(root.iter(f"{{{X12}}}g")):
            parent, number = pair.getparent(), pair.get("id")
            start = etree.Element(f"{{{X12}}}bpt", id=number)
            start.text = "&lt;a&gt;"
            end = etree.Element(f"{{{X12}}}ept", id=number)
            end.text = "&lt;/a&gt;"
            index = parent.index(pair)
            end.tail = pair.tail
            start.tail = pair.text
            children = list(pair)
            parent.remove(pair)
            parent.insert(index, start)
            for offset, child in enumerate(children, start=1):
                parent.insert(index + offset, child)
            parent.insert(index + len(children) + 1, end)
        for empty in list(root.iter(f"{{{X12}}}x")):
            ph = etree.Element(f"{{{X12}}}ph", id=empty.get("id"))
            ph.text = "&lt;br/&gt;"
            ph.tail = empty.tail
            empty.getparent().replace(empty, ph)
        return xml_bytes(root)

    add("xliff codes converted to bpt/ept/ph", "OmegaT", "xliff", codes_converted, all26)

    def code_dropped(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        for unit in units12(root):
            target = unit.find(f"{{{X12}}}target")
            pair = target.find(f"{{{X12}}}g")
            if pair is not None:
                pair.getparent().remove(pair)
                break
        return xml_bytes(root)

    add(
        "xliff code deleted",
        "memoQ",
        "xliff",
        code_dropped,
        Expect(applied=25, broken=1, says=("placeholder",)),
    )

    def note12(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        unit = _plain_units(units12(root), f"{{{X12}}}target")[0]
        note = etree.SubElement(unit, f"{{{X12}}}note", attrib={"from": "translator"})
        note.text = "QUERY: majeurs or considérables?"
        return xml_bytes(root)

    add(
        "xliff translator note",
        "Trados",
        "xliff",
        note12,
        Expect(applied=26, notes=1),
        check=lambda root: note_kept(root, "QUERY: majeurs or considérables?"),
    )

    def multi(fmt: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            roots = [tree(translated(c, fmt, slug=slug)) for slug in (SEED, *OTHERS)]
            first = roots[0]
            ns = X12 if fmt == "xliff" else X2
            for number, other in enumerate(roots[1:], start=2):
                file = other.find(f"{{{ns}}}file")
                if fmt == "xliff2":
                    file.set("id", f"f{number}")
                first.append(file)
            return xml_bytes(first)

        return make

    add(
        "xliff three <file>s (Matecat)",
        "Matecat",
        "xliff",
        multi("xliff"),
        Expect(applied=26 + 29 + 24, files=3),
    )
    add(
        "xliff2 three <file>s (Trados)",
        "Trados",
        "xliff2",
        multi("xliff2"),
        Expect(applied=26 + 29 + 24, files=3),
    )
    add(
        "xliff CRLF and BOM",
        "Trados",
        "xliff",
        lambda c: codecs.BOM_UTF8 + translated(c, "xliff").replace(b"\n", b"\r\n"),
        all26,
    )

    def utf16(fmt: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            text = translated(c, fmt).decode("utf-8")
            text = text.replace("encoding='UTF-8'", "encoding='UTF-16'")
            return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

        return make

    add("xliff UTF-16", "memoQ", "xliff", utf16("xliff"), all26)
    add("xliff2 UTF-16", "memoQ", "xliff2", utf16("xliff2"), all26)

    def review_states(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        for number, unit in enumerate(units12(root)):
            if number % 3 == 0:
                unit.find(f"{{{X12}}}target").set("state", "needs-review-translation")
        return xml_bytes(root)

    add(
        "xliff needs-review states, approved left on",
        "OmegaT",
        "xliff",
        review_states,
        Expect(applied=26, review=9),
    )

    def phrase(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        for number, unit in enumerate(units12(root)):
            unit.set(f"{{{PHRASE}}}confirmed", "1" if number % 2 == 0 else "0")
            unit.attrib.pop("approved", None)
            unit.find(f"{{{X12}}}target").attrib.pop("state", None)
        return xml_bytes(root)

    add("xliff Phrase unconfirmed", "Phrase", "xliff", phrase, Expect(applied=26, review=13))

    def xml_newline(fmt: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            root = tree(translated(c, fmt))
            units = units12(root) if fmt == "xliff" else units2(root)
            tag = f"{{{X12 if fmt == 'xliff' else X2}}}target"
            unit = _plain_units(units, tag)[0]
            unit.find(f".//{tag}").text += "\n"
            return xml_bytes(root)

        return make

    add(
        "xliff trailing newline",
        "memoQ",
        "xliff",
        xml_newline("xliff"),
        Expect(applied=26, says=("line break at the end removed",)),
    )
    add(
        "xliff2 trailing newline",
        "Okapi",
        "xliff2",
        xml_newline("xliff2"),
        Expect(applied=26, says=("line break at the end removed",)),
    )

    def stale12(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff"))
        unit = _plain_units(units12(root), f"{{{X12}}}target")[0]
        unit.find(f"{{{X12}}}source").text += " (draft)"
        return xml_bytes(root)

    add(
        "xliff exported from an older source",
        "memoQ",
        "xliff",
        stale12,
        Expect(applied=25, stale=1),
    )

    def foreign_ids(c: Corpus) -> bytes:
        """Another tool's ids and no relay header: matched by original and unit id."""
        root = tree(translated(c, "xliff"))
        header = root.find(f".//{{{X12}}}header")
        for child in list(header):
            if child.tag == f"{{{X12}}}note":
                header.remove(child)
        return xml_bytes(root)

    add("xliff header notes dropped (Okapi)", "Okapi", "xliff", foreign_ids, all26)

    # ---- XLIFF 2.0 / 2.1 / 2.2 ----
    add("xliff2 translated", "relay", "xliff2", lambda c: translated(c, "xliff2"), all26)

    def split2(mode: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            root = tree(translated(c, "xliff2"))
            unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
            segment = unit.find(f"{{{X2}}}segment")
            source, target = segment.find(f"{{{X2}}}source"), segment.find(f"{{{X2}}}target")
            half_s = source.text.index(" ", len(source.text) // 2)
            half_t = target.text.index(" ", len(target.text) // 2)
            second = etree.Element(f"{{{X2}}}segment", state="translated")
            segment.addnext(second)
            src2 = etree.SubElement(second, f"{{{X2}}}source")
            src2.text = source.text[half_s:]
            source.text = source.text[:half_s]
            if mode != "missing":
                tgt2 = etree.SubElement(second, f"{{{X2}}}target")
                tgt2.text = "" if mode == "empty" else target.text[half_t:]
            target.text = target.text[:half_t] + (" " if mode != "full" else "")
            return xml_bytes(root)

        return make

    add("xliff2 two segments", "Okapi", "xliff2", split2("full"), all26)
    add(
        "xliff2 empty segment",
        "Okapi",
        "xliff2",
        split2("empty"),
        Expect(applied=26, review=1, says=("segment 2 of 2 is empty",)),
    )
    add(
        "xliff2 missing segment target",
        "OmegaT",
        "xliff2",
        split2("missing"),
        Expect(applied=26, review=1, says=("segment 2 of 2 has no translation",)),
    )

    def annotations(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff2"))
        unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
        target = unit.find(f".//{{{X2}}}target")
        words = target.text.split(" ")
        target.text = words[0] + " "
        mark = etree.SubElement(target, f"{{{X2}}}mrk", id="m1", type="comment", value="ok?")
        mark.text = words[1]
        mark.tail = " " + " ".join(words[2:])
        return xml_bytes(root)

    add("xliff2 <mrk> comment annotation", "Okapi", "xliff2", annotations, all26)

    def sm_em(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff2"))
        unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
        target = unit.find(f".//{{{X2}}}target")
        words = target.text.split(" ")
        target.text = words[0] + " "
        start = etree.SubElement(target, f"{{{X2}}}sm", id="a1", type="term")
        start.tail = words[1]
        end = etree.SubElement(target, f"{{{X2}}}em", startRef="a1")
        end.tail = " " + " ".join(words[2:])
        return xml_bytes(root)

    add("xliff2 <sm/>/<em/> markers", "Okapi", "xliff2", sm_em, all26)

    def cp(hexa: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            root = tree(translated(c, "xliff2"))
            unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
            target = unit.find(f".//{{{X2}}}target")
            point = etree.SubElement(target, f"{{{X2}}}cp", hex=hexa)
            point.tail = " fin"
            return xml_bytes(root)

        return make

    add(
        "xliff2 <cp hex=0000>",
        "Okapi",
        "xliff2",
        cp("0000"),
        Expect(applied=25, broken=1, says=("U+0000",)),
    )
    add(
        "xliff2 <cp hex=000B>",
        "Okapi",
        "xliff2",
        cp("000B"),
        Expect(applied=25, broken=1, says=("U+000B",)),
    )
    add("xliff2 <cp hex=00A0> (no-break space)", "Okapi", "xliff2", cp("00A0"), all26)

    def note2(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff2"))
        unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
        notes = unit.find(f"{{{X2}}}notes")
        if notes is None:
            notes = etree.Element(f"{{{X2}}}notes")
            unit.find(f"{{{X2}}}segment").addprevious(notes)
        note = etree.SubElement(notes, f"{{{X2}}}note", category="translator")
        note.text = "QUERY: is this the 2013 figure?"
        return xml_bytes(root)

    add(
        "xliff2 translator note",
        "Phrase",
        "xliff2",
        note2,
        Expect(applied=26, notes=1),
        check=lambda root: note_kept(root, "QUERY: is this the 2013 figure?"),
    )

    def version(number: str) -> Callable[[Corpus], bytes]:
        def make(c: Corpus) -> bytes:
            return translated(c, "xliff2").replace(b'version="2.0"', f'version="{number}"'.encode())

        return make

    add("xliff2 version 2.1", "Okapi", "xliff2", version("2.1"), all26)
    add("xliff2 version 2.2", "Okapi", "xliff2", version("2.2"), all26)

    def tracked2(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff2"))
        unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
        target = unit.find(f".//{{{X2}}}target")
        mark = etree.SubElement(target, f"{{{X2}}}mrk", id="d1", type="x-sdl-deleted")
        mark.text = " très élevés"
        return xml_bytes(root)

    add(
        "xliff2 tracked deletion",
        "Trados",
        "xliff2",
        tracked2,
        Expect(applied=25, broken=1, says=("accept or reject",)),
    )

    def states2(c: Corpus) -> bytes:
        root = tree(translated(c, "xliff2"))
        for number, unit in enumerate(units2(root)):
            segment = unit.find(f"{{{X2}}}segment")
            segment.set("state", ("reviewed", "final", "initial")[number % 3])
        return xml_bytes(root)

    add("xliff2 reviewed/final/initial", "Weblate", "xliff2", states2, Expect(applied=26, review=8))

    def change_track(c: Corpus) -> bytes:
        """The Change Tracking module's history, outside the content: not the text."""
        root = tree(translated(c, "xliff2"))
        ctr = "urn:oasis:names:tc:xliff:changetracking:2.0"
        unit = _plain_units(units2(root), f"{{{X2}}}target")[0]
        track = etree.Element(f"{{{ctr}}}changeTrack")
        unit.insert(0, track)
        revisions = etree.SubElement(track, f"{{{ctr}}}revisions", appliesTo="target")
        revision = etree.SubElement(revisions, f"{{{ctr}}}revision", author="marie")
        item = etree.SubElement(revision, f"{{{ctr}}}item", property="content")
        item.text = "Ancienne version"
        return xml_bytes(root)

    add("xliff2 change-tracking history", "Okapi", "xliff2", change_track, all26)
    add(
        "xliff2 exported from an older source",
        "Okapi",
        "xliff2",
        lambda c: translated(c, "xliff2").replace(
            b"<source>Note to editors</source>", b"<source>Notes to editors</source>"
        ),
        Expect(applied=25, stale=1),
    )
    return made


RUSSIAN_FLAGGED = 26  # every unit of SEED: its Russian is mostly Cyrillic beyond the source's words


# -- what the project holds afterwards -------------------------------------------------------


def no_directive(root: Path) -> None:
    """No line of any catalog is a ``relay-ignore:`` directive written by import."""
    for path in (root / "locales").rglob("*.po"):
        for line in path.read_text("utf-8").splitlines():
            assert not re.match(r"^#\s*relay-ignore:", line), f"{path.name}: {line}"


def note_kept(root: Path, text: str) -> None:
    catalog = (root / "locales" / "fr" / f"{SEED}.po").read_text("utf-8")
    assert f"# translator note: {text}" in catalog, "the translator's note was not kept"


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    counts: dict[str, int]
    review: int
    notes: int
    files: int
    messages: tuple[str, ...]
    gettext: tuple[str, ...]  # what msgfmt --check or msgcat said of a catalog (empty: clean)


def run(corpus: Corpus, scenario: Scenario, folder: Path) -> Result:
    """Import a scenario's file into a copy of its project; say what happened."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(corpus.root / scenario.base, folder, ignore=shutil.ignore_patterns("outbox"))
    returned = folder / f"returned{SUFFIX[scenario.fmt]}"
    returned.write_bytes(scenario.make(corpus))
    # Only the options a scenario needs, so that the corpus also runs on older relays (to
    # show what they did with the same files).
    options = {"accept_langs": scenario.accept} if scenario.accept else {}
    report: ImportReport = import_files(open_project(folder), [returned], **options)
    counts: dict[str, int] = {}
    messages: list[str] = []
    review = notes = 0
    for imported in report.files:
        for kind, number in imported.counts.items():
            counts[kind] = counts.get(kind, 0) + number
        messages.extend(getattr(imported, "remarks", ()))
        messages.extend(f"{o.kind}: {o.detail}" for o in imported.outcomes if o.detail)
        review += sum(
            o.kind == "applied" and getattr(o, "review", False) for o in imported.outcomes
        )
        notes += sum(getattr(o, "notes", 0) for o in imported.outcomes)
    messages.extend(
        f"{e.message.replace(str(folder) + '/', '')} {e.hint or ''}" for e in report.errors
    )
    return Result(
        scenario,
        counts,
        review,
        notes,
        len(report.files),
        tuple(messages),
        tuple(gettext_verdict(folder)),
    )


def gettext_verdict(root: Path) -> list[str]:
    """What ``msgfmt --check`` and ``msgcat`` find wrong with the project's catalogs."""
    said = []
    for path in sorted((root / "locales").rglob("*.po")):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        if check.returncode:
            said.append(f"{path.name}: msgfmt: {check.stderr.strip()}")
        cat = subprocess.run(["msgcat", str(path)], capture_output=True)
        if cat.returncode or cat.stdout != path.read_bytes():
            said.append(f"{path.name}: msgcat changes it")
    return said


def outcome_of(result: Result) -> Expect:
    """The result in the terms of :class:`Expect` (``says`` left empty)."""
    c = result.counts
    return Expect(
        applied=c.get("applied", 0),
        unchanged=c.get("unchanged", 0),
        stale=c.get("stale", 0),
        conflict=c.get("conflict", 0),
        unknown=c.get("unknown", 0),
        broken=c.get("broken", 0),
        review=result.review,
        notes=result.notes,
        refused=result.files == 0,
        files=result.files,
    )
