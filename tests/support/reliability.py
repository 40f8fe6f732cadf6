"""Shared by the reliability tests: realistic projects, running relay, snapshots, figures.

The programs the tests run in a process of their own (``measure_rss.py``, ``xml_attacks.py``,
``relay_zygote.py``, ``full_disk.py``) live beside the tests in ``tests/reliability``, are run
by their path and get :func:`child_env`.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relay.catalogs.po import read_po
from relay.core.project import CACHE_FOLDER
from support.paths import REPO, TESTS

SUITE = TESTS / "reliability"  # the reliability tests, their programs and their figures
FIGURES = SUITE / "figures.json"
WRITE_FIGURES = os.environ.get("RELAY_WRITE_FIGURES") == "1"
PYTHON = sys.executable
NOW = "2026-01-05T10:00:00Z"

# -- figures -------------------------------------------------------------------------------

_figures: dict[str, Any] = {}
_figures_lock = threading.Lock()


def record(section: str, values: Mapping[str, Any]) -> None:
    """Keep a test's figures; written to figures.json only with RELAY_WRITE_FIGURES=1."""
    with _figures_lock:
        _figures.setdefault(section, {}).update(values)
        if not WRITE_FIGURES:
            return
        try:
            stored = json.loads(FIGURES.read_text("utf-8"))
        except (OSError, ValueError):
            stored = {}
        stored.setdefault(section, {}).update(values)
        FIGURES.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", "utf-8")


# -- running relay ---------------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a program the tests start: relay's sources and the ``support``
    package importable (``src`` and ``tests`` on ``PYTHONPATH``), plus ``extra``."""
    path = os.pathsep.join((str(REPO / "src"), str(TESTS)))
    return {**os.environ, "PYTHONPATH": path, **extra}


def relay_command(root: Path, *args: str) -> list[str]:
    """The real ``relay`` command line (the module the console script runs), on ``root``."""
    return [PYTHON, "-m", "relay", "-C", str(root), "-q", *args]


def run_relay(
    root: Path, *args: str, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        relay_command(root, *args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def in_process(root: Path, *args: str) -> int:
    """Run the relay CLI in this process (faster; for preparing projects)."""
    from typer.testing import CliRunner

    from relay.cli.app import app

    result = CliRunner().invoke(app, ["-C", str(root), "-q", *args])
    if result.exit_code != 0:
        raise AssertionError(f"relay {' '.join(args)} failed: {result.output}")
    return result.exit_code


# -- realistic projects ------------------------------------------------------------------------

SAMPLE_SLUGS = (
    "2013-04-23-kazakhstan-innovation",
    "2014-03-12-water-cooperation",
    "2015-10-05-road-safety",
)
_CONFIG = 'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n'


def sample_copy(root: Path, *, generated: int = 0) -> Path:
    """The sample project, plus ``generated`` short releases of its three formats.

    Generated releases are small (a title and four paragraphs), so that they add files to
    every run without adding much work; :func:`translate_generated` translates them.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locales", root / "locales")
    (root / "sources" / "README.md").unlink(missing_ok=True)
    (root / "relay.toml").write_text(_CONFIG, encoding="utf-8")
    for number in range(1, generated + 1):
        slug = f"2016-01-{number:02d}-generated-{number}"
        title = f"Generated release number {number} about today's regional cooperation"
        paragraphs = [
            f"Geneva, {number} January 2016 - Delegates from {10 + number} countries met today."
            " They agreed on a plan of work for the next two years.",
            f"The plan covers {number * 3} projects in transport, energy and water."
            " Each project has a budget and a timetable.",
            "The secretariat will report on progress at the next session. Questions may be"
            " sent to the information service.",
            f"For more information, contact the press office (reference {number:03d}).",
        ]
        kind = number % 3
        if kind == 0:
            body = "".join(f"<p>{text}</p>\n" for text in paragraphs)
            text = (
                f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<title>{title}</title>\n<meta name="slug" content="{slug}">\n</head>\n'
                f"<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
            )
            suffix = ".html"
        elif kind == 1:
            text = f'---\ntitle: "{title}"\nslug: {slug}\n---\n\n# {title}\n\n'
            text += "\n\n".join(paragraphs) + "\n"
            suffix = ".md"
        else:
            text = f"Title: {title}\nSlug: {slug}\n\n" + "\n\n".join(paragraphs) + "\n"
            suffix = ".txt"
        (root / "sources" / f"{slug}{suffix}").write_text(text, encoding="utf-8")
    return root


def translate_generated(root: Path) -> None:
    """Translate every unit of the generated releases (a marked copy of the source)."""
    from relay.catalogs.po import write_po

    for lang in ("fr", "ru"):
        for path in sorted((root / "locales" / lang).glob("2016-01-*.po")):
            catalog = read_po(path.read_bytes(), path=str(path))
            catalog.entries = [
                entry
                if entry.obsolete or (entry.msgstr and not entry.fuzzy)
                else entry.with_(msgstr=f"{entry.msgid} ({lang})", fuzzy=False)
                for entry in catalog.entries
            ]
            path.write_bytes(write_po(catalog))


def edit_sources(root: Path) -> None:
    """A source edit of the kind press offices make: one sentence of every release changed."""
    for source in sorted((root / "sources").iterdir()):
        text = source.read_text("utf-8")
        edited = re.sub(r"\b(today|Geneva)\b", r"\1 (updated)", text, count=1)
        assert edited != text, source
        source.write_text(edited, encoding="utf-8")


def revise_returned_files(folder: Path) -> list[Path]:
    """Play the translator: change every translation of every exported file (codes kept)."""
    files = sorted(folder.rglob("*.xlf")) + sorted(folder.rglob("*.po"))
    for path in files:
        text = path.read_text("utf-8")
        if path.suffix == ".po":
            text = re.sub(r'^(msgstr "[^"\n]+)"$', r'\1 [rév.]"', text, flags=re.M)
        else:
            text = re.sub(r"(</target>)", r" [rév.]\1", text)
        path.write_text(text, encoding="utf-8")
    return files


# -- the states the crash, disk and concurrency tests start from ------------------------------


def prepare_extract(root: Path, *, generated: int = 3) -> list[str]:
    sample_copy(root, generated=generated)
    in_process(root, "extract")  # catalogs and memory cache up to date: a working project
    translate_generated(root)
    edit_sources(root)
    return ["extract"]


def prepare_import(root: Path, *, generated: int = 3) -> list[str]:
    sample_copy(root, generated=generated)
    in_process(root, "extract")
    translate_generated(root)
    in_process(root, "export", "--lang", "fr", "--format", "xliff")
    in_process(root, "export", "--lang", "ru", "--format", "xliff2")
    files = revise_returned_files(root / "outbox")
    return ["import", *("{root}/" + path.relative_to(root).as_posix() for path in files)]


def prepare_publish(root: Path, *, generated: int = 3) -> list[str]:
    sample_copy(root, generated=generated)
    in_process(root, "extract")
    translate_generated(root)
    # One variant is not complete yet, so its first publication is part of the run.
    newcomer = root / "locales" / "ru" / "2015-10-05-road-safety.po"
    complete = newcomer.read_text("utf-8")
    newcomer.write_text(complete.replace('msgstr "Женева', 'msgstr "'), "utf-8")
    in_process(root, "publish", "--now", "2026-01-01T09:00:00Z")
    newcomer.write_text(complete, "utf-8")
    # Translators revised everything; one variant lost a translation and is withdrawn.
    in_process(root, "export", "--lang", "fr", "--format", "po")
    in_process(root, "export", "--lang", "ru", "--format", "xliff2")
    files = revise_returned_files(root / "outbox")
    in_process(root, "import", *map(str, files))
    withdrawn = root / "locales" / "fr" / "2014-03-12-water-cooperation.po"
    text = withdrawn.read_text("utf-8")
    withdrawn.write_text(text.replace('msgstr "Genève', 'msgstr "', 1), "utf-8")
    shutil.rmtree(root / "outbox")
    return ["publish", "--now", NOW]


# -- snapshots and invariants ------------------------------------------------------------------


def snapshot(root: Path, folders: Sequence[str]) -> dict[str, bytes]:
    """Every file under the given folders, by path relative to ``root``."""
    files: dict[str, bytes] = {}
    for name in folders:
        base = root / name
        if base.is_file():
            files[name] = base.read_bytes()
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def leftovers(files: Mapping[str, bytes]) -> list[str]:
    """Temporary files a killed write left behind."""
    return [name for name in files if name.endswith(".relay-tmp")]


def translations(data: bytes, *, path: str) -> dict[tuple[str | None, str], str]:
    """Every translation a catalog holds, active or obsolete, keyed by context and source."""
    catalog = read_po(data, path=path)
    return {(e.context, e.msgid): e.msgstr for e in catalog.entries if e.msgstr}


def manifest_problems(root: Path) -> list[str]:
    """What a publishing system would trip on: entries whose file is missing or differs."""
    path = root / "public" / "manifest.json"
    if not path.exists():
        return []
    manifest = json.loads(path.read_text("utf-8"))
    problems = []
    for release in manifest["releases"]:
        for variant in release["variants"]:
            if variant["status"] != "published":
                continue
            file = root / "public" / variant["path"]
            if not file.is_file():
                problems.append(f"{variant['path']}: listed, missing")
            elif hashlib.sha256(file.read_bytes()).hexdigest() != variant["sha256"]:
                problems.append(f"{variant['path']}: listed with another hash")
    return problems


def copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)


def cache_folder(root: Path) -> Path:
    return root / CACHE_FOLDER


# -- killing real relay processes --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    status: int  # the exit code, or minus the signal that ended the process
    duration: float
    killed: bool  # ended by our SIGKILL
    started: float  # wall-clock time of the start (comparable with file times)


class Zygote:
    """A warmed-up process that forks real relay runs (see relay_zygote.py); one run at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(SUITE / "relay_zygote.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_env(),
        )
        self._buffer = b""

    def run(
        self,
        argv: Sequence[str],
        *,
        kill_after: float | None = None,
        output: Path | None = None,
        bound: float = 120,
        watch: Watch | None = None,
    ) -> Run:
        """Run relay; SIGKILL it after ``kill_after`` seconds (None: let it finish)."""
        assert self.process.stdin is not None
        request = {"argv": list(argv), "output": str(output or os.devnull)}
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()
        started = self._message(None)
        pid = started["pid"]
        killed = False
        if watch is not None:
            # The clock starts at the first event (the run's first write), not at the start.
            assert self.process.stdout is not None
            ready, _, _ = select.select([self.process.stdout, watch], [], [], bound)
            if watch not in ready:
                kill_after = None
        if kill_after is not None and not self._ready(kill_after):
            # The zygote reaps a child before it says so: a child that ended on its own
            # just now is gone, and was not killed.
            try:
                os.kill(pid, signal.SIGKILL)
                killed = True
            except ProcessLookupError:
                pass
        try:
            done = self._message(bound)
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            self._message(None)
            raise AssertionError(f"relay {' '.join(argv)} ran for more than {bound} s") from None
        status = done["status"]
        return Run(
            status, done["duration"], killed and status == -signal.SIGKILL, started["started"]
        )

    def _ready(self, timeout: float) -> bool:
        if b"\n" in self._buffer:
            return True
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        return bool(readable)

    def _message(self, timeout: float | None) -> dict[str, Any]:
        assert self.process.stdout is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            readable, _, _ = select.select([self.process.stdout], [], [], left)
            if not readable:
                raise TimeoutError("relay did not answer")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("the zygote ended")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return dict(json.loads(line))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


# -- watching files (Linux inotify) -----------------------------------------------------------

IN_ACCESS, IN_MODIFY, IN_OPEN = 0x001, 0x002, 0x020
IN_MOVED_TO, IN_CREATE = 0x080, 0x100
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000


class Watch:
    """inotify watches: tell whether any process opened, read or created the watched files."""

    def __init__(self, paths: Sequence[Path], mask: int) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self._libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        for path in paths:
            if self._libc.inotify_add_watch(self.fd, os.fsencode(path), mask) < 0:
                raise OSError(ctypes.get_errno(), f"inotify_add_watch {path}")

    def fileno(self) -> int:
        return self.fd

    def events(self) -> int:
        """How many events arrived since the last call."""
        count = 0
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return count
            offset = 0
            while offset < len(data):
                _, _, _, length = struct.unpack_from("iIII", data, offset)
                offset += 16 + length
                count += 1

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def folders_under(root: Path, names: Sequence[str]) -> list[Path]:
    found = []
    for name in names:
        base = root / name
        if base.is_dir():
            found.append(base)
            found.extend(path for path in sorted(base.rglob("*")) if path.is_dir())
    return found
