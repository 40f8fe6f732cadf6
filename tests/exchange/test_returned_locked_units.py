"""A unit a CAT tool returns locked (``translate="no"``) is imported like any other.

relay never exports a unit marked ``translate="no"``: each unit it exports is for translation.
A tool marks one so when a translator or project manager locks it (memoQ's locked rows,
Trados's and Phrase's locked segments, a whole group locked), and its translation is still part
of the delivery: the tool writes it into the target document. Readers used to skip such units,
and the translation vanished from the import report ("2 applied … 0 broken" for 3 returned
targets). Now it is merged and judged as any other (its outcome says it came back locked); a
locked unit that is not relay's and holds no translation (Trados's units of the tags between
segments) holds nothing to import, and is passed over.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from relay.catalogs.po import load_catalog
from relay.cli.app import app
from relay.exchange import xliff2, xliff12

SLUG = "2026-01-05-road"
SOURCE = (
    "---\ntitle: Road safety\ndate: 2026-01-05\n---\n\n"
    "Roads must be safe.\n\nDrivers must slow down.\n"
)
FRENCH = {
    "Road safety": "Sécurité routière",
    "Roads must be safe.": "Les routes doivent être sûres.",
    "Drivers must slow down.": "Les conducteurs doivent ralentir.",
}
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
MQ = "MQXliff"
runner = CliRunner()


def relay(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def project(empty_project: Path) -> Path:
    (empty_project / "sources" / f"{SLUG}.md").write_text(SOURCE, "utf-8")
    assert relay(empty_project, "extract", "-q")[0] == 0
    return empty_project


def _export(root: Path, fmt: str) -> etree._Element:
    assert relay(root, "export", "--lang", "fr", "--format", fmt, "-q")[0] == 0
    return etree.fromstring((root / "outbox" / "fr" / f"{SLUG}.xlf").read_bytes())


def _returned(root: Path, tree: etree._Element) -> Path:
    path = root / "returned.xlf"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return path


def _translated12(root: Path) -> tuple[etree._Element, list[etree._Element]]:
    """The XLIFF 1.2 export translated as memoQ sends it back: a target per unit, confirmed."""
    tree = _export(root, "xliff")
    units = tree.findall(f".//{{{X12}}}trans-unit")
    for unit in units:
        source = unit.find(f"{{{X12}}}source")
        target = etree.Element(f"{{{X12}}}target", state="translated")
        target.text = FRENCH[source.text]
        source.addnext(target)
        unit.set(f"{{{MQ}}}status", "ManuallyConfirmed")
    return tree, units


def _translated2(root: Path) -> tuple[etree._Element, list[etree._Element]]:
    """The XLIFF 2.0 export translated and marked final, as a 2.0 tool sends it back."""
    tree = _export(root, "xliff2")
    units = tree.findall(f".//{{{X2}}}unit")
    for unit in units:
        segment = unit.find(f"{{{X2}}}segment")
        segment.set("state", "final")
        source = segment.find(f"{{{X2}}}source")
        target = etree.SubElement(segment, f"{{{X2}}}target")
        target.text = FRENCH[source.text]
    return tree, units


def _lock_unit(unit: etree._Element) -> None:
    # memoQ writes its own lock beside XLIFF's; other tools XLIFF's alone.
    unit.set("translate", "no")
    if unit.tag.startswith(f"{{{X12}}}"):
        unit.set(f"{{{MQ}}}locked", "locked")


def _lock_in_group(unit: etree._Element) -> None:
    # Trados and Phrase lock a whole structure: the unit in a <group translate="no">.
    group = etree.Element(unit.tag.replace("trans-unit", "group").replace("}unit", "}group"))
    group.set("id", "locked-group")
    group.set("translate", "no")
    unit.addprevious(group)
    group.append(unit)


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
@pytest.mark.parametrize("lock", [_lock_unit, _lock_in_group], ids=["unit", "group"])
def test_a_translation_returned_locked_is_imported_like_any_other(
    project: Path, fmt: str, lock: Callable[[etree._Element], None]
) -> None:
    tree, units = (_translated12 if fmt == "xliff" else _translated2)(project)
    lock(units[-1])
    code, output = relay(project, "import", str(_returned(project, tree)), "--json")
    assert code == 0, output
    (imported,) = json.loads(output)["files"]
    assert imported["summary"]["applied"] == 3, imported
    locked = [unit for unit in imported["units"] if unit["source"] == "Drivers must slow down."]
    assert locked[0]["outcome"] == "applied"
    assert "locked" in locked[0]["detail"] and 'translate="no"' in locked[0]["detail"]
    catalog = load_catalog(project / "locales" / "fr" / f"{SLUG}.po")
    assert catalog is not None
    assert catalog.find("Drivers must slow down.").msgstr == "Les conducteurs doivent ralentir."
    assert all(entry.translated for entry in catalog.active)


def test_the_report_names_the_locked_unit(project: Path) -> None:
    tree, units = _translated12(project)
    _lock_unit(units[-1])
    code, output = relay(project, "import", str(_returned(project, tree)), "-v")
    assert code == 0, output
    assert "3 applied, 0 unchanged, 0 stale, 0 conflict, 0 unknown, 0 broken" in output
    line = next(line for line in output.splitlines() if "Drivers must slow down." in line)
    assert line.split()[0] == "applied" and 'locked (translate="no")' in line


def test_a_locked_translation_is_still_judged(project: Path) -> None:
    # Applied, not waved through: its placeholders and markup are checked as any unit's.
    tree, units = _translated12(project)
    target = units[-1].find(f"{{{X12}}}target")
    target.text = "Les <b>conducteurs</b> doivent ralentir."
    _lock_unit(units[-1])
    code, output = relay(project, "import", str(_returned(project, tree)), "--json")
    assert code == 0, output
    (imported,) = json.loads(output)["files"]
    assert imported["summary"]["applied"] == 2 and imported["summary"]["broken"] == 1


def test_a_tools_own_locked_unit_without_translation_is_passed_over(project: Path) -> None:
    # Trados keeps the tags between segments as locked units of its own, with no target.
    tree, units = _translated12(project)
    structure = etree.Element(f"{{{X12}}}trans-unit", id="582ace2a-526e", translate="no")
    etree.SubElement(etree.SubElement(structure, f"{{{X12}}}source"), f"{{{X12}}}x", id="0")
    units[0].addprevious(structure)
    code, output = relay(project, "import", str(_returned(project, tree)), "--json")
    assert code == 0, output
    (imported,) = json.loads(output)["files"]
    assert imported["summary"] == {
        "applied": 3, "unchanged": 0, "stale": 0, "conflict": 0, "unknown": 0, "broken": 0
    }  # fmt: skip


def test_readers_give_locked_units_marked_as_such(project: Path) -> None:
    tree, units = _translated12(project)
    _lock_in_group(units[0])
    package = xliff12.read(etree.tostring(tree), path="r.xlf")
    assert [unit.locked for unit in package.units] == [True, False, False]
    tree, units = _translated2(project)
    _lock_unit(units[1])
    package2 = xliff2.read(etree.tostring(tree), path="r.xlf")
    assert [unit.locked for unit in package2.units] == [False, True, False]
    assert package2.units[1].target == package.units[1].target
