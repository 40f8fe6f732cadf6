"""What the checks read: the project's severities and glossary, and a release's catalogs.

Takes a :class:`~relay.core.project.Project` (its ``config.check_severities``, its
``config.glossary``, its catalogs); gives each check's severity, the glossary's terms, and each
language's units of a release as checks see them (:class:`~relay.checks.Translation`), each
with its place in the PO file (the line of its ``msgid``). A missing catalog gives its release's
template (every unit untranslated); one that cannot be read gives its :class:`CatalogError`,
and so does one with a translation longer than any unit relay reads (:func:`read_catalog`,
what publishing reads too: a catalog it refuses is never one that checked clean).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from relay.catalogs.catalog import Catalog, unit_id
from relay.catalogs.po import catalog_bytes, load_catalog, read_po
from relay.catalogs.templates import template
from relay.checks import REGISTRY, Term, Translation, findings_cache
from relay.checks.equivalents import Counts, combine, count
from relay.checks.glossary import read_glossary
from relay.core.errors import CatalogError, ProjectError
from relay.core.metadata import MAX_UNIT_CHARS
from relay.core.model import Release
from relay.core.project import Project
from relay.runtime.code_identity import code_fingerprint
from relay.runtime.files import write_cache
from relay.runtime.run_state import made_once
from relay.runtime.workers import ordered_map
from relay.sources.discovery import ReleaseHead

_ID_COMMENT = re.compile(r"#\.\s*id:\s*(\S+)")


def severities(project: Project) -> dict[str, str]:
    """Give every check's severity in this project (its default, or the configured one)."""
    chosen: dict[str, str] = {check_id: check.severity for check_id, check in REGISTRY.items()}
    for check_id, severity in project.config.check_severities:
        if check_id not in REGISTRY:
            raise ProjectError(
                f"[checks] names an unknown check {check_id!r}",
                hint="Known checks: " + ", ".join(REGISTRY),
            )
        chosen[check_id] = severity
    return chosen


def load_glossary(project: Project) -> tuple[Term, ...]:
    """Read the project's glossary, or give none when it declares none."""
    if not project.config.glossary:
        return ()
    path = project.root / project.config.glossary
    try:
        status = path.stat()
    except OSError as error:
        raise _unreadable_glossary(path, error) from None
    # The gate reads it for every release: parse it once while the file stays the same.
    stamp = (status.st_size, status.st_mtime_ns)
    return _glossary(path, stamp, project.config.source_lang)


def _unreadable_glossary(path: Path, error: OSError) -> ProjectError:
    return ProjectError(
        f"cannot read the glossary {path}: {error.strerror}",
        hint="Fix 'glossary' in the project configuration.",
    )


@lru_cache(maxsize=8)
def _glossary(path: Path, stamp: tuple[int, int], source_lang: str) -> tuple[Term, ...]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable_glossary(path, error) from None
    return read_glossary(data, path=str(path), source_lang=source_lang)


def load_equivalents(project: Project, *, keep: bool = True) -> tuple[tuple[str, str, str], ...]:
    """Give how the project's approved translations write the source's acronyms, consistently:
    (language, acronym, form) for every language (:mod:`relay.checks.equivalents`).

    Every catalog of ``locales/<lang>/`` counts, as it does for memory. Each catalog's share
    is kept in ``.relay-cache/findings/`` under its bytes' SHA-256 and relay's code, so a check
    with nothing changed reads each catalog's bytes and parses none; without ``keep`` (a dry
    run) nothing is written.
    """
    # A status asks twice (its own key, then its check): the catalogs are stamped once.
    stamps = made_once(f"catalog stamps {project.root}", partial(_catalog_stamps, project))
    # The gate asks once per release: read the catalogs again only when one of them changed.
    return _equivalents(project, stamps, keep)


def _catalog_stamps(project: Project) -> tuple[tuple[str, str, int, int, int], ...]:
    """Every catalog of every target language: (language, name, size, mtime, inode)."""
    stamps: list[tuple[str, str, int, int, int]] = []
    for lang in project.config.target_langs:
        folder = project.locales_dir / lang
        # Named as the cache names them, without a path object per catalog (thousands).
        prefix = _name(project, folder)
        try:
            with os.scandir(folder) as entries:
                found = sorted(
                    (entry.name, entry) for entry in entries if entry.name.endswith(".po")
                )
        except OSError:
            continue
        for name, entry in found:
            try:
                status = entry.stat()
            except OSError:
                continue
            stamps.append(
                (lang, f"{prefix}/{name}", status.st_size, status.st_mtime_ns, status.st_ino)
            )
    return tuple(stamps)


@lru_cache(maxsize=4)
def _equivalents(
    project: Project, stamps: tuple[tuple[str, str, int, int, int], ...], keep: bool
) -> tuple[tuple[str, str, str], ...]:
    # Asked twice in one command (a status compares them, then its check uses them): the
    # second time, given as the first found them, if they are kept (not only found).
    asked = (str(project.root), project.config.target_langs, stamps)
    if _last is not None and _last[0] == asked:
        return _last[1]
    # What every catalog as it is gives, kept whole: a publish after a check, or a status,
    # reads neither every catalog's share nor combines them again.
    combined = _Combined.open(project, stamps)
    if combined.found is not None:
        _remember(asked, combined.found)
        return combined.found
    shares = _SharesByStamp.open(project)
    # The catalogs not known by their stamp are read on every core (a cold check reads all).
    missing = [(of, name, stamp) for of, name, *stamp in stamps if not shares.holds(name, stamp)]
    jobs = [(project, of, project.root / name, keep) for of, name, _ in missing]
    for (_, name, stamp), share in zip(missing, ordered_map(_share_job, jobs), strict=True):
        shares.put(name, stamp, share)
    found: list[tuple[str, str, str]] = []
    for lang in project.config.target_langs:
        mine = [shares.share(name) for of, name, *_ in stamps if of == lang]
        found += [(lang, acronym, form) for acronym, form in combine(s for s in mine if s)]
    if keep:
        shares.save(project, {name for _, name, *_ in stamps})
        combined.save(project, found)
        _remember(asked, tuple(found))
    return tuple(found)


_Asked = tuple[str, tuple[str, ...], tuple[tuple[str, str, int, int, int], ...]]
_last: tuple[_Asked, tuple[tuple[str, str, str], ...]] | None = None


def _remember(asked: _Asked, found: tuple[tuple[str, str, str], ...]) -> None:
    global _last
    _last = (asked, found)


class _Combined:
    """The equivalents of every catalog as it is (named by all their stamps), in one small
    file of the cache (``equivalents.json``)."""

    NAME = "equivalents.json"

    def __init__(self, key: str, found: tuple[tuple[str, str, str], ...] | None) -> None:
        self.key = key
        self.found = found

    @classmethod
    def open(cls, project: Project, stamps: Sequence[tuple[str, str, int, int, int]]) -> _Combined:
        named = json.dumps([code_fingerprint(), project.config.target_langs, stamps])
        key = hashlib.sha256(named.encode()).hexdigest()
        data = _read_kept(project, cls.NAME, key)
        try:
            found = tuple((str(a), str(b), str(c)) for a, b, c in data["found"]) if data else None
        except (TypeError, ValueError, KeyError):  # damaged: combined again
            found = None
        return cls(key, found)

    def save(self, project: Project, found: Sequence[tuple[str, str, str]]) -> None:
        _keep(project, self.NAME, {"key": self.key, "found": [list(item) for item in found]})


def _read_kept(project: Project, name: str, key: str) -> dict[str, Any] | None:
    """The JSON object kept in the cache file ``name`` under ``key`` (None: missing,
    damaged, or kept under another)."""
    try:
        data = json.loads((project.cache_dir / name).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def _keep(project: Project, name: str, data: dict[str, Any]) -> None:
    """Keep a JSON object in the cache file ``name`` (never failing: a cache)."""
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_cache(project.cache_dir / name, text.encode())


class _SharesByStamp:
    """Each catalog's share by its size, modification time and inode, in one file of the
    cache (``equivalents-by-stamp.json``): a run where few catalogs changed (one new release
    among thousands) reads only those, not every catalog's bytes to name its kept share."""

    NAME = "equivalents-by-stamp.json"

    def __init__(self, key: str, held: dict[str, list[object]]) -> None:
        self.key = key
        self.held = held
        self.changed = False

    @classmethod
    def open(cls, project: Project) -> _SharesByStamp:
        key = hashlib.sha256(f"{code_fingerprint()}|shares-by-stamp".encode()).hexdigest()
        data = _read_kept(project, cls.NAME, key)
        files = data.get("files") if data is not None else None
        return cls(key, files if isinstance(files, dict) else {})

    def holds(self, name: str, stamp: list[int]) -> bool:
        """Whether the share kept for catalog ``name`` is for the file as it is (its stamp)."""
        held = self.held.get(name)
        return isinstance(held, list) and len(held) == 4 and held[:3] == stamp

    def put(self, name: str, stamp: list[int], share: Counts | None) -> None:
        """Keep a catalog's share, read just now (none: unreadable, read again next time)."""
        if share is not None:
            self.held[name] = [*stamp, share]
            self.changed = True

    def share(self, name: str) -> Counts | None:
        """The share kept for catalog ``name`` (None: it could not be read)."""
        held = self.held.get(name)
        share: Counts | None = held[3] if isinstance(held, list) else None  # type: ignore[assignment]
        return share

    def save(self, project: Project, names: set[str]) -> None:
        """Keep the shares of the catalogs there are now (a removed catalog's goes)."""
        if self.held.keys() != names:
            self.held = {name: value for name, value in self.held.items() if name in names}
            self.changed = True
        if self.changed:
            _keep(project, self.NAME, {"key": self.key, "files": dict(sorted(self.held.items()))})
            self.changed = False


def _name(project: Project, path: Path) -> str:
    """Name a catalog relative to the project (a project moved keeps its cache)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _share_job(job: tuple[Project, str, Path, bool]) -> Counts | None:
    return _share(*job)


def _share(project: Project, lang: str, path: Path, keep: bool) -> Counts | None:
    try:
        data = catalog_bytes(path)
    except CatalogError:
        return None  # too large or unreadable: the check of its release says so
    if data is None:
        return None  # gone meanwhile
    key = hashlib.sha256(f"{code_fingerprint()}|{hashlib.sha256(data).hexdigest()}".encode())
    name = f"equivalents-{lang}"
    kept = findings_cache.load_data(project.root, path.name, name, key.hexdigest())
    if kept is not None:
        share: Counts = kept[0]
        return share
    try:
        catalog = read_po(data, path=str(path))
    except CatalogError:
        return None  # the check of its release reports it
    share = count((e.msgid, e.msgstr) for e in catalog.active if e.translated)
    if keep:
        findings_cache.store_data(project.root, path.name, name, key.hexdigest(), share)
    return share


def source_lang_of(project: Project, release: Release | ReleaseHead) -> str:
    """Give the language a release is written in (its own, or the project's)."""
    metadata = release.document.metadata if isinstance(release, Release) else release.metadata
    return metadata.lang or project.config.source_lang


def release_units(
    project: Project,
    release: Release | ReleaseHead,
    langs: Sequence[str],
    catalogs: Mapping[str, Catalog | None] | None = None,
) -> Iterator[tuple[str, list[Translation] | CatalogError]]:
    """Give each language's units of a release, in the order of ``langs``.

    A catalog in ``catalogs`` (one the caller has read already) is taken as it is; the others
    are read. A missing catalog gives the release's template; one that cannot be read, its
    error. Each language's copy of a source text is one object: findings about it in several
    languages keep (and pickle) it once.
    """
    catalogs = catalogs or {}
    source_lang = source_lang_of(project, release)
    read: Release | None = release if isinstance(release, Release) else None
    shared: dict[str, str] = {}
    for lang in langs:
        if lang in catalogs:
            catalog = catalogs[lang]
        else:
            try:
                catalog = read_catalog(project.catalog_path(lang, release.slug))
            except CatalogError as error:
                yield lang, error
                continue
        if catalog is None:
            # Segmented only when a catalog is missing.
            if read is None:
                assert isinstance(release, ReleaseHead)  # a Release is its own reading
                read = release.read(project)
            catalog = template(read)
        yield lang, translations(project, release.slug, source_lang, lang, catalog, shared)


def read_catalog(path: Path) -> Catalog | None:
    """Read a catalog as checking and publishing do (None: there is none), refusing one with a
    translation longer than any unit relay reads: checking it would cost minutes and
    gigabytes, and no source unit it translates can be that long."""
    catalog = load_catalog(path)
    for entry in catalog.entries if catalog is not None else ():
        if len(entry.msgstr) > MAX_UNIT_CHARS:
            raise CatalogError(
                f"a translation of {len(entry.msgstr)} characters, more than the"
                f" {MAX_UNIT_CHARS} relay reads",
                path=str(path),
            )
    return catalog


def translations(
    project: Project,
    slug: str,
    source_lang: str,
    lang: str,
    catalog: Catalog,
    shared: dict[str, str] | None = None,
) -> list[Translation]:
    """Give the active units of a catalog as checks see them, each with its place in the PO;
    ``shared`` gives equal source texts one object."""
    shared = {} if shared is None else shared
    path = project.catalog_path(lang, slug)
    relative = (
        path.relative_to(project.root).as_posix()
        if path.is_relative_to(project.root)
        else str(path)
    )
    lines = msgid_lines(path)
    found = []
    for entry in catalog.active:
        unit = entry.id or unit_id(entry.msgid, entry.context)
        line = lines.get(unit)
        found.append(
            Translation(
                slug=slug,
                lang=lang,
                source_lang=source_lang,
                unit=unit,
                source=shared.setdefault(entry.msgid, entry.msgid),
                target=entry.msgstr,
                fuzzy=entry.fuzzy,
                comments=entry.comments,
                location=f"{relative}:{line}" if line else relative,
                source_location=entry.locations[0] if entry.locations else "",
            )
        )
    return found


def msgid_lines(path: Path) -> dict[str, int]:
    """Map each unit id of a PO file to the line of its ``msgid``."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return {}
    lines: dict[str, int] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        # Most lines are neither: the prefix tests spare the pattern.
        match = _ID_COMMENT.match(line) if line.startswith("#.") else None
        if match:
            current = match.group(1)
        elif current and line.startswith("msgid "):
            lines.setdefault(current, number)
            current = None
    return lines
