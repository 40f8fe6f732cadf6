"""Atom feeds per language, read back by feedparser (what feed readers are built on)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from relay.core.project import open_project
from relay.publish.feeds import FeedEntry, atom_feed, entry_id
from relay.publish.run import publish

BASE = "https://press.example.org/"
HEADERS = {"content-type": "application/atom+xml", "content-location": f"{BASE}fr/feed.atom"}
EMBARGO = dt.datetime(2015, 10, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def entries_from_manifest(manifest: dict, lang: str) -> list[FeedEntry]:
    """Stand in for `relay publish`: one entry per published variant of the language."""
    entries = []
    for release in manifest["releases"]:
        for variant in release["variants"]:
            if variant["lang"] == lang and variant["status"] == "published":
                entries.append(
                    FeedEntry(
                        slug=release["slug"],
                        title=release["title"][lang],
                        date=dt.date.fromisoformat(release["date"]),
                        embargo=(
                            dt.datetime.fromisoformat(release["embargo"])
                            if release["embargo"]
                            else None
                        ),
                        link=variant["path"].removeprefix(f"{lang}/"),
                    )
                )
    return entries


@pytest.fixture
def french_feed(sample_project: Path) -> bytes:
    publish(open_project(sample_project))
    manifest = json.loads((sample_project / "public" / "manifest.json").read_text("utf-8"))
    entries = entries_from_manifest(manifest, "fr")
    # Shuffled on purpose: the feed orders them.
    entries = [entries[1], entries[0], entries[2]]
    return atom_feed(
        lang="fr",
        entries=entries,
        feed_id="tag:press.example.org,2013:relay/fr",
        title="CEE-ONU : communiqués de presse",
        updated="2015-10-05T08:00:00Z",
        self_href=f"{BASE}fr/feed.atom",
    )


def test_feed_is_valid_atom_in_its_language(french_feed: bytes) -> None:
    parsed = feedparser.parse(french_feed, response_headers=HEADERS)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "fr"
    assert parsed.feed.title == "CEE-ONU : communiqués de presse"
    assert parsed.feed.updated == "2015-10-05T08:00:00Z"
    assert parsed.feed.id == "tag:press.example.org,2013:relay/fr"
    assert parsed.feed.author == "CEE-ONU : communiqués de presse"
    [self_link] = parsed.feed.links
    assert (self_link.rel, self_link.href) == ("self", f"{BASE}fr/feed.atom")


def test_entries_are_newest_first_and_link_to_their_variants(french_feed: bytes) -> None:
    parsed = feedparser.parse(french_feed, response_headers=HEADERS)
    assert len(parsed.entries) == 3
    links = [entry.links for entry in parsed.entries]
    assert [entry.published for entry in parsed.entries] == [
        "2015-10-05T00:00:00Z",
        "2014-03-12T00:00:00Z",
        "2013-04-23T00:00:00Z",
    ]
    assert [[link.href for link in entry_links] for entry_links in links] == [
        [f"{BASE}fr/2015-10-05-road-safety.txt"],
        [f"{BASE}fr/2014-03-12-water-cooperation.md"],
        [f"{BASE}fr/2013-04-23-kazakhstan-innovation.html"],
    ]
    assert all(
        (link.rel, link.hreflang) == ("alternate", "fr")
        for entry_links in links
        for link in entry_links
    )
    assert [entry_links[0].type for entry_links in links] == [
        "text/plain",
        "text/markdown",
        "text/html",
    ]
    first = parsed.entries[-1]
    assert (
        first.title == "La CEE-ONU soutient les efforts du Kazakhstan pour promouvoir l’innovation"
    )
    assert first.title_detail.language == "fr"
    assert first.id == entry_id(parsed.feed.id, "2013-04-23-kazakhstan-innovation")
    assert first.id.startswith("urn:uuid:")
    assert len({entry.id for entry in parsed.entries}) == 3


def test_an_embargoed_release_is_dated_by_its_embargo() -> None:
    entries = [
        FeedEntry("a-late", "Late", dt.date(2015, 10, 5), "a.html", embargo=EMBARGO),
        FeedEntry("b-early", "Early", dt.date(2015, 10, 5), "b.html", summary="Résumé."),
        FeedEntry("c-same-day", "Same day", dt.date(2015, 10, 5), "c.html"),
    ]
    feed = atom_feed(
        lang="ar",
        entries=entries,
        feed_id="urn:uuid:5f1b0c52-8b6f-4c39-9b45-1c1d0d3b7a10",
        title="بيانات صحفية",
        updated="2015-10-05T08:00:00Z",
        self_href="feed.atom",
        author="UNECE Information Unit",
    )
    parsed = feedparser.parse(feed, response_headers=HEADERS)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.language == "ar"
    assert [entry.title for entry in parsed.entries] == ["Late", "Early", "Same day"]
    assert parsed.entries[0].published == "2015-10-05T10:00:00+02:00"
    assert parsed.entries[1].summary == "Résumé."
    assert parsed.feed.author == "UNECE Information Unit"


def test_same_input_same_bytes_and_ids_depend_on_feed_and_slug(french_feed: bytes) -> None:
    assert french_feed.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert entry_id("urn:a", "x") == entry_id("urn:a", "x")
    assert len({entry_id("urn:a", "x"), entry_id("urn:b", "x"), entry_id("urn:a", "y")}) == 3


def test_times_must_say_their_zone() -> None:
    entry = FeedEntry("a", "A", dt.date(2015, 10, 5), "a.html")
    arguments = {"lang": "fr", "feed_id": "urn:x", "title": "T", "self_href": "f.atom"}
    for updated in ("2015-10-05", "2015-10-05T10:00:00", "20151005T100000Z", "yesterday"):
        with pytest.raises(ValueError, match="RFC 3339"):
            atom_feed(entries=[entry], updated=updated, **arguments)
    naive = FeedEntry("a", "A", dt.date(2015, 10, 5), "a.html", embargo=dt.datetime(2015, 10, 5))
    with pytest.raises(ValueError, match="time zone"):
        atom_feed(entries=[naive], updated="2015-10-05T10:00:00Z", **arguments)


@given(st.text(min_size=1), st.text())
def test_any_title_and_summary_survive_as_text(title: str, summary: str) -> None:
    entry = FeedEntry("a", title, dt.date(2015, 10, 5), "a.html", summary=summary or None)
    feed = atom_feed(
        lang="fr",
        entries=[entry],
        feed_id="urn:x",
        title=title,
        updated="2015-10-05T10:00:00Z",
        self_href="f.atom",
    )
    parsed = feedparser.parse(feed, response_headers=HEADERS)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
