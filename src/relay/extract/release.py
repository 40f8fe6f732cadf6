"""Bring one release's template and catalogs up to date, then let memory fill what it can.

Takes a project and a release (read from its source); gives one :class:`PendingCatalog` per file
extract writes (the template, then one catalog per target language), each holding either its
final bytes or, when translation memory may fill some of its units, the updated catalog and the
units memory is asked about. :func:`fill_from_memory` does that asking, for many releases at
once, in the process that writes (workers only update).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.catalogs.templates import catalog_header, template
from relay.catalogs.update import UpdateSummary, update_catalog
from relay.core.errors import CatalogError, RelayError
from relay.core.model import Release
from relay.core.project import Project
from relay.memory.filling import Conflict, fill
from relay.memory.store import open_memory, tmx_errors


@dataclass
class PendingCatalog:
    """A file extract will write, once memory has filled what it can."""

    slug: str
    lang: str | None  # None for the template
    path: Path
    catalog: Catalog | None
    summary: UpdateSummary | None = None
    # The untranslated entries memory is asked about: new ones, or all with ``refill``.
    wanted: frozenset[str] = frozenset()
    data: bytes | None = None  # the file's bytes, once nothing is left to fill
    holds_memory: bool = False  # whether it holds an approved translation (memory)

    def serialize(self) -> None:
        if self.data is None and self.catalog is not None:
            self.data = write_po(self.catalog)
            self.holds_memory = any(
                entry.msgid and entry.msgstr and not entry.fuzzy for entry in self.catalog
            )
            self.catalog = None  # a serialized catalog is not kept: memory stays flat


def update_release(
    project: Project,
    release: Release,
    *,
    refill: bool = False,
    memory_langs: frozenset[str] | None = None,
) -> tuple[list[PendingCatalog], list[RelayError]]:
    """Make a release's template and bring its catalogs up to date (memory not asked yet).

    A catalog with nothing memory could fill (or in a language ``memory_langs`` says memory
    has nothing for) is serialized at once; the others keep their catalog for the filling.
    """
    config = project.config
    fresh = template(release)
    pending = [PendingCatalog(release.slug, None, project.template_path(release.slug), fresh)]
    errors: list[RelayError] = []
    for lang in config.target_langs:
        path = project.catalog_path(lang, release.slug)
        try:
            old = load_catalog(path)
        except CatalogError as error:
            errors.append(error)
            continue
        updated, summary = update_catalog(
            old,
            fresh,
            header=catalog_header(release, lang, old),
            similarity=config.memory_similarity,
            keep_whitespace_edits=config.keep_whitespace_edits,
        )
        known = set() if refill or old is None else {entry.msgid for entry in old}
        wanted = frozenset(
            entry.msgid for entry in updated.active if not entry.msgstr and entry.msgid not in known
        )
        pending.append(PendingCatalog(release.slug, lang, path, updated, summary, wanted))
    for item in pending:
        if not item.wanted or (memory_langs is not None and item.lang not in memory_langs):
            item.serialize()
    return pending, errors


def fill_from_memory(
    project: Project,
    releases: Sequence[Release],
    pending: Sequence[PendingCatalog],
    *,
    without: Collection[Path] = (),
    held: Collection[str] | None = None,
) -> tuple[list[Conflict], list[RelayError]]:
    """Fill the wanted units of every pending catalog from memory, as the files were before
    this run; give the conflicts memory met and the errors of its TMX files. ``held``: the
    slugs held out of memory, when the caller knows them (else every source is read for it)."""
    config = project.config
    index, synced = open_memory(project, releases, without=without, held=held)
    conflicts: list[Conflict] = []
    with index:
        for item in pending:
            if item.lang is None or item.summary is None or not item.wanted or not item.catalog:
                continue
            item.catalog, filled, found = fill(
                item.catalog,
                index,
                lang=item.lang,
                release=item.slug,
                similarity=config.memory_similarity,
                exact_elsewhere=config.memory_exact_elsewhere,
                only=item.wanted,
            )
            item.summary = replace(item.summary, from_memory=len(filled))
            conflicts.extend(found)
    return conflicts, tmx_errors(synced)
