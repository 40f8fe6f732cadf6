"""Fingerprint relay's own code and data, so that nothing cached by other code is used.

Takes nothing; gives a digest of the whole installed package (every stage, not only this
one's folder): kept documents, findings and run states are keyed by it, so that an upgrade,
or any edit to a check, makes them be computed again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import relay
from relay import __version__

PACKAGE = Path(relay.__file__).resolve().parent
SUFFIXES = {".py", ".json", ".txt", ".xml", ".csv"}


def code_files() -> list[Path]:
    """The files of the package whose change must invalidate what relay keeps."""
    return [
        path for path in sorted(PACKAGE.rglob("*")) if path.suffix in SUFFIXES and path.is_file()
    ]


@cache
def code_fingerprint() -> str:
    """Fingerprint the installed package: its version and every code or data file's size and
    modification time (reading them all would cost more than most cached work saves)."""
    digest = hashlib.sha256(__version__.encode())
    for path in code_files():
        status = path.stat()
        digest.update(
            f"{path.relative_to(PACKAGE)}:{status.st_size}:{status.st_mtime_ns};".encode()
        )
    return digest.hexdigest()
