"""Fuzzy lookups read a few posting lists instead of scoring every source in memory: they
find what scoring every source finds."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import write_po
from relay.memory import fuzzy
from relay.memory.fuzzy import similar
from relay.memory.index import MemoryIndex
from relay.memory.records import MemoryFile

WORDS = ["road", "safety", "Geneva", "transport", "minister", "said", "the", "of", "plan",
         "water", "report", "2024", "experts", "met", "in", "and"]  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(" ".join)


def _memory(folder: Path, sources: list[str]) -> MemoryFile:
    path = folder / "fr" / "2020-01-01-x.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [Entry(text, f"fr: {text}") for text in dict.fromkeys(sources)]
    path.write_bytes(write_po(Catalog({"Language": "fr"}, entries)))
    return MemoryFile("fr/2020-01-01-x.po", str(path), "po", "2020-01-01-x", "fr", "2020-01-01")


def _best_by_scoring_everything(query: str, sources: list[str], cutoff: float) -> float:
    scores = [fuzz.ratio(query, text) for text in set(sources) if text != query]
    return max([score for score in scores if score >= cutoff], default=0.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memory=st.lists(sentences, min_size=1, max_size=40), query=sentences, edit=st.booleans())
def test_the_best_match_is_the_one_scoring_every_source_finds(
    memory: list[str], query: str, edit: bool
) -> None:
    if edit:  # a source one word away from the query, as an edited sentence is
        memory = [*memory, query + " today"]
    with tempfile.TemporaryDirectory() as folder, MemoryIndex.open(None) as index:
        index.sync([_memory(Path(folder), memory)], source_lang="en", target_langs=["fr"])
        found = similar(index, query, "fr", cutoff=70.0, limit=1)
        expected = _best_by_scoring_everything(query, memory, 70.0)
        assert (found[0].score if found else 0.0) == pytest.approx(expected)


def test_with_no_budget_left_the_rarest_trigrams_still_find_an_edited_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every posting list over the budget, the LEAST rarest trigrams are still read: a
    sentence one word away shares most of them."""
    monkeypatch.setattr(fuzzy, "POSTINGS", 0)
    memory = [
        "Experts met in Geneva to review the road safety plan of 2024",
        *(f"The minister said the transport report {n} was in the plan" for n in range(30)),
    ]
    with MemoryIndex.open(None) as index:
        index.sync([_memory(tmp_path, memory)], source_lang="en", target_langs=["fr"])
        query = "Experts met in Geneva to review the water safety plan of 2024"
        [best] = similar(index, query, "fr", cutoff=70.0, limit=1)
        assert best.source == memory[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_lookups_made_at_once_on_every_core_are_the_ones_made_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """:func:`fuzzy.prefetch` (forked workers, each reading the index file through a connection
    of its own, when there are enough lookups) keeps for every source what a lookup of it
    alone finds, and :func:`similar` then answers from it."""
    monkeypatch.setenv("RELAY_WORKERS", workers)
    memory = [
        f"The {a} {b} said the {c} report of {n} was in the plan"
        for n, (a, b, c) in enumerate(
            (a, b, c) for a in WORDS[:6] for b in WORDS[6:11] for c in WORDS[11:]
        )
    ]
    queries = [f"The {a} {b} said the water report was in the plan" for a in WORDS[:6]
               for b in WORDS[6:12]]  # fmt: skip
    queries += ["nothing like anything in memory", *memory[:3]]
    assert len(queries) >= 24  # enough for workers (relay.runtime.workers.MIN_ITEMS)
    path = tmp_path / "memory.sqlite"
    with MemoryIndex.open(path) as index:
        index.sync([_memory(tmp_path, memory)], source_lang="en", target_langs=["fr"])
        one_by_one = {query: fuzzy._scored(index, query, 70.0) for query in queries}
        one_at_a_time = [similar(index, query, "fr", cutoff=70.0, limit=3) for query in queries]
        assert any(one_by_one.values()) and not all(one_by_one.values())
        index.lookups.clear()
        fuzzy.prefetch(index, [*queries, *queries[:5]], 70.0)
        assert {query: index.lookups.get((query, 70.0)) for query in queries} == one_by_one
        assert [similar(index, q, "fr", cutoff=70.0, limit=3) for q in queries] == one_at_a_time
    assert not fuzzy._readers  # the index's own connection is not kept for later


def test_lookups_made_at_once_stop_at_what_the_index_keeps(tmp_path: Path) -> None:
    """Asked for more lookups than the index keeps, :func:`fuzzy.prefetch` makes only those it
    keeps; the others are made when asked for, and are the same."""
    memory = [f"The minister said the transport report {n} was in the plan" for n in range(40)]
    with MemoryIndex.open(tmp_path / "memory.sqlite") as index:
        index.sync([_memory(tmp_path, memory)], source_lang="en", target_langs=["fr"])
        index.lookups.budget = 3 * (fuzzy.CANDIDATES + 1)
        queries = [f"The minister said the water report {n} was in the plan" for n in range(8)]
        fuzzy.prefetch(index, queries, 70.0)
        assert len(index.lookups) == 3
        assert [index.lookups.get((q, 70.0)) is not None for q in queries] == [True] * 3 + [
            False
        ] * 5
        prefetched = index.lookups.get((queries[0], 70.0))
        index.lookups.clear()
        assert fuzzy._scored(index, queries[0], 70.0) == prefetched
