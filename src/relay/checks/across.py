"""Run the checks across a language's releases (the consistency checks) without holding every
catalog: from the digests of each release's units, find the groups they report on, read only the
releases holding a unit of one, and check those units.

Takes the releases (their heads, in the order their digests were indexed), each language's
:class:`~relay.checks.consistency_index.Flagged` groups and the severities; gives the findings,
finished (:func:`relay.checks.runner.finish`) and keyed for the report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from relay.checks import REGISTRY, Finding, Translation
from relay.checks import suppression as suppressions
from relay.checks.consistency_index import Flagged, digest
from relay.checks.inputs import release_units
from relay.checks.runner import Keyed, by_key, done, finish, places
from relay.core.errors import CatalogError
from relay.core.project import Project
from relay.runtime.workers import ordered_map
from relay.sources.discovery import ReleaseHead

LANGUAGE_CHECKS = [check_id for check_id, check in REGISTRY.items() if check.scope == "language"]
_NONE = Flagged(frozenset(), frozenset(), [])


@dataclass(frozen=True)
class _Again:
    """One release to read again: the languages it holds flagged units in, and the groups."""

    project: Project
    head: ReleaseHead
    flagged: tuple[tuple[str, frozenset[int], frozenset[int]], ...]


_Units = tuple[
    str, list[Translation], list[Translation], dict[suppressions.Key, tuple[int, Translation]]
]


def consistency_findings(
    project: Project,
    heads: Sequence[ReleaseHead],
    langs: Sequence[str],
    flagged: Mapping[str, Flagged],
    chosen: Mapping[str, str],
    embargoed: Collection[str] = (),
) -> Keyed:
    """Run the consistency checks over the units in groups they report on, read again.

    ``heads[i]`` is the release indexed as ``i``; ``langs`` the languages checked. A release
    in ``embargoed`` is compared only with itself: another release's findings
    would quote its text and name it (in the manifest, when the check is an error)."""
    releases = sorted({index for found in flagged.values() for index in found.releases})
    again = []
    for index in releases:
        held = [lang for lang in langs if index in flagged.get(lang, _NONE).releases]
        groups = tuple((lang, flagged[lang].sources, flagged[lang].targets) for lang in held)
        again.append(_Again(project, heads[index], groups))
    by_lang: dict[str, tuple[list[Translation], list[Translation]]] = {}
    units: dict[suppressions.Key, Translation] = {}
    position: dict[suppressions.Key, int] = {}
    for found in ordered_map(_flagged_units, again, chunk=2):
        for lang, sources, targets, keys in found:
            by_lang.setdefault(lang, ([], []))
            by_lang[lang][0].extend(sources)
            by_lang[lang][1].extend(targets)
            for key, (place, item) in keys.items():
                units[key] = item
                position[key] = place
    findings: list[Finding] = []
    for check_id in LANGUAGE_CHECKS:
        for sources, targets in by_lang.values():
            every = sources if check_id == "inconsistent-translation" else targets
            for group in _apart(every, embargoed):
                # A cross-catalog check yields findings (see checks.findings.check).
                findings.extend(cast(Iterable[Finding], REGISTRY[check_id].run(group)))
    return finish(findings, units, chosen, position)


def _apart(items: list[Translation], embargoed: Collection[str]) -> list[list[Translation]]:
    """The units compared together: those of releases not under embargo, then each embargoed
    release's own."""
    if not embargoed:
        return [items]
    groups: dict[str | None, list[Translation]] = {None: []}
    for item in items:
        groups.setdefault(item.slug if item.slug in embargoed else None, []).append(item)
    return list(groups.values())


def _flagged_units(job: _Again) -> list[_Units]:
    """Give a release's units in flagged groups: by source, by translation, with the unit
    each one's key names (for suppressions) and its place in the catalog."""
    found = []
    flagged = {lang: (sources, targets) for lang, sources, targets in job.flagged}
    for lang, items in release_units(job.project, job.head, list(flagged)):
        if isinstance(items, CatalogError):
            continue
        sources, targets = flagged[lang]
        units = by_key(items)
        place = places(units)
        by_source: list[Translation] = []
        by_target: list[Translation] = []
        keys: dict[suppressions.Key, tuple[int, Translation]] = {}
        for item in items:
            if not done(item):
                continue
            source, target = digest(item.source) in sources, digest(item.target) in targets
            if source:
                by_source.append(item)
            if target:
                by_target.append(item)
            if source or target:
                key = (item.slug, item.lang, item.unit)
                keys[key] = (place[key], units[key])
        found.append((lang, by_source, by_target, keys))
    return found
