"""Run the registered checks on translations, and finish their findings.

Takes translations (:class:`~relay.checks.Translation`), the :class:`~relay.checks.Context` and
the project's severities; gives findings. :func:`check_units` runs the unit checks,
:func:`cross` the checks of one scope across groups of units; :func:`finish` is the one way a
finding is made what a report shows: given its configured severity (a check turned off drops
it), marked when a translator's ``relay-ignore`` comment suppresses it, and given the key that
puts it in its place (release, language, the unit's place in its catalog, the check's place in
the registry, the finding's place among those finished together).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from relay.checks import REGISTRY, Context, Finding, Translation
from relay.checks import suppression as suppressions
from relay.checks.findings import finding

STATE_CHECKS = ("untranslated", "fuzzy", "blank", "suppression-lapsed")
ORDER = {check_id: index for index, check_id in enumerate(REGISTRY)}

# slug, language, the unit's place in its catalog, the check's place, the finding's place
SortKey = tuple[str, str, int, int, int]
Keyed = list[tuple[SortKey, Finding]]


def done(item: Translation) -> bool:
    """Tell whether the cross-catalog checks look at a unit: translated, and not blank."""
    return bool(item.translated and item.target.strip())


def check_units(
    items: Iterable[Translation], context: Context, *, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """Run every unit check on each translation (content checks only on translated ones)."""
    checks = [
        (check_id, check.run, check_id in STATE_CHECKS)
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
                # A unit-scope check yields its messages as text (see checks.findings.check).
                found.append(finding(check_id, item, cast(str, message)))
    return found


def cross(
    scope: str, groups: Iterable[list[Translation]], only: set[str] | None = None
) -> list[Finding]:
    """Run the checks of ``scope`` (``release``, ``language``) on each group's done units."""
    found: list[Finding] = []
    for check_id, check in REGISTRY.items():
        if check.scope != scope or (only is not None and check_id not in only):
            continue
        for group in groups:
            # A cross-catalog check yields findings (see checks.findings.check).
            found.extend(cast(Iterable[Finding], check.run([item for item in group if done(item)])))
    return found


def by_key(items: Iterable[Translation]) -> dict[suppressions.Key, Translation]:
    """Index units by what a finding names: release, language, unit."""
    return {(item.slug, item.lang, item.unit): item for item in items}


def places(keys: Iterable[suppressions.Key]) -> dict[suppressions.Key, int]:
    """Number each unit in its catalog (the units of several catalogs may be given)."""
    counts: dict[tuple[str, str | None], int] = {}
    found = {}
    for key in keys:
        catalog = key[:2]
        found[key] = counts.get(catalog, 0)
        counts[catalog] = found[key] + 1
    return found


def finish(
    findings: Iterable[Finding],
    units: Mapping[suppressions.Key, Translation],
    chosen: Mapping[str, str],
    position: Mapping[suppressions.Key, int] | None = None,
) -> Keyed:
    """Give findings their configured severity (dropping the checks turned off), mark the
    suppressed ones from ``units`` (the units they are about) and key each for sorting.

    ``position`` gives each unit's place in its catalog (by default, its place in ``units``).
    """
    kept = [f.with_(severity=chosen[f.check]) for f in findings if chosen[f.check] != "off"]
    marked = suppressions.apply(kept, units)
    if position is None:
        position = places(units)
    return [
        ((f.slug, f.lang or "", position.get((f.slug, f.lang, f.unit), -1), ORDER[f.check], n), f)
        for n, f in enumerate(marked)
    ]


def in_order(keyed: Iterable[tuple[SortKey, Any]]) -> list[Any]:
    """Give the findings of keyed pairs in their report order."""
    return [found for _, found in sorted(keyed, key=lambda pair: pair[0])]
