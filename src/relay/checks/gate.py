"""What the checks let through to publishing: the findings that block a release's variants.

Takes a project and a release (with the catalogs the caller has read already); gives, per target
language, the findings that block that variant: unsuppressed and error-level after
configuration. They come from :func:`relay.checks.release.check_release`, the very check
``relay check`` runs on the release (with ``keep``, through the same kept findings), so the gate
and the report never disagree. Untranslated and fuzzy units are left to the completeness gate.
When the project has made a check across a language's releases an error, its findings come from
a check of the whole project, made once per publish (:func:`across_releases`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from relay.catalogs.catalog import Catalog
from relay.checks import REGISTRY, Context, Finding
from relay.checks.engine import findings_across_releases
from relay.checks.inputs import load_equivalents, load_glossary, severities
from relay.checks.release import check_release
from relay.checks.runner import Keyed, in_order
from relay.core.model import Release
from relay.core.project import Project

# Completeness is the publishing gate's own rule; the check gate adds what it cannot see.
GATE_SKIPS = frozenset({"untranslated", "fuzzy"})


def across_releases(project: Project, now: dt.datetime | None = None) -> dict[str, Keyed]:
    """Give, per release, the blocking findings of the checks across a language's releases
    (none unless the project made one of them an error), the embargoes held at ``now``."""
    chosen = severities(project)
    if not any(s == "error" for c, s in chosen.items() if REGISTRY[c].scope == "language"):
        return {}
    found: dict[str, Keyed] = {}
    for sort, finding in findings_across_releases(project, now):
        if _blocks(finding):
            found.setdefault(finding.slug, []).append((sort, finding))
    return found


def gate_context(project: Project, *, keep: bool = False) -> Context:
    """Give what every release's checks share: the glossary and the approved equivalents of
    the project's acronyms (these read every catalog: make it once per run)."""
    return Context(load_glossary(project), load_equivalents(project, keep=keep))


def release_gate(
    project: Project,
    release: Release,
    catalogs: Mapping[str, Catalog | None] | None = None,
    *,
    keep: bool = False,
    across: Mapping[str, Keyed] | None = None,
    context: Context | None = None,
) -> dict[str, list[Finding]]:
    """Give the findings that block each of a release's variants, by language.

    ``catalogs`` holds the catalogs the caller has read (None: missing); ``across`` what
    :func:`across_releases` gave (made here when not given); ``context`` what
    :func:`gate_context` gave (made here when not given: a caller gating many releases makes
    it once, as it reads every catalog of the project). With ``keep``, findings go through
    :mod:`relay.checks.findings_cache`, as those of ``relay check`` do.
    """
    chosen = severities(project)
    if context is None:
        context = gate_context(project, keep=keep)
    langs = project.config.target_langs
    checked = check_release(project, release, langs, context, chosen, keep=keep, catalogs=catalogs)
    if across is None:
        across = across_releases(project)
    blocking: dict[str, list[Finding]] = {lang: [] for lang in langs}
    for finding in in_order([*checked.findings, *across.get(release.slug, ())]):
        if _blocks(finding) and finding.slug == release.slug and finding.lang in blocking:
            blocking[finding.lang].append(finding)
    return blocking


def blocking_findings(
    project: Project,
    release: Release,
    lang: str,
    catalogs: Mapping[str, Catalog | None] | None = None,
    *,
    keep: bool = False,
) -> list[Finding]:
    """Give the findings that block one variant (:func:`release_gate` for one language)."""
    return release_gate(project, release, catalogs, keep=keep).get(lang, [])


def _blocks(finding: Finding) -> bool:
    blocking = finding.severity == "error" and not finding.suppressed
    return blocking and finding.check not in GATE_SKIPS


__all__: Sequence[str] = [
    "GATE_SKIPS",
    "across_releases",
    "blocking_findings",
    "gate_context",
    "release_gate",
]
