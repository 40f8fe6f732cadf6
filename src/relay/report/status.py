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
none holds every finding. After a change to some releases' files (a release added, a catalog
imported), only those releases are decided and counted again; the others' rows come from the
last status, unless a finding across releases about them, a slug claim, or the project's
equivalents changed (:func:`_rows_again`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
from relay.checks.inputs import load_equivalents
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.exchange.returned import from_one_line
from relay.publish.run import Decisions, Gate, decide, decisions
from relay.report import kept_status
from relay.report.html import FindingView, LanguageView, ReleaseView, ReportRow, SegmentView
from relay.report.status_rows import (
    NONE_BETWEEN,
    RowMaker,
    between_digests,
    files_of,
    make_row,
)
from relay.report.summaries import summarise
from relay.runtime.run_state import stats_kept
from relay.sources.discovery import (
    SourceFile,
    discover,
    recorded_slugs,
    select,
    slugs_path,
    source_files,
)


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
            result.rows.append(make_row(release, lang, summary, variant, errors, warnings))
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
    has changed (:mod:`relay.report.kept_status`); else, when only some releases' files
    changed, the others' rows from the last status and theirs anew (:func:`_rows_again`);
    else from kept decisions, findings and catalog summaries."""
    now = now or dt.datetime.now(dt.UTC)
    # A status writes no file the states it reads name: each file's stat is taken once.
    with stats_kept():
        found = kept_status.stamps(project)
        base = kept_status.base_key(project, slugs, langs)
        key = kept_status.inputs_key(base, found)
        kept = kept_status.load(project, key, base, now)
        if isinstance(kept, Overview):
            return kept
        made = None
        if isinstance(kept, kept_status.Earlier) and not slugs:
            made = _rows_again(project, langs, now, kept, found)
        if made is None:
            made = _rows_anew(project, slugs, langs, now, found)
    result, embargoes, made_from = made
    kept_status.store(project, (key, base), now, embargoes, result, made_from)
    return result


_Made = tuple[Overview, list[dt.datetime], kept_status.Earlier | None]


def _rows_anew(
    project: Project,
    slugs: Sequence[str],
    langs: Sequence[str],
    now: dt.datetime,
    found: dict[str, bytes],
) -> _Made:
    """The status rows from the gates decided, the kept findings and catalog summaries; the
    embargoes of every release; and, for a status of every release, what each release's rows
    were made from (the next status takes the rows of releases whose files did not change)."""
    chosen = select_langs(project, langs)
    # Each release's own findings come counted (from its brief when it is unchanged); those of
    # the checks across releases are counted here, against the catalogs' summaries.
    checked = count_project(project, langs=chosen, slugs=slugs)
    # The gates, one release at a time, none held (a first status of 20,000 releases held
    # them all: 40,000 variants). Decided after the check: publishing's state is then read in
    # one pass, not across the whole check.
    undecided, decided = decisions(project, now=now)
    embargoes: list[dt.datetime] = []
    each = _noting(decided, embargoes)
    if slugs:
        each = _named(each, slugs)
    # A catalog that cannot be read is reported below, once, as the full overview does.
    result = Overview(errors=[e for e in undecided if not isinstance(e, CatalogError)])
    maker = RowMaker(project, chosen, checked, result.errors)
    digests = between_digests(checked.between) if not slugs else {}
    parts: list[kept_status.Part] = []
    seen: list[str] = []
    errors = len(result.errors)
    for release, rows in maker.rows(each):
        seen.append(release.slug)
        result.rows.extend(rows)
        if len(result.errors) > errors:
            # A release with a catalog that cannot be read keeps no part: the next status
            # reads it again, and reports its error again.
            errors = len(result.errors)
            continue
        parts.append(_part(project, release, rows, digests))
    if not slugs and not langs:
        maker.summaries.keep_only((lang, slug) for slug in seen for lang in chosen)
    maker.summaries.save()
    if slugs:
        return result, embargoes, None
    made_from = kept_status.Earlier(found, parts, _equivalents(project))
    return result, embargoes, made_from


def _rows_again(
    project: Project,
    langs: Sequence[str],
    now: dt.datetime,
    earlier: kept_status.Earlier,
    found: dict[str, bytes],
) -> _Made | None:
    """The rows of a status of every release when only some releases' files changed since
    the last one (a release added, a catalog translated or imported): theirs decided and
    counted anew, the others' as the last status made them. Nothing (make them all anew)
    whenever another release's rows could differ: a release gone (its slug freed), a file
    changed that is no release's, the project's equivalents changed, a slug claimed by
    another source, a finding across releases about an unchanged release changed, or
    anything that could not be read (the full status reports it)."""
    if _equivalents(project) != earlier.equivalents:
        return None
    split = _split(project, earlier, found)
    if split is None:
        return None
    sources, fresh, kept, changed = split
    undecided, each = decisions(project, now=now, sources=fresh)
    decided = list(each)
    if undecided or len(decided) != len(fresh):
        return None
    new_slugs = [release.slug for release, _ in decided]
    if not {part.slug for part in kept.values()}.isdisjoint(new_slugs):
        return None
    # Every file changed must be one the releases' rows are made from (or the slug record).
    attributed = set(kept_status.names_in(project, [slugs_path(project)]))
    for part in earlier.parts:
        attributed.update(part.files)
    for release, _ in decided:
        attributed.update(files_of(project, release))
    if not attributed.issuperset(changed):
        return None
    chosen = select_langs(project, langs)
    try:
        checked = count_project(project, langs=chosen, slugs=new_slugs, every_between=True)
    except RelayError:  # a release the check does not find as publishing did: all anew
        return None
    digests = between_digests(checked.between)
    if any(digests.get(part.slug, NONE_BETWEEN) != part.between for part in kept.values()):
        return None
    errors: list[RelayError] = []
    maker = RowMaker(project, chosen, checked, errors)
    made = {str(release.path): (release, rows) for release, rows in maker.rows(iter(decided))}
    if errors or made.keys() != {str(source.relative) for source in fresh}:
        return None
    maker.summaries.save()
    result = Overview()
    embargoes: list[dt.datetime] = []
    parts: list[kept_status.Part] = []
    for source in sources:
        name = str(source.relative)
        part = _part(project, *made[name], digests) if name in made else kept[name]
        parts.append(part)
        result.rows.extend(part.rows)
        if part.embargo is not None:
            embargoes.append(part.embargo)
    return result, embargoes, kept_status.Earlier(found, parts, earlier.equivalents)


def _changed(before: dict[str, bytes], now: dict[str, bytes]) -> set[str]:
    """The files whose stamps differ, added and removed ones included."""
    return {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}


def _split(
    project: Project, earlier: kept_status.Earlier, found: dict[str, bytes]
) -> tuple[list[SourceFile], list[SourceFile], dict[str, kept_status.Part], set[str]] | None:
    """Every source, those to decide again (new, or a file of theirs changed), the parts of
    the others by source, and the files changed; nothing when a release is gone, most
    changed, or an unchanged release's slug is not recorded as its source's (its claim could
    go another way)."""
    changed = _changed(earlier.stamps, found)
    sources = source_files(project)
    parts = {part.source: part for part in earlier.parts}
    if not {str(source.relative) for source in sources}.issuperset(parts):
        return None
    fresh = [source for source in sources
             if (part := parts.get(str(source.relative))) is None
             or not changed.isdisjoint(part.files)]  # fmt: skip
    # Most releases changed (a project moved without its files linked, every catalog
    # extracted again): making every row anew costs less than deciding them apart.
    if not fresh or len(fresh) * 4 > len(sources):
        return None
    again = {str(source.relative) for source in fresh}
    kept = {name: part for name, part in parts.items() if name not in again}
    try:
        recorded = recorded_slugs(project)
    except RelayError:
        return None
    if any(recorded.get(part.slug) != name for name, part in kept.items()):
        return None
    return sources, fresh, kept, changed


def _part(
    project: Project, release: Release, rows: list[ReportRow], digests: dict[str, str]
) -> kept_status.Part:
    """A release's share of the status kept for the next one
    (:class:`relay.report.kept_status.Part`)."""
    between = digests.get(release.slug, NONE_BETWEEN)
    embargo = release.document.metadata.embargo
    return kept_status.Part(
        str(release.path), release.slug, files_of(project, release), rows, between, embargo
    )


def _equivalents(project: Project) -> str:
    """A digest of the project's equivalents (every catalog's: one catalog changed may change
    every release's findings)."""
    found = load_equivalents(project, keep=False)
    return hashlib.sha256(repr(found).encode()).hexdigest()


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
