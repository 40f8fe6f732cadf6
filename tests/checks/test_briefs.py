"""The briefs a check keeps per release come back as they were put, under the key they were
put with, and a save writes only what changed."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from relay.checks.briefs import Summaries, Summary


@dataclass
class _Checked:
    """What checking a release gave, as far as its brief goes."""

    tally: Counter[tuple[str, bool]]
    catalogs: int
    units: int
    counted: tuple[tuple[str, int, int], ...]


def _put(summaries: Summaries, slug: str, key: str, errors: int) -> Summary:
    tally = Counter({("error", False): errors, ("warning", True): 1})
    checked = _Checked(tally, 2, 40, (("fr", errors, 0), ("ru", 0, 1)))
    return summaries.put(slug, key, checked, shown=True)


def test_briefs_come_back_under_their_key(tmp_path: Path) -> None:
    summaries = Summaries.open(tmp_path, "fr ru", "state 1")
    put = [_put(summaries, slug, "k", n) for n, slug in enumerate(["a", "b", "c"])]
    summaries.put("d", "k", _Checked(Counter(), 1, 3, ()), shown=False)  # no counts kept
    summaries.save(["a", "b", "c", "d"])
    summaries.close()
    again = Summaries.open(tmp_path, "fr ru", "state 1")
    assert [again.get(slug, "k") for slug in ["a", "b", "c"]] == put
    assert again.get("d", "k") == Summary("k", None, 1, 3, None)
    assert again.get("a", "other key") is None and again.get("a", None) is None
    again.close()
    # Another state (relay's code, the configuration): nothing is read, a save replaces all.
    other = Summaries.open(tmp_path, "fr ru", "state 2")
    assert other.get("a", "k") is None
    _put(other, "e", "k", 0)
    other.save(["a", "e"])
    other.close()
    last = Summaries.open(tmp_path, "fr ru", "state 2")
    assert set(last.held) == {"e"}
    last.close()
    # Other languages: other briefs.
    assert Summaries.open(tmp_path, "fr", "state 2").held == {}


def test_a_save_drops_the_releases_gone_and_writes_only_what_changed(tmp_path: Path) -> None:
    summaries = Summaries.open(tmp_path, "fr", "s")
    for n, slug in enumerate(["a", "b", "c"]):
        _put(summaries, slug, "k", n)
    summaries.save(["a", "b", "c"])
    summaries.close()
    [path] = tmp_path.glob("briefs-*.sqlite")
    # A row changed behind the briefs' back stays as it is unless its release changes.
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE briefs SET units = 99 WHERE slug = 'a'")
    summaries = Summaries.open(tmp_path, "fr", "s")
    _put(summaries, "b", "k2", 5)
    summaries.save(["a", "b"])  # c is gone
    summaries.close()
    again = Summaries.open(tmp_path, "fr", "s")
    assert set(again.held) == {"a", "b"}
    a, b = again.get("a", "k"), again.get("b", "k2")
    assert a is not None and a.units == 99  # not written again
    assert b is not None and b.key == "k2"
    # Nothing changed: nothing is written.
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    again.save(["a", "b"])
    again.close()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_damaged_file_is_taken_as_empty_and_made_again(tmp_path: Path) -> None:
    summaries = Summaries.open(tmp_path, "fr", "s")
    _put(summaries, "a", "k", 1)
    summaries.save(["a"])
    summaries.close()
    [path] = tmp_path.glob("briefs-*.sqlite")
    for sidecar in tmp_path.glob("briefs-*.sqlite-*"):
        sidecar.unlink()
    path.write_bytes(b"\0garbage" * 512)
    damaged = Summaries.open(tmp_path, "fr", "s")
    assert damaged.held == {}
    _put(damaged, "b", "k", 0)
    damaged.save(["b"])
    damaged.close()
    assert set(Summaries.open(tmp_path, "fr", "s").held) == {"b"}


def test_a_damaged_brief_is_taken_as_none_kept(tmp_path: Path) -> None:
    """Briefs are decoded when asked for: one that cannot be is as if none were kept (its
    release is checked again), and the others are still given."""
    summaries = Summaries.open(tmp_path, "fr", "s")
    for n, slug in enumerate(["a", "b"]):
        _put(summaries, slug, "k", n)
    summaries.save(["a", "b"])
    summaries.close()
    [path] = tmp_path.glob("briefs-*.sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE briefs SET counted = '{not json' WHERE slug = 'a'")
    again = Summaries.open(tmp_path, "fr", "s")
    assert again.get("a", "k") is None
    b = again.get("b", "k")
    assert b is not None and b.counted == (("fr", 1, 0), ("ru", 0, 1))
    assert again.get("b", "other key") is None
