"""The kept index of the consistency checks flags what grouping every unit at once flags,
whatever releases came, changed and went, in whatever runs, and survives a lost or damaged file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relay.checks.consistency_index import Flagged, KeptIndex, digest

Units = dict[str, list[tuple[int, int]]]  # per language, (source digest, translation digest)


def flagged_by_grouping(releases: dict[str, Units], order: list[str]) -> dict[str, Flagged]:
    """The slow, obvious way: group every unit of every release by source and by
    translation, keep the groups with two versions, and the releases holding a unit of one."""
    found = {}
    for lang in sorted({lang for units in releases.values() for lang in units}):
        by_source: dict[int, set[int]] = {}
        by_target: dict[int, set[int]] = {}
        for units in releases.values():
            for source, target in units.get(lang, []):
                by_source.setdefault(source, set()).add(target)
                by_target.setdefault(target, set()).add(source)
        sources = frozenset(key for key, values in by_source.items() if len(values) > 1)
        targets = frozenset(key for key, values in by_target.items() if len(values) > 1)
        if not sources and not targets:
            continue
        holders = sorted(
            at
            for at, name in enumerate(order)
            if any(s in sources or t in targets for s, t in releases[name].get(lang, []))
        )
        found[lang] = Flagged(sources, targets, holders)
    return found


def test_the_index_flags_only_groups_with_two_versions(tmp_path: Path) -> None:
    index = KeptIndex.open(tmp_path, "test")
    index.put("0", "k", [("fr", [(digest("A"), digest("a")), (digest("B"), digest("b"))])])
    index.put("1", "k", [("fr", [(digest("a "), digest("A")), (digest("C"), digest("b"))])])
    index.put("2", "k", [("fr", [(digest("D"), digest("d"))])])
    [(lang, flagged)] = index.flagged(["0", "1", "2"]).items()
    index.close()
    assert lang == "fr"
    assert flagged.sources == frozenset()  # "A" and "a " read the same, as "a" and "A" do
    assert flagged.targets == {digest("b")}
    assert flagged.releases == [0, 1]


# A run: releases put (name, key, units), then every release not named in the last list
# dropped. Small digests, so that groups meet.
_units = st.dictionaries(
    st.sampled_from(["fr", "ru"]),
    st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), max_size=6),
    max_size=2,
)
_names = st.sampled_from(["a.md", "b.md", "c.md", "d.md", "e.md"])
_runs = st.lists(
    st.tuples(
        st.lists(st.tuples(_names, st.sampled_from(["k1", "k2", None]), _units), max_size=4),
        st.lists(_names, unique=True, max_size=5),
        st.booleans(),  # whether the run ends without keeping (a crash)
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(_runs)
def test_the_kept_index_flags_what_grouping_every_unit_flags(
    tmp_path_factory: pytest.TempPathFactory, runs: list
) -> None:
    """Run after run, in one file: each run's flags are those of grouping the units that
    run's releases hold; a run that does not keep leaves the last kept index as it was."""
    folder = tmp_path_factory.mktemp("index")
    kept: dict[str, tuple[str | None, Units]] = {}
    for puts, present, crash in runs:
        index = KeptIndex.open(folder, "test")
        now = dict(kept)
        for name, key, units in puts:
            index.put(name, key, list(units.items()))
            now[name] = (key, units)
        # Held releases are those present now, put or not; order is that of ``present``.
        order = [name for name in present if name in now]
        index.keep_only(set(order))
        now = {name: now[name] for name in order}
        if crash:
            index.close()
            continue
        assert index.flagged(order) == flagged_by_grouping(
            {name: units for name, (_, units) in now.items()}, order
        )
        for name, (key, _) in now.items():
            assert index.holds(name, key) == (key is not None)
        index.close()
        kept = now
    # What the file keeps is what was kept.
    index = KeptIndex.open(folder, "test")
    order = sorted(kept)
    assert index.flagged(order) == flagged_by_grouping(
        {name: units for name, (_, units) in kept.items()}, order
    )
    index.close()


def test_an_index_built_in_bulk_flags_what_one_built_release_by_release_flags(
    tmp_path: Path,
) -> None:
    """A first check fills the index and decides every group at once; later ones decide
    only the groups they touch: the two ways agree."""
    releases = {
        f"{n}.md": [(n % 5, n % 3), (n % 7, (n * 3) % 4), (10 + n % 2, 20)] for n in range(40)
    }
    order = sorted(releases)
    bulk = KeptIndex.open(tmp_path / "bulk", "test")
    for name in order:
        bulk.put(name, "k", [("fr", releases[name])])
    at_once = bulk.flagged(order)
    bulk.close()
    one_by_one = KeptIndex.open(tmp_path / "incremental", "test")
    one_by_one.put(order[0], "k", [("fr", releases[order[0]])])
    one_by_one.flagged(order[:1])
    for name in order[1:]:
        one_by_one.put(name, "k", [("fr", releases[name])])
        one_by_one.flagged(order)
    assert one_by_one.flagged(order) == at_once
    one_by_one.close()
    assert at_once == flagged_by_grouping({n: {"fr": u} for n, u in releases.items()}, order)
    assert at_once["fr"].releases  # there is something to flag


def test_a_damaged_or_foreign_index_is_made_again(tmp_path: Path) -> None:
    index = KeptIndex.open(tmp_path, "test")
    index.put("a.md", "k", [("fr", [(1, 2), (1, 3)])])
    assert index.flagged(["a.md"])["fr"].releases == [0]
    index.close()
    [path] = tmp_path.glob("consistency-*.sqlite")
    # Another name (other languages, another layout): another file.
    other = KeptIndex.open(tmp_path, "other")
    assert not other.holds("a.md", "k")
    other.close()
    path.write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    index = KeptIndex.open(tmp_path, "test")
    assert not index.holds("a.md", "k")
    assert index.flagged(["a.md"]) == {}
    index.close()
    # A file whose label is another's is not read either.
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = 'someone else' WHERE name = 'label'")
    connection.commit()
    connection.close()
    index = KeptIndex.open(tmp_path, "test")
    assert not index.holds("a.md", "k")
    index.close()


def test_two_checks_at_once_keep_one_index_whole(tmp_path: Path) -> None:
    """``relay check`` and ``relay status`` take no lock: a check that read the index before
    another one changed it still replaces a release whole, and flags what its releases hold."""
    first = KeptIndex.open(tmp_path, "test")
    first.put("a.md", "k1", [("fr", [(1, 2)])])
    first.put("b.md", "k1", [("fr", [(3, 4)])])
    first.flagged(["a.md", "b.md"])
    first.close()
    one, other = KeptIndex.open(tmp_path, "test"), KeptIndex.open(tmp_path, "test")
    assert one.holds("a.md", "k1") and other.holds("a.md", "k1")  # both have read the index
    other.put("a.md", "k2", [("fr", [(1, 5)])])
    other.flagged(["a.md", "b.md"])
    other.close()
    one.put("a.md", "k3", [("fr", [(1, 6)])])  # replaces what the other check put
    one.put("c.md", "k1", [("fr", [(1, 7)])])
    flagged = one.flagged(["a.md", "b.md", "c.md"])
    one.close()
    assert flagged == flagged_by_grouping(
        {"a.md": {"fr": [(1, 6)]}, "b.md": {"fr": [(3, 4)]}, "c.md": {"fr": [(1, 7)]}},
        ["a.md", "b.md", "c.md"],
    )
