"""The manifest's title in a language is that language's title: a title whose unit text is not
the metadata's title byte for byte (a run of spaces folded, a Markdown heading with emphasis)
must not be listed in the source language under the target language's key."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from support.catalogs import edit_catalog

from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish

CASES = {
    "t.txt": ("Title: Water  ministers talk\nDate: 2026-12-01\n\nThe ministers agreed.\n",
              "Water ministers talk", "Les ministres discutent",
              "Les ministres discutent"),
    "m.md": ('---\ntitle: "Water  ministers meet"\ndate: 2026-12-01\n---\n\n'
             "The ministers agreed.\n",
             "Water ministers meet", "Les ministres se réunissent",
             "Les ministres se réunissent"),
    "n.md": ("---\ndate: 2026-12-01\n---\n\n# Water *ministers* gather\n\nThe ministers agreed.\n",
             "Water <1>ministers</1> gather", "Les <1>ministres</1> se rassemblent",
             "Les ministres se rassemblent"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_translated_title_is_the_manifests_and_feeds(empty_project: Path, name: str) -> None:
    text, unit, translation, shown = CASES[name]
    (empty_project / "sources" / name).write_text(text, "utf-8")
    project = open_project(empty_project)
    extract(project)
    slug = name.split(".")[0]
    done = {unit: translation, "The ministers agreed.": "Les ministres se sont accordés."}
    for lang in ("fr", "ru"):
        edit_catalog(
            empty_project / "locales" / lang / f"{slug}.po",
            lambda entry: entry.with_(msgstr=done[entry.msgid]),
        )
    publish(project, now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    manifest = json.loads((empty_project / "public" / "manifest.json").read_text("utf-8"))
    assert manifest["releases"][0]["title"]["fr"] == shown
    feed = (empty_project / "public" / "fr" / "feed.xml").read_text("utf-8")
    assert f"<title>{shown}</title>" in feed
