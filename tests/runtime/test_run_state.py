"""The run state's SQLite file: what is saved is what is opened, a save writes only the rows
that changed and all of them or none, and a file that cannot be trusted is taken as empty."""

from __future__ import annotations

import os
import sqlite3
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.incremental import make_project

from relay.checks.inputs import load_equivalents
from relay.core.project import Project, open_project
from relay.extract.run import extract
from relay.runtime import state_store
from relay.runtime.run_state import SUFFIX, Fingerprint, RunState, made_once, stats_kept

NAME = "test"


def project_at(root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr"]\n', "utf-8")
    return open_project(root)


def state_file(project: Project) -> Path:
    return project.cache_dir / f"{NAME}{SUFFIX}"


def contents(state: RunState) -> tuple[dict[str, Any], ...]:
    return (
        {key: state.files[key] for key in state.files},
        {key: state.releases[key] for key in state.releases},
        {key: state.memory[key] for key in state.memory},
        {"outputs": list(state.outputs)},
    )


def filled(project: Project, count: int = 20) -> RunState:
    state = RunState.open(project, NAME)
    for number in range(count):
        state.files[f"sources/r{number}.txt"] = Fingerprint(number, 10**18 + number, "a" * 64)
        state.releases[f"sources/r{number}.txt"] = {
            "slug": f"r{number}",
            "title": "Éau ✓ \ud800",  # non-ASCII and a lone surrogate survive
            "inputs": [f"sources/r{number}.txt"],
            "variants": [{"gate": "published", "n": number, "x": None, "f": 1.5}],
        }
        state.memory[f"locales/fr/r{number}.po"] = number % 2 == 0
    state.outputs = ["public/manifest.json", "public/fr/feed.xml"]
    state.changed = True
    return state


def test_a_state_round_trips_through_save_and_open(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    state = filled(project)
    expected = contents(state)
    state.save()
    assert state_file(project).is_file()
    again = RunState.open(project, NAME)
    assert contents(again) == expected
    assert again.releases["sources/r3.txt"]["title"] == "Éau ✓ \ud800"
    # Changes saved on top of a saved state: set, replaced, deleted, outputs.
    again.files["new"] = Fingerprint(1, 2, "b" * 64)
    again.releases["sources/r1.txt"] = {"slug": "changed"}
    again.forget("sources/r2.txt")
    del again.files["sources/r3.txt"]
    again.memory["locales/fr/r0.po"] = False
    again.outputs = ["public/manifest.json"]
    expected = contents(again)
    again.save()
    assert contents(RunState.open(project, NAME)) == expected
    assert contents(again) == expected  # read again from the file, after saving


def test_an_unkept_state_is_never_read_or_written(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    filled(project).save()
    unkept = RunState.open(project, NAME, kept=False)
    assert contents(unkept) == ({}, {}, {}, {"outputs": []})
    before = state_file(project).read_bytes()
    unkept.files["x"] = Fingerprint(1, 1, "c" * 64)
    unkept.changed = True
    unkept.save()
    assert "x" not in RunState.open(project, NAME).files
    assert before == state_file(project).read_bytes()
    lone = RunState.open(project_at(tmp_path / "q"), NAME, kept=False)
    lone.files["x"] = Fingerprint(1, 1, "c" * 64)
    lone.save()
    assert not (tmp_path / "q" / ".relay-cache").exists()


def test_a_save_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    filled(project).save()
    path = state_file(project)
    os.utime(path, ns=(1, 1))  # what the file held: any write would change it
    data = path.read_bytes()
    again = RunState.open(project, NAME)
    again.save()
    again.changed = True  # what callers say: the same rows set again are no change
    for key in list(again.files):
        again.files[key] = again.files[key]
    for key in list(again.releases):
        again.releases[key] = dict(again.releases[key])
    again.memory["locales/fr/r0.po"] = True
    again.outputs = list(again.outputs)
    again.save()
    del again
    assert path.stat().st_mtime_ns == 1 and path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no WAL left


def test_a_save_writes_only_the_rows_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_at(tmp_path / "p")
    filled(project, 200).save()
    written: list[int] = []
    write_rows = state_store._write_rows

    def counting(connection: sqlite3.Connection, rows: Any, *, compare: bool) -> None:
        before = connection.total_changes
        write_rows(connection, rows, compare=compare)
        written.append(connection.total_changes - before)

    monkeypatch.setattr(state_store, "_write_rows", counting)
    state = RunState.open(project, NAME)
    for key in list(state.files):
        state.files[key] = state.files[key]  # the same: not written
    state.files["sources/r7.txt"] = Fingerprint(7, 8, "d" * 64)
    state.releases["sources/r9.txt"] = {"slug": "r9", "inputs": []}
    state.forget("sources/r8.txt")
    state.save()
    # files; releases (one set, one deleted); heads; gates; memory
    assert written == [1, 2, 0, 0, 0]


def test_the_old_json_state_is_ignored_and_removed(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    old = project.cache_dir / f"{NAME}-state.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"key": "x", "files": {}, "releases": {}, "memory": {}}', "utf-8")
    assert contents(RunState.open(project, NAME)) == ({}, {}, {}, {"outputs": []})
    filled(project).save()
    assert not old.exists()


def _damage(kind: str, path: Path) -> None:
    data = path.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif kind == "garbled":
        path.write_bytes(data[:4096] + bytes(255 - b for b in data[4096:]))
    elif kind == "other schema":
        path.unlink()
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        connection.close()
    elif kind == "foreign key":
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE meta SET value = 'another relay' WHERE name = 'key'")
        connection.close()
    elif kind == "stale journal":
        # A WAL left beside a file that is then replaced must not be played into it.
        Path(f"{path}-wal").write_bytes(os.urandom(8192))


@pytest.mark.parametrize(
    "kind",
    ["truncated", "empty", "garbage", "garbled", "other schema", "foreign key", "stale journal"],
)
def test_a_damaged_or_foreign_file_is_taken_as_empty_and_replaced(
    tmp_path: Path, kind: str
) -> None:
    project = project_at(tmp_path / "p")
    filled(project, 300).save()
    path = state_file(project)
    _damage(kind, path)
    state = RunState.open(project, NAME)
    if kind != "stale journal":
        assert contents(state) == ({}, {}, {}, {"outputs": []})
    fresh = filled(project, 5)
    expected = contents(fresh)
    fresh.save()
    del state
    assert contents(RunState.open(project, NAME)) == expected


@pytest.mark.parametrize("kind", ["truncated", "garbage", "foreign key"])
def test_a_run_works_with_a_damaged_state(tmp_path: Path, kind: str) -> None:
    root = make_project(tmp_path / "p", 4)
    extract(open_project(root))
    path = root / ".relay-cache" / f"extract{SUFFIX}"
    _damage(kind, path)
    report = extract(open_project(root))
    assert len(report.releases) == 4 and not report.errors
    again = extract(open_project(root))
    assert not again.written and len(RunState.open(open_project(root), "extract").releases) == 4


@pytest.mark.parametrize("lost", ["slug", "sha256"])
def test_an_extract_record_of_another_shape_reads_its_source_again(
    tmp_path: Path, lost: str
) -> None:
    """A record that holds for its files but lacks what a release is made from (a state
    written by other code, damaged) is not trusted: its source is read again, and the record
    made whole, with no error and no catalog written."""
    root = make_project(tmp_path / "p", 3)
    extract(open_project(root))
    state = RunState.open(open_project(root), "extract")
    key = sorted(state.releases)[0]
    record = dict(state.releases[key])
    del record[lost]
    state.releases[key] = record
    state.changed = True
    state.save()
    report = extract(open_project(root))
    assert len(report.releases) == 3 and not report.errors and not report.written
    assert lost in RunState.open(open_project(root), "extract").releases[key]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changed=st.sets(st.integers(0, 1199), max_size=40),
    dropped=st.sets(st.integers(0, 1199), max_size=40),
    asked=st.lists(st.integers(0, 1299), max_size=1100),
)
def test_values_read_a_chunk_at_a_time_are_each_value_asked_for_in_turn(
    tmp_path_factory: pytest.TempPathFactory,
    changed: set[int],
    dropped: set[int],
    asked: list[int],
) -> None:
    """``each`` and ``holding`` (one query per 256 keys) give what ``get`` and ``in`` give
    key by key, whatever this run changed or dropped and whatever the file lacks, for a table
    read row by row and for one read whole."""
    project = project_at(tmp_path_factory.mktemp("p"))
    state = filled(project, 1200)
    state.save()
    state = RunState.open(project, NAME)
    for number in changed:
        state.releases[f"sources/r{number}.txt"] = {"slug": f"changed {number}"}
        state.files[f"sources/r{number}.txt"] = Fingerprint(1, 1, "b" * 64)
    for number in dropped:
        state.releases.pop(f"sources/r{number}.txt", None)
        state.files.pop(f"sources/r{number}.txt", None)
    # Every key changed or dropped is asked for too, beside the others (some absent).
    keys = [f"sources/r{number}.txt" for number in [*asked, *sorted(changed | dropped)]]
    for rows in (state.releases, state.files):
        one_by_one: dict[str, Any] = {
            key: value for key in keys if (value := rows.get(key)) is not None
        }
        assert dict(zip(keys, rows.each(keys), strict=True)) == {
            key: one_by_one.get(key) for key in keys
        }
        assert rows.holding(keys) == {key for key in keys if key in rows}


def test_values_changed_while_read_a_chunk_at_a_time_are_given_as_changed(
    tmp_path: Path,
) -> None:
    """A value this run changes or drops after its chunk was read, before its turn, is given
    as it is at its turn."""
    project = project_at(tmp_path / "p")
    filled(project, 10).save()
    state = RunState.open(project, NAME)
    keys = [f"sources/r{number}.txt" for number in range(10)]
    values = state.releases.each(keys)
    first = next(values)
    assert first is not None and first["slug"] == "r0"
    state.releases[keys[5]] = {"slug": "changed"}
    del state.releases[keys[6]]
    rest = list(values)
    assert rest[4] == {"slug": "changed"} and rest[5] is None
    assert [value["slug"] for value in rest[:4]] == ["r1", "r2", "r3", "r4"]


def test_a_file_forgotten_before_the_whole_table_is_read_stays_forgotten(tmp_path: Path) -> None:
    """Reading the files table whole (at the first file asked for that the run did not
    change) brings back the rows the file holds; one this run deleted stays absent to every
    question (hypothesis found ``in`` saying it was there)."""
    project = project_at(tmp_path / "p")
    filled(project, 3).save()
    state = RunState.open(project, NAME)
    state.files["sources/r0.txt"] = Fingerprint(1, 1, "b" * 64)
    del state.files["sources/r0.txt"]
    assert state.files.get("sources/r1.txt") is not None  # the whole table is read here
    assert "sources/r0.txt" not in state.files
    assert state.files.get("sources/r0.txt") is None
    assert "sources/r0.txt" not in list(state.files)


def test_an_interrupted_save_leaves_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_at(tmp_path / "p")
    first = filled(project, 10)
    expected = contents(first)
    first.save()
    write_rows = state_store._write_rows

    def interrupted(connection: sqlite3.Connection, rows: Any, *, compare: bool) -> None:
        write_rows(connection, rows, compare=compare)
        if rows.table.name == "releases":  # the files are written, the memory not yet
            raise KeyboardInterrupt

    monkeypatch.setattr(state_store, "_write_rows", interrupted)
    state = RunState.open(project, NAME)
    state.files["sources/r1.txt"] = Fingerprint(5, 5, "e" * 64)
    state.releases["sources/r1.txt"] = {"slug": "half"}
    state.memory["locales/fr/r1.po"] = True
    with pytest.raises(KeyboardInterrupt):
        state.save()
    assert contents(RunState.open(project, NAME)) == expected
    # A save SQLite refuses (here: a read-only file system, as SQLite sees it) is quiet.
    monkeypatch.setattr(state_store, "_write_rows", write_rows)

    def refused(connection: sqlite3.Connection, rows: Any, *, compare: bool) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(state_store, "_write_rows", refused)
    state = RunState.open(project, NAME)
    state.releases["sources/r1.txt"] = {"slug": "refused"}
    state.save()
    assert contents(RunState.open(project, NAME)) == expected


def test_a_reader_sees_the_state_it_opened_while_another_process_saves(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    first = filled(project, 10)
    expected = contents(first)
    first.save()
    reader = RunState.open(project, NAME)
    assert reader.files["sources/r0.txt"] == expected[0]["sources/r0.txt"]  # reading begun
    writer = RunState.open(project, NAME)
    writer.files["sources/r1.txt"] = Fingerprint(5, 5, "e" * 64)
    writer.releases["sources/r1.txt"] = {"slug": "new"}
    writer.forget("sources/r2.txt")
    writer.save()
    assert contents(reader) == expected  # a snapshot: none of the save, not half of it
    assert RunState.open(project, NAME).releases["sources/r1.txt"] == {"slug": "new"}
    # The reader cannot save its own changes over a state saved since it opened.
    reader.releases["sources/r3.txt"] = {"slug": "stale"}
    reader.save()
    assert RunState.open(project, NAME).releases["sources/r3.txt"]["slug"] == "r3"


def test_pruning_forgets_the_files_no_record_names(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    filled(project, 5).save()
    state = RunState.open(project, NAME)
    state.forget("sources/r1.txt")
    state.releases["sources/r2.txt"] = {"inputs": ["sources/r2.txt", "other"]}
    state.files["other"] = Fingerprint(1, 1, "f" * 64)
    state.files["unused"] = Fingerprint(1, 1, "f" * 64)
    state.prune_files("inputs")
    state.save()
    names = set(RunState.open(project, NAME).files)
    assert names == {
        "sources/r0.txt",
        "sources/r2.txt",
        "sources/r3.txt",
        "sources/r4.txt",
        "other",
    }


def test_pruning_without_sqlite_json_functions_gives_the_same(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    filled(project, 5).save()
    with sqlite3.connect(state_file(project)) as connection:
        state_store._prune_slowly(connection, "inputs")
        kept = {key for (key,) in connection.execute("SELECT key FROM files")}
        connection.execute("DELETE FROM releases WHERE key = 'sources/r1.txt'")
        state_store._prune_slowly(connection, "inputs")
        left = {key for (key,) in connection.execute("SELECT key FROM files")}
    connection.close()
    assert kept == {f"sources/r{n}.txt" for n in range(5)}
    assert left == kept - {"sources/r1.txt"}


# Any sequence of changes, saved and opened again at any points, gives what plain dicts give.
KEYS = st.sampled_from(["a", "b", "c", "sources/é.txt", "d" * 300])
FINGERPRINTS = st.builds(
    Fingerprint, st.integers(0, 2**62), st.integers(0, 2**62), st.sampled_from(["0" * 64, "f" * 64])
)
RECORDS = st.dictionaries(
    st.text(max_size=3),
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5)
    | st.lists(st.text(max_size=3), max_size=3),
    max_size=3,
)  # fmt: skip
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("file"), KEYS, FINGERPRINTS),
        st.tuples(st.just("unfile"), KEYS, st.none()),
        st.tuples(st.just("release"), KEYS, RECORDS),
        st.tuples(st.just("forget"), KEYS, st.none()),
        st.tuples(st.just("memory"), KEYS, st.booleans()),
        st.tuples(st.just("outputs"), st.lists(KEYS, max_size=3), st.none()),
        st.tuples(st.just("save"), st.none(), st.none()),
        st.tuples(st.just("reopen"), st.none(), st.none()),
    ),
    max_size=25,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, alone=st.sampled_from([0, 2, state_store.ALONE]))
def test_changes_saved_and_opened_give_what_dicts_give(
    tmp_path: Path, steps: list[Any], alone: int
) -> None:
    # ``alone``: how many keys of a small table are asked one query each before it is read
    # whole (none, a few, as relay runs).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_store, "ALONE", alone)
        _changes_saved_and_opened(tmp_path, steps)


def _changes_saved_and_opened(tmp_path: Path, steps: list[Any]) -> None:
    project = project_at(tmp_path / "p")
    for path in project.cache_dir.glob("*"):
        path.unlink()
    state = RunState.open(project, NAME)
    model: tuple[dict[str, Any], ...] = ({}, {}, {}, {"outputs": []})
    saved = tuple(dict(part) for part in model)
    for step, key, value in steps:
        if step == "file":
            state.files[key] = value
            model[0][key] = value
        elif step == "unfile":
            assert state.files.pop(key, None) == model[0].pop(key, None)
        elif step == "release":
            state.releases[key] = value
            model[1][key] = value
        elif step == "forget":
            state.forget(key)
            model[1].pop(key, None)
        elif step == "memory":
            state.memory[key] = value
            model[2][key] = value
        elif step == "outputs":
            state.outputs = list(key)
            model[3]["outputs"] = list(key)
        elif step == "save":
            state.changed = True
            state.save()
            saved = tuple(dict(part) for part in model)
        else:
            state = RunState.open(project, NAME)
            model = tuple(dict(part) for part in saved)
        # ``get`` answers from memory once a small table is read: as the dicts do, always.
        for name in ("a", "b", "c", "sources/é.txt", "d" * 300, "absent"):
            assert state.files.get(name) == model[0].get(name)
            assert state.releases.get(name, "none") == model[1].get(name, "none")
            assert state.memory.get(name) == model[2].get(name)
        assert contents(state) == model
        assert all(key in state.files for key in model[0])
        assert len(state.releases) == len(model[1])
    state.changed = True
    state.save()
    assert contents(RunState.open(project, NAME)) == model


def test_small_rows_are_read_in_one_query_and_records_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fingerprints and memory flags are asked about thousands at a time: past the first
    few lookups (a query each: a run about one release asks about a dozen files), their
    whole table is read in one query; a release's record, large, is read when asked for."""
    monkeypatch.setattr(state_store, "ALONE", 8)
    project = project_at(tmp_path / "p")
    filled(project, count=50).save()
    state = RunState.open(project, NAME)
    connection = state._store._connection if state._store is not None else None
    queries: list[str] = []
    assert connection is not None
    connection.set_trace_callback(queries.append)
    assert [state.files[f"sources/r{n}.txt"].size for n in range(3)] == [0, 1, 2]
    assert "sources/gone.txt" not in state.files
    assert len(queries) == 4 and all("WHERE key = " in query for query in queries), queries
    assert all(state.files[f"sources/r{n}.txt"].size == n for n in range(50))
    assert "sources/r50.txt" not in state.files
    assert [state.memory[f"locales/fr/r{n}.po"] for n in range(4)] == [True, False, True, False]
    assert len(queries) == 4 + 4 + 1 + 4, queries  # alone up to ALONE keys, then whole
    assert "WHERE" not in queries[8] and "FROM files" in queries[8]
    queries.clear()
    assert state.releases["sources/r7.txt"]["slug"] == "r7"
    assert len(queries) == 1
    state.files["sources/r3.txt"] = Fingerprint(3, 3, "b" * 64)
    del state.files["sources/r4.txt"]
    assert state.files["sources/r3.txt"].sha256 == "b" * 64 and "sources/r4.txt" not in state.files
    state.changed = True
    state.save()
    again = RunState.open(project, NAME)
    assert again.files["sources/r3.txt"].sha256 == "b" * 64 and "sources/r4.txt" not in again.files
    assert again.files["sources/r5.txt"].size == 5


def test_changed_records_wait_for_the_save_as_rows_not_objects(tmp_path: Path) -> None:
    """A run that changes thousands of releases' records holds none of them until it saves:
    each waits as its row in a temporary file, and reads back as an equal copy."""
    project = project_at(tmp_path / "p")
    state = RunState.open(project, NAME)
    record: dict[str, Any] = {"slug": "a", "variants": [{"lang": "fr"}]}
    state.releases["sources/a.md"] = record
    assert isinstance(state.releases.dirty, state_store.Spilled)
    record["slug"] = "changed after it was given"
    assert state.releases["sources/a.md"] == {"slug": "a", "variants": [{"lang": "fr"}]}
    state.save()
    assert RunState.open(project, NAME).releases["sources/a.md"]["slug"] == "a"


def _save_peak(project: Project, count: int, mark: str) -> int:
    """The most memory Python held while saving ``count`` changed records of 10 KB each."""
    state = RunState.open(project, NAME)
    for number in range(count):
        state.releases[f"sources/r{number}.txt"] = {"slug": f"r{number}", "text": mark * 10_000}
    state.changed = True
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        state.save()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_a_save_holds_some_changed_rows_at_a_time_not_all_of_them(tmp_path: Path) -> None:
    # A cold run changes every release's record: they wait on disk (Spilled), and the save
    # must not gather them all again (it did: a list of every row, 80 MB at 20,000 releases).
    peaks = {}
    for count in (600, 2400):
        project = project_at(tmp_path / str(count))
        built = _save_peak(project, count, "a")  # a new file, built whole
        updated = _save_peak(project, count, "b")  # every row changed in the file
        peaks[count] = (built, updated)
        assert state_file(project).exists()
        state = RunState.open(project, NAME)
        assert state.releases["sources/r7.txt"]["text"] == "b" * 10_000
        assert len(state.releases) == count
    for kind in (0, 1):
        assert peaks[2400][kind] < 1.5 * peaks[600][kind], peaks


def test_a_file_row_of_other_types_is_read_as_its_values_or_as_absent(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    filled(project, 2).save()
    with sqlite3.connect(state_file(project)) as connection:
        connection.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
            [("as-text", "12", "34", "d" * 64), ("not-a-number", "twelve", 34, "d" * 64),
             ("hash-as-number", 12, 34, 56)],
        )  # fmt: skip
    connection.close()
    files = RunState.open(project, NAME).files
    read = files["as-text"]
    assert read == Fingerprint(12, 34, "d" * 64)
    assert (type(read.size), type(read.mtime_ns)) == (int, int)
    assert "not-a-number" not in files and files.get("not-a-number") is None
    assert files["hash-as-number"].sha256 == "56"
    saved = files["sources/r1.txt"]
    assert type(saved) is Fingerprint and saved == Fingerprint(1, 10**18 + 1, "a" * 64)


def test_stats_kept_takes_each_files_stat_once_and_only_within_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A status asks several states about the same files: inside ``stats_kept`` each is
    stat'ed once; outside it, every question stats the file again, so a change is seen."""
    project = project_at(tmp_path / "p")
    source = project.root / "sources" / "a.txt"
    source.parent.mkdir()
    source.write_text("one", "utf-8")
    first, second = RunState.open(project, NAME), RunState.open(project, "other")
    for state in (first, second):
        state.record(source)
    taken: list[str] = []
    real = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).endswith("a.txt"):
            taken.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted)
    with stats_kept():
        assert first.holds(source) and second.holds(source) and first.holds(source)
    assert len(taken) == 1
    source.write_text("two!", "utf-8")  # another size: changed without hashing
    assert not first.holds(source) and not second.holds(source)
    assert len(taken) == 3


def test_made_once_makes_a_value_once_within_stats_kept_and_every_time_outside(
    tmp_path: Path,
) -> None:
    """A status stamps every catalog for its own key, then its check asks the equivalents,
    which stamp them again: within ``stats_kept`` the second asking takes the first's stamps;
    outside it (a check that then writes catalogs), each asking stamps them anew."""
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return len(made)

    with stats_kept():
        assert made_once("catalogs", make) == 1 and made_once("catalogs", make) == 1
        assert made_once("sources", make) == 2  # another name, made apart
        with stats_kept():  # a block inside another shares its values
            assert made_once("catalogs", make) == 1
    assert made_once("catalogs", make) == 3 and made_once("catalogs", make) == 4
    with stats_kept():  # a new block forgets what the last one made
        assert made_once("catalogs", make) == 5


def test_equivalents_asked_twice_in_a_status_stamp_the_catalogs_once(tmp_path: Path) -> None:
    project = project_at(tmp_path / "p")
    folder = project.locales_dir / "fr"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    scanned: list[str] = []
    real = os.scandir

    def counted(path: Any) -> Any:
        scanned.append(str(path))
        return real(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "scandir", counted)
        with stats_kept():
            first = load_equivalents(project, keep=False)
            assert load_equivalents(project) == first
        assert scanned == [str(folder)]
        load_equivalents(project)
        assert scanned == [str(folder)] * 2
