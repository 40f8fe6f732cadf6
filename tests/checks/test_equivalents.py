"""Accepted equivalents: acronyms written as the project's approved translations write them are
not reported, and kept findings never hide a change of what was accepted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relay.checks.engine import check_project
from relay.checks.equivalents import equivalents_of
from relay.checks.inputs import load_equivalents
from relay.core.project import open_project

WATER = "2014-03-12-water-cooperation"


def acronym_findings(root: Path) -> list[tuple[str, str, str]]:
    report = check_project(open_project(root), langs=["fr"])
    return sorted(
        (f.check, f.slug, f.message) for f in report.findings if f.check.startswith("acronym")
    )


def test_consistent_forms_are_equivalents_and_a_mixed_one_is_not() -> None:
    units = [("UNECE helps.", "La CEE-ONU aide."), ("By UNECE.", "Par la CEE-ONU.")]
    assert equivalents_of(units) == (("UNECE", "CEE-ONU"),)
    assert equivalents_of(units[:1]) == ()  # seen once: not established
    assert equivalents_of([*units, ("UNECE said.", "La CEE a dit.")]) == ()
    # A unit that keeps the acronym as it is does not count against a form.
    assert equivalents_of([*units, ("UNECE said.", "UNECE a dit.")]) == (("UNECE", "CEE-ONU"),)


def test_the_demo_projects_translations_establish_cee_onu_and_onu(demo_project: Path) -> None:
    # No glossary here: what the approved French translations do is what is accepted.
    found = load_equivalents(open_project(demo_project))
    assert ("fr", "UNECE", "CEE-ONU") in found
    assert ("fr", "UN", "ONU") in found
    assert acronym_findings(demo_project) == []


def test_kept_findings_follow_a_change_in_another_releases_catalog(
    demo_project: Path, tmp_path: Path
) -> None:
    assert acronym_findings(demo_project) == []
    # Another release's approved translations now write UNECE another way: CEE-ONU is no
    # longer the project's consistent form, in the releases whose catalogs did not change too.
    path = demo_project / "locales" / "fr" / f"{WATER}.po"
    path.write_bytes(path.read_bytes().replace(b"CEE-ONU", b"CEE"))
    warm = acronym_findings(demo_project)
    assert any(slug != WATER for _, slug, _ in warm)
    cold = tmp_path / "cold"
    shutil.copytree(demo_project, cold, ignore=shutil.ignore_patterns(".relay-cache"))
    assert warm == acronym_findings(cold)
    # And back: the kept findings of the first check are not the ones shown now.
    path.write_bytes(path.read_bytes().replace(b"CEE", b"CEE-ONU").replace(b"CEE-ONU-ONU", b"X"))
    assert acronym_findings(demo_project) == acronym_findings(_cold_copy(demo_project, tmp_path))


def _cold_copy(root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cold2"
    shutil.copytree(root, target, ignore=shutil.ignore_patterns(".relay-cache"))
    return target


def test_shares_kept_by_stamp_give_what_reading_every_catalog_gives(
    demo_project: Path, tmp_path: Path
) -> None:
    """The shares kept by each catalog's stamp (one new release among thousands reads only its
    own catalogs) give the equivalents a project with no cache gives, through changes."""
    from relay.checks.inputs import _equivalents

    def kept() -> tuple[tuple[str, str, str], ...]:
        _equivalents.cache_clear()  # the file of the cache, not this process's memory
        return load_equivalents(open_project(demo_project))

    def cold(name: str) -> tuple[tuple[str, str, str], ...]:
        _equivalents.cache_clear()
        target = tmp_path / name
        shutil.copytree(demo_project, target, ignore=shutil.ignore_patterns(".relay-cache"))
        return load_equivalents(open_project(target))

    assert kept() == cold("first") and ("fr", "UNECE", "CEE-ONU") in kept()
    assert (demo_project / ".relay-cache" / "equivalents-by-stamp.json").is_file()
    path = demo_project / "locales" / "fr" / f"{WATER}.po"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"CEE-ONU", b"CEE"))  # changed in place
    assert kept() == cold("changed") and ("fr", "UNECE", "CEE-ONU") not in kept()
    copy = path.with_name("2099-01-01-copy.po")
    copy.write_bytes(data)  # a catalog more
    assert kept() == cold("added")
    path.unlink()  # and one less
    assert kept() == cold("removed") and ("fr", "UNECE", "CEE-ONU") in kept()


def test_the_equivalents_of_catalogs_as_they_are_are_kept_whole(
    demo_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run with every catalog as it was (publish after check, status) takes the
    equivalents kept whole, reading no share; a changed catalog makes them be combined again,
    as a project with no cache combines them."""
    from relay.checks import inputs

    def again() -> tuple[tuple[str, str, str], ...]:
        inputs._equivalents.cache_clear()  # the file of the cache, not this process's memory
        return load_equivalents(open_project(demo_project))

    first = again()
    opened = []
    real = inputs._SharesByStamp.open
    monkeypatch.setattr(
        inputs._SharesByStamp, "open", classmethod(lambda cls, p: opened.append(p) or real(p))
    )
    assert again() == first and opened == []
    path = demo_project / "locales" / "fr" / f"{WATER}.po"
    path.write_bytes(path.read_bytes().replace(b"CEE-ONU", b"CEE"))
    changed = again()
    assert opened and changed != first
    assert ("fr", "UNECE", "CEE-ONU") not in changed
