"""Catalog updates lose nothing a translator wrote."""

from __future__ import annotations

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.update import update_catalog

OLD = Catalog(
    {},
    [
        Entry(
            "The seminar was opened by Mr. Asset Issekeshev.",
            "Le séminaire a été ouvert par M. Asset Issekeshev.",
        ),
        Entry("Note to editors", "Note aux rédacteurs", comments=("house style",)),
        Entry("Link: <1>here</1>", "Lien : <1>ici</1>"),
    ],
)


def update(*msgids: str) -> Catalog:
    template = Catalog({}, [Entry(msgid) for msgid in msgids])
    catalog, _ = update_catalog(OLD, template, header={"Language": "fr"})
    return catalog


def test_unchanged_units_keep_translation_and_comments() -> None:
    catalog = update("Note to editors")
    entry = catalog.find("Note to editors")
    assert entry is not None and entry.translated and entry.comments == ("house style",)


def test_changed_unit_becomes_fuzzy_with_previous_source() -> None:
    catalog = update("The seminar was opened by Mr. Asset Ishekeshev.")
    entry = catalog.find("The seminar was opened by Mr. Asset Ishekeshev.")
    assert entry is not None
    assert entry.fuzzy
    assert entry.previous == "The seminar was opened by Mr. Asset Issekeshev."
    assert entry.msgstr == "Le séminaire a été ouvert par M. Asset Issekeshev."


def test_removed_unit_becomes_obsolete_and_comes_back() -> None:
    catalog = update("Note to editors")
    gone = catalog.find("Link: <1>here</1>")
    assert gone is not None and gone.obsolete and gone.msgstr == "Lien : <1>ici</1>"
    template = Catalog({}, [Entry("Link: <1>here</1>")])
    back, _ = update_catalog(catalog, template, header={})
    entry = back.find("Link: <1>here</1>")
    assert entry is not None and entry.translated and not entry.obsolete


def test_unrelated_new_unit_is_untranslated() -> None:
    catalog = update("Something entirely different happened in Geneva today.")
    entry = catalog.find("Something entirely different happened in Geneva today.")
    assert entry is not None and entry.state == "untranslated"


def test_no_translation_is_ever_dropped() -> None:
    catalog = update("Completely new.")
    kept = {entry.msgstr for entry in catalog if entry.msgstr}
    assert {entry.msgstr for entry in OLD} <= kept
