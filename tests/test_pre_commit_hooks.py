"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the pre-commit tool itself.

``pre-commit try-repo`` reads this repository's manifest, installs relay from it into the
hooks' own virtualenv (pip builds it with setuptools, and installs relay's dependencies: from
PyPI, or a wheelhouse pip is pointed at), and runs the hooks on a temporary git repository
holding the sample project.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.paths import REPO

SLUG = "2013-04-23-kazakhstan-innovation"


def test_the_manifest_follows_pre_commits_conventions() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [hook["id"] for hook in hooks] == ["relay-extract-check", "relay-check"]
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert {"id", "name", "entry", "files"} <= set(hook)
    assert hooks[0]["entry"] == "relay extract --check" and hooks[1]["entry"] == "relay check"


@pytest.mark.slow
def test_hooks_run_through_pre_commit(sample_project: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.fail("pre-commit (in the test extra) is not installed: run scripts/setup")
    root = sample_project
    (root / ".gitignore").write_text("/.relay-cache/\n/public/\n", "utf-8")
    # The hooks run relay as installed in their own environment, not these sources.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=900
        )

    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "config", "user.name", "Test Coordinator"],
        ["git", "config", "user.email", "coordinator@example.org"],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "sample project"],
    ):
        assert run(*command).returncode == 0
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO)]

    result = run(*try_repo, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "relay extract --check" in result.stdout and "relay check" in result.stdout
    assert result.stdout.count("Passed") == 2

    source = root / "sources" / f"{SLUG}.html"
    source.write_text(source.read_text("utf-8").replace("Deputy Prime", "First Deputy Prime"))
    result = run(*try_repo, "relay-extract-check", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "relay extract --check" in result.stdout and "Failed" in result.stdout
    assert f"locales/fr/{SLUG}.po" in result.stdout
    assert "3 of 9 catalogs would be updated" in result.stdout
    assert not run("git", "status", "--porcelain", "locales").stdout  # nothing was written
