"""The manifest: what the publishing system reads, as a versioned JSON contract.

Takes the decided variants of every release; gives ``public/manifest.json`` as bytes, valid
against ``relay/data/manifest.schema.json`` and documented in ``docs/manifest.md``. The only
time in it is when each variant's current file was first published, carried over from the
previous manifest while the file's bytes stay the same, so a re-run with unchanged inputs
changes no byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from relay.catalogs.catalog import Counts
from relay.core import cldr
from relay.core.model import Release
from relay.runtime.json_text import dumps_indented

MANIFEST_VERSION = 1
GENERATOR = "relay"


@dataclass(frozen=True)
class VariantRecord:
    """One release in one language as the manifest states it."""

    lang: str
    is_source: bool
    gate: str  # "published", "blocked" or "embargoed"
    reasons: tuple[str, ...]
    counts: Counts
    title: str | None
    path: str | None = None
    sha256: str | None = None
    size: int | None = None
    published_at: str | None = None
    fallback_units: int = 0
    findings: tuple[dict[str, str], ...] = ()
    state: str | None = None  # untranslated, fuzzy, translated, revised or approved

    @property
    def published(self) -> bool:
        return self.gate == "published"


def schema() -> dict[str, object]:
    """Give the manifest's JSON Schema, as shipped with relay."""
    text = resources.files("relay").joinpath("data/manifest.schema.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def previous_times(path: Path) -> dict[tuple[str, str, str], str]:
    """Read when each file was first published, keyed by (slug, lang, sha256)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return {
            (release["slug"], variant["lang"], variant["sha256"]): variant["published_at"]
            for release in data["releases"]
            for variant in release["variants"]
            if variant.get("published_at") and variant.get("sha256")
        }
    except (OSError, ValueError, KeyError, TypeError):
        # A missing or damaged manifest only loses the dates; the next one is complete.
        return {}


def unlisted(data: bytes, stays: Callable[[str], bool]) -> bytes | None:
    """Give the manifest ``data`` listing only the files that ``stays`` (None: no change).

    Written before those files are replaced or withdrawn, so that at every moment of a run,
    even one killed half-way, each file the manifest lists is there with the listed hash.
    Their variants say ``"gate": "updating"`` until the run's own manifest replaces this one.
    """
    try:
        manifest = json.loads(data)
        releases = [(r, v) for r in manifest["releases"] for v in r["variants"]]
    except (ValueError, KeyError, TypeError):
        return None
    changed = False
    for release, variant in releases:
        path = variant.get("path")
        if variant.get("status") == "published" and not (isinstance(path, str) and stays(path)):
            release.get("title", {}).pop(variant.get("lang"), None)
            variant.update(
                status="blocked",
                gate="updating",
                reasons=["relay publish is replacing this file"],
                path=None,
                sha256=None,
                size=None,
                published_at=None,
            )
            changed = True
    if not changed:
        return None
    return (dumps_indented(manifest) + "\n").encode("utf-8")


def failed(data: bytes) -> bytes | None:
    """Give the manifest ``data`` with every "updating" variant blocked: what a failed run
    leaves (None: nothing was updating)."""
    try:
        manifest = json.loads(data)
        variants = [v for r in manifest["releases"] for v in r["variants"]]
    except (ValueError, KeyError, TypeError):
        return None
    stale = [variant for variant in variants if variant.get("gate") == "updating"]
    for variant in stale:
        variant.update(gate="blocked", reasons=["the last relay publish failed; run it again"])
    if not stale:
        return None
    return (dumps_indented(manifest) + "\n").encode("utf-8")


def release_entry(release: Release, variants: Sequence[VariantRecord]) -> dict[str, object]:
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
        "variants": [_variant(variant, release) for variant in variants],
    }


def _variant(variant: VariantRecord, release: Release) -> dict[str, object]:
    tally = variant.counts
    date = release.document.metadata.date
    return {
        "lang": variant.lang,
        "source_language": variant.is_source,
        "status": "published" if variant.published else "blocked",
        "gate": variant.gate,
        "reasons": list(variant.reasons),
        "path": variant.path,
        "sha256": variant.sha256,
        "size": variant.size,
        "published_at": variant.published_at,
        "date_text": cldr.long_date(date, variant.lang) if date else None,
        "fallback_units": variant.fallback_units,
        "findings": list(variant.findings),
        "state": variant.state,
        "completeness": {
            "units": tally.total,
            "translated": tally.translated,
            "fuzzy": tally.fuzzy,
            "untranslated": tally.untranslated,
            "words": tally.words,
            "percent": tally.percent,
        },
    }


def manifest_bytes(
    *, source_lang: str, target_langs: Sequence[str], releases: list[dict[str, object]]
) -> bytes:
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "generator": GENERATOR,
        "source_lang": source_lang,
        "target_langs": list(target_langs),
        "releases": releases,
    }
    return (dumps_indented(manifest) + "\n").encode("utf-8")
