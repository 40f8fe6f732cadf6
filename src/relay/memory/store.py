"""The project's translation memory: its files, its index, TMX in and out, matches for exports.

Takes a :class:`~relay.core.project.Project`. Memory is every language catalog in
``locales/<lang>/`` plus the TMX files imported into ``locales/memory/``, and the revision
states it has seen that the catalogs no longer show (``locales/memory/states.json``,
:mod:`relay.memory.states`); its index lives in
``.relay-cache/memory.sqlite`` and is brought up to date from those files before it is used
(never during a run, so a run's output depends on the files it started from, not on the order
it writes them in). Gives the open index, reports of TMX exchanges and counts, and the matches
exchange files offer translators.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from relay.core.errors import RelayError, UsageError
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.memory import tmx
from relay.memory.fuzzy import similar
from relay.memory.index import MemoryIndex, MemoryIndexError, SyncReport
from relay.memory.records import MEMORY_FOLDER, TMX_PREFIX, Match, MemoryFile, date_of_slug
from relay.memory.states import states_path
from relay.runtime import sqlite_files
from relay.runtime.files import write_atomic
from relay.runtime.run_state import RunState
from relay.sources.discovery import discover, held_slugs

MEMORY_INDEX = "memory.sqlite"
MAX_TMX_BYTES = 512 * 1024 * 1024
_TMX_NAME = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class MemoryExport:
    path: Path
    units: int
    langs: tuple[str, ...]
    written: bool


@dataclass(frozen=True)
class MemoryImport:
    """A TMX file taken into the project's memory: where it is kept and what it held."""

    source: Path
    path: Path
    origin: str
    units: int
    used: int
    skipped: int
    by_lang: dict[str, int]
    written: bool
    replaced: bool


@dataclass(frozen=True)
class MemoryStats:
    cache: Path
    files: int
    sources: int
    units: int
    translations: int
    by_lang: dict[str, int]
    synced: SyncReport


def memory_path(project: Project) -> Path:
    """Where the memory index (a cache, never committed) lives."""
    return project.cache_dir / MEMORY_INDEX


def memory_dir(project: Project) -> Path:
    """Where imported TMX files live (canonical: committed with the catalogs)."""
    return project.locales_dir / MEMORY_FOLDER


def memory_files(
    project: Project,
    releases: Sequence[Release],
    *,
    without: Collection[Path] = (),
    held: Collection[str] | None = None,
) -> list[MemoryFile]:
    """List the files that hold memory: every target language's catalogs, then imported TMX.

    ``without`` names catalogs known to hold no approved translation (a cache says so from
    their fingerprints): leaving them out spares reading them. ``held`` gives the slugs held
    out of memory (:func:`~relay.sources.discovery.held_slugs`) when the caller knows them.
    """
    dates = {
        release.slug: release.document.metadata.date.isoformat()
        for release in releases
        if release.document.metadata.date
    }
    skipped = {str(path) for path in without}
    # A release under embargo lends no translation, no similar source, to any other release
    # (filled units, previous msgids, matches in exports) until its time.
    if held is None:
        held = held_slugs(project)
    files: list[MemoryFile] = []
    for lang in project.config.target_langs:
        # Listed by name, not globbed: every catalog of the archive is listed each time memory
        # is opened (one new release), and path objects cost more than the listing.
        folder = project.locales_dir / lang
        prefix, where = _name(project, folder) + "/", f"{folder}/"
        for name in _po_names(folder):
            path, slug = where + name, name[: -len(".po")]
            if path in skipped or slug in held:
                continue
            date = dates.get(slug) or date_of_slug(slug)
            files.append(MemoryFile(prefix + name, path, "po", slug, lang, date))
    for imported in sorted(memory_dir(project).glob("*.tmx")):
        name, origin = _name(project, imported), TMX_PREFIX + imported.stem
        files.append(MemoryFile(name, str(imported), "tmx", origin))
    seen = states_path(project)
    if seen.is_file():
        files.append(MemoryFile(_name(project, seen), str(seen), "states", ""))
    return files


def open_memory(
    project: Project,
    releases: Sequence[Release] | None = None,
    *,
    without: Collection[Path] = (),
    held: Collection[str] | None = None,
) -> tuple[MemoryIndex, SyncReport]:
    """Open the memory index and bring it up to date with the project's files (``held``: as
    :func:`memory_files` takes it)."""
    if releases is None:
        releases = discover(project).releases
    try:
        index = MemoryIndex.open(memory_path(project))
    except MemoryIndexError:
        # A cache that cannot be written is rebuilt in memory: slower, never wrong.
        index = MemoryIndex.open(None)
    try:
        synced = index.sync(
            memory_files(project, releases, without=without, held=held),
            source_lang=project.config.source_lang,
            target_langs=project.config.target_langs,
        )
    except BaseException:
        index.close()
        raise
    return index, synced


def tmx_errors(synced: SyncReport) -> list[RelayError]:
    # A broken catalog is reported by the command that reads it; a broken TMX (or states
    # file) only here.
    return [error for name, error in synced.errors if not name.endswith(".po")]


def export_memory(
    project: Project, path: Path, langs: Sequence[str] = ()
) -> tuple[MemoryExport, list[RelayError]]:
    """Write the project's memory (one language, or all) as a TMX 1.4b file."""
    chosen = select_langs(project, langs)
    index, synced = open_memory(project)
    with index:
        records = list(index.records(chosen))
    data = tmx.write(records, source_lang=project.config.source_lang)
    written = write_atomic(path, data)
    return MemoryExport(path, len(records), tuple(chosen), written), tmx_errors(synced)


def import_memory(project: Project, path: Path) -> MemoryImport:
    """Check a TMX file and keep a copy in ``locales/memory/``, where extract will use it."""
    try:
        size = path.stat().st_size
        if size > MAX_TMX_BYTES:
            raise UsageError(f"{path} is larger than {MAX_TMX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    name = _TMX_NAME.sub("-", path.stem.lower()).strip("-.") or "memory"
    origin = TMX_PREFIX + name
    content = tmx.read(
        data,
        path=str(path),
        origin=origin,
        source_lang=project.config.source_lang,
        target_langs=project.config.target_langs,
    )
    if not content.records:
        languages = ", ".join(project.config.target_langs)
        raise UsageError(
            f"{path} has no unit in {project.config.source_lang} and one of {languages}",
            hint="Check the languages (xml:lang) of its <tuv> elements.",
        )
    target = memory_dir(project) / f"{name}.tmx"
    replaced = target.exists()
    written = write_atomic(target, data)
    by_lang: dict[str, int] = {}
    for record in content.records:
        by_lang[record.lang] = by_lang.get(record.lang, 0) + 1
    return MemoryImport(
        source=path,
        path=target,
        origin=origin,
        units=content.units,
        used=content.units - content.skipped,
        skipped=content.skipped,
        by_lang=dict(sorted(by_lang.items())),
        written=written,
        replaced=replaced and written,
    )


def memory_stats(project: Project, *, rebuild: bool = False) -> MemoryStats:
    """Bring the memory index up to date (from nothing with ``rebuild``) and count it."""
    cache = memory_path(project)
    if rebuild:
        sqlite_files.remove(cache)
    index, synced = open_memory(project)
    with index:
        totals = index.counts()
        by_lang = index.counts_by_lang()
    return MemoryStats(cache, by_lang=by_lang, synced=synced, **totals)


def memory_matches(
    project: Project,
    lang: str,
    sources: Sequence[str],
    *,
    limit: int = 3,
    exclude: str | None = None,
) -> dict[str, tuple[Match, ...]]:
    """Give, per source, memory's best matches in ``lang`` (exact first) for exchange files.

    Matches from the release named by ``exclude`` (the one being exported) are left out.
    """
    index, _ = open_memory(project)
    with index:
        return _matches(index, project, lang, sources, limit=limit, exclude=exclude)


class MemoryMatches:
    """:func:`memory_matches` for every release of one run: the index is opened and brought up
    to date once, on first use, and a language memory holds nothing in is not looked up."""

    def __init__(self, project: Project, releases: Sequence[Release] | None = None) -> None:
        self.project = project
        self.releases = releases
        self._index: MemoryIndex | None = None
        self._langs: set[str] = set()

    def find(
        self, lang: str, sources: Sequence[str], *, limit: int = 3, exclude: str | None = None
    ) -> dict[str, tuple[Match, ...]]:
        if self._index is None:
            self._index, _ = open_memory(self.project, self.releases)
            self._langs = set(self._index.counts_by_lang())
        if lang not in self._langs:
            return {}
        return _matches(self._index, self.project, lang, sources, limit=limit, exclude=exclude)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None


def _matches(
    index: MemoryIndex,
    project: Project,
    lang: str,
    sources: Sequence[str],
    *,
    limit: int,
    exclude: str | None,
) -> dict[str, tuple[Match, ...]]:
    similarity = project.config.memory_similarity
    found: dict[str, tuple[Match, ...]] = {}
    for source in dict.fromkeys(sources):
        matches = [
            Match(source, item.target, 100.0, f"{item.origin}#{item.unit}", item.state)
            for item in index.exact(source, lang)
            if item.origin != exclude
        ]
        for near in similar(index, source, lang, cutoff=similarity, limit=limit):
            matches.extend(
                Match(
                    near.source, item.target, near.score, f"{item.origin}#{item.unit}", item.state
                )
                for item in near.translations
                if item.origin != exclude
            )
        unique: dict[tuple[str, str], Match] = {}
        for match in matches:
            unique.setdefault((match.source, match.target), match)
        ordered = sorted(unique.values(), key=lambda match: -match.score)
        found[source] = tuple(ordered[:limit])
    return found


def catalogs_without_memory(project: Project, state: RunState) -> tuple[set[Path], set[str]]:
    """Split the language catalogs into those extract's ``state`` knows to hold no approved
    translation (unchanged since), and the languages of the others (which memory may draw on).

    Every catalog of the archive is asked about when one release is new: names are made as
    strings, not path objects, which cost more than the question (8,000 at 2,000 releases).
    """
    without: set[Path] = set()
    maybe: set[str] = set()
    for lang in project.config.target_langs:
        folder = project.locales_dir / lang
        prefix = state.key_of(folder) + "/"
        for name in _po_names(folder):
            key = prefix + name
            if state.memory.get(key) is False and state.holds_key(key):
                without.add(folder / name)
            else:
                maybe.add(lang)
    return without, maybe


def _po_names(folder: Path) -> list[str]:
    """The names of the catalogs in ``folder``, sorted (none when it cannot be listed, as
    globbing gave: a folder that is missing or unreadable holds no memory)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(".po"))
    except OSError:
        return []


def _name(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()
