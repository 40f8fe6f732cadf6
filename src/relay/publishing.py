"""Publish: every complete language variant in its source format, and the manifest.

Takes a project's releases and catalogs; gives the files of ``public/<lang>/<slug>.<ext>``
and ``public/manifest.json``, or with ``dry_run`` only what would be written. A variant is
published when its catalog is complete (every unit translated, none fuzzy), every
translation's placeholders are sound and no check reports an error-level finding (after the
project's severities and translators' ``relay-ignore`` suppressions, see
:mod:`relay.checking`); otherwise it is blocked and the manifest says why, naming each
finding's check, unit and message. A
variant that was published and is now blocked is moved to ``public/.withdrawn/``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from relay import cldr
from relay.catalog import Catalog, Counts, count_words, counts
from relay.checking import blocking_findings
from relay.errors import CatalogError, RelayError
from relay.model import Release, Target
from relay.pipeline import load_catalog
from relay.project import Project, discover, format_for
from relay.rendering import render
from relay.storage import StorageError, write_atomic
from relay.templates import GENERATOR

MANIFEST_VERSION = 1
WITHDRAWN = ".withdrawn"


@dataclass(frozen=True)
class Variant:
    """One release in one language: published (with its file) or blocked (with reasons)."""

    slug: str
    lang: str
    is_source: bool
    counts: Counts
    title: str | None
    reasons: tuple[str, ...] = ()
    path: PurePosixPath | None = None
    content: bytes | None = None
    action: str = "blocked"

    @property
    def published(self) -> bool:
        return not self.reasons

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else None


@dataclass
class PublishReport:
    variants: list[Variant] = field(default_factory=list)
    manifest_action: str = "unchanged"
    errors: list[RelayError] = field(default_factory=list)


def publish(project: Project, *, dry_run: bool = False) -> PublishReport:
    """Write every complete variant and the manifest (or, dry, say what would change)."""
    found = discover(project)
    report = PublishReport(errors=list(found.errors))
    manifest_entries = []
    for release in found.releases:
        variants = _variants(project, release, report)
        for variant in variants:
            report.variants.append(_place(project, variant, dry_run=dry_run))
        manifest_entries.append(_manifest_entry(release, report.variants[-len(variants) :]))
    manifest = _manifest(project, manifest_entries)
    path = project.public_dir / "manifest.json"
    report.manifest_action = _write(path, manifest, dry_run=dry_run)
    return report


def _variants(project: Project, release: Release, report: PublishReport) -> list[Variant]:
    """Decide every variant of a release, then render the published ones."""
    source_lang = release.document.metadata.lang or project.config.source_lang
    catalogs: dict[str, Catalog | None] = {source_lang: None}
    for lang in project.config.target_langs:
        try:
            catalogs[lang] = load_catalog(project.catalog_path(lang, release.slug))
        except CatalogError as error:
            report.errors.append(error)
            catalogs[lang] = Catalog()
    fmt = format_for(Path(release.path.name))
    drafts: list[Variant] = []
    for lang, catalog in catalogs.items():
        if catalog is None:
            translations = {unit.text: unit.text for unit in release.document.units}
            words = sum(count_words(text) for text in translations)
            tally = Counts(
                len(translations), len(translations), words=words, translated_words=words
            )
            reasons: list[str] = []
        else:
            translations = catalog.translations()
            tally = counts(catalog)
            reasons = _gate(catalog, tally, release)
            reasons += [
                f"{f.check}: unit {f.unit} ({f.location}): {f.message}"
                for f in blocking_findings(project, release, lang, catalog)
            ]
        title = release.document.metadata.title
        drafts.append(
            Variant(
                release.slug,
                lang,
                catalog is None,
                tally,
                translations.get(title, title) if title else None,
                tuple(reasons),
            )
        )
    alternates = tuple(
        (draft.lang, f"../{draft.lang}/{release.slug}{release.extension}")
        for draft in drafts
        if draft.published
    )
    rendered = []
    for draft in drafts:
        if not draft.published:
            rendered.append(draft)
            continue
        catalog = catalogs[draft.lang]
        translations = (
            catalog.translations()
            if catalog is not None
            else {unit.text: unit.text for unit in release.document.units}
        )
        target = _target(draft.lang, source_lang, release, alternates)
        text, fallbacks = render(release.document, translations, target=target, fmt=fmt)
        if fallbacks:
            reasons = [f"{_quote(f.unit.text)}: {f.reason}" for f in fallbacks]
            rendered.append(_with(draft, reasons=tuple(reasons)))
            continue
        path = PurePosixPath(draft.lang, f"{release.slug}{release.extension}")
        rendered.append(_with(draft, path=path, content=text.encode("utf-8")))
    return rendered


def _gate(catalog: Catalog, tally: Counts, release: Release) -> list[str]:
    expected = {unit.text for unit in release.document.units}
    present = {entry.msgid for entry in catalog.active}
    reasons = []
    if expected - present:
        reasons.append(
            f"catalog is out of date: {len(expected - present)} units not extracted yet"
            " (run relay extract)"
        )
    if tally.untranslated:
        reasons.append(f"{tally.untranslated} of {tally.total} units untranslated")
    if tally.fuzzy:
        reasons.append(f"{tally.fuzzy} of {tally.total} units fuzzy (need review)")
    return reasons


def _target(
    lang: str, source_lang: str, release: Release, alternates: tuple[tuple[str, str], ...]
) -> Target:
    date = release.document.metadata.date
    return Target(
        lang=lang,
        source_lang=source_lang,
        rtl=cldr.is_rtl(lang),
        alternates=alternates,
        date_text=cldr.long_date(date, lang) if date else None,
    )


def _with(variant: Variant, **changes: object) -> Variant:
    return replace(variant, **changes)  # type: ignore[arg-type]


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _place(project: Project, variant: Variant, *, dry_run: bool) -> Variant:
    """Write a published variant, or withdraw a blocked one that was published before."""
    if variant.published and variant.path is not None and variant.content is not None:
        action = _write(project.public_dir / variant.path, variant.content, dry_run=dry_run)
        return _with(variant, action=action)
    for extension in {".html", ".md", ".txt", ".htm", ".markdown"}:
        old = project.public_dir / variant.lang / f"{variant.slug}{extension}"
        if old.is_file():
            if not dry_run:
                aside = project.public_dir / WITHDRAWN / variant.lang / old.name
                aside.parent.mkdir(parents=True, exist_ok=True)
                try:
                    old.replace(aside)
                except OSError as error:
                    raise StorageError(f"cannot withdraw {old}: {error.strerror}") from None
            return _with(variant, action="withdrawn")
    return _with(variant, action="blocked")


def _write(path: Path, content: bytes, *, dry_run: bool) -> str:
    try:
        unchanged = path.read_bytes() == content
    except FileNotFoundError:
        unchanged = False
    if unchanged:
        return "unchanged"
    if not dry_run:
        write_atomic(path, content)
    return "written"


def _manifest_entry(release: Release, variants: list[Variant]) -> dict[str, object]:
    metadata = release.document.metadata
    return {
        "slug": release.slug,
        "source": {
            "path": str(release.path),
            "format": release.format,
            "sha256": release.source_sha256,
        },
        "date": metadata.date.isoformat() if metadata.date else None,
        "embargo": metadata.embargo.isoformat() if metadata.embargo else None,
        "title": {variant.lang: variant.title for variant in variants if variant.published},
        "variants": [_manifest_variant(variant, release) for variant in variants],
    }


def _manifest_variant(variant: Variant, release: Release) -> dict[str, object]:
    tally = variant.counts
    date = release.document.metadata.date
    return {
        "lang": variant.lang,
        "source_language": variant.is_source,
        "status": "published" if variant.published else "blocked",
        "reasons": list(variant.reasons),
        "path": str(variant.path) if variant.path else None,
        "sha256": variant.sha256,
        "size": len(variant.content) if variant.content is not None else None,
        "date_text": cldr.long_date(date, variant.lang) if date else None,
        "completeness": {
            "units": tally.total,
            "translated": tally.translated,
            "fuzzy": tally.fuzzy,
            "untranslated": tally.untranslated,
            "words": tally.words,
            "percent": tally.percent,
        },
    }


def _manifest(project: Project, releases: list[dict[str, object]]) -> bytes:
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "generator": GENERATOR,
        "source_lang": project.config.source_lang,
        "target_langs": list(project.config.target_langs),
        "releases": releases,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
