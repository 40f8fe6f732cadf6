"""Disk and permissions: a read-only folder or a full disk gives a clear error, loses nothing.

A read-only ``public/`` or ``locales/`` is real (the run is made as another user when the
tests run as root, who may write anywhere). A full disk is simulated by ``full_disk.py``:
every file relay opens for writing can take so many bytes in all, and then a write stores
what still fits and fails with ENOSPC.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.reliability import (
    PYTHON,
    REPO,
    SUITE,
    child_env,
    copy_tree,
    in_process,
    leftovers,
    manifest_problems,
    prepare_extract,
    prepare_import,
    prepare_publish,
    record,
    snapshot,
)

from relay.runtime.files import StorageError, write_atomic

NOBODY = 65534
SCENARIOS = {
    "extract": (prepare_extract, ("locales",)),
    "import": (prepare_import, ("locales",)),
    "publish": (prepare_publish, ("public",)),
}


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Each scenario's starting state (S0), built once; tests work on copies."""
    made = {}
    for name, (prepare, _) in SCENARIOS.items():
        root = tmp_path_factory.mktemp(name) / "project"
        made[name] = (root, prepare(root, generated=1))
    return made


@contextlib.contextmanager
def project_copy(template: Path) -> Iterator[Path]:
    """A copy of a project that another user can reach (not under root's private tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="relay-disk-"))
    try:
        folder.chmod(0o755)
        root = folder / "project"
        copy_tree(template, root)
        yield root
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _args(root: Path, argv: list[str]) -> list[str]:
    return [part.replace("{root}", str(root)) for part in argv]


def run_as_user(root: Path, argv: list[str], *, read_only: str) -> subprocess.CompletedProcess[str]:
    """Run relay with ``read_only`` (a folder of the project) not writable by its user."""
    folder = root / read_only
    as_root = os.geteuid() == 0
    if as_root:
        for path in [root, *root.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        path.chmod(0o555)
    try:
        return subprocess.run(
            [_interpreter(as_root), "-m", "relay", "-C", str(root), "-q", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=root,
            env={**os.environ, "PYTHONPATH": _PATH, "HOME": str(root)},
            **_AS_NOBODY if as_root else {},
        )
    finally:
        for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            path.chmod(0o755)


_AS_NOBODY: dict[str, Any] = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
_PATH = os.pathsep.join(
    [str(REPO / "src"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
)


@functools.cache
def _interpreter(as_root: bool) -> str:
    """A Python that the other user may run (root's own may live in a private folder)."""
    if not as_root:
        return PYTHON
    for candidate in (PYTHON, os.path.realpath(PYTHON), "/usr/bin/python3.11", "/usr/bin/python3"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            probe = subprocess.run(
                [candidate, "-c", "import relay.cli.app"],
                env={**os.environ, "PYTHONPATH": _PATH},
                cwd="/",
                capture_output=True,
                timeout=60,
                check=False,
                **_AS_NOBODY,
            )
            if probe.returncode == 0:
                return candidate
    pytest.skip("no Python that another user can run relay with")


@pytest.mark.parametrize(
    ("name", "read_only"),
    [("publish", "public"), ("extract", "locales"), ("import", "locales/fr")],
)
def test_a_read_only_folder_changes_nothing(
    states: dict[str, tuple[Path, list[str]]], name: str, read_only: str
) -> None:
    template, argv = states[name]
    folders = SCENARIOS[name][1]
    with project_copy(template) as root:
        before = snapshot(root, folders)
        result = run_as_user(root, _args(root, argv), read_only=read_only)
        after = snapshot(root, folders)
    assert result.returncode == 2, result.stderr
    assert "Permission denied" in result.stderr, result.stderr
    assert "hint: Check that the folder is writable" in result.stderr
    assert "Traceback" not in result.stderr
    changed = {n for n in set(before) | set(after) if before.get(n) != after.get(n)}
    if name == "import":  # import is per file: the ru files are applied, no fr catalog changes
        assert changed and all(n.startswith("locales/ru/") for n in changed)
    else:
        assert not changed
    assert not leftovers(after)
    record("disk", {f"read_only_{read_only.replace('/', '_')}_{name}": "refused, nothing lost"})


def run_on_full_disk(root: Path, argv: list[str], room: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, str(SUITE / "full_disk.py"), str(room), "-C", str(root), "-q", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=child_env(),
    )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_full_disk_changes_nothing(
    states: dict[str, tuple[Path, list[str]]], name: str, tmp_path: Path
) -> None:
    template, argv = states[name]
    folders = SCENARIOS[name][1]
    root = tmp_path / "project"
    copy_tree(template, root)
    before = snapshot(root, folders)
    result = run_on_full_disk(root, _args(root, argv), 0)
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr
    assert "hint: The disk is full: free some space" in result.stderr
    assert "Traceback" not in result.stderr
    after = snapshot(root, folders)
    assert after == before
    record("disk", {f"full_disk_{name}": "refused, nothing changed"})


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_disk_filling_up_mid_run_leaves_every_file_whole(
    states: dict[str, tuple[Path, list[str]]], name: str, tmp_path: Path
) -> None:
    template, argv = states[name]
    folders = SCENARIOS[name][1]
    reference = tmp_path / "reference" / "project"
    copy_tree(template, reference)
    before = snapshot(reference, folders)
    in_process(reference, *_args(reference, argv))
    complete = snapshot(reference, folders)
    written = sum(len(complete[n]) for n in complete if complete[n] != before.get(n))
    outcomes = []
    for share in (0.3, 0.7):
        root = tmp_path / f"room-{share}" / "project"
        copy_tree(template, root)
        result = run_on_full_disk(root, _args(root, argv), int(written * share))
        assert result.returncode == 2, result.stderr
        assert "No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
        state = snapshot(root, folders)
        for name_ in set(state) | set(before):
            if name_ != "public/manifest.json":
                assert state.get(name_) in (before.get(name_), complete.get(name_)), name_
        assert not leftovers(state)
        assert not manifest_problems(root)
        outcomes.append(sum(state.get(n) != before.get(n) for n in state))
        # With room again, the next run completes and gives what a run on a roomy disk gives.
        in_process(root, *_args(root, argv))
        assert snapshot(root, folders) == complete
    record("disk", {f"disk_filling_mid_{name}_files_replaced": outcomes})


def test_write_atomic_keeps_the_old_file_when_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "catalog.po"
    target.write_bytes(b"old")

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageError) as refused:
        write_atomic(target, b"new")
    assert "the previous file is unchanged" in refused.value.message
    assert refused.value.hint and "free some space" in refused.value.hint
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.po"]
