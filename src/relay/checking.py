"""Run the checks over a project: ``relay check``, and the gate ``relay publish`` applies.

Takes a :class:`~relay.project.Project` (its catalogs, its glossary from
``config.glossary``, its severities from ``config.check_severities``); gives a
:class:`CheckReport` of findings, each with its configured severity and marked when a
translator's ``relay-ignore`` comment suppresses it. ``blocking_findings`` gives what stops one
variant from being published: its unsuppressed error-level findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from relay.catalog import Catalog, unit_id
from relay.checks import REGISTRY, Context, Finding, Term, Translation
from relay.checks import suppression as suppressions
from relay.checks.glossary import read_glossary
from relay.errors import CatalogError, ProjectError, RelayError
from relay.model import Release
from relay.parallel import ordered_map
from relay.pipeline import load_catalog, select, select_langs
from relay.project import Project, discover
from relay.templates import template

# Completeness is the publishing gate's own rule; the check gate adds what it cannot see.
_GATE_SKIPS = frozenset({"untranslated", "fuzzy"})
_STATE_CHECKS = ("untranslated", "fuzzy", "blank", "suppression-lapsed")
_ORDER = {check_id: index for index, check_id in enumerate(REGISTRY)}


@dataclass
class CheckReport:
    """The findings of a run (suppressed ones included, marked) and what could not be read."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)
    catalogs: int = 0
    units: int = 0

    @property
    def active(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.suppressed]

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.active if finding.severity == severity)

    @property
    def suppressed(self) -> int:
        return sum(1 for finding in self.findings if finding.suppressed)


def severities(project: Project) -> dict[str, str]:
    """Give every check's severity in this project (its default, or the configured one)."""
    chosen = {check_id: check.severity for check_id, check in REGISTRY.items()}
    for check_id, severity in project.config.check_severities:
        if check_id not in REGISTRY:
            raise ProjectError(
                f"[checks] names an unknown check {check_id!r}",
                hint="Known checks: " + ", ".join(REGISTRY),
            )
        chosen[check_id] = severity
    return chosen


def load_glossary(project: Project) -> tuple[Term, ...]:
    """Read the project's glossary, or give none when it declares none."""
    if not project.config.glossary:
        return ()
    path = project.root / project.config.glossary
    try:
        status = path.stat()
    except OSError as error:
        raise ProjectError(
            f"cannot read the glossary {path}: {error.strerror}",
            hint="Fix 'glossary' in the project configuration.",
        ) from None
    # The gate reads it for every variant: parse it once while the file stays the same.
    stamp = (status.st_size, status.st_mtime_ns)
    return _glossary(path, stamp, project.config.source_lang)


@lru_cache(maxsize=8)
def _glossary(path: Path, stamp: tuple[int, int], source_lang: str) -> tuple[Term, ...]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProjectError(
            f"cannot read the glossary {path}: {error.strerror}",
            hint="Fix 'glossary' in the project configuration.",
        ) from None
    return read_glossary(data, path=str(path), source_lang=source_lang)


def translations(
    project: Project, release: Release, lang: str, catalog: Catalog
) -> list[Translation]:
    """Give the active units of a catalog as checks see them, each with its place in the PO."""
    path = project.catalog_path(lang, release.slug)
    relative = (
        path.relative_to(project.root).as_posix()
        if path.is_relative_to(project.root)
        else str(path)
    )
    lines = _msgid_lines(path)
    source_lang = release.document.metadata.lang or project.config.source_lang
    found = []
    for entry in catalog.active:
        unit = entry.id or unit_id(entry.msgid, entry.context)
        line = lines.get(unit)
        found.append(
            Translation(
                slug=release.slug,
                lang=lang,
                source_lang=source_lang,
                unit=unit,
                source=entry.msgid,
                target=entry.msgstr,
                fuzzy=entry.fuzzy,
                comments=entry.comments,
                location=f"{relative}:{line}" if line else relative,
                source_location=entry.locations[0] if entry.locations else "",
            )
        )
    return found


def _msgid_lines(path: Path) -> dict[str, int]:
    """Map each unit id of a PO file to the line of its ``msgid``."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return {}
    lines: dict[str, int] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"#\.\s*id:\s*(\S+)", line)
        if match:
            current = match.group(1)
        elif line.startswith("msgid ") and current:
            lines.setdefault(current, number)
            current = None
    return lines


def check_units(
    items: Iterable[Translation], context: Context, *, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """Run every unit check on each translation (content checks only on translated ones)."""
    found: list[Finding] = []
    for item in items:
        content = item.translated and item.target.strip()
        for check_id, check in REGISTRY.items():
            if check.scope != "unit" or check_id in skip:
                continue
            if not content and check_id not in _STATE_CHECKS:
                continue
            for message in check.run(item, context):
                found.append(_finding(check_id, item, message))
    return found


CHUNK = 256  # translations a worker checks at a time


def check_units_parallel(items: Sequence[Translation], context: Context) -> list[Finding]:
    """Run :func:`check_units` on every core, in chunks; the findings come in item order."""
    size = max(CHUNK, len(items) // 64)
    chunks = [(items[i : i + size], context) for i in range(0, len(items), size)]
    found: list[Finding] = []
    for part in ordered_map(_check_chunk, chunks, chunk=1):
        found.extend(part)
    return found


def _check_chunk(job: tuple[Sequence[Translation], Context]) -> list[Finding]:
    items, context = job
    return check_units(items, context)


def _finding(check_id: str, item: Translation, message: str) -> Finding:
    return Finding(
        check=check_id,
        severity=REGISTRY[check_id].severity,
        slug=item.slug,
        lang=item.lang,
        unit=item.unit,
        source=item.source,
        target=item.target,
        message=message,
        location=item.location,
        source_location=item.source_location,
    )


def _cross(
    scope: str, groups: Iterable[list[Translation]], only: set[str] | None = None
) -> list[Finding]:
    found: list[Finding] = []
    for check_id, check in REGISTRY.items():
        if check.scope != scope or (only is not None and check_id not in only):
            continue
        for group in groups:
            done = [item for item in group if item.translated and item.target.strip()]
            found.extend(check.run(done))  # type: ignore[arg-type]
    return found


def _finish(
    findings: Iterable[Finding], items: Iterable[Translation], chosen: dict[str, str]
) -> list[Finding]:
    """Give findings their configured severity, drop the checks turned off, mark suppressions."""
    kept = [f.with_(severity=chosen[f.check]) for f in findings if chosen[f.check] != "off"]
    by_key = {(item.slug, item.lang, item.unit): item for item in items}
    marked = suppressions.apply(kept, by_key)
    position = {key: index for index, key in enumerate(by_key)}
    return sorted(
        marked,
        key=lambda f: (
            f.slug,
            f.lang or "",
            position.get((f.slug, f.lang, f.unit), -1),
            _ORDER[f.check],
        ),
    )


def run_checks(
    items: Sequence[Translation],
    context: Context,
    chosen: dict[str, str],
    *,
    releases: set[str] | None = None,
) -> list[Finding]:
    """Run every translation check over ``items`` (the units of any releases and languages)
    and give the findings about ``releases`` (all when None), configured and suppressions
    marked. Cross-catalog checks see every item."""
    wanted = releases if releases is not None else {item.slug for item in items}
    findings = check_units_parallel([item for item in items if item.slug in wanted], context)
    by_lang: dict[str, list[Translation]] = {}
    by_release: dict[str, list[Translation]] = {}
    for item in items:
        by_lang.setdefault(item.lang, []).append(item)
        if item.slug in wanted:
            by_release.setdefault(item.slug, []).append(item)
    cross = _cross("language", by_lang.values()) + _cross("release", by_release.values())
    findings.extend(finding for finding in cross if finding.slug in wanted)
    return _finish(findings, items, chosen)


def check_project(
    project: Project, *, langs: Sequence[str] = (), slugs: Sequence[str] = (), source: bool = False
) -> CheckReport:
    """Check the project's translations (or, with ``source``, its source releases)."""
    chosen = severities(project)
    found = discover(project)
    report = CheckReport(errors=list(found.errors))
    selected = select(found.releases, slugs)
    if source:
        return _check_sources(project, selected, chosen, report)
    context = Context(load_glossary(project))
    wanted = {release.slug for release in selected}
    every: list[Translation] = []
    for release in found.releases:
        for lang in select_langs(project, langs):
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                if release.slug in wanted:
                    report.errors.append(error)
                continue
            items = translations(
                project, release, lang, catalog if catalog is not None else template(release)
            )
            every.extend(items)
            if release.slug in wanted:
                report.catalogs += 1
                report.units += len(items)
    report.findings = run_checks(every, context, chosen, releases=wanted)
    return report


def _check_sources(
    project: Project, releases: list[Release], chosen: dict[str, str], report: CheckReport
) -> CheckReport:
    findings: list[Finding] = []
    for release in releases:
        text = (project.root / release.path).read_text("utf-8-sig", errors="replace")
        report.units += len(release.document.units)
        for check in REGISTRY.values():
            if check.scope == "source":
                findings.extend(check.run(release, text))  # type: ignore[arg-type]
    report.findings = _finish(findings, (), chosen)
    return report


def blocking_findings(
    project: Project, release: Release, lang: str, catalog: Catalog
) -> list[Finding]:
    """Give the findings that block one variant: unsuppressed, error-level after configuration.

    Untranslated and fuzzy units are left to the completeness gate. Checks that compare with
    other catalogs run only when the project has made them errors.
    """
    chosen = severities(project)
    context = Context(load_glossary(project))
    items = translations(project, release, lang, catalog)
    findings = check_units(items, context, skip=_GATE_SKIPS)
    every = list(items)
    blocking = {check_id for check_id, severity in chosen.items() if severity == "error"}
    cross_language = {c for c in blocking if REGISTRY[c].scope == "language"}
    cross_release = {c for c in blocking if REGISTRY[c].scope == "release"}
    if cross_language or cross_release:
        others = _siblings(project, release, lang, cross_language, cross_release)
        every.extend(others)
        group = [*items, *others]
        findings.extend(_cross("language", [[i for i in group if i.lang == lang]], cross_language))
        findings.extend(
            _cross("release", [[i for i in group if i.slug == release.slug]], cross_release)
        )
    marked = _finish(findings, every, chosen)
    return [
        f for f in marked
        if f.severity == "error" and not f.suppressed and f.slug == release.slug and f.lang == lang
    ]  # fmt: skip


def _siblings(
    project: Project, release: Release, lang: str, by_lang: set[str], by_release: set[str]
) -> list[Translation]:
    """Load the other catalogs a cross-catalog check needs (unreadable ones are skipped)."""
    found: list[Translation] = []
    for other in discover(project).releases:
        for other_lang in project.config.target_langs:
            same_release, same_lang = other.slug == release.slug, other_lang == lang
            if (same_release and same_lang) or not (
                (by_lang and same_lang) or (by_release and same_release)
            ):
                continue
            try:
                catalog = load_catalog(project.catalog_path(other_lang, other.slug))
            except CatalogError:
                continue
            if catalog is not None:
                found.extend(translations(project, other, other_lang, catalog))
    return found
