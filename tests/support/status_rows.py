"""What the status tests share: the sample releases' slugs, two moments around an embargo, a
catalog translated by rule, and the fast status's rows beside the full overview's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.report.status import overview

ROAD = "2015-10-05-road-safety"
SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
BEFORE = dt.datetime(2029, 12, 1, tzinfo=dt.UTC)
AFTER = dt.datetime(2030, 2, 1, tzinfo=dt.UTC)


def translate(root: Path, lang: str, slug: str, *, share: float = 1.0, note: bool = False) -> None:
    """Translate a share of one catalog's units (placeholders kept), one with a note."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    done = int(len(catalog.entries) * share)
    entries = []
    for number, entry in enumerate(catalog.entries):
        if number < done:
            entry = entry.with_(msgstr=f"{lang.upper()} {entry.msgid}", fuzzy=False)
        if note and number == 0:
            entry = entry.with_(comments=(*entry.comments, "translator note: Check this name."))
        entries.append(entry)
    path.write_bytes(write_po(Catalog(catalog.header, entries)))


def both(root: Path, now: dt.datetime, slugs: list[str] | None = None) -> tuple[list, list]:
    project = open_project(root)
    fast = overview(project, slugs or [], [], now=now, units=False)
    slow = overview(project, slugs or [], [], now=now)
    assert [str(e) for e in fast.errors] == [str(e) for e in slow.errors]
    return fast.rows, slow.rows
