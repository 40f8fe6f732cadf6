"""One writing run at a time per project, and only inside the project.

Takes a project (or, for ``relay init``, the folder that will hold one); gives a context in
which no other relay run writes to it. Every command that changes files holds it.

The lock is an OS lock (``flock``, through the filelock library) on ``.relay-cache/lock``: the
kernel releases it when the process ends, however it ends, so a killed run leaves no stale
lock. A second run waits for the first, up to ``timeout`` seconds (``RELAY_LOCK_TIMEOUT``,
default 120), then stops with :class:`LockError` naming the lock file.

Once the lock is held, and before anything is written:

* the project's folders (sources, locales, public) and the links inside them must stay inside
  the project: a link that leads out of it is refused, so no run reads a source from, or
  writes a catalog or a published file to, anywhere else;
* the temporary files a killed run left (see :mod:`relay.runtime.files`) are removed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from relay.core.errors import RelayError
from relay.core.project import CACHE_FOLDER, Project
from relay.runtime.files import remove_leftovers

LOCK_NAME = "lock"
DEFAULT_TIMEOUT = 120.0
TIMEOUT_VARIABLE = "RELAY_LOCK_TIMEOUT"


class LockError(RelayError):
    """Another run holds the project, or the project cannot be locked or written safely."""


def lock_path(root: Path) -> Path:
    """Where a project's lock file lives."""
    return root / CACHE_FOLDER / LOCK_NAME


@contextlib.contextmanager
def project_lock(project: Project, *, timeout: float | None = None) -> Iterator[Project]:
    """Hold the project's lock for the ``with`` block, its folders checked and tidied."""
    with _held(project.root, timeout):
        check_confined(project)
        for folder in (project.locales_dir, project.public_dir, project.root / CACHE_FOLDER):
            remove_leftovers(folder)
        yield project


@contextlib.contextmanager
def folder_lock(folder: Path, *, timeout: float | None = None) -> Iterator[Path]:
    """Hold the lock of a folder that is to become a project (``relay init``).

    If the block fails, the lock file and the folders made for it are removed again.
    """
    made = [path for path in (folder, folder / CACHE_FOLDER) if not path.exists()]
    try:
        with _held(folder, timeout):
            yield folder
    except BaseException:
        if made:  # the cache folder was made here: its lock file too
            with contextlib.suppress(OSError):
                lock_path(folder).unlink()
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise


@contextlib.contextmanager
def _held(root: Path, timeout: float | None) -> Iterator[None]:
    path = lock_path(root)
    if path.parent.is_symlink() and not _inside(path.parent, root.resolve()):
        raise LockError(f"{path.parent} is a link to a folder outside the project")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LockError(
            f"cannot make the lock file {path}: {error.strerror}",
            hint="relay needs to write in the project folder.",
        ) from None
    lock = FileLock(path, fallback_to_soft=False)
    try:
        lock.acquire(timeout=_timeout(timeout))
    except Timeout:
        raise LockError(
            f"another relay run is working on this project (lock {path}); try again",
            hint="The lock is released as soon as that run ends.",
        ) from None
    except OSError as error:
        raise LockError(f"cannot lock {path}: {error.strerror}") from None
    try:
        yield
    finally:
        lock.release()


def check_confined(project: Project) -> None:
    """Refuse a project whose folders, or links in them, lead out of the project."""
    root = project.root.resolve()
    for folder in (project.sources_dir, project.locales_dir, project.public_dir):
        if not _inside(folder, root):
            raise LockError(
                f"{folder} leads to {folder.resolve()}, outside the project",
                hint="relay reads and writes only inside the project; replace the link by a"
                " folder (and copy public/ where it is served from).",
            )
        if not folder.is_dir() or folder == project.sources_dir:
            continue  # a linked source is refused by name when it is read, and others still are
        for link in _links(str(folder)):
            entry = Path(link)
            if not _inside(entry, root):
                raise LockError(
                    f"{entry} is a link to {entry.resolve()}, outside the project",
                    hint="relay reads and writes only inside the project; remove the link.",
                )


def _links(folder: str) -> Iterator[str]:
    """Give every symbolic link under a folder (not followed). Directory entries tell links
    apart without a system call each: a large public/ holds thousands of files."""
    pending = [folder]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                yield entry.path
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return timeout
    try:
        return float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
