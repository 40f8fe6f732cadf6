"""What relay keeps (documents, findings, run states) is keyed by all of its code."""

from __future__ import annotations

from pathlib import Path

from relay.runtime.code_identity import PACKAGE, code_files

SOURCE = Path(__file__).resolve().parents[1] / "src" / "relay"


def test_every_module_of_every_stage_is_fingerprinted() -> None:
    """An edit to a check (or any stage) must invalidate kept findings: none is left out."""
    fingerprinted = {path.relative_to(PACKAGE).as_posix() for path in code_files()}
    modules = {path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*.py")}
    assert modules <= fingerprinted
    assert {"checks/units.py", "publish/run.py", "data/abbreviations.json"} <= fingerprinted
