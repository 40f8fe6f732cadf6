"""relay export / relay import end to end, on the sample project, as a coordinator runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support.catalogs import stand_in
from support.paths import DATA
from support.tools import gettext
from translate.storage import factory
from typer.testing import CliRunner

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, read_po, write_po
from relay.cli.app import app
from relay.core.project import open_project
from relay.exchange.handoff import read_package
from relay.extract.run import extract
from relay.publish.run import publish

runner = CliRunner()
SEED = "2013-04-23-kazakhstan-innovation"


def relay(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def fresh(sample_project: Path) -> Path:
    """The sample project with its French translations removed: work to send out."""
    for path in (sample_project / "locales" / "fr").glob("*.po"):
        catalog = read_po(path.read_bytes(), path=str(path))
        catalog.entries = [entry.with_(msgstr="", fuzzy=False) for entry in catalog.entries]
        path.write_bytes(write_po(catalog))
    return sample_project


def _stand_in(msgid: str) -> str:
    return "FR " + stand_in(msgid, "fr")


def fill_po(path: Path, translate: dict[str, str] | None = None) -> None:
    """Translate a returned PO file the way a translator's tool would."""
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries = [
        entry.with_(msgstr=(translate or {}).get(entry.msgid, _stand_in(entry.msgid)), fuzzy=False)
        for entry in catalog.entries
    ]
    path.write_bytes(write_po(Catalog(catalog.header, catalog.entries)))


def test_one_extraction_three_formats_same_unit_ids(fresh: Path) -> None:
    ids = {}
    for fmt in ("po", "xliff", "xliff2"):
        code, output = relay(
            fresh, "export", "--lang", "fr", "--format", fmt, "--out", str(fresh / fmt)
        )
        assert code == 0, output
        path = next((fresh / fmt / "fr").glob(f"{SEED}.*"))
        package = read_package(path.read_bytes(), path=str(path))
        assert package.release == SEED and package.target_lang == "fr"
        ids[fmt] = [(unit.id, unit.source) for unit in package.units]
    assert ids["po"] == ids["xliff"] == ids["xliff2"]
    assert len(ids["po"]) == 26


def test_po_export_is_valid_po_for_gettext_and_translate_toolkit(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr")[0] == 0
    for path in (fresh / "outbox" / "fr").glob("*.po"):
        subprocess.run([gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)
        store = factory.getobject(str(path))
        assert len([unit for unit in store.units if not unit.isheader()]) > 20


def test_round_trip_po_then_publish(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr")[0] == 0
    returned = fresh / "outbox" / "fr" / f"{SEED}.po"
    fill_po(returned)
    code, output = relay(fresh, "import", str(returned))
    assert code == 0, output
    assert "26 applied" in output
    catalog = load_catalog(fresh / "locales" / "fr" / f"{SEED}.po")
    assert catalog is not None and all(entry.translated for entry in catalog.active)
    report = publish(open_project(fresh))
    assert any(v.slug == SEED and v.lang == "fr" and v.published for v in report.variants)


def test_import_needs_nothing_but_the_file(fresh: Path, tmp_path: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr", "--format", "xliff2")[0] == 0
    renamed = tmp_path / "from-the-translator.txt"
    shutil.copy(fresh / "outbox" / "fr" / f"{SEED}.xlf", renamed)
    code, output = relay(fresh, "import", str(renamed), "--json")
    assert code == 0, output
    [imported] = json.loads(output)["files"]
    assert imported["format"] == "xliff2" and imported["release"] == SEED
    assert imported["lang"] == "fr"


def test_stale_work_is_kept_as_fuzzy_and_reported(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr")[0] == 0
    returned = fresh / "outbox" / "fr" / f"{SEED}.po"
    fill_po(returned)
    source = fresh / "sources" / f"{SEED}.html"
    source.write_text(
        source.read_text("utf-8").replace("Mr. Asset Ishekeshev", "Mr. Asset Issekeshev"), "utf-8"
    )
    extract(open_project(fresh))
    code, output = relay(fresh, "import", str(returned))
    assert code == 0, output
    assert "1 stale" in output
    assert "the source has changed since this file was exported" in output
    catalog = load_catalog(fresh / "locales" / "fr" / f"{SEED}.po")
    assert catalog is not None
    [changed] = [entry for entry in catalog.active if entry.fuzzy]
    assert changed.msgid.startswith("Mr. Asset Issekeshev described")
    assert changed.previous is not None and changed.previous.startswith("Mr. Asset Ishekeshev")
    assert changed.msgstr == _stand_in(changed.previous)


def test_conflict_is_reported_and_ours_kept_unless_prefer_theirs(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr")[0] == 0
    returned = fresh / "outbox" / "fr" / f"{SEED}.po"
    fill_po(returned)
    ours = fresh / "locales" / "fr" / f"{SEED}.po"
    catalog = read_po(ours.read_bytes(), path=str(ours))
    catalog.entries = [
        entry.with_(msgstr="Note aux rédactions") if entry.msgid == "Note to editors" else entry
        for entry in catalog.entries
    ]
    ours.write_bytes(write_po(catalog))
    code, output = relay(fresh, "import", str(returned), "--dry-run")
    assert code == 0 and "1 conflict" in output and "dry run" in output
    assert "Note aux rédactions" in ours.read_text("utf-8")
    relay(fresh, "import", str(returned))
    assert (
        read_po(ours.read_bytes(), path="x").find("Note to editors").msgstr == "Note aux rédactions"
    )
    relay(fresh, "import", str(returned), "--prefer-theirs")
    assert read_po(ours.read_bytes(), path="x").find("Note to editors").msgstr == _stand_in(
        "Note to editors"
    )


def test_broken_and_unknown_units_are_reported(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr")[0] == 0
    returned = fresh / "outbox" / "fr" / f"{SEED}.po"
    catalog = read_po(returned.read_bytes(), path="x")
    catalog.entries[3:5] = [
        catalog.entries[3].with_(msgstr="<b>Cassé</b> sans balises"),
        catalog.entries[4].with_(
            msgid="A sentence that is not in the release.", msgstr="Une phrase.", id=None
        ),
    ]
    returned.write_bytes(write_po(catalog))
    code, output = relay(fresh, "import", str(returned), "--json")
    assert code == 0
    units = json.loads(output)["files"][0]["units"]
    kinds = {unit["outcome"] for unit in units}
    assert {"broken", "unknown"} <= kinds


def test_unreadable_file_changes_nothing(fresh: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (fresh / "locales").rglob("*.po")}
    bad = tmp_path / "bad.xlf"
    bad.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file><body>\n</xliff>\n')
    code, output = relay(fresh, "import", str(bad))
    assert code == 2
    assert "bad.xlf" in output
    assert {p: p.read_bytes() for p in (fresh / "locales").rglob("*.po")} == before


def test_external_entities_are_refused(fresh: Path, tmp_path: Path) -> None:
    evil = tmp_path / "evil.xlf"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="sources/a.html" source-language="en" target-language="fr" datatype="html">'
        '<body><trans-unit id="1"><source>&x;</source></trans-unit></body></file></xliff>\n'
    )
    code, output = relay(fresh, "import", str(evil))
    assert code == 2
    assert "root:" not in output
    assert "not allowed" in output


def test_round_trip_through_translate_toolkit_xliff(fresh: Path) -> None:
    assert relay(fresh, "export", "--lang", "fr", "--format", "xliff")[0] == 0
    path = fresh / "outbox" / "fr" / "2015-10-05-road-safety.xlf"
    store = factory.getobject(str(path))
    for unit in store.units:
        if unit.source:
            unit.target = "FR " + unit.source
            unit.markfuzzy(False)
            unit.markapproved(True)
    store.save()
    code, output = relay(fresh, "import", str(path))
    assert code == 0, output
    catalog = load_catalog(fresh / "locales" / "fr" / "2015-10-05-road-safety.po")
    assert catalog is not None and all(entry.translated for entry in catalog.active)


CORPUS = sorted((DATA / "realworld").rglob("*.*"))  # parametrizes a test: needed while collecting


@pytest.mark.parametrize(
    "path",
    [p for p in CORPUS if p.suffix in {".xlf", ".xliff", ".sdlxliff", ".po"}],
    ids=lambda p: p.name,
)
def test_real_world_files_import_or_are_refused_clearly(sample_project: Path, path: Path) -> None:
    before = {p: p.read_bytes() for p in (sample_project / "locales").rglob("*.po")}
    code, output = relay(sample_project, "import", str(path), "--json")
    assert code in {0, 2}
    if code == 0:
        files = json.loads(output)["files"]
        assert all(f["summary"]["applied"] == 0 for f in files)
    else:
        assert path.name in output
    assert {p: p.read_bytes() for p in (sample_project / "locales").rglob("*.po")} == before
