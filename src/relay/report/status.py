"""Where every release stands: the coordinator's matrix and the report's side-by-side views.

Takes a project, optionally the releases and languages asked about, and the time of asking;
gives an :class:`Overview`: one :class:`relay.report.html.ReportRow` per release × language
(units and words, memory-filled words, QA errors and warnings, the publishing gate's decision
and its reasons, the embargo), one :class:`relay.report.html.ReleaseView` per release (each
unit's source, translation, state and findings), and what could not be read. Each catalog is
read once for all of it. ``relay status`` prints the rows; ``relay report`` renders both.

The gates come from :func:`relay.publish.run.decide` and the findings from
:func:`relay.checks.engine.check_project`, both of which take an unchanged release from what
their last run kept. Without ``units`` (what ``relay status`` asks), no unit view is built,
each catalog comes from its kept summary (:mod:`relay.report.summaries`) and each release's
findings come counted (:func:`relay.checks.engine.count_project`, from the brief check keeps of
an unchanged release), so a status with nothing changed parses no catalog and no source, and
none holds every finding.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from relay.catalogs.catalog import (
    PREVIOUS_BY_PREFIX,
    PREVIOUS_PREFIX,
    Entry,
    review_of,
)
from relay.catalogs.po import load_catalog
from relay.catalogs.templates import template
from relay.checks.engine import check_project, count_project
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.exchange.returned import from_one_line
from relay.publish.run import Decisions, Gate, decide, decisions
from relay.report import kept_status
from relay.report.html import FindingView, LanguageView, ReleaseView, ReportRow, SegmentView
from relay.report.summaries import Summaries, Summary, summarise
from relay.runtime.run_state import stats_kept
from relay.runtime.state_store import MANY
from relay.sources.discovery import discover, read_release, select, source_files


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
    units: bool = True,
) -> Overview:
    """Gather the state of the named releases (all by default) in the named languages (all
    target languages by default); writes nothing but caches. Without ``units``, only the
    rows (``releases`` stays empty)."""
    if not units:
        return _rows_only(project, slugs, langs, now)
    found = discover(project)
    releases = select(found.releases, slugs)
    chosen = select_langs(project, langs)
    result = Overview(errors=list(found.errors))
    gates = _gates(decide(project, now=now))
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
            findings = [f.severity for segment in segments for f in segment.findings]
            summary = summarise(catalog, release.slug, lang)
            errors, warnings = findings.count("error"), findings.count("warning")
            result.rows.append(_row(release, lang, summary, variant, errors, warnings))
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


def _gates(decided: Decisions) -> dict[tuple[str, str], Gate]:
    return {(v.slug, v.lang): v for _, variants in decided.releases for v in variants}


def _rows_only(
    project: Project, slugs: Sequence[str], langs: Sequence[str], now: dt.datetime | None
) -> Overview:
    """The status rows alone: as the last status left them when nothing they were made from
    has changed (:mod:`relay.report.kept_status`), else from kept decisions, findings and
    catalog summaries."""
    now = now or dt.datetime.now(dt.UTC)
    # A status writes no file the states it reads name: each file's stat is taken once.
    with stats_kept():
        key = kept_status.inputs_key(project, slugs, langs)
        kept = kept_status.load(project, key, now)
        if isinstance(kept, Overview):
            return kept
        embargoes: list[dt.datetime] = []
        result = _rows_anew(project, slugs, langs, now, embargoes)
    kept_status.store(project, key, now, embargoes, result)
    return result


def _rows_anew(
    project: Project,
    slugs: Sequence[str],
    langs: Sequence[str],
    now: dt.datetime,
    embargoes: list[dt.datetime],
) -> Overview:
    """The status rows from the gates decided, the kept findings and catalog summaries; the
    embargoes of every release go to ``embargoes``."""
    chosen = select_langs(project, langs)
    # Each release's own findings come counted (from its brief when it is unchanged); those of
    # the checks across releases are counted here, against the catalogs' summaries.
    checked = count_project(project, langs=chosen, slugs=slugs)
    # The gates, one release at a time, none held (a first status of 20,000 releases held
    # them all: 40,000 variants). Decided after the check: publishing's state is then read in
    # one pass, not across the whole check.
    undecided, decided = decisions(project, now=now)
    each = _noting(decided, embargoes)
    if slugs:
        each = _named(each, slugs)
    # A catalog that cannot be read is reported below, once, as the full overview does.
    result = Overview(errors=[e for e in undecided if not isinstance(e, CatalogError)])
    tally: dict[tuple[str, str | None], list[tuple[str, str]]] = defaultdict(list)
    for finding in checked.between:
        if not finding.suppressed and finding.source is not None:
            tally[(finding.slug, finding.lang)].append((finding.severity, finding.source))
    summaries = Summaries(project)
    sources = None
    seen: list[str] = []
    # A chunk of releases at a time, their catalogs' summaries read together.
    while chunk := list(itertools.islice(each, MANY)):
        catalogs = [(lang, release.slug) for release, _ in chunk for lang in chosen]
        found_summaries = summaries.each(catalogs)
        for release, variants in chunk:
            seen.append(release.slug)
            gates = {(variant.slug, variant.lang): variant for variant in variants}
            for lang in chosen:
                summary = next(found_summaries)
                if isinstance(summary, CatalogError):
                    result.errors.append(summary)
                    continue
                if summary is None:
                    # An unextracted release counts as wholly untranslated: its template, read
                    # from its source (the only source a status reads).
                    if sources is None:
                        sources = {str(s.relative): s for s in source_files(project)}
                    source = sources[str(release.path)]
                    whole = read_release(project, source.path, source.relative)
                    summary = summarise(template(whole), release.slug, lang)
                variant = gates.get((release.slug, lang))
                if variant is None:  # publishing could not decide it: its error is reported
                    continue
                found = tally.get((release.slug, lang), [])
                own = {counts[0]: counts[1:] for counts in checked.counted.get(release.slug, ())}
                errors, warnings = own.get(lang, (0, 0))
                errors += _per_unit(summary, found, "error")
                warnings += _per_unit(summary, found, "warning")
                result.rows.append(_row(release, lang, summary, variant, errors, warnings))
    if not slugs and not langs:
        summaries.keep_only((lang, slug) for slug in seen for lang in chosen)
    summaries.save()
    return result


def _noting(
    each: Iterator[tuple[Release, list[Gate]]], embargoes: list[dt.datetime]
) -> Iterator[tuple[Release, list[Gate]]]:
    """Give each release as it comes, its embargo (if any) added to ``embargoes``."""
    for release, variants in each:
        if (embargo := release.document.metadata.embargo) is not None:
            embargoes.append(embargo)
        yield release, variants


@dataclass(frozen=True)
class _Slug:
    slug: str


def _named(
    each: Iterator[tuple[Release, list[Gate]]], slugs: Sequence[str]
) -> Iterator[tuple[Release, list[Gate]]]:
    """The releases named, in the order named (only they are held); one unknown fails the
    command as :func:`relay.sources.discovery.select` fails it, naming the known ones."""
    wanted = set(slugs)
    known: list[_Slug] = []
    named: dict[str, tuple[Release, list[Gate]]] = {}
    for release, variants in each:
        known.append(_Slug(release.slug))
        if release.slug in wanted:
            named[release.slug] = (release, variants)
    return iter([named[found.slug] for found in select(known, slugs)])


def _per_unit(summary: Summary, findings: list[tuple[str, str]], severity: str) -> int:
    """Count findings of a severity once per active unit they are about, as the units'
    views count them (a source text two units share counts twice)."""
    return sum(summary.units_with(text) for level, text in findings if level == severity)


def _row(
    release: Release,
    lang: str,
    summary: Summary,
    variant: Gate,
    errors: int,
    warnings: int,
) -> ReportRow:
    """A status row: the catalog's summary, the gate's decision and the findings counted."""
    counted = variant.counts
    return ReportRow(
        slug=release.slug,
        lang=lang,
        translated_words=counted.translated_words,
        fuzzy_words=counted.fuzzy_words,
        untranslated_words=counted.untranslated_words,
        memory_words=summary.memory_words,
        memory_units=summary.memory_units,
        errors=errors,
        warnings=warnings,
        gate=variant.gate,
        reasons=variant.reasons,
        embargo=release.document.metadata.embargo,
        units=summary.units,
        notes=tuple(summary.open_notes(release.slug, lang)),
        state=summary.level,
        levels=summary.levels,
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
    return {
        "previous": previous,
        "translator": by,
        "review": step,
        "reviewed_on": review.on or None,
    }
