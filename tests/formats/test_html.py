"""The HTML reader and writer: what becomes a unit, what stays markup, what is escaped."""

from __future__ import annotations

import re

import html5lib
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from relay.core.errors import SourceError
from relay.core.model import Field, Target
from relay.publish.render import render
from relay.sources.blocks import BlockSlot, RawPart, join_strings, source_text
from relay.sources.formats import html
from relay.sources.units import segment


def simple_split(text: str, lang: str) -> list[int]:
    return [m.end() for m in re.finditer(r"(?<=[.!?]) +(?=[A-Z<])", text)]


def page(body: str, head: str = "<title>T</title>") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def units_of(text: str) -> list[str]:
    document = segment(html.read(text, path="t.html"), lang="en", splitter=simple_split)
    return [unit.text for unit in document.units]


def test_blocks_are_units_and_inline_elements_placeholders() -> None:
    source = page('<p>See <a href="http://x.org/a?b=1&amp;c=2">the <em>report</em></a>.</p>')
    assert units_of(source) == ["T", "See <1>the <2>report</2></1>."]


def test_translators_never_see_attribute_values() -> None:
    source = page('<p class="lead">Go <a href="http://secret.example/" class="x">here</a>.</p>')
    assert all("secret" not in text and "lead" not in text for text in units_of(source))


def test_alt_and_title_attributes_are_units_of_their_own() -> None:
    source = page(
        '<p><img src="a.png" alt="A map of the region"> Text <abbr title="United'
        ' Nations">UN</abbr>.</p>'
    )
    texts = units_of(source)
    assert "A map of the region" in texts
    assert "United Nations" in texts
    assert "<1/> Text <2>UN</2>." in texts


def test_the_label_of_an_input_shown_as_a_button_is_a_unit() -> None:
    """Left in the source language it would be the one English word on the page."""
    source = page(
        '<form><input type="submit" value="Subscribe"> <input type=RESET value="Clear all">'
        ' <input type="button" value="Preview"> <input type="hidden" name="t" value="token-7">'
        ' <input type="text" name="q" value="search terms"> <input value="no type"></form>'
    )
    texts = units_of(source)
    assert [t for t in texts if t != "T"] == ["Subscribe", "Clear all", "Preview"]
    written = translate(
        source,
        {"T": "T", "Subscribe": "S’abonner", "Clear all": "Tout effacer", "Preview": "Aperçu"},
    )
    assert 'value="S’abonner"' in written and 'value="Tout effacer"' in written
    assert 'value="Aperçu"' in written
    assert 'value="token-7"' in written and 'value="search terms"' in written
    assert 'value="no type"' in written


@pytest.mark.parametrize(
    "kept",
    [
        "<script>var a = 'Hello world.';</script>",
        "<style>p { color: red }</style>",
        "<pre><code>print('Hello')</code></pre>",
        '<p translate="no">Do not translate me.</p>',
        # The text of SVG marked not to be translated, or inside what is kept.
        '<svg translate="no"><title>Logo</title><text>ACME</text></svg>',
        '<svg><g class="notranslate"><text>ACME</text></g><desc translate="no">Logo</desc></svg>',
        '<div translate="no"><svg aria-label="Logo"><text>ACME</text></svg></div>',
        "<pre><code><svg><text>ACME</text></svg></code></pre>",
        '<svg><text class="notranslate"><tspan>ACME</tspan></text></svg>',
    ],
)
def test_kept_elements_are_not_extracted(kept: str) -> None:
    assert units_of(page(kept)) == ["T"]


CHART = (
    '<figure><svg viewBox="0 0 100 50" role="img" aria-label="A bar chart" id="c1">\n'
    "<style>text { font: 3px sans-serif }</style>\n"
    "<title>Road deaths by year</title><desc>Deaths fell from 1,500 to 1,100.</desc>\n"
    '<g class="axis" transform="translate(0,40)"><text x="0">2010</text>'
    '<text x="50">Deaths <tspan font-weight="bold">per million</tspan></text></g>\n'
    '<rect width="10" height="10" fill="#c00"><title>Fell by a quarter</title></rect>\n'
    '<foreignObject width="40" height="9"><p>Source: national data.</p></foreignObject>\n'
    "</svg><figcaption>Figure 1</figcaption></figure>\n"
    '<p>So <math alttext="x equals deaths"><mi>x</mi><mo>=</mo><mtext>all deaths</mtext>'
    "</math> here.</p>"
)
CHART_UNITS = [  # attribute values first, as every page's
    "A bar chart",
    "x equals deaths",
    "T",
    "Road deaths by year",
    "Deaths fell from 1,500 to 1,100.",
    "2010",
    "Deaths <1>per million</1>",
    "Fell by a quarter",
    "Source: national data.",
    "Figure 1",
    "all deaths",
    "So <1/> here.",
]


def test_the_text_a_person_reads_in_svg_and_mathml_is_translated() -> None:
    """A chart's labels, title and description (a tooltip, read aloud), HTML inside its
    <foreignObject>, the words of a formula and what is read aloud of them: left as written,
    each would be in the source language in every variant. Their drawing, styles and the
    symbols of a formula are kept as written."""
    assert units_of(page(CHART)) == CHART_UNITS
    document = segment(html.read(page(CHART), path="t.html"), lang="en", splitter=simple_split)
    roles = {unit.text: unit.role for unit in document.units}
    assert roles["Road deaths by year"] == "image title"  # not the page's title
    assert roles["Deaths fell from 1,500 to 1,100."] == "image description"
    assert roles["2010"] == "image text" and roles["all deaths"] == "formula text"


def test_a_chart_is_written_back_byte_for_byte_and_translated_in_place() -> None:
    source = page(CHART)
    assert translate(source, {t: t for t in CHART_UNITS}, lang="en") == source
    french = {t: f"«{t}»" for t in CHART_UNITS} | {
        "T": "T",
        "Deaths <1>per million</1>": "Décès <1>par million</1>",
        "So <1/> here.": "Donc <1/> ici.",
    }
    out = translate(source, french)
    assert "<title>«Road deaths by year»</title>" in out
    assert '<text x="50">Décès <tspan font-weight="bold">par million</tspan></text>' in out
    assert 'aria-label="«A bar chart»"' in out and 'alttext="«x equals deaths»"' in out
    assert "<p>«Source: national data.»</p>" in out and "<mi>x</mi><mo>=</mo>" in out
    assert "<style>text { font: 3px sans-serif }</style>" in out
    assert '<rect width="10" height="10" fill="#c00"><title>«Fell by a quarter»' in out
    tree = html5lib.parse(out, namespaceHTMLElements=False)
    svg = tree.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None  # still SVG to a browser: its text is where it was
    labels = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert labels == ["«2010»", "Décès par million"]


def test_an_icon_inside_a_paragraph_keeps_its_place_and_its_title_is_a_unit() -> None:
    source = page('<p><a href="/x"><svg width="9"><title>Share</title></svg> Share it</a>.</p>')
    assert units_of(source) == ["T", "Share", "<1><2/> Share it</1>."]
    out = translate(
        source, {"T": "T", "Share": "Partager", "<1><2/> Share it</1>.": "<1><2/> Partagez</1>."}
    )
    assert '<p><a href="/x"><svg width="9"><title>Partager</title></svg> Partagez</a>.</p>' in out


def test_translate_yes_inside_translate_no_is_translated_inline_too() -> None:
    source = page('<p translate="no">ACME <span translate="yes">is a company</span>.</p>')
    assert units_of(source) == ["T", "is a company"]


def test_code_inside_a_paragraph_is_a_standalone_placeholder() -> None:
    assert units_of(page("<p>Run <code>relay extract</code> now.</p>")) == [
        "T",
        "Run <1/> now.",
    ]


def test_inline_markup_does_not_hide_a_sentence_boundary() -> None:
    source = page("<p>One. <em>Two. Three.</em> Four. <b>Five. Six</b> seven.</p>")
    # The text has a boundary inside the emphasis: the halves of the element stay outside
    # the units where they lead or trail, and are standalone codes where they do not.
    assert units_of(source) == ["T", "One.", "Two.", "Three.", "Four.", "Five.", "Six<1/> seven."]
    document = segment(html.read(source, path="t.html"), lang="en", splitter=simple_split)
    identity = {unit.text: unit.text for unit in document.units}
    assert render(document, identity, target=Target("en", "en"), fmt=html)[0] == source


def test_markup_wrapping_a_whole_unit_stays_in_the_skeleton() -> None:
    assert units_of(page("<p><strong>Note to editors</strong></p>")) == ["T", "Note to editors"]


def test_mixed_content_gives_units_for_loose_text() -> None:
    source = page("<div>Loose text here.<p>A paragraph.</p>Tail text.</div>")
    assert units_of(source) == ["T", "Loose text here.", "A paragraph.", "Tail text."]


def test_metadata_comes_from_head() -> None:
    head = (
        '<title>Hello</title>\n<meta name="date" content="2013-04-23">\n'
        '<meta name="slug" content="hello-world">\n'
        '<meta name="embargo" content="2013-04-23T10:00:00+02:00">'
    )
    metadata = html.read(page("<p>x</p>", head), path="t.html").metadata
    assert metadata.title == "Hello"
    assert str(metadata.date) == "2013-04-23"
    assert metadata.slug == "hello-world"
    assert metadata.embargo is not None and metadata.embargo.utcoffset() is not None


def test_bad_metadata_names_the_line() -> None:
    head = '<title>Hello</title>\n<meta name="date" content="23/04/2013">'
    with pytest.raises(SourceError) as caught:
        html.read(page("<p>x</p>", head), path="t.html")
    assert caught.value.line == 5
    assert "t.html:5" in caught.value.message


def test_not_html_is_refused() -> None:
    with pytest.raises(SourceError):
        html.read("", path="t.html")


def translate(source: str, translations: dict[str, str], lang: str = "fr") -> str:
    document = segment(html.read(source, path="t.html"), lang="en", splitter=simple_split)
    target = Target(lang, "en", rtl=lang == "ar", date_text="23 avril 2013")
    text, fallbacks = render(document, translations, target=target, fmt=html)
    assert not fallbacks
    return text


def test_translation_rebuilds_markup_from_the_source() -> None:
    source = page('<p>See <a href="http://x.org/">the report</a>.</p>')
    out = translate(source, {"T": "T", "See <1>the report</1>.": "Voir <1>le rapport</1>."})
    assert '<p>Voir <a href="http://x.org/">le rapport</a>.</p>' in out
    assert '<html lang="fr">' in out


def test_right_to_left_languages_get_dir() -> None:
    out = translate(page("<p>Hi.</p>"), {"T": "T", "Hi.": "مرحبا."}, lang="ar")
    assert '<html lang="ar" dir="rtl">' in out


def test_a_language_inside_the_page_follows_the_variant_where_it_restates_the_source() -> None:
    # <p lang="en-GB"> in an English release is about text the French variant translates: left
    # "en", a screen reader would read French with English rules. Text in another language,
    # and anything on an element never translated, keeps the language the source gave it.
    source = page(
        "<p lang=\"en-GB\">Hi.</p><p xml:lang=EN>Bye.</p><p>A <i lang='de'>Zeitgeist</i>.</p>"
        '<p class="notranslate" lang="en">Keep.</p>'
    )
    translations = {
        "T": "T",
        "Hi.": "Salut.",
        "Bye.": "Adieu.",
        "A <1>Zeitgeist</1>.": "Un <1>Zeitgeist</1>.",
    }
    out = translate(source, translations)
    assert '<p lang="fr">Salut.</p><p xml:lang="fr">Adieu.</p>' in out
    assert "<i lang='de'>Zeitgeist</i>" in out
    assert '<p class="notranslate" lang="en">Keep.</p>' in out
    assert translate(source, {u: u for u in translations}, lang="en") == source


@pytest.mark.parametrize(
    ("source_lang", "stated", "lang", "written"),
    [
        ("en", "English", "fr", "French"),
        ("en", "english", "ru", "russian"),
        ("en", "English (United Kingdom)", "fr-CA", "French (Canada)"),
        ("de", "Deutsch", "fr", "Français"),
        ("de", "German", "fr", "French"),
        ("fr", "français", "ar", "العربية"),
        ("en", "German", "fr", "German"),  # another language's name: kept
        ("en", "Anglais", "fr", "Anglais"),  # not a name relay knows the source by: kept
    ],
)
def test_a_language_named_in_words_names_the_variants(
    source_lang: str, stated: str, lang: str, written: str
) -> None:
    # <meta name="language" content="English"> on the French page was a false statement,
    # kept because the value was no language tag; JSON-LD's inLanguage takes a name too.
    head = (
        f'<title>T</title><meta name="language" content="{stated}">'
        f'<meta name="DC.language" content="{stated}">'
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "inLanguage": "{stated}"}}</script>'
    )
    document = segment(
        html.read(page("<p>Hi.</p>", head=head), path="t.html"),
        lang=source_lang,
        splitter=simple_split,
    )
    target = Target(lang, source_lang, rtl=lang == "ar")
    text, _ = render(document, {"T": "T", "Hi.": "Salut."}, target=target, fmt=html)
    assert f'<meta name="language" content="{written}">' in text
    assert f'<meta name="DC.language" content="{written}">' in text
    assert f'"inLanguage": "{written}"' in text


def test_the_sources_own_link_to_another_version_gives_way_to_the_variants() -> None:
    # An author's <link rel="alternate" hreflang="fr"> (a page on an older site) beside
    # relay's own for the French variant: the page stated two French versions. Where relay
    # states a language's version, its link replaces the author's; another language's, and
    # x-default, stay as the source has them; so in the source's own variant.
    head = (
        "<title>T</title>\n"
        '<link rel="alternate" hreflang="fr-FR" href="https://old.example/fr/a.html">\n'
        '<link hreflang="de" rel="alternate" href="https://old.example/de/a.html">\n'
        '<link rel="alternate" hreflang="x-default" href="https://old.example/a.html">\n'
        '<link rel="alternate" hreflang="EN" href="https://old.example/en/a.html">\n'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">\n'
    )
    head_links = head
    source = page("<p>Hi.</p>", head=head)
    document = segment(html.read(source, path="t.html"), lang="en", splitter=simple_split)
    alternates = (("en", "../en/t.html"), ("fr", "../fr/t.html"))
    for lang in ("fr", "en"):
        target = Target(lang, "en", alternates=alternates)
        text, _ = render(document, {"T": "T", "Hi.": "Salut."}, target=target, fmt=html)
        assert "old.example/fr/" not in text and "old.example/en/" not in text
        assert 'href="https://old.example/de/a.html"' in text
        assert 'hreflang="x-default"' in text and 'href="/feed.xml"' in text
        assert text.count('hreflang="fr"') == 1 and text.count('hreflang="en"') == 1
    # Open Graph's other locales: the French variant is not its own other locale; the
    # source's variant keeps them as written.
    head = '<title>T</title><meta property="og:locale:alternate" content="fr_FR">'
    source = page("<p>Hi.</p>", head=head)
    document = segment(html.read(source, path="t.html"), lang="en", splitter=simple_split)
    for lang, kept in (("fr", False), ("de", True), ("en", True)):
        target = Target(lang, "en", alternates=alternates)
        text, _ = render(document, {"T": "T", "Hi.": "Hallo."}, target=target, fmt=html)
        assert ('content="fr_FR"' in text) is kept, lang
    # Without sibling variants to state (a release published in one language), kept.
    document = segment(html.read(page("<p>Hi.</p>", head=head_links), path="t.html"),
                       lang="en", splitter=simple_split)  # fmt: skip
    text, _ = render(document, {"T": "T", "Hi.": "Salut."}, target=Target("fr", "en"), fmt=html)
    assert "old.example/fr/" in text


@pytest.mark.parametrize(
    ("source_lang", "lang", "rtl", "opening"),
    [
        ("en", "fr", False, '<span lang="en" data-relay-fallback="">'),
        ("en", "ar", True, '<span lang="en" dir="ltr" data-relay-fallback="">'),
        ("ar", "fr", False, '<span lang="ar" dir="rtl" data-relay-fallback="">'),
        ("ar", "he", True, '<span lang="ar" data-relay-fallback="">'),
    ],
)
def test_a_unit_left_in_the_source_language_says_its_language_and_direction(
    source_lang: str, lang: str, rtl: bool, opening: str
) -> None:
    # Left English in an Arabic page, a sentence is laid out left to right, set apart.
    document = segment(
        html.read(page("<p>Hi.</p>"), path="t.html"), lang="en", splitter=simple_split
    )
    target = Target(lang, source_lang, rtl=rtl)
    text, fallbacks = render(document, {"T": "T"}, target=target, fmt=html, mark_fallbacks=True)
    assert [f.unit.text for f in fallbacks] == ["Hi."]
    assert f"<p>{opening}Hi.</span></p>" in text


def test_dates_in_time_elements_are_written_for_the_locale() -> None:
    source = page('<p>Published: <time datetime="2013-04-23">23 April 2013</time></p>')
    out = translate(source, {"T": "T", "Published: <1/>": "Publié le <1/>"})
    assert '<time datetime="2013-04-23">23 avril 2013</time>' in out


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "&lt;script&gt;",
    "<1 onclick=alert(1)>",
]


@pytest.mark.parametrize("vector", XSS)
def test_markup_in_a_translation_is_text(vector: str) -> None:
    source = page('<p>See <a href="http://x.org/">this</a>.</p>')
    out = translate(source, {"T": "T", "See <1>this</1>.": f"Voir <1>ceci</1> {vector}."})
    tree = lxml.html.document_fromstring(out)
    body_tags = {element.tag for element in tree.find("body").iter()}
    assert body_tags == {"body", "p", "a"}
    assert all(not name.startswith("on") for e in tree.iter() for name in e.attrib)
    assert tree.find(".//a").get("href") == "http://x.org/"


words = st.text(alphabet="abcdefgh &<>'\"é\u00a0", min_size=1, max_size=12)
raw_words = words.map(lambda w: w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


@st.composite
def html_bodies(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        tag = draw(st.sampled_from(["p", "h2", "li", "td"]))
        inner = ""
        for _ in range(draw(st.integers(1, 4))):
            text = draw(raw_words)
            kind = draw(st.sampled_from(["text", "em", "a", "br", "code"]))
            if kind == "text":
                inner += text
            elif kind == "em":
                inner += f"<em>{text}</em>"
            elif kind == "a":
                title = text.replace('"', "&quot;")
                inner += (
                    f'<a href="http://x.org/{draw(st.integers(0, 9))}" title="{title}">{text}</a>'
                )
            elif kind == "br":
                inner += "<br>"
            else:
                inner += f"<code>{text}</code>"
        wrapper = {"li": "ul", "td": "table"}.get(tag)
        block = f"<{tag}>{inner}</{tag}>"
        blocks.append(f"<{wrapper}>{block}</{wrapper}>" if wrapper else block)
    return "\n".join(blocks)


def canonical(text: str) -> str:
    """The same document as lxml writes it: what relay's HTML skeleton is made of."""
    root = lxml.html.document_fromstring(text)
    tree = root.getroottree()
    return etree.tostring(tree, method="html", encoding="unicode", doctype=tree.docinfo.doctype)


@settings(max_examples=60, deadline=None)
@given(html_bodies())
def test_reading_loses_nothing(body: str) -> None:
    source = canonical(page(body))
    assert source_text(html.read(source, path="t.html")) == source


@settings(max_examples=60, deadline=None)
@given(html_bodies())
def test_translating_by_identity_gives_the_source_back(body: str) -> None:
    source = canonical(page(body))
    document = segment(html.read(source, path="t.html"), lang="en", splitter=simple_split)
    identity = {unit.text: unit.text for unit in document.units}
    text, _ = render(document, identity, target=Target("en", "en"), fmt=html)
    assert text == source


@settings(max_examples=60, deadline=None)
@given(words)
def test_escaped_translation_reads_back_as_the_same_text(text: str) -> None:
    source = page("<p>Hello.</p>")
    out = translate(source, {"T": "T", "Hello.": text.strip() or "x"})
    paragraph = lxml.html.document_fromstring(out).find(".//p")
    assert paragraph.text_content() == (text.strip() or "x")
    assert len(paragraph) == 0


def _joined_one_by_one(parts: list[RawPart]) -> list[RawPart]:
    """How the reader joined skeleton parts before: each string added to the list's last."""
    joined: list[RawPart] = []
    for part in parts:
        if isinstance(part, str) and joined and isinstance(joined[-1], str):
            joined[-1] += part
        elif part != "":
            joined.append(part)
    return joined


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["", "a", "<p>", " "]),
            st.builds(BlockSlot, st.integers(0, 3)),
            st.just(Field("lang", "en")),
        ),
        max_size=12,
    )
)
def test_skeleton_parts_are_joined_as_one_by_one(parts: list[RawPart]) -> None:
    assert join_strings(parts) == _joined_one_by_one(parts)


def test_a_page_inside_the_page_with_text_is_refused_at_its_line() -> None:
    """An <iframe srcdoc> is shown as written: its text would be English in every variant,
    and relay translates no HTML inside an attribute."""
    framed = (
        '<p>Watch:</p>\n<iframe srcdoc="&lt;p&gt;Our &lt;b&gt;film&lt;/b&gt;&lt;/p&gt;"></iframe>'
    )
    with pytest.raises(SourceError) as caught:
        units_of(page(framed))
    assert caught.value.line == 8 and "iframe srcdoc" in caught.value.message
    assert "translate" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "framed",
    [
        '<iframe srcdoc="&lt;img src=x.png&gt;"></iframe>',  # no text
        '<iframe srcdoc="&lt;p&gt;Film&lt;/p&gt;" translate="no"></iframe>',
        '<div class="notranslate"><iframe srcdoc="&lt;p&gt;Film&lt;/p&gt;"></iframe></div>',
        '<iframe src="film.html" title="Our film"></iframe>',
    ],
)
def test_a_page_inside_without_text_or_marked_not_to_be_translated_is_kept(framed: str) -> None:
    assert "T" in units_of(page(framed))


def test_what_a_screen_reader_reads_of_aria_is_translated() -> None:
    source = page(
        '<div role="region" aria-roledescription="slide" aria-description="The first of three">'
        '<input type="range" aria-valuetext="Five stars"><span aria-placeholder="Search">'
        '</span> <span aria-hidden="true" aria-controls="x">x</span></div>'
    )
    texts = units_of(source)
    assert {"slide", "The first of three", "Five stars", "Search"} <= set(texts)
    assert not any("true" in text or ("slide" in text and text != "slide") for text in texts)
