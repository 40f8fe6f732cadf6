"""A translation in a catalog that types raw line breaks into a plain-text unit (a PO
``\\n``) must not be published with lines and paragraphs the source does not have: in relay a
line break that means something is a placeholder, which is checked; a raw one was not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.catalogs import edit_catalog

from relay.core.project import open_project
from relay.publish.run import publish

ROAD = "2015-10-05-road-safety"
UNIT = "651be481a7"  # "Geneva, 5 October 2015 - Some 1.25 million people die …"


def test_raw_line_breaks_in_a_plain_text_translation_block_it(sample_project: Path) -> None:
    added = "\n\n\n\nCOMMUNIQUÉ NON OFFICIEL\n\nLigne ajoutée."
    edit_catalog(
        sample_project / "locales" / "fr" / f"{ROAD}.po",
        lambda entry: entry.with_(msgstr=entry.msgstr + added) if entry.id == UNIT else entry,
    )
    report = publish(open_project(sample_project), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    french = next(v for v in report.variants if v.slug == ROAD and v.lang == "fr")
    assert not french.published
    assert any("invalid-chars" in reason for reason in french.reasons)
    assert not (sample_project / "public" / "fr" / f"{ROAD}.txt").exists()
