"""Atom feeds (RFC 4287): one per language, listing that language's published releases.

Takes the language, the feed's own identity (``feed_id``, ``title``, ``updated``, the link to
itself) and :class:`FeedEntry` objects, one per published variant; gives the feed document as
UTF-8 bytes, built with lxml. Which variants belong in a feed (published, past their embargo)
is the caller's decision; this module only writes what it is given, newest first.

Entry ids are ``urn:uuid:`` URIs derived from the feed's id and the release's slug (UUID
version 5), so an entry keeps its id across runs and machines, and the same release in two
languages' feeds is two entries, as it is two documents. Times are RFC 3339; a release without
an embargo is dated at midnight UTC of its release date. The same input gives the same bytes.

A feed can also be joined from its parts (:func:`feed_head`, each entry's :func:`entry_text`,
:func:`joined_feed`), byte for byte the feed :func:`atom_feed` writes: a publish keeps the
text of each release's entries and writes only the entries of releases that changed.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree


ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "relay"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")
# Characters XML 1.0 cannot hold; a translation that has one gets U+FFFD in its place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    """A published variant as a feed lists it; ``link`` is relative to the feed's location."""

    slug: str
    title: str
    date: dt.date
    link: str
    embargo: dt.datetime | None = None
    summary: str | None = None
    # The language the title is in, where it is not the feed's (a title left in the source
    # language by a gate with fallback): its element says so, as a page's fallback span does.
    title_lang: str | None = None

    @property
    def published(self) -> dt.datetime:
        """When the release became public: its embargo, or its date at midnight UTC."""
        if self.embargo is not None:
            return self.embargo
        return dt.datetime.combine(self.date, dt.time(), tzinfo=dt.UTC)


def atom_feed(
    *,
    lang: str,
    entries: list[FeedEntry],
    feed_id: str,
    title: str,
    updated: str,
    self_href: str,
    author: str | None = None,
    title_lang: str | None = None,
) -> bytes:
    """Write a language's Atom feed, newest release first.

    ``updated`` is an RFC 3339 time (``2015-10-05T10:00:00Z``); ``author`` names who publishes
    the feed (Atom requires one) and defaults to ``title``; ``title_lang`` is the language
    ``title`` is written in, where it is not the feed's.

    >>> entry = FeedEntry("2013-04-23-kazakhstan", "Innovation", dt.date(2013, 4, 23), "k.html")
    >>> feed = atom_feed(lang="fr", entries=[entry], feed_id="urn:x", title="Press",
    ...                  updated="2013-04-23T00:00:00Z", self_href="feed.atom")
    >>> b"<updated>2013-04-23T00:00:00Z</updated>" in feed
    True
    """
    # lxml imported where it is used: a status imports this module, and writes no feed.
    from lxml import etree

    for entry in entries:
        _checked_embargo(entry)
    feed = _head(lang, feed_id, title, updated, self_href, author, title_lang)
    for entry in newest_first(entries):
        _entry(feed, entry, feed_id, lang)
    return XML_DECLARATION + etree.tostring(feed, encoding="utf-8", pretty_print=True)


def feed_head(
    *,
    lang: str,
    feed_id: str,
    title: str,
    updated: str,
    self_href: str,
    author: str | None = None,
    title_lang: str | None = None,
) -> bytes:
    """Give a feed's text up to its first entry, as :func:`atom_feed` writes it: what
    :func:`joined_feed` puts before the entries (:func:`entry_text`)."""
    from lxml import etree

    feed = _head(lang, feed_id, title, updated, self_href, author, title_lang)
    text = XML_DECLARATION + etree.tostring(feed, encoding="utf-8", pretty_print=True)
    return text.removesuffix(_END)


def entry_text(*, lang: str, entry: FeedEntry, feed_id: str) -> bytes:
    """Give one entry's text as :func:`atom_feed` writes it among the others (a release's
    entry is kept and joined again while the release does not change)."""
    from lxml import etree

    _checked_embargo(entry)
    scratch = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _entry(scratch, entry, feed_id, lang)
    text = etree.tostring(scratch, encoding="utf-8", pretty_print=True)
    assert text.startswith(_SCRATCH) and text.endswith(_END), "lxml wrote a feed unexpectedly"
    return text[len(_SCRATCH) : -len(_END)]


def joined_feed(head: bytes, entries: Iterable[bytes]) -> bytes:
    """Give the feed of :func:`feed_head` and the entries' texts, in the order given (newest
    first: :func:`newest_key`); the same bytes :func:`atom_feed` writes for those entries."""
    return b"".join(feed_parts(head, entries))


def feed_parts(head: bytes, entries: Iterable[bytes]) -> Iterator[bytes]:
    """Give :func:`joined_feed` piece by piece (a feed of thousands of entries is never
    held whole)."""
    yield head
    yield from entries
    yield _END


def newest_key(entry: FeedEntry) -> tuple[int, str]:
    """Sort entries as :func:`newest_first` does: the moment they became public (in
    microseconds since 1970, newest first), then their slug."""
    return (-((entry.published - _EPOCH) // _MICROSECOND), entry.slug)


_SCRATCH = b'<feed xmlns="http://www.w3.org/2005/Atom">\n'
_END = b"</feed>\n"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def _checked_embargo(entry: FeedEntry) -> None:
    if entry.embargo is not None and entry.embargo.utcoffset() is None:
        raise ValueError(f"embargo of {entry.slug!r} has no time zone")


def _head(
    lang: str,
    feed_id: str,
    title: str,
    updated: str,
    self_href: str,
    author: str | None,
    title_lang: str | None = None,
) -> etree._Element:
    from lxml import etree

    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set(XML_LANG, lang)
    _add(feed, "id", feed_id)
    _in_language(_add(feed, "title", title), title_lang, lang)
    _add(feed, "updated", _checked_time(updated))
    name = _add(_add(feed, "author"), "name", author or title)
    if author is None:
        _in_language(name, title_lang, lang)
    _link(feed, rel="self", href=self_href, type="application/atom+xml")
    _add(feed, "generator", GENERATOR)
    return feed


def _entry(feed: etree._Element, entry: FeedEntry, feed_id: str, lang: str) -> None:
    element = _add(feed, "entry")
    _add(element, "id", entry_id(feed_id, entry.slug))
    _in_language(_add(element, "title", entry.title), entry.title_lang, lang)
    moment = rfc3339(entry.published)
    _add(element, "published", moment)
    _add(element, "updated", moment)
    _link(element, rel="alternate", href=entry.link, type=_media_type(entry.link), hreflang=lang)
    if entry.summary:
        _add(element, "summary", entry.summary)


def entry_id(feed_id: str, slug: str) -> str:
    """Give the permanent id of a release's entry in a feed.

    >>> entry_id("tag:press.example.org,2013:relay/fr", "2013-04-23-kazakhstan-innovation")
    'urn:uuid:e68ebe37-1605-58b4-ab83-91c838cec432'
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{feed_id}#{slug}").urn


def newest_first(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """Order entries by the moment they became public, newest first; ties by slug."""
    ordered = sorted(entries, key=lambda entry: entry.slug)
    return sorted(ordered, key=lambda entry: entry.published, reverse=True)


def rfc3339(moment: dt.datetime) -> str:
    """Write an aware time as RFC 3339, in seconds, with ``Z`` for UTC.

    >>> rfc3339(dt.datetime(2015, 10, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    '2015-10-05T10:00:00+02:00'
    """
    text = moment.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _checked_time(text: str) -> str:
    try:
        valid = bool(RFC3339.fullmatch(text)) and bool(dt.datetime.fromisoformat(text.upper()))
    except ValueError:
        valid = False
    if not valid:
        raise ValueError(f"updated must be an RFC 3339 time with a time zone, not {text!r}")
    return text


def _media_type(link: str) -> str:
    path = link.split("#")[0].split("?")[0].lower()
    if path.endswith((".md", ".markdown")):
        return "text/markdown"
    if path.endswith(".txt"):
        return "text/plain"
    return "text/html"


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ATOM}}}{name}")
    if text is not None:
        element.text = _NOT_XML.sub("\ufffd", text)
    return element


def _link(parent: etree._Element, **attributes: str) -> None:
    element = _add(parent, "link")
    for name, value in attributes.items():
        element.set(name, _NOT_XML.sub("\ufffd", value))


def _in_language(element: etree._Element, written_in: str | None, lang: str) -> None:
    """Say that ``element``'s text is in another language than the feed's, where it is."""
    if written_in is not None and written_in != lang:
        element.set(XML_LANG, written_in)
