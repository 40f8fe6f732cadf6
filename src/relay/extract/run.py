"""``relay extract``: sources to templates and catalogs, reading only what changed.

Takes a :class:`~relay.core.project.Project` (and, optionally, the slugs of the releases to
extract); gives an :class:`ExtractReport`. One code path for every project, three releases or
twenty thousand: a release whose source and files still hold the bytes the last run saw
(:mod:`relay.runtime.run_state`) is not read again; the others are read, segmented and merged
by :func:`relay.extract.release.update_release` on every core
(:mod:`relay.runtime.workers`), and their files are written in the order of the sources, a
batch at a time, each batch flushed to disk once. Translation memory is opened only when a
catalog may hold an approved translation (the run state knows which hold none), and it fills
units in this process, after every worker is done, from the files as they were before the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from relay.core.errors import RelayError, SourceError, UsageError
from relay.core.model import Document, Metadata, Release
from relay.core.project import Project
from relay.runtime.files import Batch, write_all
from relay.runtime.run_state import Fingerprint, RunState
from relay.runtime.workers import ordered_map
from relay.sources import documents_cache
from relay.sources.discovery import (
    SlugClaims,
    SourceFile,
    held_among,
    read_release,
    source_files,
)
from relay.sources.sentences import fallback_notice

if TYPE_CHECKING:
    # Reading, merging and memory are imported where a source changed (``_work``,
    # ``_fill``): a run with nothing to do needs none of them, and they are a tenth of a
    # second of its start (catalogs, rapidfuzz, SQLite's index, lxml).
    from relay.catalogs.update import UpdateSummary
    from relay.extract.release import PendingCatalog
    from relay.memory.filling import Conflict

BATCH = 256  # files written (and flushed) together

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CatalogChange:
    """A template or catalog a run looked at (``lang`` None: the template), whether it wrote
    it, and how its units changed. The file is kept by name: a run over 20,000 releases
    reports 60,000 of them, and as path objects they were a tenth of its memory."""

    slug: str
    lang: str | None
    file: str
    written: bool
    summary: UpdateSummary | None = None

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class ExtractReport:
    releases: list[Release] = field(default_factory=list)
    changes: list[CatalogChange] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)
    # Sources memory holds two or more translations of (the most recent was offered, fuzzy).
    conflicts: list[Conflict] = field(default_factory=list)
    # One line per source language relay has no sentence rules of its own for.
    notices: list[str] = field(default_factory=list)

    @property
    def written(self) -> list[CatalogChange]:
        return [change for change in self.changes if change.written]

    @property
    def from_memory(self) -> int:
        return sum(change.summary.from_memory for change in self.changes if change.summary)


@dataclass(frozen=True)
class _Job:
    project: Project
    source: SourceFile
    refill: bool
    memory_langs: frozenset[str] | None
    slugs: frozenset[str]  # the releases asked for; empty for all
    keep: bool = True  # store what is read in the documents cache (not when checking)


@dataclass(slots=True)
class _Outcome:
    """What a worker made of one source: the release (metadata only), its catalogs, errors."""

    source: SourceFile
    release: Release | None
    fingerprint: Fingerprint | None = None
    items: list[PendingCatalog] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def _work(job: _Job) -> _Outcome:
    """Read one source and bring its template and catalogs up to date."""
    source = job.source
    try:
        status = source.path.stat()
        release = read_release(job.project, source.path, source.relative, keep=job.keep)
    except SourceError as error:
        return _Outcome(source, None, errors=[error])
    except OSError as error:
        failure = SourceError(f"cannot be read: {error.strerror}", path=str(source.relative))
        return _Outcome(source, None, errors=[failure])
    fingerprint = Fingerprint(status.st_size, status.st_mtime_ns, release.source_sha256)
    if job.slugs and release.slug not in job.slugs:
        return _Outcome(source, release.summary(), fingerprint)  # read for its slug only
    from relay.extract.release import update_release

    items, errors = update_release(
        job.project, release, refill=job.refill, memory_langs=job.memory_langs
    )
    return _Outcome(source, release.summary(), fingerprint, items, errors)


def extract(
    project: Project,
    slugs: Sequence[str] = (),
    *,
    refill: bool = False,
    progress: Progress | None = None,
    check: bool = False,
) -> ExtractReport:
    """Read sources, bring templates and catalogs up to date, fill new units from memory.

    Memory fills the units a catalog did not have before (a new release, a new language, a
    new or restored paragraph); with ``refill`` it also fills units left untranslated
    earlier, for memory that arrived since (``relay tm fill``). ``progress(done, total)`` is
    called as releases are done. With ``slugs``, only those releases are extracted (every
    source is still looked at, to know its slug); an unknown slug fails before anything is
    written.

    With ``check``, the run is planned as always but writes nothing (no catalog, no run state,
    no cache): each change says whether its file would be written. Memory is not asked then:
    it only fills units a catalog did not have, so a catalog it would fill changes anyway,
    and its index is a file of the cache.
    """
    sources = source_files(project)
    chosen = frozenset(slugs)
    state = RunState.open(project, "extract")
    # The records asked for MANY at a time, one query each (a query per release was a
    # third of deciding which releases changed, at 20,000).
    records = state.releases.each([str(source.relative) for source in sources])
    plan = [
        (source, _unchanged(state, source, record, refill))
        for source, record in zip(sources, records, strict=True)
    ]
    todo = [source for source, kept in plan if kept is None]
    # Which catalogs hold no approved translation: asked once, of every catalog.
    known = _without_memory(project, state) if todo and not check else (set(), set())
    with_memory = _memory_langs(project, known) if todo and not check else frozenset()
    jobs = [_Job(project, source, refill, with_memory, chosen, not check) for source in todo]
    outcomes = ordered_map(_work, jobs)
    report = ExtractReport()
    seen: list[Release] = []  # every release found, asked for or not: memory dates them
    unread: list[PurePosixPath] = []  # sources that could not be read or claimed
    claims = SlugClaims(project, sources)
    batch: list[tuple[int, PendingCatalog]] = []
    deferred: list[tuple[int, PendingCatalog]] = []
    done: list[_Outcome] = []
    hold = bool(with_memory) or bool(chosen)
    # Memory reads the catalogs as they were before the run, and an unknown slug fails the
    # run: while either may happen, no file is replaced until the end. The new bytes wait in
    # temporary files beside their targets, not in memory: after an import of every returned
    # file (or with a new relay) every release is extracted again, and 20,000 releases'
    # catalogs held to the end took 1.3 GB.
    staged = _Staged() if hold and not check else None
    try:
        # As strings: named for every release whose catalogs are unchanged.
        folders = [(str(folder), suffix, lang) for folder, suffix, lang in _output_folders(project)]
        for number, (source, kept) in enumerate(plan, start=1):
            outcome = kept if kept is not None else next(outcomes)
            release = outcome.release
            refused = claims.claim(release.slug, source.relative) if release is not None else None
            if release is None or refused is not None:
                if refused is not None:
                    outcome.errors = [refused]
                report.errors.extend(outcome.errors)
                state.forget(str(source.relative))
                unread.append(source.relative)
                continue
            seen.append(release)
            if chosen and release.slug not in chosen:
                continue
            report.releases.append(release)
            report.errors.extend(outcome.errors)
            if kept is not None:
                for folder, suffix, lang in folders:
                    file = f"{folder}/{release.slug}{suffix}"
                    report.changes.append(CatalogChange(release.slug, lang, file, False))
            else:
                for item in outcome.items:
                    slot = len(report.changes)
                    report.changes.append(
                        CatalogChange(item.slug, item.lang, str(item.path), False, item.summary)
                    )
                    (batch if item.data is not None else deferred).append((slot, item))
                # Only what _remember needs: the items go with their batch, so that what a run
                # holds to its end does not grow by every catalog's pending state (flat memory).
                done.append(replace(outcome, items=[]))
            if len(batch) >= BATCH and staged is not None:
                _stage(batch, staged, report)
            elif len(batch) >= BATCH and not hold:
                _flush(batch, report, state, check)
            if progress is not None:
                progress(number, len(plan))
        if chosen:
            _check_known(slugs, claims.claimed)
            order = {slug: number for number, slug in enumerate(dict.fromkeys(slugs))}
            report.releases.sort(key=lambda release: order[release.slug])
        if deferred:
            from relay.extract.release import fill_from_memory

            conflicts, errors = fill_from_memory(
                project,
                seen,
                [item for _, item in deferred],
                without=known[0],
                # Known from this run's reading: no source is read again to learn it.
                held=held_among(
                    project, ((r.slug, r.document.metadata.embargo) for r in seen), unread
                ),
            )
            report.conflicts.extend(conflicts)
            report.errors.extend(errors)
        if staged is not None:
            staged.commit(state)
        _flush(batch, report, state, check)
        if deferred:
            for slot, item in deferred:
                item.serialize()
                report.changes[slot] = replace(report.changes[slot], summary=item.summary)
            _flush(deferred, report, state, check)
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    report.notices = segmentation_notices(
        [project.config.source_lang, *(r.document.metadata.lang or "" for r in report.releases)]
    )
    if check:
        return report
    for outcome in done:
        _remember(project, state, outcome)
    state.save()
    claims.save()
    documents_cache.prune(project.root, [source.relative for source in sources])
    return report


def segmentation_notices(langs: Sequence[str]) -> list[str]:
    """Say once, for each source language without sentence rules of its own, what relay does
    instead (it would otherwise make one unit of a whole paragraph without a word)."""
    return [
        notice for lang in dict.fromkeys(lang for lang in langs if lang)
        if (notice := fallback_notice(lang)) is not None
    ]  # fmt: skip


def _check_known(slugs: Sequence[str], claimed: dict[str, PurePosixPath]) -> None:
    """Fail on a slug no source has, naming the ones there are."""
    for slug in slugs:
        if slug not in claimed:
            raise UsageError(
                f"no release {slug!r}",
                hint="Known releases: " + ", ".join(sorted(claimed)) if claimed else None,
            )


def _unchanged(
    state: RunState, source: SourceFile, record: dict[str, Any] | None, refill: bool
) -> _Outcome | None:
    """Give the release its state ``record`` for a source, if the source and its catalogs are
    as last seen (None: read it again). Only the release is kept, not the record: a run holds
    this for every source to its end, and 20,000 decoded records were its biggest part."""
    if record is None or refill or not state.holds_key(str(source.relative)):
        return None
    outputs = record.get("outputs", [])
    if not isinstance(outputs, list) or not all(state.holds_key(p) for p in outputs):
        return None
    try:
        return _cached(source, record)
    except (KeyError, TypeError, ValueError):  # a record of another shape: read the source
        return None


def recorded_release(state: RunState, source: SourceFile) -> Release | None:
    """The release the last extract read from a source that still holds the same bytes, as
    its state recorded it: slug, format, source hash, and the metadata other releases use
    (date, embargo, language; not the title), as
    :func:`relay.sources.discovery.read_release_summary` gives it. None when the source changed
    or was not read without errors (read it then)."""
    relative = str(source.relative)
    record = state.releases.get(relative)
    if record is None or not state.holds_key(relative):
        return None
    try:
        return _cached(source, record).release
    except (KeyError, TypeError, ValueError):  # a record of another shape: read the source
        return None


def _cached(source: SourceFile, record: dict[str, object]) -> _Outcome:
    date = record.get("date")
    lang = record.get("lang")
    embargo = record.get("embargo")
    metadata = Metadata(
        date=dt.date.fromisoformat(date) if isinstance(date, str) else None,
        slug=str(record["slug"]),
        embargo=dt.datetime.fromisoformat(embargo) if isinstance(embargo, str) else None,
        lang=lang if isinstance(lang, str) else None,
    )
    document = Document(str(record.get("format", "")), (), (), metadata)
    release = Release(str(record["slug"]), source.relative, document, str(record["sha256"]))
    return _Outcome(source, release)


def _outputs(project: Project, slug: str) -> list[tuple[Path, str | None]]:
    """A release's template and catalogs, each with its language (None: the template)."""
    return [(folder / f"{slug}{suffix}", lang) for folder, suffix, lang in _output_folders(project)]


def _output_folders(project: Project) -> list[tuple[Path, str, str | None]]:
    """The folders and suffixes of a project's outputs, as ``Project.template_path`` and
    ``catalog_path`` name them: made once per run, since a run with nothing to do names
    every release's outputs, and building each path from the root cost most of it."""
    langs: list[str | None] = [None, *project.config.target_langs]
    named = [
        (project.template_path("x") if lang is None else project.catalog_path(lang, "x"), lang)
        for lang in langs
    ]
    return [(path.parent, path.suffix, lang) for path, lang in named]


def _flush(
    items: list[tuple[int, PendingCatalog]],
    report: ExtractReport,
    state: RunState,
    check: bool = False,
) -> None:
    """Write a batch of files, note in the report which were written, remember what they hold
    (``check``: only note which would be written)."""
    if not items:
        return
    if check:
        for slot, item in items:
            report.changes[slot] = replace(
                report.changes[slot], written=_bytes_of(item.path) != (item.data or b"")
            )
        items.clear()
        return
    written = write_all([(item.path, item.data or b"") for _, item in items])
    for (slot, item), changed in zip(items, written, strict=True):
        report.changes[slot] = replace(report.changes[slot], written=changed)
        state.record(item.path, item.data)
        state.memory[state.key_of(item.path)] = item.holds_memory
        item.data = None
    items.clear()


class _Staged:
    """Catalogs written to temporary files beside their targets, replaced only by
    :meth:`commit`: what a run that must not change a catalog before its end has made so far
    (:class:`relay.runtime.files.Batch`), with what the run state records of each."""

    def __init__(self) -> None:
        self.batch = Batch()
        self.written: list[tuple[Path, str, bool]] = []  # path, SHA-256, holds memory

    def add(self, item: PendingCatalog) -> bool:
        data = item.data or b""
        changed = self.batch.add(item.path, data)
        self.written.append((item.path, hashlib.sha256(data).hexdigest(), item.holds_memory))
        return changed

    def commit(self, state: RunState) -> None:
        """Put every file in place, then record it as :func:`_flush` does."""
        self.batch.commit()
        for path, sha256, holds_memory in self.written:
            state.record(path, sha256=sha256)
            state.memory[state.key_of(path)] = holds_memory
        self.written.clear()

    def discard(self) -> None:
        self.batch.discard()


def _stage(items: list[tuple[int, PendingCatalog]], staged: _Staged, report: ExtractReport) -> None:
    """Write a batch of files beside their targets, to be put in place at the end of the
    run; note in the report which will be replaced."""
    for slot, item in items:
        report.changes[slot] = replace(report.changes[slot], written=staged.add(item))
        item.data = None
    items.clear()


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _remember(project: Project, state: RunState, outcome: _Outcome) -> None:
    """Record a release done without errors, so that the next run can skip it."""
    key = str(outcome.source.relative)
    release = outcome.release
    if release is None or outcome.errors or outcome.fingerprint is None:
        state.forget(key)
        return
    state.files[state.key_of(outcome.source.path)] = outcome.fingerprint
    date = release.document.metadata.date
    embargo = release.document.metadata.embargo
    state.releases[key] = {
        "slug": release.slug,
        "format": release.document.format,
        "date": date.isoformat() if date else None,
        "embargo": embargo.isoformat() if embargo else None,
        "sha256": release.source_sha256,
        "lang": release.document.metadata.lang,
        "outputs": [state.key_of(path) for path, _ in _outputs(project, release.slug)],
    }
    state.changed = True


def _without_memory(project: Project, state: RunState) -> tuple[set[Path], set[str]]:
    """:func:`relay.memory.store.catalogs_without_memory`, imported when a source changed."""
    from relay.memory.store import catalogs_without_memory

    return catalogs_without_memory(project, state)


def _memory_langs(project: Project, known: tuple[set[Path], set[str]]) -> frozenset[str]:
    """Give the languages memory may have something in (all of them with imported TMX)."""
    from relay.memory.store import memory_dir

    if any(memory_dir(project).glob("*.tmx")):
        return frozenset(project.config.target_langs)
    return frozenset(known[1])
