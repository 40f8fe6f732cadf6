"""Run the checks over a project: ``relay check``.

Takes a :class:`~relay.core.project.Project` (its releases, its catalogs, its glossary and
severities: :mod:`relay.checks.inputs`); gives a :class:`~relay.checks.results.CheckReport` of
findings, each with its configured severity and marked when a translator's ``relay-ignore``
comment suppresses it, in report order (release, language, unit, check).

Release by release, on every core, each release is checked in all its languages by
:func:`relay.checks.release.check_release` (what the publishing gate runs too,
:mod:`relay.checks.gate`); a release whose source and catalogs hold the bytes the last check
saw is not read at all (:mod:`relay.checks.check_state`). Memory holds each release's findings
packed; when the checks across releases must run again, the releases that changed update a kept
index of every unit's digests (:mod:`relay.checks.consistency_index`), which names the units
they report on (:mod:`relay.checks.across`): never every catalog, nor every unit in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from relay.checks import REGISTRY, Context, Finding
from relay.checks.across import LANGUAGE_CHECKS, consistency_findings
from relay.checks.briefs import Summaries, Summary
from relay.checks.check_state import CheckState, Kept, catalog_prints
from relay.checks.inputs import load_equivalents, load_glossary, severities, source_lang_of
from relay.checks.release import UnitCounts, check_release
from relay.checks.results import CheckReport, Tally, finding_of, unpack
from relay.checks.runner import Keyed, finish, in_order
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.runtime.run_state import Fingerprint
from relay.runtime.workers import ordered_map
from relay.sources.discovery import (
    ReleaseHead,
    discover,
    discover_heads,
    held_among,
    html_options,
    select,
)

__all__ = ["CheckReport", "CountedReport", "check_project", "count_project",
           "findings_across_releases"]  # fmt: skip


def check_project(
    project: Project,
    *,
    langs: Sequence[str] = (),
    slugs: Sequence[str] = (),
    source: bool = False,
    only: str | None = None,
) -> CheckReport:
    """Check the project's translations (or, with ``source``, its source releases).

    ``langs`` and ``slugs`` narrow what is reported; the checks across releases still compare
    the named releases with every other. ``only`` names the one severity the caller shows
    (``relay check -q``: errors): a release kept with none of it is counted, not read, so the
    report's findings are then those of the releases holding one (its counts stay whole).
    """
    chosen = severities(project)
    if source:
        found = discover(project)
        report = CheckReport(errors=found.errors)
        return _check_sources(project, select(found.releases, slugs), chosen, report)
    run = _check_translations(project, langs, slugs, chosen, only)
    run.finish()
    return run.report


@dataclass
class CountedReport:
    """A check's findings counted rather than listed: per release shown, its errors and
    warnings per language and unit (:func:`relay.checks.release.unit_counts`), the findings
    of the checks across releases about those releases (finished, to be counted by the
    caller), and what could not be read."""

    counted: dict[str, UnitCounts] = field(default_factory=dict)
    between: list[Finding] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def count_project(
    project: Project,
    *,
    langs: Sequence[str] = (),
    slugs: Sequence[str] = (),
    every_between: bool = False,
) -> CountedReport:
    """Check the project's translations as :func:`check_project` does, giving the findings of
    each release counted (what ``relay status`` shows): a release unchanged since the last
    check is counted from its brief (:class:`~relay.checks.briefs.Summaries`), not read,
    and no release's findings are held. The findings across releases are those about the
    releases named, or with ``every_between`` about every release (a status that takes the
    other releases' rows from the last one compares theirs)."""
    run = _check_translations(
        project, langs, slugs, severities(project), counting=True, every_between=every_between
    )
    between = [finding for pairs in run.between.values() for _, finding in pairs]
    return CountedReport(run.counted, between, run.report.errors)


def findings_across_releases(project: Project, now: dt.datetime | None = None) -> Keyed:
    """Give the findings of the checks across a language's releases about every release,
    finished and keyed, as a whole check of the project finds them (the gate's, when the
    project makes one of those checks an error); ``now`` decides which embargoes hold."""
    run = _check_translations(project, (), (), severities(project), now=now)
    return [pair for pairs in run.between.values() for pair in pairs]


def _check_translations(
    project: Project,
    langs: Sequence[str],
    slugs: Sequence[str],
    chosen: dict[str, str],
    only: str | None = None,
    *,
    counting: bool = False,
    now: dt.datetime | None = None,
    every_between: bool = False,
) -> _Run:
    """Check every release (those unchanged since the last check from what it kept), then
    the checks across releases; give the run, its findings not yet put in order (with
    ``counting``, only counted: see :func:`count_project`)."""
    # Built once per run; what it depends on (every catalog's bytes) is part of the state key.
    context = Context(load_glossary(project), load_equivalents(project))
    kept = CheckState(project, equivalents=context.equivalents)
    heads = discover_heads(project, mapper=kept.heads)
    report = CheckReport(errors=heads.errors)
    # select reads only the slugs, which heads have as releases do.
    wanted = {head.slug for head in select(heads.releases, slugs)}
    # Languages are checked against the configuration only when there is something to check.
    targets = tuple(select_langs(project, langs)) if heads.releases else ()
    kept.langs = targets
    keys = [kept.key(head) for head in heads.releases]
    across = any(chosen[check_id] != "off" for check_id in LANGUAGE_CHECKS)
    # A release under embargo is compared with no other (see consistency_findings).
    releases = ((head.slug, head.metadata.embargo) for head in heads.releases)
    embargoed = sorted(held_among(project, releases, (), now))
    across_key = kept.across_key([*keys, *embargoed]) if across else None
    between = kept.load_across(across_key) if across_key else None
    # The checks across releases run again: the kept index of every release's digests is
    # brought up to date with the releases that changed (only those are read for it).
    index = kept.index() if across and between is None else None
    # The briefs serve a run that needs only some releases' counts (-q, status); a whole
    # report reads every release anyway.
    summaries = kept.summaries() if only is not None or counting else None
    run = _Run(report, wanted, summaries, only, counting)
    try:
        # Releases checked as they were last time first, then (on every core) the others.
        jobs = []
        for number, (head, key) in enumerate(zip(heads.releases, keys, strict=True)):
            stale = index is not None and not index.holds(_name(head), key)
            if not run.shows(head) and not stale:
                continue
            brief = summaries.get(head.slug, key) if summaries is not None else None
            if brief is not None and not stale and run.brief_does(brief):
                run.add_brief(head, brief)
                continue
            found = kept.load(head.slug, key) if key is not None else None
            if found is None:
                job = _Job(project, context, chosen, head, targets, run.shows(head))
                jobs.append((number, job))
                continue
            if summaries is not None and (brief is None or brief.tally is None):
                assert key is not None  # found under it
                summaries.put(head.slug, key, found, shown=True)
            run.add(head, found)
            if index is not None and stale:
                index.put(_name(head), key, found.digests)
        checked_jobs = ordered_map(_check, [job for _, job in jobs], chunk=2)
        for (number, job), (packed, errors, catalogs) in zip(jobs, checked_jobs, strict=True):
            kept.remember(job.head, catalogs)
            keys[number] = key = kept.key(job.head)
            if key is not None and not errors:
                if job.wanted:
                    kept.store(job.head.slug, key, packed)
                if summaries is not None:
                    summaries.put(job.head.slug, key, packed, shown=job.wanted)
            run.report.errors.extend(errors)
            run.add(job.head, packed)
            if index is not None:
                # A release with a catalog that could not be read is indexed again next time.
                index.put(_name(job.head), key if not errors else None, packed.digests)
        kept.keep_only(heads.releases)
        kept.save()
        if summaries is not None:
            summaries.save([head.slug for head in heads.releases])
        if across:
            if between is None:
                assert index is not None
                index.keep_only({_name(head) for head in heads.releases})
                flagged = index.flagged([_name(head) for head in heads.releases])
                between = consistency_findings(
                    project, heads.releases, targets, flagged, chosen, embargoed
                )
                across_key = kept.across_key([*keys, *embargoed])
                if across_key is not None:
                    kept.store_across(across_key, between)
            for sort, finding in between:
                if every_between or finding.slug in wanted:
                    run.between.setdefault(finding.slug, []).append((sort, finding))
    finally:
        if index is not None:
            index.close()
        if summaries is not None:
            summaries.close()
    return run


def _name(head: ReleaseHead) -> str:
    """Name a release in the kept index: by its source, which no other release has."""
    return str(head.source.relative)


@dataclass
class _Run:
    """A check under way: what each checked release gave, gathered for the report."""

    report: CheckReport
    wanted: set[str]
    summaries: Summaries | None
    only: str | None = None  # the one severity shown, if only one is (see check_project)
    counting: bool = False  # whether findings are only counted (see count_project)
    # Per release shown: its findings packed (None: only counted), and their counts.
    parts: dict[str, tuple[bytes | None, Tally]] = field(default_factory=dict)
    between: dict[str, Keyed] = field(default_factory=dict)
    # Per release shown, when counting: its findings counted per language and unit.
    counted: dict[str, UnitCounts] = field(default_factory=dict)

    def shows(self, head: ReleaseHead) -> bool:
        return head.slug in self.wanted

    def brief_does(self, brief: Summary) -> bool:
        """Tell whether a shown release's brief is all the run needs of it: its counts, when
        they are all that is shown of it (only counted, or none of the one severity shown)."""
        if self.counting:
            return brief.counted is not None
        return brief.tally is not None and not self._holds_shown(brief.tally)

    def _holds_shown(self, counted: Tally) -> bool:
        """Whether findings counted so may be shown: all are, unless only one severity is."""
        return self.only is None or any(severity == self.only for severity, _ in counted)

    def add_brief(self, head: ReleaseHead, brief: Summary) -> None:
        """Take a release's brief: its counts (see :meth:`brief_does`)."""
        if self.counting:
            assert brief.counted is not None  # see brief_does
            self.counted[head.slug] = brief.counted
        else:
            assert brief.tally is not None  # see brief_does
            self.report.catalogs += brief.catalogs
            self.report.units += brief.units
            self.parts[head.slug] = (None, brief.tally)

    def add(self, head: ReleaseHead, kept: Kept) -> None:
        """Take what checking a release gave (if shown): its findings held packed."""
        if self.shows(head) and self.counting:
            self.counted[head.slug] = kept.counted
        elif self.shows(head):
            self.report.catalogs += kept.catalogs
            self.report.units += kept.units
            # None of it shown (-q, and no error): counted, as a brief would give it, not held
            # packed to the end of the run (a cold check reads every release).
            shown = self._holds_shown(kept.tally)
            self.parts[head.slug] = (kept.findings if shown else None, kept.tally)

    def finish(self) -> None:
        """Give the report its findings: release by release (in slug order), each with the
        findings across releases about it in their places."""
        for slug in sorted(self.parts):
            packed, counted = self.parts.pop(slug)
            if packed is None:  # counted, not read: none of it is shown
                self.report.findings.add_counts(counted)
                self.report.findings.add(in_order(self.between.pop(slug, [])))
            elif slug in self.between:
                rows, sorts = unpack(packed)
                ordered = [
                    (tuple(sort), finding_of(row)) for sort, row in zip(sorts, rows, strict=True)
                ]
                self.report.findings.add(in_order([*ordered, *self.between.pop(slug)]))
            else:
                self.report.findings.add_packed(packed, counted)


@dataclass(frozen=True)
class _Job:
    """One release to check, with everything a worker needs (only paths, no catalogs)."""

    project: Project
    context: Context
    chosen: dict[str, str]
    head: ReleaseHead
    langs: tuple[str, ...]
    wanted: bool


def _check(job: _Job) -> tuple[Kept, list[CatalogError], dict[str, Fingerprint | None]]:
    """Check one release (its findings kept): what it gave, packed, the catalogs that could not
    be read, and the fingerprints of its catalogs taken before reading them."""
    catalogs = catalog_prints(job.project, job.head.slug)
    checked = check_release(
        job.project, job.head, job.langs, job.context, job.chosen, keep=True, findings=job.wanted
    )
    return Kept.of(checked), checked.errors, catalogs


def _check_sources(
    project: Project, releases: list[Release], chosen: dict[str, str], report: CheckReport
) -> CheckReport:
    findings: list[Finding] = []
    options = html_options(project)
    for release in releases:
        text = (project.root / release.path).read_text("utf-8-sig", errors="replace")
        if release.document.metadata.lang is None:
            # The language the source checks read it in: its own, else the project's.
            lang = source_lang_of(project, release)
            metadata = replace(release.document.metadata, lang=lang)
            release = replace(release, document=replace(release.document, metadata=metadata))
        report.units += len(release.document.units)
        for check in REGISTRY.values():
            if check.scope == "source":
                # A source check yields findings (see checks.findings.check).
                findings.extend(cast(Iterable[Finding], check.run(release, text, options=options)))
    report.findings = in_order(finish(findings, {}, chosen))
    return report
