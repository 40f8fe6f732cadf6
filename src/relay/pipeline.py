"""The order of the stages: read sources, update catalogs, count, publish.

Takes a :class:`relay.project.Project`; gives reports (plain data) of what each command did.
This is the only module that knows the order of the stages; the CLI only calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from relay import cldr
from relay.catalog import Catalog, Counts, counts
from relay.errors import CatalogError, RelayError, UsageError
from relay.model import Release
from relay.po import read_po, write_po
from relay.project import Project, discover
from relay.storage import write_atomic
from relay.templates import GENERATOR, template
from relay.updating import UpdateSummary, update_catalog


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

    @property
    def written(self) -> list[CatalogChange]:
        return [change for change in self.changes if change.written]


@dataclass(frozen=True)
class StatusRow:
    slug: str
    lang: str
    counts: Counts
    title: str | None


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


def extract(project: Project, slugs: Sequence[str] = ()) -> ExtractReport:
    """Read sources and bring templates and every language's catalog up to date."""
    found = discover(project)
    report = ExtractReport(errors=list(found.errors))
    report.releases = select(found.releases, slugs)
    for release in report.releases:
        fresh = template(release)
        path = project.template_path(release.slug)
        report.changes.append(
            CatalogChange(release.slug, None, path, write_atomic(path, write_po(fresh)))
        )
        for lang in project.config.target_langs:
            path = project.catalog_path(lang, release.slug)
            try:
                old = load_catalog(path)
            except CatalogError as error:
                report.errors.append(error)
                continue
            header = catalog_header(release, lang, old)
            updated, summary = update_catalog(old, fresh, header=header)
            written = write_atomic(path, write_po(updated))
            report.changes.append(CatalogChange(release.slug, lang, path, written, summary))
    return report


def load_catalog(path: Path) -> Catalog | None:
    """Read a catalog, or give None when there is none yet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
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
            rows.append(
                StatusRow(release.slug, lang, counts(catalog), release.document.metadata.title)
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
