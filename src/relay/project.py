"""A relay project on disk: where it is, how it is configured, which releases it holds.

Takes a folder; gives a :class:`Project` with its validated configuration (from
``relay.toml`` or the ``[tool.relay]`` table of ``pyproject.toml``) and the paths every stage
uses. Finding releases reads each source once; a source that cannot be read is reported and
skipped, and the others are still found.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from types import ModuleType

from relay import cldr, segment_cache
from relay.errors import ProjectError, RelayError, SourceError
from relay.formats import html, markdown, text
from relay.metadata import LANG_PATTERN, SLUG_PATTERN
from relay.model import Metadata, Release
from relay.segmentation import sentence_starts
from relay.units import segment

FORMATS: tuple[ModuleType, ...] = (html, markdown, text)
CONFIG_FILE = "relay.toml"
SKIPPED_NAMES = {"readme.md", "readme.txt", "readme.html", "license.txt"}


@dataclass(frozen=True)
class Gate:
    """When a language variant may be published.

    ``min_percent`` of the words translated (and none fuzzy) is required; with ``fallback``, a
    variant at or above it is published with the untranslated units in the source language,
    marked as such; without it, anything under 100% is held back.
    """

    min_percent: float = 100.0
    fallback: bool = False


@dataclass(frozen=True)
class Config:
    """What a project declares; every path is relative to the project's root."""

    source_lang: str
    target_langs: tuple[str, ...]
    sources: str = "sources"
    locales: str = "locales"
    public: str = "public"
    segmentation: str = "sentence"
    # [checks]: severity per check id ("error", "warning", "info" or "off").
    check_severities: tuple[tuple[str, str], ...] = ()
    glossary: str | None = None
    # [memory]: how translation memory fills new units.
    memory_similarity: float = 75.0
    memory_exact_elsewhere: str = "fuzzy"
    keep_whitespace_edits: bool = False
    # [gates]: per language (or "default"), what publishing requires.
    gates: tuple[tuple[str, Gate], ...] = ()

    def gate(self, lang: str) -> Gate:
        table = dict(self.gates)
        return table.get(lang) or table.get("default") or Gate()


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def sources_dir(self) -> Path:
        return self.root / self.config.sources

    @property
    def locales_dir(self) -> Path:
        return self.root / self.config.locales

    @property
    def public_dir(self) -> Path:
        return self.root / self.config.public

    def template_path(self, slug: str) -> Path:
        return self.locales_dir / "templates" / f"{slug}.pot"

    def catalog_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / f"{slug}.po"


@dataclass
class Discovery:
    """The releases found, and the sources that could not be read (as errors)."""

    releases: list[Release] = field(default_factory=list)
    errors: list[RelayError] = field(default_factory=list)


def find_root(start: Path) -> Path:
    """Find the project containing ``start``: the nearest folder with relay's configuration."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() or _has_tool_table(folder / "pyproject.toml"):
            return folder
    raise ProjectError(
        f"no relay project in {start} or any folder above it",
        hint="Run 'relay init DIR' to make one, or point to one with -C DIR.",
    )


def _has_tool_table(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        return "relay" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def open_project(start: Path) -> Project:
    """Find the project at or above ``start`` and read its configuration."""
    root = find_root(start)
    return Project(root, load_config(root))


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    try:
        if path.is_file():
            table = tomllib.loads(path.read_text("utf-8"))
        else:
            path = root / "pyproject.toml"
            table = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("relay", {})
    except tomllib.TOMLDecodeError as error:
        raise ProjectError(f"{path}: {error}") from None
    return config_from_table(table, path=path)


def config_from_table(table: dict[str, object], *, path: Path) -> Config:
    known = {
        "source-lang",
        "target-langs",
        "sources",
        "locales",
        "public",
        "segmentation",
        "glossary",
        "checks",
        "memory",
        "gates",
    }
    unknown = sorted(set(table) - known)
    if unknown:
        raise ProjectError(
            f"{path}: unknown setting {unknown[0]!r}", hint=f"Known settings: {sorted(known)}"
        )
    source = table.get("source-lang")
    targets = table.get("target-langs", [])
    if not isinstance(source, str):
        raise ProjectError(f"{path}: 'source-lang' must be a language tag such as \"en\"")
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise ProjectError(f"{path}: 'target-langs' must be a list of language tags")
    for lang in (source, *targets):
        check_language(lang)
    segmentation = table.get("segmentation", "sentence")
    if segmentation not in {"sentence", "paragraph"}:
        raise ProjectError(f'{path}: \'segmentation\' must be "sentence" or "paragraph"')
    folders = {key: table.get(key, key) for key in ("sources", "locales", "public")}
    for key, value in folders.items():
        if not isinstance(value, str) or Path(value).is_absolute() or ".." in Path(value).parts:
            raise ProjectError(f"{path}: '{key}' must be a folder inside the project")
    return Config(
        source_lang=source,
        target_langs=tuple(dict.fromkeys(targets)),
        sources=str(folders["sources"]),
        locales=str(folders["locales"]),
        public=str(folders["public"]),
        segmentation=str(segmentation),
        check_severities=_severities(table.get("checks", {}), path),
        gates=_gates(table.get("gates", {}), path),
        glossary=_glossary(table.get("glossary"), path),
        **_memory(table.get("memory", {}), path),
    )


def _severities(table: object, path: Path) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [checks] must be a table of check = severity")
    for check, severity in table.items():
        if severity not in {"error", "warning", "info", "off"}:
            raise ProjectError(
                f"{path}: check {check!r} has severity {severity!r}",
                hint="Use error, warning, info or off.",
            )
    return tuple(sorted((str(k), str(v)) for k, v in table.items()))


def _gates(table: object, path: Path) -> tuple[tuple[str, Gate], ...]:
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [gates] must be a table of language = {{ ... }}")
    gates = []
    for lang, policy in sorted(table.items()):
        if lang != "default":
            check_language(lang)
        if not isinstance(policy, dict) or set(policy) - {"min-percent", "fallback"}:
            raise ProjectError(
                f"{path}: gate {lang!r} must be a table with min-percent and fallback",
                hint="For example: ru = { min-percent = 90, fallback = true }",
            )
        percent = policy.get("min-percent", 100)
        fallback = policy.get("fallback", False)
        if not isinstance(percent, int | float) or not 0 <= percent <= 100:
            raise ProjectError(f"{path}: gate {lang!r}: min-percent must be 0-100")
        if not isinstance(fallback, bool):
            raise ProjectError(f"{path}: gate {lang!r}: fallback must be true or false")
        if percent < 100 and not fallback:
            raise ProjectError(
                f"{path}: gate {lang!r}: under 100% a variant can only be published with"
                " fallback = true (untranslated units in the source language)"
            )
        gates.append((lang, Gate(float(percent), fallback)))
    return tuple(gates)


def _glossary(value: object, path: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or Path(value).is_absolute() or ".." in Path(value).parts:
        raise ProjectError(f"{path}: 'glossary' must be a file inside the project")
    return value


def _memory(table: object, path: Path) -> dict[str, object]:
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [memory] must be a table")
    unknown = sorted(set(table) - {"similarity", "exact-elsewhere", "keep-whitespace-edits"})
    if unknown:
        raise ProjectError(f"{path}: unknown [memory] setting {unknown[0]!r}")
    similarity = table.get("similarity", 75)
    if not isinstance(similarity, int | float) or not 0 < similarity <= 100:
        raise ProjectError(f"{path}: [memory] similarity must be a percentage (1-100)")
    elsewhere = table.get("exact-elsewhere", "fuzzy")
    if elsewhere not in {"fuzzy", "translated"}:
        raise ProjectError(f'{path}: [memory] exact-elsewhere must be "fuzzy" or "translated"')
    keep = table.get("keep-whitespace-edits", False)
    if not isinstance(keep, bool):
        raise ProjectError(f"{path}: [memory] keep-whitespace-edits must be true or false")
    return {
        "memory_similarity": float(similarity),
        "memory_exact_elsewhere": elsewhere,
        "keep_whitespace_edits": keep,
    }


def check_language(lang: str) -> None:
    """Refuse a language tag that is malformed or unknown to CLDR."""
    if not LANG_PATTERN.fullmatch(lang) or not cldr.is_known(lang):
        raise ProjectError(
            f"{lang!r} is not a language tag CLDR knows",
            hint="Use BCP 47 tags such as en, fr, ru, pt-BR, sr-Latn.",
        )


def init_project(folder: Path, *, source_lang: str, target_langs: list[str]) -> Project:
    """Make a new, empty project in ``folder``."""
    for lang in (source_lang, *target_langs):
        check_language(lang)
    if (folder / CONFIG_FILE).exists():
        raise ProjectError(f"{folder / CONFIG_FILE} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    targets = ", ".join(f'"{lang}"' for lang in target_langs)
    (folder / CONFIG_FILE).write_text(
        f'source-lang = "{source_lang}"\ntarget-langs = [{targets}]\n', encoding="utf-8"
    )
    config = load_config(folder)
    for sub in (config.sources, config.locales):
        (folder / sub).mkdir(exist_ok=True)
    return Project(folder.resolve(), config)


def format_for(path: Path) -> ModuleType | None:
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
        key = segment_cache.document_key(data, relative, repr(project.config))
        document = segment_cache.load(project.root, relative, key)
        if document is not None:
            metadata = document.metadata
        else:
            metadata = fmt.read(text_content, path=str(relative)).metadata
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
) -> tuple[ModuleType, bytes, str]:
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

    The document comes from :mod:`relay.segment_cache` when an earlier ``keep`` read made it
    from the same bytes, path, configuration and code; ``keep`` stores what this read makes.
    """
    fmt, data, text_content = _source_text(project, path, relative)
    key = segment_cache.document_key(data, relative, repr(project.config))
    document = segment_cache.load(project.root, relative, key)
    if document is None:
        parsed = fmt.read(text_content, path=str(relative))
        lang = parsed.metadata.lang or project.config.source_lang
        splitter = sentence_starts if project.config.segmentation == "sentence" else None
        document = segment(parsed, lang=lang, splitter=splitter)
        if keep:
            segment_cache.store(project.root, relative, key, document)
    slug = _slug(document.metadata.slug, path, relative)
    return Release(slug, relative, document, hashlib.sha256(data).hexdigest())
