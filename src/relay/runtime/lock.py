"""One writing run at a time per project, and only inside the project.

Takes a project (or, for ``relay init``, the folder that will hold one); gives a context in
which no other relay run writes to it. Every command that changes files holds it.

The lock is an OS lock (``flock``) on ``.relay-cache/lock``: the kernel releases it when the
process ends, however it ends, so a killed run leaves no stale lock. Where there is ``fcntl``
(Linux, macOS) relay takes it itself, as the filelock library's Unix lock does: importing
filelock 4 cost 33-40 ms of every command (measured with ``python -X importtime``, typer and
rich already loaded), more than any other library a run with nothing to do needs. Elsewhere
filelock takes it. A second run waits for the first, up to ``timeout`` seconds
(``RELAY_LOCK_TIMEOUT``, default 120), then stops with :class:`LockError` naming the lock file.

Once the lock is held, and before anything is written:

* the project's folders (sources, locales, public) and the links inside them must stay inside
  the project: a link that leads out of it is refused, so no run reads a source from, or
  writes a catalog or a published file to, anywhere else;
* the temporary files a killed run left (see :mod:`relay.runtime.files`) are removed: in
  locales and public at every run (the walk that looks for links finds them), in the cache
  only after a run that did not end (``.relay-cache/running`` is there while a run holds the
  lock, and gone once it ends: a run with nothing to do leaves no file changed; walking the
  cache's tens of thousands of files was half of what taking the lock cost every command).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from relay.core.errors import RelayError
from relay.core.project import CACHE_FOLDER, Project
from relay.runtime.files import links_and_leftovers, remove_leftovers

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
    with _held(project.root, timeout) as unfinished:
        remove_leftovers(check_confined(project))
        if unfinished:
            remove_leftovers(links_and_leftovers(str(project.root / CACHE_FOLDER))[1])
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


# There while a run holds the lock, beside it; found when the lock is taken, the run before
# did not end (killed): its temporary files may be left in the cache.
RUNNING_NAME = "running"


@contextlib.contextmanager
def _held(root: Path, timeout: float | None) -> Iterator[bool]:
    """Hold the lock of ``root``; give whether the run before may have ended without
    finishing (killed: its temporary files may be left anywhere it writes)."""
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
    try:
        release, unfinished = _acquire(path, _timeout(timeout))
    except _Busy:
        raise LockError(
            f"another relay run is working on this project (lock {path}); try again",
            hint="The lock is released as soon as that run ends.",
        ) from None
    except OSError as error:
        raise LockError(f"cannot lock {path}: {error.strerror}") from None
    try:
        yield unfinished
    finally:
        release()


class _Busy(Exception):
    """Another process held the lock for the whole timeout."""


POLL = 0.05  # seconds between two tries, as filelock waits


def _acquire(path: Path, timeout: float) -> tuple[Callable[[], None], bool]:
    """Take the lock on ``path`` within ``timeout`` seconds; give what releases it, and
    whether the run that held it before may not have ended (:data:`RUNNING_NAME`)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: filelock's lock for this system
        return _acquire_with_filelock(path, timeout)
    deadline = time.monotonic() + timeout
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            if time.monotonic() >= deadline:
                raise _Busy from None
            time.sleep(POLL)
            continue
        except BaseException:
            os.close(handle)
            raise
        if os.fstat(handle).st_nlink == 0:  # removed while we waited: lock the new file
            os.close(handle)
            continue
        running = path.with_name(RUNNING_NAME)
        try:
            # Made, not flushed: a crash of the machine may lose it, which only leaves a killed
            # run's temporary files in the cache.
            os.close(os.open(running, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            unfinished = False
        except OSError:  # there already (FileExistsError), or it cannot be made: tidy
            unfinished = True

        def release(handle: int = handle, running: Path = running) -> None:
            with contextlib.suppress(OSError):
                running.unlink()
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)

        return release, unfinished


def _acquire_with_filelock(path: Path, timeout: float) -> tuple[Callable[[], None], bool]:
    from filelock import FileLock, Timeout

    lock = FileLock(path, fallback_to_soft=False)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise _Busy from None
    return lock.release, True  # no state kept in the file: every run tidies the cache


def check_confined(project: Project) -> list[str]:
    """Refuse a project whose folders, or links in them, lead out of the project; give the
    temporary files killed runs left in its locales and public folders, found by the same walk
    (one walk of each: a large public/ holds thousands of files)."""
    root = project.root.resolve()
    leftovers: list[str] = []
    for folder in (project.sources_dir, project.locales_dir, project.public_dir):
        if not _inside(folder, root):
            raise LockError(
                f"{folder} leads to {folder.resolve()}, outside the project",
                hint="relay reads and writes only inside the project; replace the link by a"
                " folder (and copy public/ where it is served from).",
            )
        if not folder.is_dir() or folder == project.sources_dir:
            continue  # a linked source is refused by name when it is read, and others still are
        links, found = links_and_leftovers(str(folder))
        for link in links:
            entry = Path(link)
            if not _inside(entry, root):
                raise LockError(
                    f"{entry} is a link to {entry.resolve()}, outside the project",
                    hint="relay reads and writes only inside the project; remove the link.",
                )
        leftovers += found
    return leftovers


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return timeout
    try:
        return float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
