"""A ``# relay-ignore:`` suppresses a finding of the unit it is written on, tied to that unit's
text. An extra entry that copies the unit's ``#. id:`` (another msgctxt, another text, a
suppression fingerprinted for its own text) must not silence the unit's error: a reviewer
reading the unit sees no suppression, and a false number is published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.catalogs import edit_catalog

from relay.catalogs.catalog import Entry
from relay.checks.suppression import fingerprint
from relay.core.project import open_project
from relay.publish.run import publish

ROAD = "2015-10-05-road-safety"
UNIT = "651be481a7"  # "… and up to 50 million more are injured."


def test_a_suppression_on_another_entry_does_not_silence_a_unit(sample_project: Path) -> None:
    def wrong(entry: Entry) -> Entry:
        if entry.id != UNIT:
            return entry
        assert "50\u00a0millions" in entry.msgstr or "50 millions" in entry.msgstr
        ninety = entry.msgstr.replace("50\u00a0millions", "90\u00a0millions")
        return entry.with_(msgstr=ninety.replace("50 millions", "90 millions"))

    planted = f"relay-ignore: number-value {fingerprint('Press contact', 'Contact presse')}"
    edit_catalog(
        sample_project / "locales" / "fr" / f"{ROAD}.po",
        wrong,
        added=[Entry("Press contact", "Contact presse", context="x", comments=(planted,), id=UNIT)],
    )
    report = publish(open_project(sample_project), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    french = next(v for v in report.variants if v.slug == ROAD and v.lang == "fr")
    assert not french.published
    assert any(reason.startswith("number-value") for reason in french.reasons)
