"""The status rows of releases as they are decided, and what each release's rows were made from.

Takes a project, the languages shown, the counted findings
(:func:`relay.checks.engine.count_project`) and releases with their gates
(:func:`relay.publish.run.decisions`); gives each release's
:class:`~relay.report.html.ReportRow` per language, from the catalogs' kept summaries
(:mod:`relay.report.summaries`), and :class:`relay.report.kept_status.Part`'s pieces: the
files a release's rows are made from and a digest of the findings across releases about it. A status
made from every release and one that takes most releases' rows from the last status both make
their rows here, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence

from relay.catalogs.templates import template
from relay.checks.engine import CountedReport
from relay.checks.findings import Finding
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project
from relay.publish.run import Gate
from relay.report.html import ReportRow
from relay.report.kept_status import names_in
from relay.report.summaries import Summaries, Summary, summarise
from relay.runtime.state_store import MANY
from relay.sources.discovery import SourceFile, read_release, source_files


class RowMaker:
    """Make releases' rows; what could not be read goes to ``errors``."""

    def __init__(
        self, project: Project, chosen: Sequence[str], checked: CountedReport,
        errors: list[RelayError],
    ) -> None:  # fmt: skip
        self.project = project
        self.chosen = chosen
        self.checked = checked
        self.errors = errors
        self.summaries = Summaries(project)
        self.tally: dict[tuple[str, str | None], list[tuple[str, str]]] = defaultdict(list)
        for finding in checked.between:
            if not finding.suppressed and finding.source is not None:
                self.tally[(finding.slug, finding.lang)].append((finding.severity, finding.source))
        self._sources: dict[str, SourceFile] | None = None

    def rows(
        self, each: Iterator[tuple[Release, list[Gate]]]
    ) -> Iterator[tuple[Release, list[ReportRow]]]:
        """Each release with its rows, a chunk of releases at a time (their catalogs'
        summaries read together)."""
        while chunk := list(itertools.islice(each, MANY)):
            catalogs = [(lang, release.slug) for release, _ in chunk for lang in self.chosen]
            found = self.summaries.each(catalogs)
            for release, variants in chunk:
                yield release, list(self._release_rows(release, variants, found))

    def _release_rows(
        self, release: Release, variants: list[Gate], found: Iterator[Summary | CatalogError | None]
    ) -> Iterator[ReportRow]:
        gates = {(variant.slug, variant.lang): variant for variant in variants}
        own = {counts[0]: counts[1:] for counts in self.checked.counted.get(release.slug, ())}
        for lang in self.chosen:
            summary = next(found)
            if isinstance(summary, CatalogError):
                self.errors.append(summary)
                continue
            if summary is None:
                summary = self._untranslated(release, lang)
            variant = gates.get((release.slug, lang))
            if variant is None:  # publishing could not decide it: its error is reported
                continue
            errors, warnings = own.get(lang, (0, 0))
            found_between = self.tally.get((release.slug, lang), [])
            errors += _per_unit(summary, found_between, "error")
            warnings += _per_unit(summary, found_between, "warning")
            yield make_row(release, lang, summary, variant, errors, warnings)

    def _untranslated(self, release: Release, lang: str) -> Summary:
        """An unextracted release counts as wholly untranslated: its template, read from its
        source (the only source a status reads)."""
        if self._sources is None:
            self._sources = {str(s.relative): s for s in source_files(self.project)}
        source = self._sources[str(release.path)]
        whole = read_release(self.project, source.path, source.relative)
        return summarise(template(whole), release.slug, lang)


def files_of(project: Project, release: Release) -> tuple[str, ...]:
    """The files a release's rows are made from, named as :func:`relay.report.kept_status.stamps`
    names them: its source, its template and its catalog in every target language."""
    slug = release.slug
    catalogs = (project.catalog_path(lang, slug) for lang in project.config.target_langs)
    return (str(release.path), *names_in(project, (project.template_path(slug), *catalogs)))


def between_digests(between: Sequence[Finding]) -> dict[str, str]:
    """Per release, a digest of the findings across releases about it (the rows' counts and,
    when such a check is an error, the gates depend on them)."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for finding in between:
        by_slug[finding.slug].append(repr(dataclasses.astuple(finding)))
    return {slug: digest_of(found) for slug, found in by_slug.items()}


def digest_of(found: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()


NONE_BETWEEN = digest_of([])


def _per_unit(summary: Summary, findings: list[tuple[str, str]], severity: str) -> int:
    """Count findings of a severity once per active unit they are about, as the units'
    views count them (a source text two units share counts twice)."""
    return sum(summary.units_with(text) for level, text in findings if level == severity)


def make_row(
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
