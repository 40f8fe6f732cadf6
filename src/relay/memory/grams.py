"""Character trigrams: what the fuzzy index stores, and which of them a lookup asks for.

Takes texts; gives their trigrams, or the few rare, spread-out trigrams of a query that find
its likely matches without reading the posting lists of common ones (``" th"``, ``"the"``).
The trigrams are exactly those of SQLite's FTS5 ``trigram`` tokenizer with
``case_sensitive 1``: every run of three characters, spaces and punctuation included.
"""

from __future__ import annotations

from collections.abc import Mapping

N = 3


def trigrams(text: str) -> set[str]:
    """Give the distinct trigrams of a text.

    >>> sorted(trigrams("Fax: 1"))
    [': 1', 'Fax', 'ax:', 'x: ']
    """
    return {text[i : i + N] for i in range(len(text) - N + 1)}


def positioned(text: str) -> list[tuple[int, str]]:
    """Give each trigram with where it starts."""
    return [(i, text[i : i + N]) for i in range(len(text) - N + 1)]


def pick(
    text: str,
    frequencies: Mapping[str, int],
    *,
    count: int,
    budget: int | None = None,
    least: int = 1,
) -> list[str]:
    """Choose up to ``count`` trigrams of ``text`` that occur in memory, rarest first, spread out.

    Rare trigrams have short posting lists, so a lookup reads little; choosing them far
    apart means one edited word cannot hide a match. Ties go to the earlier position, so the
    choice depends on nothing but the text and the memory's contents. With a ``budget``, once
    ``least`` trigrams are chosen, no trigram is added that would make their posting lists
    longer than ``budget`` in all: in a memory where even the rarest trigrams of a text are
    common (thousands of near-identical sentences), those lists are what a lookup costs, and
    they grow with the memory.

    >>> pick("abcdef", {"abc": 5, "bcd": 1, "cde": 9, "def": 2}, count=2)
    ['bcd']
    >>> pick("abcdefg", {"abc": 5, "bcd": 1, "efg": 2}, count=2)
    ['bcd', 'efg']
    >>> pick("abcdefghi", {"abc": 5, "def": 4, "ghi": 3}, count=3, budget=8, least=1)
    ['ghi', 'def']
    >>> pick("abcdefghi", {"abc": 5, "def": 4, "ghi": 3}, count=3, budget=2, least=2)
    ['ghi', 'def']
    """
    ranked = sorted(
        (frequencies[gram], position, gram)
        for position, gram in positioned(text)
        if frequencies.get(gram, 0) > 0
    )
    chosen: list[tuple[int, str]] = []
    seen: set[str] = set()
    postings = 0
    for frequency, position, gram in ranked:
        if len(chosen) == count:
            break
        if gram in seen or any(abs(position - other) < N for other, _ in chosen):
            continue
        if budget is not None and len(chosen) >= least and postings + frequency > budget:
            break  # every trigram left is at least as common
        chosen.append((position, gram))
        seen.add(gram)
        postings += frequency
    return [gram for _, gram in chosen]


def quoted(gram: str) -> str:
    """Quote a trigram as an FTS5 string (a double quote is written twice).

    >>> quoted('a"b')
    '"a""b"'
    """
    return '"' + gram.replace('"', '""') + '"'
