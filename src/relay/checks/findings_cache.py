"""Keep the unit checks' findings of each catalog, so that publishing after a check, or a
second check, does not run the checks again on translations that have not changed.

Takes a key that names everything the findings were made from (every unit as the checks see
it, the glossary, relay's own code: :func:`key_of`) and gives back the findings made from
exactly that, or None. One JSON file per catalog in ``.relay-cache/findings/``, replaced when
the catalog changes; as for every cache of relay's, a missing, foreign or damaged file is a
miss and deleting the folder changes no output. Severities and suppressions are not kept:
they are applied after, from the configuration and the catalog of the run.

:func:`load_data` and :func:`store_data` keep any JSON data the same way, under a key the caller
makes, with parts of bytes read only when asked for (:mod:`relay.checks.check_state` keeps what
checking a whole release gave).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from relay.checks import Context, Finding, Translation
from relay.core.project import CACHE_FOLDER
from relay.runtime.code_identity import code_fingerprint
from relay.runtime.files import write_cache

FOLDER = Path(CACHE_FOLDER) / "findings"
FORMAT = 2
_FIELDS = (
    "check", "severity", "slug", "lang", "unit", "source", "target", "message", "location",
    "source_location",
)  # fmt: skip


_TEXT_FIELDS = (_FIELDS.index("source"), _FIELDS.index("target"))


def key_of(items: Sequence[Translation], context: Context) -> str:
    """Name what a catalog's findings are made from: each unit whole, glossary, relay's code."""
    digest = hashlib.sha256(f"{FORMAT}|{code_fingerprint()}|{context!r}".encode())
    for item in items:
        digest.update(repr(item).encode())
    return digest.hexdigest()


def _path(root: Path, slug: str, lang: str) -> Path:
    name = hashlib.sha256(f"{slug}\0{lang}".encode()).hexdigest()[:32]
    return root / FOLDER / f"{name}.json"


def load(root: Path, slug: str, lang: str, key: str) -> list[Finding] | None:
    """Give the findings kept for this catalog if they were made from what ``key`` names."""
    try:
        data = json.loads(_path(root, slug, lang).read_bytes())
        if data["key"] != key:
            return None
        texts = data["texts"]
        found = []
        for row in data["findings"]:
            fields = dict(zip(_FIELDS, row, strict=True))
            fields["source"], fields["target"] = texts[fields["source"]], texts[fields["target"]]
            found.append(Finding(**fields))
        return found
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store(root: Path, slug: str, lang: str, key: str, findings: list[Finding]) -> None:
    """Keep a catalog's findings (atomically; losing them only costs time)."""
    # A unit's texts are kept once, however many findings it has: a long translation with
    # thousands of findings would otherwise be written thousands of times.
    texts: dict[str, int] = {}
    rows = []
    for finding in findings:
        row: list[object] = [getattr(finding, name) for name in _FIELDS]
        for at in _TEXT_FIELDS:
            row[at] = texts.setdefault(row[at], len(texts))  # type: ignore[arg-type]
        rows.append(row)
    data = json.dumps(
        {"key": key, "texts": list(texts), "findings": rows}, ensure_ascii=False
    ).encode()
    write_cache(_path(root, slug, lang), data)


def load_data(root: Path, slug: str, name: str, key: str) -> tuple[Any, list[bytes]] | None:
    """Give the data and parts kept under ``name`` for a release, if kept under ``key``."""
    try:
        data = _path(root, slug, name).read_bytes()
        end = data.index(b"\n")
        head = json.loads(data[:end])
        if head["key"] != key:
            return None
        parts, start = [], end + 1
        for size in head["sizes"]:
            parts.append(data[start : start + size])
            start += size
        if start != len(data) or head["sha256"] != _digest(parts):
            return None
        return head["data"], parts
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_data(
    root: Path, slug: str, name: str, key: str, data: Any, parts: Sequence[bytes] = ()
) -> None:
    """Keep JSON-ready data and parts of bytes under ``name`` for a release (as :func:`store`
    keeps findings): a line of JSON, then the parts."""
    sizes = [len(part) for part in parts]
    head = {"key": key, "data": data, "sizes": sizes, "sha256": _digest(parts)}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    write_cache(_path(root, slug, name), b"".join([text.encode(), b"\n", *parts]))


def _digest(parts: Sequence[bytes]) -> str:
    """Name the bytes of parts (a damaged file is a miss, never a report cut short)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()
