"""Publish: every variant its gate lets through, an Atom feed per language, and the manifest.

Takes a project's releases and catalogs, and the time of the run; gives the files of
``public/<lang>/<slug>.<ext>``, ``public/<lang>/feed.xml`` and ``public/manifest.json``, or with
``dry_run`` only what would be written. A variant is published when its release is out of
embargo, its catalog meets its language's gate (by default: every unit translated, none
fuzzy), no check finds an error in it, and every placeholder is sound. A language's gate may
allow publishing above a threshold with the untranslated units in the source language; those
are counted in the manifest. ``public/`` holds only what the manifest lists: a variant that was
published and is now held back, and the pages of a release that is gone (or cannot be read), are
moved to ``.relay-cache/withdrawn/``, outside the served tree, never deleted; a language left
with nothing published loses its feed. A release under embargo appears in no feed and not in
the manifest until its time. A slug belongs to the source that claimed it first
(:class:`relay.sources.discovery.SlugClaims`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from relay.catalogs.catalog import (
    Catalog,
    Counts,
    Entry,
    count_words,
    counts,
    level_of,
    level_rank,
)
from relay.checks import Context, Finding
from relay.checks.gate import across_releases, gate_context, release_gate
from relay.checks.inputs import read_catalog
from relay.checks.runner import Keyed
from relay.core import cldr
from relay.core.errors import CatalogError, RelayError, SourceError
from relay.core.model import Document, Release, Target
from relay.core.placeholders import strip
from relay.core.project import Project, feed_id
from relay.publish.kept import (
    ENTRY,
    TEXTS,
    TIMES,
    Joined,
    Previous,
    entry_key,
    holds,
    outputs_of,
    unpack,
)
from relay.publish.manifest import JoinedManifest, VariantRecord, failed
from relay.publish.render import render
from relay.publish.state import (
    Decided,
    fingerprints,
    keep,
    kept_records,
    open_state,
    public_key,
    release_of,
    remember,
    remember_outputs,
    unchanged_outputs,
)
from relay.runtime.files import Batch, Replacement, StorageError, write_atomic
from relay.runtime.spool import Spool
from relay.runtime.workers import ordered_map
from relay.sources.discovery import (
    SlugClaims,
    SourceFile,
    format_for,
    read_release,
    source_files,
)

WITHDRAWN = "withdrawn"  # under the cache folder: outside public/, which is served
_OLD_WITHDRAWN = ".withdrawn"  # where earlier versions put them, inside public/
_EXTENSIONS = (".html", ".htm", ".md", ".markdown", ".txt")


@dataclass(frozen=True)
class Variant:
    """One release in one language: what the gate decided, and the file when there is one."""

    slug: str
    lang: str
    is_source: bool
    counts: Counts
    title: str | None
    reasons: tuple[str, ...] = ()
    gate: str = "published"
    path: PurePosixPath | None = None
    content: bytes | None = None
    action: str = "blocked"
    fallback_units: int = 0
    findings: tuple[dict[str, str], ...] = ()
    published_at: str | None = None
    # The file's hash and size, kept when its bytes are not (they are on disk already).
    digest: str | None = None
    size: int | None = None
    # How far its translations went: untranslated, fuzzy, translated, revised or approved
    # (the lowest of its units; None for the source language).
    state: str | None = None
    # What a published variant still waits for: translations below the state its gate
    # requires, published in the source language until they reach it (fallback).
    waiting: tuple[str, ...] = ()
    # The language of the title where it is not the variant's: the source's, for a title a
    # gate with fallback published untranslated.
    title_lang: str | None = None

    @property
    def published(self) -> bool:
        return self.gate == "published"

    @property
    def sha256(self) -> str | None:
        if self.content is None:
            return self.digest
        return hashlib.sha256(self.content).hexdigest()

    def as_json(self) -> dict[str, Any]:
        """The variant as the publish state keeps it: everything but the file's bytes."""
        return {
            "slug": self.slug,
            "lang": self.lang,
            "is_source": self.is_source,
            "counts": asdict(self.counts),
            "title": self.title,
            "reasons": list(self.reasons),
            "gate": self.gate,
            "path": str(self.path) if self.path else None,
            "fallback_units": self.fallback_units,
            "findings": [dict(finding) for finding in self.findings],
            "digest": self.sha256,
            "size": len(self.content) if self.content is not None else self.size,
            "state": self.state,
            "waiting": list(self.waiting),
            "title_lang": self.title_lang,
        }

    def settled(self, project: Project) -> Variant:
        """Drop the bytes of a published file that already holds them (known unchanged)."""
        if not self.published or self.path is None or self.content is None:
            return self
        digest, size = hashlib.sha256(self.content).hexdigest(), len(self.content)
        if _bytes_of(project.public_dir / self.path) != self.content:
            return replace(self, digest=digest, size=size)
        return replace(self, content=None, digest=digest, size=size, action="unchanged")

    def record(self) -> VariantRecord:
        return VariantRecord(
            lang=self.lang,
            is_source=self.is_source,
            gate=self.gate,
            reasons=self.reasons,
            counts=self.counts,
            title=self.title,
            path=str(self.path) if self.path else None,
            sha256=self.sha256,
            size=len(self.content) if self.content is not None else self.size,
            published_at=self.published_at,
            fallback_units=self.fallback_units,
            findings=self.findings,
            state=self.state,
            title_lang=self.title_lang,
        )


@dataclass
class PublishReport:
    variants: list[Variant] = field(default_factory=list)
    manifest_action: str = "unchanged"
    feeds: dict[str, str] = field(default_factory=dict)
    errors: list[RelayError] = field(default_factory=list)
    # How many variants the report lists (or gave to ``shown``), and how many are published.
    listed: int = 0
    published: int = 0


def publish(
    project: Project,
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    every_variant: bool = True,
    shown: Callable[[Variant], None] | None = None,
) -> PublishReport:
    """Write every variant its gate allows, the feeds and the manifest (dry: only say so).

    Releases are decided and rendered on every core (:mod:`relay.runtime.workers`), in the order of
    their sources. A release whose source, catalogs and published files hold the bytes the
    last run saw (and whose embargo has not ended since) is not read again
    (:mod:`relay.publish.state`), and its entries in the manifest and feeds are the texts its
    record keeps (:mod:`relay.publish.kept`). ``progress(done, total)`` is called as releases
    are done. Without ``every_variant``, the report lists only the variants whose file was
    withdrawn (a caller that shows none). With ``shown``, each variant the report would list
    is given to it as it is placed instead (the report keeps only how many): a caller that
    prints them holds none.
    """
    now = _moment(now)
    sources = source_files(project)
    state = open_state(project)
    report = PublishReport()
    manifest_path = project.public_dir / "manifest.json"
    stamp = now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    public = public_key(state, project)
    # What is read is kept for the next command (relay.sources.documents_cache).
    keep = not dry_run
    batch = None if dry_run else Batch()
    run = _Run(project, state, report, now, stamp, dry_run, every_variant, shown)
    try:
        decided = _decide_changed(
            project, state, sources, public, now, report, keep, progress, batch
        )
        # Every release as last run left it, and so the manifest and feeds: building them
        # again (a manifest of thousands of releases) would cost most of a run that changes
        # nothing.
        settled_run = (
            state.kept
            and not dry_run
            and decided.all_kept
            and set(state.releases) == {str(source.relative) for source in sources}
            and unchanged_outputs(state)
        )
        if settled_run:
            return run.settled(decided)
        run.first_published = _previous(project, manifest_path, decided, dry_run=dry_run)
        return run.finish(decided, manifest_path)
    except BaseException:
        # Never leave the manifest saying "updating": the files it lists are there, the rest
        # is blocked until a run succeeds.
        if batch is not None:
            batch.discard()
        if not dry_run:
            _fail_manifest(manifest_path)
        raise


def _moment(now: dt.datetime | None) -> dt.datetime:
    """The time a run decides for: now by default; one without a time zone is refused."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        raise RelayError(
            "the time of a publish run needs a time zone", hint="e.g. 2026-11-26T10:00Z"
        )
    return now


@dataclass(frozen=True)
class Gate:
    """A variant as ``relay status`` shows it: its gate's decision and reasons, what a
    published variant still waits for, and its units and words counted."""

    slug: str
    lang: str
    gate: str
    reasons: tuple[str, ...]
    counts: Counts
    waiting: tuple[str, ...]

    @classmethod
    def of(cls, variant: Variant) -> Gate:
        return cls(
            variant.slug, variant.lang, variant.gate, variant.reasons, variant.counts,
            variant.waiting,
        )  # fmt: skip

    @classmethod
    def kept(cls, data: dict[str, Any]) -> Gate:
        """A gate as the state keeps it (:func:`relay.publish.state.keep`)."""
        return cls(
            data["slug"], data["lang"], data["gate"], tuple(data["reasons"]),
            Counts(**data["counts"]), tuple(data["waiting"] or ()),
        )  # fmt: skip


@dataclass
class Decisions:
    """What a publish would decide: every release with its variants' gates, and what went
    wrong."""

    releases: list[tuple[Release, list[Gate]]] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def decide(project: Project, *, now: dt.datetime | None = None) -> Decisions:
    """Decide every variant's gate as :func:`publish` would, writing nothing and building no
    manifest or feed (what ``relay status`` shows). A release unchanged since the last publish
    is taken from its state, not read again."""
    errors, each = decisions(project, now=now)
    return Decisions(list(each), errors)


def decisions(
    project: Project,
    *,
    now: dt.datetime | None = None,
    sources: list[SourceFile] | None = None,
) -> tuple[list[RelayError], Iterator[tuple[Release, list[Gate]]]]:
    """:func:`decide`, its releases given one at a time: what went wrong (known before the
    first release is given), and every release with its variants, in order. A caller that
    needs each release once holds one (a first status of 20,000 releases held them all:
    40,000 variants). Given ``sources``, only their releases are decided: slugs are then
    claimed among them alone, so the caller makes sure no other source claims theirs."""
    now = _moment(now)
    state = open_state(project)
    public = public_key(state, project)
    report = PublishReport()
    listed = source_files(project) if sources is None else sources
    found = _decide_changed(project, state, listed, public, now, report, False, None, None)
    return report.errors, _each_decided(found, state)


def _each_decided(found: _Decided, state: Any) -> Iterator[tuple[Release, list[Gate]]]:
    """Every release of :func:`decisions` with its variants' gates; those of a release whose
    record holds as the state keeps them apart (:func:`relay.publish.state.keep`: the
    release and its gates, a sixth of its record), read a chunk at a time
    (:meth:`~relay.runtime.state_store.Rows.each`): a status after a change asks for every
    release's."""
    kept = state.gates.each([key for key, _, held in found.order if held])
    spooled = iter(found.spool)
    for key, _, held in found.order:
        if not held:
            released = next(spooled)
            yield released.read(), [Gate.of(variant) for variant in released.variants]
            continue
        gates = next(kept)
        if gates is None:  # gone since its head was read: the state file was damaged since
            raise KeyError(key)
        release = release_of(gates, key, found.relatives.get(key))
        yield release, [Gate.kept(data) for data in gates["variants"]]


@dataclass
class _Released:
    """A release of this run: decided again (``decided``, its variants rendered), or as its
    record keeps it (``record``: the record's head, :func:`relay.publish.state.keep`)."""

    key: str
    slug: str
    record: dict[str, Any] | None = None
    decided: Decided | None = None
    variants: list[Variant] = field(default_factory=list)
    texts: tuple[bytes | None, list[bytes]] | None = None  # what its record keeps, unpacked
    whole: dict[str, Any] | None = None  # its whole record, once read
    relative: PurePosixPath | None = None  # its source's path, as the run found it

    def full(self, state: Any) -> dict[str, Any]:
        """Its whole record: its variants as they were decided, to list or place them."""
        if self.whole is None:
            self.whole = state.releases[self.key]
        return self.whole

    def read(self) -> Release:
        """The release (its metadata, as its record keeps it when it was not decided again)."""
        if self.decided is not None and self.decided.release is not None:
            return self.decided.release
        assert self.record is not None
        return release_of(self.record, self.key, self.relative)

    def kept_texts(self) -> tuple[bytes | None, list[bytes]] | None:
        """The manifest entry and feed entries its record keeps (None: none)."""
        if self.texts is None and self.record is not None and TEXTS in self.record:
            self.texts = unpack(self.record)
        return self.texts


@dataclass
class _Decided:
    """The releases of a run once decided, each held as little as the rest of the run needs:
    the releases decided again wait in a spool (their files' bytes are written to temporary
    files already, :class:`relay.runtime.files.Batch`), those whose record holds are read
    from the state again when their turn comes."""

    order: list[tuple[str, str, bool]] = field(default_factory=list)  # key, slug, kept
    spool: Spool[_Released] = field(default_factory=Spool)
    # Every file this run publishes → whether it holds its bytes already (it stays listed).
    paths: dict[str, bool] = field(default_factory=dict)
    # The manifest entries kept by unchanged releases: entry_key(text) → slug, times.
    kept_entries: dict[bytes, tuple[str, list[list[str]]]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)  # the files whose bytes change
    all_kept: bool = True  # every release as its record keeps it, with its times
    # Per release whose record holds, its variants without a published file: (lang, slug,
    # gate) of each, what a run with nothing to write places (only releases that have any).
    held: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    claims: SlugClaims | None = None
    batch: Batch | None = None  # the new bytes of the files in ``written``, not in place yet
    # Each kept release's source path, as found (made again from its key, it was a tenth of
    # a status after a change).
    relatives: dict[str, PurePosixPath] = field(default_factory=dict)

    def releases(self, state: Any) -> Iterator[_Released]:
        """Give every release in order, one at a time (the heads of those whose record holds
        read a chunk at a time: :meth:`~relay.runtime.state_store.Rows.each`)."""
        spooled = iter(self.spool)
        heads = state.heads.each([key for key, _, kept in self.order if kept])
        for key, slug, kept in self.order:
            if not kept:
                yield next(spooled)
                continue
            record = next(heads)
            if record is None:  # decided from it, and gone: the state file was damaged since
                raise KeyError(key)
            yield _Released(key, slug, record=record, relative=self.relatives.get(key))


def _decide_changed(
    project: Project,
    state: Any,
    sources: list[SourceFile],
    public: str,
    now: dt.datetime,
    report: PublishReport,
    keep: bool,
    progress: Callable[[int, int], None] | None,
    batch: Batch | None,
) -> _Decided:
    """Decide the releases that have no record kept (read them, gate and render their
    variants; with a ``batch``, their files' new bytes go to its temporary files), in order;
    give every release that keeps its slug, and the slug claims."""
    keys = [str(source.relative) for source in sources]
    records = kept_records(state, keys, public, now)
    plan = [(source, _kept_part(record)) for source, record in zip(sources, records, strict=True)]
    stale = [source for source, kept in plan if kept is None]
    # The checks across a language's releases, when they gate: once for every release.
    across = across_releases(project, now) if stale else {}
    # What every release's checks share reads every catalog: once per run, not per release.
    context = gate_context(project, keep=keep) if stale else None
    jobs = [_Job(project, source, now, keep, across, context) for source in stale]
    outcomes = ordered_map(_decide_source, jobs)
    found = _Decided(claims=SlugClaims(project, sources), batch=batch)
    claims = found.claims
    assert claims is not None
    for number, (source, kept) in enumerate(plan, start=1):
        key = str(source.relative)
        released = None if kept is not None else _released(source, next(outcomes), report)
        slug = kept.slug if kept is not None else released.slug if released else None
        refused = claims.claim(slug, source.relative) if slug is not None else None
        if refused is not None:
            report.errors.append(refused)
        if slug is None or refused is not None:
            state.forget(key)
        elif kept is not None:
            found.order.append((key, slug, True))
            found.relatives[key] = source.relative
            found.all_kept &= kept.times is not None
            found.paths.update((path, True) for path in kept.paths)
            if kept.held:
                found.held[key] = kept.held
            if kept.entry is not None and kept.times is not None:
                found.kept_entries[kept.entry] = (slug, kept.times)
        elif released is not None:
            found.order.append((key, slug, False))
            found.all_kept = False
            _set_aside(project, released, found, batch)
            found.spool.put(released)
        if progress is not None:
            progress(number, len(plan))
    return found


@dataclass(frozen=True)
class _Kept:
    """What a run needs of a release whose record holds before reading it again."""

    slug: str
    paths: list[str]  # its published files
    times: list[list[str]] | None  # its TIMES (None: its record has none)
    entry: bytes | None  # entry_key of its manifest entry's text (None: none kept)
    held: list[tuple[str, str, str]]  # (lang, slug, gate) of its variants without a file


def _kept_part(record: dict[str, Any] | None) -> _Kept | None:
    """What a run needs of a release whose record holds (:func:`kept_records`; None: decide
    it again)."""
    if record is None:
        return None
    # The entry's digest as its record keeps it: its texts are not unpacked for it.
    entry = bytes.fromhex(record[ENTRY]) if record.get(ENTRY) else None
    if ENTRY not in record and TEXTS in record:
        text = unpack(record)[0]
        entry = entry_key(text) if text else None
    paths = [data["path"] for data in record["variants"]
             if data["gate"] == "published" and data["path"]]  # fmt: skip
    held = [(data["lang"], data["slug"], data["gate"]) for data in record["variants"]
            if not (data["gate"] == "published" and data["path"])]  # fmt: skip
    return _Kept(record["slug"], paths, record.get(TIMES), entry, held)


def _set_aside(project: Project, released: _Released, found: _Decided, batch: Batch | None) -> None:
    """Write a decided release's new files to the batch's temporary files and let go of
    their bytes; note every file it publishes and whether it stays as it is."""
    variants = []
    for variant in released.variants:
        if variant.published and variant.path is not None:
            path = project.public_dir / variant.path
            if variant.content is None:
                found.paths[str(variant.path)] = True
            else:
                # Bytes the file does not hold: it is replaced, unless it came to hold them
                # since (a file the batch finds holding them stays listed).
                # Dry, nothing is taken out of the manifest: whether it stays is not asked.
                stays = batch is not None and not batch.add(path, variant.content)
                found.paths[str(variant.path)] = stays
                found.written.append(path)
                variant = replace(variant, content=None, action="written")
        variants.append(variant)
    released.variants = variants
    if released.decided is not None:
        released.decided.variants = variants


def _released(source: SourceFile, outcome: Decided, report: PublishReport) -> _Released | None:
    """A release as decided again (None: it could not be read)."""
    report.errors.extend(outcome.errors)
    if outcome.release is None:
        return None
    key = str(source.relative)
    return _Released(key, outcome.release.slug, decided=outcome, variants=outcome.variants)


def _previous(
    project: Project, manifest_path: Path, decided: _Decided, *, dry_run: bool
) -> dict[tuple[str, str, str], str]:
    """Read the manifest the last run left: give when each file it lists was first published,
    and (unless dry) take out of it first every file this run will replace or withdraw."""
    config = project.config
    with Previous.read(manifest_path, config.source_lang, config.target_langs) as previous:
        first_published = previous.times(manifest_path, decided.kept_entries)
        if not dry_run:
            _unlist_changing(manifest_path, previous, decided)
    return first_published


@dataclass
class _Run:
    """Placing a run's variants, then writing the feeds and the manifest."""

    project: Project
    state: Any
    report: PublishReport
    now: dt.datetime
    stamp: str
    dry_run: bool
    every_variant: bool
    shown: Callable[[Variant], None] | None = None
    first_published: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # Published files a worker found already holding their bytes: not written, but the state
    # must learn them, or a run after a lost state could never skip their release again.
    settled_files: list[Path] = field(default_factory=list)

    def settled(self, decided: _Decided) -> PublishReport:
        """A run where nothing changed: only files held back and found in public/ move. A
        report that lists every variant reads every record again; one that lists only those
        withdrawn reads only their records."""
        pages = _Pages(self.project)
        if self.every_variant:
            for released in decided.releases(self.state):
                assert released.record is not None
                self._kept(released, pages, {lang: at for lang, _, at in released.record[TIMES]})
        for key, places in decided.held.items() if not self.every_variant else ():
            actions = [pages.place(*place, dry_run=self.dry_run) for place in places]
            if "withdrawn" in actions:
                record = self.state.releases[key]
                for data in record["variants"]:
                    if (data["lang"], data["slug"], data["gate"]) in places:
                        at = places.index((data["lang"], data["slug"], data["gate"]))
                        if actions[at] == "withdrawn":
                            variant = replace(_unchanged(data), action="withdrawn")
                            if variant.published:
                                times = {lang: when for lang, _, when in record[TIMES]}
                                variant = replace(variant, published_at=times.get(data["lang"]))
                            self._list(variant)
        assert decided.claims is not None
        decided.claims.save()
        self.report.feeds = {Path(key).parent.name: "unchanged" for key in self.state.outputs[1:]}
        self.report.manifest_action = "unchanged"
        return self.report

    def finish(self, decided: _Decided, manifest_path: Path) -> PublishReport:
        """Write the variants, withdraw what is held back or gone, write the feeds and manifest."""
        _write_variants(decided, dry_run=self.dry_run)
        feeds = self._write_outputs(decided, manifest_path)
        if not self.dry_run:
            for path in [*decided.written, *self.settled_files]:
                self.state.record(path)
            remember_outputs(self.state, [manifest_path, *feeds])
            self.state.save()
        return self.report

    def _write_outputs(self, decided: _Decided, manifest_path: Path) -> list[Path]:
        """Place every variant, write the feeds and manifest; give the feeds' paths."""
        project, dry_run = self.project, self.dry_run
        manifest = Replacement(manifest_path, dry_run=dry_run)
        try:
            joined = Joined(
                feed_id(project),
                JoinedManifest(
                    manifest.write,
                    source_lang=project.config.source_lang,
                    target_langs=project.config.target_langs,
                ),
                project.config.feed_title,
            )
            try:
                feeds = self._join(decided, joined)
            finally:
                joined.close()
            self.report.manifest_action = "written" if manifest.commit() else "unchanged"
        except BaseException:
            manifest.discard()
            raise
        return feeds

    def _join(self, decided: _Decided, joined: Joined) -> list[Path]:
        """Place every release's variants and join its texts; write the feeds, withdraw what
        the manifest will not list; give the feeds' paths."""
        project, report, dry_run = self.project, self.report, self.dry_run
        pages = _Pages(project)
        for released in decided.releases(self.state):
            outputs, texts = self._outputs(released, pages, joined.base)
            joined.add(released.slug, outputs, texts)
        joined.manifest.close()
        if not dry_run and decided.claims is not None:
            decided.claims.save()
        feeds: list[Path] = []
        built = set()
        for lang, parts in joined.feeds():
            path = project.public_dir / lang / "feed.xml"
            report.feeds[lang] = _write(path, parts, dry_run=dry_run)
            feeds.append(path)
            built.add(lang)
        for path in sorted(project.public_dir.glob("*/feed.xml")):
            if path.parent.name not in built and not path.parent.name.startswith("."):
                # A language with nothing published left: its feed would list pages that are
                # gone.
                if not dry_run:
                    _remove(path)
                report.feeds[path.parent.name] = "removed"
        pages.sweep(decided.paths.keys(), dry_run=dry_run)
        return feeds

    def _outputs(
        self, released: _Released, pages: _Pages, base: str
    ) -> tuple[dict[str, Any], tuple[bytes | None, list[bytes]]]:
        """Place a release's variants; give its texts for the manifest and feeds (those its
        record keeps while they hold)."""
        record, slug = released.record, released.slug
        if record is not None and holds(record, self.first_published, self.stamp, base):
            self._kept(released, pages, {lang: at for lang, _, at in record[TIMES]})
            texts = released.kept_texts()
            assert texts is not None
            return record, texts
        if record is not None:
            record = released.full(self.state)
            released.variants = [_unchanged(data) for data in record["variants"]]
        placed = []
        for variant in released.variants:
            if variant.published and variant.path is not None:
                action = "written" if variant.action == "written" else "unchanged"
                variant = replace(variant, action=action, content=None)
            else:
                variant = self._place(variant, pages)
            if variant.published:
                key = (slug, variant.lang, variant.sha256 or "")
                variant = replace(variant, published_at=self.first_published.get(key, self.stamp))
            placed.append(variant)
        for variant in placed:
            if self.every_variant or variant.action == "withdrawn":
                self._list(variant)
        # Under embargo, a release is not even named to the publishing system.
        listed = not all(variant.gate == "embargoed" for variant in placed)
        records = [variant.record() for variant in placed]
        outputs = outputs_of(released.read(), records, base, listed=listed)
        if record is not None:
            keep(self.state, released.key, {**record, **outputs})
        elif released.decided is not None:
            kept = [variant.as_json() for variant in released.variants]
            remember(self.state, self.project, released.decided, kept, self.now, outputs)
            self.settled_files.extend(
                self.project.public_dir / variant.path
                for variant in released.variants
                if variant.published and variant.path is not None and variant.action != "written"
            )
        return outputs, unpack(outputs)

    def _kept(self, released: _Released, pages: _Pages, times: dict[str, str]) -> None:
        """Place the variants of a release as its record keeps them (only a file held back
        and found in public/ moves); list them in the report when it lists every variant."""
        assert released.record is not None
        for at, data in enumerate(released.record["variants"]):
            if data["gate"] == "published" and data["path"]:
                if self.every_variant:
                    variant = _unchanged(released.full(self.state)["variants"][at])
                    self._list(replace(variant, published_at=times.get(data["lang"])))
                continue
            action = pages.place(data["lang"], data["slug"], data["gate"], dry_run=self.dry_run)
            if self.every_variant or action == "withdrawn":
                whole = released.full(self.state)["variants"][at]
                variant = replace(_unchanged(whole), action=action)
                if variant.published:
                    variant = replace(variant, published_at=times.get(data["lang"]))
                self._list(variant)

    def _list(self, variant: Variant) -> None:
        """List a variant in the report, or give it to ``shown``."""
        self.report.listed += 1
        self.report.published += variant.published
        if self.shown is None:
            self.report.variants.append(variant)
        else:
            self.shown(variant)

    def _place(self, variant: Variant, pages: _Pages) -> Variant:
        """Withdraw a variant held back whose file was published before."""
        action = pages.place(variant.lang, variant.slug, variant.gate, dry_run=self.dry_run)
        return replace(variant, action=action)


@dataclass(frozen=True)
class _Job:
    project: Project
    source: SourceFile
    now: dt.datetime
    keep: bool = False
    across: dict[str, Keyed] = field(default_factory=dict)
    context: Context | None = None


def _decide_source(job: _Job) -> Decided:
    """Read one release, decide its variants and render those the gates let through."""
    project, source = job.project, job.source
    before = fingerprints([source.path])
    try:
        release = read_release(project, source.path, source.relative, keep=job.keep)
    except SourceError as error:
        return Decided(source, None, errors=[error])
    except OSError as error:
        return Decided(source, None, errors=[SourceError(f"cannot be read: {error.strerror}",
                                                         path=str(source.relative))])  # fmt: skip
    catalogs = [project.catalog_path(lang, release.slug) for lang in project.config.target_langs]
    before.update(fingerprints(catalogs))
    local = PublishReport()
    try:
        variants = [
            v.settled(project)
            for v in _variants(
                project,
                release,
                local,
                job.now,
                keep=job.keep,
                across=job.across,
                context=job.context,
            )
        ]
    except (UnicodeError, RecursionError) as error:
        # One release that cannot be written stops only itself.
        failure = SourceError(f"cannot be published: {error}", path=str(source.relative))
        return Decided(source, None, errors=[failure])
    return Decided(source, release.summary(), variants, local.errors, before)


def _unchanged(data: dict[str, Any]) -> Variant:
    """Rebuild a variant the last run decided, whose file (if any) is as it left it."""
    published = data["gate"] == "published" and data["path"]
    return Variant(
        slug=data["slug"],
        lang=data["lang"],
        is_source=data["is_source"],
        counts=Counts(**data["counts"]),
        title=data["title"],
        reasons=tuple(data["reasons"]),
        gate=data["gate"],
        path=PurePosixPath(data["path"]) if data["path"] else None,
        action="unchanged" if published else "blocked",
        fallback_units=data["fallback_units"],
        findings=tuple(data["findings"]),
        digest=data["digest"],
        size=data["size"],
        state=data.get("state"),
        waiting=tuple(data.get("waiting", ())),
        title_lang=data.get("title_lang"),
    )


def _write_variants(decided: _Decided, *, dry_run: bool) -> None:
    """Put the published files whose bytes change in place (written to temporary files as
    their releases were decided), flushed to disk once."""
    if decided.batch is not None and not dry_run:
        decided.batch.commit()


def _variants(
    project: Project,
    release: Release,
    report: PublishReport,
    now: dt.datetime,
    *,
    keep: bool = False,
    across: dict[str, Keyed] | None = None,
    context: Context | None = None,
) -> list[Variant]:
    """Decide every variant of a release, then render those the gates let through."""
    source_lang = release.document.metadata.lang or project.config.source_lang
    identity = {unit.text: unit.text for unit in release.document.units}
    embargo = release.document.metadata.embargo
    held = embargo is not None and embargo > now
    drafts: list[tuple[Variant, dict[str, str]]] = []
    words = sum(count_words(text) for text in identity)
    source = Variant(
        release.slug,
        source_lang,
        True,
        Counts(len(identity), len(identity), words=words, translated_words=words),
        release.document.metadata.title,
    )
    drafts.append((source, identity))
    langs = [lang for lang in project.config.target_langs if lang != source_lang]
    catalogs = {lang: _catalog(project, release, lang, report) for lang in langs}
    read = {lang: catalog for lang, catalog in catalogs.items() if catalog is not _UNREADABLE}
    # A pseudo-locale exists to try layouts; checking its text against the source means nothing.
    gated = [
        lang
        for lang in langs
        if read.get(lang) is not None and lang.lower() not in cldr.PSEUDO_LOCALES
    ]
    blocking = (
        release_gate(project, release, read, keep=keep, across=across, context=context)
        if gated
        else {}
    )
    for lang in langs:
        catalog = read.get(lang)
        findings = blocking.get(lang, []) if lang in gated else []
        drafts.append(_decide(project, release, lang, catalog, findings))
    if held:
        until = f"embargoed until {embargo.isoformat() if embargo else ''}"
        drafts = [(replace(v, gate="embargoed", reasons=(until, *v.reasons)), t) for v, t in drafts]
    # Relative where relay knows no address for public/; absolute where it does (search engines
    # ask hreflang links to be absolute, and a <base href> would misdirect relative ones).
    base = project.config.public_url or "../"
    alternates = tuple(
        (v.lang, f"{base}{v.lang}/{release.slug}{release.extension}")
        for v, _ in drafts
        if v.published
    )
    return [
        _render(project, release, variant, translations, source_lang, alternates)
        if variant.published
        else variant
        for variant, translations in drafts
    ]


_UNREADABLE = Catalog({}, [])  # stands for a catalog that could not be read


def _catalog(
    project: Project, release: Release, lang: str, report: PublishReport
) -> Catalog | None:
    """Read a variant's catalog (None: there is none); an unreadable one is reported."""
    try:
        return read_catalog(project.catalog_path(lang, release.slug))
    except CatalogError as error:
        report.errors.append(error)
        return _UNREADABLE


def _decide(
    project: Project,
    release: Release,
    lang: str,
    catalog: Catalog | None,
    findings: list[Finding],
) -> tuple[Variant, dict[str, str]]:
    """Apply the language's gate to its catalog, with the findings of the checks that block it."""
    title = release.document.metadata.title
    if catalog is None:
        blocked = Variant(
            release.slug,
            lang,
            False,
            Counts(),
            title,
            ("no catalog yet (run relay extract)",),
            "blocked",
        )
        return blocked, {}
    gate = project.config.gate(lang)
    translations = catalog.translations()
    tally = counts(catalog)
    below = _below(catalog, gate.require)
    waiting: tuple[str, ...] = ()
    if gate.fallback and below:
        # With fallback, a translation below the state the gate requires is not used yet: its
        # unit is written in the source language, as an untranslated one is.
        for entry in below:
            translations.pop(entry.msgid, None)
        waiting = (_not_yet(below, catalog, gate.require, "in the source language until then"),)
    reasons = _gate_reasons(project, catalog, tally, release, lang, below)
    reasons += [f"{f.check}: unit {f.unit} ({f.location}): {f.message}" for f in findings]
    # The title's translation is its unit's: a unit folds whitespace and codes markup, so its
    # text is not always the title as the metadata gives it.
    key = _title_unit(release)
    translated = translations.get(key) if key is not None else None
    variant = Variant(
        release.slug,
        lang,
        False,
        tally,
        (strip(translated) if translated is not None else title) if title else None,
        tuple(reasons),
        "blocked" if reasons else "published",
        findings=tuple(
            {"check": f.check, "severity": f.severity, "unit": f.unit or "-", "message": f.message}
            for f in findings
        ),
        state=level_of(catalog),
        waiting=() if reasons else waiting,
        # Left in the source language (a gate with fallback): the feed says which language.
        title_lang=(
            (release.document.metadata.lang or project.config.source_lang)
            if title and translated is None
            else None
        ),
    )
    return variant, translations


def _title_unit(release: Release) -> str | None:
    """Give the text of the unit that translates the release's title (None: there is none)."""
    title = release.document.metadata.title
    if not title:
        return None
    folded = " ".join(title.split())
    units = release.document.units
    for unit in sorted(units, key=lambda unit: unit.role != "title"):  # the title's own first
        if unit.text == title or " ".join(strip(unit.text).split()) == folded:
            return unit.text
    return None


def _gate_reasons(
    project: Project,
    catalog: Catalog,
    tally: Counts,
    release: Release,
    lang: str,
    below: list[Entry],
) -> list[str]:
    """Why a variant is held back (none: it is published). ``below`` are its translations
    under the state the gate requires: without fallback they hold it back; with fallback they
    count as untranslated (in the source language) against the gate's percentage."""
    gate = project.config.gate(lang)
    expected = {unit.text for unit in release.document.units}
    missing = expected - {entry.msgid for entry in catalog.active}
    reasons = []
    if missing:
        reasons.append(
            f"catalog is out of date: {len(missing)} units not extracted yet (run relay extract)"
        )
    percent = tally.percent
    if gate.fallback:
        usable = tally.translated_words - sum(count_words(entry.msgid) for entry in below)
        percent = round(100 * usable / tally.words, 1) if tally.words else 100.0
        if percent >= gate.min_percent:
            return reasons
    elif below:
        reasons.append(_not_yet(below, catalog, gate.require, "the gate requires it"))
    if tally.untranslated:
        reasons.append(f"{tally.untranslated} of {tally.total} units untranslated")
    if tally.fuzzy:
        reasons.append(f"{tally.fuzzy} of {tally.total} units fuzzy (need review)")
    if gate.fallback and below:
        reasons.append(_not_yet(below, catalog, gate.require, "counted as untranslated"))
    if gate.fallback and (tally.untranslated or tally.fuzzy or below):
        done = "translated" if gate.require == "translated" else f"translated and {gate.require}"
        reasons.append(f"{percent:.1f}% {done}, under the {gate.min_percent:g}% gate")
    return reasons


def _below(catalog: Catalog, require: str) -> list[Entry]:
    """The translations of a catalog below the state ``require`` (none for "translated")."""
    if require == "translated":
        return []
    return [
        entry
        for entry in catalog.active
        if entry.translated and level_rank(entry.level) < level_rank(require)
    ]


def _not_yet(below: list[Entry], catalog: Catalog, require: str, why: str) -> str:
    total = len(catalog.active)
    return f"{len(below)} of {total} translated units not yet {require} ({why})"


# A <base href> in the page: a browser reads every relative address against it, relay's own.
_BASE = re.compile(r"<base\b[^>]*\bhref\s*=", re.IGNORECASE)
BASE_REASON = (
    "the source has a <base href>, against which a browser reads relay's links between the"
    " variants (hreflang, canonical), relative while relay knows no address for public/: they"
    " would name pages that do not exist; set public-url in relay.toml (where public/ is"
    " served) to have them written in full"
)


# Where a "<base href" is text, not an element: a comment, a script or style (raw text), a
# <template> (inert) or a <textarea>'s value. A comment that only mentions one blocked every
# variant of its release.
_NOT_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea)\b.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def _has_base(document: Document) -> bool:
    """Whether a page's markup has a ``<base href>`` (searched where the source's own text
    is: the skeleton's strings, joined where units stand between them)."""
    markup = "\0".join(part for part in document.skeleton if isinstance(part, str))
    return (
        _BASE.search(markup) is not None and _BASE.search(_NOT_MARKUP.sub("", markup)) is not None
    )


def _render(
    project: Project,
    release: Release,
    variant: Variant,
    translations: dict[str, str],
    source_lang: str,
    alternates: tuple[tuple[str, str], ...],
) -> Variant:
    fmt = format_for(Path(release.path.name))
    assert fmt is not None, "a release is read only from a source of a known format"
    date = release.document.metadata.date
    path = PurePosixPath(variant.lang, f"{release.slug}{release.extension}")
    base = project.config.public_url
    target = Target(
        lang=variant.lang,
        source_lang=source_lang,
        rtl=cldr.is_rtl(variant.lang),
        alternates=alternates,
        date_text=cldr.long_date(date, variant.lang) if date else None,
        # Its own absolute address, where the project says where public/ is served.
        address=None if base is None else f"{base}{path}",
    )
    if base is None and alternates and _has_base(release.document):
        return replace(variant, gate="blocked", reasons=(BASE_REASON,))
    allowed = project.config.gate(variant.lang).fallback
    text, fallbacks = render(
        release.document, translations, target=target, fmt=fmt, mark_fallbacks=allowed
    )
    unsound = [f for f in fallbacks if f.reason != "untranslated" or not allowed]
    if unsound:
        reasons = tuple(f"{_quote(f.unit.text)}: {f.reason}" for f in unsound)
        return replace(variant, gate="blocked", reasons=reasons)
    return replace(variant, path=path, content=text.encode("utf-8"), fallback_units=len(fallbacks))


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def withdrawn_dir(project: Project) -> Path:
    """Where withdrawn files go: in the cache folder, outside the tree that is served."""
    return project.cache_dir / WITHDRAWN


def _withdraw(project: Project, old: Path) -> None:
    """Move a published file out of ``public/`` (kept, never deleted)."""
    aside = withdrawn_dir(project) / old.relative_to(project.public_dir)
    aside.parent.mkdir(parents=True, exist_ok=True)
    try:
        old.replace(aside)
    except OSError as error:
        raise StorageError(f"cannot withdraw {old}: {error.strerror}") from None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(f"cannot remove {path}: {error.strerror}") from None


class _Pages:
    """The pages in public/'s language folders, each folder listed once: a variant held back
    whose page is there has it withdrawn, and so has every page the manifest does not list."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.public = str(project.public_dir)
        self.names: dict[str, set[str]] = {}

    def place(self, lang: str, slug: str, gate: str, *, dry_run: bool) -> str:
        """Withdraw the page a variant held back had when it was published: give
        ``withdrawn``, or the variant's gate when there is none."""
        names = self._names(lang)
        for extension in _EXTENSIONS:
            name = f"{slug}{extension}"
            if name in names and os.path.isfile(os.path.join(self.public, lang, name)):
                if not dry_run:
                    _withdraw(self.project, self.project.public_dir / lang / name)
                    names.discard(name)
                return "withdrawn"
        return gate

    def _names(self, lang: str) -> set[str]:
        if lang not in self.names:
            try:
                with os.scandir(os.path.join(self.public, lang)) as entries:
                    self.names[lang] = {entry.name for entry in entries}
            except OSError:
                self.names[lang] = set()
        return self.names[lang]

    def sweep(self, listed: Container[str], *, dry_run: bool) -> None:
        """Withdraw every page in ``public/`` the manifest does not list: the pages of a
        source that is gone or cannot be read, and whatever earlier versions set aside inside
        it."""
        public = self.project.public_dir
        try:
            with os.scandir(self.public) as entries:
                folders = sorted(entry.name for entry in entries if entry.is_dir())
        except OSError:
            return
        for name in folders:
            if name == _OLD_WITHDRAWN:
                _sweep_old(self.project, public / name, dry_run=dry_run)
                continue
            if name.startswith("."):
                continue
            folder = os.path.join(self.public, name)
            with os.scandir(folder) as entries:
                pages = sorted(
                    entry.name for entry in entries if _suffix(entry.name) in _EXTENSIONS
                )
            for page in pages:
                if f"{name}/{page}" in listed or not os.path.isfile(os.path.join(folder, page)):
                    continue
                if not dry_run:
                    _withdraw(self.project, public / name / page)


def _suffix(name: str) -> str:
    """A file name's suffix, as :attr:`pathlib.PurePath.suffix` gives it."""
    at = name.rfind(".")
    return name[at:] if 0 < at < len(name) - 1 else ""


def _sweep_old(project: Project, folder: Path, *, dry_run: bool) -> None:
    """Move what earlier versions set aside inside ``public/`` out of it."""
    pages = sorted(path for path in folder.rglob("*") if path.is_file())
    for page in pages:
        if not page.is_file() or dry_run:
            continue
        aside = withdrawn_dir(project) / page.relative_to(folder)
        aside.parent.mkdir(parents=True, exist_ok=True)
        page.replace(aside)
    if not dry_run:
        for empty in sorted(folder.rglob("*"), reverse=True):
            if empty.is_dir():
                empty.rmdir()
        folder.rmdir()


def _fail_manifest(manifest_path: Path) -> None:
    """Block what a failed run left "updating"; a failure here (a full disk) leaves the
    manifest as it was, true about its files, and the run's own error is the one reported."""
    try:
        data = failed(manifest_path.read_bytes())
        if data is not None:
            write_atomic(manifest_path, data)
    except (OSError, RelayError):
        return


def _unlist_changing(manifest_path: Path, previous: Previous, decided: _Decided) -> None:
    """Take every listed file this run will replace or withdraw out of the manifest first."""

    def stays(path: str) -> bool:
        return decided.paths.get(path, False)

    # The entries kept by unchanged releases list only files that stay.
    interim = previous.unlisted(decided.kept_entries, stays)
    if interim is None:
        return
    try:
        _write(manifest_path, interim, dry_run=False)  # written as it is read, atomically
    except (OSError, ValueError):
        # An entry could not be read again (the file changed, a read failed): as a whole.
        whole = previous.unlisted_whole(stays)
        if whole is not None:
            write_atomic(manifest_path, whole)


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, parts: Iterable[bytes], *, dry_run: bool) -> str:
    """Write a file given piece by piece when its bytes change; say whether it was."""
    replacement = Replacement(path, dry_run=dry_run)
    try:
        for part in parts:
            replacement.write(part)
        return "written" if replacement.commit() else "unchanged"
    except BaseException:
        replacement.discard()
        raise
