"""Text a person reads, or hears, is a unit wherever the page holds it; text relay cannot
place is refused. Each construct here was published in the source language in every variant,
with no finding: a table header's ``abbr``, a table's ``summary``, Dublin Core and schema.org
text in ``<meta>``, the content of a ``<template>``, and text written straight inside ``<head>``
(and, in plain text, the ``Summary:`` header line, checked beside them in a pseudo-locale)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from relay.core.errors import SourceError
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.publish.run import publish
from relay.sources.blocks import source_text
from relay.sources.formats import html
from relay.sources.units import segment


def _page(body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Leak test</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _units(text: str) -> list[str]:
    document = segment(html.read(text, path="t.html"), lang="en", splitter=None)
    return [unit.text for unit in document.units if unit.text != "Leak test"]


def test_the_abbreviated_name_of_a_table_header_is_a_unit() -> None:
    # Screen readers announce a header cell by its abbr when they repeat it for each cell.
    body = '<table><tr><th abbr="Deaths per year">Road deaths per year</th></tr></table>'
    assert _units(_page(body)) == ["Deaths per year", "Road deaths per year"]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="DC.title" content="Ministers agree a road map">',
        '<meta name="dc.description" content="Ministers agree a road map">',
        '<meta name="DCTERMS.abstract" content="Ministers agree a road map">',
        '<meta property="dc:title" content="Ministers agree a road map">',
        '<meta property="dcterms:description" content="Ministers agree a road map">',
        '<meta itemprop="description" content="Ministers agree a road map">',
        '<meta itemprop="name" content="Ministers agree a road map">',
        '<meta itemprop="headline" content="Ministers agree a road map">',
        '<meta itemprop="alternativeHeadline" content="Ministers agree a road map">',
        '<meta itemprop="url headline" content="Ministers agree a road map">',
        '<meta property="og:title dc:title" content="Ministers agree a road map">',
    ],
)
def test_text_in_dublin_core_and_microdata_meta_is_a_unit(meta: str) -> None:
    assert _units(_page("<p>Text.</p>", f"{meta}\n")) == ["Ministers agree a road map", "Text."]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="keywords" content="roads, safety">',
        '<meta name="News_Keywords" content="roads, safety">',
        '<meta name="dc.subject" content="roads, safety">',
        '<meta property="dcterms:subject" content="roads, safety">',
        '<meta itemprop="keywords" content="roads, safety">',
    ],
)
def test_the_search_terms_a_page_is_found_by_are_one_unit(meta: str) -> None:
    # A French reader searches in French: English keywords never find the French page.
    parsed = html.read(_page("<p>Text.</p>", f"{meta}\n"), path="t.html")
    document = segment(parsed, lang="en", splitter=None)
    roles = {unit.text: unit.role for unit in document.units}
    assert roles["roads, safety"] == "keywords"
    assert [unit.text for unit in document.units if unit.text != "Leak test"] == [
        "roads, safety",
        "Text.",
    ]


def test_a_keywords_pragma_is_no_text() -> None:
    # http-equiv names a header the server would send, never text for people.
    meta = '<meta http-equiv="keywords" content="roads, safety">\n'
    assert _units(_page("<p>Text.</p>", meta)) == ["Text."]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="DC.date" content="2026-01-05">',
        '<meta itemprop="datePublished" content="2026-01-05">',
        '<meta itemprop="url" content="https://unece.org/a">',
    ],
)
def test_data_in_meta_stays_data(meta: str) -> None:
    assert _units(_page("<p>Text.</p>", f"{meta}\n")) == ["Text."]


def test_microdata_text_in_a_meta_inside_the_body_is_a_unit() -> None:
    body = (
        '<article itemscope itemtype="https://schema.org/NewsArticle">\n'
        '<meta itemprop="headline" content="Ministers agree a road map">\n<p>Text.</p>\n'
        "</article>"
    )
    assert _units(_page(body)) == ["Ministers agree a road map", "Text."]


def test_the_text_of_a_template_is_translated() -> None:
    # Inert as it stands, but a script clones it into the page: it is shown.
    body = (
        "<p>Text.</p>\n<template id=row><tr><td>No data for this year</td></tr></template>\n"
        "<template><p>Loading <em>the map</em>…</p></template>"
    )
    assert _units(_page(body)) == ["Text.", "No data for this year", "Loading <1>the map</1>…"]


def test_a_template_in_head_and_one_marked_not_to_be_translated() -> None:
    head = "<template id=tip><span>Close the map</span></template>\n"
    body = '<p>Text.</p>\n<template translate="no"><p>{{ name }}</p></template>'
    assert _units(_page(body, head)) == ["Close the map", "Text."]


@pytest.mark.parametrize(
    ("head", "line"),
    [
        ("Ministers agree a road map\n", 6),
        ('<meta name="description" content="x">\n  Stray &amp; text\n', 7),
        ("<span>Ministers agree</span>\n", 6),
        ("<p>Ministers agree a road map</p>\n", 6),
    ],
)
def test_text_written_in_head_is_refused_at_its_line(head: str, line: int) -> None:
    # A browser ends <head> at the text and shows it at the top of the page; relay would
    # publish it in the source language in every variant.
    with pytest.raises(SourceError, match="inside <head>") as refused:
        html.read(_page("<p>Text.</p>", head), path="t.html")
    assert refused.value.line == line


@pytest.mark.parametrize(
    "head",
    [
        "<!-- a comment -->\n&nbsp;\n",  # no word: a browser shows nothing a reader reads
        '<noscript><link rel="stylesheet" href="x.css"></noscript>\n',
        '<script>document.title = "Leak test";</script>\n<style>p { color: red }</style>\n',
        '<span translate="no">ACME</span>\n',
    ],
)
def test_what_head_may_hold_is_kept(head: str) -> None:
    source = _page("<p>Text.</p>", head)
    parsed = html.read(source, path="t.html")
    assert source_text(parsed) == source


IDENTITY = _page(
    '<table><tr><th abbr="Deaths">Road deaths</th></tr></table>\n'
    "<template><p>Loading…</p></template>\n"
    '<div itemscope><meta itemprop="name" content="Road map"></div>',
    '<template id=t><b>Close</b></template>\n<meta name="DC.title" content="Road map">\n',
)


def test_the_source_is_still_given_back_byte_for_byte() -> None:
    assert source_text(html.read(IDENTITY, path="t.html")) == IDENTITY


LEAK_HTML = _page(
    '<table><tr><th abbr="Deaths per year">Road deaths per year in the region</th></tr>'
    "<tr><td>85,000</td></tr></table>\n"
    "<template><p>Ministers agree a road map</p></template>\n<p>Text.</p>",
    '<meta name="dc.description" content="Ministers agree a road map">\n'
    '<meta itemprop="description" content="Ministers agree a road map">\n'
    '<meta name="keywords" content="Ministers, road map">\n'
    '<meta name="news_keywords" content="Road deaths">\n'
    '<meta name="DC.subject" content="Ministers; Road deaths">\n',
)
LEAK_TEXT = (
    "Title: Leak test\nDate: 2026-01-05\nSummary: Ministers agree a road map\n"
    "Keywords: Ministers, road map\n\nText.\n"
)
# Search terms in the front matter: a site generator writes them in <meta name="keywords">.
LEAK_MARKDOWN = (
    "---\ntitle: Leak test\ndate: 2026-01-07\nkeywords: [Ministers, 'Road deaths']\n"
    "summary: Ministers agree a road map\n---\n\nText.\n"
)


def test_nothing_is_left_in_the_source_language_in_a_pseudo_locale(tmp_path: Path) -> None:
    root = tmp_path / "leak"
    init_project(root, source_lang="en", target_langs=["fr", "qps"])
    (root / "sources" / "2026-01-05-leak.html").write_text(LEAK_HTML, "utf-8")
    (root / "sources" / "2026-01-06-leak.txt").write_text(LEAK_TEXT, "utf-8")
    (root / "sources" / "2026-01-07-leak.md").write_text(LEAK_MARKDOWN, "utf-8")
    project = open_project(root)
    pseudo_translate_catalogs(project, lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 1, 8, tzinfo=dt.UTC))
    for name in ("2026-01-05-leak.html", "2026-01-06-leak.txt", "2026-01-07-leak.md"):
        published = (root / "public" / "qps" / name).read_text("utf-8")
        assert not re.search(r"Ministers|Deaths|Road deaths", published), published


SUMMARY_HTML = _page(
    '<table summary="Road deaths per year in each country">\n'
    "<tr><th>Country</th><th>Deaths</th></tr>\n<tr><td>Albania</td><td>85</td></tr>\n"
    "</table>"
)


def test_the_summary_of_a_table_is_a_unit() -> None:
    # A screen reader reads it before the table; it was published in English in every variant.
    assert _units(SUMMARY_HTML) == [
        "Road deaths per year in each country", "Country", "Deaths", "Albania", "85"
    ]  # fmt: skip
    assert source_text(html.read(SUMMARY_HTML, path="t.html")) == SUMMARY_HTML


def test_summary_is_text_on_a_table_only() -> None:
    # <details><summary> is an element, not this attribute; on another element it is data.
    body = '<div summary="Road deaths"><p>Text.</p></div>'
    assert _units(_page(body)) == ["Text."]


def test_the_summary_of_a_table_is_published_translated(tmp_path: Path) -> None:
    from support.catalogs import edit_catalog

    from relay.catalogs.catalog import Entry
    from relay.extract.run import extract

    root = tmp_path / "summary"
    init_project(root, source_lang="en", target_langs=["fr", "qps"])
    (root / "sources" / "2026-01-05-roads.html").write_text(SUMMARY_HTML, "utf-8")
    extract(open_project(root))
    french = {
        "Leak test": "Essai de fuite",
        "Road deaths per year in each country": "Morts sur la route par an dans chaque pays",
        "Country": "Pays",
        "Deaths": "Morts",
        "Albania": "Albanie",
        "85": "85",
    }

    def translate(entry: Entry) -> Entry:
        return entry.with_(msgstr=french[entry.msgid])

    edit_catalog(root / "locales" / "fr" / "2026-01-05-roads.po", translate)
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 1, 7, tzinfo=dt.UTC))
    published = (root / "public" / "fr" / "2026-01-05-roads.html").read_text("utf-8")
    assert '<table summary="Morts sur la route par an dans chaque pays">' in published
    pseudo = (root / "public" / "qps" / "2026-01-05-roads.html").read_text("utf-8")
    assert "Road deaths per year" not in pseudo
    assert re.search(r'<table summary="\[[^"]*\]">', pseudo), pseudo


EMBEDDED_HTML = _page(
    "<p>Watch the speech below.</p>\n"
    '<iframe src="https://video.example/x" title="Video of the minister\'s speech"></iframe>\n'
    '<p><button aria-label="Close the video" aria-braillelabel="Close video">X</button></p>\n'
    '<textarea placeholder="Your question to the minister">draft</textarea>\n'
    '<iframe src="https://video.example/y" title="Kept as written" translate="no"></iframe>'
)


def test_what_an_embedded_frame_is_called_is_a_unit() -> None:
    """A screen reader names an embedded video by its <iframe title>, a braille display shows
    aria-braillelabel, an empty box its placeholder: units, while the frame, the box's text
    and an element marked translate="no" stay as written."""
    assert _units(EMBEDDED_HTML) == [
        "Video of the minister's speech", "Close the video", "Close video",
        "Your question to the minister", "Watch the speech below.", "X",
    ]  # fmt: skip
    assert source_text(html.read(EMBEDDED_HTML, path="t.html")) == EMBEDDED_HTML


def test_what_an_embedded_frame_is_called_is_published_translated(tmp_path: Path) -> None:
    root = tmp_path / "embedded"
    init_project(root, source_lang="en", target_langs=["qps"])
    (root / "sources" / "2026-01-05-speech.html").write_text(EMBEDDED_HTML, "utf-8")
    (root / "sources" / "2026-01-06-speech.md").write_text(
        "---\ntitle: Speech\ndate: 2026-01-06\n---\n\nWatch the speech below.\n\n"
        '<iframe src="https://video.example/x" title="Video of the minister\'s speech"></iframe>\n',
        "utf-8",
    )
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 1, 7, tzinfo=dt.UTC))
    for name in ("2026-01-05-speech.html", "2026-01-06-speech.md"):
        published = (root / "public" / "qps" / name).read_text("utf-8")
        assert "Video of the minister" not in published, published
        assert re.search(r'<iframe src="https://video.example/x" title="\[[^"]*\]">', published)
    page = (root / "public" / "qps" / "2026-01-05-speech.html").read_text("utf-8")
    assert "Close video" not in page and 'title="Kept as written"' in page
    assert ">draft</textarea>" in page


TEMPLATE_SCRIPT = (
    '<script type="text/x-handlebars-template" id="entry">\n'
    '<div class="entry"><h2>{{title}}</h2><p>Read the full statement</p></div>\n</script>'
)


@pytest.mark.parametrize(
    "script_type",
    ["text/template", "text/x-template", "text/html", "text/x-handlebars-template",
     "text/ng-template", "TEXT/X-Mustache; charset=utf-8"],
)  # fmt: skip
def test_a_script_holding_a_template_with_text_is_refused_at_its_line(script_type: str) -> None:
    """A script puts the template into the page, where its words are shown: kept as written,
    they were published in English in every variant."""
    script = TEMPLATE_SCRIPT.replace("text/x-handlebars-template", script_type)
    with pytest.raises(SourceError) as raised:
        html.read(_page(f"<p>Text.</p>\n{script}"), path="t.html")
    assert raised.value.line == 9
    assert "a template a script shows in the page" in str(raised.value)


@pytest.mark.parametrize(
    "script",
    [
        TEMPLATE_SCRIPT.replace('id="entry"', 'id="entry" translate="no"'),
        f'<div class="notranslate">{TEMPLATE_SCRIPT}</div>',
        TEMPLATE_SCRIPT.replace("Read the full statement", "{{body}} <%= more %> ${link}"),
        '<script>document.title = "Read the full statement";</script>',
        '<script type="module">show("Read the full statement")</script>',
    ],
)
def test_a_template_without_text_or_marked_not_to_be_translated_and_code_are_kept(
    script: str,
) -> None:
    page = _page(f"<p>Text.</p>\n{script}")
    assert _units(page) == ["Text."]
    assert source_text(html.read(page, path="t.html")) == page
