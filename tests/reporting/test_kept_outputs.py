"""The manifest and feeds joined from kept texts are the bytes the full build writes: each
release's entry kept (relay.publish.kept), the previous manifest read entry by entry."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from relay.core.project import Config
from relay.publish.feeds import FeedEntry, atom_feed, entry_text, feed_head, joined_feed, newest_key
from relay.publish.kept import Joined, Previous, entry_key, pack, unpack
from relay.publish.manifest import (
    JoinedManifest,
    entries_in,
    entry_spans,
    joined_manifest,
    manifest_bytes,
    previous_times,
    unlisted,
)
from relay.publish.manifest import entry_text as manifest_entry_text

LANGS = ["en", "fr", "ru"]
# Text as titles and reasons hold it: any character but a lone surrogate (not UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
HASHES = st.sampled_from(["", "a" * 64, "b" * 64, "c" * 64])
TIMES = st.sampled_from([None, "", "2020-01-01T00:00:00Z", "2021-06-01T10:00:00Z"])
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)


@st.composite
def variants(draw: st.DrawFn) -> dict[str, object]:
    lang = draw(st.sampled_from(LANGS))
    return {
        "lang": lang,
        "status": draw(st.sampled_from(["published", "blocked"])),
        "gate": draw(st.sampled_from(["published", "blocked", "embargoed"])),
        "reasons": draw(st.lists(TEXT, max_size=2)),
        "path": draw(st.one_of(st.none(), st.sampled_from([f"{lang}/a.html", f"{lang}/b.md"]))),
        "sha256": draw(st.one_of(st.none(), HASHES)),
        "published_at": draw(TIMES),
        "findings": draw(st.lists(st.dictionaries(TEXT, TEXT, max_size=2), max_size=2)),
        "completeness": {"percent": draw(SCALAR), "units": draw(st.integers())},
    }


@st.composite
def releases(draw: st.DrawFn) -> dict[str, object]:
    return {
        "slug": draw(st.sampled_from(["a", "b", "c", "d"]) | TEXT),
        "title": draw(st.dictionaries(st.sampled_from(LANGS), TEXT, max_size=3)),
        "variants": draw(st.lists(variants(), max_size=3)),
        "extra": draw(st.lists(SCALAR, max_size=3)),
    }


MANIFESTS = st.lists(releases(), max_size=6)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "manifest.json"
    path.write_bytes(data)
    return path


@given(entries=MANIFESTS)
def test_a_manifest_joined_from_entries_is_the_manifest(entries: list[dict[str, object]]) -> None:
    texts = [manifest_entry_text(entry) for entry in entries]
    full = manifest_bytes(source_lang="en", target_langs=["fr", "ru"], releases=entries)
    assert joined_manifest(source_lang="en", target_langs=["fr", "ru"], entries=texts) == full
    spans = entry_spans(full, source_lang="en", target_langs=["fr", "ru"])
    assert spans is not None and [full[start:end] for start, end in spans] == texts


@given(
    entries=MANIFESTS,
    cut=st.integers(min_value=0),
    inserted=st.sampled_from([b"", b",\n    {", b"\n  ]\n}\n", b"[]\n}\n", b"{", b"x"]),
    chunk=st.integers(min_value=1, max_value=64),
)
def test_a_manifest_read_a_chunk_at_a_time_is_cut_as_one_read_whole(
    entries: list[dict[str, object]], cut: int, inserted: bytes, chunk: int
) -> None:
    """The entries of a manifest read in chunks (any size, a separator split between two)
    are those of the manifest read whole, and a file that is not such a manifest (a piece
    inserted anywhere, the layout's own pieces included) is refused by both."""
    full = manifest_bytes(source_lang="en", target_langs=["fr", "ru"], releases=entries)
    at = cut % (len(full) + 1)
    for data in (full, full[:at] + inserted + full[at:], full[:at]):
        whole = entry_spans(data, source_lang="en", target_langs=["fr", "ru"])
        found = entries_in(
            io.BytesIO(data), source_lang="en", target_langs=["fr", "ru"], chunk=chunk
        )
        if whole is None:
            assert found is None
            continue
        assert found is not None
        assert list(found) == [(start, end, data[start:end]) for start, end in whole]


@given(entries=MANIFESTS)
def test_a_manifest_relay_did_not_lay_out_is_read_whole(entries: list[dict[str, object]]) -> None:
    full = manifest_bytes(source_lang="en", target_langs=["fr", "ru"], releases=entries)
    other = json.dumps(json.loads(full)).encode()
    assert entry_spans(other, source_lang="en", target_langs=["fr", "ru"]) is None
    assert entry_spans(full, source_lang="fr", target_langs=["fr", "ru"]) is None


@settings(deadline=None)
@given(entries=MANIFESTS, kept=st.lists(st.booleans(), min_size=6, max_size=6), data=st.data())
def test_the_previous_manifest_read_by_entry_gives_what_reading_it_whole_gives(
    tmp_path_factory: object,
    entries: list[dict[str, object]],
    kept: list[bool],
    data: st.DataObject,
) -> None:
    tmp_path = tmp_path_factory.mktemp("m")  # type: ignore[attr-defined]
    full = manifest_bytes(source_lang="en", target_langs=["fr", "ru"], releases=entries)
    path = _write(tmp_path, full)
    with Previous.read(path, "en", ["fr", "ru"]) as previous:
        _agrees_with_the_whole(previous, path, full, entries, kept, data)


def _agrees_with_the_whole(
    previous: Previous,
    path: Path,
    full: bytes,
    entries: list[dict[str, object]],
    kept: list[bool],
    data: st.DataObject,
) -> None:
    # What an unchanged release's record keeps: its entry's text, slug and times.
    known = {}
    for entry, keep in zip(entries, kept, strict=False):
        # An unchanged release's published variants each have their file.
        listed = [v for v in entry["variants"] if v["status"] == "published"]  # type: ignore[union-attr]
        if keep and all(isinstance(v["path"], str) for v in listed):
            times = [
                [v["lang"], v["sha256"] or "", v["published_at"]]
                for v in entry["variants"]  # type: ignore[union-attr]
                if v["status"] == "published" or v["published_at"]
            ]
            known[manifest_entry_text(entry)] = (entry["slug"], times)
    assert previous.times(path, known) == previous_times(path)
    # A kept entry lists only files that stay; the others' files stay or not at random.
    staying = {v["path"] for text in known for v in json.loads(text)["variants"]}
    chosen = data.draw(st.sets(st.sampled_from(["en/a.html", "fr/b.md", "ru/a.html", "x"])))

    def stays(file: str) -> bool:
        return file in staying or file in chosen

    assert _bytes(previous.unlisted(known, stays)) == unlisted(full, stays)


def test_a_missing_or_damaged_manifest_is_read_as_the_full_build_reads_it(tmp_path: Path) -> None:
    with Previous.read(tmp_path / "none.json", "en", ["fr"]) as missing:
        assert missing.times(tmp_path / "none.json", {}) == {}
        assert missing.unlisted(set(), lambda path: False) is None
    full = manifest_bytes(source_lang="en", target_langs=["fr"], releases=[{"slug": "a"}])
    path = _write(tmp_path, full.replace(b'"slug"', b'"slug" ', 1))
    with Previous.read(path, "en", ["fr"]) as damaged:
        assert damaged.times(path, {}) == previous_times(path) == {}


def test_the_previous_manifest_is_the_one_read_though_it_is_replaced_meanwhile(
    tmp_path: Path,
) -> None:
    """Entries are read again from the open file, not the path: a manifest put in its place
    since (another run's, a checkout) does not mix into what this one lists."""
    entry = {"slug": "a", "variants": [{"lang": "fr", "status": "published", "path": "fr/a.html",
             "sha256": "a" * 64, "published_at": "2020-01-01T00:00:00Z"}]}  # fmt: skip
    first = manifest_bytes(source_lang="en", target_langs=["fr"], releases=[entry])
    path = _write(tmp_path, first)
    before = previous_times(path)
    assert before == {("a", "fr", "a" * 64): "2020-01-01T00:00:00Z"}
    with Previous.read(path, "en", ["fr"]) as previous:
        later = first.replace(b"2020-01-01", b"2024-06-30")
        replacement = tmp_path / "manifest.new"
        replacement.write_bytes(later)
        replacement.replace(path)
        assert previous.times(path, {}) == before
        assert _bytes(previous.unlisted(set(), lambda file: False)) == unlisted(
            first, lambda file: False
        )


ZONES = st.sampled_from(
    [dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.timezone(-dt.timedelta(hours=5))]
)


@st.composite
def feed_entries(draw: st.DrawFn) -> FeedEntry:
    date = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
    embargo = draw(
        st.one_of(
            st.none(),
            st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1), timezones=ZONES),
        )
    )
    return FeedEntry(
        slug=draw(st.sampled_from(["a", "b", "c"]) | TEXT),
        title=draw(st.text(max_size=12)),  # controls and lone surrogates too: written as U+FFFD
        date=date,
        link=draw(st.sampled_from(["a.html", "b.md", "c.txt", "d?x=<&>"])),
        embargo=embargo,
        title_lang=draw(st.sampled_from([None, "en", "ar"])),
    )


@given(entries=st.lists(feed_entries(), max_size=6), lang=st.sampled_from(LANGS))
def test_a_feed_joined_from_entries_is_the_feed(entries: list[FeedEntry], lang: str) -> None:
    identity = {"feed_id": f"urn:relay:p:{lang}", "title": "Press <&>", "self_href": "feed.xml"}
    updated = "2020-01-01T00:00:00Z"
    full = atom_feed(lang=lang, entries=entries, updated=updated, **identity)
    head = feed_head(lang=lang, updated=updated, **identity)
    ordered = sorted(entries, key=newest_key)
    texts = [entry_text(lang=lang, entry=e, feed_id=identity["feed_id"]) for e in ordered]
    assert joined_feed(head, texts) == full


@given(entry=st.one_of(st.none(), st.binary(min_size=1)), feed=st.lists(st.binary()))
def test_packed_texts_are_given_back(entry: bytes | None, feed: list[bytes]) -> None:
    texts = [entry, *feed]
    if any(b"\0" in text for text in texts if text):
        return  # neither JSON nor XML as relay writes them holds a NUL
    assert unpack({"texts": pack(entry, feed)}) == (entry, feed)


@st.composite
def published_releases(
    draw: st.DrawFn,
) -> tuple[dict[str, object], list[tuple[str, FeedEntry, str]]]:
    """A release's manifest entry and its feed entries, each with its language and the time
    its file was first published."""
    entry = draw(releases())
    slug = draw(st.sampled_from(["a", "b", "c", "d"]) | TEXT)
    feed = [
        (
            lang,
            draw(feed_entries()),
            draw(st.sampled_from(["", "2020-01-01T00:00:00Z", "2021-06-01T10:00:00Z"])),
        )
        for lang in draw(st.lists(st.sampled_from(LANGS), unique=True, max_size=3))
    ]
    return {**entry, "slug": slug}, [(lang, replace_slug(e, slug), at) for lang, e, at in feed]


def replace_slug(entry: FeedEntry, slug: str) -> FeedEntry:
    return FeedEntry(slug, entry.title, entry.date, entry.link, entry.embargo, entry.summary)


@settings(deadline=None)
@given(run=st.lists(st.tuples(published_releases(), st.booleans()), max_size=8))
def test_the_streamed_manifest_and_feeds_are_what_the_whole_lists_give(
    run: list[tuple[tuple[dict[str, object], list[tuple[str, FeedEntry, str]]], bool]],
) -> None:
    """Joined, fed one release at a time (its manifest entry passed on, its feed entries
    sorted in a temporary database), writes the bytes that building the manifest and each
    feed from the list of every release writes; a release under embargo (``listed`` false)
    is in neither list of the manifest."""
    base = "urn:relay:p"
    parts: list[bytes] = []
    config = Config("en", ("fr", "ru"), feed_titles=(("fr", "Communiqués <&>"),))
    joined = Joined(
        base,
        JoinedManifest(parts.append, source_lang="en", target_langs=["fr", "ru"]),
        config.feed_title,
    )
    listed, by_lang, updated = [], {}, {}
    for (entry, feed), in_manifest in run:
        slug = str(entry["slug"])
        texts = [entry_text(lang=lang, entry=e, feed_id=f"{base}:{lang}") for lang, e, _ in feed]
        outputs = {
            "times": [[lang, "", at] for lang, _, at in feed],
            "feed": [[lang, newest_key(e)[0]] for lang, e, _ in feed],
        }
        text = manifest_entry_text(entry) if in_manifest else None
        joined.add(slug, outputs, (text, texts))
        if in_manifest:
            listed.append(entry)
        for lang, e, at in feed:
            by_lang.setdefault(lang, []).append(e)
            if at:
                updated[lang] = max(updated.get(lang, ""), at)
    joined.manifest.close()
    streamed = {lang: b"".join(feed) for lang, feed in joined.feeds()}
    joined.close()
    assert b"".join(parts) == manifest_bytes(
        source_lang="en", target_langs=["fr", "ru"], releases=listed
    )
    whole = {
        lang: atom_feed(
            lang=lang,
            entries=entries,
            feed_id=f"{base}:{lang}",
            title=config.feed_title(lang)[0],
            title_lang=config.feed_title(lang)[1],
            updated=updated.get(lang) or "1970-01-01T00:00:00Z",
            self_href="feed.xml",
        )
        for lang, entries in sorted(by_lang.items())
    }
    assert streamed == whole


def _bytes(parts: Iterable[bytes] | None) -> bytes | None:
    return None if parts is None else b"".join(parts)


def _peak_unlisting(tmp_path: Path, count: int) -> tuple[int, bytes]:
    """The traced peak of writing a manifest of ``count`` releases again, the first one's
    file withdrawn, piece by piece as ``publish`` writes it."""
    releases = [
        {"slug": f"r{at:05d}", "title": {"en": "x" * 4000},
         "variants": [{"lang": "fr", "status": "published", "path": f"fr/r{at:05d}.html",
                       "sha256": "a" * 64, "published_at": "2020-01-01T00:00:00Z"}]}
        for at in range(count)
    ]  # fmt: skip
    full = manifest_bytes(source_lang="en", target_langs=["fr"], releases=releases)
    tmp_path.mkdir()
    path = _write(tmp_path, full)
    kept = {entry_key(manifest_entry_text(release)) for release in releases[1:]}
    written = io.BytesIO()
    with Previous.read(path, "en", ["fr"]) as previous:
        tracemalloc.start()
        try:
            parts = previous.unlisted(kept, lambda file: file != "fr/r00000.html")
            assert parts is not None
            for part in parts:
                written.write(part)  # taken and let go, as a file's writer does
                written.truncate(0)
                written.seek(0)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        again = previous.unlisted(kept, lambda file: file != "fr/r00000.html")
        assert again is not None
        return peak, b"".join(again)


def test_a_manifest_written_again_is_never_held_whole(tmp_path: Path) -> None:
    # At 20,000 releases the entries of the manifest, listed and then joined, were 115 MB of
    # a publish after one returned file (290 MB in all).
    small, data = _peak_unlisting(tmp_path / "small", 300)
    large, _ = _peak_unlisting(tmp_path / "large", 1200)
    assert b'"r00000"' in data and b"fr/r00000.html" not in data
    assert large < 2 * small, (small, large)
