"""Fuzzy lookups: the sources in memory most like a new one, scored with rapidfuzz.

Takes an open index, a source text and a language; gives the similar sources that have a
translation in that language, best first, with their score and translations. Candidates come
from the rarest trigrams of the query (a few short posting lists in the FTS5 index, read up
to a budget), never from a scan of the whole memory; rapidfuzz's ``ratio`` (the one
:mod:`relay.catalogs.update` uses for source revisions) scores them. Every order is by content
(score, text, key), so the answer does not depend on the order in which the index was built.

:func:`prefetch` scores many sources at once, on every core: counting the posting lists is
most of a lookup's time, and a new release asks dozens. Each worker reads the index through a
connection of its own (threads would not do: SQLite's allocator serializes them). What it
finds is what :func:`similar` would have found one by one, kept where :func:`similar` looks.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from relay.memory import grams
from relay.memory.index import MemoryIndex, Stored
from relay.runtime.workers import ordered_map

PICKED = 12  # trigrams asked for per lookup
# Posting-list entries a lookup reads, beyond those of its LEAST rarest trigrams: in a memory
# of many near-identical sentences even a text's rarest trigrams are in thousands of sources.
# Measured on the benchmark's 2,000-release memory (69,000 sources): lookups 2.8x faster, the
# same three best matches for 79 of 80 sentences (the 80th: its best at 90.0 instead of 90.9).
POSTINGS = 20_000
LEAST = 4
CANDIDATES = 400  # sources read and scored per lookup, at most


@dataclass(frozen=True)
class Similar:
    """A source in memory like the one looked up, its score (0-100) and its translations."""

    source: str
    score: float
    translations: tuple[Stored, ...]


def similar(
    index: MemoryIndex, source: str, lang: str, *, cutoff: float, limit: int = 3
) -> list[Similar]:
    """Give up to ``limit`` sources scoring at least ``cutoff`` (identical ones excluded)."""
    found: list[Similar] = []
    for score, text in _scored(index, source, cutoff):
        translations = tuple(index.exact(text, lang))
        if translations:
            found.append(Similar(text, score, translations))
            if len(found) == limit:
                break
    return found


def _scored(index: MemoryIndex, source: str, cutoff: float) -> list[tuple[float, str]]:
    """Score the candidates for ``source``, in any language; kept until the index changes."""
    key = (source, cutoff)
    cached = index.lookups.get(key)
    if cached is not None:
        return cached
    scored = _score(index.db, source, cutoff)
    index.lookups.put(key, scored)
    return scored


def prefetch(index: MemoryIndex, sources: Iterable[str], cutoff: float) -> None:
    """Score every source of ``sources`` not scored yet, as :func:`similar` would one by one,
    on every core (:func:`relay.runtime.workers.ordered_map`), and keep what is found for it:
    as many as the index keeps at once (each keeps up to :data:`CANDIDATES`); the rest are
    scored when asked for."""
    todo = [text for text in dict.fromkeys(sources) if index.lookups.get((text, cutoff)) is None]
    todo = todo[: max(0, index.lookups.budget // (CANDIDATES + 1))]
    file = index.file
    if file is None:  # an index in memory: only its own connection reads it
        for text in todo:
            _scored(index, text, cutoff)
        return
    # Run here, the lookups read through the index's own connection; in a worker, through
    # one the worker opens (never one it inherited).
    _readers[file] = (os.getpid(), index.db)
    try:
        found = ordered_map(_score_in, [(file, text, cutoff) for text in todo])
        for text, scored in zip(todo, found, strict=True):
            index.lookups.put((text, cutoff), scored)
    finally:
        _readers.pop(file, None)


# A connection to each index file, and the process that opened it.
_readers: dict[str, tuple[int, sqlite3.Connection]] = {}


def _score_in(job: tuple[str, str, float]) -> list[tuple[float, str]]:
    """:func:`_score` for one source, read from the index in a file (a worker's job)."""
    file, source, cutoff = job
    held = _readers.get(file)
    if held is None or held[0] != os.getpid():
        held = (os.getpid(), MemoryIndex.reader(file))
        _readers[file] = held
    return _score(held[1], source, cutoff)


def _score(db: sqlite3.Connection, source: str, cutoff: float) -> list[tuple[float, str]]:
    """Score the candidates for ``source`` read through ``db``, best first."""
    keys = _candidates(db, source)
    low, high = _length_window(len(source), cutoff)
    scored: list[tuple[float, str]] = []
    if keys:
        rows = db.execute(
            f"SELECT text FROM sources WHERE id IN ({','.join('?' * len(keys))}) "
            "AND length BETWEEN ? AND ?",
            (*keys, low, high),
        )
        for (text,) in rows:
            score = fuzz.ratio(source, text, score_cutoff=cutoff)
            if score and text != source:
                scored.append((score, text))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def _candidates(db: sqlite3.Connection, source: str) -> list[int]:
    """Give the keys of the sources sharing most of the query's picked trigrams.

    SQLite reads the posting lists and counts; ties are broken by key, which is made from
    the text, so the cut does not depend on how the index was built.
    """
    distinct = sorted(grams.trigrams(source))
    if not distinct:
        return []
    frequencies = dict(
        db.execute(
            f"SELECT gram, df FROM gram_counts WHERE gram IN ({','.join('?' * len(distinct))})",
            distinct,
        ).fetchall()
    )
    picked = grams.pick(source, frequencies, count=PICKED, budget=POSTINGS, least=LEAST)
    if not picked:
        return []
    postings = " UNION ALL ".join(
        "SELECT rowid AS key FROM source_grams WHERE source_grams MATCH ?" for _ in picked
    )
    rows = db.execute(
        f"SELECT key FROM ({postings}) GROUP BY key ORDER BY COUNT(*) DESC, key LIMIT ?",
        (*(grams.quoted(gram) for gram in picked), CANDIDATES),
    )
    return [key for (key,) in rows]


def _length_window(length: int, cutoff: float) -> tuple[int, int]:
    """Lengths a text can have and still reach ``cutoff`` against one of ``length``.

    ``ratio`` is at most 2·min/(a+b), so b must lie between a·c/(200-c) and a·(200-c)/c.

    >>> _length_window(100, 75.0)
    (60, 167)
    """
    cutoff = max(cutoff, 1.0)
    low = int(length * cutoff / (200 - cutoff))
    high = int(length * (200 - cutoff) / cutoff) + 1
    return low, high
