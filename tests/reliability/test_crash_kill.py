"""Crash at any moment: relay extract, import and publish killed (SIGKILL) mid-run, 100+ times each.

Each command first runs once, uninterrupted, from a prepared state S0 of a realistic project
(the three sample releases and three generated ones), which gives its result S1, its duration
and the moment it starts writing (the earliest time of the files it writes). Then, per trial,
the project is put back to S0, the command is started as a real process and killed (SIGKILL)
at a seeded random moment:

* ``TRIALS`` (100) trials at a moment drawn uniformly over the whole run;
* ``WRITE_TRIALS`` more drawn uniformly over its writing phase, which lasts a few per cent of
  the run (without them few kills would land mid-write): timed from the moment that run
  creates its first file (inotify), the delay drawn over the phase's measured length.

After each kill the project is checked:

* every file the command writes is whole: byte for byte its S0 or its S1 version (or absent
  where it is absent in one of them), never a mix; leftover temporary files are counted;
* every catalog parses (``relay.catalogs.po.read_po``) and holds every translation it held in S0, or
  the one that replaces it in S1;
* every published file the manifest lists exists with the manifest's sha256;
* the next run exits 0, gives exactly S1 and leaves no temporary file behind. A kill that
  changed no byte of the project leaves it in S0, whose next run is the reference run; the
  others each get a real next run.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.reliability import (
    IN_CREATE,
    IN_MOVED_TO,
    Watch,
    Zygote,
    copy_tree,
    folders_under,
    leftovers,
    manifest_problems,
    prepare_extract,
    prepare_import,
    prepare_publish,
    record,
    snapshot,
    translations,
)

SEED = 20_260_105
TRIALS = int(os.environ.get("RELAY_CRASH_TRIALS", "100"))
WRITE_TRIALS = int(os.environ.get("RELAY_CRASH_WRITE_TRIALS", "20"))
WORKERS = 2
# More generated releases (24 in all or more) take extract's and publish's incremental paths.
GENERATED = int(os.environ.get("RELAY_CRASH_GENERATED", "3"))
RUN_BOUND = 60.0  # seconds: a hung relay fails the test instead of blocking CI
WRITES = IN_CREATE | IN_MOVED_TO
EVERYTHING = ("sources", "locales", "public", ".relay-cache", "relay.toml")


@dataclass
class Scenario:
    name: str
    folders: tuple[str, ...]  # what the command writes
    prepare: Callable[..., list[str]]  # builds S0 in the folder, gives the command line


SCENARIOS = {
    "extract": Scenario("extract", ("locales",), prepare_extract),
    "import": Scenario("import", ("locales",), prepare_import),
    "publish": Scenario("publish", ("public",), prepare_publish),
}


@dataclass
class Campaign:
    scenario: Scenario
    template: Path
    argv: list[str]
    before: dict[str, bytes]  # the files the command writes, in S0
    whole: dict[str, bytes]  # every file of the project, in S0
    after: dict[str, bytes] = field(default_factory=dict)
    duration: float = 0.0
    first_write: float = 0.0
    last_write: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    leftover_files: int = 0
    next_runs: int = 0
    untouched: int = 0
    parsed: dict[bytes, dict[tuple[str | None, str], str]] = field(default_factory=dict)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_killed_runs_lose_nothing(name: str, tmp_path: Path) -> None:
    scenario = SCENARIOS[name]
    template = tmp_path / "project"
    argv = ["-C", "{root}", "-q", *scenario.prepare(template, generated=GENERATED)]
    campaign = Campaign(
        scenario,
        template,
        argv,
        snapshot(template, scenario.folders),
        snapshot(template, EVERYTHING),
    )
    zygotes = [Zygote() for _ in range(WORKERS)]
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            # Measure under the same load as the trials: every worker runs it once at once.
            measured = list(pool.map(_reference, [campaign] * WORKERS, zygotes, range(WORKERS)))
            campaign.after = measured[0][3]
            assert all(m[3] == campaign.after for m in measured), "not deterministic"
            assert campaign.after != campaign.before, "the command changed nothing"
            campaign.duration = sum(run for run, _, _, _ in measured) / WORKERS
            campaign.first_write = sum(first for _, first, _, _ in measured) / WORKERS
            campaign.last_write = sum(last for _, _, last, _ in measured) / WORKERS
            plan = [("run", n) for n in range(TRIALS)] + [("write", n) for n in range(WRITE_TRIALS)]
            shares = [plan[worker::WORKERS] for worker in range(WORKERS)]
            list(pool.map(_trials, [campaign] * WORKERS, zygotes, range(WORKERS), shares))
    finally:
        for zygote in zygotes:
            zygote.close()
    elapsed = time.monotonic() - started
    assert not campaign.failures, "\n".join(campaign.failures[:20])
    killed = sum(n for outcome, n in campaign.outcomes.items() if outcome != "finished")
    record(
        f"crash_{name}",
        {
            "command": " ".join(["relay", *argv[3:]])[:60],
            "seed": SEED,
            "trials": TRIALS + WRITE_TRIALS,
            "trials_uniform_over_the_run": TRIALS,
            "trials_uniform_over_the_writing_phase": WRITE_TRIALS,
            "files_written_by_a_run": _changed(campaign),
            "run_seconds": round(campaign.duration, 2),
            "writing_phase_seconds": [
                round(campaign.first_write, 3),
                round(campaign.last_write, 3),
            ],
            "killed": killed,
            "killed_before_first_write": campaign.outcomes["before writing"],
            "killed_mid_write": campaign.outcomes["mid-write"],
            "killed_after_last_write": campaign.outcomes["after writing"],
            "finished_before_the_kill": campaign.outcomes["finished"],
            "temporary_files_left_by_kills": campaign.leftover_files,
            "next_runs_executed": campaign.next_runs,
            "kills_that_changed_no_byte": campaign.untouched,
            "lost_or_mixed_files": 0,
            "lost_translations": 0,
            "manifest_mismatches": 0,
            "next_run_failures": 0,
            "seconds": round(elapsed, 1),
        },
    )
    # The campaign must have hit the writing phase at all; how often depends on the machine's
    # load (a third of the timed trials on a quiet machine), so only "at least once" is held.
    assert campaign.outcomes["mid-write"] >= 1, campaign.outcomes


def _reference(
    campaign: Campaign, zygote: Zygote, worker: int
) -> tuple[float, float, float, dict[str, bytes]]:
    """Run the command once, whole: its duration, when it wrote (first, last), and S1."""
    root = campaign.template.parent / f"worker-{worker}" / "project"
    copy_tree(campaign.template, root)
    output = campaign.template.parent / f"worker-{worker}.out"
    run = zygote.run(_argv(campaign, root), output=output, bound=RUN_BOUND)
    assert run.status == 0, output.read_text()
    after = snapshot(root, campaign.scenario.folders)
    written = [root / n for n in after if after[n] != campaign.before.get(n)]
    first = min(path.stat().st_mtime for path in written) - run.started
    # A rename changes its folder's time: the last one ends the writing phase.
    touched = [*written, *folders_under(root, campaign.scenario.folders)]
    last = max(path.stat().st_mtime for path in touched) - run.started
    return run.duration, max(0.0, first), max(first, min(last, run.duration)), after


def _trials(campaign: Campaign, zygote: Zygote, worker: int, plan: list[tuple[str, int]]) -> None:
    root = campaign.template.parent / f"worker-{worker}" / "project"
    output = campaign.template.parent / f"worker-{worker}.out"
    for kind, number in plan:
        copy_tree(campaign.template, root)
        draw = random.Random(f"{SEED}:{campaign.scenario.name}:{kind}:{number}").random()
        if kind == "write":
            # Timed from this run's own first write: runs vary more than the phase lasts.
            moment = draw * (campaign.last_write - campaign.first_write)
            with Watch(folders_under(root, campaign.scenario.folders), WRITES) as watch:
                run = zygote.run(
                    _argv(campaign, root), kill_after=moment, output=output, watch=watch
                )
            where = f"write trial {number} (kill {moment:.3f} s after the first write)"
        else:
            moment = draw * campaign.duration
            run = zygote.run(_argv(campaign, root), kill_after=moment, output=output)
            where = f"trial {number} (kill at {moment:.3f} s of {campaign.duration:.3f} s)"
        if not run.killed and run.status != 0:
            campaign.failures.append(f"{where}: exit {run.status}: {output.read_text()[-500:]}")
            continue
        state = snapshot(root, campaign.scenario.folders)
        campaign.outcomes[_landing(campaign, state, run.killed)] += 1
        campaign.leftover_files += len(leftovers(state))
        campaign.failures.extend(f"{where}: {problem}" for problem in _check(campaign, root, state))
        if snapshot(root, EVERYTHING) == campaign.whole:
            campaign.untouched += 1  # S0 exactly: its next run is the reference run
            continue
        campaign.next_runs += 1
        run = zygote.run(_argv(campaign, root), output=output, bound=RUN_BOUND)
        if run.status != 0:
            campaign.failures.append(f"{where}: next run exit {run.status}: {output.read_text()}")
            continue
        again = snapshot(root, campaign.scenario.folders)
        if again != campaign.after:
            differ = sorted(set(again.items()) ^ set(campaign.after.items()))
            campaign.failures.append(f"{where}: next run differs: {[n for n, _ in differ][:5]}")


def _argv(campaign: Campaign, root: Path) -> list[str]:
    return [part.replace("{root}", str(root)) for part in campaign.argv]


def _changed(campaign: Campaign) -> int:
    names = set(campaign.before) | set(campaign.after)
    return sum(campaign.before.get(name) != campaign.after.get(name) for name in names)


def _landing(campaign: Campaign, state: dict[str, bytes], killed: bool) -> str:
    if not killed:
        return "finished"
    names = (set(campaign.before) | set(campaign.after)) - {"public/manifest.json"}
    changed = [n for n in names if campaign.before.get(n) != campaign.after.get(n)]
    new = sum(state.get(n) == campaign.after.get(n) for n in changed)
    if leftovers(state) or 0 < new < len(changed):
        return "mid-write"
    if new == 0 and state.get("public/manifest.json") == campaign.before.get(
        "public/manifest.json"
    ):
        return "before writing"
    return "after writing" if new == len(changed) else "mid-write"


def _check(campaign: Campaign, root: Path, state: dict[str, bytes]) -> list[str]:
    problems = []
    for name in sorted(set(state) | set(campaign.before) | set(campaign.after)):
        if name.endswith(".relay-tmp") or name == "public/manifest.json":
            continue
        now = state.get(name)
        if now not in (campaign.before.get(name), campaign.after.get(name)):
            problems.append(f"{name}: neither the old file nor the new one")
        if name.endswith(".po") and now is not None:
            problems.extend(_translations_kept(campaign, name, now))
    problems.extend(manifest_problems(root))
    return problems


def _translations_kept(campaign: Campaign, name: str, data: bytes) -> list[str]:
    def parsed(content: bytes) -> dict[tuple[str | None, str], str]:
        if content not in campaign.parsed:
            campaign.parsed[content] = translations(content, path=name)
        return campaign.parsed[content]

    now = parsed(data)
    held = parsed(campaign.before.get(name, b""))
    new = parsed(campaign.after.get(name, b""))
    values = set(now.values())
    return [
        f"{name}: lost the translation of {key[1][:40]!r}"
        for key, text in held.items()
        if text not in values and now.get(key) != new.get(key)
    ]
