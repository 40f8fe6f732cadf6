"""What ``benchmarks/pipeline.py`` measured, as tables and targets.

Takes the measures of each corpus size (a :class:`Saved` per size: from a run, or read back with
:func:`load` from the ``measures-N.json`` files a run keeps) and gives Markdown text: for each
size, every job with relay and its peer side by side; the growth of every job from one size to
the next; the peers' steps on their own; and one line per target of issue #18 with met or
NOT MET at each size (or "not measured" where a size ran without peers or a saved file predates
a job).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The jobs, by the names the measures files are keyed by.
EXTRACT = "extract, cold"
EXTRACT_HTML = "extract, cold, HTML releases only"
EXTRACT_AGAIN = "extract, nothing changed"
EDIT = "extract after editing 1 %"
EXPORT = "export --format xliff (×2 languages)"
IMPORT = "import every returned file"
CHECK = "check"
CHECK_AGAIN = "check, nothing changed"
PUBLISH = "publish, cold (after check)"
PUBLISH_BARE = "publish, cold, no caches at all"
PUBLISH_AGAIN = "publish, nothing changed"
NEW_RELEASE = ("one new release: extract", "one new release: check", "one new release: publish")
NEW_RELEASE_SUM = "one new release: extract + check + publish"
RETURNED_EXPORT = "one returned file: export it (not in the sum)"
RETURNED = ("one returned file: import", "one returned file: check", "one returned file: publish")
RETURNED_SUM = "one returned file: import + check + publish"
STATUS = "status, nothing changed"
# The status a coordinator asks for once the new release is published (the issue's "status
# after one new release arrives"): what it kept no longer holds, for one release.
STATUS_AFTER = "one new release: status after it"
# Work a coordinator does many times a day: it should barely grow with the archive.
EVERYDAY = frozenset(
    {
        EXTRACT_AGAIN,
        CHECK_AGAIN,
        PUBLISH_AGAIN,
        *NEW_RELEASE,
        NEW_RELEASE_SUM,
        RETURNED_EXPORT,
        *RETURNED,
        RETURNED_SUM,
        STATUS,
        STATUS_AFTER,
    }
)
# The jobs measured beside a peer when a size runs the peers.
WITH_PEER = frozenset({EXTRACT, EXTRACT_HTML, EDIT, CHECK, PUBLISH})
# The peers' steps kept on their own (translate-toolkit's share of a job).
TOOLKIT_EXTRACT = "html2po + pot2po ×2"
TOOLKIT_PUBLISH = "po2html ×2"

# The targets.
FASTER = 2.0  # cold jobs: relay at least this many times as fast as the peers
SHARE_AGAIN = 0.05  # a run with nothing changed: under this share of the cold run
EVERYDAY_SIZE = 2000  # everyday work: up to this many releases ...
EVERYDAY_SECONDS = 2.0  # ... a scenario in all takes under this (status: STATUS_SECONDS) ...
STATUS_SECONDS = 1.0
EVERYDAY_LARGE_SECONDS = 5.0  # ... and above it (the 20,000), under this each
LINEAR_SLACK = 1.1  # cold jobs: time ratio at most this × the size ratio
FLAT_PER_DECADE = 2.0  # everyday jobs "nearly flat": at most 2× for 10× the releases
RSS_MB = 200
RSS_FLAT = 1.25  # peak memory "flat": each job's peak at the largest size ≤ 1.25× the smallest's


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
    # Files the relay command created, replaced or deleted, per run (empty: not watched).
    written: list[int] = field(default_factory=list)


@dataclass
class Saved:
    """One corpus size: its units, whether its peers ran, and every job measured on it."""

    releases: int
    units: int
    peers: bool
    jobs: dict[str, Job] = field(default_factory=dict)
    # What a reader of the figures should know about this size's run.
    notes: list[str] = field(default_factory=list)


def dump(saved: Saved) -> str:
    data = {
        "releases": saved.releases,
        "units": saved.units,
        "peers": saved.peers,
        "notes": saved.notes,
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
            for job in saved.jobs.values()
        ],
    }
    return json.dumps(data)


def load(path: Path) -> Saved:
    """Read a size's measures back (files from before a job existed simply lack it)."""
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
    peers = data.get("peers", any(job.peer for job in jobs.values()))
    return Saved(data["releases"], data["units"], peers, jobs, data.get("notes", []))


def total(measures: Sequence[Measure]) -> Measure:
    """Steps run one after the other: their times added, the largest peak."""
    return Measure(sum(m.seconds for m in measures), max(m.rss_kb for m in measures))


def median(measures: Sequence[Measure]) -> Measure:
    return Measure(
        statistics.median(m.seconds for m in measures),
        int(statistics.median(m.rss_kb for m in measures)),
    )


def _seconds(measures: Sequence[Measure]) -> list[float]:
    return [m.seconds for m in measures]


def _per_run(first: list[float], second: list[float]) -> float:
    """The median over runs of first ÷ second, each ratio within one run (same load)."""
    return statistics.median(a / b for a, b in zip(first, second, strict=False))


def _mb(rss_kb: int) -> str:
    return f"{rss_kb / 1024:.0f} MB"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _runs(saved: Saved) -> int:
    return max((len(job.relay) for job in saved.jobs.values()), default=0)


def side_by_side(saved: Saved) -> str:
    """One size: every job, relay and its peer side by side (medians over the runs)."""
    peers = "with peers" if saved.peers else "peers not measured"
    lines = [
        f"N={saved.releases}: {saved.units:,} units, {_runs(saved)} run(s), {peers}"
        + "".join(f"; {note}" for note in saved.notes),
        "",
        "| job | relay | relay peak RSS | peer job | peer | peer peak RSS | relay is | "
        "files written |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for job in saved.jobs.values():
        if not job.relay:
            continue
        relay = median(job.relay)
        row = [job.name, f"{relay.seconds:.2f} s", _mb(relay.rss_kb)]
        if job.peer:
            peer = median(job.peer)
            ratio = _per_run(_seconds(job.peer), _seconds(job.relay))
            row += [job.peer_name, f"{peer.seconds:.2f} s", _mb(peer.rss_kb), f"{ratio:.2f}×"]
        elif job.name in WITH_PEER:
            row += ["not measured", "", "", ""]
        else:
            row += ["", "", "", ""]
        row.append(str(max(job.written)) if job.written else "")
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append(
        '"relay is": how many times as fast as the peer (the median over runs of peer ÷ relay '
        'within a run); "files written": files a run with nothing changed created, replaced '
        "or deleted anywhere in the project (largest over runs)."
    )
    return "\n".join(lines)


def growth(benches: Sequence[Saved]) -> str:
    """Every job's relay time at each size, its growth from one size to the next, its peak RSS."""
    names = list(dict.fromkeys(name for bench in benches for name in bench.jobs))
    steps = list(itertools.pairwise(benches))
    header = ["job", "kind", *(f"N={b.releases}" for b in benches)]
    header += [
        f"growth {a.releases}→{b.releases} ({b.releases / a.releases:.0f}×)" for a, b in steps
    ]
    header.append("peak RSS " + " / ".join(f"N={b.releases}" for b in benches))
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|---|" + "---:|" * (len(benches) + len(steps)) + "---:|",
    ]
    for name in names:
        found = [bench.jobs.get(name) for bench in benches]
        times = [median(job.relay) if job and job.relay else None for job in found]
        row = [name, "everyday" if name in EVERYDAY else "whole corpus"]
        row += [f"{t.seconds:.2f} s" if t else "" for t in times]
        row += [
            f"{b.seconds / a.seconds:.1f}×" if a and b else "" for a, b in itertools.pairwise(times)
        ]
        row.append(" / ".join(f"{t.rss_kb / 1024:.0f}" if t else "–" for t in times) + " MB")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def parts_table(benches: Sequence[Saved]) -> str:
    """The peers' steps on their own: translate-toolkit's share and po4a's."""
    lines = ["| peer step | " + " | ".join(f"N={b.releases}" for b in benches) + " |",
             "|---|" + "---:|" * len(benches)]  # fmt: skip
    names = dict.fromkeys(part for b in benches for job in b.jobs.values() for part in job.parts)
    for part in names:
        cells = []
        for bench in benches:
            found = [job.parts[part] for job in bench.jobs.values() if part in job.parts]
            cells.append(f"{median(found[0]).seconds:.2f} s" if found else "not measured")
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _faster(
    bench: Saved, relay_name: str, peer_of: Callable[[Saved], list[Measure]], *, judged: bool
) -> str:
    """relay's job against a peer at one size: the ratio, both medians, the verdict."""
    job = bench.jobs.get(relay_name)
    peer = peer_of(bench)
    if job is None or not job.relay or not peer:
        return "not measured"
    ratio = _per_run(_seconds(peer), _seconds(job.relay))
    text = (
        f"{ratio:.2f}× (relay {median(job.relay).seconds:.2f} s, peer {median(peer).seconds:.2f} s)"
    )
    return f"{text}: {_verdict(ratio >= FASTER)}" if judged else text


def _peer(name: str) -> Callable[[Saved], list[Measure]]:
    def peer_of(bench: Saved) -> list[Measure]:
        job = bench.jobs.get(name)
        return job.peer if job else []

    return peer_of


def _part(name: str, part: str) -> Callable[[Saved], list[Measure]]:
    def part_of(bench: Saved) -> list[Measure]:
        job = bench.jobs.get(name)
        return job.parts.get(part, []) if job else []

    return part_of


def _again(bench: Saved, again: str, cold: str) -> str:
    """A run with nothing changed against the cold run, and the files it wrote."""
    first, second = bench.jobs.get(cold), bench.jobs.get(again)
    if not first or not second or not first.relay or not second.relay:
        return "not measured"
    share = _per_run(_seconds(second.relay), _seconds(first.relay))
    written = max(second.written, default=-1)
    return (
        f"{100 * share:.1f} % ({median(second.relay).seconds:.2f} s), {written} files: "
        f"{_verdict(share < SHARE_AGAIN and written == 0)}"
    )


def _edit(bench: Saved) -> str:
    edit, cold = bench.jobs.get(EDIT), bench.jobs.get(EXTRACT)
    if not edit or not cold or not edit.relay or not cold.relay:
        return "not measured"
    share = _per_run(_seconds(edit.relay), _seconds(cold.relay))
    edited = max(1, round(bench.releases * 0.01))
    return (
        f"{median(edit.relay).seconds:.2f} s for {edited} edited release{'s' * (edited > 1)} "
        f"({100 * share:.1f} % of the cold run)"
    )


def _limit(bench: Saved, small: float) -> float:
    return small if bench.releases <= EVERYDAY_SIZE else EVERYDAY_LARGE_SECONDS


def _scenario(bench: Saved, whole: str, steps: Sequence[str], before: str = "") -> str:
    """An everyday scenario at one size: its time in all against the limit, each step's time."""
    job = bench.jobs.get(whole)
    if job is None or not job.relay:
        return "not measured"
    measured = median(job.relay)
    limit = _limit(bench, EVERYDAY_SECONDS)
    each = ", ".join(
        f"{name.split(': ')[1]} {median(bench.jobs[name].relay).seconds:.2f} s"
        for name in steps
        if name in bench.jobs
    )
    if before in bench.jobs:
        each += f"; {before.split(': ')[1]} {median(bench.jobs[before].relay).seconds:.2f} s"
    return (
        f"{measured.seconds:.2f} s ({each}; peak {_mb(measured.rss_kb)}), target < {limit:.0f} s: "
        f"{_verdict(measured.seconds < limit)}"
    )


def _status(bench: Saved, name: str = STATUS) -> str:
    job = bench.jobs.get(name)
    if job is None or not job.relay:
        return "not measured"
    measured = median(job.relay)
    limit = _limit(bench, STATUS_SECONDS)
    written = max(job.written, default=-1)
    return (
        f"{measured.seconds:.2f} s ({_mb(measured.rss_kb)}, {written} files written), "
        f"target < {limit:.0f} s: {_verdict(measured.seconds < limit)}"
    )


def _growth_step(first: Saved, second: Saved, *, everyday: bool) -> str:
    """The job that grew most from one size to the next, among the everyday or the others."""
    size = second.releases / first.releases
    limit = FLAT_PER_DECADE ** math.log10(size) if everyday else LINEAR_SLACK * size
    worst, worst_name = 0.0, ""
    for name, job in second.jobs.items():
        before = first.jobs.get(name)
        if (name in EVERYDAY) != everyday or not before or not before.relay or not job.relay:
            continue
        ratio = median(job.relay).seconds / median(before.relay).seconds
        if ratio > worst:
            worst, worst_name = ratio, name
    step = f"N={first.releases}→{second.releases} ({size:.0f}×)"
    if not worst_name:
        return f"{step}: not measured"
    return (
        f"{step}: at most {worst:.2f}× ({worst_name}), target ≤ {limit:.2f}×: "
        f"{_verdict(worst <= limit)}"
    )


def _peak(bench: Saved) -> tuple[int, str]:
    """The largest median peak RSS of a size's jobs, and the first job that has it."""
    peaks = [(median(job.relay).rss_kb, name) for name, job in bench.jobs.items() if job.relay]
    return max(peaks, key=lambda peak: peak[0], default=(0, ""))


def _flat(benches: Sequence[Saved]) -> str:
    small, large = benches[0], benches[-1]
    if small is large:
        return "one size only: not measured"
    worst, worst_name = 0.0, ""
    for name, job in large.jobs.items():
        before = small.jobs.get(name)
        if not before or not before.relay or not job.relay:
            continue
        ratio = median(job.relay).rss_kb / median(before.relay).rss_kb
        if ratio > worst:
            worst, worst_name = ratio, name
    overall = _peak(large)[0] / max(1, _peak(small)[0])
    return (
        f"largest peak {_mb(_peak(large)[0])} at N={large.releases} against "
        f"{_mb(_peak(small)[0])} at N={small.releases} ({overall:.2f}×); the job that grew "
        f"most: {worst_name} {worst:.2f}× (target ≤ {RSS_FLAT}×): {_verdict(worst <= RSS_FLAT)}"
    )


def targets(benches: Sequence[Saved]) -> str:
    """Hold the measures against issue #18's targets; say at each size which are met."""
    lines = [
        "Targets, met or NOT MET at each size (ratios: the median over runs of the ratio "
        "within one run, relay and peer under the same load)"
    ]

    def each(label: str, judge: Callable[[Saved], str]) -> None:
        lines.append(f"- {label}: " + "; ".join(f"N={b.releases}: {judge(b)}" for b in benches))

    lines.append("Cold jobs against the peers, on the same releases and languages:")
    each(
        f"cold extract ≥ {FASTER:.0f}× as fast as the peers, whole corpus, relay against "
        "html2po + pot2po ×2 (HTML) + po4a-updatepo (Markdown) together — the target is judged "
        "on this",
        lambda b: _faster(b, EXTRACT, _peer(EXTRACT), judged=True),
    )
    each(
        "cold extract, translate-toolkit alone: relay on the HTML releases only against "
        "html2po + pot2po ×2 on the same releases (printed, not judged)",
        lambda b: _faster(b, EXTRACT_HTML, _part(EXTRACT, TOOLKIT_EXTRACT), judged=False),
    )
    each(
        f"check ≥ {FASTER:.0f}× as fast as pofilter (default tests) ×2 on the same catalogs",
        lambda b: _faster(b, CHECK, _peer(CHECK), judged=True),
    )
    each(
        f"cold publish (after check) ≥ {FASTER:.0f}× as fast as po2html ×2 (HTML) + "
        "po4a-translate ×2 (Markdown)",
        lambda b: _faster(b, PUBLISH, _peer(PUBLISH), judged=True),
    )
    each(
        "cold publish keeping nothing from check or extract, against the same peers "
        "(printed, not judged)",
        lambda b: _faster(b, PUBLISH_BARE, _peer(PUBLISH), judged=False),
    )
    lines.append(
        f"Runs with nothing changed (target: under {100 * SHARE_AGAIN:.0f} % of the cold run, "
        "no file written):"
    )
    for again, cold in ((EXTRACT_AGAIN, EXTRACT), (CHECK_AGAIN, CHECK),
                        (PUBLISH_AGAIN, PUBLISH_BARE)):  # fmt: skip
        each(again, functools.partial(_again, again=again, cold=cold))
    each("extract after editing 1 % of the releases (printed, not judged)", _edit)
    lines.append(
        f"Everyday work from a steady state (target: under {EVERYDAY_SECONDS:.0f} s in all, "
        f"status under {STATUS_SECONDS:.0f} s, up to N={EVERYDAY_SIZE:,}; under "
        f"{EVERYDAY_LARGE_SECONDS:.0f} s above, the issue's 20,000, each scenario in all):"
    )
    each(
        "one new release: extract + check + publish",
        lambda b: _scenario(b, NEW_RELEASE_SUM, NEW_RELEASE),
    )
    each(
        "one returned file: import + check + publish",
        lambda b: _scenario(b, RETURNED_SUM, RETURNED, RETURNED_EXPORT),
    )
    each("status, nothing changed", _status)
    each(
        "status after one new release (extracted, checked and published)",
        functools.partial(_status, name=STATUS_AFTER),
    )
    steps = list(itertools.pairwise(benches))
    lines.append("Growth from one size to the next:")
    lines.append(
        f"- whole-corpus jobs at most linear (time ratio ≤ {LINEAR_SLACK} × the size ratio): "
        + ("; ".join(_growth_step(a, b, everyday=False) for a, b in steps) or "one size only")
    )
    lines.append(
        f"- everyday jobs nearly flat (≤ {FLAT_PER_DECADE:.0f}× for 10× the releases, i.e. "
        f"≤ {FLAT_PER_DECADE:.0f}^log10(size ratio)): "
        + ("; ".join(_growth_step(a, b, everyday=True) for a, b in steps) or "one size only")
    )
    lines.append("Peak memory (the largest process of a job, its waited workers included):")
    each(
        f"peak RSS under {RSS_MB} MB",
        lambda b: (
            f"at most {_mb(_peak(b)[0])} ({_peak(b)[1]}): {_verdict(_peak(b)[0] < RSS_MB * 1024)}"
        ),
    )
    lines.append(
        f"- peak RSS flat in N (each job's peak at the largest size ≤ {RSS_FLAT}× its peak at "
        f"the smallest): {_flat(benches)}"
    )
    return "\n".join(lines)


def report(benches: Sequence[Saved]) -> str:
    """Everything a run prints after its measures: tables, then targets."""
    return "\n\n".join(
        [
            *(side_by_side(bench) for bench in benches),
            "Growth (relay, medians):\n\n" + growth(benches),
            "The peers' steps on their own:\n\n" + parts_table(benches)
            if any(bench.peers for bench in benches)
            else "The peers' steps on their own: not measured",
            targets(benches),
        ]
    )
