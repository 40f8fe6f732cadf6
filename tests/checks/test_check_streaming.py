"""relay check release by release gives what checking every catalog at once gives: the same
findings, in the same order, with the same suppressions, for every release or a few."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from relay.catalogs.po import load_catalog, write_po
from relay.catalogs.templates import template
from relay.checks import REGISTRY, Context, Translation
from relay.checks.across import LANGUAGE_CHECKS
from relay.checks.consistency_index import KeptIndex
from relay.checks.engine import check_project
from relay.checks.findings import SEVERITIES
from relay.checks.inputs import load_glossary, severities, source_lang_of, translations
from relay.checks.results import CheckReport
from relay.checks.runner import by_key, check_units, cross, finish, in_order
from relay.checks.suppression import comment_for
from relay.core.errors import CatalogError
from relay.core.project import open_project
from relay.sources.discovery import discover, discover_heads

SEED = "2013-04-23-kazakhstan-innovation"


def every_translation(root: Path) -> list[Translation]:
    """Load every catalog of a project at once, as relay check did before it streamed."""
    project = open_project(root)
    items: list[Translation] = []
    for release in discover(project).releases:
        for lang in project.config.target_langs:
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError:
                continue
            catalog = catalog if catalog is not None else template(release)
            source_lang = source_lang_of(project, release)
            items.extend(translations(project, release.slug, source_lang, lang, catalog))
    return items


def all_at_once(root: Path, slugs: set[str] | None = None) -> list:
    """Run every check over every translation held at once (the engine's building blocks,
    without streaming, digests or kept findings) and give the findings about ``slugs``."""
    project = open_project(root)
    context = Context(load_glossary(project))
    items = every_translation(root)
    wanted = slugs if slugs is not None else {item.slug for item in items}
    findings = check_units([item for item in items if item.slug in wanted], context)
    by_lang: dict[str, list[Translation]] = {}
    by_release: dict[str, list[Translation]] = {}
    for item in items:
        by_lang.setdefault(item.lang, []).append(item)
        if item.slug in wanted:
            by_release.setdefault(item.slug, []).append(item)
    across = cross("language", by_lang.values()) + cross("release", by_release.values())
    findings.extend(finding for finding in across if finding.slug in wanted)
    return in_order(finish(findings, by_key(items), severities(project)))


def make_inconsistent(root: Path) -> None:
    """Translate one source two ways and give one translation to several sources, across
    releases; suppress one of the findings; drop a catalog (its template stands in)."""
    for lang in ("fr", "ru"):
        for number, path in enumerate(sorted((root / "locales" / lang).glob("*.po"))):
            catalog = load_catalog(path)
            assert catalog is not None
            entries = list(catalog.entries)
            for index, entry in enumerate(entries):
                if not entry.msgstr:
                    continue
                if index % 7 == 3:
                    entries[index] = entry.with_(msgstr="Texte commun.")
                elif index % 11 == 5 and number % 2:
                    entries[index] = entry.with_(msgstr=entry.msgstr + " bis")
            catalog.entries[:] = entries
            path.write_bytes(write_po(catalog))
    (root / "locales" / "ru" / f"{SEED}.po").unlink()
    source = (root / "sources" / "2014-03-12-water-cooperation.md").read_text("utf-8")
    (root / "sources" / "2016-01-01-copy.md").write_text(
        source.replace("slug: 2014-03-12-water-cooperation", "slug: 2016-01-01-copy"), "utf-8"
    )
    shutil.copy(
        root / "locales" / "fr" / "2014-03-12-water-cooperation.po",
        root / "locales" / "fr" / "2016-01-01-copy.po",
    )


def suppress_first(root: Path, check: str) -> None:
    [finding, *_] = [f for f in all_at_once(root) if f.check == check]
    path = root / finding.location.split(":")[0]
    text = path.read_text("utf-8")
    marker = f"#. id: {finding.unit}\n"
    path.write_text(text.replace(marker, f"# {comment_for(finding)}\n{marker}", 1), "utf-8")


@pytest.fixture
def inconsistent(glossary_project: Path) -> Path:
    make_inconsistent(glossary_project)
    suppress_first(glossary_project, "inconsistent-translation")
    suppress_first(glossary_project, "inconsistent-source")
    return glossary_project


def test_streaming_gives_the_findings_of_checking_everything_at_once(inconsistent: Path) -> None:
    expected = all_at_once(inconsistent)
    checks = {f.check for f in expected}
    assert {"inconsistent-translation", "inconsistent-source", "untranslated"} <= checks
    assert any(f.suppressed and f.check.startswith("inconsistent") for f in expected)
    assert check_project(open_project(inconsistent)).findings == expected


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_few_releases_are_checked_against_all_of_them(
    inconsistent: Path, workers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAY_WORKERS", workers)
    monkeypatch.setattr("relay.runtime.workers.MIN_ITEMS", 1)  # workers even for a few releases
    wanted = {SEED, "2016-01-01-copy"}
    report = check_project(open_project(inconsistent), slugs=sorted(wanted))
    assert report.findings == all_at_once(inconsistent, wanted)
    assert {f.slug for f in report.findings} == wanted


def test_the_heads_name_the_releases_discover_reads(inconsistent: Path) -> None:
    (inconsistent / "sources" / "broken.md").write_bytes(b"\xff\xfe not UTF-8")
    (inconsistent / "sources" / "again.md").write_bytes(
        (inconsistent / "sources" / "2014-03-12-water-cooperation.md").read_bytes()
    )
    project = open_project(inconsistent)
    found, heads = discover(project), discover_heads(project)
    assert [h.slug for h in heads.releases] == [r.slug for r in found.releases]
    assert [h.metadata for h in heads.releases] == [r.document.metadata for r in found.releases]
    assert [str(e) for e in heads.errors] == [str(e) for e in found.errors]
    assert heads.releases[0].read(project) == found.releases[0]


def _translate_again(root: Path, lang: str, slug: str, text: str) -> None:
    """Give a release's first translated unit another translation (as an import does)."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    entries = list(catalog.entries)
    at = next(index for index, entry in enumerate(entries) if entry.msgstr)
    entries[at] = entries[at].with_(msgstr=text)
    catalog.entries[:] = entries
    path.write_bytes(write_po(catalog))


def test_the_kept_briefs_give_what_checking_everything_gives(inconsistent: Path) -> None:
    """A check after one catalog changed takes the other releases from what it kept (their
    findings, and their digests in the kept index): it finds what checking every catalog at
    once finds."""
    check_project(open_project(inconsistent))  # keeps every release's brief
    _translate_again(inconsistent, "fr", "2014-03-12-water-cooperation", "Texte commun.")
    expected = all_at_once(inconsistent)
    assert check_project(open_project(inconsistent)).findings == expected
    assert check_project(open_project(inconsistent)).findings == expected  # nothing changed
    for kept in (inconsistent / ".relay-cache" / "findings").iterdir():
        kept.unlink()  # no brief, no findings kept: everything is read again
    assert check_project(open_project(inconsistent)).findings == expected


def test_a_check_of_errors_only_counts_what_a_whole_check_counts(inconsistent: Path) -> None:
    """``only="error"`` (``relay check -q``) reads only the releases holding an error: its
    counts and its errors are those of the whole report, cold, from the briefs, after a
    change."""
    _translate_again(inconsistent, "ru", "2014-03-12-water-cooperation", "1999")
    # Errors in one release only: a check that finds something in that unit and nowhere else.
    found = check_project(open_project(inconsistent)).findings
    elsewhere = {f.check for f in found if f.slug != "2014-03-12-water-cooperation"}
    [edited, *_] = [
        f.check for f in found if f.lang == "ru" and f.target == "1999" and f.check not in elsewhere
    ]
    lowered = [c for c, check in REGISTRY.items() if check.severity == "error" and c != edited]
    config = inconsistent / "relay.toml"
    table = "".join(f'{c} = "warning"\n' for c in lowered) + f'{edited} = "error"\n'
    config.write_text(config.read_text("utf-8") + f"[checks]\n{table}", "utf-8")
    whole = check_project(open_project(inconsistent))
    assert whole.count("error") and whole.count("warning")

    def same(report: CheckReport) -> None:
        assert [report.count(s) for s in SEVERITIES] == [whole.count(s) for s in SEVERITIES]
        assert (report.suppressed, report.catalogs, report.units) == (
            whole.suppressed, whole.catalogs, whole.units,
        )  # fmt: skip
        errors = list(report.findings.of_severity("error"))
        assert errors == list(whole.findings.of_severity("error"))
        assert errors == [f for f in whole.findings if f.severity == "error"]

    for _ in range(2):  # the second from the briefs kept by the first
        same(check_project(open_project(inconsistent), only="error"))
    _translate_again(inconsistent, "fr", SEED, "Texte commun.")
    whole = check_project(open_project(inconsistent))
    same(check_project(open_project(inconsistent), only="error"))
    quiet = check_project(open_project(inconsistent), only="error")
    # The releases without an error are not read: only what is checked across releases is held.
    with_errors = {f.slug for f in whole.findings if f.severity == "error"}
    assert {f.slug for f in whole.findings} - with_errors  # there are some
    assert {f.slug for f in quiet.findings if f.check not in LANGUAGE_CHECKS} == with_errors
    # Cold (nothing kept: every release read), the releases without an error are checked and
    # counted, and their findings not held to the end of the run.
    cache = inconsistent / ".relay-cache"
    for kept in [*(cache / "findings").iterdir(), *cache.glob("briefs-*")]:
        kept.unlink()
    cold = check_project(open_project(inconsistent), only="error")
    same(cold)
    assert {f.slug for f in cold.findings if f.check not in LANGUAGE_CHECKS} == with_errors


def test_a_check_indexes_again_only_the_releases_that_changed(
    inconsistent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one catalog changed, the checks across releases index that release alone (the
    others' digests are kept) and find what checking every catalog at once finds; with the
    index lost, every release is indexed again, with the same findings."""
    check_project(open_project(inconsistent))
    indexed: list[str] = []
    put = KeptIndex.put

    def spy(self: KeptIndex, name: str, key: str | None, digests: Any) -> None:
        indexed.append(name)
        put(self, name, key, digests)

    monkeypatch.setattr(KeptIndex, "put", spy)
    _translate_again(inconsistent, "fr", "2014-03-12-water-cooperation", "Texte commun.")
    assert check_project(open_project(inconsistent)).findings == all_at_once(inconsistent)
    assert indexed == ["sources/2014-03-12-water-cooperation.md"]
    indexed.clear()
    for path in (inconsistent / ".relay-cache").glob("consistency-*"):
        path.unlink()
    _translate_again(inconsistent, "ru", "2014-03-12-water-cooperation", "Texte commun.")
    assert check_project(open_project(inconsistent)).findings == all_at_once(inconsistent)
    releases = discover_heads(open_project(inconsistent)).releases
    assert sorted(indexed) == sorted(str(head.source.relative) for head in releases)
