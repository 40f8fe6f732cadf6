"""``relay status`` counts each release's findings from what check keeps of it (its brief, or
its findings counted as it is checked), never from every finding listed: its counts must be
exactly those the full overview makes from every finding, whatever the project holds (errors,
suppressed findings, findings across releases, a text two units share) and whatever changed
(a new release, a returned file, a check that kept only briefs)."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.checks import Finding
from relay.checks.across import LANGUAGE_CHECKS
from relay.checks.engine import check_project, count_project
from relay.checks.release import unit_counts
from relay.checks.suppression import comment_for
from relay.core.project import open_project
from relay.exchange.handoff import export_packages, import_files
from relay.extract.run import extract
from relay.report.status import overview

NOW = dt.datetime(2029, 12, 1, tzinfo=dt.UTC)
SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
SHARED = "United Nations Economic Commission for Europe"  # a text of SEED's


def edit(root: Path, lang: str, slug: str, change: object) -> None:
    """Rewrite one catalog's entries with ``change(number, entry)``."""
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    entries = [change(number, entry) for number, entry in enumerate(catalog.entries)]  # type: ignore[operator]
    path.write_bytes(write_po(Catalog(catalog.header, entries)))


def rows_both_ways(root: Path) -> list:
    """The status rows counted from what check keeps, checked against the full overview's."""
    project = open_project(root)
    fast = overview(project, now=NOW, units=False)
    slow = overview(project, now=NOW)
    assert fast.rows == slow.rows
    assert [str(e) for e in fast.errors] == [str(e) for e in slow.errors]
    return fast.rows


@pytest.fixture
def project(demo_project: Path) -> Path:
    """The demo project with errors (numbers dropped), a suppressed finding, and two
    releases translating a text differently (a finding across releases)."""
    extract(open_project(demo_project))

    def translated(number: int, entry):  # type: ignore[no-untyped-def]
        # Digits dropped from some units: number errors; the others kept as they are.
        text = entry.msgid if number % 3 else "".join(c for c in entry.msgid if not c.isdigit())
        return entry.with_(msgstr=f"FR {text}", fuzzy=False)

    edit(demo_project, "fr", SEED, translated)
    edit(demo_project, "fr", WATER, lambda n, e: e.with_(msgstr=f"Autre {e.msgid}", fuzzy=False))
    edit(demo_project, "ru", SEED, lambda n, e: e.with_(msgstr=e.msgid, fuzzy=n % 2 == 0))
    # Two findings suppressed by a translator's comment: one of a unit check, one across
    # releases (SEED and WATER translate a text differently).
    found = [f for f in check_project(open_project(demo_project)).findings if f.slug == SEED]
    found = [f for f in found if f.lang == "fr" and f.severity in ("error", "warning")]
    chosen = [
        next(f for f in found if f.check not in LANGUAGE_CHECKS),
        next(f for f in found if f.check in LANGUAGE_CHECKS),
    ]

    def suppress(number: int, entry):  # type: ignore[no-untyped-def]
        comments = [comment_for(f) for f in chosen if f.source == entry.msgid]
        return entry.with_(comments=(*entry.comments, *comments))

    edit(demo_project, "fr", SEED, suppress)
    return demo_project


def test_counts_equal_the_full_overview_cold_from_briefs_and_after_changes(
    project: Path, tmp_path: Path
) -> None:
    first = rows_both_ways(project)
    assert any(row.errors for row in first) and any(row.warnings for row in first)
    assert check_project(open_project(project)).suppressed == 2
    # After ``relay check -q``, which keeps every release's brief.
    check_project(open_project(project), only="error")
    assert rows_both_ways(project) == first
    # After one new release, extracted but not yet translated, then translated otherwise
    # than a text it shares with another release (a finding across releases).
    new = project / "sources" / "2016-01-01-new-release.md"
    front = "---\ntitle: New\ndate: 2016-01-01\nslug: 2016-01-01-new-release\n---\n\n"
    new.write_text(front + f"{SHARED}\n\nIts own text.\n", "utf-8")
    extract(open_project(project))
    assert ("2016-01-01-new-release", "fr", 3) in [
        (r.slug, r.lang, r.errors) for r in rows_both_ways(project)
    ]
    edit(project, "fr", new.stem, lambda n, e: e.with_(msgstr=f"Autre {e.msgid}", fuzzy=False))
    rows_both_ways(project)
    assert count_project(open_project(project)).between
    # After one returned file.
    exported, _ = export_packages(open_project(project), lang="ru", slugs=[WATER], out=tmp_path)
    returned = load_catalog(exported[0].path)
    assert returned is not None
    filled = [e.with_(msgstr=f"RU {e.msgid}", fuzzy=False) for e in returned.entries]
    exported[0].path.write_bytes(write_po(Catalog(returned.header, filled)))
    assert import_files(open_project(project), [exported[0].path]).files[0].written
    rows_both_ways(project)


def test_count_project_counts_what_check_project_lists(project: Path) -> None:
    """Each release's counts, and the findings across releases, against every finding listed
    (counted once per unit carrying its source text)."""
    root = open_project(project)
    listed = check_project(root)
    counted = count_project(root)
    between = Counter(counted.between)
    for slug, per_lang in counted.counted.items():
        for lang, errors, warnings in per_lang:
            catalog = load_catalog(root.catalog_path(lang, slug))
            assert catalog is not None
            texts = Counter(entry.msgid for entry in catalog.active)
            about = Counter(f for f in listed.findings if (f.slug, f.lang) == (slug, lang))
            own = [f for f in about - between if not f.suppressed for _ in range(about[f])]
            assert errors == sum(texts[f.source] for f in own if f.severity == "error")
            assert warnings == sum(texts[f.source] for f in own if f.severity == "warning")


def finding(lang: str, source: str, severity: str, suppressed: bool = False) -> Finding:
    return Finding("check", severity, "slug", lang, "u", source, "", "", suppressed=suppressed)  # type: ignore[arg-type]


def test_unit_counts_count_once_per_unit_of_a_text() -> None:
    sources = {"fr": Counter({"Shared": 2, "Alone": 1}), "ru": Counter({"Alone": 1})}
    found = [
        finding("fr", "Shared", "error"),
        finding("fr", "Alone", "warning"),
        finding("fr", "Alone", "error", suppressed=True),
        finding("fr", "Gone", "error"),
        finding("ru", "Alone", "info"),
        finding("de", "Alone", "error"),
    ]
    assert unit_counts(found, sources) == (("fr", 2, 1), ("ru", 0, 0))


def test_a_status_holds_the_gates_of_one_chunk_of_releases_at_a_time(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first status (nothing kept of the last) takes publishing's decisions a chunk of
    releases at a time (their summaries are read together), never all: a status of 20,000
    releases held every release's variants, most of its memory. With chunks of one release,
    only the release before is still held when the next comes."""
    from relay.report import status, status_rows

    monkeypatch.setattr(status_rows, "MANY", 1)

    decide_each = status.decisions
    alive: list[weakref.ref[object]] = []
    held: list[int] = []
    sizes: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        errors, each = decide_each(*args, **kwargs)

        def one_by_one() -> Iterator[Any]:
            for release, variants in each:
                gc.collect()
                held.append(sum(ref() is not None for ref in alive))
                alive.extend(weakref.ref(variant) for variant in variants)
                sizes.append(len(variants))
                yield release, variants

        return errors, one_by_one()

    monkeypatch.setattr(status, "decisions", watched)
    first = overview(open_project(project), now=NOW, units=False)
    assert len(sizes) >= 3 and first.rows
    # Only the release before is still held (its row was just made) when the next comes.
    assert max(held) <= max(sizes) < len(alive)
    assert first.rows == overview(open_project(project), now=NOW).rows
