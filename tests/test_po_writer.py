"""relay.catalogs.po writes PO files itself, line for line as translate-toolkit's units would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from support.po import random_entry, random_text

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import read_po, write_po, write_po_with_toolkit

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
