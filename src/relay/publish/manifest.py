"""The manifest: what the publishing system reads, as a versioned JSON contract.

Takes the decided variants of every release; gives ``public/manifest.json`` as bytes, valid
against ``relay/data/manifest.schema.json`` and documented in ``docs/manifest.md``. The only
time in it is when each variant's current file was first published, carried over from the
previous manifest while the file's bytes stay the same, so a re-run with unchanged inputs
changes no byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

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
    # The language the title is in where it is not the variant's (left in the source language).
    title_lang: str | None = None

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
            (release["slug"], lang, sha256): published_at
            for release in data["releases"]
            for lang, sha256, published_at in times_of(release)
        }
    except (OSError, ValueError, KeyError, TypeError):
        # A missing or damaged manifest only loses the dates; the next one is complete.
        return {}


def times_of(release: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Give (language, sha256, published_at) of each variant of a release's manifest entry
    that has a file and the time it was first published (what :func:`previous_times` keeps)."""
    return [
        (variant["lang"], variant["sha256"], variant["published_at"])
        for variant in release["variants"]
        if variant.get("published_at") and variant.get("sha256")
    ]


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
        changed |= unlist_variant(release, variant, stays)
    if not changed:
        return None
    return (dumps_indented(manifest) + "\n").encode("utf-8")


def unlist_variant(
    release: dict[str, Any], variant: dict[str, Any], stays: Callable[[str], bool]
) -> bool:
    """Mark a published variant of a release's entry "updating" unless its file ``stays``
    (:func:`unlisted`); tell whether it was."""
    path = variant.get("path")
    if variant.get("status") != "published" or (isinstance(path, str) and stays(path)):
        return False
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
    return True


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


# A release's entry sits in the manifest's "releases" list, two levels in: each of its lines
# after the first is indented four more spaces than it would be alone. A JSON string holds no
# line break of its own, so every line break in the entry's text is one of the layout's.
_ENTRY_INDENT = "\n    "
_FIRST, _BETWEEN, _LAST = b"[\n    ", b",\n    ", b"\n  ]\n}\n"
_EMPTY = b"[]\n}\n"


def entry_text(release: dict[str, object]) -> bytes:
    """Give a release's entry as :func:`manifest_bytes` writes it among the others."""
    return dumps_indented(release).replace("\n", _ENTRY_INDENT).encode("utf-8")


def joined_manifest(
    *, source_lang: str, target_langs: Sequence[str], entries: Sequence[bytes]
) -> bytes:
    """Give :func:`manifest_bytes` of the releases whose entries' texts (:func:`entry_text`)
    are given: a release that has not changed keeps its text, and only the others are
    written again."""
    parts: list[bytes] = []
    joined = JoinedManifest(parts.append, source_lang=source_lang, target_langs=target_langs)
    for entry in entries:
        joined.add(entry)
    joined.close()
    return b"".join(parts)


class JoinedManifest:
    """:func:`joined_manifest` given its entries one at a time, each passed on to ``out`` as
    it comes (a run of thousands of releases holds none of them)."""

    def __init__(
        self, out: Callable[[bytes], object], *, source_lang: str, target_langs: Sequence[str]
    ) -> None:
        self.out = out
        self.count = 0
        out(_head(source_lang, target_langs))

    def add(self, entry: bytes) -> None:
        self.out(_BETWEEN if self.count else _FIRST)
        self.out(entry)
        self.count += 1

    def close(self) -> None:
        self.out(_LAST if self.count else _EMPTY)


def entry_spans(
    data: bytes, *, source_lang: str, target_langs: Sequence[str]
) -> list[tuple[int, int]] | None:
    """Give where each release entry of a manifest written as :func:`joined_manifest` writes
    it for this configuration starts and ends, in order (None: it is not such a manifest).

    The entries are cut where the layout puts one after another (an entry's own lines are
    indented further, so ``,`` then a line break and four spaces then ``{`` is found only
    there); a piece that is not an entry relay wrote fails to parse as one."""
    head = _head(source_lang, target_langs)
    if not data.startswith(head):
        return None
    if data.endswith(_EMPTY) and len(data) == len(head) + len(_EMPTY):
        return []
    start, end = len(head) + len(_FIRST), len(data) - len(_LAST)
    if not data.startswith(_FIRST + b"{", len(head)) or not data.endswith(_LAST) or end < start:
        return None
    spans = []
    separator = _BETWEEN + b"{"
    while True:
        at = data.find(separator, start, end)
        if at < 0:
            spans.append((start, end))
            return spans
        spans.append((start, at))
        start = at + len(_BETWEEN)


def entries_in(
    stream: BinaryIO, *, source_lang: str, target_langs: Sequence[str], chunk: int = 1 << 20
) -> Iterator[tuple[int, int, bytes]] | None:
    """:func:`entry_spans` of a manifest read from ``stream`` a ``chunk`` at a time: give
    each entry's start, end and text in turn, never the whole file (at 20,000 releases it is
    58 MB, a quarter of a run's memory). None when it is not such a manifest, as for
    :func:`entry_spans`."""
    head = _head(source_lang, target_langs)
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    if stream.read(len(head)) != head:
        return None
    if size == len(head) + len(_EMPTY) and stream.read() == _EMPTY:
        return iter(())
    start, end = len(head) + len(_FIRST), size - len(_LAST)
    stream.seek(len(head))
    opening = stream.read(len(_FIRST) + 1)
    stream.seek(max(end, 0))
    if opening != _FIRST + b"{" or stream.read() != _LAST or end < start:
        return None
    return _entries(stream, start, end, chunk)


def _entries(
    stream: BinaryIO, start: int, end: int, chunk: int
) -> Iterator[tuple[int, int, bytes]]:
    separator = _BETWEEN + b"{"
    stream.seek(start)
    pending = bytearray()  # the text from the current entry's start
    searched = 0  # where in ``pending`` the separator may start that was not looked for yet
    at = start  # where in the file ``pending`` starts
    left = end - start
    while True:
        found = pending.find(separator, searched)
        if found >= 0:
            yield at, at + found, bytes(pending[:found])
            del pending[: found + len(_BETWEEN)]
            at += found + len(_BETWEEN)
            searched = 0
            continue
        if not left:
            yield at, end, bytes(pending)
            return
        searched = max(0, len(pending) - len(separator) + 1)
        data = stream.read(min(chunk, left))
        if not data:  # the file shrank while read: not the manifest it was
            raise ValueError("the manifest changed while it was read")
        pending += data
        left -= len(data)


def _head(source_lang: str, target_langs: Sequence[str]) -> bytes:
    """The manifest's text up to its list of releases."""
    empty = manifest_bytes(source_lang=source_lang, target_langs=target_langs, releases=[])
    assert empty.endswith(_EMPTY)
    return empty[: -len(_EMPTY)]
