"""extract with memory, on the sample project: boilerplate is never translated twice."""

from __future__ import annotations

from pathlib import Path

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.extract.run import extract
from relay.report.status import overview

SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
ROAD = "2015-10-05-road-safety"
NEW = "2016-02-10-innovation-belarus"
# A new release in the seed's format that reuses its boilerplate: the note to editors
# heading, the media paragraph and the contact block, plus a sentence that is nearly one of
# the seed's.
RELEASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>UNECE supports Belarus’s efforts to promote innovation</title>
<meta name="date" content="2016-02-10">
<meta name="slug" content="2016-02-10-innovation-belarus">
</head>
<body>
<article>
<h1>UNECE supports Belarus’s efforts to promote innovation</h1>
<p>The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and Minister of \
Industry and New Technologies of the Republic of Belarus. Belarus is the first country to \
request a second review.</p>
<h2>Note to editors</h2>
<p>For media enquiries, please contact \
<a href="mailto:info.ece@unece.org">info.ece@unece.org</a></p>
<address>
<p>United Nations Economic Commission for Europe</p>
<p>Information Unit</p>
<p>Palais des Nations, CH-1211 Geneva 10, Switzerland</p>
<p>Tel.: +41 (0) 22 917 44 44</p>
<p>Fax: +41 (0) 22 917 05 05</p>
<p>E-mail: <a href="mailto:info.ece@unece.org">info.ece@unece.org</a></p>
</address>
</article>
</body>
</html>
"""


def add_release(root: Path) -> None:
    (root / "sources" / f"{NEW}.html").write_text(RELEASE, "utf-8")


def catalog_of(root: Path, lang: str, slug: str) -> Catalog:
    catalog = load_catalog(root / "locales" / lang / f"{slug}.po")
    assert catalog is not None
    return catalog


def entry_of(catalog: Catalog, msgid: str) -> Entry:
    entry = catalog.find(msgid)
    assert entry is not None, msgid
    return entry


def test_new_release_gets_the_seeds_boilerplate_already_translated(sample_project: Path) -> None:
    add_release(sample_project)
    report = extract(open_project(sample_project))
    assert not report.errors and not report.conflicts
    fr = catalog_of(sample_project, "fr", NEW)
    tel = entry_of(fr, "Tel.: +41 (0) 22 917 44 44")
    assert tel.translated and tel.msgstr == "Tél.\u00a0: +41 (0) 22 917 44 44"
    assert tel.comments == (f"memory: {SEED}#4c0ac9b186 (exact, same role)",)
    for line in (
        "Information Unit",
        "Palais des Nations, CH-1211 Geneva 10, Switzerland",
        "Fax: +41 (0) 22 917 05 05",
        "E-mail: <1>info.ece@unece.org</1>",
        "For media enquiries, please contact <1>info.ece@unece.org</1>",
    ):
        entry = entry_of(fr, line)
        assert entry.translated and entry.comments[0].startswith(f"memory: {SEED}#"), line
    # Used as a heading in two releases with the same translation: the most recent is named.
    note = entry_of(fr, "Note to editors")
    assert note.translated and note.msgstr == "Note aux rédactions"
    assert note.comments == (f"memory: {WATER}#80478d38d4 (exact, same role)",)
    # Never seen in a contact block (the seed's is merged with its <abbr title>): elsewhere.
    name = entry_of(fr, "United Nations Economic Commission for Europe")
    assert name.fuzzy and name.comments[0].endswith("(exact, elsewhere)")
    new = entry_of(fr, "Belarus is the first country to request a second review.")
    assert new.state == "untranslated" and not new.comments
    [change] = [c for c in report.changes if c.slug == NEW and c.lang == "fr"]
    assert change.summary is not None and change.summary.from_memory == 10


def test_similar_sentence_is_offered_fuzzy_with_its_previous_msgid(sample_project: Path) -> None:
    add_release(sample_project)
    extract(open_project(sample_project))
    text = (sample_project / "locales" / "fr" / f"{NEW}.po").read_text("utf-8")
    assert (
        f"# memory: {SEED}#24afd2b05d (fuzzy, 95%)\n"
        "#. paragraph (block 3, sentence 1)\n"
        "#. id: 4f3fb5974b\n"
        f"#: sources/{NEW}.html:12\n"
        "#, fuzzy\n"
        '#| msgid ""\n'
        '#| "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and "\n'
        '#| "Minister of Industry and New Technologies of the Republic of Kazakhstan."\n'
        'msgid ""\n'
        '"The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and "\n'
        '"Minister of Industry and New Technologies of the Republic of Belarus."\n'
        'msgstr ""\n'
        '"Le séminaire a été ouvert par M. Asset Issekeshev, Vice-Premier Ministre et "\n'
    ) in text


def test_exact_elsewhere_can_be_trusted_by_configuration(sample_project: Path) -> None:
    add_release(sample_project)
    (sample_project / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n'
        '[memory]\nexact-elsewhere = "translated"\n',
        "utf-8",
    )
    extract(open_project(sample_project))
    name = entry_of(
        catalog_of(sample_project, "ru", NEW), "United Nations Economic Commission for Europe"
    )
    assert name.translated and name.comments[0].endswith("(exact, elsewhere)")


def test_similarity_is_configurable(sample_project: Path) -> None:
    add_release(sample_project)
    (sample_project / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n[memory]\nsimilarity = 99\n', "utf-8"
    )
    extract(open_project(sample_project))
    fr = catalog_of(sample_project, "fr", NEW)
    assert entry_of(fr, "UNECE supports Belarus’s efforts to promote innovation").msgstr == ""


def test_conflicting_memories_are_reported_and_offered_fuzzy(sample_project: Path) -> None:
    road = catalog_of(sample_project, "fr", ROAD)
    road.entries = [
        entry.with_(msgstr="Unité d’information") if entry.msgid == "Information Unit" else entry
        for entry in road.entries
    ]
    (sample_project / "locales" / "fr" / f"{ROAD}.po").write_bytes(write_po(road))
    (sample_project / "sources" / "2016-05-01-notice.txt").write_text(
        "Title: Notice\nDate: 2016-05-01\n\nInformation Unit\n", "utf-8"
    )
    report = extract(open_project(sample_project))
    [conflict] = report.conflicts
    assert (conflict.release, conflict.lang, conflict.source) == (
        "2016-05-01-notice",
        "fr",
        "Information Unit",
    )
    assert [item.origin for item in conflict.translations] == [ROAD, WATER]
    assert "2 translations of 'Information Unit'" in str(conflict)
    entry = entry_of(catalog_of(sample_project, "fr", "2016-05-01-notice"), "Information Unit")
    assert entry.fuzzy and entry.msgstr == "Unité d’information"  # the most recent, 2015
    assert entry.comments == (f"memory: {ROAD}#310cc51653 (exact, conflict: 2 translations)",)
    assert not [c for c in report.conflicts if c.lang == "ru"]


def test_extract_twice_with_memory_changes_no_byte(sample_project: Path) -> None:
    add_release(sample_project)
    project = open_project(sample_project)
    extract(project)
    before = {p: p.read_bytes() for p in (sample_project / "locales").rglob("*.po")}
    report = extract(project)
    assert report.written == []
    assert {p: p.read_bytes() for p in (sample_project / "locales").rglob("*.po")} == before


def test_output_does_not_depend_on_the_index_history(sample_project: Path, tmp_path: Path) -> None:
    """A run on a long-lived index writes what a run on a fresh one writes."""
    import shutil

    project = open_project(sample_project)
    extract(project)  # nothing to fill: no index yet
    from relay.memory.store import open_memory

    open_memory(project)[0].close()  # an index that then sees edits and deletions
    (sample_project / "locales" / "ru" / f"{ROAD}.po").unlink()
    extract(project)
    twin = tmp_path / "twin"
    shutil.copytree(sample_project, twin)
    shutil.rmtree(twin / ".relay-cache")
    for root in (sample_project, twin):
        add_release(root)
        extract(open_project(root))
    for lang in ("fr", "ru"):
        assert (sample_project / "locales" / lang / f"{NEW}.po").read_bytes() == (
            twin / "locales" / lang / f"{NEW}.po"
        ).read_bytes()


def test_status_counts_the_words_memory_filled(sample_project: Path) -> None:
    add_release(sample_project)
    project = open_project(sample_project)
    extract(project)
    view = overview(project, [NEW, SEED])
    assert not view.errors
    new_fr = next(row for row in view.rows if row.slug == NEW and row.lang == "fr")
    assert new_fr.memory_units == 10  # all but the one new sentence
    assert new_fr.units is not None and 0 < new_fr.memory_words < new_fr.units.words
    assert all(row.memory_words == 0 for row in view.rows if row.slug == SEED)


def test_the_repository_project_needs_no_memory(sample_project: Path) -> None:
    report = extract(open_project(sample_project))
    # Memory is never opened: the cache folder holds run state, never a memory index.
    assert report.written == [] and not (sample_project / ".relay-cache" / "memory.sqlite").exists()


def test_units_left_untranslated_are_filled_only_on_request(sample_project: Path) -> None:
    project = open_project(sample_project)
    notice = sample_project / "sources" / "2016-05-01-notice.txt"
    notice.write_text("Title: Notice\nDate: 2016-05-01\n\nThe office moves in June.\n", "utf-8")
    extract(project)
    road = catalog_of(sample_project, "fr", ROAD)
    road.entries.append(Entry("The office moves in June.", "Le bureau déménage en juin."))
    (sample_project / "locales" / "fr" / f"{ROAD}.po").write_bytes(write_po(road))
    report = extract(project)  # the added entry is not in the release: obsolete, still memory
    assert [change.slug for change in report.written] == [ROAD] and report.from_memory == 0
    report = extract(project, refill=True)
    assert report.from_memory == 1 and len(report.written) == 1
    entry = entry_of(
        catalog_of(sample_project, "fr", "2016-05-01-notice"), "The office moves in June."
    )
    assert entry.msgstr == "Le bureau déménage en juin." and entry.fuzzy  # no role: elsewhere
