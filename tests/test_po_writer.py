"""relay.catalogs.po writes PO files itself, line for line as translate-toolkit's units would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.po import random_entry, random_text
from translate.storage import pypo

import relay
from relay.catalogs import po
from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import escape, read_po, write_po, write_po_with_toolkit

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("seed", range(40))
def test_generated_catalogs_are_written_as_the_toolkit_writes_them(seed: int) -> None:
    rng = random.Random(seed)
    header = {"Project-Id-Version": "x", "Language": "fr", "X-Note": random_text(rng, 30)}
    entries: list[Entry] = [random_entry(rng, number) for number in range(30)]
    catalog = Catalog(header, entries)
    assert write_po(catalog) == write_po_with_toolkit(catalog)


@pytest.mark.parametrize("path", sorted((ROOT / "locales").rglob("*.po*")), ids=str)
def test_the_sample_catalogs_are_written_as_the_toolkit_writes_them(path: Path) -> None:
    catalog = read_po(path.read_bytes(), path=str(path))
    assert write_po(catalog) == write_po_with_toolkit(catalog) == path.read_bytes()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from('ab \\"\r\n\t\u2028é\x00'), max_size=40) | st.text(max_size=40))
def test_escaping_is_translate_toolkits(text: str) -> None:
    assert escape(text) == pypo.escapeforpo(text)


@pytest.mark.parametrize("seed", range(10))
def test_cached_blocks_are_the_blocks(seed: int) -> None:
    rng = random.Random(seed)
    entries = [random_entry(rng, number) for number in range(30)]
    for entry in entries + entries:  # the second time from the cache
        assert po._cached_block(entry) == po._block(entry)
    listed = Entry("x", notes=["a list"])  # type: ignore[arg-type]  # not a cache key
    if "relay.catalogs.po" not in relay.compiled():
        # Compiled (scripts/build-native), po refuses a list where a tuple belongs, with a
        # TypeError; tests/test_native.py runs this test pure too.
        assert po._cached_block(listed) == po._block(listed)
    else:
        with pytest.raises(TypeError):
            po._block(listed)
    # A catalog written twice, and its sibling with other translations, come out the same.
    catalog = Catalog({"Language": "fr"}, entries)
    assert write_po(catalog) == write_po(catalog) == write_po_with_toolkit(catalog)
    reversed_ = [entry.with_(msgstr=entry.msgstr[::-1]) for entry in entries]
    other = Catalog({"Language": "ru"}, reversed_)
    assert write_po(other) == write_po_with_toolkit(other)
