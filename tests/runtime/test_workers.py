"""ordered_map gives what map gives, in order, on every core or in one process, and a worker
that maps in turn does so in itself (a pool's processes cannot start their own)."""

from __future__ import annotations

import os

import pytest

from relay.runtime import workers
from relay.runtime.workers import MIN_ITEMS, ordered_map


def _square(n: int) -> int:
    return n * n


def _pid(_: int) -> int:
    return os.getpid()


def _squares_with_pid(n: int) -> tuple[list[int], int]:
    # A worker mapping again, over enough items to want a pool of its own: all in itself.
    inner = list(range(n, n + MIN_ITEMS * 2))
    assert set(ordered_map(_pid, inner)) == {os.getpid()}
    return list(ordered_map(_square, inner)), os.getpid()


@pytest.mark.parametrize("count", ["1", "2"])
def test_it_gives_what_map_gives_in_order(monkeypatch: pytest.MonkeyPatch, count: str) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, count)
    items = list(range(MIN_ITEMS * 3 + 5))
    assert list(ordered_map(_square, items, chunk=3)) == list(map(_square, items))


def test_a_worker_that_maps_again_does_it_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "2")
    items = list(range(MIN_ITEMS))
    done = list(ordered_map(_squares_with_pid, items))
    expected = [[m * m for m in range(n, n + MIN_ITEMS * 2)] for n in items]
    assert [squares for squares, _ in done] == expected
    assert {pid for _, pid in done} - {os.getpid()}  # the outer map did use workers
