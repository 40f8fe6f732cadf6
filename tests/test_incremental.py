"""Extract and publish skip what has not changed, use every core, and give the files that
reading everything in one process gives, byte for byte (the slow path: a run state that is
never kept, one worker)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.incremental import (
    RELEASES,
    files_in,
    make_project,
    release_text,
    translate_catalogs,
)

from relay.catalogs.po import read_po, write_po
from relay.core.errors import UsageError
from relay.core.project import open_project
from relay.extract import run as extract_run
from relay.extract.run import ExtractReport, extract
from relay.publish.run import publish
from relay.runtime import run_state as cache
from relay.runtime import workers as parallel
from relay.runtime.files import TEMPORARY_SUFFIX
from relay.sources.discovery import discover

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _read_everything(patch: pytest.MonkeyPatch) -> None:
    """Make every run read everything: its state is opened unkept (empty, never saved)."""
    opened = cache.RunState.open.__func__  # type: ignore[attr-defined]

    def unkept(cls: type[cache.RunState], *args: object, **kwargs: object) -> cache.RunState:
        return opened(cls, *args, **{**kwargs, "kept": False})  # type: ignore[no-any-return]

    patch.setattr(cache.RunState, "open", classmethod(unkept))


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run extract and publish the slow way: everything read, in one process."""
    _read_everything(monkeypatch)
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")


def _reference(tmp_path: Path, name: str, prepare: object = None) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        _read_everything(patch)
        patch.setenv(parallel.WORKERS_VARIABLE, "1")
        root = make_project(tmp_path / name)
        extract(open_project(root))
        if callable(prepare):
            prepare(root)
        return root


@pytest.mark.parametrize("workers", ["1", "2"])
def test_extract_gives_what_reading_everything_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, workers)
    reference = _reference(tmp_path, "reference")
    root = make_project(tmp_path / "incremental")
    report = extract(open_project(root))
    assert len(report.releases) == RELEASES and len(report.written) == 3 * RELEASES
    assert files_in(root, "locales") == files_in(reference, "locales")
    assert (root / ".relay-cache" / "extract-state.sqlite").is_file()


def test_extract_with_nothing_changed_reads_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    before = {path: path.stat().st_mtime_ns for path in (root / "locales").rglob("*.po*")}

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged release was read")

    monkeypatch.setattr("relay.extract.run.read_release", no_reading)
    report = extract(project)
    assert report.written == [] and len(report.changes) == 3 * RELEASES
    assert len(report.releases) == RELEASES
    assert {path: path.stat().st_mtime_ns for path in before} == before


def test_an_edit_costs_its_release_only_and_matches_a_full_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def edit(root: Path) -> None:
        source = root / "sources" / "r007.txt"
        source.write_text(release_text(7, " A new sentence was added."), "utf-8")

    reference = _reference(tmp_path, "reference")
    edit(reference)
    with monkeypatch.context() as patch:
        _read_everything(patch)
        extract(open_project(reference))
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    edit(root)
    read = []
    import relay.extract.run

    original = relay.extract.run.read_release

    def counting(*args: object, **options: object) -> object:
        read.append(args[2])
        return original(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(relay.extract.run, "read_release", counting)
    report = extract(project)
    assert [str(path) for path in read] == ["sources/r007.txt"]
    assert {change.slug for change in report.written} == {"2020-release-007"}
    assert files_in(root, "locales") == files_in(reference, "locales")


def test_deleting_the_cache_changes_no_output(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    before = files_in(root, "locales")
    shutil.rmtree(root / ".relay-cache")
    assert extract(project).written == []
    assert files_in(root, "locales") == before


def test_a_translated_catalog_edited_by_hand_is_read_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    path = root / "locales" / "fr" / "2020-release-003.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries.append(catalog.entries[0].with_(msgid="Gone.", msgstr="Parti."))
    path.write_bytes(write_po(catalog))
    report = extract(project)
    assert [(change.slug, change.lang) for change in report.written] == [("2020-release-003", "fr")]
    assert '#~ msgid "Gone."' in path.read_text("utf-8")


def _both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> tuple[Path, ExtractReport, Path, ExtractReport]:
    """Make a change once before a full, one-process extract, and once between two
    incremental extracts; give both projects and both reports."""
    reference = _reference(tmp_path, "reference", change)
    with monkeypatch.context() as patch:
        _read_everything(patch)
        full = extract(open_project(reference))
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    change(root)
    return reference, full, root, extract(project)


def test_memory_fills_a_new_release_as_a_full_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add(root: Path) -> None:
        translate_catalogs(root, ["2020-release-001"])
        (root / "sources" / "r999.txt").write_text(release_text(999), "utf-8")

    reference, full, root, report = _both_ways(tmp_path, monkeypatch, add)
    assert report.from_memory == full.from_memory > 0
    assert files_in(root, "locales") == files_in(reference, "locales")


@pytest.fixture
def staged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each batch extract stages in temporary files, as it stages them."""
    sizes: list[int] = []
    stage = extract_run._stage

    def counted(items: list, *rest: object) -> None:  # type: ignore[type-arg]
        sizes.append(len(items))
        stage(items, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_run, "_stage", counted)
    return sizes


def test_a_run_that_holds_its_catalogs_to_its_end_keeps_them_on_disk_not_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: list[int]
) -> None:
    """With memory to ask, no catalog is replaced before the run's end: every release
    extracted again (each source edited, one new) waits in temporary files, a few at a time
    (``BATCH``), and the outputs are a full run's."""
    monkeypatch.setattr(extract_run, "BATCH", 4)

    def edit_all(root: Path) -> None:
        translate_catalogs(root, ["2020-release-001"])
        for number in range(RELEASES):
            path = root / "sources" / f"r{number:03d}.txt"
            path.write_text(release_text(number, " A sentence added."), "utf-8")
        (root / "sources" / "r999.txt").write_text(release_text(999), "utf-8")

    reference, full, root, report = _both_ways(tmp_path, monkeypatch, edit_all)
    assert len(staged) > 2  # several batches staged, none held
    assert report.from_memory == full.from_memory > 0
    assert [(c.slug, c.lang) for c in report.written] == [(c.slug, c.lang) for c in full.written]
    assert files_in(root, "locales") == files_in(reference, "locales")
    assert not [p for p in root.rglob("*") if p.name.endswith(TEMPORARY_SUFFIX)]
    again = extract(open_project(root))
    assert again.written == []  # the state recorded what the staged files hold


def test_a_failed_run_that_staged_its_catalogs_replaces_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: list[int]
) -> None:
    """An unknown release named fails the run after its catalogs were staged: the temporary
    files are removed and every catalog is as it was."""
    monkeypatch.setattr(extract_run, "BATCH", 2)
    root = make_project(tmp_path / "p")
    project = open_project(root)
    extract(project)
    for number in range(RELEASES):
        path = root / "sources" / f"r{number:03d}.txt"
        path.write_text(release_text(number, " A sentence added."), "utf-8")
    before = files_in(root, "locales")
    slugs = [f"2020-release-{number:03d}" for number in range(RELEASES)]
    with pytest.raises(UsageError, match="no release 'no-such-release'"):
        extract(project, [*slugs, "no-such-release"])
    assert len(staged) > 2  # its catalogs were staged before it failed
    assert files_in(root, "locales") == before
    assert not [p for p in root.rglob("*") if p.name.endswith(TEMPORARY_SUFFIX)]


def test_a_duplicate_slug_is_reported_as_discovery_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def copy(root: Path) -> None:
        (root / "sources" / "r000-copy.txt").write_text(release_text(0), "utf-8")

    reference, full, root, report = _both_ways(tmp_path, monkeypatch, copy)
    assert [str(error) for error in report.errors] == [str(error) for error in full.errors]
    assert [str(error) for error in discover(open_project(root)).errors] == [
        str(error) for error in report.errors
    ]
    assert files_in(root, "locales") == files_in(reference, "locales")


def test_publish_gives_what_a_full_run_gives_and_then_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _reference(tmp_path / "a", "p", translate_catalogs)
    root = tmp_path / "b" / "p"  # the same name: feeds are named after the project's folder
    shutil.copytree(reference, root)
    with monkeypatch.context() as patch:
        _read_everything(patch)
        patch.setenv(parallel.WORKERS_VARIABLE, "1")
        publish(open_project(reference), now=NOW)
    project = open_project(root)
    first = publish(project, now=NOW)
    assert sum(v.published for v in first.variants) == 3 * RELEASES
    assert files_in(root, "public") == files_in(reference, "public")
    assert (root / ".relay-cache" / "publish-state.sqlite").is_file()
    before = {path: path.stat().st_mtime_ns for path in (root / "public").rglob("*")}
    again = publish(project, now=NOW)
    assert again.manifest_action == "unchanged" and set(again.feeds.values()) == {"unchanged"}
    assert {v.action for v in again.variants} == {"unchanged"}
    assert [v.record() for v in again.variants] == [v.record() for v in first.variants]
    assert {path: path.stat().st_mtime_ns for path in before} == before


def test_publish_recovers_from_a_lost_state_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _reference(tmp_path, "p", translate_catalogs)
    project = open_project(root)
    publish(project, now=NOW)
    # A new relay version, or a deleted cache: every release is decided again, and its
    # published files, already holding their bytes, are not written but must be learnt.
    (root / ".relay-cache" / "publish-state.sqlite").unlink()
    before = {path: path.stat().st_mtime_ns for path in (root / "public").rglob("*")}
    publish(project, now=NOW)
    assert {path: path.stat().st_mtime_ns for path in before} == before

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged release was read again")

    monkeypatch.setattr("relay.publish.run.read_release", no_reading)
    assert {v.action for v in publish(project, now=NOW).variants} == {"unchanged"}


def test_publish_decides_again_a_release_whose_catalog_changed(tmp_path: Path) -> None:
    root = _reference(tmp_path, "p", translate_catalogs)
    project = open_project(root)
    publish(project, now=NOW)
    path = root / "locales" / "ru" / "2020-release-004.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries[0] = catalog.entries[0].with_(msgstr="")
    path.write_bytes(write_po(catalog))
    report = publish(project, now=NOW)
    changed = [(v.slug, v.lang, v.action) for v in report.variants if v.action != "unchanged"]
    assert changed == [("2020-release-004", "ru", "withdrawn")]
    assert not (root / "public" / "ru" / "2020-release-004.txt").exists()


def test_publish_reads_no_unchanged_releases_whole_record_unless_it_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deciding and joining an unchanged release take its record's head; its whole record
    (every variant's counts, reasons, findings) is read only to list its variants."""
    from relay.runtime.state_store import Rows

    root = _reference(tmp_path, "p", translate_catalogs)
    publish(open_project(root), now=NOW)
    path = root / "locales" / "ru" / "2020-release-004.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries[0] = catalog.entries[0].with_(msgstr="")
    path.write_bytes(write_po(catalog))
    whole: list[str] = []
    read = Rows.__getitem__

    def counting(self: Rows[object], key: str) -> object:
        if self.table.name == "releases":
            whole.append(key)
        return read(self, key)

    monkeypatch.setattr(Rows, "__getitem__", counting)
    report = publish(open_project(root), now=NOW, every_variant=False)
    assert [(v.slug, v.lang, v.action) for v in report.variants] == [
        ("2020-release-004", "ru", "withdrawn")
    ]
    assert whole == []
    listed = publish(open_project(root), now=NOW)  # nothing changed: every variant listed
    assert len(listed.variants) == RELEASES * 3 and len(set(whole)) == RELEASES


def test_a_copied_project_keeps_its_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    extract(open_project(root))
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)  # modification times kept, as a backup or a move keeps them

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged release was read")

    monkeypatch.setattr("relay.extract.run.read_release", no_reading)
    assert extract(open_project(copy)).written == []


def test_a_releases_outputs_are_named_as_the_project_names_them(tmp_path: Path) -> None:
    from relay.extract.run import _outputs

    project = open_project(make_project(tmp_path / "p", releases=1))
    for slug in ("r000", "2024-05-01.v2", "a"):
        assert _outputs(project, slug) == [
            (project.template_path(slug), None),
            *((project.catalog_path(lang, slug), lang) for lang in project.config.target_langs),
        ]


def test_publish_joins_the_kept_texts_of_unchanged_releases_as_a_full_run_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new release, a translation edited and one taken back: the manifest (with the times
    files were first published, carried from the last one) and the feeds joined from the
    kept texts are what a run deciding everything writes."""
    root = _reference(tmp_path / "a", "p", translate_catalogs)
    publish(open_project(root), now=NOW)
    reference = tmp_path / "b" / "p"  # the same name: feeds are named after the project's folder
    shutil.copytree(root, reference)

    def change(folder: Path) -> None:
        (folder / "sources" / "r030.txt").write_text(release_text(30), "utf-8")
        extract(open_project(folder))
        translate_catalogs(folder, ["2020-release-030"])
        for lang, slug, text in [("ru", "2020-release-004", ""), ("fr", "2020-release-005", "x")]:
            path = folder / "locales" / lang / f"{slug}.po"
            catalog = read_po(path.read_bytes(), path=str(path))
            catalog.entries[0] = catalog.entries[0].with_(msgstr=text)
            path.write_bytes(write_po(catalog))

    later = NOW + dt.timedelta(days=1)
    change(root)
    first = publish(open_project(root), now=later)
    with monkeypatch.context() as patch:
        _read_everything(patch)
        patch.setenv(parallel.WORKERS_VARIABLE, "1")
        change(reference)
        full = publish(open_project(reference), now=later)
    assert files_in(root, "public", ".relay-cache/withdrawn") == files_in(
        reference, "public", ".relay-cache/withdrawn"
    )
    assert [v.record() for v in first.variants] == [v.record() for v in full.variants]
    assert [(v.action, v.reasons) for v in first.variants] == [
        (v.action, v.reasons) for v in full.variants
    ]
    again = publish(open_project(root), now=later + dt.timedelta(days=1))
    assert again.manifest_action == "unchanged" and set(again.feeds.values()) == {"unchanged"}
    quiet = publish(open_project(root), now=later, every_variant=False)
    assert quiet.variants == [] and files_in(root, "public") == files_in(reference, "public")


def test_a_run_with_nothing_to_write_withdraws_and_reports_as_a_full_listing_does(
    tmp_path: Path,
) -> None:
    """A run whose every release is kept places them from what the first pass kept (no
    record read again) unless it lists every variant: the same pages are withdrawn, and
    the quiet report lists those a full one lists as withdrawn."""
    root = _reference(
        tmp_path / "a", "p", lambda folder: translate_catalogs(folder, ["2020-release-001"])
    )
    publish(open_project(root), now=NOW)
    publish(open_project(root), now=NOW)
    other = tmp_path / "b" / "p"
    shutil.copytree(root, other)
    for folder in (root, other):  # pages of variants held back, left in public/
        for slug in ("2020-release-002", "2020-release-005"):
            (folder / "public" / "fr" / f"{slug}.txt").write_text("old page", "utf-8")
    quiet = publish(open_project(root), now=NOW, every_variant=False)
    full = publish(open_project(other), now=NOW)
    withdrawn = [v for v in full.variants if v.action == "withdrawn"]
    assert len(withdrawn) == 2 and quiet.variants == withdrawn
    assert files_in(root, "public", ".relay-cache/withdrawn") == files_in(
        other, "public", ".relay-cache/withdrawn"
    )
