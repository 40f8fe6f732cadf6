"""An HTML release's date and slug are read as its embargo is: whichever attribute of
``<meta>`` names them.

Read from ``name=`` only, a ``<meta property="date">`` (or ``itemprop``, ``http-equiv``) was
ignored: the release was published undated (no date in the manifest, the feeds, the variants'
date lines) while its page stated one, and a second date meta under another attribute went
unseen. A publication date under another key (``datePublished``, ``article:published_time``,
``DC.date``) is not the release's date, but may not contradict it.
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


def _page(metas: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Road safety</title>\n'
        f"{metas}\n</head>\n<body>\n<p>Ministers met.</p>\n</body>\n</html>\n"
    )


@pytest.mark.parametrize("attribute", ["name", "property", "itemprop", "http-equiv", "PROPERTY"])
def test_the_date_and_the_slug_are_read_from_any_attribute_that_names_a_meta(
    attribute: str,
) -> None:
    metas = f'<meta {attribute}="date" content="2026-02-01">\n<meta {attribute}=" Slug "'
    metadata = html.read(_page(metas + ' content="road-safety">'), path="e.html").metadata
    assert (str(metadata.date), metadata.slug) == ("2026-02-01", "road-safety")


def test_a_date_in_a_list_of_microdata_names_is_read() -> None:
    metadata = html.read(_page('<meta itemprop="url date" content="2026-02-01">'), path="e.html")
    assert str(metadata.metadata.date) == "2026-02-01"


@pytest.mark.parametrize("second", ['property="date"', 'itemprop="date"', 'http-equiv="date"'])
def test_two_date_metas_are_refused_however_each_is_named(second: str) -> None:
    metas = f'<meta name="date" content="2026-01-05">\n<meta {second} content="2026-02-01">'
    with pytest.raises(SourceError, match="'date' is given twice") as refused:
        html.read(_page(metas), path="e.html")
    assert refused.value.line == 6


def test_a_date_relay_cannot_read_is_refused_whatever_names_it() -> None:
    with pytest.raises(SourceError, match="not a date") as refused:
        html.read(_page('<meta itemprop="date" content="5 Jan">'), path="e.html")
    assert refused.value.line == 5 and "e.html:5" in refused.value.message


@pytest.mark.parametrize(
    "other",
    [
        '<meta itemprop="datePublished" content="2026-02-01">',
        '<meta property="article:published_time" content="2026-02-01T10:00:00+01:00">',
        '<meta name="DC.date" content="2026-02-01">',
        '<meta property="dcterms:issued" content="2026-02-01">',
    ],
)
def test_a_publication_date_under_another_key_may_not_contradict_the_date(other: str) -> None:
    # Search engines and link previews would show one day, the manifest and feeds another.
    metas = f'<meta name="date" content="2026-01-05">\n{other}'
    with pytest.raises(SourceError, match="says 2026-02-01, but the release's date") as refused:
        html.read(_page(metas), path="e.html")
    assert refused.value.line == 6 and "e.html:6" in refused.value.message


@pytest.mark.parametrize(
    "other",
    [
        '<meta itemprop="datePublished" content="2026-01-05T10:00:00+01:00">',  # the same day
        '<meta itemprop="dateModified" content="2026-02-01">',  # another date than publication
        '<meta property="article:published_time" content="February 2026">',  # not compared
    ],
)
def test_a_publication_date_that_agrees_or_is_not_one_is_left_alone(other: str) -> None:
    metas = f'<meta name="date" content="2026-01-05">\n{other}'
    assert str(html.read(_page(metas), path="e.html").metadata.date) == "2026-01-05"


def test_a_publication_date_under_another_key_alone_is_not_the_release_date() -> None:
    # Taking it as the date would change the release (its manifest entry, its archive); the
    # page states nothing relay publishes otherwise.
    metas = '<meta itemprop="datePublished" content="2026-02-01">'
    assert html.read(_page(metas), path="e.html").metadata.date is None


def test_a_release_dated_by_a_property_meta_is_published_with_its_date(
    empty_project: Path,
) -> None:
    metas = '<meta property="date" content="2026-01-05">'
    (empty_project / "sources" / "road-safety.html").write_text(_page(metas), "utf-8")
    publish(open_project(empty_project), now=dt.datetime(2026, 1, 6, tzinfo=dt.UTC))
    manifest = json.loads((empty_project / "public" / "manifest.json").read_text("utf-8"))
    [release] = manifest["releases"]
    assert release["date"] == "2026-01-05"
