"""Run one function over many independent items on every core, results in the items' order.

Takes a picklable function and its arguments; gives the results one by one, in the order of
the arguments, whatever order the workers finish in, so nothing a caller writes depends on
scheduling. Fewer items than :data:`MIN_ITEMS`, or a single core, run in this process: starting
workers would cost more than it saves. It is the only size threshold in relay, and it decides
only where the same code runs, never which code: measured on the 2-core development machine,
starting two forked workers and sending them a chunk costs 10-25 ms, while extracting or
checking one release costs 10-30 ms, so a pool pays from a few dozen items on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 24
MAX_WORKERS = 2
AHEAD = 8  # chunks submitted and not yet given to the caller, at most
WORKERS_VARIABLE = "RELAY_WORKERS"


def workers() -> int:
    """How many processes to use: the cores this process may run on, at most ``MAX_WORKERS``
    (``RELAY_WORKERS`` overrides it; 1 runs everything in this process)."""
    chosen = os.environ.get(WORKERS_VARIABLE)
    if chosen and chosen.isdigit():
        return max(1, int(chosen))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


_in_worker = False  # set in each worker when it starts


def _die_with_parent() -> None:
    """Have the kernel end a worker when relay ends, however it ends (Linux), so that no
    worker outlives a killed run, nor keeps holding what it inherited (the project's lock);
    and mark the process as a worker."""
    global _in_worker
    _in_worker = True
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], *, chunk: int = 8
) -> Iterator[Result]:
    """Give ``function(item)`` for each item, in order, computed in parallel when worth it."""
    count = workers()
    # A function that maps in turn, called in a worker, runs its items there: the cores are
    # busy with the outer map already, and a pool in every worker would only add processes.
    if count == 1 or len(items) < MIN_ITEMS or _in_worker:
        yield from map(function, items)
        return
    # Imported only here: most everyday runs have too few items for a pool, and importing
    # the pool's modules takes 40 ms, a tenth of such a run.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # Forking starts workers with relay already imported; elsewhere they import it again.
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_die_with_parent
    ) as pool:
        # A few chunks ahead of the caller, not all: results the caller has not used yet
        # (it writes in order, and may be slower than the workers) would otherwise pile up
        # in memory, as much as the whole project's output.
        pending: deque[Future[list[Result]]] = deque()
        for start in range(0, len(items), chunk):
            pending.append(pool.submit(_run_chunk, function, items[start : start + chunk]))
            if len(pending) >= AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _run_chunk(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    return [function(item) for item in items]
