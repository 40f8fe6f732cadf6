"""Apply the safe typography fixes (:mod:`relay.checks.fixes`) to a project's catalogs: what
``relay check --fix`` and ``relay import --fix-typography`` write.

Takes a project, and optionally languages and releases; gives each unit fixed, with its
changes, and writes the catalogs that changed. A module of its own: the check of values
(:mod:`relay.checks.values`) asks only whether a text would be fixed, and every check loads it,
so it does not load reading and writing catalogs, memory and discovery with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from relay.catalogs.catalog import Catalog, unit_id
from relay.catalogs.po import load_catalog, write_po
from relay.checks.fixes import Change, fix
from relay.core.project import Project, select_langs
from relay.memory import states
from relay.runtime.files import write_atomic
from relay.sources.discovery import discover_heads, select


@dataclass(frozen=True)
class FixedUnit:
    """The fixes made to one unit of one catalog."""

    path: Path
    slug: str
    lang: str
    unit: str
    changes: tuple[Change, ...]


def fix_catalogs(
    project: Project, langs: Sequence[str] = (), slugs: Sequence[str] = (), *, write: bool = True
) -> list[FixedUnit]:
    """Apply the typography fixes to the translations of the project's catalogs.

    Every translated unit (fuzzy ones too: a fix does not approve anything) of the chosen
    languages and releases is fixed; a catalog that changed is written back through
    :func:`relay.catalogs.po.write_po` (msgcat's layout), atomically. Gives each fixed unit with
    its changes, in release, language and catalog order. The caller holds the project lock.

    A fixed translation is no longer the one a reviser revised or approved: the states it
    loses are kept in translation memory (:mod:`relay.memory.states`).
    """
    heads = discover_heads(project)
    fixed: list[FixedUnit] = []
    known = states.load(project) if write else []  # unreadable: stop before writing
    dropped: list[states.Seen] = []
    for head in select(heads.releases, slugs):
        for lang in select_langs(project, langs):
            path = project.catalog_path(lang, head.slug)
            catalog = load_catalog(path)
            if catalog is None:
                continue
            entries = []
            for entry in catalog.entries:
                if entry.msgstr and not entry.obsolete:
                    result = fix(entry.msgstr, lang, source=entry.msgid)
                    if result.changes:
                        unit = entry.id or unit_id(entry.msgid, entry.context)
                        fixed.append(FixedUnit(path, head.slug, lang, unit, result.changes))
                        entry = entry.with_(msgstr=result.text)
                entries.append(entry)
            if write and entries != catalog.entries:
                updated = Catalog(catalog.header, entries)
                write_atomic(path, write_po(updated))
                dropped += states.dropped(catalog, updated, lang=lang, slug=head.slug)
    if write:
        states.record(project, dropped, known=known)
    return fixed
