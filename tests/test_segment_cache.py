"""The segmented documents extract keeps: used only for the bytes they were made from, never
able to run code, and never changing an output."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path, PurePosixPath

from support.incremental import files_in, make_project, translate_catalogs

from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish
from relay.sources import documents_cache as segment_cache
from relay.sources.discovery import read_release

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SOURCE = PurePosixPath("sources/r003.txt")


def _extracted(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p")
    extract(open_project(root))
    return root


def test_extract_keeps_one_document_per_source_and_publish_gives_the_same_bytes(
    tmp_path: Path,
) -> None:
    root = _extracted(tmp_path)
    translate_catalogs(root)
    assert len(list((root / segment_cache.FOLDER).iterdir())) == 30
    publish(open_project(root), now=NOW)
    with_cache = files_in(root, "public")
    plain = tmp_path / "plain" / root.name  # a feed's id names the project's folder
    shutil.copytree(root, plain)
    shutil.rmtree(plain / ".relay-cache")
    shutil.rmtree(plain / "public")
    publish(open_project(plain), now=NOW)
    assert files_in(plain, "public") == with_cache


def test_a_kept_document_is_the_document_reading_gives(tmp_path: Path) -> None:
    root = _extracted(tmp_path)
    project = open_project(root)
    kept = read_release(project, root / SOURCE, SOURCE)
    shutil.rmtree(root / ".relay-cache")
    assert read_release(project, root / SOURCE, SOURCE) == kept


def test_an_edited_source_is_read_again(tmp_path: Path) -> None:
    root = _extracted(tmp_path)
    path = root / SOURCE
    path.write_text(path.read_text("utf-8").replace("met in Geneva", "met in Minsk"), "utf-8")
    release = read_release(open_project(root), path, SOURCE)
    assert any("Minsk" in unit.text for unit in release.document.units)


def _stored(root: Path) -> Path:
    return root / segment_cache.FOLDER / (segment_cache._path(root, SOURCE).name)


def test_a_planted_pickle_is_a_miss_and_runs_nothing(tmp_path: Path) -> None:
    root = _extracted(tmp_path)
    project = open_project(root)
    stored = _stored(root)
    key = stored.read_bytes().partition(b"\n")[0]
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    stored.write_bytes(key + b"\n" + pickle.dumps(Payload()))
    release = read_release(project, root / SOURCE, SOURCE)
    assert not marker.exists()
    assert release.document.units


def test_a_damaged_or_foreign_document_is_a_miss(tmp_path: Path) -> None:
    root = _extracted(tmp_path)
    project = open_project(root)
    stored = _stored(root)
    expected = read_release(project, root / SOURCE, SOURCE)
    for damaged in (stored.read_bytes()[:-40], b"not a key\n" + stored.read_bytes(), b""):
        stored.write_bytes(damaged)
        assert read_release(project, root / SOURCE, SOURCE) == expected


def test_the_documents_of_removed_sources_are_deleted(tmp_path: Path) -> None:
    root = _extracted(tmp_path)
    (root / SOURCE).unlink()
    extract(open_project(root))
    assert len(list((root / segment_cache.FOLDER).iterdir())) == 29
    assert not _stored(root).exists()


def test_a_head_read_from_the_kept_metadata_is_the_head_reading_gives(tmp_path: Path) -> None:
    """A release's head takes the metadata pickled alone before the document; it is the
    metadata a full reading gives, and a damaged or planted file is a miss there too."""
    from relay.sources.discovery import discover_heads

    root = _extracted(tmp_path)
    project = open_project(root)
    kept = discover_heads(project)
    stored = _stored(root)
    key = stored.read_bytes().partition(b"\n")[0].decode()
    metadata = segment_cache.load_metadata(root, SOURCE, key)
    document = segment_cache.load(root, SOURCE, key)
    assert metadata is not None and document is not None and metadata == document.metadata
    shutil.rmtree(root / ".relay-cache")
    cold = discover_heads(project)
    assert [(h.slug, h.metadata) for h in kept.releases] == [
        (h.slug, h.metadata) for h in cold.releases
    ]
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(key.encode() + b"\n" + pickle.dumps(Payload()))
    assert segment_cache.load_metadata(root, SOURCE, key) is None and not marker.exists()
    stored.write_bytes(key.encode() + b"\n" + pickle.dumps(document.units))  # not metadata
    assert segment_cache.load_metadata(root, SOURCE, key) is None


def test_a_release_summary_is_the_release_read_whole_without_its_units(tmp_path: Path) -> None:
    """What export and import keep of every release: from the kept metadata alone, or read
    whole when nothing is kept, it is the whole reading's slug, metadata, format and hash."""
    from relay.sources.discovery import read_release_summary, source_files

    root = _extracted(tmp_path)
    project = open_project(root)
    for source in source_files(project):
        whole = read_release(project, source.path, source.relative)
        kept = read_release_summary(project, source)
        assert kept.document.units == () and kept.document.skeleton == ()
        assert (kept.slug, kept.path, kept.source_sha256, kept.document.format) == (
            whole.slug,
            whole.path,
            whole.source_sha256,
            whole.document.format,
        )
        assert kept.document.metadata == whole.document.metadata
    shutil.rmtree(root / ".relay-cache")
    cold = [read_release_summary(project, source) for source in source_files(project)]
    shutil.rmtree(root / ".relay-cache", ignore_errors=True)
    extract(open_project(root))
    assert cold == [read_release_summary(project, source) for source in source_files(project)]


def test_a_source_relay_refuses_is_never_kept_and_its_summary_refuses_it_too(
    tmp_path: Path,
) -> None:
    """A unit too long to check (or a lone surrogate) makes reading refuse the source; its
    document is not kept, so a summary read from kept metadata cannot take it for sound."""
    import pytest

    from relay.core.errors import SourceError
    from relay.core.metadata import MAX_UNIT_CHARS
    from relay.sources.discovery import read_release_summary, source_files

    root = _extracted(tmp_path)
    path = root / SOURCE
    path.write_text(path.read_text("utf-8") + "\n" + "word " * (MAX_UNIT_CHARS // 5 + 1) + "\n")
    project = open_project(root)
    [source] = [source for source in source_files(project) if source.relative == SOURCE]
    for _ in range(2):  # the second time, a kept document would be found
        with pytest.raises(SourceError, match=str(MAX_UNIT_CHARS)):
            read_release(project, path, SOURCE, keep=True)
        with pytest.raises(SourceError, match=str(MAX_UNIT_CHARS)):
            read_release_summary(project, source)
    key = segment_cache.document_key(path.read_bytes(), SOURCE, repr(project.config))
    assert segment_cache.load_metadata(root, SOURCE, key) is None  # what is kept is the old one


def test_a_release_extract_recorded_is_its_summary_until_its_source_changes(
    tmp_path: Path,
) -> None:
    """Export and import take an unchanged source's release from extract's state: it is what
    reading the source gives (but its title, which they do not use); an edited source is read."""
    from relay.extract.run import recorded_release
    from relay.runtime.run_state import RunState
    from relay.sources.discovery import read_release_summary, source_files

    root = _extracted(tmp_path)
    project = open_project(root)
    state = RunState.open(project, "extract")
    for source in source_files(project):
        recorded = recorded_release(state, source)
        read = read_release_summary(project, source)
        assert recorded is not None
        assert (recorded.slug, recorded.path, recorded.source_sha256, recorded.format) == (
            read.slug,
            read.path,
            read.source_sha256,
            read.format,
        )
        kept, whole = recorded.document.metadata, read.document.metadata
        assert (kept.slug, kept.date, kept.embargo, kept.lang) == (
            whole.slug,
            whole.date,
            whole.embargo,
            whole.lang,
        )
    path = root / SOURCE
    path.write_text(path.read_text("utf-8").replace("met in Geneva", "met in Minsk"), "utf-8")
    [edited] = [s for s in source_files(project) if s.relative == SOURCE]
    assert recorded_release(RunState.open(project, "extract"), edited) is None
