"""Publishing gates: embargo, per-language thresholds with source fallback, feeds, times."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree
from typer.testing import CliRunner

from relay.catalogs.po import load_catalog, write_po
from relay.cli.app import app
from relay.core.errors import ProjectError, UsageError
from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.manifest import schema
from relay.publish.run import publish
from relay.sources.discovery import discover

runner = CliRunner()
ROAD = "2015-10-05-road-safety"
SEED = "2013-04-23-kazakhstan-innovation"


def embargo(root: Path, moment: str) -> None:
    source = root / "sources" / f"{ROAD}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("\n\n", f"\nEmbargo: {moment}\n\n", 1), "utf-8")


def manifest(root: Path) -> dict:
    return json.loads((root / "public" / "manifest.json").read_text("utf-8"))


def test_embargoed_release_is_held_then_published(sample_project: Path) -> None:
    embargo(sample_project, "2015-10-05T10:00:00+02:00")
    project = open_project(sample_project)
    before = dt.datetime(2015, 10, 5, 7, 59, tzinfo=dt.UTC)
    report = publish(project, now=before)
    held = [v for v in report.variants if v.slug == ROAD]
    assert {v.gate for v in held} == {"embargoed"}
    assert not (sample_project / "public" / "fr" / f"{ROAD}.txt").exists()
    assert "embargoed until 2015-10-05T10:00:00+02:00" in held[1].reasons[0]
    after = dt.datetime(2015, 10, 5, 8, 0, 1, tzinfo=dt.UTC)
    report = publish(project, now=after)
    assert all(v.published for v in report.variants if v.slug == ROAD)
    assert (sample_project / "public" / "fr" / f"{ROAD}.txt").is_file()
    variant = next(
        v
        for r in manifest(sample_project)["releases"]
        if r["slug"] == ROAD
        for v in r["variants"]
        if v["lang"] == "fr"
    )
    assert variant["published_at"] == "2015-10-05T08:00:01Z"


def test_publish_now_option(sample_project: Path) -> None:
    embargo(sample_project, "2030-01-01T00:00:00+00:00")
    result = runner.invoke(
        app, ["-C", str(sample_project), "publish", "--now", "2029-12-31T23:00Z"]
    )
    assert result.exit_code == 0, result.output
    assert f"fr     {ROAD}: embargoed" in result.output
    result = runner.invoke(app, ["-C", str(sample_project), "publish", "--now", "2029-12-31"])
    assert isinstance(result.exception, UsageError)
    assert "has no time zone" in str(result.exception)


def test_published_at_is_kept_while_the_file_is_the_same(sample_project: Path) -> None:
    project = open_project(sample_project)
    publish(project, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    first = (sample_project / "public" / "manifest.json").read_bytes()
    report = publish(project, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert report.manifest_action == "unchanged"
    assert (sample_project / "public" / "manifest.json").read_bytes() == first


def untranslate(root: Path, lang: str, slug: str, how_many: int) -> None:
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [
        entry.with_(msgstr="") if index >= len(catalog.entries) - how_many else entry
        for index, entry in enumerate(catalog.entries)
    ]
    path.write_bytes(write_po(catalog))


def test_gate_with_source_fallback(sample_project: Path) -> None:
    config = sample_project / "relay.toml"
    config.write_text(
        config.read_text() + "\n[gates]\nru = { min-percent = 90, fallback = true }\n"
    )
    untranslate(sample_project, "ru", SEED, 1)
    untranslate(sample_project, "fr", SEED, 1)
    report = publish(open_project(sample_project))
    variants = {v.lang: v for v in report.variants if v.slug == SEED}
    assert variants["fr"].gate == "blocked"
    assert variants["ru"].published and variants["ru"].fallback_units == 1
    page = (sample_project / "public" / "ru" / f"{SEED}.html").read_text("utf-8")
    assert '<span lang="en" data-relay-fallback="">' in page
    entry = next(r for r in manifest(sample_project)["releases"] if r["slug"] == SEED)
    ru = next(v for v in entry["variants"] if v["lang"] == "ru")
    assert ru["fallback_units"] == 1 and ru["gate"] == "published"


def test_gate_below_its_threshold_blocks(sample_project: Path) -> None:
    config = sample_project / "relay.toml"
    config.write_text(
        config.read_text() + "\n[gates]\nru = { min-percent = 99, fallback = true }\n"
    )
    untranslate(sample_project, "ru", SEED, 5)
    report = publish(open_project(sample_project))
    [ru] = [v for v in report.variants if v.slug == SEED and v.lang == "ru"]
    assert ru.gate == "blocked"
    assert any("under the 99% gate" in reason for reason in ru.reasons)


def test_missing_catalog_blocks_instead_of_copying_the_source(sample_project: Path) -> None:
    (sample_project / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru", "de"]\n'
    )
    report = publish(open_project(sample_project))
    german = [v for v in report.variants if v.lang == "de"]
    assert german and all(v.gate == "blocked" for v in german)
    assert not (sample_project / "public" / "de").exists()


def test_atom_feed_per_language(sample_project: Path) -> None:
    publish(open_project(sample_project), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    feed = feedparser.parse((sample_project / "public" / "fr" / "feed.xml").read_bytes())
    assert feed.bozo == 0
    links = [
        next(link.href for link in entry.links if link.rel == "alternate") for entry in feed.entries
    ]
    assert [link.rsplit("/", 1)[-1] for link in links] == [
        f"{ROAD}.txt",
        "2014-03-12-water-cooperation.md",
        f"{SEED}.html",
    ]
    assert feed.feed.language == "fr" or feed.feed.get("title_detail", {}).get("language") == "fr"


def test_manifest_validates_against_the_shipped_schema(sample_project: Path) -> None:
    config = sample_project / "relay.toml"
    config.write_text(
        config.read_text() + "\n[gates]\nru = { min-percent = 90, fallback = true }\n"
    )
    untranslate(sample_project, "ru", SEED, 1)
    untranslate(sample_project, "fr", SEED, 2)
    embargo(sample_project, "2030-01-01T00:00:00+00:00")
    publish(open_project(sample_project))
    jsonschema.validate(manifest(sample_project), schema())


def test_pseudo_locale_publishes(sample_project: Path) -> None:
    (sample_project / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru", "qps"]\n'
    )
    result = runner.invoke(app, ["-C", str(sample_project), "pseudo", "--lang", "qps"])
    assert result.exit_code == 0, result.output
    report = publish(open_project(sample_project))
    qps = [v for v in report.variants if v.lang == "qps"]
    assert qps and all(v.published for v in qps)
    page = (sample_project / "public" / "qps" / f"{SEED}.html").read_text("utf-8")
    assert '<html lang="qps">' in page and "[" in page


def test_status_json_shape(glossary_project: Path) -> None:
    sample_project = glossary_project
    extract(open_project(sample_project))
    result = runner.invoke(app, ["-C", str(sample_project), "status", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)["status"][0]
    assert set(row) == {
        "release",
        "lang",
        "units",
        "words",
        "percent",
        "complete",
        "qa",
        "gate",
        "reasons",
        "embargo",
        "notes",
        "state",
        "review",
        "waiting",
    }
    assert row["state"] == "translated" and row["review"] == {"revised": 0, "approved": 0}
    assert row["gate"] == "published" and row["qa"] == {"errors": 0, "warnings": 0}


def test_report_command_writes_a_page(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["-C", str(sample_project), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "<script" not in page and SEED in page


def test_decide_gives_the_gates_a_publish_gives(sample_project: Path) -> None:
    """What status and report show (publish.run.decide) is what publish decides, kept state
    or not."""
    from relay.publish.run import decide

    embargo(sample_project, "2030-01-01T00:00:00+00:00")
    project = open_project(sample_project)
    extract(project)
    untranslate(sample_project, "fr", SEED, 3)
    now = dt.datetime(2029, 6, 1, tzinfo=dt.UTC)

    def gates(variants: list) -> list:
        return [(v.slug, v.lang, v.gate, v.reasons, v.counts, v.waiting) for v in variants]

    decided = gates([v for _, vs in decide(project, now=now).releases for v in vs])
    assert decided == gates(publish(project, dry_run=True, now=now).variants)
    published = gates(publish(project, now=now).variants)  # keeps its state
    assert gates([v for _, vs in decide(project, now=now).releases for v in vs]) == published
    assert {gate for _, _, gate, *_ in published} >= {"published", "embargoed", "blocked"}


def test_feeds_keep_their_ids_in_another_folder(sample_project: Path, tmp_path: Path) -> None:
    """A project moved or checked out elsewhere (another CI runner, a colleague's clone)
    publishes the same feeds: their ids, and their entries' ids, come from the configuration,
    not from the folder's name, and what publishing kept is used there as it was here."""
    config = sample_project / "relay.toml"
    config.write_text(config.read_text("utf-8") + 'feed-id = "urn:relay:press"\n', "utf-8")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    extract(open_project(sample_project))
    publish(open_project(sample_project), now=now)
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(sample_project, moved)
    shutil.rmtree(moved / "public")  # published anew there, from the kept records
    publish(open_project(moved), now=now)
    for lang in ("fr", "ru"):
        here = (sample_project / "public" / lang / "feed.xml").read_bytes()
        assert (moved / "public" / lang / "feed.xml").read_bytes() == here
        feed = feedparser.parse(here)
        assert feed.feed.id == f"urn:relay:press:{lang}"
    shutil.rmtree(moved / ".relay-cache")  # and from nothing kept at all
    shutil.rmtree(moved / "public")
    publish(open_project(moved), now=now)
    assert (moved / "public" / "fr" / "feed.xml").read_bytes() == (
        sample_project / "public" / "fr" / "feed.xml"
    ).read_bytes()


def test_a_feed_id_that_is_not_an_iri_is_refused(sample_project: Path) -> None:
    config = sample_project / "relay.toml"
    config.write_text(config.read_text("utf-8") + 'feed-id = "press office"\n', "utf-8")
    with pytest.raises(ProjectError, match=r"relay\.toml: 'feed-id' must be an IRI"):
        open_project(sample_project)


def _first_untranslated(root: Path, lang: str, slug: str, msgid: str) -> None:
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [e.with_(msgstr="") if e.msgid == msgid else e for e in catalog.entries]
    path.write_bytes(write_po(catalog))


def test_feeds_say_which_language_a_title_is_in(sample_project: Path) -> None:
    """A title left in English in the Russian feed (a gate with fallback) is marked English,
    as the page's fallback span is; so is relay's own feed title where the project names none
    for a language; a configured title is the feed's own language."""
    config = sample_project / "relay.toml"
    config.write_text(
        config.read_text("utf-8")
        + 'feed-titles = { fr = "Communiqués de presse" }\n'
        + "\n[gates]\nru = { min-percent = 90, fallback = true }\n",
        "utf-8",
    )
    project = open_project(sample_project)
    extract(project)
    title = next(r.document.metadata.title for r in discover(project).releases if r.slug == SEED)
    assert title
    _first_untranslated(sample_project, "ru", SEED, title)
    publish(open_project(sample_project), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    def parsed(lang: str) -> etree._Element:
        return etree.fromstring((sample_project / "public" / lang / "feed.xml").read_bytes())

    atom, xml_lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    ru, fr = parsed("ru"), parsed("fr")
    titles = {e.findtext(f"{atom}title"): e.find(f"{atom}title") for e in ru.iter(f"{atom}entry")}
    assert titles[title].get(xml_lang) == "en"  # the untranslated one
    others = [t.get(xml_lang) for text, t in titles.items() if text != title]
    assert len(others) >= 2 and set(others) == {None}
    assert ru.find(f"{atom}title").text == "Press releases (Russian)"
    assert ru.find(f"{atom}title").get(xml_lang) == "en"
    assert ru.find(f"{atom}author/{atom}name").get(xml_lang) == "en"
    assert fr.find(f"{atom}title").text == "Communiqués de presse"
    assert fr.find(f"{atom}title").get(xml_lang) is None
    assert all(e.find(f"{atom}title").get(xml_lang) is None for e in fr.iter(f"{atom}entry"))
    assert feedparser.parse(etree.tostring(ru)).bozo == 0


def test_a_translation_copied_from_its_source_is_not_published(sample_project: Path) -> None:
    """A msgstr copied from its msgid (a PO editor's "copy source", gettext's msgen) would
    publish the French page with an English sentence: same-as-source is an error, and the gate
    holds the variant until the unit is translated, or a person suppresses the finding for it."""
    from support.catalogs import edit_catalog

    from relay.catalogs.catalog import Entry
    from relay.checks.suppression import fingerprint

    catalog = sample_project / "locales" / "fr" / f"{ROAD}.po"
    copied = "The first reviews will be carried out in Georgia and Albania in 2016"

    def copy_source(entry: Entry) -> Entry:
        return entry.with_(msgstr=entry.msgid) if entry.msgid.startswith(copied) else entry

    edit_catalog(catalog, copy_source)
    project = open_project(sample_project)
    [french] = [v for v in publish(project).variants if v.slug == ROAD and v.lang == "fr"]
    assert not french.published
    assert not (sample_project / "public" / "fr" / f"{ROAD}.txt").exists()

    def suppress(entry: Entry) -> Entry:
        if not entry.msgid.startswith(copied):
            return entry
        comment = f"relay-ignore: same-as-source {fingerprint(entry.msgid, entry.msgstr)}"
        return entry.with_(comments=(*entry.comments, comment))

    edit_catalog(catalog, suppress)
    [french] = [v for v in publish(project).variants if v.slug == ROAD and v.lang == "fr"]
    assert french.published
