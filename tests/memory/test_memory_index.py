"""The memory index: built from the catalogs, kept in step with them, safe to delete."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relay.catalogs.catalog import Catalog, Entry, fingerprint
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.memory.filling import suggest
from relay.memory.fuzzy import similar
from relay.memory.index import MemoryIndex
from relay.memory.records import MemoryFile
from relay.memory.store import memory_files, memory_path, open_memory
from relay.sources.discovery import discover

SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
ROAD = "2015-10-05-road-safety"
TEL = "Tel.: +41 (0) 22 917 44 44"
REVIEW = (
    "The Review contained a recommendation that encouraged the authorities to continue their "
    "efforts to reach the regions with their innovation support initiatives."
)


def index_of(root: Path) -> tuple[MemoryIndex, object]:
    return open_memory(open_project(root))


def edit_translation(root: Path, lang: str, slug: str, msgid: str, msgstr: str) -> None:
    path = root / "locales" / lang / f"{slug}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [
        entry.with_(msgstr=msgstr) if entry.msgid == msgid else entry for entry in catalog
    ]
    path.write_bytes(write_po(catalog))


def test_index_is_built_from_every_catalog(sample_project: Path) -> None:
    index, synced = index_of(sample_project)
    with index:
        assert len(synced.read) == 6 and not synced.errors
        expected = {
            lang: sum(
                entry.msgstr != "" and not entry.fuzzy
                for path in (sample_project / "locales" / lang).glob("*.po")
                for entry in load_catalog(path) or []
            )
            for lang in ("fr", "ru")
        }
        assert index.counts_by_lang() == expected and expected["fr"] > 70
        [tel] = {item.target for item in index.exact(TEL, "fr")}
        assert tel == "Tél.\u00a0: +41 (0) 22 917 44 44"
    assert memory_path(open_project(sample_project)).is_file()


def test_exact_lookup_gives_most_recent_origin_per_role(sample_project: Path) -> None:
    index, _ = index_of(sample_project)
    with index:
        found = index.exact(TEL, "fr")
    assert [(item.origin, item.role) for item in found] == [
        (ROAD, "paragraph"),
        (SEED, "paragraph in contact block"),
    ]
    assert found[0].uses == 2  # water cooperation and road safety, both paragraphs


def test_second_sync_reads_nothing_and_a_touched_file_is_not_reparsed(
    sample_project: Path,
) -> None:
    index_of(sample_project)[0].close()
    path = sample_project / "locales" / "fr" / f"{SEED}.po"
    os.utime(path, ns=(1, 1))  # same bytes, new time: hashed, not parsed
    index, synced = index_of(sample_project)
    with index:
        assert synced.read == [] and synced.unchanged == 6


def test_a_changed_catalog_is_read_again_alone(sample_project: Path) -> None:
    index_of(sample_project)[0].close()
    edit_translation(sample_project, "fr", SEED, REVIEW, "L’Examen recommandait …")
    index, synced = index_of(sample_project)
    with index:
        assert synced.read == [f"locales/fr/{SEED}.po"]
        assert [item.target for item in index.exact(REVIEW, "fr")] == ["L’Examen recommandait …"]


def test_a_removed_catalog_takes_its_memory_with_it(sample_project: Path) -> None:
    index_of(sample_project)[0].close()
    (sample_project / "locales" / "fr" / f"{SEED}.po").unlink()
    index, synced = index_of(sample_project)
    with index:
        assert synced.removed == [f"locales/fr/{SEED}.po"]
        assert index.exact(REVIEW, "fr") == []
        assert index.exact(REVIEW, "ru") != []
        assert [item.origin for item in index.exact(TEL, "fr")] == [ROAD]
        # The source text is gone from the fuzzy index too when no language uses it.
        assert similar(index, REVIEW[:-1], "fr", cutoff=75) == []


def test_deleting_the_index_loses_nothing(sample_project: Path) -> None:
    index, _ = index_of(sample_project)
    with index:
        before = list(index.records())
    edit_translation(sample_project, "ru", WATER, "The stakes are high.", "Ставки высоки!")
    index, _ = index_of(sample_project)
    with index:
        incremental = list(index.records())
        incremental_similar = similar(index, "The stakes are very high.", "ru", cutoff=60)
    project = open_project(sample_project)
    for path in memory_path(project).parent.iterdir():
        path.unlink()
    index, synced = index_of(sample_project)
    with index:
        assert len(synced.read) == 6
        assert list(index.records()) == incremental != before
        assert similar(index, "The stakes are very high.", "ru", cutoff=60) == incremental_similar


def test_a_damaged_index_is_rebuilt(sample_project: Path) -> None:
    path = memory_path(open_project(sample_project))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    index, synced = index_of(sample_project)
    with index:
        assert len(synced.read) == 6 and index.exact(TEL, "fr")


def test_fuzzy_lookup_finds_the_closest_source(sample_project: Path) -> None:
    index, _ = index_of(sample_project)
    with index:
        [found] = similar(index, REVIEW.replace("encouraged", "urged"), "fr", cutoff=75)
        assert found.source == REVIEW and 90 < found.score < 100
        assert found.translations[0].origin == SEED
        assert similar(index, "Something else entirely, about fisheries.", "fr", cutoff=75) == []
        assert similar(index, REVIEW, "fr", cutoff=75) == []  # identical is exact, not fuzzy


def test_conflicting_translations_offer_the_most_recent_as_fuzzy(sample_project: Path) -> None:
    edit_translation(sample_project, "fr", ROAD, TEL, "Téléphone : +41 (0) 22 917 44 44")
    index, _ = index_of(sample_project)
    with index:
        offer = suggest(index, TEL, lang="fr", role="paragraph", similarity=75)
        assert offer is not None and offer.conflict and offer.fuzzy
        assert (offer.origin, offer.target) == (ROAD, "Téléphone : +41 (0) 22 917 44 44")
        assert offer.how == "exact, conflict: 2 translations"
        # In the contact block, only the seed's translation was ever used: no conflict.
        block = suggest(index, TEL, lang="fr", role="paragraph in contact block", similarity=75)
        assert block is not None and not block.conflict and not block.fuzzy
        assert block.origin == SEED


def test_most_recent_is_by_release_date_not_file_time(sample_project: Path) -> None:
    edit_translation(sample_project, "fr", WATER, TEL, "Tél. (eau)")
    edit_translation(sample_project, "fr", ROAD, TEL, "Tél. (route)")
    water = sample_project / "locales" / "fr" / f"{WATER}.po"
    os.utime(water, ns=(4_000_000_000 * 10**9, 4_000_000_000 * 10**9))  # far in the future
    index, _ = index_of(sample_project)
    with index:
        offer = suggest(index, TEL, lang="fr", role="paragraph", similarity=75)
    assert offer is not None and offer.target == "Tél. (route)"


def test_memory_files_are_the_target_catalogs_and_imported_tmx(sample_project: Path) -> None:
    project = open_project(sample_project)
    (sample_project / "locales" / "memory").mkdir()
    (sample_project / "locales" / "memory" / "agency.tmx").write_text("<tmx/>")
    files = memory_files(project, discover(project).releases)
    assert [file.name for file in files][-1] == "locales/memory/agency.tmx"
    seed = next(file for file in files if file.origin == SEED and file.lang == "fr")
    assert seed == MemoryFile(
        f"locales/fr/{SEED}.po",
        str(sample_project / "locales" / "fr" / f"{SEED}.po"),
        "po",
        SEED,
        "fr",
        "2013-04-23",
    )


def test_memory_files_leave_out_the_catalogs_known_to_hold_no_memory(
    sample_project: Path,
) -> None:
    """The catalogs a cache knows to hold no approved translation (path objects, as
    :func:`catalogs_without_memory` gives them) are left out of the files memory lists (named
    by strings): no other file is, and each one named is."""
    project = open_project(sample_project)
    releases = discover(project).releases
    every = memory_files(project, releases)
    without = {project.catalog_path("fr", SEED), project.catalog_path("ru", SEED)}
    assert all(path.is_file() for path in without)
    fewer = memory_files(project, releases, without=without)
    assert [file.path for file in fewer] == [
        file.path for file in every if Path(file.path) not in without
    ]
    assert len(fewer) == len(every) - 2


def test_fuzzy_entries_are_not_memory(tmp_path: Path) -> None:
    path = tmp_path / "fr" / "2020-01-01-x.po"
    path.parent.mkdir()
    catalog = Catalog(
        {"Language": "fr"},
        [
            Entry("Approved.", "Approuvé.", notes=("paragraph (block 1)",)),
            Entry("Suggested.", "Suggéré.", fuzzy=True),
            Entry("Cut.", "Coupé.", obsolete=True),
        ],
    )
    path.write_bytes(write_po(catalog))
    file = MemoryFile("fr/2020-01-01-x.po", str(path), "po", "2020-01-01-x", "fr", "2020-01-01")
    with MemoryIndex.open(None) as index:
        index.sync([file], source_lang="en", target_langs=["fr"])
        assert [item.role for item in index.exact("Approved.", "fr")] == ["paragraph"]
        assert index.exact("Suggested.", "fr") == []
        assert [item.role for item in index.exact("Cut.", "fr")] == [""]


def test_a_cache_that_cannot_be_written_is_kept_in_memory(sample_project: Path) -> None:
    (sample_project / ".relay-cache").write_text("a file where the cache folder should be")
    index, synced = index_of(sample_project)
    with index:
        assert len(synced.read) == 6 and index.exact(TEL, "fr")


def test_a_sync_remembering_few_source_keys_builds_the_same_index(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync forgets the keys of source texts past a bound (its memory stays flat): the
    index it builds, first and after a change, is the one remembering every key builds."""
    import shutil

    from relay.memory import index as index_module

    other = tmp_path / "other"
    shutil.copytree(sample_project, other)
    made = []
    for root, bound in ((sample_project, index_module._KNOWN_IDS), (other, 1)):
        monkeypatch.setattr(index_module, "_KNOWN_IDS", bound)
        index_of(root)[0].close()
        edit_translation(root, "ru", WATER, "The stakes are high.", "Ставки высоки!")
        index, _ = index_of(root)
        with index:
            made.append((list(index.records()), similar(index, REVIEW[:-1], "fr", cutoff=75)))
            # The lookups run with their own settings again after the sync.
            assert index.db.execute("PRAGMA cache_size").fetchone() == (-16384,)
            assert index.db.execute("PRAGMA temp_store").fetchone() == (2,)
    assert made[0] == made[1] and made[0][0]


# Few texts, so that files share sources, translations and roles, and ranks tie.
_TEXTS = ("One.", "Two.", "Three.")
_TARGETS = ("Un.", "Deux.", "Autre.")


def _best_rows(index: MemoryIndex) -> list[list[tuple[object, ...]]]:
    """The units and the best rows as content: what a lookup reads (the keys left out)."""
    return [
        sorted(index.db.execute(query).fetchall())
        for query in (
            "SELECT f.name, s.text, u.lang, u.target, u.role, u.rank, u.level FROM units u "
            "JOIN files f ON f.id = u.file JOIN sources s ON s.id = u.source",
            "SELECT s.text, b.lang, b.role, u.target, u.rank, b.uses, b.level FROM best b "
            "JOIN sources s ON s.id = b.source JOIN units u ON u.id = b.unit",
        )
    ]


_entry = st.tuples(
    st.sampled_from(_TEXTS),
    st.sampled_from(_TARGETS),
    st.sampled_from(("paragraph", "title")),
    st.sampled_from(("", "revised", "approved")),
)
# Each step writes (or, with None, removes) some of six catalogs, dated so that some tie;
# writing one not written before adds units and loses none (the merged rows).
_step = st.dictionaries(
    st.integers(0, 5),
    st.none() | st.tuples(st.sampled_from(("2020-01-01", "2021-01-01")), st.lists(_entry)),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(_step, min_size=1, max_size=6))
def test_best_rows_kept_in_step_are_the_rows_a_rebuild_chooses(
    tmp_path_factory: pytest.TempPathFactory, steps: list[dict[int, object]]
) -> None:
    """After each sync, the units (a file read again keeps those it still has) and the best
    rows (merged from new units where no unit was lost, chosen again from every unit where
    one was) equal those of an index built from the same files."""
    folder = tmp_path_factory.mktemp("memory")
    files: dict[int, MemoryFile] = {}
    with MemoryIndex.open(folder / "kept.sqlite") as kept:
        for number, step in enumerate(steps):
            for slot, content in step.items():
                path = folder / f"{slot}.po"
                if content is None:
                    path.unlink(missing_ok=True)
                    files.pop(slot, None)
                    continue
                date, entries = content  # type: ignore[misc]
                catalog = Catalog(
                    {"Language": "fr"},
                    [
                        Entry(
                            source,
                            target,
                            context=f"u{position}",
                            notes=(f"{role} (block {position})",),
                            comments=(
                                (f"relay-state: {level} by A on {date} for {fingerprint(target)}",)
                                if level
                                else ()
                            ),
                        )
                        for position, (source, target, role, level) in enumerate(entries)
                    ],
                )
                path.write_bytes(write_po(catalog))
                os.utime(path, ns=(number, number))  # a new time: read again, not skipped
                files[slot] = MemoryFile(
                    f"fr/{slot}.po", str(path), "po", f"{date}-r{slot}", "fr", date
                )
            kept.sync(list(files.values()), source_lang="en", target_langs=["fr"])
            with MemoryIndex.open(None) as rebuilt:
                rebuilt.sync(list(files.values()), source_lang="en", target_langs=["fr"])
                assert _best_rows(kept) == _best_rows(rebuilt)
