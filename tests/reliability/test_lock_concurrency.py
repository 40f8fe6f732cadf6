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


def test_a_run_waits_for_the_holder_and_then_runs(sample_project: Path) -> None:
    """The lock is released when its holder ends: a waiting run then takes it."""
    holder = _holder(sample_project)
    project = open_project(sample_project)

    def end_holder() -> None:
        time.sleep(0.3)
        holder.kill()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(end_holder)
        with project_lock(project, timeout=30):
            assert holder.poll() is not None  # it had ended when this run got the lock
    # Held twice in one process, as by another run: the second waits, then is refused.
    with (
        project_lock(project, timeout=0.5),
        pytest.raises(LockError),
        project_lock(project, timeout=0.1),
    ):
        pass


def test_a_locked_run_removes_what_killed_runs_left_and_nothing_else(
    sample_project: Path,
) -> None:
    """Temporary files of relay (``.<name>.<random>.relay-tmp``) in locales/, public/ and the
    cache are removed once the lock is held; files that only look like them stay."""
    left = [
        sample_project / "locales" / "fr" / ".a.po.0123456789ab.relay-tmp",
        sample_project / "public" / "fr" / "deep" / ".b.html.0123456789ab.relay-tmp",
        sample_project / ".relay-cache" / ".state.0123456789ab.relay-tmp",
    ]
    kept = [
        sample_project / "locales" / "fr" / "a.po.relay-tmp",  # not hidden: not relay's
        sample_project / "locales" / "fr" / ".a.po.keep",
        sample_project / "sources" / ".draft.0123456789ab.relay-tmp",  # sources are never tidied
    ]
    for path in [*left, *kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("partial")
    folder = sample_project / "public" / ".c.0123456789ab.relay-tmp"
    folder.mkdir()  # a folder of that name is not a file relay wrote
    link = sample_project / "locales" / ".d.po.0123456789ab.relay-tmp"
    link.symlink_to(sample_project / "locales" / "fr" / ".a.po.keep")
    lock_path(sample_project).with_name("running").touch()  # as the killed run left it
    with project_lock(open_project(sample_project)):
        assert [path for path in left if path.exists()] == []
        assert all(path.exists() for path in kept)
        assert folder.is_dir() and link.is_symlink()


def test_the_cache_is_tidied_after_a_killed_run_and_only_then(sample_project: Path) -> None:
    """A run that ends leaves no trace: the next one does not walk the cache (tens of
    thousands of files) for temporary files, which only a killed run leaves. A killed one
    leaves ``.relay-cache/running``, and the next run tidies the cache; locales/ and public/
    are tidied by every run, whose walk for links finds them anyway. A run with nothing to do
    changes no file, the lock file included."""
    project = open_project(sample_project)
    running = lock_path(sample_project).with_name("running")
    with project_lock(project):
        assert running.exists()
    assert not running.exists()
    before = lock_path(sample_project).stat()
    cache = sample_project / ".relay-cache" / ".state.0123456789ab.relay-tmp"
    public = sample_project / "public" / ".a.html.0123456789ab.relay-tmp"
    for path in (cache, public):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("partial")
    with project_lock(project):
        assert cache.exists() and not public.exists()  # after a run that ended: not looked for
    after = lock_path(sample_project).stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    holder = _holder(sample_project)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert running.exists()
    with project_lock(project):
        assert not cache.exists()
    assert not running.exists()


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
