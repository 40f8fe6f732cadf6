"""An import brings memory's index up to date with the catalogs it wrote, so that the next
command that uses memory (extract of one new release, export of one) reads none of them again."""

from __future__ import annotations

from pathlib import Path

from relay.core.project import Project, open_project
from relay.exchange.handoff import export_packages, import_files
from relay.extract.run import extract
from relay.memory.index import SyncReport
from relay.memory.store import open_memory
from relay.sources.discovery import discover

TXT = "2015-10-05-road-safety"


def _returned(root: Path, lang: str) -> Path:
    """Export one release and change one translation, as a translator would."""
    project = open_project(root)
    [exported], _ = export_packages(project, lang=lang, fmt="po", slugs=[TXT], out=root / "out")
    text = exported.path.read_text("utf-8")
    start = text.index('msgstr "', text.index("msgid", text.index("\n\n"))) + len('msgstr "')
    exported.path.write_text(text[:start] + "Revu : " + text[start:], "utf-8")
    return exported.path


def _synced(project: Project) -> SyncReport:
    """Bring memory up to date with the project's files; give what that read."""
    index, synced = open_memory(project, discover(project).releases)
    index.close()
    return synced


def test_after_an_import_memory_has_nothing_left_to_read(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    _synced(project)  # memory up to date before the import
    returned = _returned(sample_project, "fr")
    report = import_files(project, [returned])
    assert [f.written for f in report.files] == [True]
    synced = _synced(project)
    assert synced.read == []
    assert synced.unchanged > 0


def test_a_dry_run_import_leaves_memory_alone(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    _synced(project)  # memory up to date before the import
    returned = _returned(sample_project, "fr")
    import_files(project, [returned], dry_run=True)
    synced = _synced(project)
    assert synced.read == []  # nothing was written, so nothing changed for memory
