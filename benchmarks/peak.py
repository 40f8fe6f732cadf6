"""Run one command and write its wall time and peak RSS, measured from a small process.

Usage: ``python peak.py OUT COMMAND...``; writes ``seconds rss_kb`` to OUT and exits with the
command's exit code. The peak is the command's own and its waited workers' (``wait4``).

Why a process of its own: Linux charges a program started by ``exec`` with the peak RSS of the
process it was forked (or vforked) from, so a command started by the benchmark itself would
report at least the benchmark's own peak. At 20,000 releases the benchmark, which reads and
rewrites tens of thousands of returned files between jobs, grew to about 400 MB, and every
everyday job after it reported 396 MB (``relay status`` alone peaks at 126 MB there). Started
from this small process, a command reports at least this process's peak, about 10 MB: less
than any command measured.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    out, *command = sys.argv[1:]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    with open(out, "w", encoding="ascii") as stream:
        stream.write(f"{seconds} {usage.ru_maxrss}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
