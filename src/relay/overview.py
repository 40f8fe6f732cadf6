"""Where every release stands: the coordinator's matrix and the report's side-by-side views.

Takes a project and the time of asking; gives one :class:`relay.reporting.ReportRow` per
release × target language (words, memory-filled words, QA errors and warnings, the publishing
gate's decision and its reasons, the embargo) and one :class:`relay.reporting.ReleaseView` per
release (each unit's source, translation, state and findings). ``relay status`` prints the
rows; ``relay report`` renders both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from relay.checking import check_project
from relay.pipeline import load_catalog, status
from relay.project import Project, discover
from relay.publishing import publish
from relay.reporting import FindingView, LanguageView, ReleaseView, ReportRow, SegmentView
from relay.templates import template


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
