"""Where every release stands: the coordinator's matrix and the report's side-by-side views.

Takes a project and the time of asking; gives one :class:`relay.report.html.ReportRow` per
release × target language (words, memory-filled words, QA errors and warnings, the publishing
gate's decision and its reasons, the embargo) and one :class:`relay.report.html.ReleaseView` per
release (each unit's source, translation, state and findings). ``relay status`` prints the
rows; ``relay report`` renders both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from relay.catalogs.catalog import Counts, count_words, counts
from relay.catalogs.po import load_catalog
from relay.catalogs.templates import template
from relay.checks.engine import check_project
from relay.core.errors import CatalogError, RelayError
from relay.core.project import Project, select_langs
from relay.exchange.notes import OpenNote, open_notes_of
from relay.memory import COMMENT
from relay.publish.run import publish
from relay.report.html import FindingView, LanguageView, ReleaseView, ReportRow, SegmentView
from relay.sources.discovery import discover, select


@dataclass(frozen=True)
class StatusRow:
    slug: str
    lang: str
    counts: Counts
    title: str | None
    # Words (and units) of active entries memory filled, whatever their state now.
    memory_words: int = 0
    memory_units: int = 0
    # The translators' notes and queries no coordinator has resolved yet.
    notes: tuple[OpenNote, ...] = ()


def status(
    project: Project, slugs: Sequence[str] = (), langs: Sequence[str] = ()
) -> tuple[list[StatusRow], list[RelayError]]:
    """Count, per release and language, what is translated, fuzzy and untranslated."""
    found = discover(project)
    releases = select(found.releases, slugs)
    rows: list[StatusRow] = []
    errors: list[RelayError] = list(found.errors)
    for release in releases:
        for lang in select_langs(project, langs):
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                errors.append(error)
                continue
            if catalog is None:
                catalog = template(release)
                # An unextracted release counts as wholly untranslated.
            filled = [
                entry
                for entry in catalog.active
                if any(line.startswith(COMMENT) for line in entry.comments)
            ]
            rows.append(
                StatusRow(
                    release.slug,
                    lang,
                    counts(catalog),
                    release.document.metadata.title,
                    memory_words=sum(count_words(entry.msgid) for entry in filled),
                    memory_units=len(filled),
                    notes=tuple(open_notes_of(catalog.active, release.slug, lang)),
                )
            )
    return rows, errors


def overview(
    project: Project, *, now: dt.datetime | None = None
) -> tuple[list[ReportRow], list[ReleaseView]]:
    """Gather the state of every release in every target language (writes nothing)."""
    gates = {(v.slug, v.lang): v for v in publish(project, dry_run=True, now=now).variants}
    checked = check_project(project)
    by_unit: dict[tuple[str, str | None, str], list[FindingView]] = defaultdict(list)
    for finding in checked.findings:
        if finding.suppressed:
            continue
        view = FindingView(finding.severity, finding.check, finding.message)
        by_unit[(finding.slug, finding.lang, finding.source)].append(view)
    status_rows, _ = status(project)
    memory = {(row.slug, row.lang): getattr(row, "memory_words", 0) for row in status_rows}
    notes = {(row.slug, row.lang): row.notes for row in status_rows}
    rows: list[ReportRow] = []
    releases: list[ReleaseView] = []
    for release in discover(project).releases:
        views = []
        for lang in project.config.target_langs:
            catalog = load_catalog(project.catalog_path(lang, release.slug)) or template(release)
            segments = tuple(
                SegmentView(
                    entry.msgid,
                    entry.msgstr,
                    entry.state,
                    tuple(by_unit.get((release.slug, lang, entry.msgid), ())),
                )
                for entry in catalog.active
            )
            views.append(LanguageView(lang, segments))
            findings = [f for segment in segments for f in segment.findings]
            variant = gates[(release.slug, lang)]
            tally = variant.counts
            rows.append(
                ReportRow(
                    slug=release.slug,
                    lang=lang,
                    translated_words=tally.translated_words,
                    fuzzy_words=tally.fuzzy_words,
                    untranslated_words=tally.untranslated_words,
                    memory_words=memory.get((release.slug, lang), 0),
                    errors=sum(f.severity == "error" for f in findings),
                    warnings=sum(f.severity == "warning" for f in findings),
                    gate=variant.gate,
                    reasons=variant.reasons,
                    embargo=release.document.metadata.embargo,
                    notes=tuple(
                        (note.unit, note.source, note.text)
                        for note in notes.get((release.slug, lang), ())
                    ),
                )
            )
        metadata = release.document.metadata
        releases.append(
            ReleaseView(
                release.slug,
                metadata.title,
                metadata.lang or project.config.source_lang,
                metadata.date,
                tuple(views),
            )
        )
    return rows, releases
