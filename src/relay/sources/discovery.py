"""Find a project's releases: which files are sources, their slugs, and each one read.

Takes a :class:`~relay.core.project.Project`; gives its source files in a stable order, and
releases read from them (skeleton, units, metadata) or only their heads (slug and metadata).
A source that cannot be read (or is larger than the limits in :mod:`relay.core.metadata`) is
reported as an error and skipped, and the others are still found. A slug belongs to the source
that claimed it first, as ``locales/slugs.json`` records (committed with the catalogs, so a
fresh clone knows it too): a new source that claims it is refused, whatever its name. A slug
nobody recorded goes to the first source, in path order, that claims it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import importlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol, TypeVar

from relay.core.errors import ProjectError, RelayError, SourceError, UsageError
from relay.core.metadata import (
    MAX_SOURCE_BYTES,
    MAX_UNIT_CHARS,
    SLUG_PATTERN,
    check_text,
    refuse_commented_embargo,
    refuse_stated_embargo,
)
from relay.core.model import Document, Metadata, Release
from relay.core.project import Project
from relay.runtime.files import write_atomic
from relay.sources import documents_cache
from relay.sources.blocks import Parsed
from relay.sources.formats import SourceFormat
from relay.sources.stated_dates import refuse_contradicting_times

if TYPE_CHECKING:
    from relay.sources.formats import html

# Each format's name and module, by extension. The modules are imported when a source is
# parsed or written, not when it is listed or taken from the documents cache: markdown-it and
# YAML alone cost 60 ms of every command's start, and most runs parse no source.
FORMAT_NAMES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                ".txt": "text"}  # fmt: skip
_MODULES = {name: f"relay.sources.formats.{name}" for name in ("html", "markdown", "text")}
SKIPPED_NAMES = {"readme.md", "readme.txt", "readme.html", "license.txt"}


@dataclass
class Discovery:
    """The releases found, and the sources that could not be read (as errors)."""

    releases: list[Release] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def formats() -> tuple[SourceFormat, ...]:
    """Every format module relay reads sources with (imported now)."""
    return tuple(_module(name) for name in _MODULES)


def format_for(path: Path) -> SourceFormat | None:
    """The format module that reads and writes ``path`` (None: no format has its extension)."""
    name = FORMAT_NAMES.get(path.suffix.lower())
    return None if name is None else _module(name)


def _module(name: str) -> SourceFormat:
    module: SourceFormat = importlib.import_module(_MODULES[name])
    return module


@dataclass(frozen=True)
class SourceFile:
    """A file of the sources folder that may be a release: where it is, and its project path.

    Where it is stays the string the listing gave: every command lists every source, and a
    path object per source cost 0.12 s of each command at 20,000 releases; only a release
    read again needs one (:attr:`path`).
    """

    location: str
    relative: PurePosixPath

    @property
    def path(self) -> Path:
        return Path(self.location)


def source_files(project: Project) -> list[SourceFile]:
    """List the files of the sources folder that may be releases, in a stable order: the
    order of their paths' parts, as sorting the paths themselves gives.

    Every command lists every source first: the folder is walked with names, not path
    objects, which at 20,000 releases cost more than the walk, and each entry's type comes
    from the folder's listing, not from a ``stat`` of it (links to folders are not followed,
    as ``Path.rglob`` does not follow them; a folder that cannot be read is skipped, as
    ``os.walk`` skips it).
    """
    top = project.sources_dir
    if not top.is_dir():
        raise ProjectError(f"no sources folder at {project.sources_dir}")
    base = top.relative_to(project.root).parts
    found: list[tuple[tuple[str, ...], str]] = []
    _walk(os.fspath(top), (), found)
    found.sort()
    return [SourceFile(path, PurePosixPath(*base, *parts)) for parts, path in found]


def _walk(folder: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]]) -> None:
    """Add every file under ``folder`` that may be a release: (its names below the top, path)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, (*parts, name), found)
                continue
            if name.startswith(".") or name.lower() in SKIPPED_NAMES:
                continue
            if entry.is_file():  # a link to a file counts, as os.path.isfile counts it
                found.append(((*parts, name), entry.path))
        except OSError:
            continue


SLUGS_FILE = "slugs.json"


def slugs_path(project: Project) -> Path:
    """Where the project records which source owns each slug (committed with the catalogs)."""
    return project.locales_dir / SLUGS_FILE


class SlugClaims:
    """Who owns each slug: the source recorded for it, while that file is still a source;
    else the first source of this run to claim it."""

    def __init__(self, project: Project, sources: Sequence[SourceFile]) -> None:
        self.path = slugs_path(project)
        self.recorded = _recorded_slugs(self.path)
        # Owners are kept as the record names them, not as path objects: every command
        # makes its claims, and 20,000 path objects cost more than the rest of them.
        present = {str(source.relative) for source in sources}
        self.reserved: dict[str, str] = {}
        for slug, owner in self.recorded.items():
            named = owner if owner in present else str(PurePosixPath(owner))  # as written
            if named in present:
                self.reserved[slug] = named
        self.claimed: dict[str, PurePosixPath] = {}
        self.read: set[str] = set()  # the sources read in this run

    def claim(self, slug: str, relative: PurePosixPath) -> SourceError | None:
        """Give a source its slug, or the error that another source owns it."""
        name = str(relative)
        self.read.add(name)
        owner = self.reserved.get(slug)
        if owner is not None and owner != name:
            return SourceError(
                f"slug {slug!r} belongs to {owner} (recorded in {self.path.name});"
                f" {relative} cannot take it, and is left out",
                path=name,
                hint="Give the new source a slug of its own (slug: in its metadata).",
            )
        if slug in self.claimed:
            return SourceError(f"slug {slug!r} is already used by {self.claimed[slug]}",
                               path=name)  # fmt: skip
        self.claimed[slug] = relative
        return None

    def save(self) -> bool:
        """Record the slugs claimed in this run, and keep those of owners that could not be
        read (an owner read with another slug has given its old one up)."""
        owners = {slug: owner for slug, owner in self.reserved.items() if owner not in self.read}
        owners.update((slug, str(owner)) for slug, owner in self.claimed.items())
        if owners == self.recorded and self.path.exists():
            return False
        data = {"about": "the source that owns each slug; relay keeps this file", "slugs": owners}
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        return write_atomic(self.path, text.encode("utf-8"))


def recorded_slugs(project: Project) -> dict[str, str]:
    """Each slug ``locales/slugs.json`` records, with the source that owns it, as written."""
    return _recorded_slugs(slugs_path(project))


def _recorded_slugs(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ProjectError(f"cannot read {path}: {error}",
                           hint="Restore it from version control.") from None  # fmt: skip
    slugs = data.get("slugs") if isinstance(data, dict) else None
    if not isinstance(slugs, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in slugs.items()
    ):
        raise ProjectError(f"{path} is not a record of slugs",
                           hint="Restore it from version control.")  # fmt: skip
    return dict(slugs)


def discover(project: Project) -> Discovery:
    """Read every source release of the project, in a stable order."""
    found = Discovery()
    sources = source_files(project)
    slugs = SlugClaims(project, sources)
    for source in sources:
        path, relative = source.path, source.relative
        try:
            release = read_release(project, path, relative)
        except SourceError as error:
            found.errors.append(error)
            continue
        taken = slugs.claim(release.slug, relative)
        if taken is not None:
            found.errors.append(taken)
            continue
        found.releases.append(release)
    return found


@dataclass(frozen=True)
class ReleaseHead:
    """A source release read only as far as its slug and metadata: nothing is segmented."""

    slug: str
    source: SourceFile
    metadata: Metadata

    def read(self, project: Project) -> Release:
        """Read the whole release (skeleton and units), as :func:`discover` does."""
        return read_release(project, self.source.path, self.source.relative)


@dataclass
class HeadDiscovery:
    """The release heads found, and the sources that could not be read (as errors)."""

    releases: list[ReleaseHead] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def read_release_head(project: Project, source: SourceFile) -> ReleaseHead | SourceError:
    """Read one source file as far as its slug and metadata, or give what stops reading it.

    Refuses what :func:`read_release` refuses, since every refusal is in the parse; only the
    segmenting, which cannot fail and costs most, is left out.
    """
    path, relative = source.path, source.relative
    try:
        fmt, data, text_content = _source_text(project, path, relative)
        key = documents_cache.document_key(data, relative, repr(project.config))
        kept = documents_cache.load_metadata(project.root, relative, key)
        metadata = (
            kept if kept is not None else _read(project, fmt, text_content, relative).metadata
        )
        _check_metadata(metadata, str(relative))
        return ReleaseHead(_slug(metadata.slug, path, relative), source, metadata)
    except SourceError as error:
        return error
    except (OSError, UnicodeError, RecursionError, MemoryError) as error:
        return SourceError(f"cannot be read: {error}", path=str(relative))


def discover_heads(
    project: Project,
    *,
    mapper: Callable[[Callable[[SourceFile], ReleaseHead | SourceError], list[SourceFile]],
                     Iterable[ReleaseHead | SourceError]] = map,
) -> HeadDiscovery:  # fmt: skip
    """Find the releases as :func:`discover` does, reading only their metadata.

    ``mapper`` runs the reads (the built-in ``map``, or one that reads on every core).
    """
    found = HeadDiscovery()
    sources = source_files(project)
    slugs = SlugClaims(project, sources)
    for source, head in zip(sources, mapper(partial(read_release_head, project), sources),
                            strict=True):  # fmt: skip
        if isinstance(head, SourceError):
            found.errors.append(head)
            continue
        taken = slugs.claim(head.slug, source.relative)
        if taken is not None:
            found.errors.append(taken)
            continue
        found.releases.append(head)
    return found


BOM = "\ufeff"  # a UTF-8 byte-order mark, as text


def _source_text(project: Project, path: Path, relative: PurePosixPath) -> tuple[str, bytes, str]:
    """Give a source's format (its name), bytes and text, refusing what relay cannot read."""
    fmt = FORMAT_NAMES.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(
            f"unknown source format {path.suffix or '(no extension)'!r}",
            path=str(relative),
            hint="relay reads .html, .md and .txt releases.",
        )
    if path.is_symlink() and not path.resolve().is_relative_to(project.root):
        raise SourceError("is a link to a file outside the project", path=str(relative))
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(
            f"is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB, the most relay reads",
            path=str(relative),
        )
    data = path.read_bytes()
    try:
        return fmt, data, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"is not UTF-8 (byte {error.start})",
            path=str(relative),
            hint="Save the source as UTF-8.",
        ) from None


def _read(project: Project, fmt: str, text: str, relative: PurePosixPath) -> Parsed:
    """Read a source with the options its format takes from the project's configuration."""
    if fmt == "html":
        from relay.sources.formats import html

        return html.read(text, path=str(relative), options=html_options(project))
    if fmt == "markdown":
        from relay.sources.formats import markdown

        keys = project.config.markdown_front_matter_keys
        return markdown.read(
            text, path=str(relative), front_matter_keys=keys, html_options=html_options(project)
        )
    return _module(fmt).read(text, path=str(relative))


def html_options(project: Project) -> html.Options:
    """What the project's ``[html]`` says, for its pages and the HTML in its Markdown."""
    from relay.sources.formats import html

    config = project.config
    return html.Options(config.html_no_translate_classes, config.html_translate_attributes)


def _slug(declared: str | None, path: Path, relative: PurePosixPath) -> str:
    slug = declared or path.stem
    if not SLUG_PATTERN.fullmatch(slug):
        raise SourceError(
            f"file name {path.stem!r} is not a usable slug; add a slug to its metadata",
            path=str(relative),
        )
    return slug


def read_release(
    project: Project, path: Path, relative: PurePosixPath, *, keep: bool = False
) -> Release:
    """Read one source file into a release (skeleton, units, metadata).

    The document comes from :mod:`relay.sources.documents_cache` when an earlier ``keep`` read
    made it from the same bytes, path, configuration and code; ``keep`` stores what this read
    makes. A source that cannot be parsed at all (a character no file can hold, nesting too
    deep) is a :class:`SourceError` like any other.
    """
    try:
        return _read_release(project, path, relative, keep=keep)
    except (UnicodeError, RecursionError) as error:
        raise SourceError(f"cannot be read: {error}", path=str(relative)) from None


def _read_release(project: Project, path: Path, relative: PurePosixPath, *, keep: bool) -> Release:
    fmt, data, text_content = _source_text(project, path, relative)
    key = documents_cache.document_key(data, relative, repr(project.config))
    kept = documents_cache.load(project.root, relative, key)
    document = kept if kept is not None else _segmented(project, fmt, text_content, data, relative)
    _check_metadata(document.metadata, str(relative))
    _check_units(document, relative)
    if document.metadata.embargo is None:
        units = ((unit.text, unit.line) for unit in document.units)
        refuse_stated_embargo(units, path=str(relative))
        refuse_commented_embargo(text_content, path=str(relative))
    lang = document.metadata.lang or project.config.source_lang
    refuse_contradicting_times(document, lang=lang, path=str(relative))
    # Kept only once its units passed: a kept document is one relay can read, which is what
    # lets read_release_summary trust its metadata alone.
    if keep and kept is None:
        documents_cache.store(project.root, relative, key, document)
    slug = _slug(document.metadata.slug, path, relative)
    return Release(slug, relative, document, hashlib.sha256(data).hexdigest())


def _segmented(
    project: Project, fmt: str, text: str, data: bytes, relative: PurePosixPath
) -> Document:
    """Parse and segment a source (what the documents cache spares)."""
    from relay.sources.sentences import sentence_starts
    from relay.sources.units import segment

    parsed = _read(project, fmt, text, relative)
    lang = parsed.metadata.lang or project.config.source_lang
    splitter = sentence_starts if project.config.segmentation == "sentence" else None
    return _with_bom(segment(parsed, lang=lang, splitter=splitter), data)


def _check_units(document: Document, relative: PurePosixPath) -> None:
    """Refuse a unit relay cannot carry: too long to check, or text no file can hold."""
    for unit in document.units:
        if len(unit.text) > MAX_UNIT_CHARS:
            raise SourceError(
                f"has a unit of {len(unit.text)} characters, more than the {MAX_UNIT_CHARS}"
                " relay reads",
                path=str(relative),
                hint="Split the paragraph.",
            )
        check_text(unit.text, what="a unit", path=str(relative))


def read_release_summary(project: Project, source: SourceFile) -> Release:
    """Read a release as :func:`read_release` does (same refusals), but give it without its
    skeleton and units: its slug, metadata, format and the hash of its source.

    What export and import keep of every release. A source whose document is kept
    (:mod:`relay.sources.documents_cache`) is not unpickled past its metadata: it was kept
    only after its units passed. Any other is read whole.
    """
    path, relative = source.path, source.relative
    try:
        fmt, data, _ = _source_text(project, path, relative)
        key = documents_cache.document_key(data, relative, repr(project.config))
        metadata = documents_cache.load_metadata(project.root, relative, key)
        if metadata is None:
            return _read_release(project, path, relative, keep=False).summary()
        _check_metadata(metadata, str(relative))
        slug = _slug(metadata.slug, path, relative)
        summary = Document(fmt, (), (), metadata)
        return Release(slug, relative, summary, hashlib.sha256(data).hexdigest())
    except (UnicodeError, RecursionError) as error:
        raise SourceError(f"cannot be read: {error}", path=str(relative)) from None


def _with_bom(document: Document, data: bytes) -> Document:
    """Give the document back with the source's UTF-8 byte-order mark at the start of its
    skeleton, if the source has one: readers never see it (the text is decoded without it),
    and every variant is written with it, as the source was."""
    if not data.startswith(codecs.BOM_UTF8):
        return document
    skeleton = document.skeleton
    if skeleton and isinstance(skeleton[0], str):
        return replace(document, skeleton=(BOM + skeleton[0], *skeleton[1:]))
    return replace(document, skeleton=(BOM, *skeleton))


def held_slugs(project: Project, now: dt.datetime | None = None) -> set[str]:
    """Give the slugs whose translations no other release may see yet: those under embargo at
    ``now``, and (failing closed) those of sources that cannot be read, which may be."""
    found = discover_heads(project)
    taken = {head.source.relative for head in found.releases}
    unread = [
        PurePosixPath(path)
        for error in found.errors
        if (path := getattr(error, "path", None)) and PurePosixPath(path) not in taken
    ]
    return held_among(
        project, ((head.slug, head.metadata.embargo) for head in found.releases), unread, now
    )


def held_among(
    project: Project,
    releases: Iterable[tuple[str, dt.datetime | None]],
    unread: Iterable[PurePosixPath],
    now: dt.datetime | None = None,
) -> set[str]:
    """:func:`held_slugs` from what a caller has just read: every release's slug and embargo,
    and the sources that could not be read or claimed (extract knows both without reading
    every source again)."""
    now = now or dt.datetime.now(dt.UTC)
    held = {slug for slug, embargo in releases if embargo is not None and embargo > now}
    owned = {owner: slug for slug, owner in _recorded_slugs(slugs_path(project)).items()}
    for path in unread:
        held.add(owned.get(str(path), path.stem))
    return held


def _check_metadata(metadata: Metadata, path: str) -> None:
    """Refuse metadata no file can hold (a lone surrogate from a YAML escape)."""
    for key, value in [("title", metadata.title or ""), *metadata.extra]:
        check_text(value, what=f"'{key}'", path=path)


class Slugged(Protocol):
    """Anything a release can be named by: a release, or only its head."""

    @property
    def slug(self) -> str: ...


NamedRelease = TypeVar("NamedRelease", bound=Slugged)


def select(releases: list[NamedRelease], slugs: Sequence[str]) -> list[NamedRelease]:
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
