"""TMX 1.4b in and out: CAT tools read what relay writes; relay uses what they write, safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tmx as toolkit_tmx

from relay.catalogs.po import load_catalog
from relay.core.errors import CatalogError, UsageError
from relay.core.project import open_project
from relay.extract.run import extract
from relay.memory import tmx
from relay.memory.records import Record
from relay.memory.store import export_memory, import_memory

FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OtherCAT" creationtoolversion="9" datatype="html" segtype="sentence"
          adminlang="en-US" srclang="en-US" o-tmf="OtherCAT" creationdate="20120101T090000Z"/>
  <body>
    <tu tuid="agency-17" changedate="20120315T101500Z">
      <tuv xml:lang="en-US"><seg>Road safety is a shared
        responsibility.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>La sécurité routière est une responsabilité partagée.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Verkehrssicherheit ist eine gemeinsame Verantwortung.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>See the {link}report{end}.<ph>&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Voir le {link}rapport{end}.</seg></tuv>
    </tu>
    <tu tuid="german-only">
      <tuv xml:lang="en-US"><seg>Only German here.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Nur Deutsch.</seg></tuv>
    </tu>
  </body>
</tmx>
""".format(link='<bpt i="1">&lt;a href="x"&gt;</bpt>', end='<ept i="1">&lt;/a&gt;</ept>')
SAFETY = "Road safety is a shared responsibility."


def read(data: bytes | str) -> tmx.TmxContent:
    raw = data.encode() if isinstance(data, str) else data
    return tmx.read(raw, path="x.tmx", origin="tmx:x", source_lang="en", target_langs=["fr"])


def test_translate_toolkit_reads_our_export_with_the_same_unit_count(
    sample_project: Path,
) -> None:
    project = open_project(sample_project)
    exported, errors = export_memory(project, sample_project / "all.tmx")
    assert not errors and exported.units > 100 and exported.langs == ("fr", "ru")
    store = toolkit_tmx.tmxfile((sample_project / "all.tmx").read_bytes())
    assert len(store.units) == exported.units
    french, _ = export_memory(project, sample_project / "fr.tmx", ["fr"])
    store = toolkit_tmx.tmxfile((sample_project / "fr.tmx").read_bytes())
    assert len(store.units) == french.units == exported.units // 2
    assert {unit.getid().split("#")[0] for unit in store.units} >= {
        "2013-04-23-kazakhstan-innovation",
        "2015-10-05-road-safety",
    }


def test_our_export_reads_back_into_the_same_records(sample_project: Path) -> None:
    records = [
        Record(
            "See <1>the report</1>.<2/>",
            "Voir <1>le rapport</1>.<2/>",
            "fr",
            "paragraph",
            "2014-03-12-water",
            "ab12",
            "2014-03-12",
        ),
        Record("Note to editors", "Note aux rédactions", "fr", "heading", "2013-x", "cd", ""),
        Record("A </1> stray tag & <b>", "Une </1> balise & <b>", "fr", "", "tmx:old", "tu3", ""),
    ]
    data = tmx.write(records, source_lang="en")
    assert data == tmx.write(records, source_lang="en")  # no clock in the output
    back = read(data).records
    assert [(r.source, r.target, r.role, r.date) for r in back] == [
        (r.source, r.target, r.role, r.date) for r in records
    ]
    assert [r.unit for r in back] == ["2014-03-12-water#ab12", "2013-x#cd", "tmx:old#tu3"]


def test_a_foreign_tmx_is_read_with_its_languages_dates_and_codes() -> None:
    content = read(FOREIGN)
    assert (content.units, content.skipped) == (3, 1)
    safety, link = content.records
    assert (safety.source, safety.lang, safety.date) == (SAFETY, "fr", "2012-03-15")
    assert (safety.origin, safety.unit) == ("tmx:x", "agency-17")
    assert link.source == "See the <1>report</1>."  # an unnumbered <ph> has no placeholder
    assert link.target == "Voir le <1>rapport</1>."
    assert (link.unit, link.date) == ("tu2", "2012-01-01")


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu>
<tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv>
</tu></body></tmx>"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="en"/><body><tu>
<tuv xml:lang="en"><seg>&lol3;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv>
</tu></body></tmx>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "file:///etc/passwd">
<tmx version="1.4"><header srclang="en"/><body><tu>
<tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv>
</tu></body></tmx>"""


@pytest.mark.parametrize("hostile", [XXE, LAUGHS, EXTERNAL_ENTITY], ids=["xxe", "laughs", "ext"])
def test_hostile_tmx_is_refused(hostile: str, sample_project: Path) -> None:
    with pytest.raises(CatalogError):
        read(hostile)
    path = sample_project / "hostile.tmx"
    path.write_text(hostile)
    with pytest.raises(CatalogError):
        import_memory(open_project(sample_project), path)
    assert not (sample_project / "locales" / "memory").exists()


def test_a_hostile_file_dropped_into_memory_is_reported_not_used(sample_project: Path) -> None:
    folder = sample_project / "locales" / "memory"
    folder.mkdir()
    (folder / "evil.tmx").write_text(XXE)
    (sample_project / "sources" / "2016-01-01-new.txt").write_text(
        "Title: New\nDate: 2016-01-01\n\nInformation Unit\n"
    )
    report = extract(open_project(sample_project))
    assert [error.message.split(":")[0] for error in report.errors] == ["locales/memory/evil.tmx"]
    catalog = load_catalog(sample_project / "locales" / "fr" / "2016-01-01-new.po")
    assert catalog is not None and catalog.find("Information Unit").translated  # type: ignore[union-attr]


def test_not_tmx_is_refused() -> None:
    with pytest.raises(CatalogError, match="not a TMX file"):
        read('<?xml version="1.0"?><xliff version="1.2"/>')


def test_imported_memory_is_used_on_extract_and_marked_with_its_origin(
    sample_project: Path,
) -> None:
    project = open_project(sample_project)
    given = sample_project / "Agency TM (2012).tmx"
    given.write_text(FOREIGN, "utf-8")
    imported = import_memory(project, given)
    assert imported.path == sample_project / "locales/memory/agency-tm-2012.tmx"
    assert imported.path.read_bytes() == given.read_bytes()  # kept as it came: canonical
    assert (imported.origin, imported.units, imported.used, imported.skipped) == (
        "tmx:agency-tm-2012",
        3,
        2,
        1,
    )
    assert imported.by_lang == {"fr": 2}
    (sample_project / "sources" / "2016-03-01-safety.txt").write_text(
        f"Title: Safety week\nDate: 2016-03-01\n\n{SAFETY} Drivers should slow down.\n",
        "utf-8",
    )
    report = extract(project)
    assert not report.errors
    catalog = load_catalog(sample_project / "locales" / "fr" / "2016-03-01-safety.po")
    assert catalog is not None
    entry = catalog.find(SAFETY)
    assert entry is not None
    assert entry.msgstr == "La sécurité routière est une responsabilité partagée."
    assert entry.fuzzy  # no role is known for foreign memory: offered, not approved
    assert entry.comments == ("memory: tmx:agency-tm-2012#agency-17 (exact, elsewhere)",)
    russian = load_catalog(sample_project / "locales" / "ru" / "2016-03-01-safety.po")
    assert russian is not None and russian.find(SAFETY).msgstr == ""  # type: ignore[union-attr]


def test_a_tmx_without_the_projects_languages_is_refused(sample_project: Path) -> None:
    path = sample_project / "german.tmx"
    path.write_text(FOREIGN.replace("fr-FR", "it-IT"), "utf-8")
    with pytest.raises(UsageError, match="no unit in en and one of fr, ru"):
        import_memory(open_project(sample_project), path)
