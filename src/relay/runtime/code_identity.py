"""Fingerprint relay's own code and data, so that nothing cached by other code is used."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from relay import __version__


@cache
def code_fingerprint() -> str:
    """Fingerprint the installed package: its version and every code or data file's size and
    modification time (reading them all would cost more than most cached work saves)."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".json", ".txt", ".xml", ".csv"} and path.is_file():
            status = path.stat()
            digest.update(
                f"{path.relative_to(package)}:{status.st_size}:{status.st_mtime_ns};".encode()
            )
    return digest.hexdigest()
