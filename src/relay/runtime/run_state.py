"""What a run saw last: fingerprints of sources and outputs, so an unchanged release is skipped.

Takes a project and a name (``extract``, ``publish``); gives a :class:`RunState` that tells
whether a file still holds the bytes recorded for it (size and modification time first; the
SHA-256 of its bytes when those differ) and keeps, per release, what a run needs to skip it.
It lives in ``.relay-cache/<name>-state.json``. It is never the source of truth: its key holds
relay's own code and the project's configuration, a state that cannot be read is taken as
empty, and deleting it changes no output, only makes the next run read everything again.
Every project keeps one, whatever its size, so that three releases run the code twenty
thousand do; a run that must decide everything again opens it unkept (empty, never saved).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relay.core.project import Project
from relay.runtime.code_identity import code_fingerprint

FORMAT = 1


@dataclass(frozen=True)
class Fingerprint:
    """A file's size, modification time and the SHA-256 of its bytes."""

    size: int
    mtime_ns: int
    sha256: str

    def as_list(self) -> list[object]:
        return [self.size, self.mtime_ns, self.sha256]


def fingerprint_of(path: Path, data: bytes | None = None) -> Fingerprint | None:
    """Fingerprint a file (from ``data`` when the caller just read or wrote it)."""
    try:
        status = path.stat()
        if data is None:
            data = path.read_bytes()
    except OSError:
        return None
    return Fingerprint(status.st_size, status.st_mtime_ns, hashlib.sha256(data).hexdigest())


@dataclass
class RunState:
    """The fingerprints and per-release records of one kind of run."""

    path: Path
    key: str
    root: Path = Path()
    # Keyed by path relative to the project's root: a project copied or moved keeps its state.
    files: dict[str, Fingerprint] = field(default_factory=dict)
    releases: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Per output file: whether it holds an approved translation (what memory is made of).
    memory: dict[str, bool] = field(default_factory=dict)
    # Files made from every release together (publish: the manifest, then the feeds).
    outputs: list[str] = field(default_factory=list)
    changed: bool = False
    kept: bool = True  # False: known to be of no use next time, so never saved

    @classmethod
    def open(cls, project: Project, name: str, *, extra: str = "", kept: bool = True) -> RunState:
        """Read the state of ``name`` runs; an unreadable or foreign one is empty, and so is
        one that is not ``kept`` (nothing of it is read or saved)."""
        path = project.cache_dir / f"{name}-state.json"
        key = hashlib.sha256(
            f"{FORMAT}|{code_fingerprint()}|{project.config!r}|{extra}".encode()
        ).hexdigest()
        state = cls(path, key, project.root, kept=kept)
        if not kept:
            return state
        try:
            data = json.loads(path.read_bytes())
            if data.get("key") != key:
                return state
            state.files = {name: Fingerprint(*value) for name, value in data["files"].items()}
            state.releases = data["releases"]
            state.memory = {name: bool(value) for name, value in data["memory"].items()}
            state.outputs = [str(name) for name in data.get("outputs", [])]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            state.files, state.releases, state.memory, state.outputs = {}, {}, {}, []
        return state

    def key_of(self, path: Path) -> str:
        """Name a file as the state does: relative to the project's root where it can."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def holds(self, path: Path) -> bool:
        """Tell whether ``path`` still holds the bytes recorded for it."""
        return self.holds_key(self.key_of(path))

    def holds_key(self, key: str) -> bool:
        """:meth:`holds` for a file named as the state names it (a run with nothing to do
        asks this of every file of the project: no path objects are made)."""
        known = self.files.get(key)
        if known is None:
            return False
        path = os.path.join(self.root, key)
        try:
            status = os.stat(path)
        except OSError:
            return False
        if (status.st_size, status.st_mtime_ns) == (known.size, known.mtime_ns):
            return True
        if status.st_size != known.size:
            return False
        current = fingerprint_of(Path(path))
        if current is None or current.sha256 != known.sha256:
            return False
        self.files[key] = current  # touched, not changed: hash it once
        self.changed = True
        return True

    def record(self, path: Path, data: bytes | None = None) -> Fingerprint | None:
        """Remember what ``path`` holds now."""
        found = fingerprint_of(path, data)
        key = self.key_of(path)
        if found is None:
            self.files.pop(key, None)
        elif self.files.get(key) != found:
            self.files[key] = found
        self.changed = True
        return found

    def forget(self, release: str) -> None:
        if self.releases.pop(release, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the state (atomically, without flushing: losing it only costs time)."""
        if not self.changed or not self.kept:
            return
        data = json.dumps(
            {
                "key": self.key,
                "files": {name: value.as_list() for name, value in sorted(self.files.items())},
                "releases": dict(sorted(self.releases.items())),
                "memory": dict(sorted(self.memory.items())),
                "outputs": self.outputs,
            },
            separators=(",", ":"),
        ).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".relay-tmp", dir=self.path.parent
            )
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
        self.changed = False
