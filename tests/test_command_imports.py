"""An everyday command with nothing new to do imports none of the libraries it has no use for.

A command's start is most of an everyday run (imports were a quarter of each command at
2,000 releases), so what a run with nothing changed imports is held here: Babel (its facts
come from ``.relay-cache/cldr-facts.json``), lxml (the feeds, the report and a TBX glossary
import it when they are written or read), the process pool's modules, rapidfuzz and rich
(``-q`` prints nothing, and what is printed to a pipe is plain text). A test of the same
commands with the libraries in use is every other test: this one only fails when a module
imports one at its top again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

UNUSED = ("babel", "lxml", "multiprocessing", "concurrent", "rapidfuzz", "rich")


@pytest.fixture(autouse=True)
def _piped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output to a pipe, as rich sees it too: no variable of the CI's says it is a terminal."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def _imported(project: Path, *args: str) -> set[str]:
    """The top-level packages a command imported (``python -X importtime``)."""
    shown = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "relay", "-C", str(project), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    names = set()
    for line in shown.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, every command run on it twice (its caches and facts kept)."""
    import shutil

    repo = Path(__file__).resolve().parents[1]
    root = tmp_path_factory.mktemp("settled") / "project"
    for name in ("sources", "locales"):
        shutil.copytree(repo / name, root / name)
    shutil.copy(repo / "glossary.csv", root / "glossary.csv")
    (root / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru"]\nglossary = "glossary.csv"\n', "utf-8"
    )
    for _ in range(2):
        for command in ("extract", "check", "publish", "status"):
            subprocess.run(
                [sys.executable, "-m", "relay", "-C", str(root), "-q", command],
                capture_output=True,
                check=False,
            )
    return root


@pytest.mark.parametrize("command", ["extract", "check", "publish", "status"])
def test_a_run_with_nothing_changed_imports_no_library_it_does_not_use(
    settled: Path, command: str
) -> None:
    imported = _imported(settled, "-q", command)
    assert "relay" in imported  # the command ran and was seen
    # A status prints its table even with -q (the table is what it is for), but piped, as
    # here, as plain text: rich is not needed for it.
    assert not imported & set(UNUSED), sorted(imported & set(UNUSED))


def test_errors_printed_to_a_pipe_need_no_rich(
    settled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check's errors read by CI or a script are plain text, written without rich; where
    rich is told the output is a terminal (FORCE_COLOR), rich writes them, styled."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(settled, project)
    catalog = project / "locales" / "fr" / "2015-10-05-road-safety.po"
    text = catalog.read_text("utf-8")
    assert '"d’autres pays suivront."' in text
    catalog.write_text(text.replace('"d’autres pays suivront."', '"d’autres pays suivront 77."'))
    command = [sys.executable, "-m", "relay", "-C", str(project), "-q", "check"]
    shown = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "number-value" in shown.stdout and "77" in shown.stdout, shown.stdout
    assert "\x1b[" not in shown.stdout  # plain
    assert "rich" not in _imported(project, "-q", "check")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "rich" in _imported(project, "-q", "check")
    styled = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "\x1b[" in styled.stdout and "number-value" in styled.stdout


def test_every_locale_fact_a_check_asks_is_found_ahead() -> None:
    """A project's languages' facts are found when it is opened (``cldr.learn``), in the main
    process, and kept: a fact only a check asks, found in a check's worker, would be lost with
    the worker and looked up in Babel again by every run (0.17 s of a check, for the units of
    measure, before they were found ahead)."""
    from relay.checks import REGISTRY, Context, Translation
    from relay.core import cldr

    cldr.forget_facts()
    cldr.learn(["en", "fr", "ru"])
    assert cldr.facts_learned() is not None  # taken: what is found from now on is new
    pairs = {
        "fr": "Vendredi 19 avril 2013, 1\u202f000,5 km, 3,5 millions d’euros, 25\u00a0%, 14 h.",
        "ru": "В пятницу, 19 апреля 2013 года, 1\u00a0000,5 км, 3,5 млн евро, 25\u00a0%, 14:00.",
    }
    source = "On Friday, 19 April 2013, 1,000.5 km, EUR 3.5 million, 25 per cent, at 2 p.m."
    for lang, target in pairs.items():
        item = Translation("r", lang, "en", "u", source, target)
        for check in REGISTRY.values():
            if check.scope == "unit":
                list(check.run(item, Context()))
    assert cldr.facts_learned() is None
