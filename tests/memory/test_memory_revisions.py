"""Source revisions keep translators' work: minor edits, moved paragraphs, undone cuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import load_catalog, write_po
from relay.catalogs.update import edit_kind, update_catalog
from relay.core.project import open_project
from relay.extract.run import extract

SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
ROAD = "2015-10-05-road-safety"


def catalog_of(root: Path, lang: str, slug: str) -> Catalog:
    catalog = load_catalog(root / "locales" / lang / f"{slug}.po")
    assert catalog is not None
    return catalog


def edit_source(root: Path, name: str, old: str, new: str) -> None:
    path = root / "sources" / name
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def use_config(root: Path, memory: str) -> None:
    (root / "relay.toml").write_text(
        f'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n[memory]\n{memory}\n', "utf-8"
    )


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("world's roads", "world’s roads", "minor"),  # typographic apostrophe
        ("Geneva, 5 October 2015 - Some", "Geneva, 5 October 2015 – Some", "minor"),  # dash
        ("those of the best performers:", "those of the best performers;", "none"),
        (
            "is financed by the United Nations Development Account.",
            "is financed by the United Nations Development Account",
            "minor",
        ),  # trailing stop
        ("Note to editors:", "Note to editors", "minor"),
        ('"Most road|practice," said', "“Most road|practice,” said", "minor"),  # quotes
    ],
)
def test_minor_edit_keeps_the_translation_as_fuzzy_with_previous(
    sample_project: Path, old: str, new: str, kind: str
) -> None:
    before = catalog_of(sample_project, "fr", ROAD)
    for one, other in zip(old.split("|"), new.split("|"), strict=True):
        edit_source(sample_project, f"{ROAD}.txt", one, other)
    extract(open_project(sample_project))
    after = catalog_of(sample_project, "fr", ROAD)
    [changed] = [entry for entry in after.active if entry.fuzzy]
    assert changed.previous is not None
    assert old.split("|")[0] in changed.previous and new.split("|")[0] in changed.msgid
    origin = next(entry for entry in before if entry.msgid == changed.previous)
    assert changed.msgstr == origin.msgstr and changed.id == origin.id
    assert not any(line.startswith("memory:") for line in changed.comments)
    assert (edit_kind(changed.previous, changed.msgid) or "none") == kind
    assert all(entry.translated for entry in after.active if entry is not changed)


def test_typo_fix_keeps_the_translation(sample_project: Path) -> None:
    edit_source(sample_project, f"{SEED}.html", "Asset Ishekeshev", "Asset Issekeshev")
    extract(open_project(sample_project))
    text = (sample_project / "locales" / "fr" / f"{SEED}.po").read_text("utf-8")
    assert (
        "#, fuzzy\n"
        '#| msgid ""\n'
        '#| "Mr. Asset Ishekeshev described current efforts to develop an innovation "\n'
        '#| "infrastructure in the regions to facilitate this interaction."\n'
        'msgid ""\n'
        '"Mr. Asset Issekeshev described current efforts to develop an innovation "\n'
        '"infrastructure in the regions to facilitate this interaction."\n'
        'msgstr ""\n'
        '"M. Asset Ishekeshev a décrit'
    ) in text


@pytest.mark.parametrize("keep", [False, True])
def test_whitespace_only_edit(sample_project: Path, keep: bool) -> None:
    if keep:
        use_config(sample_project, "keep-whitespace-edits = true")
    edit_source(sample_project, f"{WATER}.md", "Close to 40% of", "Close to 40 % of")
    extract(open_project(sample_project))
    catalog = catalog_of(sample_project, "ru", WATER)
    [edited] = [entry for entry in catalog.active if "40 %" in entry.msgid]
    assert edited.msgstr.startswith("Почти 40")
    if keep:
        assert edited.translated and edited.previous is None
        assert all(entry.translated for entry in catalog.active)
    else:
        assert edited.fuzzy and edited.previous == edited.msgid.replace("40 %", "40%")


def test_minor_edit_wins_over_a_merely_similar_unit() -> None:
    old = Catalog(
        {},
        [
            Entry("Tel.: +41 (0) 22 917 44 44", "Tél. : +41 (0) 22 917 44 44", id="tel"),
            Entry("Tel.: +41 (0) 22 917 44 45", "Tél. : …45", id="other"),
        ],
    )
    template = Catalog({}, [Entry("Tel.: +41 (0) 22 917 44 44.", id="new")])
    catalog, summary = update_catalog(old, template, header={})
    [entry] = catalog.active
    assert (entry.msgstr, entry.previous, entry.id) == (
        "Tél. : +41 (0) 22 917 44 44",
        "Tel.: +41 (0) 22 917 44 44",
        "tel",
    )
    assert summary.fuzzy == 1


def test_short_unit_with_trailing_punctuation_edit_is_carried() -> None:
    old = Catalog({}, [Entry("Fax", "Télécopie")])
    catalog, _ = update_catalog(old, Catalog({}, [Entry("Fax:")]), header={}, similarity=99)
    assert catalog.active[0].msgstr == "Télécopie" and catalog.active[0].fuzzy


def test_reordered_inserted_and_deleted_paragraphs_keep_every_untouched_unit(
    sample_project: Path,
) -> None:
    before = {entry.msgid: entry for entry in catalog_of(sample_project, "fr", ROAD).active}
    path = sample_project / "sources" / f"{ROAD}.txt"
    header, body = path.read_text("utf-8").split("\n\n", 1)
    paragraphs = body.rstrip("\n").split("\n\n")
    deleted = paragraphs.pop(4)  # the reviews' legal instruments
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    paragraphs.insert(3, "A new paragraph, inserted by the editor at the last minute.")
    path.write_text(header + "\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    report = extract(open_project(sample_project))
    assert not report.errors
    after = catalog_of(sample_project, "fr", ROAD)
    untouched = [entry for entry in after.active if entry.msgid in before]
    assert len(untouched) == len(after.active) - 1
    for entry in untouched:
        assert entry.translated and entry.msgstr == before[entry.msgid].msgstr
        assert entry.id == before[entry.msgid].id
    assert after.find("A new paragraph, inserted by the editor at the last minute.").msgstr == ""  # type: ignore[union-attr]
    gone = [entry for entry in after if entry.obsolete]
    assert gone and all(entry.msgid in deleted for entry in gone)


def cut_note(root: Path) -> str:
    path = root / "sources" / f"{SEED}.html"
    text = path.read_text("utf-8")
    start, end = text.index("<h2>Note to editors</h2>"), text.index("<p>Link:")
    path.write_text(text[:start] + text[end:], "utf-8")
    return text


def test_a_cut_then_restored_unit_gets_its_translation_back(sample_project: Path) -> None:
    project = open_project(sample_project)
    before = catalog_of(sample_project, "ru", SEED).find("Note to editors")
    original = cut_note(sample_project)
    extract(project)
    assert catalog_of(sample_project, "ru", SEED).find("Note to editors").obsolete  # type: ignore[union-attr]
    (sample_project / "sources" / f"{SEED}.html").write_text(original, "utf-8")
    extract(project)
    after = catalog_of(sample_project, "ru", SEED).find("Note to editors")
    assert after is not None and before is not None
    assert after.translated and (after.msgstr, after.id) == (before.msgstr, before.id)
    assert after.comments == before.comments  # back from the obsolete entry, not memory


def test_a_restored_unit_whose_obsolete_entry_was_purged_comes_back_from_memory(
    sample_project: Path,
) -> None:
    project = open_project(sample_project)
    original = cut_note(sample_project)
    extract(project)
    for lang in ("fr", "ru"):
        path = sample_project / "locales" / lang / f"{SEED}.po"
        catalog = catalog_of(sample_project, lang, SEED)
        catalog.entries = [entry for entry in catalog if not entry.obsolete]  # msgattrib
        path.write_bytes(write_po(catalog))
    (sample_project / "sources" / f"{SEED}.html").write_text(original, "utf-8")
    extract(project)
    entry = catalog_of(sample_project, "fr", SEED).find("Note to editors")
    assert entry is not None and entry.translated and entry.msgstr == "Note aux rédactions"
    assert entry.comments == (f"memory: {WATER}#80478d38d4 (exact, same role)",)
