"""The order of the stages: read sources, update catalogs, fill from memory, count, publish.

Takes a :class:`relay.project.Project`; gives reports (plain data) of what each command did.
This is the only module that knows the order of the stages; the CLI only calls it.

Translation memory is every language catalog in ``locales/<lang>/`` plus the TMX files
imported into ``locales/memory/``; its index lives in ``.relay-cache/memory.sqlite`` and is
brought up to date from those files before it is used (never during a run, so a run's output
depends on the files it started from, not on the order it writes them in).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from relay import cldr
from relay.cache import MIN_SOURCES
from relay.catalog import Catalog, Counts, count_words, counts
from relay.errors import CatalogError, RelayError, UsageError
from relay.exchange.package import Match
from relay.memory import (
    COMMENT,
    Conflict,
    MemoryFile,
    MemoryIndex,
    MemoryIndexError,
    SyncReport,
    date_of_slug,
    fill,
    similar,
    tmx,
)
from relay.memory.records import TMX_PREFIX
from relay.model import Release
from relay.po import MAX_CATALOG_BYTES, read_po, write_po
from relay.project import Project, discover, source_files
from relay.storage import write_all, write_atomic
from relay.templates import GENERATOR, template
from relay.updating import UpdateSummary, update_catalog

CACHE_FOLDER = ".relay-cache"
MEMORY_INDEX = "memory.sqlite"
MEMORY_FOLDER = "memory"  # locales/memory/<name>.tmx: imported memory, committed
MAX_TMX_BYTES = 512 * 1024 * 1024
_TMX_NAME = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class CatalogChange:
    slug: str
    lang: str | None
    path: Path
    written: bool
    summary: UpdateSummary | None = None


@dataclass
class ExtractReport:
    releases: list[Release] = field(default_factory=list)
    changes: list[CatalogChange] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)
    # Sources memory holds two or more translations of (the most recent was offered, fuzzy).
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def written(self) -> list[CatalogChange]:
        return [change for change in self.changes if change.written]

    @property
    def from_memory(self) -> int:
        return sum(change.summary.from_memory for change in self.changes if change.summary)


@dataclass(frozen=True)
class StatusRow:
    slug: str
    lang: str
    counts: Counts
    title: str | None
    # Words (and units) of active entries memory filled, whatever their state now.
    memory_words: int = 0
    memory_units: int = 0


def select(releases: list[Release], slugs: Sequence[str]) -> list[Release]:
    """Keep the named releases; name an unknown one and the command fails."""
    if not slugs:
        return releases
    known = {release.slug: release for release in releases}
    for slug in slugs:
        if slug not in known:
            raise UsageError(
                f"no release {slug!r}",
                hint="Known releases: " + ", ".join(sorted(known)) if known else None,
            )
    return [known[slug] for slug in dict.fromkeys(slugs)]


@dataclass
class _Pending:
    """A catalog extract will write, once memory has filled what it can."""

    slug: str
    lang: str | None
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


Progress = Callable[[int, int], None]


def extract(
    project: Project,
    slugs: Sequence[str] = (),
    *,
    refill: bool = False,
    progress: Progress | None = None,
) -> ExtractReport:
    """Read sources, bring templates and catalogs up to date, fill new units from memory.

    Memory fills the units a catalog did not have before (a new release, a new language, a
    new or restored paragraph); with ``refill`` it also fills units left untranslated
    earlier, for memory that arrived since (``relay tm fill``). ``progress(done, total)`` is
    called as releases are done.

    A project of :data:`relay.cache.MIN_SOURCES` releases or more is extracted incrementally
    (see :mod:`relay.extracting`): a release whose source and catalogs hold the bytes the
    last run left is not read again, and the others are worked on by every core.
    """
    sources = source_files(project)
    if not slugs and len(sources) >= MIN_SOURCES:
        from relay.extracting import extract_incrementally

        return extract_incrementally(project, sources, refill=refill, progress=progress)
    found = discover(project)
    report = ExtractReport(errors=list(found.errors))
    report.releases = select(found.releases, slugs)
    pending: list[_Pending] = []
    for number, release in enumerate(report.releases, start=1):
        items, errors = update_release(project, release, refill=refill)
        pending.extend(items)
        report.errors.extend(errors)
        if progress is not None:
            progress(number, len(report.releases))
    if any(item.wanted for item in pending):
        _fill_from_memory(project, found.releases, pending, report)
    for item in pending:
        item.serialize()
    written = write_all([(item.path, item.data or b"") for item in pending])
    for item, done in zip(pending, written, strict=True):
        report.changes.append(CatalogChange(item.slug, item.lang, item.path, done, item.summary))
    return report


def update_release(
    project: Project,
    release: Release,
    *,
    refill: bool = False,
    memory_langs: frozenset[str] | None = None,
) -> tuple[list[_Pending], list[RelayError]]:
    """Make a release's template and bring its catalogs up to date (memory not asked yet).

    A catalog with nothing memory could fill (or in a language ``memory_langs`` says memory
    has nothing for) is serialized at once; the others keep their catalog for the filling.
    """
    config = project.config
    fresh = template(release)
    pending = [_Pending(release.slug, None, project.template_path(release.slug), fresh)]
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
        pending.append(_Pending(release.slug, lang, path, updated, summary, wanted))
    for item in pending:
        if not item.wanted or (memory_langs is not None and item.lang not in memory_langs):
            item.serialize()
    return pending, errors


def _fill_from_memory(
    project: Project,
    releases: Sequence[Release],
    pending: list[_Pending],
    report: ExtractReport,
    *,
    without: Collection[Path] = (),
) -> None:
    config = project.config
    index, synced = open_memory(project, releases, without=without)
    report.errors.extend(_tmx_errors(synced))
    with index:
        for item in pending:
            if item.lang is None or item.summary is None or not item.wanted or not item.catalog:
                continue
            item.catalog, filled, conflicts = fill(
                item.catalog,
                index,
                lang=item.lang,
                release=item.slug,
                similarity=config.memory_similarity,
                exact_elsewhere=config.memory_exact_elsewhere,
                only=item.wanted,
            )
            item.summary = replace(item.summary, from_memory=len(filled))
            report.conflicts.extend(conflicts)


def load_catalog(path: Path) -> Catalog | None:
    """Read a catalog, or give None when there is none yet."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                f"is {size // (1024 * 1024)} MB; relay reads catalogs up to"
                f" {MAX_CATALOG_BYTES // (1024 * 1024)} MB",
                path=str(path),
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder of that name, no permission
        raise CatalogError(f"cannot read it: {error.strerror}", path=str(path)) from None
    return read_po(data, path=str(path))


def catalog_header(release: Release, lang: str, old: Catalog | None) -> dict[str, str]:
    """Give a language catalog's header, keeping what translators' tools wrote in it."""
    kept = old.header if old else {}
    header = {
        "Project-Id-Version": release.slug,
        "PO-Revision-Date": kept.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        "Last-Translator": kept.get("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        "Language-Team": kept.get("Language-Team", cldr.language_name(lang)),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": cldr.plural_forms(lang),
        "X-Generator": GENERATOR,
        "X-Relay-Source": str(release.path),
        "X-Relay-Source-SHA256": release.source_sha256,
    }
    for key, value in kept.items():
        header.setdefault(key, value)
    return header


def status(
    project: Project, slugs: Sequence[str] = (), langs: Sequence[str] = ()
) -> tuple[list[StatusRow], list[RelayError]]:
    """Count, per release and language, what is translated, fuzzy and untranslated."""
    found = discover(project)
    releases = select(found.releases, slugs)
    rows: list[StatusRow] = []
    errors: list[RelayError] = list(found.errors)
    for release in releases:
        for lang in select_langs(project, langs):
            try:
                catalog = load_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                errors.append(error)
                continue
            if catalog is None:
                catalog = template(release)
                # An unextracted release counts as wholly untranslated.
            filled = [
                entry
                for entry in catalog.active
                if any(line.startswith(COMMENT) for line in entry.comments)
            ]
            rows.append(
                StatusRow(
                    release.slug,
                    lang,
                    counts(catalog),
                    release.document.metadata.title,
                    memory_words=sum(count_words(entry.msgid) for entry in filled),
                    memory_units=len(filled),
                )
            )
    return rows, errors


def select_langs(project: Project, langs: Sequence[str]) -> list[str]:
    targets = list(project.config.target_langs)
    for lang in langs:
        if lang not in targets:
            raise UsageError(
                f"{lang!r} is not a target language of this project",
                hint="Target languages: " + ", ".join(targets),
            )
    return list(dict.fromkeys(langs)) if langs else targets


# -- translation memory ------------------------------------------------------------------


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
    return project.root / CACHE_FOLDER / MEMORY_INDEX


def memory_dir(project: Project) -> Path:
    """Where imported TMX files live (canonical: committed with the catalogs)."""
    return project.locales_dir / MEMORY_FOLDER


def memory_files(
    project: Project, releases: Sequence[Release], *, without: Collection[Path] = ()
) -> list[MemoryFile]:
    """List the files that hold memory: every target language's catalogs, then imported TMX.

    ``without`` names catalogs known to hold no approved translation (a cache says so from
    their fingerprints): leaving them out spares reading them.
    """
    dates = {
        release.slug: release.document.metadata.date.isoformat()
        for release in releases
        if release.document.metadata.date
    }
    skipped = set(without)
    files: list[MemoryFile] = []
    for lang in project.config.target_langs:
        for path in sorted((project.locales_dir / lang).glob("*.po")):
            if path in skipped:
                continue
            date = dates.get(path.stem) or date_of_slug(path.stem)
            files.append(MemoryFile(_name(project, path), path, "po", path.stem, lang, date))
    for path in sorted(memory_dir(project).glob("*.tmx")):
        files.append(MemoryFile(_name(project, path), path, "tmx", TMX_PREFIX + path.stem))
    return files


def open_memory(
    project: Project,
    releases: Sequence[Release] | None = None,
    *,
    without: Collection[Path] = (),
) -> tuple[MemoryIndex, SyncReport]:
    """Open the memory index and bring it up to date with the project's files."""
    if releases is None:
        releases = discover(project).releases
    try:
        index = MemoryIndex.open(memory_path(project))
    except MemoryIndexError:
        # A cache that cannot be written is rebuilt in memory: slower, never wrong.
        index = MemoryIndex.open(None)
    try:
        synced = index.sync(
            memory_files(project, releases, without=without),
            source_lang=project.config.source_lang,
            target_langs=project.config.target_langs,
        )
    except BaseException:
        index.close()
        raise
    return index, synced


def _tmx_errors(synced: SyncReport) -> list[RelayError]:
    # A broken catalog is reported by the command that reads it; a broken TMX only here.
    return [error for name, error in synced.errors if name.endswith(".tmx")]


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
    return MemoryExport(path, len(records), tuple(chosen), written), _tmx_errors(synced)


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
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{cache}{suffix}").unlink()
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
            Match(source, item.target, 100.0, f"{item.origin}#{item.unit}")
            for item in index.exact(source, lang)
            if item.origin != exclude
        ]
        for near in similar(index, source, lang, cutoff=similarity, limit=limit):
            matches.extend(
                Match(near.source, item.target, near.score, f"{item.origin}#{item.unit}")
                for item in near.translations
                if item.origin != exclude
            )
        unique: dict[tuple[str, str], Match] = {}
        for match in matches:
            unique.setdefault((match.source, match.target), match)
        ordered = sorted(unique.values(), key=lambda match: -match.score)
        found[source] = tuple(ordered[:limit])
    return found


def _name(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()
