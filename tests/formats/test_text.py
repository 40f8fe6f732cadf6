"""The plain-text reader: header block, paragraphs, and nothing lost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relay.core.errors import SourceError
from relay.core.model import Target
from relay.publish.render import render
from relay.sources.blocks import source_text
from relay.sources.formats import markdown, text
from relay.sources.units import segment

SOURCE = (
    "Title: Road safety reviews\nDate: 2015-10-05\nSlug: road-safety\n\n"
    "First paragraph, wrapped\nover two lines.\n\n\nSecond one.\n"
)


def test_header_is_metadata_and_title_a_unit() -> None:
    parsed = text.read(SOURCE, path="a.txt")
    assert parsed.metadata.title == "Road safety reviews"
    assert parsed.metadata.slug == "road-safety"
    document = segment(parsed, lang="en", splitter=None)
    assert [unit.text for unit in document.units] == [
        "Road safety reviews",
        "First paragraph, wrapped<1/>over two lines.",
        "Second one.",
    ]


def test_translation_is_written_with_the_language_header() -> None:
    document = segment(text.read(SOURCE, path="a.txt"), lang="en", splitter=None)
    translations = {
        "Road safety reviews": "Examens de la sécurité routière",
        "First paragraph, wrapped<1/>over two lines.": "Premier<1/>paragraphe.",
        "Second one.": "Deuxième.",
    }
    out, fallbacks = render(document, translations, target=Target("fr", "en"), fmt=text)
    assert not fallbacks
    assert out == (
        "Title: Examens de la sécurité routière\nDate: 2015-10-05\nSlug: road-safety\n"
        "Language: fr\n\nPremier\nparagraphe.\n\n\nDeuxième.\n"
    )


def test_summary_and_description_are_units_as_in_markdown_front_matter() -> None:
    # Markdown translates title, description and summary by default; a .txt source published
    # its Summary: line in the source language in every variant.
    source = (
        "Title: Road safety\nSummary: Ministers agree a road map\nDESCRIPTION : Roads.\n"
        "Date: 2015-10-05\nContact: Jean Rodriguez\n\nBody.\n"
    )
    parsed = text.read(source, path="a.txt")
    document = segment(parsed, lang="en", splitter=None)
    assert [(unit.text, unit.role) for unit in document.units] == [
        ("Road safety", "title"),
        ("Ministers agree a road map", "summary"),
        ("Roads.", "description"),
        ("Body.", "paragraph"),
    ]
    assert source_text(parsed) == source
    translations = {
        "Road safety": "Sécurité routière",
        "Ministers agree a road map": "Les ministres adoptent une feuille de route",
        "Roads.": "Routes.",
        "Body.": "Corps.",
    }
    out, _ = render(document, translations, target=Target("fr", "en"), fmt=text)
    assert "Summary: Les ministres adoptent une feuille de route\n" in out
    assert "DESCRIPTION : Routes.\n" in out and "Contact: Jean Rodriguez\n" in out


def test_the_header_translates_what_markdown_front_matter_translates_by_default() -> None:
    assert set(markdown.FRONT_MATTER_KEYS) == text.TRANSLATED_KEYS


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("Title: x\nDate: 5 October 2015\n\nBody.\n", 2),
        ("Title: x\nnot a header line\n\nBody.\n", 2),
        ("Title: x\nEmbargo: 2015-10-05T10:00:00\n\nBody.\n", 2),
        ("Title: x\nSlug: Not A Slug\n\nBody.\n", 2),
        ("Title: x\nTitle: y\n\nBody.\n", 2),
    ],
)
def test_bad_header_names_the_line(source: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        text.read(source, path="a.txt")
    assert caught.value.line == line


@given(st.text(alphabet="ab .\n\r\t:-", max_size=80))
def test_reading_loses_nothing(body: str) -> None:
    source = "Title: t\n\n" + body
    assert source_text(text.read(source, path="a.txt")) == source


@given(st.text(alphabet="ab .\n:-", max_size=80))
def test_identity_translation_gives_the_source_back(body: str) -> None:
    source = "Title: t\n\n" + body
    document = segment(text.read(source, path="a.txt"), lang="en", splitter=None)
    identity = {unit.text: unit.text for unit in document.units}
    out, _ = render(document, identity, target=Target("en", "en"), fmt=text)
    assert out == source
