"""benchmarks/pipeline.py: its report says met or NOT MET per target at each size (or "not
measured"), reads files saved before a job existed, and its stand-in translator fills a unit's
own target only; one slow run of the script itself at tiny sizes, without the peers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import pipeline
import pipeline_report as bench
from pipeline_report import Job, Measure, Saved

MB = 1024


def job(
    name: str,
    seconds: float,
    *,
    rss: int = 60,
    peer: float = 0.0,
    peer_name: str = "",
    parts: dict[str, float] | None = None,
    written: list[int] | None = None,
) -> Job:
    return Job(
        name,
        [Measure(seconds, rss * MB)],
        peer_name,
        [Measure(peer, 70 * MB)] if peer else [],
        100,
        {part: [Measure(value, 70 * MB)] for part, value in (parts or {}).items()},
        written or [],
    )


def small() -> Saved:
    """N=10 with the peers: extract and publish meet the ratio, check does not."""
    jobs = [
        job(bench.EXTRACT, 1.0, peer=3.0, peer_name="peers",
            parts={bench.TOOLKIT_EXTRACT: 1.5, "po4a-updatepo": 1.5}),
        job(bench.EXTRACT_HTML, 0.9, peer=1.5, peer_name=bench.TOOLKIT_EXTRACT),
        job(bench.EXTRACT_AGAIN, 0.04, written=[0]),
        job(bench.EDIT, 0.5, peer=1.0, peer_name="msgmerge"),
        job(bench.CHECK, 2.0, peer=3.0, peer_name="pofilter"),
        job(bench.CHECK_AGAIN, 0.2, written=[0]),
        job(bench.PUBLISH, 1.0, peer=2.5, peer_name="po2html"),
        job(bench.PUBLISH_BARE, 2.0),
        job(bench.PUBLISH_AGAIN, 0.05, written=[1]),
        *(job(name, 0.5) for name in bench.NEW_RELEASE),
        job(bench.NEW_RELEASE_SUM, 1.5),
        job(bench.RETURNED_EXPORT, 0.3),
        *(job(name, 0.6) for name in bench.RETURNED),
        job(bench.RETURNED_SUM, 1.8),
        job(bench.STATUS, 0.5, written=[0]),
        job(bench.STATUS_AFTER, 0.9, written=[2]),
    ]  # fmt: skip
    return Saved(10, 1000, True, {j.name: j for j in jobs}, ["returned file: r (fr)"])


def large() -> Saved:
    """N=100 without the peers: check grows faster than linear and past 200 MB, status grows."""
    jobs = [
        job(bench.EXTRACT, 10.0),
        job(bench.CHECK, 25.0, rss=250),
        *(job(name, 0.8) for name in bench.NEW_RELEASE),
        job(bench.NEW_RELEASE_SUM, 2.5),
        job(bench.STATUS, 1.5, written=[0]),
        job(bench.STATUS_AFTER, 2.5, written=[2]),
    ]
    return Saved(100, 10_000, False, {j.name: j for j in jobs})


def test_targets_are_judged_at_each_size() -> None:
    text = bench.report([small(), large()])
    assert (
        "together — the target is judged on this: N=10: 3.00× (relay 1.00 s, peer 3.00 s): "
        "met; N=100: not measured"
    ) in text
    assert "on the same releases (printed, not judged): N=10: 1.67× (relay 0.90 s" in text
    assert "same catalogs: N=10: 1.50× (relay 2.00 s, peer 3.00 s): NOT MET;" in text
    assert "po4a-translate ×2 (Markdown): N=10: 2.50× (relay 1.00 s, peer 2.50 s): met" in text
    assert "- extract, nothing changed: N=10: 4.0 % (0.04 s), 0 files: met" in text
    assert "- check, nothing changed: N=10: 10.0 % (0.20 s), 0 files: NOT MET" in text
    assert "- publish, nothing changed: N=10: 2.5 % (0.05 s), 1 files: NOT MET" in text
    assert (
        "- one new release: extract + check + publish: N=10: 1.50 s (extract 0.50 s, check "
        "0.50 s, publish 0.50 s; peak 60 MB), target < 2 s: met; N=100: 2.50 s"
    ) in text
    assert "- one returned file: import + check + publish: N=10: 1.80 s" in text
    assert "export it (not in the sum) 0.30 s; peak 60 MB), target < 2 s: met" in text
    assert (
        "- status, nothing changed: N=10: 0.50 s (60 MB, 0 files written), target < 1 s: met;"
        in (text)
    )
    assert "N=100: 1.50 s (60 MB, 0 files written), target < 1 s: NOT MET" in text
    assert (
        "- status after one new release (extracted, checked and published): N=10: 0.90 s "
        "(60 MB, 2 files written), target < 1 s: met; N=100: 2.50 s (60 MB, 2 files written), "
        "target < 1 s: NOT MET"
    ) in text
    assert "N=10→100 (10×): at most 12.50× (check), target ≤ 11.00×: NOT MET" in text
    assert "N=10→100 (10×): at most 3.00× (status, nothing changed), target ≤ 2.00×: NOT MET" in (
        text
    )
    assert "N=10: at most 60 MB (extract, cold): met" in text
    assert "N=100: at most 250 MB (check): NOT MET" in text
    assert "the job that grew most: check 4.17× (target ≤ 1.25×): NOT MET" in text


def test_each_size_shows_relay_and_peer_side_by_side() -> None:
    text = bench.report([small(), large()])
    assert "N=10: 1,000 units, 1 run(s), with peers; returned file: r (fr)" in text
    assert "| check | 2.00 s | 60 MB | pofilter | 3.00 s | 70 MB | 1.50× |  |" in text
    assert "| check | 25.00 s | 250 MB | not measured |  |  |  |  |" in text
    assert "| status, nothing changed | 0.50 s | 60 MB |  |  |  |  | 0 |" in text
    assert "| check | whole corpus | 2.00 s | 25.00 s | 12.5× | 60 / 250 MB |" in text
    assert "| status, nothing changed | everyday | 0.50 s | 1.50 s | 3.0× | 60 / 60 MB |" in text


def test_saved_measures_read_back_to_the_same_report(tmp_path: Path) -> None:
    paths = []
    for saved in (small(), large()):
        path = tmp_path / f"measures-{saved.releases}.json"
        path.write_text(bench.dump(saved))
        paths.append(path)
    assert bench.report([bench.load(path) for path in paths]) == bench.report([small(), large()])


def test_files_saved_before_the_everyday_jobs_still_print(tmp_path: Path) -> None:
    """A file from before this version: no "peers" nor "notes", none of the everyday jobs."""
    old = json.loads(bench.dump(small()))
    del old["peers"], old["notes"]
    old["jobs"] = [j for j in old["jobs"] if j["name"] not in bench.EVERYDAY]
    path = tmp_path / "measures-10.json"
    path.write_text(json.dumps(old))
    saved = bench.load(path)
    assert saved.peers
    text = bench.report([saved])
    assert "- one new release: extract + check + publish: N=10: not measured" in text
    assert "- status, nothing changed: N=10: not measured" in text
    assert "- whole-corpus jobs at most linear (time ratio ≤ 1.1 × the size ratio): one size" in (
        text
    )


def test_the_stand_in_translator_fills_a_units_own_target_only(tmp_path: Path) -> None:
    """An export can carry memory suggestions whose source is followed by a target."""
    folder = tmp_path / "outbox" / "fr"
    folder.mkdir(parents=True)
    (folder / "r.xlf").write_text(
        '<xliff><file><body><trans-unit id="a"><source>the <g id="1">dog</g></source>'
        "<alt-trans><source>a cat</source><target>n png</target></alt-trans></trans-unit>"
        '<trans-unit id="b"><source>the end</source><target state="new">old</target>'
        "</trans-unit></body></file></xliff>"
    )
    pipeline.translate_xliff(tmp_path / "outbox")
    assert (folder / "r.xlf").read_text() == (
        '<xliff><file><body><trans-unit id="a"><source>the <g id="1">dog</g></source>'
        '<target state="translated">gur <g id="1">qbt</g></target>'
        "<alt-trans><source>a cat</source><target>n png</target></alt-trans></trans-unit>"
        '<trans-unit id="b"><source>the end</source><target state="translated">gur raq</target>'
        "</trans-unit></body></file></xliff>"
    )


@pytest.mark.slow
def test_the_benchmark_runs_every_job_without_the_peers(tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "relay").exists():
        pytest.skip("the benchmark runs the installed relay command")
    script = str(REPO / "benchmarks" / "pipeline.py")
    command = [sys.executable, script, "--sizes", "3", "4", "--runs", "1", "--no-peers"]
    result = subprocess.run(
        [*command, "--keep", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    everyday = [bench.STATUS, bench.STATUS_AFTER, *bench.NEW_RELEASE, *bench.RETURNED]
    for name in [bench.EXTRACT, bench.CHECK, *everyday]:
        assert f"| {name} |" in result.stdout
    assert "N=3: not measured; N=4: not measured" in result.stdout  # the peers' ratios
    assert "its translation passes the publish gate" in result.stdout
    targets = result.stdout[result.stdout.index("Targets, met") :].split("measures kept")[0]
    saved = [str(tmp_path / f"measures-{size}.json") for size in (3, 4)]
    again = subprocess.run(
        [sys.executable, script, "--table", *saved], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip().endswith(targets.strip())


def test_an_everyday_copy_is_the_same_project_in_a_folder_of_the_same_name(tmp_path: Path) -> None:
    """Files are linked (same inode, as in the project's own folder), the cache and memory's
    SQLite files are copied (SQLite changes them in place), and the folder keeps its name."""
    import os

    from relay.runtime.files import write_atomic

    steady = tmp_path / "steady"
    for name in (
        "sources/a.md",
        "locales/fr/a.po",
        ".relay-cache/x.sqlite",
        "locales/memory/m.tmx",
    ):
        (steady / name).parent.mkdir(parents=True, exist_ok=True)
        (steady / name).write_text(name)
    work = pipeline.same_project(steady, tmp_path / "work")
    assert work.name == "steady"
    inode = {name: (os.stat(steady / name).st_ino, os.stat(work / name).st_ino)
             for name in ("sources/a.md", "locales/fr/a.po", ".relay-cache/x.sqlite",
                          "locales/memory/m.tmx")}  # fmt: skip
    assert inode["sources/a.md"][0] == inode["sources/a.md"][1]
    assert inode["locales/fr/a.po"][0] == inode["locales/fr/a.po"][1]
    assert inode[".relay-cache/x.sqlite"][0] != inode[".relay-cache/x.sqlite"][1]
    assert inode["locales/memory/m.tmx"][0] != inode["locales/memory/m.tmx"][1]
    write_atomic(work / "locales" / "fr" / "a.po", b"changed")  # as relay writes
    assert (steady / "locales" / "fr" / "a.po").read_text() == "locales/fr/a.po"


@pytest.mark.skipif(sys.platform != "linux", reason="how Linux counts an exec'd child's peak")
def test_a_commands_peak_is_its_own_not_the_benchmarks(tmp_path: Path) -> None:
    """A command started after the benchmark itself grew reports its own peak: Linux charges
    a program started by exec with the peak of the process it was forked from, so the
    benchmark starts each command from a small process (benchmarks/peak.py)."""
    grown = bytearray(300 * MB * 1024)  # the benchmark's own peak: 300 MB, touched
    for at in range(0, len(grown), 4096):
        grown[at] = 1
    small = pipeline.run([sys.executable, "-c", "x = bytearray(60 * 1024 * 1024)"], tmp_path)
    big = pipeline.run([sys.executable, "-c", "x = b'1' * (150 * 1024 * 1024)"], tmp_path)
    del grown
    assert 60 * MB <= small.rss_kb < 120 * MB
    assert 150 * MB <= big.rss_kb < 220 * MB
    assert 0 < small.seconds < 60
