"""A status after some releases' files changed takes the other releases' rows from the last
status (:func:`relay.report.status._rows_again`): it must give exactly the rows a status made
from every release gives, whatever changed, and decide only the releases that changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from support.status_rows import BEFORE, ROAD, SEED, WATER, both, translate

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.extract.run import extract
from relay.report import status
from relay.report.status import overview

COPY = "2015-10-06-road-safety-again"
THIRD = "2015-10-08-road-safety-third"


@pytest.fixture
def project(demo_project: Path) -> Path:
    extract(open_project(demo_project))
    for lang in ("fr", "ru"):
        translate(demo_project, lang, SEED)
        translate(demo_project, lang, ROAD)
    translate(demo_project, "fr", WATER, share=0.5, note=True)
    return demo_project


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """The sources each status decided (None: every source)."""
    calls: list[list[str] | None] = []
    decide_each = status.decisions

    def watched(*args: Any, **kwargs: Any) -> Any:
        sources = kwargs.get("sources")
        calls.append(None if sources is None else [str(s.relative) for s in sources])
        return decide_each(*args, **kwargs)

    monkeypatch.setattr(status, "decisions", watched)
    return calls


def agree(root: Path) -> list[Any]:
    """The fast status's rows, after asserting that they are the full overview's."""
    fast, slow = both(root, BEFORE)
    assert fast == slow
    return fast


def copy_road(root: Path, slug: str = COPY, *, embargo: str = "") -> Path:
    """A new release with the road-safety release's text (every unit shared with it)."""
    text = (root / "sources" / f"{ROAD}.txt").read_text("utf-8")
    text = text.replace(
        f"Slug: {ROAD}", f"Slug: {slug}" + (f"\nEmbargo: {embargo}" if embargo else "")
    )
    path = root / "sources" / f"{slug}.txt"
    path.write_text(text, "utf-8")
    extract(open_project(root))
    return path


def test_a_new_release_is_the_only_release_decided_again(
    project: Path, decided: list[list[str] | None]
) -> None:
    before = agree(project)
    copy_road(project)
    decided.clear()
    rows = overview(open_project(project), now=BEFORE, units=False).rows
    assert decided[0] == [f"sources/{COPY}.txt"]
    assert rows == agree(project)
    assert len(rows) == len(before) + 2
    assert {row.slug for row in rows} - {row.slug for row in before} == {COPY}


def test_a_translated_catalog_decides_its_release_alone(
    project: Path, decided: list[list[str] | None]
) -> None:
    before = agree(project)
    translate(project, "ru", WATER, share=0.3)
    decided.clear()
    rows = overview(open_project(project), now=BEFORE, units=False).rows
    assert decided[0] == ["sources/2014-03-12-water-cooperation.md"]
    assert rows == agree(project) != before


def reword(root: Path, lang: str, slug: str) -> None:
    """Translate a whole catalog as :func:`translate` does, in other words."""
    translate(root, lang, slug)
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    prefix = f"{lang.upper()} "
    entries = [e.with_(msgstr=e.msgstr.replace(prefix, f"{prefix}: ", 1)) for e in catalog.entries]
    path.write_bytes(write_po(Catalog(catalog.header, entries)))


def test_a_finding_across_releases_about_an_unchanged_release_makes_every_row_again(
    project: Path, decided: list[list[str] | None]
) -> None:
    """Two releases translate their shared text two ways: the road-safety release's way is
    the reference. A third release the other way makes the other the reference, and the
    road-safety release, unchanged, is now told it differs."""
    copy_road(project)
    reword(project, "fr", COPY)
    agree(project)
    road = [row.warnings for row in agree(project) if row.slug == ROAD and row.lang == "fr"]
    copy_road(project, THIRD)
    reword(project, "fr", THIRD)
    decided.clear()
    rows = agree(project)
    # The new release decided, the road-safety release's findings found changed: all anew.
    assert decided[:2] == [[f"sources/{THIRD}.txt"], None]
    assert [row.warnings for row in rows if row.slug == ROAD and row.lang == "fr"] > road


@pytest.mark.parametrize(
    "change",
    [
        "remove a release",
        "claim a kept slug",
        "embargo the new release",
        "edit a source",
        "break a catalog",
        "break a catalog, then change another release",
        "add a glossary",
        "lose the slug record",
    ],
)
def test_rows_follow_each_change(project: Path, change: str) -> None:
    copy_road(project)
    first = agree(project)
    root = project
    if change == "remove a release":
        (root / "sources" / f"{COPY}.txt").unlink()
    elif change == "claim a kept slug":
        text = (root / "sources" / f"{COPY}.txt").read_text("utf-8")
        (root / "sources" / "2015-10-07-late.txt").write_text(
            text.replace(f"Slug: {COPY}", f"Slug: {SEED}"), "utf-8"
        )
    elif change == "embargo the new release":
        copy_road(root, embargo="2030-01-01T00:00:00+00:00")
    elif change == "edit a source":
        path = root / "sources" / f"{COPY}.txt"
        path.write_text(path.read_text("utf-8").replace("ten days", "eleven days"), "utf-8")
        extract(open_project(root))
    elif change == "break a catalog":
        (root / "locales" / "ru" / f"{COPY}.po").write_text('msgid "unterminated\n', "utf-8")
    elif change == "break a catalog, then change another release":
        (root / "locales" / "ru" / f"{COPY}.po").write_text('msgid "unterminated\n', "utf-8")
        assert overview(open_project(root), now=BEFORE, units=False).errors
        translate(root, "ru", WATER, share=0.3)
    elif change == "add a glossary":
        (root / "glossary.csv").write_text(
            "source,lang,target,kind,note\nUNECE,fr,CEE-ONU,required,\n", "utf-8"
        )
        config = root / "relay.toml"
        config.write_text(config.read_text("utf-8") + 'glossary = "glossary.csv"\n', "utf-8")
    elif change == "lose the slug record":
        (root / "locales" / "slugs.json").unlink()
    project_now = open_project(root)
    fast = overview(project_now, now=BEFORE, units=False)
    slow = overview(project_now, now=BEFORE)
    assert [str(e) for e in fast.errors] == [str(e) for e in slow.errors]
    assert fast.rows == slow.rows
    assert fast.rows != first or fast.errors or change in ("lose the slug record", "add a glossary")
    # and once more, from what this status kept
    assert overview(open_project(root), now=BEFORE, units=False).rows == fast.rows


def test_a_project_moved_keeps_its_rows(
    project: Path, tmp_path: Path, decided: list[list[str] | None]
) -> None:
    """Files are named by their path from the project's root, as the states name them: a
    project moved (its files linked, as a checkout keeps them) decides only what changed."""
    copy_road(project)
    agree(project)
    other = tmp_path / "moved"
    shutil.copytree(project, other, copy_function=os.link)
    catalog = other / "locales" / "ru" / f"{WATER}.po"
    catalog.unlink()  # relay replaces a file, never writes into it: the link is not followed
    shutil.copy(project / "locales" / "ru" / f"{WATER}.po", catalog)
    translate(other, "ru", WATER, share=0.3)
    decided.clear()
    fast, slow = both(other, BEFORE)
    assert decided[0] == ["sources/2014-03-12-water-cooperation.md"]
    assert fast == slow
    shutil.rmtree(other)
    shutil.copytree(project, other)  # copied: every file a new one, every release anew
    decided.clear()
    fast, slow = both(other, BEFORE)
    assert decided[0] is None
    assert fast == slow


def test_a_status_with_an_error_is_taken_from_the_file_until_a_file_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors are kept with the rows and read back (they were refused by the file's reader,
    so a status that reported one made every row again, every time)."""
    (project / "locales" / "ru" / f"{SEED}.po").write_text('msgid "unterminated\n', "utf-8")
    first = overview(open_project(project), now=BEFORE, units=False)
    assert first.errors

    def no_deciding(*args: object, **kwargs: object) -> None:
        raise AssertionError("a release was decided")

    monkeypatch.setattr(status, "decisions", no_deciding)
    again = overview(open_project(project), now=BEFORE, units=False)
    assert again.rows == first.rows
    assert [str(e) for e in again.errors] == [str(e) for e in first.errors]
    assert [type(e) for e in again.errors] == [type(e) for e in first.errors]
