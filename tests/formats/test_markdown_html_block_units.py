"""Text of an HTML block in Markdown is translated even where its markup holds a unit of its
own (a link's title, an inline image's alt text) or a comment: never published in the source
language. An HTML block relay cannot read or place, or an embargo written in one, is refused."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from relay.core.errors import SourceError
from relay.core.model import Target
from relay.publish.render import render
from relay.sources.blocks import Text, source_text
from relay.sources.formats import html, markdown, markdown_inline
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

SOURCE = """\
Intro paragraph.

<div class="box">
<p>Paragraph with an <a href="https://example.org" title="Tooltip text">inline link</a> inside.</p>
<p>Second paragraph with <img src="chart.png" alt="Chart alt"> a chart.</p>
</div>
"""
PLACEHOLDER = re.compile(r"(</?\d+/?>)")


def upper(text: str) -> str:
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in PLACEHOLDER.split(text))


def test_text_around_an_attribute_unit_is_a_unit() -> None:
    document = segment(markdown.read(SOURCE, path="r.md"), lang="en", splitter=sentence_starts)
    texts = [unit.text for unit in document.units]
    assert "Paragraph with an <1>inline link</1> inside." in texts
    assert "Second paragraph with <1/> a chart." in texts
    assert "Tooltip text" in texts and "Chart alt" in texts
    identity = {unit.text: unit.text for unit in document.units}
    assert render(document, identity, target=Target("en", "en"), fmt=markdown)[0] == SOURCE
    translated = {unit.text: upper(unit.text) for unit in document.units}
    published, fallbacks = render(document, translated, target=Target("fr", "en"), fmt=markdown)
    assert not fallbacks
    assert (
        '<p>PARAGRAPH WITH AN <a href="https://example.org" title="TOOLTIP TEXT">INLINE LINK</a>'
        " INSIDE.</p>" in published
    )
    assert (
        '<p>SECOND PARAGRAPH WITH <img src="chart.png" alt="CHART ALT"> A CHART.</p>' in published
    )


def _read(body: str) -> list[str]:
    source = "---\ntitle: T\n---\n\n" + body
    document = segment(markdown.read(source, path="r.md"), lang="en", splitter=sentence_starts)
    return [unit.text for unit in document.units if unit.text != "T"]


def test_a_comment_inside_a_paragraph_of_an_html_block_leaves_its_text_a_unit() -> None:
    # The comment was taken for the paragraph's end, and the whole paragraph kept in English.
    assert _read("<p>Text <!-- c --> more text.</p>\n") == ["Text <1/> more text."]
    body = "<p>A <b>bold <!-- c --> text</b> end.</p>\n"
    assert _read(body) == ["A <1>bold <2/> text</1> end."]


@pytest.mark.parametrize(
    ("body", "units"),
    [
        # A script clones a template into the page, where it is shown: translated, as in an
        # HTML release (and not refused as text the block could not place).
        ("<div>\n<template><p>Loading the map</p></template>\n<p>Shown.</p>\n</div>\n",
         ["Loading the map", "Shown."]),
        ("<template>\n<p>Loading the map</p>\n</template>\n", ["Loading the map"]),
        ("A <template>row</template> b.\n", ["A <1>row</1> b."]),
    ],
)  # fmt: skip
def test_the_text_of_a_template_is_translated(body: str, units: list[str]) -> None:
    source = f"---\ntitle: T\n---\n\n{body}"
    parsed = markdown.read(source, path="r.md")
    document = segment(parsed, lang="en", splitter=None)
    assert [unit.text for unit in document.units] == ["T", *units]
    assert source_text(parsed) == source


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        # Refused by the HTML reader: kept as written, its text was published in English.
        ("<div>\n<p>Before.</p>\n<![CDATA[ x ]]>\n</div>\n", 7, "CDATA"),
        # Not read from a block: the release was published at once.
        ('<meta name="embargo" content="2099-01-01T10:00:00+01:00">\n\nText.\n', 5, "embargo"),
    ],
)
def test_an_html_block_relay_cannot_read_is_refused_at_its_line(
    body: str, line: int, says: str
) -> None:
    with pytest.raises(SourceError) as refused:
        _read(body)
    assert refused.value.path == "r.md" and refused.value.line == line
    assert says in refused.value.message


def test_a_block_of_an_html_block_not_found_as_written_is_refused() -> None:
    # Whatever the HTML reader gives that cannot be placed in the block as written would be
    # kept there in the source language: the source is refused rather than that.
    fragment = "<div>\n<p>Written here.</p>\n</div>\n"
    parsed = html.read(fragment, path="r.md")
    moved = replace(parsed.blocks[0], pieces=(Text("Not in the block.", "Not in the block."),))
    offsets = list(range(len(fragment) + 1))
    with pytest.raises(SourceError) as refused:
        markdown_inline._placed(
            replace(parsed, blocks=(moved,)), fragment, fragment, offsets, 5, "r.md"
        )
    assert refused.value.line == 6 and "Not in the block." in refused.value.message
    assert markdown_inline._placed(parsed, fragment, fragment, offsets, 5, "r.md")


def test_an_attribute_with_spaces_around_its_equals_sign_is_a_unit() -> None:
    # Not found after "=" alone, it was kept in English.
    assert _read('<p title = "Tip here">Para.</p>\n') == ["Tip here", "Para."]
    assert _read("<div>\n<img src=x.png alt = 'Alt text'>\n</div>\n") == ["Alt text"]


def test_the_text_attributes_of_a_tag_written_inline_are_units() -> None:
    # An image's alt text and a title written as inline HTML in a paragraph were markup,
    # kept in English in every variant, where an HTML block's and a Markdown image's are units.
    source = (
        '---\ntitle: T\n---\n\nText <img src="x.png" alt="Chart \'alt\'"> more.\n\n'
        'A <a href="x" title=\'Tip "q"\'>link</a> and <abbr title=UN lang=en>UN</abbr>.\n'
    )
    document = segment(markdown.read(source, path="r.md"), lang="en", splitter=sentence_starts)
    texts = [unit.text for unit in document.units]
    assert texts == [
        "T",
        "Chart 'alt'",
        "Text <1/> more.",
        'Tip "q"',
        "UN",
        "A <1>link</1> and <2>UN</2>.",
    ]
    identity = {unit.text: unit.text for unit in document.units}
    assert render(document, identity, target=Target("en", "en"), fmt=markdown)[0] == source
    translated = {unit.text: upper(unit.text) for unit in document.units}
    published, fallbacks = render(document, translated, target=Target("fr", "en"), fmt=markdown)
    assert not fallbacks
    assert 'TEXT <img src="x.png" alt="CHART \'ALT\'"> MORE.' in published
    assert 'A <a href="x" title=\'TIP "Q"\'>LINK</a> AND' in published


def test_the_same_attribute_text_twice_in_an_html_block_is_two_units() -> None:
    # The second was looked for where the first had been placed, and kept in English.
    assert _read('<div>\n<img src=a alt="Logo">\n<img src=b alt="Logo">\n</div>\n') == [
        "Logo",
        "Logo",
    ]
    body = '<p><a href=a title="Tip">x</a> and <a href=b title="Tip">y</a>.</p>\n'
    assert _read(body) == ["Tip", "Tip", "<1>x</1> and <2>y</2>."]


def _published(body: str, lang: str = "fr") -> tuple[list[str], str]:
    """The units of a release with ``body``, and its ``lang`` variant with every unit
    translated as ``upper`` writes it; the source variant is checked to be the source."""
    source = "---\ntitle: T\n---\n\n" + body
    document = segment(markdown.read(source, path="r.md"), lang="en", splitter=sentence_starts)
    identity = {unit.text: unit.text for unit in document.units}
    assert render(document, identity, target=Target("en", "en"), fmt=markdown)[0] == source
    translated = {unit.text: upper(unit.text) for unit in document.units}
    target = Target(lang, "en", rtl=lang == "ar")
    published, fallbacks = render(document, translated, target=target, fmt=markdown)
    assert not fallbacks
    return [unit.text for unit in document.units if unit.text != "T"], published


def test_a_date_in_an_html_block_is_written_in_the_variants_language() -> None:
    """A <time datetime> in an HTML block is a placeholder to the translator, as in an HTML
    release: relay writes it, in the variant's language (it was published in English)."""
    units, published = _published(
        '<p>Signed on <time datetime="2015-10-05">5 October 2015</time> in Geneva.</p>\r\n'
    )
    assert units == ["Signed on <1/> in Geneva."]
    assert '<p>SIGNED ON <time datetime="2015-10-05">5 octobre 2015</time> IN GENEVA.</p>' in (
        published
    )


def test_a_lang_or_dir_in_html_in_markdown_states_the_variants() -> None:
    """Where HTML written in Markdown states the source language (``lang="en"``), its text is
    translated, and it states the variant's; a language of its own (``lang="de"``) is kept;
    the source's direction follows the variant's, as in an HTML release."""
    body = (
        '<div lang="en" dir="ltr">\n<p lang="en-GB">Hello.</p>\n</div>\n\n'
        'Say <span lang="en">this</span> and <i lang="de">Zeitgeist</i>.\n'
    )
    units, published = _published(body, "ar")
    assert units == ["Hello.", "Say <1>this</1> and <2>Zeitgeist</2>."]
    assert '<div lang="ar" dir="rtl">\n<p lang="ar">HELLO.</p>\n</div>' in published
    assert 'SAY <span lang="ar">THIS</span> AND <i lang="de">ZEITGEIST</i>.' in published


def test_a_buttons_label_in_markdown_is_a_unit() -> None:
    """In an HTML block (it was refused: its text not found where a text is) and inline."""
    units, published = _published(
        '<form>\n<input type="submit" value="Subscribe">\n</form>\n\n'
        'Or press <input type="button" value="Preview"> <input type="hidden" value="t-7">.\n'
    )
    assert units == ["Subscribe", "Preview", "Or press <1/> <2/>."]
    assert '<input type="submit" value="SUBSCRIBE">' in published
    assert 'OR PRESS <input type="button" value="PREVIEW"> <input type="hidden" value="t-7">.' in (
        published
    )


def test_a_charts_text_in_an_html_block_is_translated() -> None:
    units, published = _published(
        '<figure>\n<svg viewBox="0 0 9 9" aria-label="Deaths chart"><title>Deaths by year</title>'
        '<text x="1">Fewer deaths</text><rect width="9"/></svg>\n</figure>\n'
    )
    assert units == ["Deaths chart", "Deaths by year", "Fewer deaths"]
    assert (
        '<svg viewBox="0 0 9 9" aria-label="DEATHS CHART"><title>DEATHS BY YEAR</title>'
        '<text x="1">FEWER DEATHS</text><rect width="9"/></svg>' in published
    )


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('Intro.\n\n<div>\n<iframe srcdoc="&lt;p&gt;Film&lt;/p&gt;"></iframe>\n</div>\n', 8),
        ('Intro.\n\nWatch <iframe srcdoc="&lt;p&gt;Film&lt;/p&gt;"></iframe> now.\n', 7),
    ],
)
def test_a_page_inside_with_text_is_refused_in_markdown_too(body: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        _read(body)
    assert "iframe srcdoc" in caught.value.message and caught.value.line == line
    assert caught.value.path == "r.md"
