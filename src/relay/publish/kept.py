"""What a release's publish record keeps of the files made from every release, and those files
joined again from what is kept.

Takes a release's decided variants (as :class:`~relay.publish.manifest.VariantRecord`) and the
manifest the last run left; gives the fields a release's record in the publish state keeps
(:func:`outputs_of`): the text of its manifest entry as the manifest holds it, when each of its
files was first published, and the text of each of its feed entries with what feeds sort by.
A run where one release changed among thousands joins the others' kept texts
(:class:`Joined`) instead of writing every entry again; the result is byte for byte what
:func:`relay.publish.manifest.manifest_bytes` and :func:`relay.publish.feeds.atom_feed` write.

An entry's text holds when each file was first published, which comes from the previous
manifest by (slug, language, SHA-256): a kept text is used only while the previous manifest
gives those same times (:meth:`Previous.times`, :func:`holds`). The previous manifest is read
as the texts of its entries (relay writes it in one layout): an entry whose text is a kept one
is known without being parsed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from relay.core.model import Release
from relay.publish.feeds import FeedEntry, entry_text, feed_head, feed_parts, newest_key
from relay.publish.manifest import (
    JoinedManifest,
    VariantRecord,
    entries_in,
    previous_times,
    release_entry,
    times_of,
    unlist_variant,
    unlisted,
)
from relay.publish.manifest import (
    entry_text as manifest_entry_text,
)

# The fields a release's record keeps (with its variants, relay.publish.state.remember).
TEXTS = "texts"  # its manifest entry's text (None: under embargo) and its feed entries' texts
TIMES = "times"  # [lang, sha256, published_at] of each published variant
FEED = "feed"  # [lang, sort key] of each variant in a feed, in the order of the texts
FEED_BASE = "feed_base"  # what its feed entries' ids were made from
ENTRY = "entry"  # entry_key of its manifest entry's text, in hex (None: not listed)

Times = dict[tuple[str, str, str], str]


def outputs_of(
    release: Release, variants: Sequence[VariantRecord], base: str, *, listed: bool
) -> dict[str, Any]:
    """Give what a release adds to the manifest (when ``listed``: not under embargo) and the
    feeds, as its record keeps it."""
    metadata = release.document.metadata
    feed = []
    for variant in variants:
        if not variant.published or metadata.date is None or variant.path is None:
            continue
        entry = FeedEntry(
            slug=release.slug,
            title=variant.title or release.slug,
            title_lang=variant.title_lang if variant.title else None,
            date=metadata.date,
            link=variant.path.rsplit("/", 1)[-1],
            embargo=metadata.embargo,
        )
        text = entry_text(lang=variant.lang, entry=entry, feed_id=f"{base}:{variant.lang}")
        feed.append((variant.lang, newest_key(entry)[0], text))
    listing = manifest_entry_text(release_entry(release, variants)) if listed else None
    return {
        TEXTS: pack(listing, [text for _, _, text in feed]),
        TIMES: [
            [variant.lang, variant.sha256 or "", variant.published_at]
            for variant in variants
            if variant.published
        ],
        FEED: [[lang, key] for lang, key, _ in feed],
        FEED_BASE: base,
        ENTRY: entry_key(listing).hex() if listing else None,
    }


def pack(entry: bytes | None, feed: list[bytes]) -> str:
    """Keep a release's texts compressed: as much as the manifest and feeds again, uncompressed,
    they would more than double the state every run reads and writes. Neither JSON nor XML
    as relay writes them holds a NUL, which parts them."""
    data = b"\0".join([entry or b"", *feed])
    return base64.b64encode(zlib.compress(data)).decode("ascii")


def unpack(outputs: Mapping[str, Any]) -> tuple[bytes | None, list[bytes]]:
    """Give a record's manifest entry text (None: none) and feed entries' texts."""
    entry, *feed = zlib.decompress(base64.b64decode(outputs[TEXTS])).split(b"\0")
    return entry or None, feed


def entry_key(text: bytes) -> bytes:
    """Name a manifest entry's text by a digest of it: what a run keeps of each unchanged
    release's entry to know it in the previous manifest, instead of the text itself."""
    return hashlib.blake2b(text, digest_size=16).digest()


def holds(record: Mapping[str, Any], first_published: Times, stamp: str, base: str) -> bool:
    """Tell whether the texts a record keeps are what this run would write: made for these
    feeds, and with the times the previous manifest gives (``stamp``: a file it lacks)."""
    if record.get(FEED_BASE) != base or TEXTS not in record:
        return False
    slug = record["slug"]
    return all(
        first_published.get((slug, lang, sha256), stamp) == published_at
        for lang, sha256, published_at in record[TIMES]
    )


@dataclass
class Previous:
    """The manifest the last run left, read entry by entry and not held (at 20,000 releases it
    is 58 MB): its file, open while this is used (None: missing), and where each of its
    entries is with its :func:`entry_key`, when it is in relay's layout for this
    configuration (None: written otherwise). An entry's text is read from the open file when
    it is asked for: a manifest replaced meanwhile is still the one that was read."""

    stream: BinaryIO | None
    spans: list[tuple[int, int]] | None
    keys: list[bytes] = field(default_factory=list)
    source_lang: str = ""
    target_langs: Sequence[str] = ()

    @classmethod
    def read(cls, path: Path, source_lang: str, target_langs: Sequence[str]) -> Previous:
        try:
            stream = path.open("rb")
        except OSError:
            return cls(None, None)
        spans: list[tuple[int, int]] = []
        keys: list[bytes] = []
        try:
            found = entries_in(stream, source_lang=source_lang, target_langs=target_langs)
            if found is None:
                return cls(stream, None, [], source_lang, target_langs)
            for start, end, text in found:
                spans.append((start, end))
                keys.append(entry_key(text))
        except (OSError, ValueError):  # read whole, as a manifest written otherwise is
            return cls(stream, None, [], source_lang, target_langs)
        return cls(stream, spans, keys, source_lang, target_langs)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()

    def __enter__(self) -> Previous:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _text(self, at: int) -> bytes:
        assert self.stream is not None and self.spans is not None
        start, end = self.spans[at]
        self.stream.seek(start)
        text = self.stream.read(end - start)
        if len(text) != end - start:
            raise ValueError("the manifest changed while it was read")
        return text

    def unlisted_whole(self, stays: Callable[[str], bool]) -> bytes | None:
        """:func:`relay.publish.manifest.unlisted` of the whole file: a manifest not in
        relay's layout, an entry that is not one relay wrote, or one that could not be read
        again entry by entry (None: it cannot be read)."""
        assert self.stream is not None
        try:
            self.stream.seek(0)
            whole = self.stream.read()
        except OSError:
            return None
        return unlisted(whole, stays)

    def times(self, path: Path, kept: Mapping[bytes, tuple[str, list[list[str]]]]) -> Times:
        """Give :func:`relay.publish.manifest.previous_times` of this manifest; an entry whose
        text is in ``kept`` (its :func:`entry_key` → slug and the times its record keeps) is
        not read again, nor parsed."""
        if self.stream is None:
            return {}
        if self.spans is None:
            return previous_times(path)
        found: Times = {}
        try:
            for at, key in enumerate(self.keys):
                known = kept.get(key)
                if known is not None:
                    slug, times = known
                    found.update(((slug, lang, sha), at) for lang, sha, at in times if sha and at)
                    continue
                release = json.loads(self._text(at).decode("utf-8"))
                for lang, sha256, published_at in times_of(release):
                    found[(release["slug"], lang, sha256)] = published_at
        except Exception:
            # Not an entry as relay writes it: the whole manifest says what it says.
            return previous_times(path)
        return found

    def unlisted(
        self, kept: Container[bytes], stays: Callable[[str], bool]
    ) -> Iterator[bytes] | None:
        """Give :func:`relay.publish.manifest.unlisted` of this manifest, piece by piece as
        the entries are read again (the manifest of 20,000 releases is 58 MB: held as a list of
        entries, then joined, it was most of a publish's memory); the entries whose texts are
        ``kept`` (by :func:`entry_key`: releases unchanged, every file staying) are not parsed.
        Reading an entry again can fail while the pieces are taken (``OSError``,
        ``ValueError``): :meth:`unlisted_whole` reads the manifest whole then."""
        if self.stream is None:
            return None
        if self.spans is None:
            return _once(self.unlisted_whole(stays))
        try:
            parsed = {
                at: json.loads(self._text(at).decode("utf-8"))
                for at, key in enumerate(self.keys)
                if key not in kept
            }
            pairs = [(r, v) for r in parsed.values() for v in r["variants"]]
        except (OSError, ValueError, KeyError, TypeError):
            return _once(self.unlisted_whole(stays))
        changed = False
        for release, variant in pairs:
            changed |= unlist_variant(release, variant, stays)
        if not changed:
            return None
        return self._joined(parsed)

    def _joined(self, parsed: Mapping[int, Any]) -> Iterator[bytes]:
        """The manifest's entries again, those ``parsed`` written anew, one at a time."""
        assert self.spans is not None
        pending: list[bytes] = []
        joined = JoinedManifest(
            pending.append, source_lang=self.source_lang, target_langs=self.target_langs
        )
        for at in range(len(self.spans)):
            joined.add(manifest_entry_text(parsed[at]) if at in parsed else self._text(at))
            yield from pending
            pending.clear()
        joined.close()
        yield from pending


def _once(whole: bytes | None) -> Iterator[bytes] | None:
    return None if whole is None else iter((whole,))


_PENDING = 1024  # feed entries inserted in one statement


class Joined:
    """The manifest and feeds of a run, joined from each release's texts in turn: the
    manifest's entries are passed on as they come (:class:`JoinedManifest`), the feeds' go to
    a temporary database that gives them back sorted, so no text of every release is held."""

    def __init__(
        self,
        base: str,
        manifest: JoinedManifest,
        title_of: Callable[[str], tuple[str, str]],
    ) -> None:
        self.base = base
        self.manifest = manifest
        self.title_of = title_of  # a language's feed title and the language it is in
        self.updated: dict[str, str] = {}
        # A private temporary database: in memory up to SQLite's cache, on disk past it.
        self._feeds = sqlite3.connect("")
        self._feeds.execute("CREATE TABLE entry (lang TEXT, key INTEGER, slug TEXT, text BLOB)")
        # Feed entries not inserted yet: a release has two or three, and a statement per
        # release cost more than its rows.
        self._pending: list[tuple[str, Any, str, bytes]] = []

    def add(
        self, slug: str, outputs: Mapping[str, Any], texts: tuple[bytes | None, list[bytes]]
    ) -> None:
        """Add a release's texts (:func:`unpack` of its :func:`outputs_of`), in the order of
        releases."""
        entry, feed = texts
        if entry is not None:
            self.manifest.add(entry)
        times = {lang: published_at for lang, _, published_at in outputs[TIMES]}
        rows = [
            (lang, key, slug, text) for (lang, key), text in zip(outputs[FEED], feed, strict=True)
        ]
        self._pending.extend(rows)
        if len(self._pending) >= _PENDING:
            self._insert()
        for lang, _, _, _ in rows:
            if times.get(lang):
                self.updated[lang] = max(self.updated.get(lang, ""), times[lang])

    def _insert(self) -> None:
        self._feeds.executemany("INSERT INTO entry VALUES (?, ?, ?, ?)", self._pending)
        self._pending.clear()

    def feeds(self) -> Iterator[tuple[str, Iterator[bytes]]]:
        """Give each language with at least one entry and its Atom feed, piece by piece,
        newest entry first (ties in the order they were added)."""
        self._insert()
        langs = [lang for (lang,) in self._feeds.execute("SELECT DISTINCT lang FROM entry")]
        for lang in sorted(langs):
            title, title_lang = self.title_of(lang)
            head = feed_head(
                lang=lang,
                feed_id=f"{self.base}:{lang}",
                title=title,
                title_lang=title_lang,
                updated=self.updated.get(lang) or "1970-01-01T00:00:00Z",
                self_href="feed.xml",
            )
            rows = self._feeds.execute(
                "SELECT text FROM entry WHERE lang = ? ORDER BY key, slug, rowid", (lang,)
            )
            yield lang, feed_parts(head, (bytes(text) for (text,) in rows))

    def close(self) -> None:
        self._feeds.close()
