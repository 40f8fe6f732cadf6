"""Run the ``relay`` command and write its peak memory: ``python measure_rss.py OUT ARGS...``.

OUT gets the process's own peak resident set size in kB (:func:`peak_kb`) when relay is
done, however it ended, so a test can tell how much memory a command took.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_kb() -> int:
    """This process's own peak resident memory, in kB.

    ``ru_maxrss`` is not used: Linux carries it over from the parent across fork and exec,
    so a child of a large test runner would report the runner's memory. ``VmHWM`` belongs
    to the process's own address space, which exec starts afresh.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    out = Path(sys.argv[1])
    sys.argv = ["relay", *sys.argv[2:]]
    try:
        from relay.cli.app import main

        main()
    finally:
        out.write_text(str(peak_kb()), "utf-8")
