"""Hand work to translators and take it back: ``relay export`` and ``relay import``.

Takes a project; ``export_packages`` gives one file per release and language in PO, XLIFF 1.2
or XLIFF 2.0, all with the same unit ids; ``import_files`` reads returned files (format,
release and language from their content, never their names), merges each into its catalog
and reports what happened to every unit. Importing a file is all or nothing, per release: an
XLIFF with one ``<file>`` per release is imported file by file. A file tagged with a regional
variant of a target language that CLDR takes that language to imply (``fr-FR``) goes into it
with a remark; another variant (``fr-CA``) only when the coordinator accepts it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TypeVar

from relay.catalogs.catalog import Catalog, Entry, level_rank
from relay.catalogs.po import load_catalog, refuse_larger, write_po
from relay.catalogs.templates import catalog_header, describe
from relay.core import cldr
from relay.core.errors import CatalogError, RelayError, SourceError, UsageError
from relay.core.metadata import MAX_UNIT_CHARS
from relay.core.model import Release
from relay.core.project import Project, select_langs
from relay.core.wording import counted
from relay.exchange import po_files, tickets, xliff2, xliff12
from relay.exchange.detect import detect
from relay.exchange.merging import (
    Outcome,
    ceiling,
    merge,
    needs_review,
    notes_added,
    summary,
)
from relay.exchange.package import (
    DONE,
    ExchangeUnit,
    Package,
    Placeholder,
    State,
    base_of,
    state_of,
)
from relay.exchange.returned import open_notes
from relay.extract.run import recorded_release
from relay.memory import states
from relay.memory.filling import adapt
from relay.memory.records import Match
from relay.memory.states import Seen
from relay.memory.store import MemoryMatches, catalogs_without_memory, open_memory
from relay.runtime.files import StorageError, write_all, write_atomic
from relay.runtime.run_state import RunState
from relay.runtime.workers import ordered_map
from relay.sources.discovery import (
    SlugClaims,
    SourceFile,
    held_among,
    read_release,
    read_release_summary,
    select,
    source_files,
)

EXTENSIONS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf"}
_FORMAT_NAMES = {"po": "PO", "xliff": "XLIFF 1.2", "xliff2": "XLIFF 2.0"}
MAX_FILE_BYTES = 50 * 1024 * 1024
BATCH = 64  # files written, and flushed to disk, together
WINDOW = 32  # returned files a worker imports per job, at most
AHEAD = 256  # jobs handed to the workers at a time

Labels = dict[str, tuple[Placeholder, ...]]
Job = TypeVar("Job")
Done = TypeVar("Done")


@dataclass(frozen=True)
class ExportedFile:
    slug: str
    lang: str
    path: Path
    units: int
    written: bool


@dataclass(frozen=True)
class ImportedFile:
    path: Path
    format: str
    slug: str
    lang: str
    outcomes: list[Outcome]
    written: bool
    stale_export: bool
    remarks: tuple[str, ...] = ()  # what the coordinator should know about the whole file
    # Counted from every unit's outcome when ``outcomes`` keeps only those worth showing
    # (``import_files(every_outcome=False)``): counts by kind, units to review, notes added.
    tally: tuple[dict[str, int], int, int] | None = None

    @property
    def counts(self) -> dict[str, int]:
        return self.tally[0] if self.tally is not None else summary(self.outcomes)

    @property
    def review(self) -> int:
        """Applied units that came in fuzzy."""
        return self.tally[1] if self.tally is not None else needs_review(self.outcomes)

    @property
    def notes(self) -> int:
        """Translator's notes the catalog did not hold yet."""
        return self.tally[2] if self.tally is not None else notes_added(self.outcomes)


def _claims_not_taken(outcomes: list[Outcome], package: Package, reached: str | None) -> list[str]:
    """Say how many units the file marks further along than it can bring them (an approval
    in a file sent for translation), and how the coordinator takes that step."""
    claimed = Counter(outcome.claimed for outcome in outcomes if outcome.claimed)
    if not claimed:
        return []
    taken = ceiling(package, reached)
    marked = " or ".join(sorted(claimed, key=level_rank, reverse=True))
    count = sum(claimed.values())
    units = "unit" if count == 1 else "units"
    were = "was" if count == 1 else "were"
    return [
        f"{count} {units} the file marks {marked} {were} taken as {taken}: a returned file"
        " takes a unit only as far as it was sent for (translation: translated; export --for"
        " revision: revised); an approval is the coordinator's: relay import --state approved"
    ]


def worth_showing(outcome: Outcome) -> bool:
    """Whether an import's report names a unit by default: one not applied or unchanged, or
    one that needs review or brought notes (every unit is named when asked for, ``-v``)."""
    return outcome.kind not in {"applied", "unchanged"} or outcome.review or bool(outcome.notes)


@dataclass
class ImportReport:
    files: list[ImportedFile] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


# -- the releases, as export and import keep them ---------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A release without its skeleton and units (metadata only), and the file it is read from.

    Export and import keep one per release for the whole run; keeping whole documents would
    make a run's memory grow with the size of every source.
    """

    release: Release
    file: SourceFile


def _read_source(job: tuple[Project, SourceFile]) -> _Source | SourceError:
    """Read one release's summary (in a worker): what export or import keeps of every one."""
    project, source = job
    try:
        return _Source(read_release_summary(project, source), source)
    except SourceError as error:
        return error


def _sources(project: Project) -> tuple[list[_Source], list[RelayError]]:
    """Read every release as :func:`relay.sources.discovery.discover` does (same order, same
    errors), on every core, keeping only each release's :class:`_Source`: exporting or
    importing one file reads the archive's metadata (most of it from extract's state), not its
    documents."""
    sources = source_files(project)
    # A source the last extract read, unchanged since, is taken as extract recorded it.
    state = RunState.open(project, "extract")
    plan = [(source, recorded_release(state, source)) for source in sources]
    jobs = [(project, source) for source, recorded in plan if recorded is None]
    reads = ordered_map(_read_source, jobs)
    found: list[_Source] = []
    errors: list[RelayError] = []
    # The slugs' owners as discovery gives them; exchange only reads them (extract records).
    claims = SlugClaims(project, sources)
    for source, recorded in plan:
        read = _Source(recorded, source) if recorded is not None else next(reads)
        if isinstance(read, SourceError):
            errors.append(read)
            continue
        refused = claims.claim(read.release.slug, read.release.path)
        if refused is not None:
            errors.append(refused)
            continue
        found.append(read)
    return found, errors


def _bounded_map(
    function: Callable[[Job], Done], jobs: Sequence[Job], *, chunk: int = 8
) -> Iterator[Done]:
    """:func:`relay.runtime.workers.ordered_map`, :data:`AHEAD` jobs at a time: workers that finish
    before this process uses their results (memory lookups are slow) cannot pile up more."""
    for start in range(0, len(jobs), AHEAD):
        yield from ordered_map(function, jobs[start : start + AHEAD], chunk=chunk)


def _labels(release: Release) -> Labels:
    """Give the placeholders of each unit text that has any (the last unit of a text wins)."""
    every = {
        unit.text: tuple(Placeholder(code.id, code.kind, _label(code.label)) for code in unit.codes)
        for unit in release.document.units
    }
    return {text: placeholders for text, placeholders in every.items() if placeholders}


# -- export -------------------------------------------------------------------------------------


def export_packages(
    project: Project,
    *,
    lang: str,
    fmt: str = "po",
    slugs: Sequence[str] = (),
    out: Path | None = None,
    untranslated_only: bool = False,
    step: str | None = None,
) -> tuple[list[ExportedFile], list[RelayError]]:
    """Write a package per release for ``lang`` (default folder ``outbox/<lang>/``).

    ``step="revision"`` sends a reviser the translated units with the translator's version
    (the file says so, and its done units come back at least "revised")."""
    if fmt not in EXTENSIONS:
        raise UsageError(f"unknown format {fmt!r}", hint="Use po, xliff or xliff2.")
    if step not in (None, "revision"):
        raise UsageError(f"unknown step {step!r}", hint="Use --for revision.")
    [lang] = select_langs(project, [lang])
    if step == tickets.REVISION:
        tickets.prepare(project)
    sources, errors = _sources(project)
    folder = (out or project.root / "outbox") / lang
    releases = [source.release for source in sources]
    by_slug = {source.release.slug: source for source in sources}
    chosen = [by_slug[release.slug] for release in select(releases, slugs)]
    # One memory index for the whole run, opened only if a unit needs matches.
    matches = (
        _ExportMemory(project, releases, _held(project, releases, errors)) if fmt != "po" else None
    )
    jobs = [
        _ExportJob(project, source, lang, fmt, folder, untranslated_only, step) for source in chosen
    ]
    exported: list[ExportedFile] = []
    pending: list[tuple[ExportedFile, bytes]] = []
    try:
        for prepared in _bounded_map(_prepare, jobs):
            if isinstance(prepared, RelayError):
                errors.append(prepared)
                continue
            pending.append(_with_memory(prepared, matches, lang))
            if len(pending) == BATCH:
                exported.extend(_write_exports(pending))
        exported.extend(_write_exports(pending))
    finally:
        if matches is not None:
            matches.close()
    return exported, errors


@dataclass(frozen=True)
class _ExportJob:
    project: Project
    source: _Source
    lang: str
    fmt: str
    folder: Path
    untranslated_only: bool
    step: str | None = None


@dataclass(frozen=True)
class _Prepared:
    """A release's file as it is when memory has no match for it; ``package`` when memory
    might have some (a unit still to translate, in a format that carries matches)."""

    file: ExportedFile
    data: bytes
    package: Package | None
    fmt: str
    header: dict[str, str]


def _prepare(job: _ExportJob) -> _Prepared | RelayError:
    """Read a release's catalog and write its package, without matches (in a worker)."""
    release = job.source.release
    try:
        catalog = load_catalog(job.project.catalog_path(job.lang, release.slug))
        # The placeholders' labels, from the whole document of this release only.
        source = job.source.file
        labels = _labels(read_release(job.project, source.path, source.relative))
    except (CatalogError, SourceError) as error:
        return error
    if catalog is None:
        return UsageError(
            f"{release.slug} has no {job.lang} catalog yet", hint="Run relay extract first."
        )
    package = make_package(
        release,
        catalog,
        job.project,
        job.lang,
        job.untranslated_only,
        labels=labels,
        step=job.step,
    )
    header = catalog_header(release, job.lang, catalog)
    data = _serialize(package, job.fmt, header)
    # PO has no place for matches; XLIFF carries them (<alt-trans>, <mtc:match>).
    wants = job.fmt != "po" and any(unit.state not in DONE for unit in package.units)
    path = job.folder / f"{release.slug}{EXTENSIONS[job.fmt]}"
    file = ExportedFile(release.slug, job.lang, path, len(package.units), False)
    return _Prepared(file, data, package if wants else None, job.fmt, header)


def _with_memory(
    prepared: _Prepared, matches: MemoryMatches | None, lang: str
) -> tuple[ExportedFile, bytes]:
    """Give a prepared file's bytes with memory's matches (rewritten only if memory has any)."""
    package = prepared.package
    if package is None or matches is None:
        return prepared.file, prepared.data
    units = _with_matches(package.units, lang, package.release or "", matches)
    if units == package.units:  # memory had nothing: the file is already right
        return prepared.file, prepared.data
    return prepared.file, _serialize(replace(package, units=units), prepared.fmt, prepared.header)


def make_package(
    release: Release,
    catalog: Catalog,
    project: Project,
    lang: str,
    untranslated_only: bool,
    *,
    labels: Labels | None = None,
    step: str | None = None,
) -> Package:
    """Turn a catalog into the package a translator receives (memory's matches come later);
    for a revision (``step``), the translated units only."""
    if labels is None:
        labels = _labels(release)
    units = tuple(
        _exchange_unit(entry, labels.get(entry.msgid, ()))
        for entry in catalog.active
        if not (untranslated_only and entry.translated)
        and not (step == "revision" and not entry.translated)
    )
    return Package(
        release=release.slug,
        original=str(release.path),
        source_lang=release.document.metadata.lang or project.config.source_lang,
        target_lang=lang,
        fingerprint=catalog.header.get("X-Relay-Source-SHA256") or release.source_sha256,
        units=units,
        step=step,
        ticket=tickets.ticket(project, release.slug, lang) if step == tickets.REVISION else None,
    )


def _with_matches(
    units: tuple[ExchangeUnit, ...], lang: str, slug: str, matches: MemoryMatches
) -> tuple[ExchangeUnit, ...]:
    """Give each unit still to translate memory's best matches, from other releases."""
    sources = [unit.source for unit in units if unit.state not in DONE]
    if not sources:  # nothing to look up: leave the memory index closed
        return units
    found = matches.find(lang, sources, limit=3, exclude=slug)
    return tuple(
        unit
        if unit.state in DONE
        else replace(unit, matches=_adapted(found.get(unit.source, ()), unit.source))
        for unit in units
    )


def _adapted(offers: Sequence[Match], source: str) -> tuple[Match, ...]:
    """Memory's matches with the unit's own placeholders; a match that cannot have them is not
    offered (the translator would see codes the unit does not have, as text)."""
    kept = []
    for offer in offers:
        target = adapt(offer.target, offer.source, source)
        matched = adapt(offer.source, offer.source, source)
        if target is not None and matched is not None:
            kept.append(replace(offer, source=matched, target=target))
    return tuple(kept)


def _label(label: str) -> str:
    return describe(label).removeprefix("= ")


def _exchange_unit(entry: Entry, placeholders: tuple[Placeholder, ...]) -> ExchangeUnit:
    state: State = state_of(entry.msgstr, entry.fuzzy, entry.level)
    line = entry.locations[0].rsplit(":", 1)[-1] if entry.locations else ""
    return ExchangeUnit(
        id=entry.id or "",
        source=entry.msgid,
        target=entry.msgstr,
        state=state,
        previous=entry.previous if entry.fuzzy else None,
        notes=entry.notes,
        locations=entry.locations,
        base=base_of(entry.msgstr),
        placeholders=placeholders,
        queries=tuple(open_notes(entry.comments)),
        line=int(line) if line.isdigit() else 0,
    )


def _serialize(package: Package, fmt: str, header: dict[str, str]) -> bytes:
    if fmt == "po":
        return po_files.write(package, header=header)
    if fmt == "xliff":
        return xliff12.write(package)
    return xliff2.write(package)


def _write_exports(pending: list[tuple[ExportedFile, bytes]]) -> list[ExportedFile]:
    """Write a batch of exported files (flushed to disk once); empty ``pending``."""
    written = write_all([(file.path, data) for file, data in pending])
    done = [replace(file, written=flag) for (file, _), flag in zip(pending, written, strict=True)]
    pending.clear()
    return done


class _ExportMemory(MemoryMatches):
    """Memory's matches for one export, leaving out the catalogs that the last extract found
    to hold no approved translation (and that have not changed since): reading them again
    would cost as much as the whole export and find nothing."""

    def __init__(self, project: Project, releases: Sequence[Release], held: set[str]) -> None:
        super().__init__(project, releases)
        self.held = held

    def find(
        self, lang: str, sources: Sequence[str], *, limit: int = 3, exclude: str | None = None
    ) -> dict[str, tuple[Match, ...]]:
        if self._index is None:
            without = _known_without_memory(self.project)
            self._index, _ = open_memory(
                self.project, self.releases, without=without, held=self.held
            )
            self._langs = set(self._index.counts_by_lang())
        return super().find(lang, sources, limit=limit, exclude=exclude)


def _known_without_memory(project: Project) -> set[Path]:
    """Give the catalogs extract recorded as holding no approved translation, unchanged since."""
    return catalogs_without_memory(project, RunState.open(project, "extract"))[0]


def read_package(data: bytes, *, path: str) -> Package:
    """Read a returned file of any supported format (told from its content)."""
    fmt = detect(data, path=path)
    if fmt == "po":
        return po_files.read(data, path=path)
    if fmt == "xliff":
        return xliff12.read(data, path=path)
    return xliff2.read(data, path=path)


def read_packages(data: bytes, *, path: str) -> list[Package]:
    """Read a returned file: one package per ``<file>`` of an XLIFF (Trados and Matecat send
    several releases in one file), one for a PO file."""
    fmt = detect(data, path=path)
    if fmt == "po":
        return [po_files.read(data, path=path)]
    if fmt == "xliff":
        return xliff12.read_all(data, path=path)
    return xliff2.read_all(data, path=path)


# -- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """A release a returned file may belong to: its slug, source path and fingerprint."""

    slug: str
    path: str
    sha256: str


@dataclass(frozen=True)
class _ImportJob:
    project: Project
    paths: tuple[Path, ...]
    known: tuple[_Known, ...]
    dry_run: bool
    prefer_theirs: bool
    accept_langs: tuple[str, ...] = ()
    by: str = ""
    reached: str | None = None
    every_outcome: bool = True


@dataclass(frozen=True)
class _Merged:
    """One returned file merged, not yet written: the report's entry (or the error), and the
    catalog's new bytes when they are to be written."""

    imported: ImportedFile | _Failed
    catalog: Path | None = None
    data: bytes | None = None
    changed: bool = False  # whether ``data`` differs from what the catalog held
    # The revision states the merge took away (memory keeps them: relay.memory.states).
    dropped: tuple[Seen, ...] = ()
    part: int = 0  # which <file> of the returned file (several may name the same release)


def import_files(
    project: Project,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    prefer_theirs: bool = False,
    accept_langs: Sequence[str] = (),
    by: str = "",
    reached: str | None = None,
    every_outcome: bool = True,
) -> ImportReport:
    """Merge each returned file into its catalog; a file that cannot be read changes nothing.

    Without ``every_outcome``, each file's report keeps the outcomes of the units worth
    showing (:func:`worth_showing`) and the counts of all.

    ``by`` names who translated, revised or approved the files (else their header says);
    ``reached`` is the least level their done units reach ("revised", "approved"). The
    revision states an import takes away (an approved unit the translator changed or marked
    for review) go to ``locales/memory/states.json``, once every catalog is written."""
    if reached not in (None, "translated", "revised", "approved"):
        raise UsageError(f"unknown state {reached!r}", hint="Use revised or approved.")
    sources, unread = _sources(project)  # a broken source is export's to report
    known = tuple(
        _Known(source.release.slug, str(source.release.path), source.release.source_sha256)
        for source in sources
    )
    # Read first: a states file that cannot be read fails the import before any catalog is
    # written, rather than lose the states it would have taken away.
    kept_states = [] if dry_run else states.load(project)
    report = ImportReport()
    pending: list[_Merged] = []
    touched: set[Path] = set()
    job = _ImportJob(
        project,
        (),
        known,
        dry_run,
        prefer_theirs,
        tuple(accept_langs),
        by.strip(),
        reached,
        every_outcome,
    )
    dropped: list[Seen] = []
    for merged in _merged(job, paths):
        if merged.catalog in touched:
            # An earlier file of this run changed that catalog: merge again over its result.
            _flush_imports(pending, report)
            again = _merge_files(replace(job, paths=(merged.imported.path,)))
            # The same <file> of it: an XLIFF may hold several for one release and language.
            merged = next(item for item in again if item.part == merged.part)
        if merged.data is not None and merged.catalog is not None:
            touched.add(merged.catalog)
            dropped.extend(merged.dropped)
        pending.append(merged)
        if len(pending) >= BATCH:
            _flush_imports(pending, report)
    _flush_imports(pending, report)
    if not dry_run:
        states.record(project, dropped, known=kept_states)
    if not dry_run and any(item.written for item in report.files):
        _learn(project, [source.release for source in sources], unread)
    return report


def _learn(project: Project, releases: list[Release], unread: list[RelayError]) -> None:
    """Bring memory's index up to date with the catalogs an import wrote, now: the next
    extract of one new release (or export of one) would otherwise re-read every one of them
    first (at 2,000 returned files, most of its time). A memory file that cannot be read is
    reported by the command that uses memory, as before."""
    held = _held(project, releases, unread)
    index, _ = open_memory(project, releases, without=_known_without_memory(project), held=held)
    index.close()


def _held(project: Project, releases: Sequence[Release], unread: list[RelayError]) -> set[str]:
    """The slugs memory holds out (embargoes, sources that cannot be read), from the reading
    of every source just done (:func:`_sources`), rather than reading them all again."""
    paths = [PurePosixPath(path) for e in unread if (path := getattr(e, "path", None))]
    return held_among(project, ((r.slug, r.document.metadata.embargo) for r in releases), paths)


def _merged(job: _ImportJob, paths: Sequence[Path]) -> Iterator[_Merged]:
    """Merge every file, a window of them per job, on every core; give them in order."""
    # At least 48 windows when there are that many files: enough for ordered_map to use the
    # workers and keep both busy to the end; at most WINDOW files each, to pickle little.
    size = max(1, min(WINDOW, len(paths) // 48))
    windows = [
        replace(job, paths=tuple(paths[start : start + size]))
        for start in range(0, len(paths), size)
    ]
    for merged in _bounded_map(_merge_files, windows, chunk=1):
        yield from merged


def _merge_files(job: _ImportJob) -> list[_Merged]:
    """Merge each file of a job into its catalog as it is on disk (in a worker)."""
    releases = {known.slug: known for known in job.known}
    by_path = {known.path: known for known in job.known}
    done = []
    for path in job.paths:
        try:
            data = _read_bytes(path)
            packages = read_packages(data, path=str(path))
        except RelayError as error:
            done.append(_Merged(_Failed(path, error)))
            continue
        for part, package in enumerate(packages):
            try:
                done.append(replace(_merge_one(job, path, package, releases, by_path), part=part))
            except RelayError as error:
                done.append(_Merged(_Failed(path, error), part=part))
    return done


@dataclass(frozen=True)
class _Failed:
    path: Path
    error: RelayError


def _merge_one(
    job: _ImportJob,
    path: Path,
    package: Package,
    releases: dict[str, _Known],
    by_path: dict[str, _Known],
) -> _Merged:
    project = job.project
    for unit in package.units:
        if len(unit.target) > MAX_UNIT_CHARS:
            raise CatalogError(
                f"unit {unit.id} has a translation of {len(unit.target)} characters, more than"
                f" the {MAX_UNIT_CHARS} relay takes",
                path=str(path),
                line=unit.line or None,
            )
    release = releases.get(package.release or "") or by_path.get(package.original or "")
    if release is None:
        raise _unknown_release(package, path)
    lang, remarks = _language(project, package, path, job.accept_langs)
    package, dropped = tickets.verified(project, package, release.slug, lang)
    remarks = (*remarks, dropped) if dropped else remarks
    catalog_path = project.catalog_path(lang, release.slug)
    try:
        catalog = load_catalog(catalog_path)
        if catalog is None:
            raise CatalogError(f"there is no {lang} catalog for {release.slug}", path=str(path))
    except RelayError as error:
        return _Merged(_Failed(path, error), catalog_path)
    merged, outcomes = merge(
        catalog,
        package,
        prefer_theirs=job.prefer_theirs,
        origin=str(PurePosixPath(path.name)),
        lang=lang,
        by=job.by,
        on=dt.datetime.now(dt.UTC).date().isoformat() if _undated(package) else "",
        reached=job.reached,
    )
    stale_export = bool(package.fingerprint) and package.fingerprint != release.sha256
    remarks = (*remarks, *_claims_not_taken(outcomes, package, job.reached))
    imported = ImportedFile(
        path, package.format, release.slug, lang, outcomes, False, stale_export, remarks
    )
    if not job.every_outcome:
        # The report keeps the units it will name, and the counts of all: importing thousands
        # of files kept an outcome per unit to the end (290 MB at 2,000 releases).
        tally = (summary(outcomes), needs_review(outcomes), notes_added(outcomes))
        shown = [outcome for outcome in outcomes if worth_showing(outcome)]
        imported = replace(imported, outcomes=shown, tally=tally)
    changed_units = any(o.kind in {"applied", "stale", "conflict"} for o in outcomes)
    if job.dry_run or not (changed_units or notes_added(outcomes)):
        return _Merged(imported, catalog_path)
    data = write_po(merged)
    try:
        changed = catalog_path.read_bytes() != data
    except OSError:
        changed = True
    lost = states.dropped(catalog, merged, lang=lang, slug=release.slug)
    return _Merged(imported, catalog_path, data, changed, tuple(lost))


def _undated(package: Package) -> bool:
    """Whether a file says nothing of when its work was done (today is, then)."""
    date = dict(package.translator).get("PO-Revision-Date", "")
    return not re.match(r"\d{4}-\d{2}-\d{2}", date)


def _flush_imports(pending: list[_Merged], report: ImportReport) -> None:
    """Write a batch of merged catalogs (flushed to disk once) and report its files in order."""
    writes = [(item.catalog, item.data) for item in pending if item.catalog and item.data]
    try:
        flags = iter(write_all(writes))
        results = [_written(item, next(flags) if item.data else False) for item in pending]
    except StorageError:
        # Say which file could not be written, as writing them one by one would.
        results = [_written_alone(item) for item in pending]
    for result in results:
        if isinstance(result, _Failed):
            report.errors.append(result.error)
        else:
            report.files.append(result)
    pending.clear()


def _written(item: _Merged, flag: bool) -> ImportedFile | _Failed:
    imported = item.imported
    return replace(imported, written=flag) if isinstance(imported, ImportedFile) else imported


def _written_alone(item: _Merged) -> ImportedFile | _Failed:
    imported = item.imported
    if not isinstance(imported, ImportedFile) or item.catalog is None or item.data is None:
        return imported
    try:
        write_atomic(item.catalog, item.data)
    except StorageError as error:
        return _Failed(imported.path, error)
    # The failed batch may have replaced this file already: say what writing it alone would.
    return replace(imported, written=item.changed)


def _read_bytes(path: Path) -> bytes:
    try:
        refuse_larger(path, MAX_FILE_BYTES, "returned files")
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder; name the files to import") from None
    except (OSError, ValueError) as error:  # unreadable, or a name no file has (a NUL byte)
        reason = error.strerror if isinstance(error, OSError) else error
        raise UsageError(f"cannot read {path!r}: {reason}") from None


def _unknown_release(package: Package, path: Path) -> CatalogError:
    """Say, in a coordinator's words, why a file's units belong to no release of the project."""
    count = len(package.units)
    what = counted(count, "unit")
    languages = f"{package.source_lang or '?'} → {package.target_lang or '?'}"
    read = f"read {what} ({_FORMAT_NAMES[package.format]}, {languages})"
    if package.release:
        return CatalogError(
            f"{read} for release {package.release!r}, which is no longer in sources/"
            " (deleted or renamed since the export); nothing was imported",
            path=str(path),
            hint="Restore the release's source, or import the file into the release that"
            " replaced it after exporting that one again.",
        )
    original = (
        f"its original {package.original!r} is not a source of this project"
        if package.original
        else "it names no original file either"
    )
    return CatalogError(
        f"{read}, but cannot tell which release they belong to: it names no relay release,"
        f" and {original}",
        path=str(path),
        hint="Import files exported by relay, or keep their header / original attribute.",
    )


def _language(
    project: Project, package: Package, path: Path, accept: Sequence[str] = ()
) -> tuple[str, tuple[str, ...]]:
    """Give the target language a file is for, and a remark when its tag was not ours exactly.

    A regional tag of the language itself (``fr-FR``, ``fr_FR`` into ``fr``) is taken, with a
    remark; another variant (``fr-CA``, ``pt-BR`` into ``pt``) only when the coordinator accepts
    it (``--accept-lang fr-CA``): its spelling and usage differ from the catalog's.
    """
    lang = package.target_lang
    if not lang:
        raise CatalogError("the file does not say its target language", path=str(path))
    normal = lang.replace("_", "-").lower()
    accepted = {tag.replace("_", "-").lower() for tag in accept}
    for target in project.config.target_langs:
        if target.lower() == normal:
            return target, ()
    for target in project.config.target_langs:
        if not (cldr.is_known(target) and normal.split("-")[0] == target.lower()):
            continue
        if normal in accepted:
            return target, (f"its language {lang!r} was taken as {target!r} (--accept-lang)",)
        if _default_variant(target, normal):
            return target, (f"its language {lang!r} was taken as {target!r}",)
        raise CatalogError(
            f"its language {lang!r} is a variant of {target!r}, the language of the"
            " project's catalog; nothing was imported",
            path=str(path),
            hint=f"If {lang} suits the {target} catalog, run relay import --accept-lang {lang}.",
        )
    raise CatalogError(
        f"its language {lang!r} is not a target language of this project",
        path=str(path),
        hint="Target languages: " + ", ".join(project.config.target_langs),
    )


def _default_variant(ours: str, theirs: str) -> bool:
    """Whether ``theirs`` (``fr-fr``) only adds the region or script ``ours`` implies."""
    implied = cldr.implied_subtags(ours)
    return all(part in implied for part in theirs.split("-")[1:])
