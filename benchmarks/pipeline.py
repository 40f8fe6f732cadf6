"""relay against its peers on the same corpus: wall time, peak memory, and growth with N.

Run from the project root: ``.venv/bin/python benchmarks/pipeline.py`` (N = 200 and 2,000
releases, 2 languages, median of 3 runs; ``--sizes 50 --runs 1`` for a quick look). It writes a
corpus with :mod:`corpus` into a temporary folder, then, for each size, runs every relay job and
the peer doing the nearest equivalent work one after the other, run after run, so that both
see the same machine load, and prints one Markdown table.

relay's jobs: cold ``extract``; ``extract`` with nothing changed; ``extract`` after editing 1 %
of the releases; ``export --format xliff`` (both languages); ``import`` of every returned file
(translated by :func:`corpus.translate_text`); ``check``; cold ``publish``; ``publish`` with
nothing changed. The peers, installed when absent (translate-toolkit comes with relay; po4a
from Debian; GNU gettext): ``html2po`` (directory mode) and ``pot2po`` on the HTML releases
and ``po4a-updatepo`` on the Markdown ones for extract; ``po2html`` and ``po4a-translate`` for
publish; ``msgmerge`` on every updated template for the 1 % edit; ``pofilter`` (default tests)
for check. Peers that work one file at a time run two files at once, on the two cores.

Every command runs as a process of its own; its peak RSS is the largest of the process and
the workers it waited for. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

BIN = Path(sys.executable).parent
RELAY = str(BIN / "relay")
LANGS = ("fr", "ru")
# po4a's options for the corpus's Markdown: its text module, Markdown mode, UTF-8.
PO4A_MARKDOWN = ["-f", "text", "-o", "markdown", "-M", "UTF-8"]
TOOLKIT_EXTRACT = "html2po + pot2po ×2"
TOOLKIT_PUBLISH = "po2html ×2"
TARGET = re.compile(r"(<target[^>]*>)(.*?)(</target>)", re.DOTALL)
TEXT = re.compile(r"(<[^>]+>)")


@dataclass
class Measure:
    seconds: float
    rss_kb: int


@dataclass
class Job:
    name: str
    relay: list[Measure] = field(default_factory=list)
    peer_name: str = ""
    peer: list[Measure] = field(default_factory=list)
    units: int = 0
    # The peer's steps measured on their own (translate-toolkit's and po4a's share).
    parts: dict[str, list[Measure]] = field(default_factory=dict)
    # Files the relay command created, replaced or deleted, per run (None: not watched).
    written: list[int] = field(default_factory=list)


def run(command: Sequence[str], cwd: Path, *, check: bool = True) -> Measure:
    """Run one process; give its wall time and peak RSS (its own and its waited workers')."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if check and process.returncode not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{' '.join(command[:3])} exited {process.returncode}: {error[-800:]}")
    if process.stderr:
        process.stderr.close()
    return Measure(seconds, usage.ru_maxrss)


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


def translate_xliff(folder: Path) -> None:
    """Stand in for translators: fill every XLIFF target, markup kept, and mark it translated."""
    for path in sorted(folder.rglob("*.xlf")):
        lang = path.parent.name
        text = path.read_text("utf-8")

        def fill(match: re.Match[str], lang: str = lang) -> str:
            opening = re.sub(r'state="[^"]*"', 'state="translated"', match.group(1))
            parts = TEXT.split(match.group(2))
            body = "".join(
                part if TEXT.fullmatch(part) else corpus.translate_text(part, lang)
                for part in parts
            )
            return opening + body + match.group(3)

        text = re.sub(
            r"<source>(.*?)</source>(?!\s*<target)",
            lambda m: f'{m.group(0)}<target state="translated">{m.group(1)}</target>',
            text,
            flags=re.DOTALL,
        )
        path.write_text(TARGET.sub(fill, text), "utf-8")


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

    def __init__(self, root: Path, releases: int) -> None:
        self.root = root
        self.releases = releases
        self.base = root / "base"
        corpus.make_project(self.base, releases)
        self.html = sorted(p.name for p in (self.base / "sources").glob("*.html"))
        self.markdown = sorted(p.name for p in (self.base / "sources").glob("*.md"))
        self.jobs: dict[str, Job] = {}
        self._snapshots()

    def _snapshots(self) -> None:
        """Make, once and unmeasured, the states each job starts from."""
        extracted = copy(self.base, self.root / "extracted")
        run([RELAY, "-q", "extract"], extracted)
        self.units = sum(
            len(re.findall(r"^msgid ", p.read_text("utf-8"), re.M)) - 1
            for p in (extracted / "locales" / "templates").glob("*.pot")
        )
        exported = copy(extracted, self.root / "exported")
        for lang in LANGS:
            run([RELAY, "-q", "export", "--lang", lang, "--format", "xliff"], exported)
        translate_xliff(exported / "outbox")
        translated = copy(exported, self.root / "translated")
        run([RELAY, "-q", "import", *self._returned(translated)], translated)
        # translate-toolkit's side: sources split by format, templates, translated catalogs.
        peers = self.root / "peers"
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
        job = self.jobs.setdefault(name, Job(name, peer_name=peer_name, units=self.units))
        measured = relay()
        if isinstance(measured, tuple):
            measured, written = measured
            job.written.append(written)
        job.relay.append(measured)
        if peer is not None:
            parts: dict[str, Measure] = {}
            job.peer.append(peer(parts))
            for part, value in parts.items():
                job.parts.setdefault(part, []).append(value)
        self.save()

    def save(self) -> None:
        """Keep every measure so far (``--table`` prints the table from these files)."""
        data = {
            "releases": self.releases,
            "units": self.units,
            "jobs": [
                {
                    "name": job.name,
                    "peer_name": job.peer_name,
                    "relay": [[m.seconds, m.rss_kb] for m in job.relay],
                    "peer": [[m.seconds, m.rss_kb] for m in job.peer],
                    "parts": {
                        part: [[m.seconds, m.rss_kb] for m in measures]
                        for part, measures in job.parts.items()
                    },
                    "written": job.written,
                }
                for job in self.jobs.values()
            ],
        }
        (self.root.parent / f"measures-{self.releases}.json").write_text(json.dumps(data))

    def round(self) -> None:
        """Measure every job once, each relay job next to its peer."""
        work = self.root / "work"
        peers = self.root / "peers"

        def cold_extract() -> Measure:
            project = copy(self.base, work)
            return run([RELAY, "-q", "extract"], project)

        def peer_extract(parts: dict[str, Measure]) -> Measure:
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
            parts[TOOLKIT_EXTRACT] = _sum(steps[:-1])
            parts["po4a-updatepo"] = steps[-1]
            return _sum(steps)

        self.measure(
            "extract, cold", cold_extract, "html2po + pot2po ×2 + po4a-updatepo", peer_extract
        )
        self.measure("extract, nothing changed", lambda: watched([RELAY, "-q", "extract"], work))

        def edited_extract() -> Measure:
            project = copy(self.root / "extracted", work)
            corpus.edit(project, self.releases)
            return run([RELAY, "-q", "extract"], project)

        def peer_merge(parts: dict[str, Measure]) -> Measure:
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

        self.measure(
            "extract after editing 1 %",
            edited_extract,
            "msgmerge --previous, every catalog",
            peer_merge,
        )

        def export() -> Measure:
            project = copy(self.root / "extracted", work)
            return _sum(
                [
                    run([RELAY, "-q", "export", "--lang", lang, "--format", "xliff"], project)
                    for lang in LANGS
                ]
            )

        self.measure("export --format xliff (×2 languages)", export)

        def import_all() -> Measure:
            project = copy(self.root / "exported", work)
            return run([RELAY, "-q", "import", *self._returned(project)], project)

        self.measure("import every returned file", import_all)

        def check() -> Measure:
            # Cold: the findings an earlier run kept are dropped (the segmented sources that
            # extract keeps stay: they are part of the project's state after an extract).
            translated = self.root / "translated"
            shutil.rmtree(translated / ".relay-cache" / "findings", ignore_errors=True)
            return run([RELAY, "-q", "check"], translated, check=False)

        def pofilter(parts: dict[str, Measure]) -> Measure:
            translated = self.root / "translated"
            return _sum(
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

        self.measure("check", check, "pofilter (default tests) ×2", pofilter)
        self.measure(
            "check, nothing changed",
            lambda: watched([RELAY, "-q", "check"], self.root / "translated", check=False),
        )

        def cold_publish() -> Measure:
            project = copy(self.root / "translated", work)
            shutil.rmtree(project / "public", ignore_errors=True)
            (project / ".relay-cache" / "publish-state.json").unlink(missing_ok=True)
            return run([RELAY, "-q", "publish"], project, check=False)

        def peer_publish(parts: dict[str, Measure]) -> Measure:
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
            parts[TOOLKIT_PUBLISH] = _sum(steps[0::2])
            parts["po4a-translate ×2"] = _sum(steps[1::2])
            return _sum(steps)

        self.measure(
            "publish, cold (after check)",
            cold_publish,
            "po2html ×2 + po4a-translate ×2",
            peer_publish,
        )

        def publish_without_caches() -> Measure:
            project = copy(self.root / "translated", work)
            shutil.rmtree(project / "public", ignore_errors=True)
            shutil.rmtree(project / ".relay-cache", ignore_errors=True)
            return run([RELAY, "-q", "publish"], project, check=False)

        self.measure("publish, cold, no caches at all", publish_without_caches)
        # The run with nothing changed follows a publish that kept its state, as in use.
        copy(self.root / "translated", work)
        run([RELAY, "-q", "publish"], work, check=False)
        self.measure(
            "publish, nothing changed",
            lambda: watched([RELAY, "-q", "publish"], work, check=False),
        )


def watched(command: Sequence[str], cwd: Path, *, check: bool = True) -> tuple[Measure, int]:
    """Run a command and count the files it wrote anywhere in the project (its caches too)."""
    before = snapshot(cwd)
    measured = run(command, cwd, check=check)
    return measured, files_written(before, cwd)


def _sum(measures: list[Measure]) -> Measure:
    return Measure(sum(m.seconds for m in measures), max(m.rss_kb for m in measures))


def median(measures: list[Measure]) -> Measure:
    return Measure(
        statistics.median(m.seconds for m in measures),
        int(statistics.median(m.rss_kb for m in measures)),
    )


@dataclass
class Saved:
    """A size's measures, read back from its file."""

    releases: int
    units: int
    jobs: dict[str, Job]


def load(path: Path) -> Saved:
    data = json.loads(path.read_text())
    jobs = {
        job["name"]: Job(
            job["name"],
            [Measure(*m) for m in job["relay"]],
            job["peer_name"],
            [Measure(*m) for m in job["peer"]],
            data["units"],
            {part: [Measure(*m) for m in ms] for part, ms in job.get("parts", {}).items()},
            job.get("written", []),
        )
        for job in data["jobs"]
    }
    return Saved(data["releases"], data["units"], jobs)


def table(benches: Sequence[Bench | Saved]) -> str:
    small, large = benches[0], benches[-1]
    lines = [
        f"| job | relay N={small.releases} | relay N={large.releases} | growth | peer job | "
        f"peer N={small.releases} | peer N={large.releases} | peer growth | "
        f"peer ÷ relay (N={large.releases}) | relay units/s | relay peak RSS | runs |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, job in large.jobs.items():
        first = small.jobs.get(name)
        if first is None or not job.relay:
            continue
        relay_small, relay_large = median(first.relay), median(job.relay)
        row = [
            name,
            f"{relay_small.seconds:.2f} s",
            f"{relay_large.seconds:.2f} s",
            f"{relay_large.seconds / relay_small.seconds:.1f}×",
        ]
        if job.peer:
            peer_small, peer_large = median(first.peer), median(job.peer)
            row += [
                job.peer_name,
                f"{peer_small.seconds:.2f} s",
                f"{peer_large.seconds:.2f} s",
                f"{peer_large.seconds / peer_small.seconds:.1f}×",
                f"{peer_large.seconds / relay_large.seconds:.2f}",
            ]
        else:
            row += ["", "", "", "", ""]
        row += [
            f"{job.units / relay_large.seconds:,.0f}",
            f"{relay_large.rss_kb / 1024:.0f} MB (N={small.releases}: "
            f"{relay_small.rss_kb / 1024:.0f} MB)",
            f"{len(first.relay)} / {len(job.relay)}",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _seconds(measures: list[Measure]) -> list[float]:
    return [m.seconds for m in measures]


def _add(first: list[Measure], second: list[Measure]) -> list[float]:
    """Two jobs' times added run by run."""
    return [a + b for a, b in zip(_seconds(first), _seconds(second), strict=True)]


def _per_run(first: list[float], second: list[float]) -> float:
    """The median over runs of first ÷ second, each ratio within one run (same load)."""
    return statistics.median(a / b for a, b in zip(first, second, strict=False))


def targets(benches: Sequence[Bench | Saved]) -> str:
    """Hold the measures against the performance targets; say which are met."""
    small, large = benches[0], benches[-1]
    jobs = large.jobs
    lines = [f"Targets at N={large.releases} (ratios: median over runs of the ratio in a run)"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    extract, publish = jobs["extract, cold"], jobs["publish, cold (after check)"]
    bare = jobs.get("publish, cold, no caches at all")
    relay_both = _add(extract.relay, publish.relay)
    if TOOLKIT_EXTRACT in extract.parts and TOOLKIT_PUBLISH in publish.parts:
        toolkit = _add(extract.parts[TOOLKIT_EXTRACT], publish.parts[TOOLKIT_PUBLISH])
        ratio = _per_run(toolkit, relay_both)
        lines.append(
            f"- cold extract + publish, all {large.releases} releases, vs translate-toolkit "
            f"html2po + pot2po + po2html on the HTML three quarters only: {ratio:.2f}× "
            f"faster (target 2×): {verdict(ratio >= 2)}"
        )
    everything = _add(extract.peer, publish.peer)
    ratio = _per_run(everything, relay_both)
    lines.append(
        f"- cold extract + publish vs every peer on the whole corpus (translate-toolkit and "
        f"po4a): {ratio:.2f}× faster (target 2×): {verdict(ratio >= 2)}"
    )
    if bare is not None:
        ratio = _per_run(everything, _add(extract.relay, bare.relay))
        lines.append(
            f"- the same with publish keeping nothing from check or extract: {ratio:.2f}× "
            f"faster: {verdict(ratio >= 2)}"
        )
    check = jobs["check"]
    ratio = _per_run(_seconds(check.peer), _seconds(check.relay))
    lines.append(f"- check vs pofilter: {ratio:.2f}× faster (target 2×): {verdict(ratio >= 2)}")
    for cold, again in (("extract, cold", "extract, nothing changed"),
                        ("publish, cold, no caches at all", "publish, nothing changed"),
                        ("check", "check, nothing changed")):  # fmt: skip
        share = _per_run(_seconds(jobs[again].relay), _seconds(jobs[cold].relay))
        written = max(jobs[again].written, default=-1)
        lines.append(
            f"- {again}: {100 * share:.1f} % of the cold run (target < 5 %), "
            f"{written} files written (target 0): {verdict(share < 0.05 and written == 0)}"
        )
    edit = jobs["extract after editing 1 %"]
    edited = max(1, round(large.releases * 0.01))
    share = _per_run(_seconds(edit.relay), _seconds(extract.relay))
    lines.append(
        f"- extract after editing 1 % ({edited} releases): {100 * share:.1f} % of the cold "
        f"run; {median(edit.relay).seconds:.2f} s at N={large.releases} against "
        f"{median(small.jobs['extract after editing 1 %'].relay).seconds:.2f} s for "
        f"{max(1, round(small.releases * 0.01))} releases at N={small.releases}"
    )
    worst_growth, worst_job = 0.0, ""
    for name, job in jobs.items():
        first = small.jobs.get(name)
        if first is None or not job.relay or "nothing changed" in name:
            continue
        growth = median(job.relay).seconds / median(first.relay).seconds
        if growth > worst_growth:
            worst_growth, worst_job = growth, name
    size = large.releases / small.releases
    lines.append(
        f"- growth N={small.releases} → N={large.releases} ({size:.0f}× the releases): at most "
        f"{worst_growth:.1f}× ({worst_job}; target ≤ {1.1 * size:.0f}×): "
        f"{verdict(worst_growth <= 1.1 * size)}"
    )
    rss = max((median(job.relay).rss_kb, name) for name, job in jobs.items())
    lines.append(
        f"- peak RSS at N={large.releases}: at most {rss[0] / 1024:.0f} MB ({rss[1]}; "
        f"target < 200 MB): {verdict(rss[0] < 200 * 1024)}"
    )
    return "\n".join(lines)


def parts_table(benches: Sequence[Bench | Saved]) -> str:
    """The peers' steps on their own: translate-toolkit's share and po4a's."""
    lines = ["| peer step | " + " | ".join(f"N={b.releases}" for b in benches) + " |",
             "|---|" + "---:|" * len(benches)]  # fmt: skip
    names = dict.fromkeys(part for b in benches for job in b.jobs.values() for part in job.parts)
    for part in names:
        cells = []
        for bench in benches:
            found = [job.parts[part] for job in bench.jobs.values() if part in job.parts]
            cells.append(f"{median(found[0]).seconds:.2f} s" if found else "")
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()[:14]
    return "\n".join(
        [
            f"nproc: {os.cpu_count()}, Python {platform.python_version()}, "
            f"load average before: {os.getloadavg()[0]:.2f}",
            *cpu,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--table", type=Path, nargs="+", help="print the table of saved runs")
    arguments = parser.parse_args()
    if arguments.table:
        saved = [load(path) for path in arguments.table]
        print(table(saved), parts_table(saved), targets(saved), sep="\n\n")
        return
    ensure_peers()
    root = arguments.keep or Path(tempfile.mkdtemp(prefix="relay-bench-"))
    try:
        print(machine(), flush=True)
        benches = []
        for size in arguments.sizes:
            started = time.perf_counter()
            bench = Bench(root / f"n{size}", size)
            for number in range(arguments.runs):
                bench.round()
                print(f"N={size}: run {number + 1} done", flush=True)
            benches.append(bench)
            print(
                f"N={size}: {bench.units:,} units, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        print(f"\nload average after: {os.getloadavg()[0]:.2f}\n")
        print(table(benches), parts_table(benches), targets(benches), sep="\n\n")
    finally:
        if arguments.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"measures kept in {root}/measures-*.json", flush=True)


if __name__ == "__main__":
    main()
