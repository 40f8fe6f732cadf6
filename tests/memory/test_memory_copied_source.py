"""Memory must not fill a unit as translated with its own source copied (an imported TMX whose
target segment is in the source language, an English sentence kept in a catalog): the variant
would be published in the source language as translated, nobody having read it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from relay.catalogs.po import load_catalog
from relay.core.project import open_project
from relay.extract.run import extract
from relay.memory.store import import_memory
from relay.publish.run import publish

SENTENCE = "The ministers agreed on a new road map for water cooperation."
TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" datatype="plaintext"
 segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/><body>
<tu tuid="1"><prop type="x-relay-role">paragraph</prop>
<tuv xml:lang="en"><seg>{SENTENCE}</seg></tuv><tuv xml:lang="fr-FR"><seg>{SENTENCE}</seg></tuv></tu>
<tu tuid="2"><prop type="x-relay-role">title</prop>
<tuv xml:lang="en"><seg>Water ministers agree</seg></tuv>
<tuv xml:lang="fr"><seg>Water ministers agree</seg></tuv></tu>
<tu tuid="3"><prop type="x-relay-role">paragraph</prop>
<tuv xml:lang="en"><seg>UNECE</seg></tuv><tuv xml:lang="fr"><seg>UNECE</seg></tuv></tu>
</body></tmx>
"""


def test_a_copied_source_from_memory_is_not_published_unread(
    empty_project: Path, tmp_path: Path
) -> None:
    memory = tmp_path / "swapped.tmx"
    memory.write_text(TMX, "utf-8")
    project = open_project(empty_project)
    import_memory(project, memory)
    (empty_project / "sources" / "w.txt").write_text(
        f"Title: Water ministers agree\nDate: 2026-12-01\n\n{SENTENCE}\n\nUNECE\n", "utf-8"
    )
    extract(project)
    catalog = load_catalog(empty_project / "locales" / "fr" / "w.po")
    assert catalog is not None
    by_source = {entry.msgid: entry for entry in catalog.active}
    assert by_source[SENTENCE].fuzzy
    assert by_source["Water ministers agree"].fuzzy
    assert not by_source["UNECE"].fuzzy  # a name copied is a translation
    report = publish(project, now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    french = next(v for v in report.variants if v.lang == "fr")
    assert not french.published
    assert not (empty_project / "public" / "fr" / "w.txt").exists()
