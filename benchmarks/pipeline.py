"""relay against its peers on the same corpus: wall time, peak memory, and growth with N.

Run from the project root: ``.venv/bin/python benchmarks/pipeline.py`` (N = 200 and 2,000
releases, 2 languages, median of 3 runs; ``--sizes 50 --runs 1`` for a quick look;
``--sizes 200 2000 20000 --peers-up-to 2000`` for the issue's three sizes, the largest without
the peers, which would take hours there). It writes a corpus with :mod:`corpus` into a temporary
folder, then, for each size, runs every relay job and the peer doing the nearest equivalent work
one after the other, run after run, so that both see the same machine load, and prints, with
:mod:`pipeline_report`, each size's jobs side by side, their growth, and met or NOT MET for
every target of issue #18.

relay's jobs on the whole corpus: cold ``extract`` (and, beside translate-toolkit alone, cold
``extract`` of the HTML releases only); ``extract`` with nothing changed; ``extract`` after
editing 1 % of the releases; ``export --format xliff`` (both languages); ``import`` of every
returned file (translated by :func:`corpus.translate_text`); ``check``; cold ``publish``;
``publish`` with nothing changed. The peers, installed when absent (translate-toolkit comes with
relay; po4a from Debian; GNU gettext): ``html2po`` (directory mode) and ``pot2po`` on the HTML
releases and ``po4a-updatepo`` on the Markdown ones for extract; ``po2html`` and
``po4a-translate`` for publish; ``msgmerge`` on every updated template for the 1 % edit;
``pofilter`` (default tests) for check. Peers that work one file at a time run two files at
once, on the two cores.

Everyday work, each from a copy of a steady state (every release translated into both
languages but one release's French; extract, check and publish run, then all three again):
one new release arrives (``extract``, ``check``, ``publish``); one returned file (``export
--release`` of the release awaiting French, filled as a translator would, then ``import``,
``check``, ``publish``); ``status`` with nothing changed.

Every command runs as a process of its own; its peak RSS is the largest of the process and
the workers it waited for. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from pipeline_report import (
    CHECK,
    CHECK_AGAIN,
    EDIT,
    EXPORT,
    EXTRACT,
    EXTRACT_AGAIN,
    EXTRACT_HTML,
    IMPORT,
    NEW_RELEASE,
    NEW_RELEASE_SUM,
    PUBLISH,
    PUBLISH_AGAIN,
    PUBLISH_BARE,
    RETURNED,
    RETURNED_EXPORT,
    RETURNED_SUM,
    STATUS,
    STATUS_AFTER,
    TOOLKIT_EXTRACT,
    TOOLKIT_PUBLISH,
    Job,
    Measure,
    Saved,
    dump,
    load,
    report,
    total,
)

BIN = Path(sys.executable).parent
PEAK = Path(__file__).with_name("peak.py")
RELAY = str(BIN / "relay")
LANGS = ("fr", "ru")
# po4a's options for the corpus's Markdown: its text module, Markdown mode, UTF-8.
PO4A_MARKDOWN = ["-f", "text", "-o", "markdown", "-M", "UTF-8"]
UNIT = re.compile(r"<trans-unit\b.*?</trans-unit>", re.DOTALL)
# A unit's own source, and the target right after it if there is one (each within its tags).
OWN = re.compile(
    r"(<source\b[^>]*>((?:(?!</source>).)*)</source>)"
    r"(?:\s*(<target\b[^>]*>)(?:(?!</target>).)*</target>)?",
    re.DOTALL,
)
TEXT = re.compile(r"(<[^>]+>)")
# The language of the returned file in the everyday work (the steady state awaits it).
RETURNED_LANG = "fr"


def run(command: Sequence[str], cwd: Path, *, check: bool = True) -> Measure:
    """Run one process; give its wall time and peak RSS (its own and its waited workers'),
    as :mod:`peak` measures them: started from a small process, not from this one."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak", encoding="ascii") as measured:
        process = subprocess.run(
            [sys.executable, str(PEAK), measured.name, *command],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        if check and process.returncode not in (0, 1):
            error = process.stderr.decode(errors="replace")
            raise RuntimeError(
                f"{' '.join(command[:3])} exited {process.returncode}: {error[-800:]}"
            )
        seconds, rss_kb = measured.read().split()
    return Measure(float(seconds), int(rss_kb))


def run_many(commands: list[list[str]], cwd: Path, workers: int = 2) -> Measure:
    """Run one process per file, ``workers`` at a time; the wall time of all, the peak RSS."""
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        measures = list(pool.map(lambda command: run(command, cwd), commands))
    return Measure(time.perf_counter() - start, max((m.rss_kb for m in measures), default=0))


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under a folder with its inode, size and modification time: a file written
    in any way (even with the same bytes, or replaced by a rename) shows in one of them."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            status = path.stat()
            found[str(path.relative_to(folder))] = (
                status.st_ino,
                status.st_size,
                status.st_mtime_ns,
            )
    return found


def files_written(before: dict[str, tuple[int, int, int]], folder: Path) -> int:
    after = snapshot(folder)
    return sum(1 for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def copy(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    return target


def same_project(source: Path, folder: Path) -> Path:
    """A copy of a project that relay sees as the same project in the same folder: the same
    folder name (feeds are named after it, so publish keeps its joined texts), and the same
    files, linked rather than copied (their inode is part of what the checks' kept acronym
    shares are stamped with). relay replaces a source, catalog or page with a new file, never
    in place, so a link never changes the original; the cache folder and memory's files,
    which SQLite changes in place, are copied."""
    target = folder / source.name
    if target.exists():
        shutil.rmtree(target)

    def in_place(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        return {
            name
            for name in names
            if (here == source and name == ".relay-cache")
            or (here == source / "locales" and name == "memory")
        }

    shutil.copytree(source, target, symlinks=True, copy_function=os.link, ignore=in_place)
    for inner in (Path(".relay-cache"), Path("locales") / "memory"):
        if (source / inner).is_dir():
            shutil.rmtree(target / inner, ignore_errors=True)
            shutil.copytree(source / inner, target / inner, symlinks=True)
    return target


def translate_xliff(folder: Path) -> None:
    """Stand in for translators: give every unit the translation of its source, markup kept,
    marked translated. Only a unit's own source and target are touched: an export can carry
    memory suggestions (``<alt-trans>``) with sources and targets of their own."""
    for path in sorted(folder.rglob("*.xlf")):
        lang = path.parent.name

        def fill(match: re.Match[str], lang: str = lang) -> str:
            opening = '<target state="translated">'
            if match.group(3):
                opening = re.sub(r'state="[^"]*"', 'state="translated"', match.group(3))
                if "state=" not in opening:
                    opening = opening[:-1] + ' state="translated">'
            body = "".join(
                part if TEXT.fullmatch(part) else corpus.translate_text(part, lang)
                for part in TEXT.split(match.group(2))
            )
            return f"{match.group(1)}{opening}{body}</target>"

        text = UNIT.sub(lambda unit: OWN.sub(fill, unit.group(), count=1), path.read_text("utf-8"))
        path.write_text(text, "utf-8")


def translate_po(folder: Path, lang: str) -> None:
    """Fill every msgstr of translate-toolkit's PO files, HTML markup kept (for po2html)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from translate.storage import pypo

    for path in sorted(folder.glob("*.po")):
        store = pypo.pofile(path.read_bytes())
        for unit in store.units:
            if unit.isheader() or not unit.source:
                continue
            parts = TEXT.split(str(unit.source))
            unit.target = "".join(
                p if TEXT.fullmatch(p) else corpus.translate_text(p, lang) for p in parts
            )
        path.write_bytes(bytes(store))


def ensure_peers() -> None:
    if shutil.which("msgmerge") is None or shutil.which("po4a-updatepo") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "gettext", "po4a"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )


class Bench:
    """One corpus size: its snapshots, and every job measured on them."""

    def __init__(self, root: Path, releases: int, *, peers: bool) -> None:
        self.root = root
        self.releases = releases
        self.peers = peers
        self.base = root / "base"
        self.work = root / "work"
        self.peer_dir = root / "peers"
        corpus.make_project(self.base, releases)
        self.html = sorted(p.name for p in (self.base / "sources").glob("*.html"))
        self.markdown = sorted(p.name for p in (self.base / "sources").glob("*.md"))
        # The release whose French comes back in the everyday work (chosen in _snapshots).
        self.awaited = ""
        self.publishable = False
        self.result = Saved(releases, 0, peers)
        self._snapshots()

    def _snapshots(self) -> None:
        """Make, once and unmeasured, the states each job starts from."""
        extracted = copy(self.base, self.root / "extracted")
        run([RELAY, "-q", "extract"], extracted)
        self.result.units = sum(
            len(re.findall(r"^msgid ", p.read_text("utf-8"), re.M)) - 1
            for p in (extracted / "locales" / "templates").glob("*.pot")
        )
        exported = copy(extracted, self.root / "exported")
        for lang in LANGS:
            run([RELAY, "-q", "export", "--lang", lang, "--format", "xliff"], exported)
        translate_xliff(exported / "outbox")
        # The steady state awaits one release's French: every returned file is imported but
        # a few candidates' French; the first candidate whose translation passes the publish
        # gate is the one awaited (the stand-in translator leaves some releases with errors),
        # so that the returned file's publish publishes it.
        steady = copy(exported, self.root / "steady")
        returned = self._returned(steady)
        candidates = [self._french(index) for index in self._candidates()]
        missing = sorted(set(candidates) - set(returned))
        if missing:
            raise RuntimeError(f"export wrote no {', '.join(missing)}")
        run([RELAY, "-q", "import", *(name for name in returned if name not in candidates)], steady)
        translated = copy(steady, self.root / "translated")
        run([RELAY, "-q", "import", *candidates], translated)
        probe = copy(translated, self.root / "probe")
        awaited = next((name for name in candidates if self._clean(probe, name)), None)
        shutil.rmtree(probe)
        self.awaited = Path(awaited or candidates[0]).stem
        self.publishable = awaited is not None
        gate = "passes" if awaited else "fails (no candidate passed)"
        self.result.notes.append(
            f"returned file: {self.awaited} ({RETURNED_LANG}); its translation {gate} the "
            "publish gate"
        )
        others = [name for name in candidates if Path(name).stem != self.awaited]
        if others:
            run([RELAY, "-q", "import", *others], steady)
        self._settle(steady)
        if self.peers:
            self._peer_snapshots(extracted)

    def _settle(self, project: Path) -> None:
        """Bring a project to a steady state: the whole pipeline run, then run once more."""
        shutil.rmtree(project / "outbox")
        for _ in range(2):
            run([RELAY, "-q", "extract"], project)
            run([RELAY, "-q", "check"], project, check=False)
            run([RELAY, "-q", "publish"], project, check=False)
        run([RELAY, "status"], project, check=False)

    def _peer_snapshots(self, extracted: Path) -> None:
        """The peers' side: relay's HTML releases alone, translate-toolkit's and po4a's files."""
        html_only = self.root / "base-html"
        (html_only / "sources").mkdir(parents=True, exist_ok=True)
        shutil.copy(self.base / "relay.toml", html_only / "relay.toml")
        for name in self.html:
            shutil.copy(self.base / "sources" / name, html_only / "sources" / name)
        # translate-toolkit's side: sources split by format, templates, translated catalogs.
        peers = self.peer_dir
        (peers / "html").mkdir(parents=True, exist_ok=True)
        (peers / "md").mkdir(parents=True, exist_ok=True)
        for name in self.html:
            shutil.copy(self.base / "sources" / name, peers / "html" / name)
        for name in self.markdown:
            shutil.copy(self.base / "sources" / name, peers / "md" / name)
        run([str(BIN / "html2po"), "--progress=none", "-P", "-i", "html", "-o", "pot"], peers)
        for lang in LANGS:
            run([str(BIN / "pot2po"), "--progress=none", "-i", "pot", "-o", f"po-{lang}"], peers)
            translate_po(peers / f"po-{lang}", lang)
        run(self._po4a_updatepo(), peers)
        # po4a-translate takes one document and its own PO: one per Markdown release.
        commands = [
            [
                "po4a-updatepo",
                *PO4A_MARKDOWN,
                "-m",
                f"md/{name}",
                "-p",
                f"md-po-{lang}/{Path(name).stem}.po",
            ]
            for lang in LANGS
            for name in self.markdown
        ]
        for lang in LANGS:
            (peers / f"md-po-{lang}").mkdir(exist_ok=True)
        run_many(commands, peers)
        for lang in LANGS:
            translate_po(peers / f"md-po-{lang}", lang)
        # msgmerge's side of the 1 % edit: the old catalogs, and the templates after the edit.
        edited = copy(extracted, self.root / "edited")
        corpus.edit(edited, self.releases)
        run([RELAY, "-q", "extract"], edited)

    def _clean(self, project: Path, returned: str) -> bool:
        """Whether the release of a returned file has no error in its language (check exits 0)."""
        lang, slug = Path(returned).parent.name, Path(returned).stem
        command = [RELAY, "-q", "check", "--lang", lang, "--release", slug]
        return subprocess.run(command, cwd=project, capture_output=True).returncode == 0

    def _candidates(self) -> list[int]:
        """Up to ten releases from the middle of the corpus on."""
        start = self.releases // 2
        return list(dict.fromkeys((start + step) % self.releases for step in range(10)))

    def _french(self, index: int) -> str:
        return str(Path("outbox", RETURNED_LANG, f"{corpus.make_release(index).slug}.xlf"))

    def _returned(self, project: Path) -> list[str]:
        return [str(p.relative_to(project)) for p in sorted((project / "outbox").rglob("*.xlf"))]

    def _po4a_updatepo(self) -> list[str]:
        masters = [arg for name in self.markdown for arg in ("-m", f"md/{name}")]
        return [
            "po4a-updatepo",
            *PO4A_MARKDOWN,
            *masters,
            "-p",
            "md.pot",
        ]

    def measure(
        self,
        name: str,
        relay: Callable[[], Measure | tuple[Measure, int]],
        peer_name: str = "",
        peer: Callable[[dict[str, Measure]], Measure] | None = None,
    ) -> None:
        """Measure one relay job, then its peer when this size runs the peers."""
        job = self.result.jobs.setdefault(name, Job(name, units=self.result.units))
        measured = relay()
        if isinstance(measured, tuple):
            measured, written = measured
            job.written.append(written)
        job.relay.append(measured)
        if peer is not None and self.peers:
            job.peer_name = peer_name
            parts: dict[str, Measure] = {}
            job.peer.append(peer(parts))
            for part, value in parts.items():
                job.parts.setdefault(part, []).append(value)
        self.save()

    def record(self, name: str, measured: Measure) -> None:
        """Keep a step of a scenario measured as part of it."""
        self.measure(name, lambda: measured)

    def save(self) -> None:
        """Keep every measure so far (``--table`` prints the tables from these files)."""
        (self.root.parent / f"measures-{self.releases}.json").write_text(dump(self.result))

    def round(self) -> None:
        """Measure every job once, each relay job next to its peer."""
        self._whole_corpus()
        self._everyday()

    def _whole_corpus(self) -> None:
        work = self.work

        def cold_extract() -> Measure:
            project = copy(self.base, work)
            return run([RELAY, "-q", "extract"], project)

        self.measure(
            EXTRACT, cold_extract, "html2po + pot2po ×2 + po4a-updatepo", self._peer_extract
        )
        if self.peers:
            # translate-toolkit alone reads the HTML releases: relay on the same ones, beside
            # the toolkit's share of the run just measured.
            toolkit = self.result.jobs[EXTRACT].parts[TOOLKIT_EXTRACT]
            self.measure(
                EXTRACT_HTML,
                lambda: run([RELAY, "-q", "extract"], copy(self.root / "base-html", work)),
                TOOLKIT_EXTRACT,
                lambda parts: toolkit[-1],
            )
        self.measure(EXTRACT_AGAIN, lambda: watched([RELAY, "-q", "extract"], work))

        def edited_extract() -> Measure:
            project = copy(self.root / "extracted", work)
            corpus.edit(project, self.releases)
            return run([RELAY, "-q", "extract"], project)

        self.measure(EDIT, edited_extract, "msgmerge --previous, every catalog", self._peer_merge)

        def export() -> Measure:
            project = copy(self.root / "extracted", work)
            return total(
                [
                    run([RELAY, "-q", "export", "--lang", lang, "--format", "xliff"], project)
                    for lang in LANGS
                ]
            )

        self.measure(EXPORT, export)

        def import_all() -> Measure:
            project = copy(self.root / "exported", work)
            return run([RELAY, "-q", "import", *self._returned(project)], project)

        self.measure(IMPORT, import_all)

        def check() -> Measure:
            # Cold: the findings an earlier run kept are dropped (the segmented sources that
            # extract keeps stay: they are part of the project's state after an extract).
            translated = self.root / "translated"
            shutil.rmtree(translated / ".relay-cache" / "findings", ignore_errors=True)
            return run([RELAY, "-q", "check"], translated, check=False)

        self.measure(CHECK, check, "pofilter (default tests) ×2", self._pofilter)
        self.measure(
            CHECK_AGAIN,
            lambda: watched([RELAY, "-q", "check"], self.root / "translated", check=False),
        )

        def cold_publish() -> Measure:
            project = copy(self.root / "translated", work)
            shutil.rmtree(project / "public", ignore_errors=True)
            (project / ".relay-cache" / "publish-state.json").unlink(missing_ok=True)
            return run([RELAY, "-q", "publish"], project, check=False)

        self.measure(PUBLISH, cold_publish, "po2html ×2 + po4a-translate ×2", self._peer_publish)

        def publish_without_caches() -> Measure:
            project = copy(self.root / "translated", work)
            shutil.rmtree(project / "public", ignore_errors=True)
            shutil.rmtree(project / ".relay-cache", ignore_errors=True)
            return run([RELAY, "-q", "publish"], project, check=False)

        self.measure(PUBLISH_BARE, publish_without_caches)
        # The run with nothing changed follows a publish that kept its state, as in use.
        copy(self.root / "translated", work)
        run([RELAY, "-q", "publish"], work, check=False)
        self.measure(
            PUBLISH_AGAIN,
            lambda: watched([RELAY, "-q", "publish"], work, check=False),
        )

    def _everyday(self) -> None:
        """A coordinator's everyday work, each scenario from a fresh copy of the steady state."""
        steady = self.root / "steady"
        self._new_release(same_project(steady, self.work))
        self._returned_file(same_project(steady, self.work))
        self.measure(STATUS, lambda: watched([RELAY, "status"], steady, check=False))

    def _new_release(self, project: Path) -> None:
        """Release N+1 arrives: extract, check, publish."""
        new = corpus.make_release(self.releases)
        corpus.write_release(project / "sources", new)
        steps = [run([RELAY, "-q", "extract"], project)]
        if not (project / "locales" / "templates" / f"{new.slug}.pot").is_file():
            raise RuntimeError(f"extract made no template for the new release {new.slug}")
        steps += [
            run([RELAY, "-q", command], project, check=False) for command in ("check", "publish")
        ]
        for name, measured in zip(NEW_RELEASE, steps, strict=True):
            self.record(name, measured)
        self.record(NEW_RELEASE_SUM, total(steps))
        self.measure(STATUS_AFTER, lambda: watched([RELAY, "status"], project, check=False))

    def _returned_file(self, project: Path) -> None:
        """The awaited release's French is exported, translated, imported; check, publish."""
        export = [RELAY, "-q", "export", "--lang", RETURNED_LANG, "--format", "xliff"]
        self.record(RETURNED_EXPORT, run([*export, "--release", self.awaited], project))
        returned = project / "outbox" / RETURNED_LANG / f"{self.awaited}.xlf"
        translate_xliff(returned.parent)
        catalog = project / "locales" / RETURNED_LANG / f"{self.awaited}.po"
        before = catalog.read_bytes()
        steps = [run([RELAY, "-q", "import", str(returned.relative_to(project))], project)]
        if catalog.read_bytes() == before:
            raise RuntimeError(f"importing {returned.name} changed nothing in {catalog.name}")
        steps += [
            run([RELAY, "-q", command], project, check=False) for command in ("check", "publish")
        ]
        if self.publishable and not list(
            (project / "public" / RETURNED_LANG).glob(f"{self.awaited}.*")
        ):
            raise RuntimeError(f"publish did not publish the returned release {self.awaited}")
        for name, measured in zip(RETURNED, steps, strict=True):
            self.record(name, measured)
        self.record(RETURNED_SUM, total(steps))

    def _peer_extract(self, parts: dict[str, Measure]) -> Measure:
        peers = self.peer_dir
        for folder in ("pot-run", *(f"po-run-{lang}" for lang in LANGS), "md-run.pot"):
            shutil.rmtree(peers / folder, ignore_errors=True)
            (peers / folder).unlink(missing_ok=True) if (peers / folder).is_file() else None
        steps = [
            run(
                [str(BIN / "html2po"), "--progress=none", "-P", "-i", "html", "-o", "pot-run"],
                peers,
            ),
            *(
                run(
                    [
                        str(BIN / "pot2po"),
                        "--progress=none",
                        "-i",
                        "pot-run",
                        "-o",
                        f"po-run-{lang}",
                    ],
                    peers,
                )
                for lang in LANGS
            ),
            run([*self._po4a_updatepo()[:-1], "md-run.pot"], peers),
        ]
        parts[TOOLKIT_EXTRACT] = total(steps[:-1])
        parts["po4a-updatepo"] = steps[-1]
        return total(steps)

    def _peer_merge(self, parts: dict[str, Measure]) -> Measure:
        edited = self.root / "edited"
        out = self.root / "merged"
        shutil.rmtree(out, ignore_errors=True)
        commands = []
        for lang in LANGS:
            (out / lang).mkdir(parents=True)
            for pot in sorted((edited / "locales" / "templates").glob("*.pot")):
                old = self.root / "extracted" / "locales" / lang / f"{pot.stem}.po"
                commands.append(
                    [
                        "msgmerge",
                        "-q",
                        "--previous",
                        "-o",
                        str(out / lang / old.name),
                        str(old),
                        str(pot),
                    ]
                )
        return run_many(commands, self.root)

    def _pofilter(self, parts: dict[str, Measure]) -> Measure:
        translated = self.root / "translated"
        return total(
            [
                run(
                    [
                        str(BIN / "pofilter"),
                        "--progress=none",
                        "-i",
                        f"locales/{lang}",
                        "-o",
                        str(self.root / f"pofilter-{lang}"),
                    ],
                    translated,
                )
                for lang in LANGS
            ]
        )

    def _peer_publish(self, parts: dict[str, Measure]) -> Measure:
        peers = self.peer_dir
        steps = []
        for lang in LANGS:
            shutil.rmtree(peers / f"out-{lang}", ignore_errors=True)
            steps.append(
                run(
                    [
                        str(BIN / "po2html"),
                        "--progress=none",
                        "-t",
                        "html",
                        "-i",
                        f"po-{lang}",
                        "-o",
                        f"out-{lang}",
                    ],
                    peers,
                )
            )
            (peers / f"out-md-{lang}").mkdir(exist_ok=True)
            commands = [
                [
                    "po4a-translate",
                    *PO4A_MARKDOWN,
                    "-m",
                    f"md/{name}",
                    "-p",
                    f"md-po-{lang}/{Path(name).stem}.po",
                    "-k",
                    "0",
                    "-l",
                    f"out-md-{lang}/{name}",
                ]
                for name in self.markdown
            ]
            steps.append(run_many(commands, peers))
        parts[TOOLKIT_PUBLISH] = total(steps[0::2])
        parts["po4a-translate ×2"] = total(steps[1::2])
        return total(steps)


def watched(command: Sequence[str], cwd: Path, *, check: bool = True) -> tuple[Measure, int]:
    """Run a command and count the files it wrote anywhere in the project (its caches too)."""
    before = snapshot(cwd)
    measured = run(command, cwd, check=check)
    return measured, files_written(before, cwd)


def machine() -> str:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()[:14]
    return "\n".join(
        [
            f"nproc: {os.cpu_count()}, Python {platform.python_version()}, "
            f"load average before: {os.getloadavg()[0]:.2f}",
            *cpu,
        ]
    )


def compile_relay() -> str:
    """Byte-compile the relay under test, as installing a package does, and say so.

    The peers are installed packages, compiled when pip installed them; relay in a checkout
    (an editable install, or ``PYTHONPATH`` naming a snapshot) is compiled when imported, and
    where ``PYTHONDONTWRITEBYTECODE`` is set (this machine's default) never kept: every
    command would compile its 60-odd modules again, about 0.2 s that no installed relay pays.
    """
    import compileall

    import relay

    folder = Path(relay.__file__).parent
    compileall.compile_dir(folder, quiet=1, workers=0)
    return f"relay under test: {folder} (byte-compiled, as an installed package is)"


def native_relay() -> str:
    """Whether the relay under test runs mypyc-compiled modules, asked of a relay process
    started as the measured ones are (this interpreter, environment and ``PYTHONPATH``): a
    snapshot's tree may have no build, or one stale for its sources, and ``RELAY_PURE=1``
    turns the build off."""
    code = "import relay; print(*getattr(relay, 'compiled', tuple)())"
    names = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    if not names:
        return "relay's modules: pure Python (none compiled for these sources, or RELAY_PURE=1)"
    short = ", ".join(name.removeprefix("relay.") for name in names)
    return f"relay's modules: {len(names)} compiled with mypyc ({short})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true", help="measure relay's jobs only")
    parser.add_argument(
        "--peers-up-to", type=int, metavar="N", help="run the peers only at sizes up to N"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--table", type=Path, nargs="+", help="print the tables of saved runs")
    arguments = parser.parse_args()
    if arguments.table:
        print(report(sorted((load(path) for path in arguments.table), key=lambda s: s.releases)))
        return
    sizes = sorted(set(arguments.sizes))

    def with_peers(size: int) -> bool:
        limit = arguments.peers_up_to
        return not arguments.no_peers and (limit is None or size <= limit)

    if any(with_peers(size) for size in sizes):
        ensure_peers()
    root = arguments.keep or Path(tempfile.mkdtemp(prefix="relay-bench-"))
    try:
        print(machine(), flush=True)
        print(compile_relay(), flush=True)
        print(native_relay(), flush=True)
        benches = []
        for size in sizes:
            started = time.perf_counter()
            bench = Bench(root / f"n{size}", size, peers=with_peers(size))
            for number in range(arguments.runs):
                bench.round()
                print(f"N={size}: run {number + 1} done", flush=True)
            benches.append(bench.result)
            print(
                f"N={size}: {bench.result.units:,} units, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        print(f"\nload average after: {os.getloadavg()[0]:.2f}\n")
        print(report(benches))
    finally:
        if arguments.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"measures kept in {root}/measures-*.json", flush=True)


if __name__ == "__main__":
    main()
