"""What ``relay status`` needs of a catalog, kept while the catalog holds the same bytes.

Takes a project and a catalog's path; gives a :class:`Summary`: its unit and word counts, what
memory filled, its review levels, its open notes, and how many active units carry each source
text (to count a release's findings per unit as the report does). Summaries live in the run
state named ``status`` (:mod:`relay.runtime.run_state`), keyed by relay's code and the
configuration, so a status with nothing changed stats each catalog and parses none: at 2,000
releases the catalogs were most of its time. Deleting the state only makes the next status
read every catalog again; a catalog that cannot be read is never summarised.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from relay.catalogs.catalog import Catalog, Counts, count_words, counts, level_counts, level_of
from relay.catalogs.po import catalog_bytes, read_po
from relay.core.errors import CatalogError
from relay.core.project import Project
from relay.exchange.notes import OpenNote, open_notes_of
from relay.memory.records import COMMENT
from relay.runtime.run_state import Fingerprint, RunState


@dataclass(frozen=True)
class Summary:
    """A catalog as the status table counts it."""

    units: Counts
    memory_words: int
    memory_units: int
    level: str
    levels: tuple[tuple[str, int], ...]
    notes: tuple[tuple[str, str, str, int], ...]  # unit id, source, text, number
    # The digest of each active unit's source text, space-separated: kept as one string and
    # counted only when asked (a status after a change reads every catalog's summary, and
    # asks this of the few with findings across releases; as an object of digests it was
    # four fifths of a summary's JSON to decode).
    sources: str

    def open_notes(self, slug: str, lang: str) -> list[OpenNote]:
        return [OpenNote(slug, lang, *note) for note in self.notes]

    def units_with(self, text: str) -> int:
        """How many active units have the source ``text``."""
        digest = source_digest(text)
        return sum(1 for found in self.sources.split(" ") if found == digest)

    def as_json(self) -> dict[str, Any]:
        return {
            "units": asdict(self.units),
            "memory": [self.memory_words, self.memory_units],
            "level": self.level,
            "levels": [list(pair) for pair in self.levels],
            "notes": [list(note) for note in self.notes],
            "sources": self.sources,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(
            Counts(**data["units"]),
            int(data["memory"][0]),
            int(data["memory"][1]),
            str(data["level"]),
            tuple((str(level), int(count)) for level, count in data["levels"]),
            tuple((str(a), str(b), str(c), int(d)) for a, b, c, d in data["notes"]),
            _digests(data["sources"]),
        )


def _digests(data: object) -> str:
    """A summary's source digests, as kept (checked to be a string)."""
    if not isinstance(data, str):
        raise ValueError("a summary's sources are not a string")
    return data


def source_digest(text: str) -> str:
    """Name a unit's source text in a summary (short: a summary holds one per unit)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def summarise(catalog: Catalog, slug: str, lang: str) -> Summary:
    """Summarise a catalog that has just been read."""
    filled = [e for e in catalog.active if any(line.startswith(COMMENT) for line in e.comments)]
    notes = open_notes_of(catalog.active, slug, lang)
    return Summary(
        units=counts(catalog),
        memory_words=sum(count_words(entry.msgid) for entry in filled),
        memory_units=len(filled),
        level=level_of(catalog),
        levels=tuple(level_counts(catalog).items()),
        notes=tuple((n.unit, n.source, n.text, n.number) for n in notes),
        sources=" ".join(source_digest(entry.msgid) for entry in catalog.active),
    )


class Summaries:
    """The kept summaries of a project's catalogs; :meth:`save` keeps what was read anew.

    A catalog is named by its language and slug, and keyed as the state keys files, by a
    name made once per run and joined: a status names every catalog of the project, and a
    path object per catalog (made, then made relative) was a sixth of a status after a change.
    """

    def __init__(self, project: Project) -> None:
        self.state = RunState.open(project, "status")
        self._root = project.root
        locales = self.state.key_of(project.locales_dir)
        self._locales = "" if locales == "." else locales + "/"

    def key(self, lang: str, slug: str) -> str:
        """The state's name of a catalog (what ``state.key_of(catalog_path)`` gives)."""
        return f"{self._locales}{lang}/{slug}.po"

    def each(self, catalogs: Sequence[tuple[str, str]]) -> Iterator[Summary | CatalogError | None]:
        """The summary of each catalog (language, slug) in turn (None: there is none yet),
        the kept summaries read a chunk at a time (:meth:`~relay.runtime.state_store.Rows.each`):
        a status after a change asks for every catalog's. A catalog that cannot be read gives
        its error (:class:`relay.core.errors.CatalogError`), in its place."""
        keys = [self.key(lang, slug) for lang, slug in catalogs]
        for key, (lang, slug), kept in zip(
            keys, catalogs, self.state.releases.each(keys), strict=True
        ):
            try:
                yield self._of(key, lang, slug, kept)
            except CatalogError as error:
                yield error

    def _of(self, key: str, lang: str, slug: str, kept: dict[str, Any] | None) -> Summary | None:
        """A catalog's summary, from ``kept`` while the catalog holds its bytes, else read
        (None: no catalog yet; raises :class:`CatalogError` for one that cannot be read)."""
        if kept is not None and kept.get("slug") == slug and self.state.holds_key(key):
            try:
                return Summary.from_json(kept["summary"])
            except (KeyError, TypeError, ValueError, IndexError):  # damaged: read it again
                pass
        path = self._root / key
        try:
            before = os.stat(path)
        except OSError:
            before = None
        data = catalog_bytes(path)
        if data is None:
            self.state.forget(key)
            return None
        summary = summarise(read_po(data, path=str(path)), slug, lang)
        # Kept only when the bytes read are the bytes stat saw: a catalog written meanwhile
        # is read again next time rather than taken for what it was.
        if before is not None and before.st_size == len(data):
            sha = hashlib.sha256(data).hexdigest()
            self.state.files[key] = Fingerprint(before.st_size, before.st_mtime_ns, sha)
            self.state.releases[key] = {"slug": slug, "summary": summary.as_json()}
            self.state.changed = True
        return summary

    def keep_only(self, catalogs: Iterable[tuple[str, str]]) -> None:
        """Forget the summaries of every catalog but these, each (language, slug) (after a
        status of them all)."""
        wanted = {self.key(lang, slug) for lang, slug in catalogs}
        for key in [key for key in self.state.releases if key not in wanted]:
            self.state.forget(key)
            self.state.files.pop(key, None)

    def save(self) -> None:
        self.state.save()
