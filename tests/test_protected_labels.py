"""A protected term (translate="no", code) is shown to translators: PO comment, XLIFF 1.2, 2.0."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from relay.catalogs.po import load_catalog
from relay.core.project import open_project
from relay.exchange.handoff import export_packages
from relay.extract.run import extract

SLUG = "2016-01-12-eurorap"
UNIT = "ed5bdc9429"  # "Mr. Jean-Luc Moreau of the <1/> programme said: …"


def test_the_po_comment_names_the_protected_term(demo_project: Path) -> None:
    project = open_project(demo_project)
    extract(project)
    catalog = load_catalog(demo_project / "locales" / "templates" / f"{SLUG}.pot")
    assert catalog is not None
    [entry] = [entry for entry in catalog.entries if entry.id == UNIT]
    assert "Placeholders: <1/> = “EuroRAP”, not translated" in entry.notes
    [both] = [e for e in catalog.entries if e.msgid.startswith("The <1/> (<2/>)")]
    assert (
        "Placeholders: <1/> = “European Road Assessment Programme”, not translated,"
        " <2/> = “EuroRAP”, not translated"
    ) in both.notes


def test_xliff_shows_the_protected_term(demo_project: Path, tmp_path: Path, data_dir: Path) -> None:
    project = open_project(demo_project)
    found = {}
    for fmt in ("xliff", "xliff2"):
        files, errors = export_packages(
            project, lang="fr", fmt=fmt, slugs=[SLUG], out=tmp_path / fmt
        )
        assert not errors
        found[fmt] = etree.parse(str(files[0].path)).getroot()
    x = found["xliff"].find(f".//{{*}}trans-unit[@id='{UNIT}']/{{*}}source/{{*}}x")
    assert x is not None
    assert x.get("equiv-text") == "“EuroRAP”, not translated"
    assert x.get("ctype") == "x-protected"
    ph = found["xliff2"].find(f".//{{*}}unit[@id='{UNIT}']//{{*}}source/{{*}}ph")
    assert ph is not None
    assert ph.get("disp") == "“EuroRAP”, not translated"
    schemas = data_dir / "schemas" / "xliff"
    for fmt, schema in (
        ("xliff", "1.2/xliff-core-1.2-strict.xsd"),
        ("xliff2", "2.0/xliff_core_2.0.xsd"),
    ):
        parser = etree.XMLParser(no_network=True)
        validator = etree.XMLSchema(etree.parse(str(schemas / schema), parser))
        assert validator.validate(found[fmt]), validator.error_log
