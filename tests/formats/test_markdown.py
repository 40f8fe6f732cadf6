"""The Markdown format: lossless reading, pieces, metadata, escaping, fields."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS

from relay.core.errors import SourceError
from relay.core.model import Field, Target
from relay.sources.blocks import Block, BlockSlot, Close, Empty, Open, Parsed, Text, source_text
from relay.sources.formats import markdown, markdown_inline

RELEASE = """\
---
title: "Ministers agree on a road map for water cooperation"
date: 2014-03-12
slug: water-cooperation-road-map
embargo: 2014-03-12T10:00:00+01:00     # optional, must be timezone-aware
lang: en                                # optional
---

# Ministers agree on a road map for water cooperation

**Geneva, 12 March 2014** – Ministers from 25 countries agreed on *Tuesday* on a
[road map](http://www.unece.org/env/water.html) for cooperation, e.g. on shared rivers.

- First item with `code` in it.
- Second item.

> A quote, spanning
> two lines.
"""

EVERYTHING = """\
---
title: >
  Water cooperation:
  a road map
date: "2014-03-12"
slug: road-map-2
contact: press@unece.org
---

Road map agreed
===============

## Background ##

The *Convention* (see [the text][convention] and <http://www.unece.org/>) was adopted
in 1992.  \n\
It now has 41 Parties\\
and an ![logo](logo.png "UNECE logo") &amp; a footnote&#x2a; with \\*escapes\\*.

1. Ministers agreed:
   - to meet *again*;
   - to share data.

     A second paragraph in the item, with a [link](<http://x.org/a b> 'title').
2) Parties will report

* * *

> ## A quoted heading
> Quoted text that goes on
lazily on the next line.
>
> > Nested quote.

| Country | Parties | Notes \\| more |
|:--------|--------:|:---:|
| France | 1 | ~~none~~ |
| Germany | 2 |

```python
print("not translated")
```

    indented code

<div class="box">
Raw HTML block.
</div>

Inline <span lang="fr">HTML</span> and `code` and a hard break\\
here.

[convention]: http://www.unece.org/env/water/text.html "The Convention"
"""

TABS = "-\tItem with\ta tab\n\tcontinued\n\n>\tQuote\n>\t\tdeeper\n\n\tcode\n"

SAMPLES = {
    "release": RELEASE,
    "everything": EVERYTHING,
    "crlf": EVERYTHING.replace("\n", "\r\n"),
    "lone cr": RELEASE.replace("\n", "\r"),
    "no trailing newline": RELEASE.rstrip("\n"),
    "tabs": TABS,
    "no front matter": "# A heading\n\nA paragraph.\n",
    "empty": "",
    "only front matter": "---\ntitle: x\n---",
}


def read(text: str) -> Parsed:
    return markdown.read(text, path="release.md")


def texts(block: Block) -> str:
    return "".join(piece.shown for piece in block.pieces if isinstance(piece, Text))


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_samples_read_back_byte_for_byte(text: str) -> None:
    assert source_text(read(text)) == text


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_only_text_is_in_blocks(text: str) -> None:
    for block in read(text).blocks:
        for piece in block.pieces:
            if isinstance(piece, Text):
                assert "http" not in piece.raw
                assert not re.search(r"(?<!\\)[*`<~]|\]\(", piece.raw), piece


def test_blocks_of_a_release() -> None:
    parsed = read(EVERYTHING)
    roles = [(block.role, texts(block)) for block in parsed.blocks]
    assert roles[:3] == [
        ("title", "Water cooperation: a road map\n"),
        ("heading", "Road map agreed"),
        ("heading", "Background"),
    ]
    assert ("list item", "Ministers agreed:") in roles
    assert ("list item", "to meet again;") in roles
    assert ("list item", "A second paragraph in the item, with a link.") in roles
    assert ("quote", "A quoted heading") not in roles
    assert ("heading", "A quoted heading") in roles
    assert ("quote", "Quoted text that goes on lazily on the next line.") in roles
    assert ("quote", "Nested quote.") in roles
    assert ("table cell", "Notes | more") in roles
    assert ("table cell", "none") in roles
    assert ("paragraph", "Inline HTML and  and a hard breakhere.") in roles
    skeleton = "".join(part for part in parsed.skeleton if isinstance(part, str))
    for kept in ("* * *", 'print("not translated")', "    indented code", '<div class="box">'):
        assert kept in skeleton
    # An HTML block's text is read by the HTML reader; titles and alt text are units.
    assert ("paragraph", "\nRaw HTML block.\n") in roles
    assert ("title", "The Convention") in roles
    assert ("alt text", "logo") in roles
    assert "[convention]: http://www.unece.org/env/water/text.html" in skeleton


def test_lines_are_source_lines() -> None:
    lines = {(block.role, texts(block)): block.line for block in read(RELEASE).blocks}
    assert lines["title", "Ministers agree on a road map for water cooperation"] == 2
    assert lines["heading", "Ministers agree on a road map for water cooperation"] == 9
    assert lines["list item", "First item with  in it."] == 14
    assert lines["quote", "A quote, spanning two lines."] == 17


def test_pieces_of_a_paragraph() -> None:
    text = "Ministers agreed on *Tuesday* on a [road map](http://x) for cooperation.\n"
    (block,) = read(text).blocks
    assert block.role == "paragraph"
    assert block.pieces == (
        Text("Ministers agreed on ", "Ministers agreed on "),
        Open(("*",), 0, "emphasis"),
        Text("Tuesday", "Tuesday"),
        Close(("*",), 0),
        Text(" on a ", " on a "),
        Open(("[",), 1, "link"),
        Text("road map", "road map"),
        Close(("](http://x)",), 1),
        Text(" for cooperation.", " for cooperation."),
    )


def test_pieces_show_what_a_reader_reads() -> None:
    text = "Use \\*stars\\* &amp; **bold** `x` ![a](i.png) <b>b</b> <http://a.b>\n\n> c  \n> d"
    (alt, first, second) = read(text).blocks
    # Each escape or entity is a piece of its own (so it never hides a sentence boundary).
    assert first.pieces[:4] == (
        Text("Use ", "Use "),
        Text("\\*", "*"),
        Text("stars", "stars"),
        Text("\\*", "*"),
    )
    assert Text("&amp;", "&") in first.pieces
    assert Open(("**",), 0, "strong") in first.pieces
    empties = [(piece.markup, piece.label) for piece in first.pieces if isinstance(piece, Empty)]
    assert empties == [
        (("`x`",), "code"),
        (("![", BlockSlot(0), "](i.png)"), "image"),
        (("<http://a.b>",), "link"),
    ]
    assert alt == Block((Text("a", "a"),), "alt text", 1, splittable=False)
    # Inline HTML tags that pair up are a placeholder pair: kept in the source's order.
    assert Open(("<b>",), 1, "html") in first.pieces
    assert Close(("</b>",), 1) in first.pieces
    assert second.role == "quote"
    assert second.pieces == (
        Text("c", "c"),
        Empty(("  \n> ",), "line break"),
        Text("d", "d"),
    )


def test_soft_breaks_take_the_next_line_prefix() -> None:
    (block,) = read("- one\n  two\n").blocks
    assert block.pieces == (Text("one", "one"), Text("\n  ", " "), Text("two", "two"))


def test_link_titles_are_units_and_references_stay_in_markup() -> None:
    text = '[a](/u "T") [b][r] [r]\n\n[r]: /v (Ref title)\n'
    parsed = read(text)
    (title, block, definition) = parsed.blocks
    closes = [piece.markup for piece in block.pieces if isinstance(piece, Close)]
    label = Field("label", "", "[r]")  # type: ignore[arg-type]
    assert closes == [("](/u ", BlockSlot(0, "title"), ")"), ("][r]",), ("]", label)]  # type: ignore[arg-type]
    assert title == Block((Text('"T"', "T"),), "title", 1, splittable=False)
    assert definition == Block((Text("(Ref title)", "Ref title"),), "title", 3, splittable=False)
    assert parsed.skeleton[-3:] == ("\n\n[r]: /v ", BlockSlot(2, "title"), "\n")  # type: ignore[arg-type]


def test_blocks_without_text_stay_in_the_skeleton() -> None:
    parsed = read("![](logo.png)\n\n`code`\n\n#\n")
    assert parsed.blocks == ()
    assert parsed.skeleton == ("![](logo.png)\n\n`code`\n\n#\n",)


def test_metadata() -> None:
    parsed = read(RELEASE)
    meta = parsed.metadata
    assert meta.title == "Ministers agree on a road map for water cooperation"
    assert meta.date == dt.date(2014, 3, 12)
    assert meta.slug == "water-cooperation-road-map"
    assert meta.embargo == dt.datetime(2014, 3, 12, 9, tzinfo=dt.UTC)
    assert meta.lang == "en"
    assert meta.extra == ()
    other = read(EVERYTHING).metadata
    assert other.date == dt.date(2014, 3, 12)
    assert other.extra == (("contact", "press@unece.org"),)


def test_title_is_one_attribute_block_over_the_scalar() -> None:
    parsed = read(RELEASE)
    assert parsed.skeleton[:2] == ("---\ntitle: ", BlockSlot(0, "attribute"))
    title = parsed.blocks[0]
    assert title.role == "title"
    assert not title.splittable
    assert title.line == 2
    assert title.pieces == (
        Text(
            '"Ministers agree on a road map for water cooperation"',
            "Ministers agree on a road map for water cooperation",
        ),
    )


def test_title_from_the_first_heading_without_front_matter() -> None:
    assert read("Intro\n\n## The *real* title\n\n# Other\n").metadata.title == "The real title"
    assert read("No heading.\n").metadata.title is None


def test_lang_field_in_place() -> None:
    parsed = read(RELEASE)
    assert Field("lang", "en") in parsed.skeleton
    assert parsed.skeleton[parsed.skeleton.index(Field("lang", "en")) - 1].endswith("\nlang: ")


def test_lang_field_added_before_the_closing_fence() -> None:
    parsed = read("---\ndate: 2014-03-12\n---\nBody.\n")
    assert parsed.skeleton[:3] == ("---\ndate: 2014-03-12\n", Field("lang", ""), "---\n")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: x\ndate: [2014\nslug: a\n---\n", 4, "not valid YAML"),
        ("---\ntitle: x\nembargo: 2014-03-12T10:00:00\n---\n", 3, "time zone"),
        ("---\ntitle: x\nembargo: 2014-03-12\n---\n", 3, "date and time"),
        ("---\ntitle: x\n\ndate: 2014-02-30\n---\n", 4, "day is out of range"),
        ("---\r\ntitle: x\r\ndate: tomorrow\r\n---\r\n", 3, "date must be a day"),
        ("---\ntitle: yes\n---\n", 2, "put it in quotes"),
        ("---\nslug: Water Road Map\n---\n", 2, "slug"),
        ("---\nlang:\n---\n", 2, "language tag"),
        ("---\n- a list\n---\n", 2, "key: value"),
        ("---\ntitle: x\nnote: \x07\n---\n", 3, "U+0007"),
        ("---\ntitle: x\n\nno end", 1, "no closing"),
        ("---\nkey: &a en\nlang: *a\n---\n", 2, "anchors"),
    ],
)
def test_front_matter_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as raised:
        read(text)
    assert raised.value.line == line
    assert raised.value.path == "release.md"
    assert words in raised.value.message


def test_render_field() -> None:
    target = Target("fr", "en")
    assert markdown.render_field(Field("lang", "en"), target) == "fr"
    assert markdown.render_field(Field("lang", ""), target) == "lang: fr\n"
    assert markdown.render_field(Field("lang", "en"), Target("no", "en")) == '"no"'
    assert markdown.render_field(Field("date", "12 March"), target) == "12 March"


def test_published_title_and_lang_read_back() -> None:
    parsed = read("---\ntitle: x\ndate: 2014-03-12\n---\n# x\n")
    title = 'Ça "marche" : oui\n'
    parts = []
    for part in parsed.skeleton:
        if isinstance(part, BlockSlot):
            parts.append(markdown.escape(title if part.block == 0 else "y", part.escape))
        elif isinstance(part, Field):
            parts.append(markdown.render_field(part, Target("fr", "en")))
        else:
            parts.append(part)
    meta = read("".join(parts)).metadata
    assert (meta.title, meta.lang) == (title, "fr")


# Escaping

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

CONTEXTS = {  # where a unit can land, and the one top-level block that must come out
    "paragraph": ("{}", "paragraph_open"),
    "continued line": ("Intro\n{}", "paragraph_open"),
    "mid-line": ("Intro {} outro", "paragraph_open"),
    "heading": ("# {}", "heading_open"),
    "list item": ("- {}", "bullet_list_open"),
    "quote": ("> {}", "blockquote_open"),
    "table cell": ("| h |\n|---|\n|{}|", "table_open"),
    "link text": ("[{}](http://x)", "paragraph_open"),
    "setext heading": ("{}\n===", "heading_open"),
    "continued item": ("- Intro\n  {}", "bullet_list_open"),
    "continued quote": ("> Intro\n> {}", "blockquote_open"),
}


def _fold(text: str) -> str:
    """Fold whitespace runs to one space, as a reader sees them; NUL reads as U+FFFD."""
    return re.sub(r"\s+", " ", text.replace("\0", "\ufffd")).strip()


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(x=st.text(), context=st.sampled_from(sorted(CONTEXTS)))
def test_escaped_text_makes_no_markup(x: str, context: str) -> None:
    assume(x.strip(MD_TRIM_CHARS))
    template, top = CONTEXTS[context]
    tokens = _MD.parse(template.format(markdown.escape(x, "text")))
    assert [token.type for token in tokens if token.nesting == 1 and token.level == 0] == [top]
    children = [token for token in tokens if token.type == "inline"][-1].children or []
    kinds = {child.type for child in children} - {"text", "softbreak"}
    assert kinds <= ({"link_open", "link_close"} if context == "link text" else set())
    shown = "".join(
        " " if child.type == "softbreak" else child.content
        for child in children
        if child.type in ("text", "softbreak")
    )
    expected = "Intro {} outro" if context == "mid-line" else "{}"
    expected = "Intro " + expected if context.startswith("continued") else expected
    assert _fold(shown) == _fold(expected.format(x))


MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"ab #*_[]()<>`~!&;\\|-+=.:/1\n\t{}%", "&amp;", "1. ", "---", "\r\n", "{{<", "{%"]
    )
).map("".join)


@given(x=MARKDOWNISH)
def test_escaped_markdownish_text_makes_no_markup(x: str) -> None:
    test_escaped_text_makes_no_markup.hypothesis.inner_test(x=x, context="paragraph")


@settings(max_examples=300)
@given(x=MARKDOWNISH, context=st.sampled_from(["text", "title", "html", "html-attribute", "json"]))
def test_a_translation_makes_no_template_tag(x: str, context: str) -> None:
    # A site generator runs "{{< … >}}", "{{ … }}" and "{% … %}" wherever they are in a
    # page's text, HTML or link titles, before it reads the Markdown: a translation's must
    # reach it as text ("&#123;", "\\u007b" in JSON), or a translator could run a shortcode.
    escaped = markdown.escape(x, context)  # type: ignore[arg-type]
    assert not re.search(r"\{[{%]", escaped), escaped
    if context == "text":
        pieces = markdown.read(f"Intro {escaped} outro\n", path="t.md").skeleton
        assert not any(
            isinstance(piece, Empty) and piece.label == "template"
            for block in pieces
            if isinstance(block, Block)
            for piece in block.pieces
        )


def test_escape_keeps_text_readable() -> None:
    assert markdown.escape("e.g. 3.5 - 4, C# and snake_case", "text") == (
        "e.g. 3.5 - 4, C# and snake_case"
    )
    assert markdown.escape("1. *Big* [deal] <b> & &amp;", "text") == (
        "1\\. \\*Big\\* \\[deal\\] \\<b> & \\&amp;"
    )
    assert markdown.escape("# Top #", "text") == "\\# Top \\#"
    assert markdown.escape("a\\", "text") == "a&#92;"


@given(x=st.text())
def test_attribute_escape_is_a_yaml_string(x: str) -> None:
    assert yaml.safe_load("title: " + markdown.escape(x, "attribute"))["title"] == x


def test_attribute_escape_of_odd_characters() -> None:
    for x in ("\ud800", "\x85\u2028", "\ufeff", 'quote " and \\', "😀"):
        assert yaml.safe_load("title: " + markdown.escape(x, "attribute"))["title"] == x


# Generated documents

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789", min_size=1, max_size=8)
INLINE_ITEM = st.one_of(
    WORD,
    WORD.map("*{}*".format),
    WORD.map("**{}**".format),
    WORD.map("_{}_".format),
    WORD.map("~~{}~~".format),
    WORD.map("`{}`".format),
    WORD.map("[{}](http://example.org/x)".format),
    WORD.map('[{}](<http://example.org/a b> "A title")'.format),
    WORD.map("[{}][ref]".format),
    WORD.map("![{}](img.png)".format),
    WORD.map("<b>{}</b>".format),
    # Kept whole, as one placeholder (translate="no"), a link or emphasis inside included.
    WORD.map('<span translate="no">{}</span>'.format),
    WORD.map('<span class="notranslate">*{0}* [{0}](http://example.org/k)</span>'.format),
    WORD.map('<i translate="no">{0} <i>{0}</i></i>'.format),
    st.sampled_from(["\\*", "\\_", "&amp;", "&#x41;", "<http://example.org>", "e.g."]),
)
SEPARATOR = st.sampled_from([" ", " ", " ", "\n", "  \n", "\\\n", "\t"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    items = draw(st.lists(INLINE_ITEM, min_size=1, max_size=8))
    text = items[0]
    for item in items[1:]:
        text += draw(SEPARATOR) + item
    return text


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [rest + line if line else line for line in lines[1:]])


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = ["paragraph", "heading", "setext", "code", "fence", "html", "rule", "table"]
    if depth < 2:
        kinds += ["bullets", "numbers", "quote"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return draw(inline())
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(inline()).replace("\n", " ")
    if kind == "setext":
        return draw(inline()).rstrip("\\") + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "code":
        return "    " + draw(WORD) + "\n    code"
    if kind == "fence":
        return "```\n" + draw(WORD) + " *x*\n```"
    if kind == "html":
        return "<div>\n" + draw(WORD) + "\n</div>"
    if kind == "rule":
        return draw(st.sampled_from(["***", "- - -", "___"]))
    if kind == "table":
        rows = draw(st.lists(st.lists(WORD, min_size=2, max_size=2), min_size=1, max_size=3))
        body = "".join(f"| {a} | *{b}* |\n" for a, b in rows)
        return "| Head | **Bold** \\| pipe |\n|---|:-:|\n" + body.rstrip("\n")
    if kind == "quote":
        return _indent(draw(block(depth + 1)), "> ", "> ")
    items = draw(st.lists(block(depth + 1), min_size=1, max_size=3))
    marker = "- " if kind == "bullets" else "1. "
    return "\n".join(_indent(item, marker, " " * len(marker)) for item in items)


@st.composite
def document(draw: st.DrawFn) -> str:
    front = draw(st.sampled_from(["", "---\ntitle: 'A *title*'\ndate: 2014-03-12\n---\n"]))
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = front + "\n\n".join(blocks) + "\n\n[ref]: http://example.org/ref\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text if draw(st.booleans()) else text.rstrip("\r\n")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=document())
@example(text="0\n\nhttp\n\n[ref]: http://example.org/ref")  # a word, not an address
def test_generated_documents_read_back_with_markup_in_codes(text: str) -> None:
    parsed = read(text)
    assert source_text(parsed) == text
    for one in parsed.blocks[1:] if parsed.metadata.date else parsed.blocks:
        roles = {"heading", "paragraph", "list item", "quote", "table cell", "title", "alt text"}
        assert one.role in roles
        for piece in one.pieces:
            if isinstance(piece, Text):
                # markup left in a text piece means the tokens were not matched to the source
                # (a link's address too; a word may be "http", WORD's letters spell it)
                assert not re.search(r"(?<!\\)[*_`<~\[\]]|https?:", piece.raw), (piece, one)


@settings(max_examples=300)
@given(text=st.one_of(st.text(), MARKDOWNISH))
def test_any_text_reads_back_byte_for_byte(text: str) -> None:
    try:
        parsed = read(text)
    except SourceError:
        return
    assert source_text(parsed) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n\r", max_size=40), st.data())
def test_positions_are_turned_into_offsets_alike_one_by_one_and_all_at_once(
    text: str, data: st.DataObject
) -> None:
    """A body whose lines all end with "\\n" takes its positions as they are; any other is
    turned position by position."""
    lines = markdown_inline._Lines(text)
    normalized = len(re.sub(r"\r\n?", "\n", text))
    positions = data.draw(st.lists(st.integers(0, normalized)))
    assert lines.all_written(positions) == [lines.written(position) for position in positions]
