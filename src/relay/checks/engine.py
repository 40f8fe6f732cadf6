"""Run the checks over a project: ``relay check``, and the gate ``relay publish`` applies.

Takes a :class:`~relay.core.project.Project` (its catalogs, its glossary from
``config.glossary``, its severities from ``config.check_severities``); gives a
:class:`CheckReport` of findings, each with its configured severity and marked when a
translator's ``relay-ignore`` comment suppresses it. ``blocking_findings`` gives what stops one
variant from being published: its unsuppressed error-level findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from relay.catalogs.catalog import Catalog, unit_id
from relay.catalogs.po import load_catalog
from relay.catalogs.templates import template
from relay.checks import REGISTRY, Context, Finding, Term, Translation, findings_cache
from relay.checks import suppression as suppressions
from relay.checks.consistency_index import ConsistencyIndex, Flagged, digest
from relay.checks.glossary import read_glossary
from relay.core.errors import CatalogError, ProjectError, RelayError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.runtime.workers import ordered_map
from relay.sources.discovery import ReleaseHead, SourceFile, discover, discover_heads, select

# Completeness is the publishing gate's own rule; the check gate adds what it cannot see.
_GATE_SKIPS = frozenset({"untranslated", "fuzzy"})
_STATE_CHECKS = ("untranslated", "fuzzy", "blank", "suppression-lapsed")
_ORDER = {check_id: index for index, check_id in enumerate(REGISTRY)}
_ID_COMMENT = re.compile(r"#\.\s*id:\s*(\S+)")


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
        raise _unreadable_glossary(path, error) from None
    # The gate reads it for every variant: parse it once while the file stays the same.
    stamp = (status.st_size, status.st_mtime_ns)
    return _glossary(path, stamp, project.config.source_lang)


def _unreadable_glossary(path: Path, error: OSError) -> ProjectError:
    return ProjectError(
        f"cannot read the glossary {path}: {error.strerror}",
        hint="Fix 'glossary' in the project configuration.",
    )


@lru_cache(maxsize=8)
def _glossary(path: Path, stamp: tuple[int, int], source_lang: str) -> tuple[Term, ...]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable_glossary(path, error) from None
    return read_glossary(data, path=str(path), source_lang=source_lang)


def translations(
    project: Project, release: Release, lang: str, catalog: Catalog
) -> list[Translation]:
    """Give the active units of a catalog as checks see them, each with its place in the PO."""
    source_lang = release.document.metadata.lang or project.config.source_lang
    return _translations(project, release.slug, source_lang, lang, catalog)


def _translations(
    project: Project,
    slug: str,
    source_lang: str,
    lang: str,
    catalog: Catalog,
    shared: dict[str, str] | None = None,
) -> list[Translation]:
    """Give a catalog's active units; ``shared`` gives each language's copy of a source text
    one object, so that findings about it in several languages keep (and pickle) it once."""
    shared = {} if shared is None else shared
    path = project.catalog_path(lang, slug)
    relative = (
        path.relative_to(project.root).as_posix()
        if path.is_relative_to(project.root)
        else str(path)
    )
    lines = _msgid_lines(path)
    found = []
    for entry in catalog.active:
        unit = entry.id or unit_id(entry.msgid, entry.context)
        line = lines.get(unit)
        found.append(
            Translation(
                slug=slug,
                lang=lang,
                source_lang=source_lang,
                unit=unit,
                source=shared.setdefault(entry.msgid, entry.msgid),
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
        # Most lines are neither: the prefix tests spare the pattern.
        match = _ID_COMMENT.match(line) if line.startswith("#.") else None
        if match:
            current = match.group(1)
        elif current and line.startswith("msgid "):
            lines.setdefault(current, number)
            current = None
    return lines


def check_units(
    items: Iterable[Translation], context: Context, *, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """Run every unit check on each translation (content checks only on translated ones)."""
    checks = [
        (check_id, check.run, check_id in _STATE_CHECKS)
        for check_id, check in REGISTRY.items()
        if check.scope == "unit" and check_id not in skip
    ]
    found: list[Finding] = []
    for item in items:
        content = item.translated and item.target.strip()
        for check_id, run, about_state in checks:
            if not content and not about_state:
                continue
            for message in run(item, context):
                found.append(_finding(check_id, item, message))
    return found


def catalog_findings(
    root: Path, items: Sequence[Translation], context: Context, *, keep: bool
) -> list[Finding]:
    """Run every unit check on one catalog's units; with ``keep``, through the findings kept
    for the same units, glossary and code (:mod:`relay.checks.findings_cache`), and keep them."""
    return _kept(root, items, context, keep, lambda: check_units(items, context))


def release_findings(
    root: Path, items: Sequence[Translation], context: Context, *, keep: bool
) -> list[Finding]:
    """Run the checks across one release's languages, kept as :func:`catalog_findings` are."""
    return _kept(root, items, context, keep, lambda: _cross("release", [list(items)]), "*")


def _kept(
    root: Path,
    items: Sequence[Translation],
    context: Context,
    keep: bool,
    compute: Callable[[], list[Finding]],
    part: str = "",
) -> list[Finding]:
    if not keep or not items:
        return compute()
    slug, name = items[0].slug, part or items[0].lang
    key = findings_cache.key_of(items, context)
    found = findings_cache.load(root, slug, name, key)
    if found is None:
        found = compute()
        findings_cache.store(root, slug, name, key, found)
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
    """Check the project's translations (or, with ``source``, its source releases).

    Release by release, on every core: a worker reads a release's catalogs, checks them and
    gives back its findings and a digest of each unit, so that memory holds findings and
    digests, never every catalog. The units the cross-release consistency checks report on
    are found from the digests and read again.
    """
    chosen = severities(project)
    if source:
        found = discover(project)
        report = CheckReport(errors=list(found.errors))
        return _check_sources(project, select(found.releases, slugs), chosen, report)
    heads = discover_heads(project, mapper=_on_every_core)
    report = CheckReport(errors=list(heads.errors))
    # select reads only the slugs, which heads have as releases do.
    wanted = {head.slug for head in select(heads.releases, slugs)}  # type: ignore[arg-type]
    context = Context(load_glossary(project))
    # Languages are checked against the configuration only when there is something to check.
    targets = tuple(select_langs(project, langs)) if heads.releases else ()
    keep = True  # every project, whatever its size, keeps its findings
    jobs = [
        _Job(project, context, chosen, index, head, targets, head.slug in wanted, keep=keep)
        for index, head in enumerate(heads.releases)
    ]
    keyed: list[tuple[_SortKey, Finding]] = []
    indexes: dict[str, ConsistencyIndex] = {}
    for index, checked in enumerate(ordered_map(_check_release, jobs, chunk=2)):
        keyed.extend(checked.findings)
        report.errors.extend(checked.errors)
        report.catalogs += checked.catalogs
        report.units += checked.units
        for lang, pairs in checked.digests:
            indexes.setdefault(lang, ConsistencyIndex()).add(index, pairs)
    if any(chosen[check_id] != "off" for check_id in _LANGUAGE_CHECKS):
        flagged = {lang: index.flagged() for lang, index in indexes.items()}
        keyed.extend(_check_consistency(jobs, flagged, chosen, wanted))
    keyed.sort(key=lambda pair: pair[0])
    report.findings = [finding for _, finding in keyed]
    return report


# slug, language, the unit's place in its catalog, the check's place, the finding's place
_SortKey = tuple[str, str, int, int, int]
_LANGUAGE_CHECKS = [check_id for check_id, check in REGISTRY.items() if check.scope == "language"]


def _on_every_core(function: Callable[[SourceFile], object], items: list[SourceFile]) -> Iterator:
    return ordered_map(function, items, chunk=4)


@dataclass(frozen=True)
class _Job:
    """One release to check, with everything a worker needs (only paths, no catalogs)."""

    project: Project
    context: Context
    chosen: dict[str, str]
    index: int
    head: ReleaseHead
    langs: tuple[str, ...]
    wanted: bool
    flagged: tuple[tuple[str, frozenset[int], frozenset[int]], ...] = ()
    keep: bool = False  # findings go through relay.checks.findings_cache


@dataclass
class _Checked:
    """What checking one release gives: its findings, ready to sort, and its units' digests."""

    findings: list[tuple[_SortKey, Finding]] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)
    catalogs: int = 0
    units: int = 0
    digests: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)


def _done(item: Translation) -> bool:
    """Tell whether the cross-catalog checks look at a unit: translated, and not blank."""
    return bool(item.translated and item.target.strip())


def _catalog_items(job: _Job) -> Iterator[tuple[str, list[Translation] | CatalogError]]:
    """Give each language's units of the job's release (a missing catalog: its template)."""
    project, head = job.project, job.head
    source_lang = head.metadata.lang or project.config.source_lang
    release: Release | None = None  # segmented only when a catalog is missing
    sources: dict[str, str] = {}
    for lang in job.langs:
        try:
            catalog = load_catalog(project.catalog_path(lang, head.slug))
        except CatalogError as error:
            yield lang, error
            continue
        if catalog is None:
            release = release or head.read(project)
            catalog = template(release)
        yield lang, _translations(project, head.slug, source_lang, lang, catalog, sources)


def _check_release(job: _Job) -> _Checked:
    """Check one release's catalogs: unit checks and the checks across its languages."""
    checked = _Checked()
    every: list[Translation] = []
    findings: list[Finding] = []
    for lang, items in _catalog_items(job):
        if isinstance(items, CatalogError):
            if job.wanted:
                checked.errors.append(items)
            continue
        pairs = [(digest(item.source), digest(item.target)) for item in items if _done(item)]
        checked.digests.append((lang, pairs))
        if job.wanted:
            checked.catalogs += 1
            checked.units += len(items)
            every.extend(items)
            root = job.project.root
            findings.extend(catalog_findings(root, items, job.context, keep=job.keep))
    if job.wanted:
        findings.extend(release_findings(job.project.root, every, job.context, keep=job.keep))
        checked.findings = _keyed(findings, _by_key(every), job.chosen)
    return checked


def _by_key(items: Iterable[Translation]) -> dict[suppressions.Key, Translation]:
    return {(item.slug, item.lang, item.unit): item for item in items}


def _keyed(
    findings: Iterable[Finding],
    by_key: dict[suppressions.Key, Translation],
    chosen: dict[str, str],
    position: dict[suppressions.Key, int] | None = None,
) -> list[tuple[_SortKey, Finding]]:
    """Configure findings and mark suppressions as :func:`_finish` does, each with the key
    that puts it in its place in the report."""
    kept = [f.with_(severity=chosen[f.check]) for f in findings if chosen[f.check] != "off"]
    marked = suppressions.apply(kept, by_key)
    if position is None:
        position = _places(by_key)
    return [
        ((f.slug, f.lang or "", position.get((f.slug, f.lang, f.unit), -1), _ORDER[f.check], n), f)
        for n, f in enumerate(marked)
    ]


def _places(by_key: Iterable[suppressions.Key]) -> dict[suppressions.Key, int]:
    """Number each unit in its catalog (the units of several catalogs may be given)."""
    counts: dict[tuple[str, str | None], int] = {}
    places = {}
    for key in by_key:
        catalog = key[:2]
        places[key] = counts.get(catalog, 0)
        counts[catalog] = places[key] + 1
    return places


def _check_consistency(
    jobs: list[_Job], flagged: dict[str, Flagged], chosen: dict[str, str], wanted: set[str]
) -> list[tuple[_SortKey, Finding]]:
    """Run the consistency checks over the units in groups they report on, read again."""
    releases = sorted({index for found in flagged.values() for index in found.releases})
    if not releases:
        return []
    again = []
    for index in releases:
        job = jobs[index]
        langs = tuple(lang for lang in job.langs if index in flagged.get(lang, _NONE).releases)
        groups = tuple((lang, flagged[lang].sources, flagged[lang].targets) for lang in langs)
        again.append(_Job(job.project, job.context, chosen, index, job.head, langs, False, groups))
    by_lang: dict[str, tuple[list[Translation], list[Translation]]] = {}
    by_key: dict[suppressions.Key, Translation] = {}
    position: dict[suppressions.Key, int] = {}
    for found in ordered_map(_flagged_units, again, chunk=2):
        for lang, sources, targets, keys in found:
            by_lang.setdefault(lang, ([], []))
            by_lang[lang][0].extend(sources)
            by_lang[lang][1].extend(targets)
            for key, (place, item) in keys.items():
                by_key[key] = item
                position[key] = place
    findings: list[Finding] = []
    for check_id in _LANGUAGE_CHECKS:
        for sources, targets in by_lang.values():
            group = sources if check_id == "inconsistent-translation" else targets
            findings.extend(REGISTRY[check_id].run(group))  # type: ignore[arg-type]
    mine = [finding for finding in findings if finding.slug in wanted]
    return _keyed(mine, by_key, chosen, position)


_NONE = Flagged(frozenset(), frozenset(), [])
_Units = tuple[
    str, list[Translation], list[Translation], dict[suppressions.Key, tuple[int, Translation]]
]


def _flagged_units(job: _Job) -> list[_Units]:
    """Give a release's units in flagged groups: by source, by translation, with the unit
    each one's key names (for suppressions) and its place in the catalog."""
    found = []
    flagged = {lang: (sources, targets) for lang, sources, targets in job.flagged}
    for lang, items in _catalog_items(job):
        if isinstance(items, CatalogError):
            continue
        sources, targets = flagged[lang]
        by_key = _by_key(items)
        place = _places(by_key)
        by_source, by_target, keys = [], [], {}
        for item in items:
            if not _done(item):
                continue
            source, target = digest(item.source) in sources, digest(item.target) in targets
            if source:
                by_source.append(item)
            if target:
                by_target.append(item)
            if source or target:
                key = (item.slug, item.lang, item.unit)
                keys[key] = (place[key], by_key[key])
        found.append((lang, by_source, by_target, keys))
    return found


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
    project: Project, release: Release, lang: str, catalog: Catalog, *, keep: bool = False
) -> list[Finding]:
    """Give the findings that block one variant: unsuppressed, error-level after configuration.

    Untranslated and fuzzy units are left to the completeness gate. Checks that compare with
    other catalogs run only when the project has made them errors. With ``keep``, the unit
    checks' findings go through :mod:`relay.checks.findings_cache` (those of ``relay check`` too).
    """
    chosen = severities(project)
    context = Context(load_glossary(project))
    items = translations(project, release, lang, catalog)
    findings = [
        finding
        for finding in catalog_findings(project.root, items, context, keep=keep)
        if finding.check not in _GATE_SKIPS
    ]
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
    for other in discover_heads(project).releases:
        source_lang = other.metadata.lang or project.config.source_lang
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
                found.extend(_translations(project, other.slug, source_lang, other_lang, catalog))
    return found
