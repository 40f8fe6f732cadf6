"""The last status, kept while nothing it was made from has changed.

Takes a project, the releases and languages asked about, and the time of asking; gives the
:class:`~relay.report.status.Overview` rows a status made earlier, when every file it could
have read (the sources, everything under ``locales/``, the glossary) still has the size and
modification time it had, relay's code and the configuration are the same, and no embargo has
ended (or begun) between then and now. A status with nothing changed then costs a walk of two
folders instead of a decision per release (under a second at 2,000 releases, where deciding
again costs seconds). When only files changed, it gives what the last status was made from
(:class:`Earlier`): each file's stamp and each release's rows with the files they came from,
so that :func:`relay.report.status.overview` decides again only the releases whose files
changed. Otherwise nothing.

The file is ``.relay-cache/status.pickle``: its keys' line, then three pickles (when it was
made and its embargoes; the status; what it was made from, whose rows are the status's own,
kept once). A status with nothing changed reads the second alone. It is relay's own cache,
like the kept documents, keyed by relay's code, so it is never read by another version, and
read back with only the classes a status is made of allowed. Deleting it only costs time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

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
    ("relay.report.kept_status", "Part"),
    ("relay.report.html", "ReportRow"),
    ("relay.catalogs.catalog", "Counts"),
    ("relay.exchange.notes", "OpenNote"),
    *(("relay.core.errors", name) for name in _ERRORS),
    # How an error is pickled (RelayError.__reduce__): it rebuilds one of the errors above
    # (its class is found through this unpickler too) with plain attributes. Without it, a
    # status that reported an error was never taken from the file.
    ("relay.core.errors", "_restore"),
    *(("datetime", name) for name in ("date", "datetime", "timedelta", "timezone")),
}


class _StatusUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a status")
        return super().find_class(module, name)


@dataclass(frozen=True)
class Earlier:
    """What the last status was made from, when only files changed since (the same code,
    configuration and question, and no embargo ended or began): each file's stamp, the rows
    of each release with the files they were made from (:class:`Part`), and the equivalents
    the checks used."""

    stamps: dict[str, bytes]
    parts: list[Part]
    equivalents: str


class Part(NamedTuple):
    """A release's share of a status: its source's path, its slug, the files its rows were
    made from (its source, template and catalogs), its rows, a digest of the findings across
    releases about it, and its embargo."""

    source: str
    slug: str
    files: tuple[str, ...]
    rows: list[Any]
    between: str
    embargo: dt.datetime | None


def stamps(project: Project) -> dict[str, bytes]:
    """Stamp everything a status reads: every file of the sources and locales folders, and
    the glossary (size, modification time and inode: a file written again is read again),
    each named by its path from the project's root (:func:`name_in`)."""
    found: dict[str, bytes] = {}
    root = _root_prefix(project)
    if project.config.glossary:
        path = str(project.root / project.config.glossary)
        found[name_in(root, path)] = _stamp(path)
    for folder in (project.sources_dir, project.locales_dir):
        for directory, names, files in os.walk(folder):
            names.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                found[name_in(root, path)] = _stamp(path)
    return found


def _root_prefix(project: Project) -> str:
    root = str(project.root)
    return root if root.endswith(os.sep) else root + os.sep


def name_in(root: str, path: str) -> str:
    """Name a file by its path from the project's root (``root``, ending with a separator),
    as the states name files: a project copied or moved, its files linked, keeps its rows."""
    return path[len(root) :] if path.startswith(root) else path


def names_in(project: Project, paths: Sequence[object]) -> tuple[str, ...]:
    """:func:`name_in` for paths of the project."""
    root = _root_prefix(project)
    return tuple(name_in(root, str(path)) for path in paths)


def base_key(project: Project, slugs: Sequence[str], langs: Sequence[str]) -> str:
    """Name what a status is made by: relay's code, the configuration and the question."""
    text = f"{code_fingerprint()}|{project.config!r}|{list(slugs)}|{list(langs)}"
    return hashlib.sha256(text.encode()).hexdigest()


def inputs_key(base: str, found: dict[str, bytes]) -> str:
    """Name everything a status reads: its base (:func:`base_key`) and each file's stamp."""
    digest = hashlib.sha256(base.encode())
    for path, stamp in found.items():
        digest.update(f"{path}|".encode() + stamp)
    return digest.hexdigest()


def _stamp(path: str) -> bytes:
    try:
        status = stat(path)  # taken once, when the status is made again (:func:`stats_kept`)
    except OSError:
        return b"missing\n"
    return f"{status.st_size}|{status.st_mtime_ns}|{status.st_ino}\n".encode()


def load(project: Project, key: str, base: str, now: dt.datetime) -> Any | None:
    """Give what :func:`store` kept under ``key`` (the status itself), or, when only files
    changed since, what it was made from (:class:`Earlier`); nothing when an embargo ended
    or began between when it was made and ``now`` (a gate that depends on the time)."""
    try:
        with open(project.cache_dir / FILE, "rb") as stream:
            # The keys come first, on a line of their own: a status made by other code or
            # for another question is known without unpickling it (all its rows).
            kept_key, kept_base = stream.readline().decode().split()
            if base != kept_base:
                return None
            head = _StatusUnpickler(stream).load()
            if head["key"] != kept_key or head["base"] != base:
                return None
            made: dt.datetime = head["made"]
            embargoes: list[dt.datetime] = head["embargoes"]
            early, late = min(made, now), max(made, now)
            if any(early < embargo <= late for embargo in embargoes):
                return None
            if kept_key == key:
                return _StatusUnpickler(stream).load()
            if not head["shared"]:
                # What it was made from holds its own rows: the status is not read (at
                # 20,000 releases, unpickling both held twice the memory of one).
                stream.seek(head["size"], os.SEEK_CUR)
                status = None
            else:
                status = _StatusUnpickler(stream).load()
            made_from = _StatusUnpickler(stream).load()
        if made_from is None:
            return None
        stamps, parts, lengths, equivalents = made_from
        if status is not None:
            parts = _with_rows(parts, lengths, status.rows)
        return Earlier(stamps, parts, equivalents)
    except Exception:  # missing, foreign, damaged or refused: a cache is never the truth
        return None


def store(
    project: Project,
    keys: tuple[str, str],
    now: dt.datetime,
    embargoes: list[dt.datetime],
    value: Any,
    made_from: Earlier | None,
) -> None:
    """Keep a status under its keys (:func:`inputs_key`, :func:`base_key`), with what it
    was made from when each release's rows are known apart (atomically; a failure to keep
    it only costs time next time)."""
    key, base = keys
    status = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    parts: tuple[object, ...] | None = None
    shared = False
    if made_from is not None:
        lengths = [len(part.rows) for part in made_from.parts]
        shared = _concatenated(made_from.parts, getattr(value, "rows", None))
        # The rows of each release are the status's own, in order (as a status of every
        # release makes them): kept once, in the status, not twice (it took twice the time).
        kept = [part._replace(rows=[]) for part in made_from.parts] if shared else made_from.parts
        parts = (made_from.stamps, kept, lengths, made_from.equivalents)
    head = {
        "key": key,
        "base": base,
        "made": now,
        "embargoes": embargoes,
        "size": len(status),
        "shared": shared,
    }
    write_cache(
        project.cache_dir / FILE,
        b"".join(
            (
                f"{key} {base}\n".encode(),
                pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL),
                status,
                pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL),
            )
        ),
    )


def _concatenated(parts: list[Part], rows: list[Any] | None) -> bool:
    """Whether ``rows`` are the parts' rows, the very objects, one part after another."""
    if rows is None or len(rows) != sum(len(part.rows) for part in parts):
        return False
    theirs = chain.from_iterable(part.rows for part in parts)
    return all(a is b for a, b in zip(rows, theirs, strict=True))


def _with_rows(parts: list[Part], lengths: list[int], rows: list[Any]) -> list[Part]:
    """The parts given back their rows, cut from the status's in order."""
    if len(parts) != len(lengths) or sum(lengths) != len(rows):
        raise ValueError("the kept status does not hold the rows of what it was made from")
    given, start = [], 0
    for part, length in zip(parts, lengths, strict=True):
        given.append(part._replace(rows=rows[start : start + length]))
        start += length
    return given
