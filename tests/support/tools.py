"""The system programs the tests judge outputs with; ``scripts/setup`` installs them all."""

from __future__ import annotations

import shutil

import pytest


def gettext(name: str) -> str:
    """The path of a GNU gettext program (``msgfmt``, ``msgcat``); missing, the test fails."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is not on PATH: run scripts/setup to install it")
    return path
