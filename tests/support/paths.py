"""Where things are: the repository, its tests, and the test data the repository carries."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
# The one definition of the test data's place (see tests/data/README.md). Tests take it from
# the ``data_dir`` fixture; a path needed while collecting (to parametrize) takes it from here.
DATA = TESTS / "data"
