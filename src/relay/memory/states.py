"""The revision states memory has seen on translations that their catalogs no longer show.

Takes a catalog before and after relay rewrote it (an import, a typography fix); gives the
revision steps the rewrite took away, and keeps them in ``locales/memory/states.json``
(committed with the catalogs), so that memory remembers the best state a translation has
reached: an approval reset when the translator marked the unit for review, an approved version
replaced by a new one while another release still uses it. The catalogs show the states they
hold; this file only what they lost, so that the two together are every state seen.

It never offers a translation (memory's translations are the catalogs' and imported TMX): it
only says how far a translation memory already holds went. The file is JSON, one state a line,
sorted, so that a run changes only the lines of what it recorded:

.. code-block:: json

    {
      "format": "relay memory states",
      "version": 1,
      "states": [
        {"lang": "fr", "source": "Water for all.", "target": "De l’eau pour tous.",
         "state": "approved", "by": "Olga Sidorova", "on": "2026-12-06",
         "origin": "2014-03-12-water-cooperation#a000000002"}
      ]
    }

``source`` and ``target`` are coded text as in the catalogs; ``by`` and ``on`` are who took
the step and when (empty when the step did not say); ``origin`` the release and unit it was
seen on. A translation appears once per language: at its best state, and of the steps that
reached it, the earliest (then by name and origin), so that the file is the same whatever
order the states were recorded in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from relay.catalogs.catalog import Catalog, level_rank, review_of, unit_id
from relay.core.errors import CatalogError
from relay.core.project import Project
from relay.memory.records import MEMORY_FOLDER
from relay.runtime.files import write_atomic

FILE = "states.json"
FORMAT = "relay memory states"
VERSION = 1
STATES = ("revised", "approved")
_FIELDS = ("lang", "source", "target", "state", "by", "on", "origin")


@dataclass(frozen=True)
class Seen:
    """A translation seen at a revision state: language, source, target, state, who, when,
    and the release and unit (``release#unit``) it was seen on."""

    lang: str
    source: str
    target: str
    state: str  # "revised" or "approved"
    by: str = ""
    on: str = ""
    origin: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.lang, self.source, self.target)


def states_path(project: Project) -> Path:
    """Where the states memory has seen are kept (committed, beside imported TMX)."""
    return project.locales_dir / MEMORY_FOLDER / FILE


def steps_of(catalog: Catalog, *, lang: str, slug: str) -> dict[tuple[str, str, str], Seen]:
    """The revised and approved translations of a catalog (obsolete entries too), each with
    the step that took it there."""
    found: dict[tuple[str, str, str], Seen] = {}
    for entry in catalog.entries:
        level = entry.level
        if level not in STATES or not entry.msgid:
            continue
        review = review_of(entry.comments)  # the step at that level: the last one
        by, on = (review.by, review.on) if review is not None else ("", "")
        unit = entry.id or unit_id(entry.msgid, entry.context)
        seen = Seen(lang, entry.msgid, entry.msgstr, level, by, on, f"{slug}#{unit}")
        found[seen.key] = better(found.get(seen.key), seen)
    return found


def dropped(old: Catalog | None, new: Catalog, *, lang: str, slug: str) -> list[Seen]:
    """The revision states ``old`` held that ``new`` no longer does (a translation gone, or
    left at a lower state), in a stable order."""
    if old is None:
        return []
    before = steps_of(old, lang=lang, slug=slug)
    if not before:
        return []
    after = steps_of(new, lang=lang, slug=slug)
    lost = [
        seen
        for key, seen in before.items()
        if key not in after or level_rank(after[key].state) < level_rank(seen.state)
    ]
    return sorted(lost, key=_order)


def better(old: Seen | None, new: Seen) -> Seen:
    """The one of two states of a translation memory keeps: the higher; of equal ones, the
    earliest step (a step with no day after any dated one), then by name and origin."""
    if old is None:
        return new
    return min(old, new, key=lambda seen: (-level_rank(seen.state), seen.on or "~", *_order(seen)))


def combine(known: Iterable[Seen], found: Iterable[Seen]) -> list[Seen]:
    """Every translation once, at the best state either list holds, in the file's order."""
    best: dict[tuple[str, str, str], Seen] = {}
    for seen in (*known, *found):
        best[seen.key] = better(best.get(seen.key), seen)
    return sorted(best.values(), key=_order)


def _order(seen: Seen) -> tuple[str, ...]:
    return (seen.lang, seen.source, seen.target, seen.state, seen.by, seen.on, seen.origin)


def write(states: Sequence[Seen]) -> bytes:
    """The file's bytes: a header, then one state a line (no clock: same states, same bytes)."""
    lines = [
        json.dumps({name: getattr(seen, name) for name in _FIELDS}, ensure_ascii=False)
        for seen in states
    ]
    body = ",\n".join(f"    {line}" for line in lines)
    head = f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "states": ['
    text = f"{head}\n{body}\n  ]\n}}\n" if lines else f"{head}]\n}}\n"
    return text.encode("utf-8")


def read(data: bytes, *, path: str) -> list[Seen]:
    """Read the file; a file relay cannot read is a :class:`CatalogError` naming it and the
    state at fault (it is never replaced then: what it holds would be lost)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CatalogError(f"not a states file relay can read: {error}", path=path) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CatalogError(f'not a states file (its "format" is not "{FORMAT}")', path=path)
    if document.get("version") != VERSION:
        raise CatalogError(
            f"a states file of version {document.get('version')!r}; this relay reads {VERSION}",
            path=path,
            hint="Use the relay that wrote it, or a newer one.",
        )
    items = document.get("states")
    if not isinstance(items, list):
        raise CatalogError('its "states" is not a list', path=path)
    found = []
    for number, item in enumerate(items, start=1):
        values = item if isinstance(item, dict) else {}
        if not all(isinstance(values.get(name, ""), str) for name in _FIELDS) or not all(
            values.get(name) for name in ("lang", "source", "target")
        ):
            raise CatalogError(f"state {number} is not a translation with its state", path=path)
        if values["state"] not in STATES:
            raise CatalogError(
                f"state {number}: {values['state']!r} is not revised or approved", path=path
            )
        found.append(Seen(*(values.get(name, "") for name in _FIELDS)))
    return found


def load(project: Project) -> list[Seen]:
    """The states the project's file holds (none when there is no file)."""
    path = states_path(project)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise CatalogError(f"cannot be read: {error.strerror}", path=str(path)) from None
    return read(data, path=_shown(project, path))


def record(project: Project, found: Sequence[Seen], *, known: Sequence[Seen] | None = None) -> bool:
    """Add states to the project's file (written only when it changes); give whether it was.

    ``known`` is what the file held, when the caller has read it already (under the project
    lock). Raises :class:`CatalogError` when the file exists but cannot be read: it is left as
    it is (a caller that writes catalogs reads it first, with :func:`load`, and stops there).
    """
    if not found:
        return False
    states = combine(load(project) if known is None else known, found)
    return write_atomic(states_path(project), write(states))


def _shown(project: Project, path: Path) -> str:
    return (
        path.relative_to(project.root).as_posix()
        if path.is_relative_to(project.root)
        else str(path)
    )
