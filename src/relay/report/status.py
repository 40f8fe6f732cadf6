"""Where every release stands: the coordinator's matrix and the report's side-by-side views.

Takes a project, optionally the releases and languages asked about, and the time of asking;
gives an :class:`Overview`: one :class:`relay.report.html.ReportRow` per release × language
(units and words, memory-filled words, QA errors and warnings, the publishing gate's decision
and its reasons, the embargo), one :class:`relay.report.html.ReleaseView` per release (each
unit's source, translation, state and findings), and what could not be read. Each catalog is
read once for all of it. ``relay status`` prints the rows; ``relay report`` renders both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from relay.catalogs.catalog import (
    PREVIOUS_BY_PREFIX,
    PREVIOUS_PREFIX,
    Catalog,
    Entry,
    count_words,
    counts,
    level_counts,
    level_of,
    review_of,
)
from relay.catalogs.po import load_catalog
from relay.catalogs.templates import template
from relay.checks.engine import check_project
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.exchange.notes import open_notes_of
from relay.exchange.returned import from_one_line
from relay.memory import COMMENT
from relay.publish.run import Variant, publish
from relay.report.html import FindingView, LanguageView, ReleaseView, ReportRow, SegmentView
from relay.sources.discovery import discover, select


@dataclass(frozen=True)
class Overview:
    rows: list[ReportRow] = field(default_factory=list)
    releases: list[ReleaseView] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def overview(
    project: Project,
    slugs: Sequence[str] = (),
    langs: Sequence[str] = (),
    *,
    now: dt.datetime | None = None,
) -> Overview:
    """Gather the state of the named releases (all by default) in the named languages (all
    target languages by default); writes nothing."""
    found = discover(project)
    releases = select(found.releases, slugs)
    chosen = select_langs(project, langs)
    result = Overview(errors=list(found.errors))
    gates = {(v.slug, v.lang): v for v in publish(project, dry_run=True, now=now).variants}
    checked = check_project(project, langs=chosen, slugs=slugs)
    by_unit: dict[tuple[str, str | None, str], list[FindingView]] = defaultdict(list)
    for finding in checked.findings:
        if finding.suppressed:
            continue
        view = FindingView(finding.severity, finding.check, finding.message)
        by_unit[(finding.slug, finding.lang, finding.source)].append(view)
    for release in releases:
        views = []
        for lang in chosen:
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                result.errors.append(error)
                continue
            # An unextracted release counts as wholly untranslated.
            catalog = catalog or template(release)
            segments = tuple(
                SegmentView(
                    entry.msgid,
                    entry.msgstr,
                    entry.state,
                    tuple(by_unit.get((release.slug, lang, entry.msgid), ())),
                    **_revision(entry),
                )
                for entry in catalog.active
            )
            views.append(LanguageView(lang, segments))
            variant = gates.get((release.slug, lang))
            if variant is None:  # publishing could not decide it: its error is reported
                continue
            result.rows.append(_row(release, lang, catalog, segments, variant))
        metadata = release.document.metadata
        result.releases.append(
            ReleaseView(
                release.slug,
                metadata.title,
                metadata.lang or project.config.source_lang,
                metadata.date,
                tuple(views),
            )
        )
    return result


def _row(
    release: Release,
    lang: str,
    catalog: Catalog,
    segments: tuple[SegmentView, ...],
    variant: Variant,
) -> ReportRow:
    # Words and units of active entries memory filled, whatever their state now.
    filled = [
        entry
        for entry in catalog.active
        if any(line.startswith(COMMENT) for line in entry.comments)
    ]
    findings = [f for segment in segments for f in segment.findings]
    tally = variant.counts
    return ReportRow(
        slug=release.slug,
        lang=lang,
        translated_words=tally.translated_words,
        fuzzy_words=tally.fuzzy_words,
        untranslated_words=tally.untranslated_words,
        memory_words=sum(count_words(entry.msgid) for entry in filled),
        memory_units=len(filled),
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        gate=variant.gate,
        reasons=variant.reasons,
        embargo=release.document.metadata.embargo,
        units=counts(catalog),
        notes=tuple(open_notes_of(catalog.active, release.slug, lang)),
        state=level_of(catalog),
        levels=tuple(level_counts(catalog).items()),
        waiting=variant.waiting,
    )


def _revision(entry: Entry) -> dict[str, str | None]:
    """What a revision step did to a unit: the translator's version a reviser changed, who
    made it, and the step (level, by, on)."""
    if entry.level not in ("revised", "approved"):
        return {}
    review = review_of(entry.comments)
    assert review is not None
    previous = by = None
    for line in entry.comments:
        if line.startswith(PREVIOUS_PREFIX):
            previous = from_one_line(line[len(PREVIOUS_PREFIX) :])
        elif line.startswith(PREVIOUS_BY_PREFIX):
            by = from_one_line(line[len(PREVIOUS_BY_PREFIX) :])
    step = review.level + (f" by {from_one_line(review.by)}" if review.by else "")
    step += f" on {review.on}" if review.on else ""
    return {"previous": previous, "translator": by, "review": step}
