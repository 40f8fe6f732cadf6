"""The error corpus: every seeded error is found, correct translations raise no alarm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.checks_corpus import CORPUS, load_cases, run_relay, score

from relay.checks import REGISTRY
from relay.checks.source import name_variants
from relay.core.project import Project
from relay.sources.discovery import read_release

SEVERITY = {check_id: check.severity for check_id, check in REGISTRY.items()}


@pytest.fixture(scope="module")
def results() -> tuple[list, dict]:
    cases = load_cases()
    found = run_relay(cases)
    flagged = {key: {f.check for f in findings} for key, findings in found.items()}
    return cases, score(cases, flagged, SEVERITY)


def test_every_translation_check_has_seeded_errors_in_french_or_russian(results) -> None:
    cases, _ = results
    seeded = {case.expect for case in cases if case.expect != "ok"}
    wanted = {c.id for c in REGISTRY.values() if c.scope != "source"}
    assert wanted <= seeded, f"checks without a seeded error: {sorted(wanted - seeded)}"
    assert {case.lang for case in cases} == {"fr", "ru"}


def test_every_seeded_error_is_found(results) -> None:
    _, scores = results
    missed = {check: s.missed for check, s in scores.items() if s.missed}
    assert not missed


def test_correct_translations_raise_no_error_and_no_warning(results) -> None:
    _, scores = results
    alarms = {
        check: (s.false_errors, s.false_warnings)
        for check, s in scores.items()
        if s.false_errors or s.false_warnings
    }
    assert not alarms


def _release(name: str, tmp_path: Path):
    from relay.core.project import Config

    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True, exist_ok=True)
    path = root / "sources" / name
    path.write_bytes((CORPUS / "sources" / name).read_bytes())
    project = Project(root, Config(source_lang="en", target_langs=("fr",)))
    from pathlib import PurePosixPath

    return read_release(project, path, PurePosixPath("sources", name)), path.read_text("utf-8")


@pytest.mark.parametrize("name", ["clean.txt", "seeded.txt"])
def test_source_checks_find_what_is_seeded_and_nothing_else(name: str, tmp_path: Path) -> None:
    expected = json.loads((CORPUS / "sources" / "expected.json").read_text("utf-8"))[name]
    release, text = _release(name, tmp_path)
    fired = {
        finding.check
        for check in REGISTRY.values()
        if check.scope == "source"
        for finding in check.run(release, text)
    }
    assert fired == set(expected)


def test_name_variants_report_the_later_spelling(tmp_path: Path) -> None:
    release, text = _release("seeded.txt", tmp_path)
    [finding] = name_variants(release, text)
    assert "“Markovic”" in finding.message and "“Marković”" in finding.message
    assert finding.location.endswith("seeded.txt:7")
