"""Translators' notes and queries, as the catalogs keep them: list the open ones, resolve one.

Takes a project (and a release, language and unit to resolve); gives the open notes, or the
number resolved. Import stores each note a translator sends (XLIFF ``<note>``, XLIFF 2.0
``<notes>``, PO translator comments) as one catalog comment ``# translator note: …``
(:mod:`relay.exchange.returned`); resolving it makes that line ``# resolved note: …``, kept
so that the same note sent again is not opened again, and no longer exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.catalogs.catalog import Entry
from relay.catalogs.po import load_catalog, write_po
from relay.core.errors import CatalogError, RelayError, UsageError
from relay.core.project import Project
from relay.exchange.returned import NOTE, RESOLVED, note_text
from relay.runtime.files import write_atomic
from relay.sources.discovery import discover


@dataclass(frozen=True, slots=True)
class OpenNote:
    slug: str
    lang: str
    unit: str
    source: str
    text: str
    number: int  # the note's place among the unit's open notes, from 1


def open_notes_of(entries: list[Entry], slug: str, lang: str) -> list[OpenNote]:
    """The open notes of a catalog's active entries, in catalog order."""
    found = []
    for entry in entries:
        texts = [text for text in map(note_text, entry.comments) if text is not None]
        for number, text in enumerate(texts, start=1):
            found.append(OpenNote(slug, lang, entry.id or "", entry.msgid, text, number))
    return found


def project_notes(project: Project) -> tuple[list[OpenNote], list[RelayError]]:
    """The open notes of every release and target language, and what could not be read."""
    found = discover(project)
    notes: list[OpenNote] = []
    errors: list[RelayError] = list(found.errors)
    for release in found.releases:
        for lang in project.config.target_langs:
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                errors.append(error)
                continue
            if catalog is not None:
                notes.extend(open_notes_of(catalog.active, release.slug, lang))
    return notes, errors


def resolve(project: Project, slug: str, lang: str, unit: str, number: int | None = None) -> int:
    """Resolve the open notes of a unit (only the ``number``-th when given); give how many."""
    path = project.catalog_path(lang, slug)
    catalog = load_catalog(path)
    if catalog is None:
        raise UsageError(f"there is no {lang} catalog for {slug}", hint="Run relay status.")
    done = 0
    entries = []
    matched = False
    for entry in catalog.entries:
        if entry.obsolete or unit not in (entry.id, entry.msgid):
            entries.append(entry)
            continue
        matched = True
        comments = []
        seen = 0
        for line in entry.comments:
            if line.startswith(NOTE):
                seen += 1
                if number is None or seen == number:
                    line = RESOLVED + line[len(NOTE) :]
                    done += 1
            comments.append(line)
        entries.append(entry.with_(comments=tuple(comments)))
    if not matched:
        raise UsageError(
            f"{slug} [{lang}] has no unit {unit!r}", hint="Unit ids are listed by relay status."
        )
    if done:
        catalog.entries = entries
        write_atomic(path, write_po(catalog))
    return done
