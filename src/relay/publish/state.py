"""What the last publish decided per release, so that an unchanged release is not read again.

Takes a project, a source and the time of the run; gives that release as the last run decided it
(its metadata and its variants: gate, reasons, counts, file hash) when its source, its catalogs
and its published files still hold the bytes that run saw and its embargo has not ended since;
otherwise nothing, and the release is read and decided again. The state is a
:class:`relay.runtime.run_state.RunState` named ``publish``, keyed by relay's code, the
configuration and the glossary. A project whose checks compare catalogs with each other (a
cross-catalog check made an error) opens it unkept: a release's gate then depends on every other
catalog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from relay.checks import REGISTRY
from relay.checks.inputs import severities
from relay.core.errors import RelayError
from relay.core.model import Document, Metadata, Release
from relay.core.project import Project
from relay.runtime.run_state import Fingerprint, RunState, fingerprint_of
from relay.runtime.state_store import MANY
from relay.sources.discovery import SourceFile


@dataclass
class Decided:
    """A release and its decided variants (as the caller's records), the errors found, and the
    fingerprints of the files it was decided from."""

    source: SourceFile
    release: Release | None
    variants: list[Any] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)
    inputs: dict[str, Fingerprint] = field(default_factory=dict)


def open_state(project: Project) -> RunState:
    """Open the publish state (unkept where a release's gate depends on other catalogs)."""
    chosen = severities(project)
    across = any(
        REGISTRY[c].scope in {"language", "release"} for c, s in chosen.items() if s == "error"
    )
    glossary = ""
    if project.config.glossary:
        found = fingerprint_of(project.root / project.config.glossary)
        glossary = found.sha256 if found else "missing"
    return RunState.open(project, "publish", extra=glossary, kept=not across)


def fingerprints(paths: list[Path]) -> dict[str, Fingerprint]:
    """Fingerprint the files a decision is made from (missing ones are left out)."""
    found = {}
    for path in paths:
        fingerprint = fingerprint_of(path)
        if fingerprint is not None:
            found[str(path)] = fingerprint
    return found


def remember_outputs(state: RunState, paths: list[Path]) -> None:
    """Record the files made from every release together (the manifest first, then feeds)."""
    keys = [state.key_of(path) for path in paths]
    if keys != state.outputs:
        state.outputs = keys
        state.changed = True
    for path in paths:
        if not state.holds(path):
            state.record(path)


def unchanged_outputs(state: RunState) -> bool:
    """Tell whether the manifest and feeds still hold what the last run made."""
    return bool(state.outputs) and all(state.holds_key(key) for key in state.outputs)


def remember(
    state: RunState,
    project: Project,
    decided: Decided,
    variants: list[dict[str, Any]],
    now: dt.datetime,
    outputs: dict[str, Any] | None = None,
) -> None:
    """Record a release decided without errors from files that all exist; ``outputs`` is what
    it adds to the manifest and feeds, kept with it (:mod:`relay.publish.kept`)."""
    key = str(decided.source.relative)
    release = decided.release
    expected = {str(decided.source.path)}
    if release is not None:
        expected |= {
            str(project.catalog_path(lang, release.slug)) for lang in project.config.target_langs
        }
    if release is None or decided.errors or set(decided.inputs) != expected:
        state.forget(key)
        return
    inputs = {state.key_of(Path(path)): found for path, found in decided.inputs.items()}
    state.files.update(inputs)
    metadata = release.document.metadata
    keep(state, key, {
        "slug": release.slug,
        "format": release.document.format,
        "sha256": release.source_sha256,
        "title": metadata.title,
        "date": metadata.date.isoformat() if metadata.date else None,
        "embargo": metadata.embargo.isoformat() if metadata.embargo else None,
        "lang": metadata.lang,
        "held": _held(metadata.embargo, now),
        "inputs": sorted(inputs),
        "variants": variants,
        **(outputs or {}),
    })  # fmt: skip


# What a run needs of a variant whose release is unchanged, to place it and name its file.
_HEAD_FIELDS = ("lang", "slug", "gate", "path")
# What a status needs of a release whose record holds: the release (release_of) and of each
# variant its gate (relay.publish.run.Gate).
RELEASE_FIELDS = ("slug", "format", "sha256", "title", "date", "embargo", "lang")
GATE_FIELDS = ("slug", "lang", "gate", "reasons", "counts", "waiting")


def keep(state: RunState, key: str, record: dict[str, Any]) -> None:
    """Keep a release's record, its head (the record without what only a release read
    again, or a report that lists every variant, needs of its variants: counts, reasons,
    findings, titles; a run decides from heads alone, a third of the objects to decode) and
    its gates (what a status shows: the release and each variant's gate)."""
    state.releases[key] = record
    variants = record["variants"]
    state.heads[key] = {
        **{name: value for name, value in record.items() if name != "variants"},
        "variants": [{name: data[name] for name in _HEAD_FIELDS} for data in variants],
    }
    state.gates[key] = {
        **{name: record[name] for name in RELEASE_FIELDS},
        "variants": [{name: data.get(name) for name in GATE_FIELDS} for data in variants],
    }
    state.changed = True


def public_key(state: RunState, project: Project) -> str:
    """Name the folder of published files as the state names files (:func:`published_key`)."""
    return state.key_of(project.public_dir)


def published_key(public: str, path: str) -> str:
    """Name a published file (``fr/<slug>.html``) as the state does, without path objects (a
    run asks this of every published file)."""
    return path if public == "." else f"{public}/{path}"


def kept_records(
    state: RunState, keys: Sequence[str], public: str, now: dt.datetime
) -> Iterator[dict[str, Any] | None]:
    """Give, for each of ``keys`` in turn, the head of the record (:func:`keep`) of the release
    whose source it is if nothing it was decided from has changed: its source and catalogs,
    its published files, whether it is under embargo (None: decide it again). The heads
    (:meth:`~relay.runtime.state_store.Rows.each`), and whether their records are there
    (:meth:`~relay.runtime.state_store.Rows.holding`), are read a query per chunk of
    ``MANY``: a run asks this of every release."""
    heads = state.heads.each(keys)
    for start in range(0, len(keys), MANY):
        part = keys[start : start + MANY]
        recorded = state.releases.holding(part)
        for key in part:
            yield _kept_record(state, next(heads), key in recorded, public, now)


def _kept_record(
    state: RunState, record: dict[str, Any] | None, recorded: bool, public: str, now: dt.datetime
) -> dict[str, Any] | None:
    if record is None or not all(state.holds_key(name) for name in record["inputs"]):
        return None
    if not recorded:  # a head without its record (a damaged state): decide again
        return None
    embargo = dt.datetime.fromisoformat(record["embargo"]) if record["embargo"] else None
    if _held(embargo, now) != record["held"]:
        return None
    for variant in record["variants"]:
        path = variant["path"] if variant["gate"] == "published" else None
        if path and not state.holds_key(published_key(public, path)):
            return None
    return record


def release_of(record: dict[str, Any], key: str, relative: PurePosixPath | None = None) -> Release:
    """Give the release a record was made from: its metadata, not its units (``relative``:
    its source's path, when the caller holds it; else made from ``key``)."""
    metadata = Metadata(
        title=record["title"],
        date=dt.date.fromisoformat(record["date"]) if record["date"] else None,
        slug=record["slug"],
        embargo=dt.datetime.fromisoformat(record["embargo"]) if record["embargo"] else None,
        lang=record["lang"],
    )
    document = Document(record["format"], (), (), metadata)
    path = relative if relative is not None and str(relative) == key else PurePosixPath(key)
    return Release(record["slug"], path, document, record["sha256"])


def _held(embargo: dt.datetime | None, now: dt.datetime) -> bool:
    return embargo is not None and embargo > now
