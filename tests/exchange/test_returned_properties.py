"""Properties of import over returned files: gettext-valid catalogs, no planted directive,
relay's own exports come back unchanged, translators' notes live on, as a coordinator sees it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support.tools import gettext
from translate.storage import factory
from typer.testing import CliRunner

from relay.catalogs.po import load_catalog, read_po, write_po
from relay.checks.suppression import suppressions
from relay.cli.app import app
from relay.core.errors import CatalogError
from relay.core.project import open_project
from relay.exchange import po_files, xliff2, xliff12
from relay.exchange.handoff import export_packages, import_files, make_package, read_package
from relay.exchange.merging import merge
from relay.exchange.package import Package
from relay.extract.run import extract
from relay.sources.discovery import discover

runner = CliRunner()
SEED = "2013-04-23-kazakhstan-innovation"
PLANT = "relay-ignore: number-value e64e35a997ae"
WRITERS = {"xliff": xliff12.write, "xliff2": xliff2.write}


def relay(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


def gettext_clean(path: Path) -> None:
    check = subprocess.run(
        [gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    cat = subprocess.run([gettext("msgcat"), str(path)], capture_output=True, check=True)
    assert cat.stdout == path.read_bytes(), "msgcat changes the catalog"


def no_directive(data: bytes) -> None:
    """No comment of any entry is a suppression, and no line starts one."""
    catalog = read_po(data, path="catalog.po")
    for entry in catalog.entries:
        assert not suppressions(entry.comments), entry.comments
    for line in data.decode("utf-8").splitlines():
        assert not line.lstrip("# ").startswith("relay-ignore"), line


# -- random returned text, through every reader, into a catalog ------------------------------

PIECES = st.sampled_from(
    [
        "Bonjour", " ", "\n", "\r\n", "\t", "\\", '"', "\x00", "\x0b", "\x1b", "\u2028",
        "<1>", "</1>", "<2/>", "Вода", "# ", PLANT, "\n# " + PLANT, "%s", "&amp;", "é",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=8).map("".join)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, object]:
    """The sample project, its SEED release and French catalog (read once)."""
    from support.paths import REPO

    root = tmp_path_factory.mktemp("seed") / "project"
    root.mkdir()
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locales", root / "locales")
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr", "ru"]\n', "utf-8")
    project = open_project(root)
    release = next(r for r in discover(project).releases if r.slug == SEED)
    catalog = load_catalog(project.catalog_path("fr", SEED))
    return root, release, catalog


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_import_leaves_a_gettext_valid_catalog_and_no_directive(
    fmt: str, data: st.DataObject, seed: tuple, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Random targets, notes and stale sources, returned in any format: whatever import
    writes passes msgfmt --check, is msgcat's own output, and holds no relay-ignore line."""
    root, release, catalog = seed
    project = open_project(root)
    package = make_package(release, catalog, project, "fr", False)
    units = []
    for index, unit in enumerate(package.units):
        if index >= 6:
            units.append(unit)
            continue
        target = data.draw(TEXT, label=f"target {index}")
        stale = data.draw(st.booleans(), label=f"stale {index}")
        queries = tuple(data.draw(st.lists(TEXT.filter(str.strip), max_size=2)))
        units.append(
            replace(
                unit,
                source=unit.source + " (draft)" if stale else unit.source,
                target=target,
                state=data.draw(st.sampled_from(["translated", "fuzzy"])),
                queries=queries,
                base=None,
            )
        )
    returned = replace(package, units=tuple(units), format=fmt)
    if fmt == "po":
        header = dict(catalog.header, **{"Last-Translator": data.draw(TEXT)})
        raw = po_files.write(returned, header=header)
    else:
        # XML 1.0 cannot carry a NUL or an escape: a tool sends them as <cp> (scenarios).
        raw = WRITERS[fmt](_xml_safe(returned))
    try:
        read = read_package(raw, path=f"returned.{fmt}")
    except CatalogError:
        return  # refused whole, with a reason: nothing written
    merged, _ = merge(catalog, read, lang="fr", origin="returned")
    written = write_po(merged)
    path = tmp_path_factory.mktemp("catalog") / "fr.po"
    path.write_bytes(written)
    gettext_clean(path)
    no_directive(written)


def _xml_safe(package: Package) -> Package:
    def clean(text: str) -> str:
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)

    units = tuple(
        replace(u, target=clean(u.target), queries=tuple(map(clean, u.queries)))
        for u in package.units
    )
    return replace(package, units=units)


def test_stale_text_and_notes_can_plant_no_suppression(seed: tuple) -> None:
    """Every place import puts a translator's text: msgstr, stale comment, notes, header."""
    root, release, catalog = seed
    project = open_project(root)
    package = make_package(release, catalog, project, "fr", False)
    plain = [unit for unit in package.units if "<" not in unit.source]
    first, second, third = plain[:3]
    payload = "ok\n" + PLANT + "\n# " + PLANT
    changed = {
        first.id: replace(first, target=payload, state="translated", base=None, queries=(payload,)),
        second.id: replace(second, source=second.source + " (draft)", target=payload, base=None),
        third.id: replace(third, target="", queries=("# " + PLANT, PLANT)),
    }
    units = tuple(changed.get(unit.id, unit) for unit in package.units)
    header = dict(catalog.header, **{"Last-Translator": PLANT})
    raw = po_files.write(replace(package, units=units), header=header)
    merged, outcomes = merge(catalog, read_package(raw, path="x.po"), lang="fr", origin="x.po")
    kinds = {o.unit: o.kind for o in outcomes}
    assert [kinds[first.id], kinds[second.id], kinds[third.id]] == [
        "conflict",
        "stale",
        "unchanged",
    ]
    assert sum(o.notes for o in outcomes) == 3
    no_directive(write_po(merged))
    # The stale translation is kept whole, on one line, where a coordinator can read it.
    comments = next(e for e in merged.entries if e.msgid == second.source).comments
    assert any("ok\\nrelay-ignore" in line for line in comments)


# -- relay's own exports, returned untouched -------------------------------------------------


@pytest.mark.slow
def test_every_export_returned_untouched_is_unchanged(sample_project: Path) -> None:
    """Every release, language and format, after memory filled a suggestion for a unit whose
    neighbour in memory has a code the unit has not (E-mail: <1>…</1>)."""
    for lang in ("fr", "ru"):
        path = sample_project / "locales" / lang / "2015-10-05-road-safety.po"
        catalog = read_po(path.read_bytes(), path=str(path))
        catalog.entries = [e for e in catalog.entries if not e.msgid.startswith("E-mail")]
        path.write_bytes(write_po(catalog))
    project = open_project(sample_project)
    extract(project)
    for lang in ("fr", "ru"):
        filled = load_catalog(project.catalog_path(lang, "2015-10-05-road-safety"))
        entry = next(e for e in filled.entries if e.msgid.startswith("E-mail"))
        assert entry.fuzzy and entry.msgstr and "<1>" not in entry.msgstr, entry
    for lang in ("fr", "ru"):
        for fmt in ("po", "xliff", "xliff2"):
            out = sample_project / "out" / fmt
            files, errors = export_packages(project, lang=lang, fmt=fmt, out=out)
            assert not errors and len(files) == 3
            report = import_files(project, [file.path for file in files], dry_run=True)
            assert not report.errors
            for imported in report.files:
                kinds = {o.kind for o in imported.outcomes}
                assert kinds == {"unchanged"}, (lang, fmt, imported.slug, imported.outcomes)
            if fmt == "xliff":  # what the translator sees: no code as text in any target
                for file in files:
                    root = etree.fromstring(file.path.read_bytes())
                    for target in root.iter("{urn:oasis:names:tc:xliff:document:1.2}target"):
                        text = "".join(target.itertext())
                        assert not re.search(r"</?[0-9]+/?>", text), (file.path.name, text)


def test_translate_toolkit_reads_relay_xliff_translations_as_translated(
    sample_project: Path,
) -> None:
    code, output = relay(sample_project, "export", "--lang", "fr", "--format", "xliff")
    assert code == 0, output
    for path in (sample_project / "outbox" / "fr").glob("*.xlf"):
        store = factory.getobject(str(path))
        units = [unit for unit in store.units if unit.source]
        assert units and all(unit.istranslated() and not unit.isfuzzy() for unit in units)


# -- notes, languages, counts and folders, as a coordinator meets them -----------------------


def _with_note(path: Path, note: str) -> None:
    text = path.read_text("utf-8")
    marker = "</source>"
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + f'\n<note from="translator">{note}</note>' + text[at:], "utf-8")


@pytest.mark.slow
def test_translator_notes_are_kept_listed_carried_and_resolved(sample_project: Path) -> None:
    root = sample_project
    assert relay(root, "export", "--lang", "fr", "--format", "xliff")[0] == 0
    returned = root / "outbox" / "fr" / f"{SEED}.xlf"
    _with_note(returned, "QUERY: majeurs or considérables?")
    code, output = relay(root, "import", str(returned))
    assert code == 0 and "1 translator note" in output, output
    code, output = relay(root, "status", "--json")
    rows = json.loads(output)["status"]
    notes = [note for row in rows for note in row["notes"]]
    assert [note["note"] for note in notes] == ["QUERY: majeurs or considérables?"]
    code, output = relay(root, "status")
    assert "Open translator notes (1)" in output and "majeurs or considérables" in output
    # Carried into every later export, and not counted again when it comes back.
    for fmt, marker in (
        ("po", b"# translator note: QUERY"),
        ("xliff", b'<note from="translator">QUERY'),
        ("xliff2", b'<note category="translator">QUERY'),
    ):
        out = root / "again" / fmt
        assert relay(root, "export", "--lang", "fr", "--format", fmt, "--out", str(out))[0] == 0
        again = next((out / "fr").glob(f"{SEED}.*"))
        assert marker in again.read_bytes(), fmt
        code, output = relay(root, "import", str(again))
        assert code == 0 and "translator note" not in output, output
    code, output = relay(root, "report", "--out", str(root / "report.html"))
    assert code == 0, output
    page = (root / "report.html").read_text("utf-8")
    assert "Open translator notes" in page and "majeurs or considérables?" in page
    unit = notes[0]["unit"]
    code, output = relay(root, "notes", "resolve", SEED, "fr", unit)
    assert code == 0 and "resolved 1 note" in output, output
    rows = json.loads(relay(root, "status", "--json")[1])["status"]
    assert not [note for row in rows for note in row["notes"]]
    assert relay(root, "export", "--lang", "fr", "--format", "xliff")[0] == 0
    assert b"majeurs" not in returned.read_bytes()


def test_the_summary_says_how_many_applied_units_need_review(sample_project: Path) -> None:
    root = sample_project
    assert relay(root, "export", "--lang", "fr", "--format", "po")[0] == 0
    returned = root / "outbox" / "fr" / f"{SEED}.po"
    catalog = read_po(returned.read_bytes(), path=str(returned))
    catalog.entries = [
        e.with_(msgstr=e.msgstr + " ", fuzzy=n % 2 == 0) for n, e in enumerate(catalog.entries)
    ]
    returned.write_bytes(write_po(catalog))
    code, output = relay(root, "import", "--prefer-theirs", str(returned))
    assert code == 0, output
    assert "(13 need review)" in output, output


def test_deleted_release_and_variant_languages_are_said_plainly(sample_project: Path) -> None:
    root = sample_project
    assert relay(root, "export", "--lang", "fr", "--format", "po")[0] == 0
    returned = root / "outbox" / "fr" / f"{SEED}.po"
    (root / "sources" / f"{SEED}.html").unlink()
    code, output = relay(root, "import", str(returned))
    assert code == 2
    assert f"for release '{SEED}', which is no longer in sources/" in output, output
    assert "None" not in output and "1 units" not in output


def test_no_traceback_in_a_deleted_folder(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for command in ("status", "check", "import x.po", "export --lang fr", "notes list"):
        done = subprocess.run(
            ["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && "{sys.executable}" -m relay {command}'],
            capture_output=True,
            text=True,
            env=env,
        )
        gone.mkdir()
        assert "Traceback" not in done.stderr, (command, done.stderr)
        assert "no longer exists" in done.stderr, (command, done.stderr)
