"""A page's structured data (JSON-LD) says what the page says: its words are translated, its
``inLanguage`` states the variant's language, and its ``datePublished`` agrees with the
release's date. Before, every variant told search engines and link previews, in English, that
the page was written in English (``"inLanguage": "en"``), under an English headline."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support.catalogs import edit_catalog
from typer.testing import CliRunner

from relay.catalogs.catalog import Entry
from relay.cli.app import app
from relay.core.errors import SourceError
from relay.core.model import Target
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.render import render
from relay.publish.run import publish
from relay.sources.blocks import source_text
from relay.sources.formats import html, markdown, structured_data
from relay.sources.formats.structured_data import TEXT_KEYS, NotJson, places
from relay.sources.units import segment

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)

LD = """{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Road safety week opens",
 "description": "Ministers meet in Geneva to agree on safer roads.",
 "keywords": ["road safety", "Geneva"],
 "publisher": {"@type": "Organization", "name": "Economic Commission for Europe",
               "url": "https://unece.org/"},
 "inLanguage": "en", "datePublished": "2026-12-01"}"""

PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<title>Road safety week opens</title>\n<meta name="date" content="2026-12-01">\n'
    f'<script type="application/ld+json">\n{LD}\n</script>\n'
    "</head>\n<body>\n<h1>Road safety week opens</h1>\n"
    "<p>Ministers meet in Geneva to agree on safer roads.</p>\n</body>\n</html>\n"
)

FRENCH = {
    "Road safety week opens": "La semaine de la sécurité routière s’ouvre",
    "Ministers meet in Geneva to agree on safer roads.": (
        "Les ministres se réunissent à Genève pour des routes plus sûres."
    ),
    "road safety": "sécurité routière",
    "Geneva": "Genève",
    "Economic Commission for Europe": "Commission économique pour l’Europe",
}


def _units(text: str) -> list[tuple[str, str]]:
    document = segment(html.read(text, path="t.html"), lang="en", splitter=None)
    return [(unit.role, unit.text) for unit in document.units]


def _ld(page: str) -> Any:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert found is not None, page
    return json.loads(found.group(1))


# -- reading --------------------------------------------------------------------------------


def test_the_words_of_structured_data_are_units_and_its_data_is_not() -> None:
    assert _units(PAGE) == [
        ("headline (structured data)", "Road safety week opens"),
        ("description (structured data)", "Ministers meet in Geneva to agree on safer roads."),
        ("keywords (structured data)", "road safety"),
        ("keywords (structured data)", "Geneva"),
        ("name (structured data)", "Economic Commission for Europe"),
        ("title", "Road safety week opens"),
        ("heading", "Road safety week opens"),
        ("paragraph", "Ministers meet in Geneva to agree on safer roads."),
    ]
    assert source_text(html.read(PAGE, path="t.html")) == PAGE


@pytest.mark.parametrize(
    "script",
    [
        f'<script type="application/json">{LD}</script>',  # data a script reads, not a page's
        f"<script>var page = {LD};</script>",
        f'<script type="application/ld+json" translate="no">{LD}</script>',
        f'<div class="notranslate"><script type="application/ld+json">{LD}</script></div>',
    ],
)
def test_other_scripts_and_structured_data_marked_not_to_be_translated_are_kept(
    script: str,
) -> None:
    page = PAGE.replace("<h1>", f"{script}\n<h1>", 1).replace(
        f'<script type="application/ld+json">\n{LD}\n</script>\n', ""
    )
    assert [role for role, _ in _units(page)] == ["title", "heading", "paragraph"]
    assert source_text(html.read(page, path="t.html")) == page


def test_structured_data_that_is_not_json_is_refused_at_its_line() -> None:
    page = PAGE.replace('"inLanguage": "en",', '"inLanguage": "en",,')
    with pytest.raises(SourceError) as raised:
        html.read(page, path="t.html")
    assert raised.value.line == 14  # the line of the second comma
    assert "not JSON" in str(raised.value)


def test_a_published_day_in_structured_data_must_be_the_releases_date() -> None:
    page = PAGE.replace('"datePublished": "2026-12-01"', '"datePublished": "2026-11-30"')
    with pytest.raises(SourceError) as raised:
        html.read(page, path="t.html")
    assert raised.value.line == 14
    assert "'datePublished' says 2026-11-30" in str(raised.value)
    same_day = PAGE.replace('"2026-12-01"}', '"2026-12-01T09:00:00+01:00"}')
    assert len(_units(same_day)) == 8


# -- publishing -----------------------------------------------------------------------------


def _published(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "ld"
    init_project(root, source_lang="en", target_langs=["fr", "qps"])
    (root / "sources" / name).write_text(text, "utf-8")
    extract(open_project(root))

    def translate(entry: Entry) -> Entry:
        return entry.with_(msgstr=FRENCH.get(entry.msgid, entry.msgstr))

    edit_catalog(root / "locales" / "fr" / f"{Path(name).stem}.po", translate)
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=NOW)
    return root / "public"


def test_the_structured_data_of_each_variant_says_what_the_variant_says(tmp_path: Path) -> None:
    public = _published(tmp_path, "2026-12-01-roads.html", PAGE)
    french = _ld((public / "fr" / "2026-12-01-roads.html").read_text("utf-8"))
    assert french["headline"] == "La semaine de la sécurité routière s’ouvre"
    assert french["keywords"] == ["sécurité routière", "Genève"]
    assert french["publisher"]["name"] == "Commission économique pour l’Europe"
    assert french["inLanguage"] == "fr"
    assert french["@type"] == "NewsArticle" and french["publisher"]["url"] == "https://unece.org/"
    assert french["datePublished"] == "2026-12-01"
    pseudo = (public / "qps" / "2026-12-01-roads.html").read_text("utf-8")
    assert not re.search(r"Road safety|Ministers|Geneva|Economic", pseudo), pseudo
    assert _ld(pseudo)["inLanguage"] == "qps"
    english = (public / "en" / "2026-12-01-roads.html").read_text("utf-8")
    assert f'<script type="application/ld+json">\n{LD}\n</script>' in english


def test_a_value_object_is_translated_as_its_propertys_value(tmp_path: Path) -> None:
    valued = PAGE.replace(
        '"headline": "Road safety week opens"',
        '"headline": {"@value": "Road safety week opens", "@language": "en"}',
    )
    public = _published(tmp_path, "2026-12-01-roads.html", valued)
    french = _ld((public / "fr" / "2026-12-01-roads.html").read_text("utf-8"))
    assert french["headline"] == {
        "@value": "La semaine de la sécurité routière s’ouvre",
        "@language": "fr",
    }


def test_a_language_other_than_the_sources_is_kept(tmp_path: Path) -> None:
    quoted = PAGE.replace(
        '"inLanguage": "en"', '"inLanguage": "en-GB", "translationOfWork": {"inLanguage": "de"}'
    )
    public = _published(tmp_path, "2026-12-01-roads.html", quoted)
    french = _ld((public / "fr" / "2026-12-01-roads.html").read_text("utf-8"))
    assert french["inLanguage"] == "fr" and french["translationOfWork"]["inLanguage"] == "de"


def test_a_language_object_states_the_variants_language(tmp_path: Path) -> None:
    # {"@type": "Language", "name": "English", "alternateName": "en"}: its name and tag were
    # units (a translator turned "English" into "Anglais"), or stayed, and the French page
    # said it was in English.
    objected = PAGE.replace(
        '"inLanguage": "en"',
        '"inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"}',
    )
    assert objected != PAGE
    assert all(text not in ("English", "en") for _, text in _units(objected))
    public = _published(tmp_path, "2026-12-01-roads.html", objected)
    french = _ld((public / "fr" / "2026-12-01-roads.html").read_text("utf-8"))
    assert french["inLanguage"] == {"@type": "Language", "name": "French", "alternateName": "fr"}
    pseudo = _ld((public / "qps" / "2026-12-01-roads.html").read_text("utf-8"))
    assert pseudo["inLanguage"]["alternateName"] == "qps"


def test_no_translation_can_end_the_script() -> None:
    """A translation is written as a JSON string with no "<", ">" or "&": "</script>" in it
    neither ends the script nor opens another (written as the publish writes it, its checks
    aside: what the writer guarantees on its own)."""
    document = segment(html.read(PAGE, path="t.html"), lang="en", splitter=None)
    hostile = 'Titre "</script><script>alert(1)</script>\\ & <!-- fin'
    translations = {unit.text: hostile for unit in document.units}
    written, fallbacks = render(document, translations, target=Target("fr", "en"), fmt=html)
    assert not fallbacks
    script = written[written.index("<script") : written.index("</head>")]
    assert script.count("<script") == 1 and script.count("</script>") == 1
    assert _ld(written)["headline"] == hostile and _ld(written)["inLanguage"] == "fr"
    identity = {unit.text: unit.text for unit in document.units}
    assert render(document, identity, target=Target("en", "en"), fmt=html)[0] == PAGE


@pytest.mark.parametrize(
    "text",
    [
        'Titre "</script><script>alert(1)</script>\\ & <!-- fin',
        "Ligne\nsuivante\u2028et\u2029fin",
        "</SCRIPT >",
    ],
)
def test_a_json_string_written_for_a_script_reads_back_as_the_text(text: str) -> None:
    written = html.json_string(text)
    assert json.loads(written) == text
    assert not re.search(r"[<>&\n]", written)


def test_structured_data_in_a_markdown_html_block_is_translated(tmp_path: Path) -> None:
    source = (
        "---\ntitle: Road safety week opens\ndate: 2026-12-01\n---\n\n"
        "# Road safety week opens\n\n"
        '<script type="application/ld+json">\n'
        '{"@type": "NewsArticle", "headline": "Road safety week opens", "inLanguage": "en"}\n'
        "</script>\n\nMinisters meet in Geneva to agree on safer roads.\n"
    )
    parsed = markdown.read(source, path="t.md")
    assert source_text(parsed) == source
    public = _published(tmp_path, "2026-12-01-roads.md", source)
    french = (public / "fr" / "2026-12-01-roads.md").read_text("utf-8")
    assert _ld(french) == {
        "@type": "NewsArticle",
        "headline": "La semaine de la sécurité routière s’ouvre",
        "inLanguage": "fr",
    }
    pseudo = (public / "qps" / "2026-12-01-roads.md").read_text("utf-8")
    assert "Road safety" not in pseudo and _ld(pseudo)["inLanguage"] == "qps"


def test_from_the_cli_the_french_page_no_longer_states_english(tmp_path: Path) -> None:
    root = tmp_path / "cli"
    init_project(root, source_lang="en", target_langs=["fr"])
    (root / "sources" / "2026-12-01-roads.html").write_text(PAGE, "utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["--project", str(root), "extract"]).exit_code == 0

    def translate(entry: Entry) -> Entry:
        return entry.with_(msgstr=FRENCH.get(entry.msgid, entry.msgstr))

    edit_catalog(root / "locales" / "fr" / "2026-12-01-roads.po", translate)
    published = runner.invoke(
        app, ["--project", str(root), "publish", "--now", "2026-12-07T12:00:00+00:00"]
    )
    assert published.exit_code == 0, published.output
    page = (root / "public" / "fr" / "2026-12-01-roads.html").read_text("utf-8")
    assert '"inLanguage": "fr"' in page and "Road safety" not in page


# -- the scanner, against a slow reading of the decoded value -------------------------------

_KEYS = st.sampled_from(
    [*sorted(TEXT_KEYS), "@type", "url", "inLanguage", "datePublished", "@value", "@language", "x"]
)
_STRINGS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _STRINGS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


def _slow(value: Any, key: str = "") -> list[tuple[str, str]]:
    """Every string under a key a place is made for, in the order JSON writes them."""
    if isinstance(value, dict):
        # A value object's "@value" is its property's, its "@language" an inLanguage; a
        # Language object's name and alternateName, under an inLanguage, state it too.
        named = {"@value": key, "@language": "inLanguage"}
        if key == "inLanguage":
            named |= {"name": "inLanguage", "alternateName": "inLanguage"}
        return [pair for k, v in value.items() for pair in _slow(v, named.get(k, k))]
    if isinstance(value, list):
        return [pair for v in value for pair in _slow(v, key)]
    if isinstance(value, str) and value.strip() and structured_data._kind(key) is not None:
        return [(key, value)]
    return []


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([None, 1, 2]), st.booleans())
# Found by CI: a value object under "@language" is an inLanguage's, as the walk reads it.
@example({"abstract": None, "@language": {"abstract": None, "@value": "0"}}, None, False)
# Found in review: a Language object's alternateName under an inLanguage states the language.
@example({"alternateName": None, "@language": {"alternateName": "0"}}, None, False)
def test_places_are_the_strings_under_their_keys(
    value: Any, indent: int | None, ascii_: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_)
    found = places(text)
    assert [(place.key, place.value) for place in found] == _slow(value)
    for place in found:
        assert json.loads(text[place.start : place.end]) == place.value


@pytest.mark.parametrize("text", ["{", '{"a": }', "[1, 2", '{"headline": "x"} trailing'])
def test_text_that_is_not_json_is_not_read(text: str) -> None:
    with pytest.raises(NotJson):
        places(text)
