"""A relay project on disk: where it is, how it is configured, where each stage keeps its files.

Takes a folder; gives a :class:`Project` with its validated configuration (from
``relay.toml`` or the ``[tool.relay]`` table of ``pyproject.toml``) and the paths every stage
uses. Finding the releases in it is :mod:`relay.sources.discovery`'s job.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict
from urllib.parse import quote, urlsplit

from relay.core import cldr
from relay.core.errors import ProjectError, UsageError
from relay.core.metadata import LANG_PATTERN

CONFIG_FILE = "relay.toml"
# Where every cache lives (run state, segmented documents, findings, the memory index, the
# lock): one folder, never committed, that can be deleted at any time.
CACHE_FOLDER = ".relay-cache"


REQUIRE = ("translated", "revised", "approved")


@dataclass(frozen=True)
class Gate:
    """When a language variant may be published.

    ``min_percent`` of the words translated (and none fuzzy) is required; with ``fallback``, a
    variant at or above it is published with the untranslated units in the source language,
    marked as such; without it, anything under 100% is held back. ``require`` is the state
    every translation must have reached: ``translated`` (the default), ``revised`` (by a second
    linguist) or ``approved`` (signed off).
    """

    min_percent: float = 100.0
    fallback: bool = False
    require: str = "translated"


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
    # [html]: classes whose elements are never translated, besides "notranslate".
    html_no_translate_classes: tuple[str, ...] = ()
    # [html]: attributes the pages show or read aloud besides HTML's own (a data-tooltip).
    html_translate_attributes: tuple[str, ...] = ()
    # [markdown]: the front-matter fields whose text is translated.
    markdown_front_matter_keys: tuple[str, ...] = ("title", "description", "summary", "keywords")
    # What every feed's id starts with (the language follows): a reader takes a feed, and each
    # of its entries, to be the one it has seen when these ids are, so they must not change
    # with the folder a project is checked out in. None: ``urn:relay:<project folder>``.
    feed_id: str | None = None
    # Each language's feed title, in that language; a language without one has relay's
    # English title, marked as English.
    feed_titles: tuple[tuple[str, str], ...] = ()
    # Where public/ is served (ending with "/"): each variant's own address is this followed
    # by <lang>/<slug>.<ext>. None: relay knows no address, and writes none.
    public_url: str | None = None

    def feed_title(self, lang: str) -> tuple[str, str]:
        """Give the title of ``lang``'s feed and the language it is written in: the configured
        one, else relay's own, in English (a French feed's title is then marked English)."""
        configured = dict(self.feed_titles).get(lang)
        if configured is not None:
            return configured, lang
        return f"Press releases ({cldr.language_name(lang)})", "en"

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

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_FOLDER


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
    # Before the configuration is read: its languages are checked against CLDR.
    cldr.recall(root / CACHE_FOLDER / cldr.FACTS_FILE)
    config = load_config(root)
    cldr.learn([config.source_lang, *config.target_langs])
    return Project(root, config)


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
        "html",
        "markdown",
        "feed-id",
        "feed-titles",
        "public-url",
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
        **_html(table.get("html", {}), path),
        markdown_front_matter_keys=_front_matter_keys(table.get("markdown", {}), path),
        feed_id=_feed_id(table.get("feed-id"), path),
        feed_titles=_feed_titles(table.get("feed-titles", {}), path),
        public_url=_public_url(table.get("public-url"), path),
    )


def _public_url(value: object, path: Path) -> str | None:
    """The address ``public/`` is served at: absolute, http or https, without a query or a
    fragment; given ending with "/" (the folder a variant's path is joined to)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _served_address(value):
        raise ProjectError(
            f"{path}: 'public-url' must be the absolute http(s) address public/ is served at,"
            ' such as "https://example.org/press/"',
            hint="A variant's own address (og:url) is this followed by <lang>/<slug>.<ext>.",
        )
    return value if value.endswith("/") else value + "/"


def _served_address(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not parts.query
        and not parts.fragment
        and not any(character.isspace() for character in value)
    )


# An IRI's scheme and a body without spaces, as Atom's <id> must be (RFC 4287, 4.2.6).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def _feed_titles(table: object, path: Path) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        raise ProjectError(
            f"{path}: 'feed-titles' must be a table of language = title",
            hint='For example: feed-titles = { fr = "Communiqués de presse" }',
        )
    for lang, title in table.items():
        check_language(lang)
        if not isinstance(title, str) or not title.strip():
            raise ProjectError(f"{path}: feed-titles: the title for {lang!r} must be text")
    return tuple(sorted((str(lang), str(title).strip()) for lang, title in table.items()))


def _feed_id(value: object, path: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _IRI.fullmatch(value):
        raise ProjectError(
            f"{path}: 'feed-id' must be an IRI without spaces, such as"
            ' "urn:relay:press-office" or "https://example.org/press"',
            hint="It starts the id of every feed and feed entry, so readers recognise them.",
        )
    return value


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
        if not isinstance(policy, dict) or set(policy) - {"min-percent", "fallback", "require"}:
            raise ProjectError(
                f"{path}: gate {lang!r} must be a table with min-percent, fallback and require",
                hint="For example: ru = { min-percent = 90, fallback = true }",
            )
        require = policy.get("require", "translated")
        if require not in REQUIRE:
            raise ProjectError(
                f"{path}: gate {lang!r}: require must be translated, revised or approved"
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
        gates.append((lang, Gate(float(percent), fallback, str(require))))
    return tuple(gates)


def _glossary(value: object, path: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or Path(value).is_absolute() or ".." in Path(value).parts:
        raise ProjectError(f"{path}: 'glossary' must be a file inside the project")
    return value


class _HtmlSettings(TypedDict):
    """The [html] table, as the :class:`Config` fields it sets."""

    html_no_translate_classes: tuple[str, ...]
    html_translate_attributes: tuple[str, ...]


# Attributes whose value is an address, code, or what the page's own markup or scripts key on:
# never text for a reader, and translating one would break the page.
_NEVER_TRANSLATED_ATTRIBUTES = frozenset(
    "href src srcset action formaction poster cite data manifest ping background codebase"
    " longdesc usemap itemid itemtype itemprop itemscope itemref id class style name for form"
    " rel rev type lang dir translate hreflang charset http-equiv property content datetime"
    " value width height role tabindex slot is nonce integrity crossorigin".split()
)
_ATTRIBUTE_NAME = re.compile(r"[a-z_][a-z0-9_.:-]*")


def _html(table: object, path: Path) -> _HtmlSettings:
    """Read ``[html]``: ``no-translate-classes``, class names or class selectors (".legal");
    ``translate-attributes``, attribute names (``data-tooltip``)."""
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [html] must be a table")
    unknown = sorted(set(table) - {"no-translate-classes", "translate-attributes"})
    if unknown:
        raise ProjectError(f"{path}: unknown [html] setting {unknown[0]!r}")
    classes = table.get("no-translate-classes", [])
    if not isinstance(classes, list) or not all(
        isinstance(c, str) and re.fullmatch(r"\.?-?[_a-zA-Z][_a-zA-Z0-9-]*", c) for c in classes
    ):
        raise ProjectError(
            f"{path}: [html] no-translate-classes must be a list of class names"
            ' such as ["legal", ".brand"]'
        )
    names = table.get("translate-attributes", [])
    if not isinstance(names, list) or not all(
        isinstance(n, str) and _ATTRIBUTE_NAME.fullmatch(n.lower()) for n in names
    ):
        raise ProjectError(
            f"{path}: [html] translate-attributes must be a list of attribute names"
            ' such as ["data-tooltip"]'
        )
    refused = [
        n for n in names if n.lower() in _NEVER_TRANSLATED_ATTRIBUTES or n.lower().startswith("on")
    ]
    if refused:
        raise ProjectError(
            f"{path}: [html] translate-attributes names {refused[0]!r}, whose value is an"
            " address, code or a name the page's markup keys on, never text for a reader"
        )
    return {
        "html_no_translate_classes": tuple(dict.fromkeys(c.removeprefix(".") for c in classes)),
        "html_translate_attributes": tuple(dict.fromkeys(n.lower() for n in names)),
    }


class _MemorySettings(TypedDict):
    """The [memory] table, as the :class:`Config` fields it sets."""

    memory_similarity: float
    memory_exact_elsewhere: str
    keep_whitespace_edits: bool


def _memory(table: object, path: Path) -> _MemorySettings:
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


def _front_matter_keys(table: object, path: Path) -> tuple[str, ...]:
    """[markdown] front-matter-keys: the front-matter fields of Markdown releases translated."""
    if not isinstance(table, dict):
        raise ProjectError(f"{path}: [markdown] must be a table")
    unknown = sorted(set(table) - {"front-matter-keys"})
    if unknown:
        raise ProjectError(f"{path}: unknown [markdown] setting {unknown[0]!r}")
    keys = table.get("front-matter-keys", list(Config.markdown_front_matter_keys))
    if not isinstance(keys, list) or not all(isinstance(key, str) and key for key in keys):
        raise ProjectError(
            f"{path}: [markdown] front-matter-keys must be a list of field names",
            hint='For example: front-matter-keys = ["title", "description", "summary", "keywords"]',
        )
    return tuple(dict.fromkeys(keys))


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
    # The feeds' ids are fixed now, from the folder's name, so that a clone or a move of the
    # project elsewhere publishes the same feeds.
    feed_id = json.dumps(new_feed_id(folder.resolve().name), ensure_ascii=False)
    (folder / CONFIG_FILE).write_text(
        f'source-lang = "{source_lang}"\ntarget-langs = [{targets}]\nfeed-id = {feed_id}\n',
        encoding="utf-8",
    )
    config = load_config(folder)
    for sub in (config.sources, config.locales):
        (folder / sub).mkdir(exist_ok=True)
    return Project(folder.resolve(), config)


def feed_id(project: Project) -> str:
    """The start of every feed's id in ``project`` (the language follows): the configured one,
    else ``urn:relay:<project folder>`` as relay has always made it (a project's published
    feeds keep their ids until it names its own)."""
    return project.config.feed_id or f"urn:relay:{project.root.name}"


def new_feed_id(folder_name: str) -> str:
    """The feed id ``relay init`` writes: the default one, its characters an IRI cannot hold
    percent-encoded.

    >>> new_feed_id("press office")
    'urn:relay:press%20office'
    """
    return "urn:relay:" + quote(folder_name, safe="!$&'()*+,;=:@-._~")


def select_langs(project: Project, langs: Sequence[str]) -> list[str]:
    targets = list(project.config.target_langs)
    for lang in langs:
        if lang not in targets:
            raise UsageError(
                f"{lang!r} is not a target language of this project",
                hint="Target languages: " + ", ".join(targets),
            )
    return list(dict.fromkeys(langs)) if langs else targets
