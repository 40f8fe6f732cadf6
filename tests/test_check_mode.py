"""``relay extract --check`` and ``relay publish --check``: CI's question, asked without writing.

Each exits 0 when the project is up to date, 1 with the list of what would change when it is
not, and changes no file of the project (``.relay-cache`` included, not even its lock).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from relay.catalogs.po import load_catalog, write_po
from relay.cli.app import app
from relay.core.project import open_project
from relay.extract.run import extract

runner = CliRunner()
SLUG = "2013-04-23-kazakhstan-innovation"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and modification time."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    } | {str(path.relative_to(root)) + "/": (b"", 0) for path in root.rglob("*") if path.is_dir()}


def edit_source(root: Path) -> None:
    path = root / "sources" / f"{SLUG}.html"
    text = path.read_text("utf-8")
    path.write_text(text.replace("Deputy Prime Minister", "First Deputy Prime Minister"), "utf-8")


def test_extract_check_fails_then_passes_and_writes_nothing(sample_project: Path) -> None:
    root = sample_project
    before = snapshot(root)
    result = runner.invoke(app, ["-C", str(root), "extract", "--check"])
    assert result.exit_code == 0, result.output
    assert "9 catalogs up to date" in result.output
    assert snapshot(root) == before  # no .relay-cache, no lock, no documents cache

    assert runner.invoke(app, ["-C", str(root), "extract"]).exit_code == 0
    edit_source(root)
    before = snapshot(root)
    result = runner.invoke(app, ["-C", str(root), "extract", "--check"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines == [
        f"would update {root / 'locales' / 'templates' / SLUG}.pot",
        f"would update {root / 'locales' / 'fr' / SLUG}.po",
        f"would update {root / 'locales' / 'ru' / SLUG}.po",
        "3 of 9 catalogs would be updated; run 'relay extract'",
    ]
    assert snapshot(root) == before  # the run state and the caches too

    assert runner.invoke(app, ["-C", str(root), "extract"]).exit_code == 0
    result = runner.invoke(app, ["-C", str(root), "extract", "--check"])
    assert result.exit_code == 0, result.output


def test_extract_check_is_extract_without_the_writing(sample_project: Path) -> None:
    """The API: the files a check says would change are exactly those extract then writes."""
    edit_source(sample_project)
    path = sample_project / "locales" / "fr" / f"{SLUG}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [e.with_(msgstr="") if "Published" in e.msgid else e for e in catalog]
    path.write_bytes(write_po(catalog))  # a new untranslated unit: memory would fill it
    project = open_project(sample_project)
    before = snapshot(sample_project)
    checked = extract(project, check=True)
    assert snapshot(sample_project) == before
    done = extract(project)
    assert [c.path for c in checked.written] == [c.path for c in done.written]
    assert len(done.written) == 3


def test_publish_check_fails_then_passes_and_writes_nothing(sample_project: Path) -> None:
    root = sample_project
    assert runner.invoke(app, ["-C", str(root), "extract"]).exit_code == 0
    before = snapshot(root)
    result = runner.invoke(app, ["-C", str(root), "publish", "--check"])
    assert result.exit_code == 1, result.output
    assert f"would write {root / 'public' / 'fr' / SLUG}.html" in result.output
    assert f"would write {root / 'public' / 'manifest.json'}" in result.output
    assert result.output.splitlines()[-1] == "13 files in public/ would change; run 'relay publish'"
    assert snapshot(root) == before

    assert runner.invoke(app, ["-C", str(root), "publish"]).exit_code == 0
    before = snapshot(root)
    result = runner.invoke(app, ["-C", str(root), "publish", "--check"])
    assert result.exit_code == 0, result.output
    assert snapshot(root) == before

    path = root / "locales" / "fr" / f"{SLUG}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [
        e.with_(msgstr="Paru le <1/>") if e.msgid == "Published: <1/>" else e for e in catalog
    ]
    path.write_bytes(write_po(catalog))
    before = snapshot(root)
    result = runner.invoke(app, ["-C", str(root), "publish", "--check"])
    assert result.exit_code == 1, result.output
    html, manifest = root / "public" / "fr" / f"{SLUG}.html", root / "public" / "manifest.json"
    changes = result.output.splitlines()[:-1]
    assert f"would write {html}" in changes and f"would write {manifest}" in changes
    # The feed's update time is the new variant's publication time: changed in another second.
    assert set(changes) <= {f"would write {p}" for p in (html, manifest, html.parent / "feed.xml")}
    assert snapshot(root) == before
