"""A process's own peak memory, for the programs that measure what relay takes."""

from __future__ import annotations

import resource
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
