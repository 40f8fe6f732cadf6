"""One engine: the publishing gate and ``relay check`` find the same errors in every variant,
whether the findings kept by a check are used or there are none; and a check with nothing
changed since the last one parses no catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_check_streaming import SEED, make_inconsistent, suppress_first

from relay.catalogs import po
from relay.checks import REGISTRY, Finding, inputs
from relay.checks.engine import check_project
from relay.checks.gate import GATE_SKIPS, blocking_findings
from relay.core.project import CACHE_FOLDER, open_project
from relay.publish.run import publish
from relay.runtime import workers as parallel
from relay.sources.discovery import discover

ACROSS = ("variant-mismatch", "inconsistent-translation", "inconsistent-source")


@pytest.fixture(autouse=True)
def _one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked: a patched function must be the one they run.
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")


@pytest.fixture
def seeded(glossary_project: Path) -> Path:
    """Errors of every scope: a wrong date (unit), the checks across a release's languages and
    across a language's releases made errors, one of their findings suppressed."""
    root = glossary_project
    make_inconsistent(root)
    path = root / "locales" / "fr" / f"{SEED}.po"
    path.write_bytes(path.read_bytes().replace(b"19 avril 2013", b"19 avril 2012"))
    path = root / "locales" / "ru" / "2014-03-12-water-cooperation.po"
    text = path.read_text("utf-8")
    assert "2013" in text
    path.write_text(text.replace("2013", "2031", 1), "utf-8")
    config = root / "relay.toml"
    severities = "".join(f'{check} = "error"\n' for check in ACROSS)
    config.write_text(config.read_text("utf-8") + f"[checks]\n{severities}", "utf-8")
    suppress_first(root, "inconsistent-translation")
    return root


def _errors_of_check(root: Path) -> dict[tuple[str, str], list[Finding]]:
    """The findings of relay check that a gate must block on, by variant."""
    found: dict[tuple[str, str], list[Finding]] = {}
    for f in check_project(open_project(root)).findings:
        if f.severity == "error" and not f.suppressed and f.check not in GATE_SKIPS:
            found.setdefault((f.slug, f.lang or ""), []).append(f)
    return found


def _errors_of_gate(root: Path, *, keep: bool) -> dict[tuple[str, str], list[Finding]]:
    project = open_project(root)
    found = {}
    for release in discover(project).releases:
        for lang in project.config.target_langs:
            blocking = blocking_findings(project, release, lang, keep=keep)
            if blocking:
                found[(release.slug, lang)] = blocking
    return found


def test_the_gate_and_check_find_the_same_errors_with_kept_findings_or_none(
    seeded: Path, tmp_path: Path
) -> None:
    cold = tmp_path / "cold" / "p"
    shutil.copytree(seeded, cold)
    # A first check keeps its findings; the second reads them, and so does the gate.
    _errors_of_check(seeded)
    kept = _errors_of_check(seeded)
    assert (seeded / CACHE_FOLDER / "findings").is_dir()
    assert _errors_of_gate(seeded, keep=True) == kept
    # Nothing kept: the same errors, from checks run again.
    assert not (cold / CACHE_FOLDER).exists()
    assert _errors_of_gate(cold, keep=False) == kept
    assert _errors_of_check(cold) == kept
    checks = {f.check for found in kept.values() for f in found}
    assert {"date-value", "inconsistent-translation", "inconsistent-source"} <= checks
    assert len({lang for _, lang in kept}) == 2
    # What publish records of each variant is what the gate found.
    report = publish(open_project(seeded), dry_run=True)
    for variant in report.variants:
        if variant.is_source or variant.counts.total == 0:
            continue
        expected = kept.get((variant.slug, variant.lang), [])
        assert [(f["check"], f["unit"]) for f in variant.findings] == [
            (f.check, f.unit) for f in expected
        ]
        assert (variant.gate == "blocked") >= bool(expected)


def test_a_second_check_with_nothing_changed_parses_no_catalog(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check_project(open_project(seeded))
    few = check_project(open_project(seeded), slugs=[SEED], langs=["fr"])
    assert any(REGISTRY[f.check].scope == "language" for f in first.findings)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a catalog was read again")

    monkeypatch.setattr(po, "read_po", refuse)
    monkeypatch.setattr(po, "read_with_toolkit", refuse)
    monkeypatch.setattr(inputs, "msgid_lines", refuse)
    again = check_project(open_project(seeded))
    assert again.findings == first.findings
    assert (again.catalogs, again.units, again.errors) == (first.catalogs, first.units, [])
    assert check_project(open_project(seeded), slugs=[SEED], langs=["fr"]).findings == few.findings


def test_what_changed_since_the_last_check_is_read_again(seeded: Path, tmp_path: Path) -> None:
    before = check_project(open_project(seeded))
    ru = {f.check for f in before.findings if (f.slug, f.lang) == (SEED, "ru")}
    assert "untranslated" in ru  # no catalog: its template stands in
    # The missing catalog appears; a source's title changes; a catalog is touched.
    shutil.copy(seeded / "locales" / "fr" / f"{SEED}.po", seeded / "locales" / "ru" / f"{SEED}.po")
    source = seeded / "sources" / "2014-03-12-water-cooperation.md"
    source.write_text(source.read_text("utf-8").replace("title: ", "title: New ", 1), "utf-8")
    (seeded / "locales" / "fr" / "2015-10-05-road-safety.po").touch()
    again = check_project(open_project(seeded))
    ru = {f.check for f in again.findings if (f.slug, f.lang) == (SEED, "ru")}
    assert "untranslated" not in ru
    cold = tmp_path / "cold" / "p"
    shutil.copytree(seeded, cold)
    shutil.rmtree(cold / CACHE_FOLDER)
    assert again.findings == check_project(open_project(cold)).findings
