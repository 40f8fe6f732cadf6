"""An everyday command with nothing new to do imports none of the libraries it has no use for.

A command's start is most of an everyday run (imports were a quarter of each command at
2,000 releases), so what a run with nothing changed imports is held here: Babel (its facts
come from ``.relay-cache/cldr-facts.json``), lxml (the feeds, the report and a TBX glossary
import it when they are written or read), the process pool's modules, rapidfuzz and rich
(``-q`` prints nothing). A test of the same commands with the libraries in use is every other
test: this one only fails when a module imports one at its top again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

UNUSED = ("babel", "lxml", "multiprocessing", "concurrent", "rapidfuzz", "rich")


def _imported(project: Path, *args: str) -> set[str]:
    """The top-level packages a command imported (``python -X importtime``)."""
    shown = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "relay", "-C", str(project), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    names = set()
    for line in shown.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, every command run on it twice (its caches and facts kept)."""
    import shutil

    repo = Path(__file__).resolve().parents[1]
    root = tmp_path_factory.mktemp("settled") / "project"
    for name in ("sources", "locales"):
        shutil.copytree(repo / name, root / name)
    shutil.copy(repo / "glossary.csv", root / "glossary.csv")
    (root / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru"]\nglossary = "glossary.csv"\n', "utf-8"
    )
    for _ in range(2):
        for command in ("extract", "check", "publish", "status"):
            subprocess.run(
                [sys.executable, "-m", "relay", "-C", str(root), "-q", command],
                capture_output=True,
                check=False,
            )
    return root


@pytest.mark.parametrize("command", ["extract", "check", "publish", "status"])
def test_a_run_with_nothing_changed_imports_no_library_it_does_not_use(
    settled: Path, command: str
) -> None:
    imported = _imported(settled, "-q", command)
    assert "relay" in imported  # the command ran and was seen
    # A status prints its table even with -q (the table is what it is for): rich draws it.
    unused = set(UNUSED) - ({"rich"} if command == "status" else set())
    assert not imported & unused, sorted(imported & unused)
