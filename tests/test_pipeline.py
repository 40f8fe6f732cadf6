"""extract → catalogs → publish through the Python API, on the sample project."""

from __future__ import annotations

import json
from pathlib import Path

from support.catalogs import stand_in

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish
from relay.report.status import overview


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def translate_everything(root: Path, lang: str, prefix: str = "") -> None:
    """Stand in for a translator: give every entry a translation keeping its placeholders."""
    for path in (root / "locales" / lang).glob("*.po"):
        catalog = load_catalog(path)
        assert catalog is not None
        catalog.entries = [
            entry.with_(msgstr=prefix + stand_in(entry.msgid, lang), fuzzy=False)
            for entry in catalog.entries
        ]
        path.write_bytes(write_po(Catalog(catalog.header, catalog.entries)))


def test_extract_twice_changes_no_byte(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    before = snapshot(sample_project)
    report = extract(project)
    assert report.written == []
    assert snapshot(sample_project) == before


def test_extract_writes_templates_and_catalogs(sample_project: Path) -> None:
    project = open_project(sample_project)
    report = extract(project)
    assert not report.errors
    slugs = {release.slug for release in report.releases}
    assert "2013-04-23-kazakhstan-innovation" in slugs
    for slug in slugs:
        assert project.template_path(slug).is_file()
        for lang in ("fr", "ru"):
            catalog = load_catalog(project.catalog_path(lang, slug))
            assert catalog is not None and catalog.lang == lang
            assert catalog.header["Plural-Forms"].startswith("nplurals=")


def test_seed_sentences_are_split_where_a_reader_would(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    template = load_catalog(project.template_path("2013-04-23-kazakhstan-innovation"))
    assert template is not None
    msgids = [entry.msgid for entry in template]
    assert (
        "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and Minister of"
        " Industry and New Technologies of the Republic of Kazakhstan." in msgids
    )
    assert "Tel.: +41 (0) 22 917 44 44" in msgids


def test_source_edit_makes_the_unit_fuzzy_with_its_previous_source(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr", "FR ")
    source = sample_project / "sources" / "2013-04-23-kazakhstan-innovation.html"
    old = "Mr. Asset Ishekeshev described"
    source.write_text(source.read_text("utf-8").replace(old, "Mr. Asset Issekeshev described"))
    extract(project)
    catalog = load_catalog(project.catalog_path("fr", "2013-04-23-kazakhstan-innovation"))
    assert catalog is not None
    [changed] = [entry for entry in catalog if entry.fuzzy]
    assert changed.msgid.startswith("Mr. Asset Issekeshev described")
    assert changed.previous is not None and changed.previous.startswith(old)
    assert changed.msgstr.startswith("FR " + stand_in(old, "fr"))
    assert all(entry.translated for entry in catalog.active if entry is not changed)


def test_removed_paragraph_is_kept_as_obsolete(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "ru", "RU ")
    source = sample_project / "sources" / "2013-04-23-kazakhstan-innovation.html"
    text = source.read_text("utf-8")
    start = text.index("<h2>Note to editors</h2>")
    source.write_text(text[:start] + text[text.index("<p>Link:") :], "utf-8")
    extract(project)
    catalog = load_catalog(project.catalog_path("ru", "2013-04-23-kazakhstan-innovation"))
    assert catalog is not None
    obsolete = [entry for entry in catalog if entry.obsolete]
    assert obsolete[0].msgid == "Note to editors"
    assert all(entry.msgstr.startswith("RU ") for entry in obsolete)


def test_publish_blocks_incomplete_variants_and_says_why(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    for path in (sample_project / "locales").glob("*/*.po"):
        catalog = load_catalog(path)
        assert catalog is not None
        catalog.entries = [entry.with_(msgstr="") for entry in catalog.entries]
        path.write_bytes(write_po(catalog))
    report = publish(project)
    blocked = [variant for variant in report.variants if not variant.published]
    assert {variant.lang for variant in blocked} == {"fr", "ru"}
    assert all("untranslated" in variant.reasons[0] for variant in blocked)
    manifest = json.loads((sample_project / "public" / "manifest.json").read_text("utf-8"))
    statuses = {
        (release["slug"], variant["lang"]): variant["status"]
        for release in manifest["releases"]
        for variant in release["variants"]
    }
    assert statuses[("2013-04-23-kazakhstan-innovation", "fr")] == "blocked"
    assert statuses[("2013-04-23-kazakhstan-innovation", "en")] == "published"
    assert not (sample_project / "public" / "fr").exists()


def test_publish_writes_complete_variants_with_hashes(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr", "FR ")
    report = publish(project)
    published = {(v.slug, v.lang) for v in report.variants if v.published}
    assert ("2015-10-05-road-safety", "fr") in published
    manifest = json.loads((sample_project / "public" / "manifest.json").read_text("utf-8"))
    for release in manifest["releases"]:
        for variant in release["variants"]:
            if variant["status"] == "published":
                data = (sample_project / "public" / variant["path"]).read_bytes()
                import hashlib

                assert hashlib.sha256(data).hexdigest() == variant["sha256"]
                assert len(data) == variant["size"]
    page = (sample_project / "public/fr/2013-04-23-kazakhstan-innovation.html").read_text()
    assert '<html lang="fr">' in page
    assert "23 avril 2013" in page
    assert 'hreflang="en"' in page


def test_publish_twice_rewrites_nothing(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr", "FR ")
    publish(project)
    before = snapshot(sample_project / "public")
    report = publish(project)
    assert report.manifest_action == "unchanged"
    assert all(variant.action in {"unchanged", "blocked"} for variant in report.variants)
    assert snapshot(sample_project / "public") == before


def test_variant_that_falls_below_its_gate_is_withdrawn(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr", "FR ")
    publish(project)
    page = sample_project / "public/fr/2015-10-05-road-safety.txt"
    assert page.is_file()
    source = sample_project / "sources" / "2015-10-05-road-safety.txt"
    source.write_text(source.read_text("utf-8") + "\nA brand new closing paragraph.\n", "utf-8")
    extract(project)
    report = publish(project)
    [variant] = [
        v for v in report.variants if v.slug == "2015-10-05-road-safety" and v.lang == "fr"
    ]
    assert variant.action == "withdrawn"
    assert not page.exists()
    # Set aside outside the served tree: public/ holds only what the manifest lists.
    assert (sample_project / ".relay-cache/withdrawn/fr/2015-10-05-road-safety.txt").is_file()
    assert not (sample_project / "public/.withdrawn").exists()


def test_dry_run_writes_nothing(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr")
    report = publish(project, dry_run=True)
    assert report.manifest_action == "written"
    assert not (sample_project / "public").exists()


def test_status_counts_words(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    translate_everything(sample_project, "fr", "FR ")
    view = overview(project)
    assert not view.errors
    fr = [row for row in view.rows if row.lang == "fr"]
    assert len(fr) == 3
    assert all(row.units and row.units.complete and row.units.percent == 100.0 for row in fr)


def test_status_honours_releases_and_languages(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    slug = "2013-04-23-kazakhstan-innovation"
    view = overview(project, [slug], ["ru"])
    assert [(row.slug, row.lang) for row in view.rows] == [(slug, "ru")]
    assert [release.slug for release in view.releases] == [slug]
    assert [language.lang for language in view.releases[0].languages] == ["ru"]


def test_status_reports_a_broken_catalog_and_goes_on(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    broken = sample_project / "locales" / "fr" / "2013-04-23-kazakhstan-innovation.po"
    broken.write_text('msgid "unterminated\n', "utf-8")
    view = overview(project)
    assert [error.path for error in view.errors] == [str(broken)]
    assert len(view.rows) == 5  # 3 releases × 2 languages, less the broken one


def test_a_broken_source_is_reported_and_the_others_still_extracted(sample_project: Path) -> None:
    (sample_project / "sources" / "broken.txt").write_text("Title: x\nDate: soon\n\nBody.\n")
    (sample_project / "sources" / "notes.docx").write_bytes(b"PK")
    report = extract(open_project(sample_project))
    messages = sorted(error.message for error in report.errors)
    assert messages[0].startswith("sources/broken.txt:2: date 'soon'")
    assert messages[1].startswith("sources/notes.docx: unknown source format")
    assert len(report.releases) == 3
