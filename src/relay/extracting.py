"""Extract a large project incrementally: skip what has not changed, use every core for the rest.

Takes a project and its source files; gives the :class:`~relay.pipeline.ExtractReport` and the
files that reading everything would give. A release whose source and catalogs still hold the
bytes the last run saw (:mod:`relay.cache`) is not read; the others are read, segmented and
merged in worker processes (:mod:`relay.parallel`), and their files are written in the order
of the sources, a batch at a time, each batch flushed to disk once. Memory is opened only when
a catalog may hold an approved translation (the cache knows which hold none), and it fills
units in this process, after every worker is done, as :func:`relay.pipeline.extract` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from relay import segment_cache
from relay.cache import Fingerprint, RunState
from relay.errors import RelayError, SourceError
from relay.model import Document, Metadata, Release
from relay.parallel import ordered_map
from relay.pipeline import (
    CatalogChange,
    ExtractReport,
    Progress,
    _fill_from_memory,
    _Pending,
    memory_dir,
    update_release,
)
from relay.project import Project, SourceFile, read_release
from relay.storage import write_all

BATCH = 256  # files written (and flushed) together


@dataclass(frozen=True)
class _Job:
    project: Project
    source: SourceFile
    refill: bool
    memory_langs: frozenset[str] | None


@dataclass
class _Outcome:
    """What a worker made of one source: the release (metadata only), its catalogs, errors."""

    source: SourceFile
    release: Release | None
    fingerprint: Fingerprint | None = None
    items: list[_Pending] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def _work(job: _Job) -> _Outcome:
    """Read one source and bring its template and catalogs up to date."""
    source = job.source
    try:
        status = source.path.stat()
        release = read_release(job.project, source.path, source.relative, keep=True)
    except SourceError as error:
        return _Outcome(source, None, errors=[error])
    except OSError as error:
        failure = SourceError(f"cannot be read: {error.strerror}", path=str(source.relative))
        return _Outcome(source, None, errors=[failure])
    items, errors = update_release(
        job.project, release, refill=job.refill, memory_langs=job.memory_langs
    )
    fingerprint = Fingerprint(status.st_size, status.st_mtime_ns, release.source_sha256)
    return _Outcome(source, _summary(release), fingerprint, items, errors)


def _summary(release: Release) -> Release:
    """Keep what a report needs of a release (its metadata), not its skeleton and units."""
    document = release.document
    return replace(release, document=Document(document.format, (), (), document.metadata))


def extract_incrementally(
    project: Project,
    sources: list[SourceFile],
    *,
    refill: bool = False,
    progress: Progress | None = None,
) -> ExtractReport:
    """Extract as :func:`relay.pipeline.extract` does, reading only what changed."""
    state = RunState.open(project, "extract")
    plan = [(source, _unchanged(state, source, refill)) for source in sources]
    todo = [source for source, record in plan if record is None]
    with_memory = _memory_langs(project, state) if todo else frozenset()
    outcomes = ordered_map(_work, [_Job(project, s, refill, with_memory) for s in todo])
    report = ExtractReport()
    claimed: dict[str, PurePosixPath] = {}
    batch: list[tuple[int, _Pending]] = []
    deferred: list[tuple[int, _Pending]] = []
    done: list[_Outcome] = []
    for number, (source, record) in enumerate(plan, start=1):
        outcome = _cached(project, source, record) if record is not None else next(outcomes)
        release = outcome.release
        if release is None or release.slug in claimed:
            if release is not None:
                used = claimed[release.slug]
                outcome.errors = [
                    SourceError(
                        f"slug {release.slug!r} is already used by {used}",
                        path=str(source.relative),
                    )
                ]
            report.errors.extend(outcome.errors)
            state.forget(str(source.relative))
            continue
        claimed[release.slug] = source.relative
        report.releases.append(release)
        report.errors.extend(outcome.errors)
        if record is not None:
            for path, lang in _outputs(project, release.slug):
                report.changes.append(CatalogChange(release.slug, lang, path, False))
        else:
            for item in outcome.items:
                slot = len(report.changes)
                report.changes.append(
                    CatalogChange(item.slug, item.lang, item.path, False, item.summary)
                )
                (batch if item.data is not None else deferred).append((slot, item))
            done.append(outcome)
        if len(batch) >= BATCH and not with_memory:
            # Memory reads the catalogs as they were before the run: while it may be
            # needed, nothing is written until it has been.
            _flush(batch, report, state)
        if progress is not None:
            progress(number, len(plan))
    if deferred:
        without = _without_memory(project, state)
        _fill_from_memory(
            project, report.releases, [item for _, item in deferred], report, without=without
        )
    _flush(batch, report, state)
    if deferred:
        for slot, item in deferred:
            item.serialize()
            report.changes[slot] = replace(report.changes[slot], summary=item.summary)
        _flush(deferred, report, state)
    for outcome in done:
        _remember(project, state, outcome)
    state.save()
    segment_cache.prune(project.root, [source.relative for source in sources])
    return report


def _unchanged(state: RunState, source: SourceFile, refill: bool) -> dict[str, object] | None:
    """Give the recorded release of a source if it and its catalogs are as last seen."""
    record = state.releases.get(str(source.relative))
    if record is None or refill or not state.holds_key(str(source.relative)):
        return None
    outputs = record.get("outputs", [])
    if not isinstance(outputs, list) or not all(state.holds_key(p) for p in outputs):
        return None
    return record


def _cached(project: Project, source: SourceFile, record: dict[str, object]) -> _Outcome:
    date = record.get("date")
    metadata = Metadata(
        date=dt.date.fromisoformat(date) if isinstance(date, str) else None,
        slug=str(record["slug"]),
    )
    document = Document(str(record.get("format", "")), (), (), metadata)
    release = Release(str(record["slug"]), source.relative, document, str(record["sha256"]))
    return _Outcome(source, release)


def _outputs(project: Project, slug: str) -> list[tuple[Path, str | None]]:
    langs: list[str | None] = [None, *project.config.target_langs]
    return [
        (project.template_path(slug) if lang is None else project.catalog_path(lang, slug), lang)
        for lang in langs
    ]


def _flush(items: list[tuple[int, _Pending]], report: ExtractReport, state: RunState) -> None:
    """Write a batch of files, note in the report which were written, remember what they hold."""
    if not items:
        return
    written = write_all([(item.path, item.data or b"") for _, item in items])
    for (slot, item), changed in zip(items, written, strict=True):
        report.changes[slot] = replace(report.changes[slot], written=changed)
        state.record(item.path, item.data)
        state.memory[state.key_of(item.path)] = item.holds_memory
        item.data = None
    items.clear()


def _remember(project: Project, state: RunState, outcome: _Outcome) -> None:
    """Record a release done without errors, so that the next run can skip it."""
    key = str(outcome.source.relative)
    release = outcome.release
    if release is None or outcome.errors or outcome.fingerprint is None:
        state.forget(key)
        return
    state.files[state.key_of(outcome.source.path)] = outcome.fingerprint
    date = release.document.metadata.date
    state.releases[key] = {
        "slug": release.slug,
        "format": release.document.format,
        "date": date.isoformat() if date else None,
        "sha256": release.source_sha256,
        "outputs": [state.key_of(path) for path, _ in _outputs(project, release.slug)],
    }
    state.changed = True


def _known_without_memory(project: Project, state: RunState) -> tuple[set[Path], set[str]]:
    """Split the language catalogs into those known to hold no approved translation, and the
    languages of the others (which memory may draw on)."""
    without: set[Path] = set()
    maybe: set[str] = set()
    for lang in project.config.target_langs:
        for path in (project.locales_dir / lang).glob("*.po"):
            if state.memory.get(state.key_of(path)) is False and state.holds(path):
                without.add(path)
            else:
                maybe.add(lang)
    return without, maybe


def _memory_langs(project: Project, state: RunState) -> frozenset[str]:
    """Give the languages memory may have something in (all of them with imported TMX)."""
    if any(memory_dir(project).glob("*.tmx")):
        return frozenset(project.config.target_langs)
    return frozenset(_known_without_memory(project, state)[1])


def _without_memory(project: Project, state: RunState) -> set[Path]:
    return _known_without_memory(project, state)[0]
