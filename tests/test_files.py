"""relay.runtime.files: files replaced in one step, only when their bytes change, keeping
their permissions, whichever way they are written (one by one, in a batch, as a cache)."""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from relay.runtime.files import (
    Batch,
    Replacement,
    StorageError,
    write_all,
    write_atomic,
    write_cache,
)


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), _mode(path))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _prepare(folder: Path) -> list[tuple[Path, bytes]]:
    """Targets in every state a write meets: absent (folder too), the same bytes, the same
    size with other bytes, shorter, longer, empty, and private or shared permissions."""
    (folder / "a").mkdir(parents=True)
    existing = {
        "a/same.po": (b"same bytes", 0o600),
        "a/same-size.po": (b"0123456789", 0o664),
        "a/shorter.po": (b"a longer old text", 0o640),
        "a/longer.po": (b"old", 0o666),
        "a/empty.po": (b"", 0o644),
    }
    for name, (data, mode) in existing.items():
        (folder / name).write_bytes(data)
        os.chmod(folder / name, mode)
    new = {
        "a/same.po": b"same bytes",
        "a/same-size.po": b"abcdefghij",
        "a/shorter.po": b"short",
        "a/longer.po": b"a new and longer text",
        "a/empty.po": b"now something",
        "a/new.po": b"new file",
        "b/c/deep.po": b"in a new folder",
        "a/new-empty.po": b"",
    }
    return [(folder / name, data) for name, data in new.items()]


def test_write_all_writes_as_write_atomic_does_one_file_at_a_time(
    tmp_path: Path, umask: int
) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    single = [write_atomic(path, data) for path, data in _prepare(one)]
    batch = write_all(_prepare(many))
    assert batch == single == [False, True, True, True, True, True, True, True]
    assert _state(many) == _state(one)
    assert _mode(many / "a/new.po") == 0o644 & ~umask
    assert _mode(many / "a/same-size.po") == 0o664  # kept, whatever the umask
    assert _mode(many / "a/longer.po") == 0o666
    assert not list(tmp_path.rglob("*.relay-tmp"))


def test_a_file_holding_the_bytes_already_is_not_touched(tmp_path: Path) -> None:
    target = tmp_path / "x.po"
    target.write_bytes(b"bytes")
    before = target.stat()
    assert write_all([(target, b"bytes")]) == [False]
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_write_cache_keeps_the_permissions_too(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "cache" / "state.json"
    write_cache(target, b"{}")
    assert target.read_bytes() == b"{}" and _mode(target) == 0o644 & ~umask
    os.chmod(target, 0o660)
    write_cache(target, b"[]")
    assert target.read_bytes() == b"[]" and _mode(target) == 0o660
    assert not list(tmp_path.rglob("*.relay-tmp"))


def test_a_folder_where_a_file_belongs_is_refused_unchanged(tmp_path: Path) -> None:
    (tmp_path / "x.po").mkdir()
    with pytest.raises(StorageError, match=r"cannot read .*x\.po: Is a directory"):
        write_all([(tmp_path / "x.po", b"data")])
    with pytest.raises(StorageError, match=r"cannot read .*x\.po: Is a directory"):
        write_atomic(tmp_path / "x.po", b"data")
    assert (tmp_path / "x.po").is_dir()


def test_a_folder_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"a file")
    with pytest.raises(StorageError, match=r"cannot read .*x\.po: Not a directory"):
        write_all([(tmp_path / "a" / "x.po", b"data")])
    assert (tmp_path / "a").read_bytes() == b"a file"


def test_a_taken_temporary_name_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = iter([1, 1, 2])
    monkeypatch.setattr("relay.runtime.files.random.getrandbits", lambda bits: next(names))
    write_cache(tmp_path / "first", b"1")  # leaves nothing behind: its temporary is renamed
    (tmp_path / f".second.{1:012x}.relay-tmp").write_bytes(b"someone else's")
    assert write_all([(tmp_path / "second", b"2")]) == [True]
    assert (tmp_path / "second").read_bytes() == b"2"
    assert (tmp_path / f".second.{1:012x}.relay-tmp").read_bytes() == b"someone else's"


def test_flushing_syncs_each_file_system_once_and_falls_back_to_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_all flushes the file systems its files are on (syncfs, once each), not the whole
    machine's; where syncfs is missing or refuses, it flushes everything (sync)."""
    from relay.runtime import files

    calls: list[str] = []
    monkeypatch.setattr(files, "_FLUSHED_ONE_BY_ONE", 0)  # every write is "many files"
    monkeypatch.setattr(files.os, "sync", lambda: calls.append("sync"))
    monkeypatch.setattr(files.os, "fsync", lambda handle: calls.append("fsync"))
    monkeypatch.setattr(files, "_syncfs", lambda: lambda handle: calls.append("syncfs") or 0)
    monkeypatch.setattr(files, "_sync_folder", lambda folder: None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    written = files.write_all(
        [(tmp_path / "a" / "x.po", b"x"), (tmp_path / "b" / "y.po", b"y"), (tmp_path / "z", b"z")]
    )
    assert written == [True, True, True] and calls == ["syncfs"]  # one file system
    assert (tmp_path / "b" / "y.po").read_bytes() == b"y"
    calls.clear()
    monkeypatch.setattr(files, "_syncfs", lambda: lambda handle: calls.append("syncfs") or -1)
    files.write_all([(tmp_path / "a" / "x.po", b"x2")])
    assert calls == ["syncfs", "sync"]
    calls.clear()
    monkeypatch.setattr(files, "_syncfs", lambda: None)
    files.write_all([(tmp_path / "a" / "x.po", b"x3")])
    assert calls == ["sync"] and (tmp_path / "a" / "x.po").read_bytes() == b"x3"


def test_a_few_files_are_flushed_each_not_their_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An everyday run's two or three files are each flushed before any is renamed; the file
    system (with everything else pending on it) is not."""
    from relay.runtime import files

    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "sync", lambda: calls.append("sync"))
    monkeypatch.setattr(files, "_syncfs", lambda: lambda handle: calls.append("syncfs") or 0)
    monkeypatch.setattr(files, "_sync_folder", lambda folder: calls.append("folder"))

    def fsync(handle: int) -> None:
        calls.append("fsync")
        real_fsync(handle)

    def replace(source: str, target: object) -> None:
        calls.append("rename")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    items = [(tmp_path / f"{n}.po", f"{n}".encode()) for n in range(files._FLUSHED_ONE_BY_ONE)]
    assert files.write_all(items) == [True] * len(items)
    count = len(items)
    assert calls == ["fsync"] * count + ["rename"] * count + ["folder"]
    assert [path.read_bytes() for path, _ in items] == [data for _, data in items]
    calls.clear()
    more = [*items, (tmp_path / "one-more.po", b"+")]
    files.write_all([(path, data + b"!") for path, data in more])
    assert calls == ["syncfs"] + ["rename"] * len(more) + ["folder"]


def test_syncfs_is_found_on_linux() -> None:
    import sys

    from relay.runtime import files

    if sys.platform.startswith("linux"):
        syncfs = files._syncfs()
        assert syncfs is not None
        handle = os.open(".", os.O_RDONLY)
        try:
            assert syncfs(handle) == 0
        finally:
            os.close(handle)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(cut, len(data)) for cut in cuts} | {0, len(data)})
    return [data[start:end] for start, end in itertools.pairwise(points)]


@pytest.mark.parametrize("cuts", [[], [1], [3, 7], [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]])
def test_a_replacement_given_in_pieces_writes_as_write_atomic_does(
    tmp_path: Path, umask: int, cuts: list[int]
) -> None:
    one, pieces, dry = tmp_path / "one", tmp_path / "pieces", tmp_path / "dry"
    single = [write_atomic(path, data) for path, data in _prepare(one)]
    _prepare(dry)
    before = _state(dry)
    would = []
    for path, data in _prepare(pieces):
        replacement, rehearsal = (
            Replacement(path),
            Replacement(dry / path.relative_to(pieces), dry_run=True),
        )
        for chunk in _chunks(data, cuts):
            replacement.write(chunk)
            rehearsal.write(chunk)
        assert replacement.commit() is (path.name != "same.po")
        would.append(rehearsal.commit())
    assert would == single
    assert _state(pieces) == _state(one)
    assert _state(dry) == before
    assert not list(tmp_path.rglob("*.relay-tmp"))


def test_a_replacement_holding_the_bytes_already_touches_nothing(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    target.write_bytes(b"<feed>same</feed>")
    before = target.stat(), tmp_path.stat()
    replacement = Replacement(target)
    for chunk in (b"<feed>", b"same", b"</feed>"):
        replacement.write(chunk)
    assert replacement.commit() is False
    after = target.stat(), tmp_path.stat()
    assert (after[0].st_ino, after[0].st_mtime_ns) == (before[0].st_ino, before[0].st_mtime_ns)
    assert after[1].st_mtime_ns == before[1].st_mtime_ns  # no temporary file was made there


def test_a_discarded_replacement_or_batch_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    targets = _prepare(tmp_path)
    before = _state(tmp_path)
    batch = Batch()
    for path, data in targets:
        batch.add(path, data)
        replacement = Replacement(path)
        replacement.write(data + b"!")
        replacement.discard()
    batch.discard()
    assert _state(tmp_path) == before
    assert not list(tmp_path.rglob("*.relay-tmp"))


def test_a_batch_given_files_one_at_a_time_writes_as_write_all_does(
    tmp_path: Path, umask: int
) -> None:
    one, batched = tmp_path / "one", tmp_path / "batched"
    expected = write_all(_prepare(one))
    batch = Batch()
    assert [batch.add(path, data) for path, data in _prepare(batched)] == expected
    assert len(batch.paths) == sum(expected)
    assert _state(batched) != _state(one)  # nothing replaced before commit
    batch.commit()
    assert _state(batched) == _state(one)
    assert not list(tmp_path.rglob("*.relay-tmp"))


def test_a_batch_that_cannot_rename_one_file_names_it_and_leaves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files renamed before the failure hold their new bytes, the failing one and those
    after it their old ones, and no temporary file is left."""
    from relay.runtime import files

    paths = [tmp_path / f"{n}.po" for n in range(5)]
    for path in paths:
        path.write_bytes(b"old")
    real_replace = os.replace

    def replace(source: str, target: object) -> None:
        if target == paths[2]:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", replace)
    batch = Batch()
    for path in paths:
        batch.add(path, b"new")
    with pytest.raises(StorageError, match=str(paths[2])):
        batch.commit()
    assert [path.read_bytes() for path in paths] == [b"new"] * 2 + [b"old"] * 3
    assert not list(tmp_path.rglob("*.relay-tmp"))
    assert batch.paths == []
