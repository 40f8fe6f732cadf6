"""Hand work to translators and take it back: ``relay export`` and ``relay import``.

Takes a project; ``export_packages`` gives one file per release and language in PO, XLIFF 1.2
or XLIFF 2.0, all with the same unit ids; ``import_files`` reads returned files (format,
release and language from their content, never their names), merges each into its catalog
and reports what happened to every unit. Importing a file is all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from relay import cldr
from relay.catalog import Catalog, Entry
from relay.errors import CatalogError, RelayError, UsageError
from relay.exchange import po_files, xliff2, xliff12
from relay.exchange.detect import detect
from relay.exchange.merging import Outcome, merge, summary
from relay.exchange.package import ExchangeUnit, Package, Placeholder, base_of
from relay.model import Release
from relay.pipeline import (
    MemoryMatches,
    catalog_header,
    load_catalog,
    memory_matches,
    select,
    select_langs,
)
from relay.po import write_po
from relay.project import Project, discover
from relay.storage import write_atomic
from relay.templates import LABELS

EXTENSIONS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf"}
_FORMAT_NAMES = {"po": "PO", "xliff": "XLIFF 1.2", "xliff2": "XLIFF 2.0"}
MAX_FILE_BYTES = 50 * 1024 * 1024


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

    @property
    def counts(self) -> dict[str, int]:
        return summary(self.outcomes)


@dataclass
class ImportReport:
    files: list[ImportedFile] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def export_packages(
    project: Project,
    *,
    lang: str,
    fmt: str = "po",
    slugs: Sequence[str] = (),
    out: Path | None = None,
    untranslated_only: bool = False,
) -> tuple[list[ExportedFile], list[RelayError]]:
    """Write a package per release for ``lang`` (default folder ``outbox/<lang>/``)."""
    if fmt not in EXTENSIONS:
        raise UsageError(f"unknown format {fmt!r}", hint="Use po, xliff or xliff2.")
    [lang] = select_langs(project, [lang])
    found = discover(project)
    folder = (out or project.root / "outbox") / lang
    exported: list[ExportedFile] = []
    errors: list[RelayError] = list(found.errors)
    # One memory index for the whole run, opened only if a unit needs matches.
    matches = MemoryMatches(project, found.releases) if fmt != "po" else None
    try:
        _export_all(project, found.releases, slugs, lang, fmt, folder, untranslated_only,
                    matches, exported, errors)  # fmt: skip
    finally:
        if matches is not None:
            matches.close()
    return exported, errors


def _export_all(
    project: Project,
    releases: list[Release],
    slugs: Sequence[str],
    lang: str,
    fmt: str,
    folder: Path,
    untranslated_only: bool,
    matches: MemoryMatches | None,
    exported: list[ExportedFile],
    errors: list[RelayError],
) -> None:
    for release in select(releases, slugs):
        try:
            catalog = load_catalog(project.catalog_path(lang, release.slug))
        except CatalogError as error:
            errors.append(error)
            continue
        if catalog is None:
            errors.append(
                UsageError(
                    f"{release.slug} has no {lang} catalog yet",
                    hint="Run relay extract first.",
                )
            )
            continue
        # PO has no place for matches; XLIFF carries them (<alt-trans>, <mtc:match>).
        package = make_package(
            release,
            catalog,
            project,
            lang,
            untranslated_only,
            with_matches=fmt != "po",
            matches=matches,
        )
        data = _serialize(package, fmt, catalog_header(release, lang, catalog))
        path = folder / f"{release.slug}{EXTENSIONS[fmt]}"
        exported.append(
            ExportedFile(release.slug, lang, path, len(package.units), write_atomic(path, data))
        )


def make_package(
    release: Release,
    catalog: Catalog,
    project: Project,
    lang: str,
    untranslated_only: bool,
    *,
    with_matches: bool = False,
    matches: MemoryMatches | None = None,
) -> Package:
    """Turn a catalog into the package a translator receives, with memory's matches if asked."""
    labels = {
        unit.text: tuple(Placeholder(code.id, code.kind, _label(code.label)) for code in unit.codes)
        for unit in release.document.units
    }
    units = tuple(
        _exchange_unit(entry, labels.get(entry.msgid, ()))
        for entry in catalog.active
        if not (untranslated_only and entry.translated)
    )
    if with_matches:
        units = _with_matches(units, project, lang, release.slug, matches)
    return Package(
        release=release.slug,
        original=str(release.path),
        source_lang=release.document.metadata.lang or project.config.source_lang,
        target_lang=lang,
        fingerprint=catalog.header.get("X-Relay-Source-SHA256") or release.source_sha256,
        units=units,
    )


def _with_matches(
    units: tuple[ExchangeUnit, ...],
    project: Project,
    lang: str,
    slug: str,
    matches: MemoryMatches | None = None,
) -> tuple[ExchangeUnit, ...]:
    """Give each unit still to translate memory's best matches, from other releases."""
    sources = [unit.source for unit in units if unit.state != "translated"]
    if not sources:  # nothing to look up: leave the memory index closed
        return units
    if matches is not None:
        found = matches.find(lang, sources, limit=3, exclude=slug)
    else:
        found = memory_matches(project, lang, sources, limit=3, exclude=slug)
    return tuple(
        unit if unit.state == "translated" else replace(unit, matches=found.get(unit.source, ()))
        for unit in units
    )


def _label(label: str) -> str:
    return LABELS.get(label, label or "markup")


def _exchange_unit(entry: Entry, placeholders: tuple[Placeholder, ...]) -> ExchangeUnit:
    state = "new" if not entry.msgstr else "fuzzy" if entry.fuzzy else "translated"
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
        line=int(line) if line.isdigit() else 0,
    )


def _serialize(package: Package, fmt: str, header: dict[str, str]) -> bytes:
    if fmt == "po":
        return po_files.write(package, header=header)
    if fmt == "xliff":
        return xliff12.write(package)
    return xliff2.write(package)


def read_package(data: bytes, *, path: str) -> Package:
    """Read a returned file of any supported format (told from its content)."""
    fmt = detect(data, path=path)
    if fmt == "po":
        return po_files.read(data, path=path)
    if fmt == "xliff":
        return xliff12.read(data, path=path)
    return xliff2.read(data, path=path)


def import_files(
    project: Project, paths: Sequence[Path], *, dry_run: bool = False, prefer_theirs: bool = False
) -> ImportReport:
    """Merge each returned file into its catalog; a file that cannot be read changes nothing."""
    report = ImportReport()
    found = discover(project)
    releases = {release.slug: release for release in found.releases}
    by_path = {str(release.path): release for release in found.releases}
    for path in paths:
        try:
            report.files.append(
                _import_one(project, path, releases, by_path, dry_run, prefer_theirs)
            )
        except RelayError as error:
            report.errors.append(error)
    return report


def _import_one(
    project: Project,
    path: Path,
    releases: dict[str, Release],
    by_path: dict[str, Release],
    dry_run: bool,
    prefer_theirs: bool,
) -> ImportedFile:
    data = _read_bytes(path)
    package = read_package(data, path=str(path))
    release = releases.get(package.release or "") or by_path.get(package.original or "")
    if release is None:
        languages = f"{package.source_lang or '?'} → {package.target_lang or '?'}"
        raise CatalogError(
            f"read {len(package.units)} units ({_FORMAT_NAMES[package.format]}, {languages}),"
            " but cannot tell which release they belong to: it names no relay release, and"
            f" its original {package.original!r} is not a source of this project",
            path=str(path),
            hint="Import files exported by relay, or keep their header / original attribute.",
        )
    lang = _language(project, package, path)
    catalog_path = project.catalog_path(lang, release.slug)
    catalog = load_catalog(catalog_path)
    if catalog is None:
        raise CatalogError(f"there is no {lang} catalog for {release.slug}", path=str(path))
    merged, outcomes = merge(
        catalog, package, prefer_theirs=prefer_theirs, origin=str(PurePosixPath(path.name))
    )
    written = False
    if not dry_run and any(o.kind in {"applied", "stale", "conflict"} for o in outcomes):
        written = write_atomic(catalog_path, write_po(merged))
    stale_export = bool(package.fingerprint) and package.fingerprint != release.source_sha256
    return ImportedFile(path, package.format, release.slug, lang, outcomes, written, stale_export)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CatalogError(
                f"is {size // (1024 * 1024)} MB; relay reads returned files up to"
                f" {MAX_FILE_BYTES // (1024 * 1024)} MB",
                path=str(path),
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder; name the files to import") from None
    except (OSError, ValueError) as error:  # unreadable, or a name no file has (a NUL byte)
        reason = error.strerror if isinstance(error, OSError) else error
        raise UsageError(f"cannot read {path!r}: {reason}") from None


def _language(project: Project, package: Package, path: Path) -> str:
    lang = package.target_lang
    if not lang:
        raise CatalogError("the file does not say its target language", path=str(path))
    for target in project.config.target_langs:
        if _same_language(target, lang):
            return target
    raise CatalogError(
        f"its language {lang!r} is not a target language of this project",
        path=str(path),
        hint="Target languages: " + ", ".join(project.config.target_langs),
    )


def _same_language(ours: str, theirs: str) -> bool:
    normal = theirs.replace("_", "-").lower()
    return ours.lower() == normal or (cldr.is_known(ours) and normal.split("-")[0] == ours.lower())
