"""Two coordinators at once: runs that change a project are serialized by its lock.

The lock is an OS lock that dies with its process (no stale lock after a SIGKILL); a run that
cannot have it in time stops with a clear message; two imports into one catalog, and an
extract next to a publish, run in parallel and lose no update.
"""

from __future__ import annotations

import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.reliability import (
    NOW,
    PYTHON,
    Zygote,
    copy_tree,
    edit_sources,
    in_process,
    manifest_problems,
    record,
    run_relay,
    sample_copy,
    snapshot,
    translations,
)
from typer.testing import CliRunner

from relay.cli.app import app
from relay.core.errors import RelayError
from relay.core.project import open_project
from relay.runtime.lock import LockError, lock_path, project_lock

ROUNDS = 4
SLUG = "2013-04-23-kazakhstan-innovation"


def _holder(root: Path) -> subprocess.Popen[str]:
    """Another process that takes the project's lock and keeps it until it is killed."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from relay.runtime.lock import project_lock\n"
        "from relay.core.project import open_project\n"
        "with project_lock(open_project(Path(sys.argv[1]))):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(120)\n"
    )
    holder = subprocess.Popen([PYTHON, "-c", code, str(root)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_busy_project_is_refused_with_a_clear_message(sample_project: Path) -> None:
    holder = _holder(sample_project)
    try:
        result = run_relay(sample_project, "extract", env={"RELAY_LOCK_TIMEOUT": "0.5"})
        assert result.returncode == 2
        assert "another relay run is working on this project (lock" in result.stderr
        assert str(lock_path(sample_project)) in result.stderr
        assert "try again" in result.stderr
        assert "Traceback" not in result.stderr
        project = open_project(sample_project)
        with pytest.raises(LockError) as refused, project_lock(project, timeout=0.1):
            pass
        assert isinstance(refused.value, RelayError)
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_stale_lock(sample_project: Path) -> None:
    holder = _holder(sample_project)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock_path(sample_project).exists()  # the file stays; the lock died with its process
    started = time.monotonic()
    result = run_relay(sample_project, "publish", "--now", NOW, env={"RELAY_LOCK_TIMEOUT": "5"})
    waited = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert not manifest_problems(sample_project)
    record(
        "lock", {"stale_lock_after_sigkill": False, "run_after_sigkill_seconds": round(waited, 2)}
    )


def test_parallel_imports_into_one_catalog_lose_no_update(tmp_path: Path) -> None:
    base = tmp_path / "base"
    sample_copy(base)
    in_process(base, "extract")
    in_process(base, "export", "--lang", "fr", "--format", "po", "--release", SLUG)
    exported = (base / "outbox" / "fr" / f"{SLUG}.po").read_text("utf-8")
    # Two translators revise different units of the same release.
    first = exported.replace('msgstr "Publié le', 'msgstr "[A] Publié le', 1)
    second = exported.replace(
        'msgstr "Commission économique', 'msgstr "[B] Commission économique', 1
    )
    assert first != exported and second != exported
    (base / "a.po").write_text(first, "utf-8")
    (base / "b.po").write_text(second, "utf-8")
    zygotes = [Zygote(), Zygote()]
    lost = 0
    try:
        with ThreadPoolExecutor(2) as pool:
            for round_ in range(ROUNDS):
                root = tmp_path / f"round-{round_}" / "project"
                copy_tree(base, root)
                argvs = [
                    ["-C", str(root), "-q", "import", str(root / name)] for name in ("a.po", "b.po")
                ]
                if round_ % 2:
                    argvs.reverse()
                statuses = list(pool.map(lambda z, a: z.run(a).status, zygotes, argvs))
                assert statuses == [0, 0]
                catalog = root / "locales" / "fr" / f"{SLUG}.po"
                texts = set(translations(catalog.read_bytes(), path=str(catalog)).values())
                applied = {
                    mark for mark in ("[A]", "[B]") if any(t.startswith(mark) for t in texts)
                }
                lost += 2 - len(applied)
    finally:
        for zygote in zygotes:
            zygote.close()
    assert lost == 0
    record("lock", {"parallel_import_rounds": ROUNDS, "parallel_import_updates_lost": lost})


@pytest.mark.slow
def test_parallel_extract_and_publish_give_a_serial_result(tmp_path: Path) -> None:
    base = tmp_path / "base"
    sample_copy(base)
    in_process(base, "extract")
    in_process(base, "publish", "--now", NOW)
    edit_sources(base)
    folders = ("locales", "public")
    serial = []
    for order in (("extract", "publish"), ("publish", "extract")):
        root = tmp_path / f"serial-{order[0]}" / "project"
        copy_tree(base, root)
        for command in order:
            in_process(root, *_args(command))
        serial.append(snapshot(root, folders))
    assert serial[0] != serial[1]
    zygotes = [Zygote(), Zygote()]
    outcomes = []
    try:
        with ThreadPoolExecutor(2) as pool:
            for round_ in range(ROUNDS):
                root = tmp_path / f"round-{round_}" / "project"
                copy_tree(base, root)
                argvs = [["-C", str(root), "-q", *_args(c)] for c in ("extract", "publish")]
                statuses = list(pool.map(lambda z, a: z.run(a).status, zygotes, argvs))
                assert statuses == [0, 0]
                state = snapshot(root, folders)
                assert state in serial, "the parallel runs interleaved"
                assert not manifest_problems(root)
                outcomes.append(serial.index(state))
    finally:
        for zygote in zygotes:
            zygote.close()
    record(
        "lock",
        {
            "parallel_extract_publish_rounds": ROUNDS,
            "parallel_extract_publish_equal_to_a_serial_order": ROUNDS,
        },
    )


def _args(command: str) -> list[str]:
    return ["publish", "--now", NOW] if command == "publish" else [command]


def test_a_failed_init_leaves_no_folder(tmp_path: Path) -> None:
    target = tmp_path / "press"
    result = CliRunner().invoke(
        app, ["init", str(target), "--source-lang", "xx-nope", "--target-lang", "fr"]
    )
    assert isinstance(result.exception, RelayError)  # the CLI turns it into exit code 2
    assert not target.exists()


def test_init_still_works(tmp_path: Path) -> None:
    target = tmp_path / "press"
    result = CliRunner().invoke(
        app, ["init", str(target), "--source-lang", "en", "--target-lang", "fr"]
    )
    assert result.exit_code == 0, result.output
    assert (target / "relay.toml").is_file()
    with project_lock(open_project(target)):
        pass
