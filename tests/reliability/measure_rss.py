"""Run the ``relay`` command and write its peak memory: ``python measure_rss.py OUT ARGS...``.

OUT gets the process's own peak resident set size in kB (:func:`support.rss.peak_kb`) when
relay is done, however it ended, so a test can tell how much memory a command took. Run with
``tests`` on ``PYTHONPATH`` (as :func:`support.reliability.child_env` gives it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from support.rss import peak_kb

if __name__ == "__main__":
    out = Path(sys.argv[1])
    sys.argv = ["relay", *sys.argv[2:]]
    try:
        from relay.cli.app import main

        main()
    finally:
        out.write_text(str(peak_kb()), "utf-8")
