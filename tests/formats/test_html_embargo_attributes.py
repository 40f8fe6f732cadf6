"""An HTML embargo fails closed whichever attribute of ``<meta>`` names it.

HTML names a meta's key with ``name`` (and ``http-equiv``), RDFa and Open Graph with
``property``, microdata with ``itemprop``. An embargo written with any of them was ignored: the
release was published at once, listed in the manifest with ``"embargo": null`` and in the feeds.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from relay.core.errors import SourceError
from relay.core.project import open_project
from relay.publish.run import publish
from relay.sources.formats import html

FUTURE = "2099-01-01T10:00:00+01:00"


def _page(meta: str, body: str = "<p>The merger is secret.</p>") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Secret merger</title>\n'
        f'<meta name="date" content="2026-01-05">\n{meta}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


@pytest.mark.parametrize(
    "meta",
    [
        f'<meta name="embargo" content="{FUTURE}">',
        f'<meta property="embargo" content="{FUTURE}">',
        f'<meta itemprop="embargo" content="{FUTURE}">',
        f'<meta http-equiv="embargo" content="{FUTURE}">',
        f'<meta PROPERTY=" Embargo " content="{FUTURE}">',
        f'<meta itemprop="embargo expires" content="{FUTURE}">',  # microdata: a list of names
        # Two attributes naming it on one element: one embargo, not "given twice".
        f'<meta name="embargo" property="embargo" content="{FUTURE}">',
    ],
)
def test_an_embargo_is_read_from_any_attribute_that_names_a_meta(meta: str) -> None:
    embargo = html.read(_page(meta), path="e.html").metadata.embargo
    assert embargo == dt.datetime.fromisoformat(FUTURE)


@pytest.mark.parametrize(
    "meta",
    [
        # What name= refuses as "looks like an embargo", refused from the others too.
        f'<meta property="og:embargo" content="{FUTURE}">',
        f'<meta property="article:embargo" content="{FUTURE}">',
        f'<meta itemprop="embargoDate" content="{FUTURE}">',
        f'<meta http-equiv="embargo-until" content="{FUTURE}">',
        f'<meta name="dc.embargo" content="{FUTURE}">',
        # Given but empty, or with no time zone: an embargo relay cannot read.
        '<meta property="embargo" content="">',
        '<meta itemprop="embargo" content="2099-01-01T10:00:00">',
    ],
)
def test_an_embargo_relay_does_not_read_is_refused_at_its_line(meta: str) -> None:
    with pytest.raises(SourceError) as refused:
        html.read(_page(meta), path="e.html")
    assert refused.value.line == 6
    assert "e.html:6" in refused.value.message


def test_two_embargoes_are_refused_even_when_named_differently() -> None:
    metas = (
        '<meta name="embargo" content="2099-01-01T10:00:00+01:00">\n'
        '<meta property="embargo" content="2026-01-01T10:00:00+01:00">'
    )
    with pytest.raises(SourceError, match="given twice") as refused:
        html.read(_page(metas), path="e.html")
    assert refused.value.line == 7


@pytest.mark.parametrize("attribute", ["property", "itemprop", "http-equiv"])
def test_an_embargo_meta_outside_head_is_refused_whatever_names_it(attribute: str) -> None:
    body = f'<p>Text.</p>\n<meta {attribute}="embargo" content="{FUTURE}">'
    with pytest.raises(SourceError, match="outside <head>") as refused:
        html.read(_page("", body), path="e.html")
    assert refused.value.line == 10


@pytest.mark.parametrize("attribute", ["property", "itemprop", "http-equiv"])
def test_a_release_embargoed_by_any_meta_is_not_published(
    empty_project: Path, attribute: str
) -> None:
    meta = f'<meta {attribute}="embargo" content="{FUTURE}">'
    (empty_project / "sources" / "2026-01-05-merger.html").write_text(_page(meta), "utf-8")
    publish(open_project(empty_project), now=dt.datetime(2026, 1, 6, tzinfo=dt.UTC))
    public = empty_project / "public"
    manifest = json.loads((public / "manifest.json").read_text("utf-8"))
    assert manifest["releases"] == []
    assert not list(public.glob("*/2026-01-05-merger.html"))
    feed = public / "en" / "feed.xml"
    assert not feed.exists() or b"merger" not in feed.read_bytes()
