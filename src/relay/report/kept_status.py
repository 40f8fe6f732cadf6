"""The last status, kept while nothing it was made from has changed.

Takes a project, the releases and languages asked about, and the time of asking; gives the
:class:`~relay.report.status.Overview` rows a status made earlier, when every file it could
have read (the sources, everything under ``locales/``, the glossary) still has the size and
modification time it had, relay's code and the configuration are the same, and no embargo has
ended (or begun) between then and now; otherwise nothing. A status with nothing changed then
costs a walk of two folders instead of a decision per release (under a second at 2,000
releases, where deciding again costs seconds).

The file is ``.relay-cache/status.pickle``, its key's line then the pickle: relay's own
cache, like the kept documents, keyed by relay's code, so it is never read by another version,
and read back with only the classes a status is made of allowed. Deleting it only costs time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Sequence
from typing import Any

from relay.core.project import Project
from relay.runtime.code_identity import code_fingerprint
from relay.runtime.files import write_cache
from relay.runtime.run_state import stat

FILE = "status.pickle"
# What a kept status is made of; anything else in the file is refused unbuilt.
_ERRORS = (
    "RelayError",
    "ProjectError",
    "LocatedError",
    "SourceError",
    "CatalogError",
    "UsageError",
)
_ALLOWED = {
    ("relay.report.status", "Overview"),
    ("relay.report.html", "ReportRow"),
    ("relay.catalogs.catalog", "Counts"),
    ("relay.exchange.notes", "OpenNote"),
    *(("relay.core.errors", name) for name in _ERRORS),
    *(("datetime", name) for name in ("date", "datetime", "timedelta", "timezone")),
}


class _StatusUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a status")
        return super().find_class(module, name)


def inputs_key(project: Project, slugs: Sequence[str], langs: Sequence[str]) -> str:
    """Name everything a status reads: code, configuration, question, and each file's stamp."""
    digest = hashlib.sha256(
        f"{code_fingerprint()}|{project.config!r}|{list(slugs)}|{list(langs)}".encode()
    )
    folders = [project.sources_dir, project.locales_dir]
    extra = [project.root / project.config.glossary] if project.config.glossary else []
    for path in extra:
        digest.update(_stamp(str(path)))
    for folder in folders:
        for directory, names, files in os.walk(folder):
            names.sort()
            for name in sorted(files):
                digest.update(_stamp(os.path.join(directory, name)))
    return digest.hexdigest()


def _stamp(path: str) -> bytes:
    try:
        status = stat(path)  # taken once, when the status is made again (:func:`stats_kept`)
    except OSError:
        return f"{path}|missing\n".encode()
    return f"{path}|{status.st_size}|{status.st_mtime_ns}|{status.st_ino}\n".encode()


def load(project: Project, key: str, now: dt.datetime) -> Any | None:
    """Give what :func:`store` kept under ``key``, unless an embargo ended or began between
    when it was made and ``now`` (a gate that depends on the time)."""
    try:
        with open(project.cache_dir / FILE, "rb") as stream:
            # The key comes first, on a line of its own: a status made from other files is
            # known without unpickling it (all its rows: a tenth of a status after a change).
            if stream.readline() != f"{key}\n".encode():
                return None
            kept = _StatusUnpickler(stream).load()
        if kept["key"] != key:
            return None
        made: dt.datetime = kept["made"]
        embargoes: list[dt.datetime] = kept["embargoes"]
    except Exception:  # missing, foreign, damaged or refused: a cache is never the truth
        return None
    early, late = min(made, now), max(made, now)
    if any(early < embargo <= late for embargo in embargoes):
        return None
    return kept["value"]


def store(
    project: Project, key: str, now: dt.datetime, embargoes: list[dt.datetime], value: Any
) -> None:
    """Keep a status (atomically; a failure to keep it only costs time next time)."""
    data = pickle.dumps(
        {"key": key, "made": now, "embargoes": embargoes, "value": value},
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    write_cache(project.cache_dir / FILE, f"{key}\n".encode() + data)
