"""Catalog updates lose nothing a translator wrote."""

from __future__ import annotations

import inspect
import random
from dataclasses import FrozenInstanceError, fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.po import random_entry

from relay.catalogs.catalog import Catalog, Entry, new_entry
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


FIELDS = {field.name for field in fields(Entry)}


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


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**6), names=st.sets(st.sampled_from(sorted(FIELDS))))
def test_with_changes_an_entry_as_dataclasses_replace(seed: int, names: set[str]) -> None:
    rng = random.Random(seed)
    entry, other = random_entry(rng, 1), random_entry(rng, 2)
    changes = {name: getattr(other, name) for name in names}
    changed = entry.with_(**changes)
    assert changed == replace(entry, **changes) and hash(changed) == hash(replace(entry, **changes))
    assert type(changed) is Entry and entry == random_entry(random.Random(seed), 1)  # unchanged
    with pytest.raises(FrozenInstanceError):
        changed.msgid = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        entry.with_(text="not a field")


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_new_entry_is_the_dataclass_entry(seed: int) -> None:
    entry = random_entry(random.Random(seed), 3)
    made = new_entry(*(getattr(entry, name) for name in [field.name for field in fields(Entry)]))
    assert made == entry and hash(made) == hash(entry) and repr(made) == repr(entry)
    assert made.__dict__ == entry.__dict__ and list(made.__dict__) == list(entry.__dict__)
    with pytest.raises(FrozenInstanceError):
        made.msgid = "x"  # type: ignore[misc]


def test_new_entry_takes_the_fields_in_their_order() -> None:
    names = list(inspect.signature(new_entry).parameters)
    assert [name.rstrip("_") for name in names] == [field.name for field in fields(Entry)]
