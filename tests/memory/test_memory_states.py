"""Memory keeps the best state it has seen of a translation, and a match says it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from relay.catalogs.catalog import Catalog, fingerprint
from relay.catalogs.po import load_catalog, read_po, write_po
from relay.cli.app import app
from relay.core.errors import CatalogError
from relay.core.project import open_project
from relay.exchange import xliff2, xliff12
from relay.exchange.package import ExchangeUnit, Package
from relay.memory import states, tmx
from relay.memory.records import Match
from relay.memory.states import Seen
from relay.memory.store import memory_matches, memory_path, open_memory

runner = CliRunner()
SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
ROAD = "2015-10-05-road-safety"
NEW = "2016-02-10-innovation-belarus"
INFO = "Information Unit"
STAKES = "The stakes are high."


def _relay(project: Path, *args: str) -> str:
    result = runner.invoke(app, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _catalog(root: Path, lang: str, slug: str) -> Catalog:
    catalog = load_catalog(root / "locales" / lang / f"{slug}.po")
    assert catalog is not None
    return catalog


def _approve(root: Path, lang: str, slug: str, msgid: str, by: str = "Olga Sidorova") -> str:
    """Approve one unit in its catalog, as an import of a sign-off leaves it; give its text."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog = _catalog(root, lang, slug)
    for number, entry in enumerate(catalog.entries):
        if entry.msgid == msgid and not entry.obsolete:
            step = f"relay-state: approved by {by} on 2026-12-06 for {fingerprint(entry.msgstr)}"
            catalog.entries[number] = entry.with_(comments=(*entry.comments, step))
            path.write_bytes(write_po(catalog))
            return entry.msgstr
    raise AssertionError(msgid)


def _states_of(root: Path, lang: str, source: str) -> set[tuple[str, str]]:
    index, _ = open_memory(open_project(root))
    with index:
        return {(item.target, item.state) for item in index.exact(source, lang)}


# -- the best state across releases -------------------------------------------------------------


def test_a_translation_approved_in_an_older_release_is_approved_in_memory(
    sample_project: Path,
) -> None:
    # "Information Unit" has one French translation in all three releases; the oldest release
    # approved it, the two more recent ones hold it as merely translated.
    target = _approve(sample_project, "fr", SEED, INFO)
    index, _ = open_memory(open_project(sample_project))
    with index:
        found = index.exact(INFO, "fr")
        assert found[0].origin == ROAD  # the most recent use is still where it comes from
        assert {(item.target, item.state) for item in found} == {(target, "approved")}
        [record] = [r for r in index.records(["fr"]) if r.source == INFO]
        assert record.state == "approved" and record.origin == ROAD
    # The match an export offers for it says so too, whichever release it comes from.
    [match] = memory_matches(open_project(sample_project), "fr", [INFO])[INFO]
    assert match.origin.startswith(ROAD) and match.state == "approved"


def test_another_translation_of_the_same_source_is_not_approved_by_it(
    sample_project: Path,
) -> None:
    approved = _approve(sample_project, "fr", SEED, INFO)
    path = sample_project / "locales" / "fr" / f"{ROAD}.po"
    catalog = _catalog(sample_project, "fr", ROAD)
    catalog.entries = [
        e.with_(msgstr="Unité de l’information") if e.msgid == INFO else e for e in catalog
    ]
    path.write_bytes(write_po(catalog))
    assert _states_of(sample_project, "fr", INFO) == {
        (approved, "approved"),
        ("Unité de l’information", ""),
    }


def test_an_index_of_the_previous_schema_is_rebuilt_without_losing_anything(
    sample_project: Path,
) -> None:
    target = _approve(sample_project, "fr", SEED, INFO)
    path = memory_path(open_project(sample_project))
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)  # what relay before the states wrote: schema 1, no level
    old.executescript(
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
        "INSERT INTO meta VALUES ('schema', '1');"
        "CREATE TABLE units(id INTEGER PRIMARY KEY, file INTEGER, source INTEGER, lang TEXT,"
        " target TEXT, role TEXT, rank TEXT);"
    )
    old.close()
    index, synced = open_memory(open_project(sample_project))
    with index:
        assert len(synced.read) == 6 and not synced.errors
        assert {(item.target, item.state) for item in index.exact(INFO, "fr")} == {
            (target, "approved")
        }


# -- the states the catalogs lost ---------------------------------------------------------------


def _export(project: Path, slug: str, *extra: str) -> Path:
    out = project / "out"
    _relay(project, "export", "--lang", "fr", "--release", slug, "--out", str(out), *extra)
    return out / "fr" / f"{slug}.po"


def _mark(path: Path, msgid: str, *, fuzzy: bool, who: str) -> None:
    """A translator's returned file: ``msgid`` marked for review (or confirmed), from ``who``."""
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.header.update({"Last-Translator": who, "PO-Revision-Date": "2026-12-08 10:00+0000"})
    catalog.entries = [e.with_(fuzzy=fuzzy) if e.msgid == msgid else e for e in catalog]
    path.write_bytes(write_po(catalog))


def test_an_approval_the_catalog_loses_is_kept_by_memory(sample_project: Path) -> None:
    project = sample_project
    _relay(project, "extract")
    signed = _export(project, WATER)
    _relay(project, "import", "--by", "Olga Sidorova", "--state", "approved", str(signed))
    stakes = next(e for e in _catalog(project, "fr", WATER) if e.msgid == STAKES)
    assert stakes.level == "approved"
    assert not states.states_path(open_project(project)).exists()  # the catalog says it

    # The translator marks the unit for review (same text): its states are reset...
    returned = _export(project, WATER)
    _mark(returned, STAKES, fuzzy=True, who="Irina Volkova")
    _relay(project, "import", str(returned))
    # ...and confirms it again, unchanged: the catalog holds it as translated only.
    returned = _export(project, WATER)
    _mark(returned, STAKES, fuzzy=False, who="Irina Volkova")
    _relay(project, "import", str(returned))
    entry = next(e for e in _catalog(project, "fr", WATER) if e.msgid == STAKES)
    assert entry.msgstr == stakes.msgstr and entry.level == "translated"

    # Memory still knows the translation was approved, and who approved it.
    path = states.states_path(open_project(project))
    kept = states.read(path.read_bytes(), path=str(path))
    assert [(s.source, s.target, s.state, s.by) for s in kept] == [
        (STAKES, stakes.msgstr, "approved", "Olga Sidorova")
    ]
    assert _states_of(project, "fr", STAKES) == {(stakes.msgstr, "approved")}
    # The file is the project's: JSON, one state a line, written again byte for byte.
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "relay memory states" and document["version"] == 1
    assert states.write(kept) == path.read_bytes()


def test_a_replaced_approved_translation_stays_approved_where_another_release_uses_it(
    sample_project: Path,
) -> None:
    project = sample_project
    approved = _approve(project, "fr", SEED, INFO)
    # The seed's translator replaces the approved translation; the other releases keep it.
    returned = _export(project, SEED)
    catalog = read_po(returned.read_bytes(), path=str(returned))
    catalog.entries = [
        e.with_(msgstr="Unité de l’information") if e.msgid == INFO else e for e in catalog
    ]
    returned.write_bytes(write_po(catalog))
    _relay(project, "import", str(returned))
    assert _states_of(project, "fr", INFO) == {
        (approved, "approved"),  # ROAD's and WATER's, approved once in the seed
        ("Unité de l’information", ""),
    }


def test_a_changed_source_keeps_the_approved_pair_in_memory(sample_project: Path) -> None:
    # The states of a unit whose source changes are reset; the approved translation of the
    # old source stays in the catalog as an obsolete entry, which memory reads.
    project = sample_project
    approved = _approve(project, "fr", WATER, STAKES)
    source = project / "sources" / f"{WATER}.md"
    source.write_text(source.read_text("utf-8").replace(STAKES, "The stakes are very high."))
    _relay(project, "extract")
    entry = next(e for e in _catalog(project, "fr", WATER) if e.msgid.startswith("The stakes"))
    assert entry.fuzzy and entry.level == "fuzzy"
    assert _states_of(project, "fr", STAKES) == {(approved, "approved")}


def test_a_states_file_that_cannot_be_read_stops_an_import_before_it_writes(
    sample_project: Path,
) -> None:
    project = sample_project
    path = states.states_path(open_project(project))
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "relay memory states", "version": 1, "states": [3]}')
    returned = _export(project, WATER)
    catalog = read_po(returned.read_bytes(), path=str(returned))
    catalog.entries = [e.with_(msgstr="Enjeux.") if e.msgid == STAKES else e for e in catalog]
    returned.write_bytes(write_po(catalog))
    before = (project / "locales" / "fr" / f"{WATER}.po").read_bytes()
    result = runner.invoke(app, ["-C", str(project), "import", str(returned)])
    assert isinstance(result.exception, CatalogError)
    assert "states.json: state 1 is not a translation with its state" in str(result.exception)
    assert (project / "locales" / "fr" / f"{WATER}.po").read_bytes() == before
    # Memory reports it, and goes on with the catalogs.
    index, synced = open_memory(open_project(project))
    with index:
        assert [name for name, _ in synced.errors] == ["locales/memory/states.json"]
        assert index.exact(STAKES, "fr")


def test_states_are_combined_whatever_their_order() -> None:
    a = Seen("fr", "S", "T", "revised", "Pavel", "2026-12-03", "r#1")
    b = Seen("fr", "S", "T", "approved", "Olga", "2026-12-06", "r#1")
    c = Seen("fr", "S", "T", "approved", "Anna", "2026-12-05", "q#2")
    d = Seen("ru", "S", "Т", "revised", "", "", "r#1")
    for order in ([a, b, c, d], [d, c, b, a], [b, d, a, c]):
        assert states.combine([], order) == [c, d]
    assert states.combine([c], [a]) == [c]
    data = states.write([c, d])
    assert states.read(data, path="x") == [c, d]
    assert (
        states.write([])
        == b'{\n  "format": "relay memory states",\n  "version": 1,\n  "states": []\n}\n'
    )
    with pytest.raises(CatalogError, match="version 2"):
        states.read(data.replace(b'"version": 1', b'"version": 2'), path="x")
    with pytest.raises(CatalogError, match="'final' is not revised or approved"):
        states.read(data.replace(b'"approved"', b'"final"'), path="x")


# -- where a match says it ----------------------------------------------------------------------


def test_a_filled_unit_says_how_far_its_translation_went(sample_project: Path) -> None:
    _approve(sample_project, "fr", SEED, INFO)
    (sample_project / "sources" / f"{NEW}.txt").write_text(
        f"Title: Belarus\nDate: 2016-02-10\nSlug: {NEW}\n\n{INFO}\n", "utf-8"
    )
    _relay(sample_project, "extract")
    fr = {e.msgid: e for e in _catalog(sample_project, "fr", NEW)}
    ru = {e.msgid: e for e in _catalog(sample_project, "ru", NEW)}
    assert fr[INFO].comments == (f"memory: {ROAD}#310cc51653 (exact, same role, approved)",)
    assert fr[INFO].level == "translated"  # an approval elsewhere approves nothing here
    assert any(c.startswith("memory: ") and "approved" not in c for c in ru[INFO].comments)


@pytest.mark.parametrize(
    ("schema", "module"),
    [
        ("1.2/xliff-core-1.2-strict.xsd", xliff12),
        ("1.2/xliff-core-1.2-transitional.xsd", xliff12),
        ("2.0/xliff_core_2.0.xsd", xliff2),
    ],
)
def test_exported_matches_say_their_state_schema_valid_and_read_back(
    data_dir: Path, schema: str, module: object
) -> None:
    matches = (
        Match(INFO, "Service de l’information", 100.0, f"{ROAD}#310cc51653", "approved"),
        Match("Information Units", "Services de l’information", 94.0, f"{SEED}#1", "revised"),
        Match("Information", "Information", 80.0, f"{WATER}#2"),
    )
    unit = ExchangeUnit("310cc51653", INFO, matches=matches)
    fmt = "xliff" if module is xliff12 else "xliff2"
    package = Package(NEW, f"sources/{NEW}.txt", "en", "fr", "ab" * 32, (unit,), format=fmt)
    data = module.write(package)  # type: ignore[attr-defined]
    parser = etree.XMLParser(no_network=True)
    xsd = etree.XMLSchema(etree.parse(str(data_dir / "schemas" / "xliff" / schema), parser))
    assert xsd.validate(etree.fromstring(data)), xsd.error_log
    text = data.decode("utf-8")
    if module is xliff12:
        assert '<target state="final">Service de l’information</target>' in text
        assert '<target state="signed-off">Services de l’information</target>' in text
    else:
        assert 'type="tm" subType="relay:approved"' in text
        assert 'type="tm" subType="relay:revised"' in text
    [back] = module.read(data, path="x.xlf").units  # type: ignore[attr-defined]
    assert back.matches == matches


def test_tmx_carries_the_state_both_ways(sample_project: Path, tmp_path: Path) -> None:
    target = _approve(sample_project, "fr", SEED, INFO)
    exported = tmp_path / "memory.tmx"
    _relay(sample_project, "tm", "export", str(exported), "--lang", "fr")
    text = exported.read_text("utf-8")
    assert text.count('<prop type="x-relay-state">approved</prop>') == 1
    content = tmx.read(
        exported.read_bytes(), path="m", origin="tmx:m", source_lang="en", target_langs=["fr"]
    )
    assert {(r.source, r.target, r.state) for r in content.records if r.state} == {
        (INFO, target, "approved")
    }
