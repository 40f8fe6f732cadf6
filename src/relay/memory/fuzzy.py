"""Fuzzy lookups: the sources in memory most like a new one, scored with rapidfuzz.

Takes an open index, a source text and a language; gives the similar sources that have a
translation in that language, best first, with their score and translations. Candidates come
from the rarest trigrams of the query (a few short posting lists in the FTS5 index, read up
to a budget), never from a scan of the whole memory; rapidfuzz's ``ratio`` (the one
:mod:`relay.catalogs.update` uses for source revisions) scores them. Every order is by content
(score, text, key), so the answer does not depend on the order in which the index was built.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from relay.memory import grams
from relay.memory.index import MemoryIndex, Stored

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
    keys = _candidates(index, source)
    low, high = _length_window(len(source), cutoff)
    scored: list[tuple[float, str]] = []
    if keys:
        rows = index.db.execute(
            f"SELECT text FROM sources WHERE id IN ({','.join('?' * len(keys))}) "
            "AND length BETWEEN ? AND ?",
            (*keys, low, high),
        )
        for (text,) in rows:
            score = fuzz.ratio(source, text, score_cutoff=cutoff)
            if score and text != source:
                scored.append((score, text))
    scored.sort(key=lambda item: (-item[0], item[1]))
    index.lookups.put(key, scored)
    return scored


def _candidates(index: MemoryIndex, source: str) -> list[int]:
    """Give the keys of the sources sharing most of the query's picked trigrams.

    SQLite reads the posting lists and counts; ties are broken by key, which is made from
    the text, so the cut does not depend on how the index was built.
    """
    distinct = sorted(grams.trigrams(source))
    if not distinct:
        return []
    frequencies = dict(
        index.db.execute(
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
    rows = index.db.execute(
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
