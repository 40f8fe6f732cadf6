"""What the last check saw per release, so that a check with nothing changed reads no catalog.

Takes a project and the languages checked; gives, for a source whose bytes the last check saw,
its head (slug and metadata) unread, and for a release whose source and catalogs all hold the
bytes the last check saw (a catalog that was missing still missing), the key of what checking
it gave: :meth:`CheckState.load` gives that back (:class:`Kept`: its findings finished, keyed and
packed, counts, digests) without parsing a catalog; so do :meth:`CheckState.load_across` the
findings of the checks across releases when no release changed. The fingerprints are a
:class:`relay.runtime.run_state.RunState` named ``check``, keyed by relay's code, the
configuration and the glossary; what checking gave is kept with the findings, in
:mod:`relay.checks.findings_cache`. Deleting either makes the next check read everything.

The briefs of releases a check does not show whole (:mod:`relay.checks.briefs`) and the digests
the checks across releases compare (:mod:`relay.checks.consistency_index`) are kept apart, each
brought up to date with the releases that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from relay.checks import Finding, findings_cache
from relay.checks.briefs import (
    Summaries,
    tally_data,
    tally_of,
    unit_counts_data,
    unit_counts_of,
)
from relay.checks.consistency_index import KeptIndex
from relay.checks.release import CheckedRelease, Digests, UnitCounts
from relay.checks.results import Tally, finding_of, pack, row_of, tally
from relay.core.errors import SourceError
from relay.core.model import Metadata
from relay.core.project import Project
from relay.runtime.run_state import Fingerprint, RunState, fingerprint_of
from relay.runtime.workers import ordered_map
from relay.sources.discovery import ReleaseHead, SourceFile

FORMAT = 2
Head = ReleaseHead | SourceError


@dataclass
class Kept:
    """What checking a release gave, as kept: its findings packed in report order with their
    sort keys (:func:`relay.checks.results.pack`) and counted (by severity, and per language
    and unit: :func:`relay.checks.release.unit_counts`), how many catalogs and units were
    checked, and its units' digests (packed too: unpacked only when asked for)."""

    findings: bytes
    tally: Tally
    catalogs: int
    units: int
    packed_digests: bytes
    counted: UnitCounts = ()

    @property
    def digests(self) -> Digests:
        digests: Digests = json.loads(zlib.decompress(self.packed_digests))
        return digests

    @classmethod
    def of(cls, checked: CheckedRelease) -> Kept:
        """Pack what checking a release gave (its findings sorted)."""
        ordered = sorted(checked.findings, key=lambda pair: pair[0])
        rows = [row_of(finding) for _, finding in ordered]
        findings = pack(rows, [sort for sort, _ in ordered])
        digests = zlib.compress(json.dumps(checked.digests, separators=(",", ":")).encode(), 1)
        counted = checked.counted
        return cls(findings, tally(rows), checked.catalogs, checked.units, digests, counted)


class CheckState:
    """The ``check`` run state of a project, for the languages of one check."""

    def __init__(
        self,
        project: Project,
        langs: Sequence[str] = (),
        *,
        equivalents: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        glossary = ""
        if project.config.glossary:
            found = fingerprint_of(project.root / project.config.glossary)
            glossary = found.sha256 if found else "missing"
        if equivalents:
            # Kept findings hold for the equivalents they were made with (another release's
            # catalog may change them), and for no others.
            named = json.dumps(list(equivalents), ensure_ascii=False).encode()
            glossary += "|" + hashlib.sha256(named).hexdigest()
        self.project = project
        self.langs = tuple(langs)
        self.state = RunState.open(project, "check", extra=glossary)
        self._sources: dict[str, Fingerprint | None] = {}
        # Per release whose head came from its record: what :meth:`key` needs of the record
        # (its slug, inputs and files absent), so that the record is read and decoded once.
        self._records: dict[str, tuple[str, list[str], list[str]]] = {}

    # Heads

    def heads(
        self, read: Callable[[SourceFile], Head], sources: list[SourceFile]
    ) -> Iterator[Head]:
        """Map ``read`` over sources (a :func:`~relay.sources.discovery.discover_heads` mapper):
        the head the state holds for an unchanged source, else one read on every core."""
        # The records asked for MANY at a time, one query each, not one per release.
        names = [str(source.relative) for source in sources]
        records = self.state.releases.each(names)
        known = [
            self._head(source, name, record)
            for source, name, record in zip(sources, names, records, strict=True)
        ]
        misses = [source for source, head in zip(sources, known, strict=True) if head is None]
        found = ordered_map(partial(_read_head, read), misses, chunk=4)
        for source, held in zip(sources, known, strict=True):
            if held is not None:
                yield held
                continue
            fingerprint, read_now = next(found)
            self._sources[str(source.relative)] = fingerprint
            yield read_now

    def _head(
        self, source: SourceFile, relative: str, record: dict[str, Any] | None
    ) -> ReleaseHead | None:
        if record is None or not self.state.holds_key(relative):
            return None
        try:
            head = ReleaseHead(record["slug"], source, _metadata(record["metadata"]))
            self._records[relative] = (record["slug"], record["inputs"], record["absent"])
        except (KeyError, TypeError, ValueError):  # a damaged state: read the source
            return None
        return head

    # Releases

    def key(self, head: ReleaseHead) -> str | None:
        """Name what checking the release gives, if nothing it is read from has changed."""
        relative = str(head.source.relative)
        try:
            found = self._records.pop(relative, None)
            if found is None:
                record = self.state.releases.get(relative)
                if record is None:
                    return None
                found = (record["slug"], record["inputs"], record["absent"])
            slug, names, absent = found
            if slug != head.slug or not all(self.state.holds_key(key) for key in names):
                return None
            root = self.state.root
            if any(os.path.exists(os.path.join(root, key)) for key in absent):
                return None
            inputs = [(key, self.state.files[key].sha256) for key in names]
            return _key(self.state.key, self.langs, head.slug, inputs, absent)
        except (KeyError, TypeError, AttributeError, ValueError):  # a damaged state: again
            return None

    def remember(self, head: ReleaseHead, catalogs: dict[str, Fingerprint | None]) -> None:
        """Record the files a release was checked from (fingerprinted before it was read)."""
        relative = str(head.source.relative)
        source = self._sources.pop(relative, None) or self.state.files.get(relative)
        if source is None:
            self.state.forget(relative)
            return
        inputs = {relative: source}
        absent = []
        for path, fingerprint in catalogs.items():
            key = self.state.key_of(Path(path))
            if fingerprint is None:
                absent.append(key)
            else:
                inputs[key] = fingerprint
        self.state.files.update(inputs)
        self.state.releases[relative] = {
            "slug": head.slug,
            "metadata": _metadata_data(head.metadata),
            "inputs": sorted(inputs),
            "absent": sorted(absent),
        }
        self.state.changed = True

    def keep_only(self, heads: Iterable[ReleaseHead]) -> None:
        """Forget the releases not among ``heads``, and the files no release is read from."""
        known = {str(head.source.relative) for head in heads}
        for relative in [name for name in self.state.releases if name not in known]:
            self.state.forget(relative)
        self.state.prune_files("inputs")

    def load(self, slug: str, key: str) -> Kept | None:
        """Give what checking the release gave when it was read from what ``key`` names."""
        found = findings_cache.load_data(self.project.root, slug, self._name, key)
        if found is None:
            return None
        data, parts = found
        try:
            findings, digests = parts
            counted = tally_of(data["tally"])
            per_unit = unit_counts_of(data["counted"])
            return Kept(findings, counted, data["catalogs"], data["units"], digests, per_unit)
        except (TypeError, KeyError, ValueError):
            return None

    def store(self, slug: str, key: str, kept: Kept) -> None:
        """Keep what checking a release gave (one whose catalogs could all be read)."""
        data = {
            "tally": tally_data(kept.tally),
            "catalogs": kept.catalogs,
            "units": kept.units,
            "counted": unit_counts_data(kept.counted),
        }
        parts = [kept.findings, kept.packed_digests]
        findings_cache.store_data(self.project.root, slug, self._name, key, data, parts)

    def load_across(self, key: str) -> list[Any] | None:
        """Give the findings across releases kept under ``key`` (keyed, as stored)."""
        found = findings_cache.load_data(self.project.root, "*", self._name, key)
        if found is None:
            return None
        data, _ = found
        try:
            return [(tuple(sort), finding_of(row)) for sort, row in data]
        except (TypeError, ValueError):
            return None

    def store_across(self, key: str, keyed: Iterable[tuple[Any, Finding]]) -> None:
        data = [[list(sort), row_of(finding)] for sort, finding in keyed]
        findings_cache.store_data(self.project.root, "*", self._name, key, data)

    def across_key(self, keys: Sequence[str | None]) -> str | None:
        """Name what the checks across releases give, when every release's key is known."""
        if any(key is None for key in keys):
            return None
        return _key(self.state.key, self.langs, "*", [("", key or "") for key in keys], [])

    @property
    def _name(self) -> str:
        return f"checked {FORMAT} {' '.join(self.langs)}"

    def index(self) -> KeptIndex:
        """Open the kept index of the digests of this check's releases
        (:mod:`relay.checks.consistency_index`)."""
        return KeptIndex.open(self.project.cache_dir, f"{FORMAT} {' '.join(self.langs)}")

    def summaries(self) -> Summaries:
        """Open the briefs of this check's releases (:mod:`relay.checks.briefs`)."""
        return Summaries.open(self.project.cache_dir, f"{FORMAT} {' '.join(self.langs)}",
                              self.state.key)  # fmt: skip

    def save(self) -> None:
        self.state.save()


def catalog_prints(project: Project, slug: str) -> dict[str, Fingerprint | None]:
    """Fingerprint a release's catalogs in every target language (None: no such file)."""
    paths = [project.catalog_path(lang, slug) for lang in project.config.target_langs]
    return {str(path): fingerprint_of(path) for path in paths}


def _read_head(read: Callable[[SourceFile], Head], source: SourceFile) -> tuple[Any, Head]:
    """Fingerprint a source, then read its head: a source edited meanwhile is read again."""
    return fingerprint_of(source.path), read(source)


def _key(
    state: str, langs: Sequence[str], slug: str, inputs: list[tuple[str, str]], absent: list[str]
) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{state}|{' '.join(langs)}|{slug}".encode())
    for name, sha in inputs:
        digest.update(f"|{name}\0{sha}".encode())
    for name in absent:
        digest.update(f"|-{name}".encode())
    return digest.hexdigest()


def _metadata_data(metadata: Metadata) -> dict[str, Any]:
    return {
        "title": metadata.title,
        "date": metadata.date.isoformat() if metadata.date else None,
        "slug": metadata.slug,
        "embargo": metadata.embargo.isoformat() if metadata.embargo else None,
        "lang": metadata.lang,
        "extra": [list(pair) for pair in metadata.extra],
    }


def _metadata(data: dict[str, Any]) -> Metadata:
    return Metadata(
        title=data["title"],
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        slug=data["slug"],
        embargo=dt.datetime.fromisoformat(data["embargo"]) if data["embargo"] else None,
        lang=data["lang"],
        extra=tuple((name, value) for name, value in data["extra"]),
    )
