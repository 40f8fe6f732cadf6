"""What a run saw last: fingerprints of sources and outputs, so an unchanged release is skipped.

Takes a project and a name (``extract``, ``publish``); gives a :class:`RunState` that tells
whether a file still holds the bytes recorded for it (size and modification time first; the
SHA-256 of its bytes when those differ) and keeps, per release, what a run needs to skip it.
It lives in ``.relay-cache/<name>-state.sqlite`` (:mod:`relay.runtime.state_store`): a run
reads the rows it asks for and saves the rows it changed, so neither its time nor its memory
grows with the state's size. It is never the source of truth: its key holds relay's own code
and the project's configuration, a state that cannot be read is taken as empty, and deleting
it changes no output, only makes the next run read everything again. Every project keeps one,
whatever its size, so that three releases run the code twenty thousand do; a run that must
decide everything again opens it unkept (empty, never saved).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from relay.core import cldr
from relay.core.project import Project
from relay.runtime.code_identity import code_fingerprint
from relay.runtime.files import write_cache
from relay.runtime.state_store import Row, Rows, StateStore, Table

FORMAT = 4
_T = TypeVar("_T")
SUFFIX = "-state.sqlite"

# While a command that writes no project file reads several states (``relay status``: the
# check's, publishing's, the summaries'), each file's status, taken once (:func:`stats_kept`).
_stats: dict[str, Stamp] | None = None
# And, in the same block, what is made from many files' stats at once (:func:`made_once`).
_made: dict[str, Any] | None = None


@contextlib.contextmanager
def stats_kept() -> Iterator[None]:
    """Within the block, :meth:`RunState.holds_key` takes each file's ``stat`` once, however
    many states ask about it (a status after a change asked five times per file). Only for a
    block that writes no file a state names: a file it wrote would look unchanged."""
    global _stats, _made
    outer = _stats, _made
    if _stats is None or _made is None:
        _stats, _made = {}, {}
    try:
        yield
    finally:
        _stats, _made = outer


def made_once(name: str, make: Callable[[], _T]) -> _T:
    """``make()``, made once per ``name`` inside :func:`stats_kept` (what a command asks twice
    of a folder's files, such as every catalog's stamp: once for its status's own key, once for
    the equivalents its check uses); outside it, made every time."""
    if _made is None:
        return make()
    if name not in _made:
        _made[name] = make()
    return cast(_T, _made[name])


class Stamp(NamedTuple):
    """What relay asks of a file's ``stat``: its size, modification time and inode."""

    st_size: int
    st_mtime_ns: int
    st_ino: int


def stat(path: str) -> Stamp:
    """``os.stat``, taken once per file inside :func:`stats_kept`. Only what relay asks of it
    is held: a status of 20,000 releases stats 80,000 files, and holding each whole
    ``stat_result`` took 50 MB."""
    if _stats is None:
        status = os.stat(path)
        return Stamp(status.st_size, status.st_mtime_ns, status.st_ino)
    found = _stats.get(path)
    if found is None:
        status = os.stat(path)
        found = _stats[path] = Stamp(status.st_size, status.st_mtime_ns, status.st_ino)
    return found


class Fingerprint(NamedTuple):
    """A file's size, modification time and the SHA-256 of its bytes.

    A tuple, not a frozen dataclass: every run reads one per file of the project from its
    state (116,000 in a publish of 20,000 releases), and a tuple is made from the row the
    state file gives in a third of the time."""

    size: int
    mtime_ns: int
    sha256: str

    def as_row(self) -> Row:
        return (self.size, self.mtime_ns, self.sha256)


def fingerprint_of(
    path: Path, data: bytes | None = None, *, sha256: str | None = None
) -> Fingerprint | None:
    """Fingerprint a file (from ``data`` when the caller just read or wrote it, or from the
    ``sha256`` of the bytes it wrote, when it keeps no bytes). A file is hashed as it is read,
    never held whole: the manifest of 20,000 releases is 58 MB."""
    try:
        status = path.stat()
        if sha256 is None and data is not None:
            sha256 = hashlib.sha256(data).hexdigest()
        elif sha256 is None:
            with path.open("rb") as stream:
                sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
    return Fingerprint(status.st_size, status.st_mtime_ns, sha256)


def _fingerprint(row: Row, _tuple: Callable[..., Fingerprint] = tuple.__new__) -> Fingerprint:
    size, mtime_ns, sha256 = row
    if type(size) is int and type(mtime_ns) is int and type(sha256) is str:
        return _tuple(Fingerprint, row)  # as saved: taken as it is
    return Fingerprint(int(size), int(mtime_ns), str(sha256))


def _record(row: Row) -> dict[str, Any]:
    record = json.loads(row[0])
    if not isinstance(record, dict):
        raise ValueError("a release's record is not an object")
    return record


FILES: Table[Fingerprint] = Table(
    "files", ("size", "mtime_ns", "sha256"), Fingerprint.as_row, _fingerprint, whole=True
)


def _json_rows(name: str, column: str) -> Table[dict[str, Any]]:
    """A table of JSON objects, one per release, spilled while they wait for the save."""
    return Table(
        name,
        (column,),
        lambda record: (json.dumps(record, separators=(",", ":")),),
        _record,
        spilled=True,
    )


# A release's record is what its kind of run needs of it, kept as JSON, never looked into.
RELEASES = _json_rows("releases", "record")
# A release's record less what only a release read again needs, written with it by a run
# whose records are big (publish: 2.5 KB of 4 KB, a third of the objects to decode), so that
# deciding whether to read a release again does not decode its whole record.
HEADS = _json_rows("heads", "head")
# What ``relay status`` shows of a release whose record holds, written with its record by a
# run whose records are big (publish: a sixth of a record), so that a status after a change
# decodes neither record nor head of every release again.
GATES = _json_rows("gates", "gates")
MEMORY: Table[bool] = Table(
    "memory", ("flag",), lambda flag: (int(flag),), lambda row: bool(row[0]), whole=True
)
TABLES = (FILES, RELEASES, HEADS, GATES, MEMORY)


class RunState:
    """The fingerprints and per-release records of one kind of run.

    ``files`` (keyed by path relative to the project's root: a project copied or moved keeps
    its state), ``releases``, ``heads`` (a part of a release's record, written with it by a run
    whose records are big) and ``memory`` (per output file, whether it holds an approved
    translation: what memory is made of) are mappings that read the state file as they are
    asked; ``outputs`` lists the files made from every release together (publish: the
    manifest, then the feeds).
    """

    def __init__(
        self, path: Path, key: str, root: Path = Path(), *, kept: bool = True,
        store: StateStore | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.key = key
        self.root = root
        # Joined with names tens of thousands of times a run: as os.path.join joins them, by
        # hand (a name the state keeps is relative, or absolute for a file outside the root).
        folder = os.fspath(root)
        self._prefix = folder if not folder or folder.endswith(("/", os.sep)) else folder + "/"
        self.kept = kept  # False: known to be of no use next time, so never saved
        self.changed = False
        self._store = store
        self.files: Rows[Fingerprint] = Rows(store, FILES)
        self.releases: Rows[dict[str, Any]] = Rows(store, RELEASES)
        self.heads: Rows[dict[str, Any]] = Rows(store, HEADS)
        self.gates: Rows[dict[str, Any]] = Rows(store, GATES)
        self.memory: Rows[bool] = Rows(store, MEMORY)
        self.outputs: list[str] = store.outputs() if store is not None else []
        self._saved_outputs = list(self.outputs)
        self._prune: str | None = None

    @classmethod
    def open(cls, project: Project, name: str, *, extra: str = "", kept: bool = True) -> RunState:
        """Open the state of ``name`` runs; an unreadable or foreign one is empty, and so is
        one that is not ``kept`` (nothing of it is read or saved)."""
        path = project.cache_dir / f"{name}{SUFFIX}"
        key = hashlib.sha256(
            f"{FORMAT}|{code_fingerprint()}|{project.config!r}|{extra}".encode()
        ).hexdigest()
        if not kept:
            return cls(path, key, project.root, kept=False)
        return cls(path, key, project.root, store=StateStore(path, key, TABLES))

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
        path = key if os.path.isabs(key) else self._prefix + key
        try:
            status = stat(path)
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

    def record(
        self, path: Path, data: bytes | None = None, *, sha256: str | None = None
    ) -> Fingerprint | None:
        """Remember what ``path`` holds now (:func:`fingerprint_of`)."""
        found = fingerprint_of(path, data, sha256=sha256)
        key = self.key_of(path)
        if found is None:
            self.files.pop(key, None)
        elif self.files.get(key) != found:
            self.files[key] = found
        self.changed = True
        return found

    def forget(self, release: str) -> None:
        for table in (self.releases, self.heads, self.gates):
            if release in table:
                del table[release]
                self.changed = True

    def prune_files(self, named_by: str) -> None:
        """Forget, when the state is saved, every file no release's record names in its list
        ``named_by`` (done in the state file: no record is read for it)."""
        self._prune = named_by

    @property
    def pending(self) -> bool:
        """Whether anything changed since the state was opened or last saved."""
        return (
            self.files.pending or self.releases.pending or self.heads.pending
            or self.gates.pending or self.memory.pending
            or self.outputs != self._saved_outputs
        )  # fmt: skip

    def save(self) -> None:
        """Write what changed, in one transaction (without flushing: losing the state only
        costs time); a state that is not kept is never written."""
        if not self.kept or self._store is None:
            return
        _keep_facts(self.path.parent)
        if not (self.changed or self.pending):
            return
        outputs = self.outputs if self.outputs != self._saved_outputs else None
        tables = (self.files, self.releases, self.heads, self.gates, self.memory)
        new_file = self._store.whole
        if self._store.save(tables, outputs, self._prune):
            for rows in tables:
                rows.settle()
            self._saved_outputs = list(self.outputs)
            if new_file:  # the JSON state of relay before 2: of no use any more
                with contextlib.suppress(OSError):
                    os.unlink(
                        self.path.with_name(self.path.name.removesuffix(SUFFIX) + "-state.json")
                    )
        self.changed = False


def _keep_facts(folder: Path) -> None:
    """Keep the CLDR facts found in Babel by this run beside its state, for the next run
    (:func:`relay.core.cldr.recall`, when the project is opened). Losing them costs time only."""
    text = cldr.facts_learned()
    if text is not None and folder.is_dir():
        write_cache(folder / cldr.FACTS_FILE, text.encode())
