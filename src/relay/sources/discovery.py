"""Find a project's releases: which files are sources, their slugs, and each one read.

Takes a :class:`~relay.core.project.Project`; gives its source files in a stable order, and
releases read from them (skeleton, units, metadata) or only their heads (slug and metadata).
A source that cannot be read is reported as an error and skipped, and the others are still
found; a slug is given to the first source (in path order) that claims it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar

from relay.core.errors import ProjectError, RelayError, SourceError, UsageError
from relay.core.metadata import SLUG_PATTERN
from relay.core.model import Metadata, Release
from relay.core.project import Project
from relay.sources import documents_cache
from relay.sources.blocks import Parsed
from relay.sources.formats import SourceFormat, html, markdown, text
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

FORMATS: tuple[SourceFormat, ...] = (html, markdown, text)
SKIPPED_NAMES = {"readme.md", "readme.txt", "readme.html", "license.txt"}


@dataclass
class Discovery:
    """The releases found, and the sources that could not be read (as errors)."""

    releases: list[Release] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def format_for(path: Path) -> SourceFormat | None:
    suffix = path.suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in fmt.EXTENSIONS), None)


@dataclass(frozen=True)
class SourceFile:
    """A file of the sources folder that may be a release: where it is, and its project path."""

    path: Path
    relative: PurePosixPath


def source_files(project: Project) -> list[SourceFile]:
    """List the files of the sources folder that may be releases, in a stable order."""
    if not project.sources_dir.is_dir():
        raise ProjectError(f"no sources folder at {project.sources_dir}")
    found = []
    for path in sorted(project.sources_dir.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name.lower() in SKIPPED_NAMES:
            continue
        found.append(SourceFile(path, PurePosixPath(path.relative_to(project.root).as_posix())))
    return found


def discover(project: Project) -> Discovery:
    """Read every source release of the project, in a stable order."""
    found = Discovery()
    slugs: dict[str, PurePosixPath] = {}
    for source in source_files(project):
        path, relative = source.path, source.relative
        try:
            release = read_release(project, path, relative)
        except SourceError as error:
            found.errors.append(error)
            continue
        taken = _claim(slugs, release.slug, relative)
        if taken is not None:
            found.errors.append(taken)
            continue
        found.releases.append(release)
    return found


def _claim(
    slugs: dict[str, PurePosixPath], slug: str, relative: PurePosixPath
) -> SourceError | None:
    """Give a source its slug, or the error that another source has it already."""
    if slug in slugs:
        return SourceError(f"slug {slug!r} is already used by {slugs[slug]}", path=str(relative))
    slugs[slug] = relative
    return None


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
        document = documents_cache.load(project.root, relative, key)
        if document is not None:
            metadata = document.metadata
        else:
            metadata = _read(project, fmt, text_content, relative).metadata
        return ReleaseHead(_slug(metadata.slug, path, relative), source, metadata)
    except SourceError as error:
        return error


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
    slugs: dict[str, PurePosixPath] = {}
    sources = source_files(project)
    for source, head in zip(sources, mapper(partial(read_release_head, project), sources),
                            strict=True):  # fmt: skip
        if isinstance(head, SourceError):
            found.errors.append(head)
            continue
        taken = _claim(slugs, head.slug, source.relative)
        if taken is not None:
            found.errors.append(taken)
            continue
        found.releases.append(head)
    return found


def _source_text(
    project: Project, path: Path, relative: PurePosixPath
) -> tuple[SourceFormat, bytes, str]:
    """Give a source's format, bytes and text, refusing what relay cannot read."""
    fmt = format_for(path)
    if fmt is None:
        raise SourceError(
            f"unknown source format {path.suffix or '(no extension)'!r}",
            path=str(relative),
            hint="relay reads .html, .md and .txt releases.",
        )
    if path.is_symlink() and not path.resolve().is_relative_to(project.root):
        raise SourceError("is a link to a file outside the project", path=str(relative))
    data = path.read_bytes()
    try:
        return fmt, data, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"is not UTF-8 (byte {error.start})",
            path=str(relative),
            hint="Save the source as UTF-8.",
        ) from None


def _read(project: Project, fmt: SourceFormat, text: str, relative: PurePosixPath) -> Parsed:
    """Read a source with the options its format takes from the project's configuration."""
    if fmt is html:
        classes = project.config.html_no_translate_classes
        return html.read(text, path=str(relative), no_translate_classes=classes)
    if fmt is markdown:
        keys = project.config.markdown_front_matter_keys
        return markdown.read(text, path=str(relative), front_matter_keys=keys)
    return fmt.read(text, path=str(relative))


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
    makes.
    """
    fmt, data, text_content = _source_text(project, path, relative)
    key = documents_cache.document_key(data, relative, repr(project.config))
    document = documents_cache.load(project.root, relative, key)
    if document is None:
        parsed = _read(project, fmt, text_content, relative)
        lang = parsed.metadata.lang or project.config.source_lang
        splitter = sentence_starts if project.config.segmentation == "sentence" else None
        document = segment(parsed, lang=lang, splitter=splitter)
        if keep:
            documents_cache.store(project.root, relative, key, document)
    slug = _slug(document.metadata.slug, path, relative)
    return Release(slug, relative, document, hashlib.sha256(data).hexdigest())


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
