"""Check one release in all its languages: what ``relay check`` runs per release, and what the
publishing gate asks about a release's variants.

Takes a project, a release (read, or only its head), the languages to check, the glossary
(:class:`~relay.checks.Context`) and the severities; gives a :class:`CheckedRelease`: its
findings (every unit check on each language's catalog, and the checks across the release's
languages), finished (:func:`relay.checks.runner.finish`) and keyed for the report, the catalogs
that could not be read, a digest of each translated unit for the cross-release consistency
checks, and its findings counted per language and unit (what ``relay status`` shows). With
``keep``, each catalog's findings and the release's cross-language findings go through
:mod:`relay.checks.findings_cache`, so unchanged translations are not checked again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from relay.catalogs.catalog import Catalog
from relay.checks import Context, Finding, Translation, findings_cache
from relay.checks.consistency_index import digest
from relay.checks.inputs import release_units
from relay.checks.runner import Keyed, by_key, check_units, cross, done, finish
from relay.core.errors import CatalogError
from relay.core.model import Release
from relay.core.project import Project
from relay.sources.discovery import ReleaseHead

# Per language: (source digest, translation digest) of each unit the consistency checks see.
Digests = list[tuple[str, list[tuple[int, int]]]]
# Per language: its errors and warnings counted per unit (see unit_counts).
UnitCounts = tuple[tuple[str, int, int], ...]
_COUNTED = {"error": 0, "warning": 1}  # a severity's place in a language's counts


@dataclass
class CheckedRelease:
    """What checking one release gives: its findings, ready to sort, the catalogs that could not
    be read, how many catalogs and units were checked, and its units' digests."""

    findings: Keyed = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)
    catalogs: int = 0
    units: int = 0
    digests: Digests = field(default_factory=list)
    counted: UnitCounts = ()


def check_release(
    project: Project,
    release: Release | ReleaseHead,
    langs: Sequence[str],
    context: Context,
    chosen: Mapping[str, str],
    *,
    keep: bool = False,
    catalogs: Mapping[str, Catalog | None] | None = None,
    findings: bool = True,
) -> CheckedRelease:
    """Check a release's catalogs in ``langs``: the unit checks, and the checks across them.

    ``catalogs`` holds those the caller has read already. Without ``findings``, only the
    digests are made (a release the report does not show, which the consistency checks still
    compare with the others).
    """
    checked = CheckedRelease()
    every: list[Translation] = []
    sources: dict[str, Counter[str]] = {}
    found: list[Finding] = []
    for lang, items in release_units(project, release, langs, catalogs):
        if isinstance(items, CatalogError):
            if findings:
                checked.errors.append(items)
            continue
        pairs = [(digest(item.source), digest(item.target)) for item in items if done(item)]
        checked.digests.append((lang, pairs))
        if findings:
            checked.catalogs += 1
            checked.units += len(items)
            every.extend(items)
            sources[lang] = Counter(item.source for item in items)
            found.extend(catalog_findings(project.root, items, context, keep=keep))
    if findings:
        found.extend(release_findings(project.root, every, context, keep=keep))
        checked.findings = finish(found, by_key(every), chosen)
        checked.counted = unit_counts((f for _, f in checked.findings), sources)
    return checked


def unit_counts(findings: Iterable[Finding], sources: Mapping[str, Counter[str]]) -> UnitCounts:
    """Count a release's findings that no suppression silences, per language, as the status
    table counts them: once per unit carrying the source text a finding is about (a text two
    units share counts twice), given how many units carry each text (``sources``)."""
    counted = {lang: [0, 0] for lang in sources}
    for finding in findings:
        if finding.suppressed or finding.severity not in _COUNTED:
            continue
        texts = sources.get(finding.lang or "")
        if texts is not None:
            counted[finding.lang or ""][_COUNTED[finding.severity]] += texts[finding.source]
    return tuple((lang, errors, warnings) for lang, (errors, warnings) in counted.items())


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
    return _kept(root, items, context, keep, lambda: cross("release", [list(items)]), "*")


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
