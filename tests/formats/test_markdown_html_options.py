"""HTML written in a Markdown release follows the project's ``[html]`` as an HTML release does.

Before, a Markdown release's HTML was read with HTML's own rules alone: a ``<div
class="legal">`` the project names in ``no-translate-classes`` was sent to translators and
published translated, and a ``data-tooltip`` named in ``translate-attributes`` stayed in
English. And a ``<span translate="no">`` written inline in a paragraph was a pair of
placeholders around words the translator was free to change. Now what an element marked never
translated holds is one placeholder, written back as the source has it, as in HTML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from support.markdown_units import FRONT, body_units

from relay.core.model import Target
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.render import render
from relay.publish.run import publish
from relay.sources.formats import html, markdown
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

OPTIONS = html.Options(no_translate_classes=("legal",), translate_attributes=("data-tooltip",))


def units(body: str, options: html.Options = OPTIONS) -> list[str]:
    return body_units(body, options)


def test_an_html_block_follows_the_projects_classes_and_attributes() -> None:
    body = (
        '<div class="legal">\n<p>Binding in English only.</p>\n</div>\n\n'
        '<p data-tooltip="Click to read the report">Read it.</p>\n'
    )
    assert units(body) == ["Click to read the report", "Read it."]
    # Without the project's settings, HTML's own rules: the notice is text, the tooltip data.
    assert units(body, html.PLAIN) == ["Binding in English only.", "Read it."]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Some <span translate="no">Brand X</span> text.\n', "Some <1/> text."),
        ("Some <span class='legal notice'>Legal Name Ltd</span> text.\n", "Some <1/> text."),
        ('A <b class="notranslate">x</b> and <i TRANSLATE=NO>y</i>.\n', "A <1/> and <2/>."),
        # Elements of its name inside it, Markdown's emphasis and a link's address in it.
        (
            'A <span translate="no">B <span>C</span> **D** [E](https://e.org)</span> F.\n',
            "A <1/> F.",
        ),
        # translate="yes" and other classes: a pair of placeholders around words translated.
        ('A <span translate="yes">b</span> c.\n', "A <1>b</1> c."),
        ('A <span class="brand">b</span> c.\n', "A <1>b</1> c."),
        # Never closed in its paragraph: an open tag like any other, nothing is lost.
        ('A <span translate="no">b c.\n', "A <1/>b c."),
    ],
)
def test_an_element_written_inline_and_marked_never_translated_is_one_placeholder(
    body: str, expected: str
) -> None:
    assert units(body) == [expected]


def test_an_inline_tag_translates_the_attributes_the_project_names() -> None:
    body = 'See <span data-tooltip="The full report" data-id="r-1">this</span>.\n'
    assert units(body) == ["The full report", "See <1>this</1>."]


def test_what_is_kept_is_published_as_written(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    with (root / "relay.toml").open("a", encoding="utf-8") as config:
        config.write('[html]\nno-translate-classes = ["legal"]\n')
        config.write('translate-attributes = ["data-tooltip"]\n')
    body = (
        'A <span translate="no">Brand <span class="x">Inner</span> tail</span> after.\n\n'
        'B <span class="legal">[a link](https://x.org) inside</span> end.\n\n'
        '<div class="legal">\n<p>Binding in English only.</p>\n</div>\n\n'
        '<p data-tooltip="Click to read the report">Read it.</p>\n'
    )
    (root / "sources" / "2026-12-02-harbour.md").write_text(FRONT + body, "utf-8")
    extract(open_project(root))
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    published = (root / "public" / "qps" / "2026-12-02-harbour.md").read_text("utf-8")
    for kept in (
        '<span translate="no">Brand <span class="x">Inner</span> tail</span>',
        '<span class="legal">[a link](https://x.org) inside</span>',
        '<div class="legal">\n<p>Binding in English only.</p>\n</div>',
    ):
        assert kept in published
    assert "Click to read the report" not in published
    assert (root / "public" / "en" / "2026-12-02-harbour.md").read_text("utf-8") == FRONT + body
    # markdown-it reads the same HTML elements in the variant as in the source.
    parser = MarkdownIt("commonmark")

    def html_tokens(text: str) -> list[str]:
        found = []
        for token in parser.parse(text):
            found += [c.content for c in token.children or () if c.type == "html_inline"]
            if token.type == "html_block":
                found.append(token.content.split(">")[0])
        return found

    source_tags = [t for t in html_tokens(FRONT + body) if "data-tooltip" not in t]
    variant_tags = [t for t in html_tokens(published) if "data-tooltip" not in t]
    assert variant_tags == source_tags


def test_render_writes_the_kept_element_back_in_any_variant() -> None:
    text = FRONT + 'Some <span translate="no">Brand X</span> text.\n'
    parsed = markdown.read(text, path="r.md")
    document = segment(parsed, lang="en", splitter=sentence_starts)
    out, fallbacks = render(
        document,
        {"Harbour works": "Travaux", "Some <1/> text.": "Du <1/> texte."},
        target=Target("fr", "en"),
        fmt=markdown,
    )
    assert not fallbacks
    assert 'Du <span translate="no">Brand X</span> texte.' in out
