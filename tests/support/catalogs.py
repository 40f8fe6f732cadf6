"""Catalogs changed by hand in a test, as a translator or a tool changes them in locales/."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from relay.catalogs.catalog import Entry
from relay.catalogs.po import load_catalog, write_po


def edit_catalog(
    path: Path, edit: Callable[[Entry], Entry], *, added: Sequence[Entry] = ()
) -> None:
    """Write the catalog at ``path`` again with ``edit`` made to each entry, ``added`` after."""
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [*map(edit, catalog.entries), *added]
    path.write_bytes(write_po(catalog))
