"""Faithful documents: each release in ``html/`` and ``text/`` goes through the real pipeline
(extract → pseudo → publish, through the Python API) and the published variants are judged
with a real parser (html5lib's tree for HTML, the lines for plain text).

What is judged: the source-language variant is the source byte for byte; the pseudo variant
has the source's structure (the same elements, attributes and lines), every translatable text
run changed, nothing untranslatable changed, and no English (or other source) word left.
The defects of issues #13 and #15 each have a test of their own below the corpus tests.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relay.catalogs.po import load_catalog
from relay.core import cldr
from relay.core.errors import SourceError
from relay.core.model import Target
from relay.core.project import open_project
from relay.exchange.pseudo import KEPT as PSEUDO_KEPT
from relay.exchange.pseudo import pseudo_translate
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.render import render
from relay.publish.run import publish
from relay.sources.blocks import source_text
from relay.sources.formats import html, text
from relay.sources.formats.structured_data import TEXT_KEYS, is_structured_data
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

HERE = Path(__file__).parent
HTML_DOCUMENTS = sorted((HERE / "html").glob("*.html"))
TEXT_DOCUMENTS = sorted((HERE / "text").glob("*.txt"))
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PSEUDO = "qps"
# Elements (and classes) whose content must come out exactly as it went in.
KEPT_TAGS = frozenset(
    "script style code svg math template iframe noscript textarea kbd samp var".split()
)
KEPT_CLASSES = {"notranslate", "brand"}
TRANSLATED_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Kept elements whose own title and labels are translated all the same (an <iframe title> is
# how a screen reader names the embedded video).
LABELLED_KEPT = frozenset({"iframe", "textarea"})
LABELS = {"title", "aria-label", "placeholder"}
TRANSLATED_META = {"description", "og:title", "og:description", "twitter:title"}
TRANSLATED_META |= {"twitter:description"}
# The search terms a page is found by: in English on a French page, never found in French.
TRANSLATED_META |= {"keywords", "news_keywords"}


# -- the pipeline -------------------------------------------------------------------------


def source_lang(document: Path) -> str:
    head = document.read_text("utf-8")[:2000]
    found = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", head, re.IGNORECASE) or re.search(
        r"^Language:\s*(\S+)", head, re.MULTILINE
    )
    return found.group(1) if found else "en"


def published(document: Path, root: Path) -> tuple[bytes, bytes]:
    """Publish ``document`` in its own language and pseudo-translated: (source, pseudo)."""
    lang = source_lang(document)
    root.mkdir()
    config = f'source-lang = "{lang}"\ntarget-langs = ["{PSEUDO}"]\n'
    if "brand" in document.read_text("utf-8"):  # a class the project keeps as written
        config += '\n[html]\nno-translate-classes = [".brand"]\n'
    (root / "relay.toml").write_text(config, encoding="utf-8")
    (root / "sources").mkdir()
    (root / "sources" / document.name).write_bytes(document.read_bytes())
    project = open_project(root)
    report = extract(project)
    assert not report.errors, report.errors
    pseudo_translate_catalogs(project, lang=PSEUDO, slugs=[])
    publish(project, now=NOW)
    out = {}
    for variant in (lang, PSEUDO):
        path = root / "public" / variant / document.name
        assert path.is_file(), f"{variant} variant of {document.name} was not published"
        out[variant] = path.read_bytes()
    return out[lang], out[PSEUDO]


_ALTERNATE = re.compile(rb'<link rel="alternate" hreflang="[^"]*" href="[^"]*">\n')


def without_alternates(data: bytes) -> bytes:
    """The variant without the links to its siblings, the one thing publishing adds."""
    return _ALTERNATE.sub(b"", data)


def english_words(text_run: str) -> set[str]:
    """Words of a source run that must not survive translation: words in Latin letters, URLs
    and e-mail addresses aside (pseudo-translation accents Latin letters only, so a word in
    another script is judged by its run having changed)."""
    text_run = PSEUDO_KEPT.sub(" ", text_run)
    return set(re.findall(r"[^\W\d_]*[A-Za-z][^\W\d_]*", text_run))


def unpadded(text_run: str) -> str:
    """A pseudo-translated run without the brackets and padding pseudo-translation adds."""
    return re.sub(r"[\[\]~]", "", text_run)


# -- HTML ---------------------------------------------------------------------------------


def tree(data: bytes) -> ET.Element:
    return html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)


def kept(element: ET.Element, ancestors: list[ET.Element]) -> bool:
    for node in (*ancestors, element):
        if node.tag in KEPT_TAGS or (node.get("translate") or "").lower() == "no":
            return True
        if KEPT_CLASSES & set((node.get("class") or "").split()):
            return True
    return False


def spacing(text_run: str) -> list[str]:
    """The whitespace of a run that is layout: line breaks, and runs that are not one space."""
    return [gap for gap in re.findall(r"\s+", text_run) if gap != " "]


def compare_runs(
    source: str | None, target: str | None, *, keep: bool, where: str, fold: bool = False
) -> None:
    """A kept run is unchanged. A run with words in Latin letters is changed and has none of
    them left. Any other run (spaces, digits, punctuation, addresses, words in another
    script, which pseudo-translation leaves as they are) is the source's but for the
    brackets and padding. ``fold``: whitespace runs count as one space (HTML outside
    ``<pre>``, where a line break in text is a space)."""
    source, target = source or "", target or ""
    if keep:
        assert target == source, f"{where}: {source!r} changed to {target!r}"
        return
    if not fold:  # plain text, <pre>: the lines and the spacing are the structure
        assert target.count("\n") == source.count("\n"), f"{where}: lines of {source!r} lost"
        assert spacing(target) == spacing(source), f"{where}: spaces of {source!r} changed"
    words = english_words(source)
    if not words:
        before, after = source, unpadded(target)
        if fold:
            before, after = " ".join(before.split()), " ".join(after.split())
        assert after == before, f"{where}: {source!r} changed to {target!r}"
        return
    assert target != source, f"{where}: {source!r} left untranslated"
    left = words & english_words(target)
    assert not left, f"{where}: source words {sorted(left)} left in {target!r}"


def compare_elements(
    source: ET.Element, target: ET.Element, ancestors: list[ET.Element], lang: str
) -> None:
    where = "/".join([*(a.tag for a in ancestors), source.tag])
    assert source.tag == target.tag, f"{where}: <{target.tag}> instead of <{source.tag}>"
    keep = kept(source, ancestors)
    source_attributes = dict(source.attrib)
    target_attributes = dict(target.attrib)
    if source.tag == "html":
        for name in ("lang", "dir"):
            source_attributes.pop(name, None)
        assert target_attributes.pop("lang") == PSEUDO
        assert target_attributes.pop("dir", None) is None  # the pseudo-locale is LTR
    if source.tag == "body":
        source_attributes.pop("dir", None)
    elif (
        source.tag != "html"
        and not keep
        and (source.get("dir") or "").strip().lower() == ("rtl" if cldr.is_rtl(lang) else "ltr")
    ):
        # A dir that states the source language's direction states the variant's (LTR).
        assert target_attributes.pop("dir") == "ltr", f"{where}: dir is not the variant's"
        source_attributes.pop("dir")
    assert set(source_attributes) == set(target_attributes), where
    meta_key = (source.get("name") or source.get("property") or "").lower()
    fold = not any(node.tag in {"pre", "textarea"} for node in (*ancestors, source))
    for name, value in source_attributes.items():
        translated = (
            name in TRANSLATED_ATTRIBUTES
            or (source.tag == "meta" and name == "content" and meta_key in TRANSLATED_META)
            or (name == "label" and source.tag in {"option", "optgroup", "track"})
        )
        # Its own label, of an element kept for what it is and nothing else.
        label = (
            name in LABELS
            and source.tag in LABELLED_KEPT
            and not kept(ET.Element("span", source.attrib), ancestors)
        )
        keep_it = (keep and not label) or not translated
        compare_runs(value, target_attributes[name], keep=keep_it, where=f"{where}@{name}")
    if source.tag == "time" and source.get("datetime") and len(source) == 0:
        written = cldr.instant_text(source.get("datetime") or "", PSEUDO)
        assert target.text == (written or source.text), f"{where}: {target.text!r}"
    elif (
        source.tag == "script"
        and is_structured_data(source.get("type"))
        and not kept(ET.Element("span", source.attrib), ancestors)  # kept only for a script
    ):
        compare_structured(json.loads(source.text or ""), json.loads(target.text or ""), where)
    else:
        compare_runs(source.text, target.text, keep=keep, where=f"{where} text", fold=fold)
    assert len(source) == len(target), f"{where}: children differ"
    for source_child, target_child in zip(source, target, strict=True):
        if not isinstance(source_child.tag, str):  # a comment
            assert source_child.text == target_child.text
        else:
            compare_elements(source_child, target_child, [*ancestors, source], lang)
        compare_runs(
            source_child.tail, target_child.tail, keep=keep, where=f"{where} tail", fold=fold
        )


def compare_structured(source: object, target: object, where: str, key: str = "") -> None:
    """JSON-LD, as a search engine reads it: the same shape and data; the words people read
    (:data:`~relay.sources.formats.structured_data.TEXT_KEYS`) translated, as any text run;
    ``inLanguage`` the variant's language."""
    if isinstance(source, dict):
        assert isinstance(target, dict) and list(source) == list(target), where
        for name, value in source.items():
            compare_structured(value, target[name], f"{where}.{name}", name)
    elif isinstance(source, list):
        assert isinstance(target, list) and len(source) == len(target), where
        for value, written in zip(source, target, strict=True):
            compare_structured(value, written, where, key)
    elif isinstance(source, str) and key in TEXT_KEYS:
        compare_runs(source, str(target), keep=False, where=where, fold=True)
    elif isinstance(source, str) and key == "inLanguage":
        assert target == PSEUDO, f"{where}: {target!r}"
    else:
        assert target == source, f"{where}: {source!r} changed to {target!r}"


@pytest.mark.parametrize("document", HTML_DOCUMENTS, ids=lambda p: p.name)
def test_html_release_is_published_faithfully(document: Path, tmp_path: Path) -> None:
    source, pseudo = published(document, tmp_path / "project")
    assert without_alternates(source) == document.read_bytes()
    compare_elements(tree(source), tree(pseudo), [], source_lang(document))


def test_the_corpus_is_large_enough() -> None:
    assert len(HTML_DOCUMENTS) >= 10 and len(TEXT_DOCUMENTS) >= 5


# -- plain text ---------------------------------------------------------------------------

_BULLET = re.compile(r"[ \t]*(?:[*\-+•]|\d{1,2}[.)])[ \t]+")
_UNTRANSLATED_KEYS = ("Date:", "Slug:", "Embargo:", "Language:")


def line_shape(line: str) -> str:
    """What a translation must not change in a line: indentation, bullet, column bars."""
    bullet = _BULLET.match(line)
    lead = bullet.group() if bullet else line[: len(line) - len(line.lstrip())]
    return lead + "|" * line.count("|")


@pytest.mark.parametrize("document", TEXT_DOCUMENTS, ids=lambda p: p.name)
def test_text_release_is_published_faithfully(document: Path, tmp_path: Path) -> None:
    source, pseudo = published(document, tmp_path / "project")
    assert source == document.read_bytes()
    source_lines = source.decode("utf-8").split("\n")
    pseudo_lines = pseudo.decode("utf-8").split("\n")
    if f"Language: {PSEUDO}" in pseudo_lines and not any(
        line.startswith("Language:") for line in source_lines
    ):
        pseudo_lines.remove(f"Language: {PSEUDO}")
    assert len(source_lines) == len(pseudo_lines), "the lines differ"
    for number, (before, after) in enumerate(zip(source_lines, pseudo_lines, strict=True), 1):
        where = f"{document.name}:{number}"
        if before.startswith("Language:"):
            assert after == f"Language: {PSEUDO}"
        elif before.startswith("Title: "):
            assert after.startswith("Title: ")
            compare_runs(before[7:], after[7:], keep=False, where=where)
        elif before.startswith(_UNTRANSLATED_KEYS) or not any(c.isalpha() for c in before):
            assert after == before, f"{where}: {before!r} changed to {after!r}"
        else:
            assert line_shape(after) == line_shape(before), f"{where}: {after!r}"
            compare_runs(before, after, keep=False, where=where)


# -- the defects, one test each -----------------------------------------------------------


def page(body: str, head: str = "<title>T</title>", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def units(source: str, fmt: object = html, lang: str = "en") -> list[str]:
    parsed = fmt.read(source, path="t")  # type: ignore[attr-defined]
    return [u.text for u in segment(parsed, lang=lang, splitter=sentence_starts).units]


def variant(source: str, lang: str, fmt: object = html, translations: dict | None = None) -> str:
    """Render ``source`` for ``lang`` with pseudo-translations (or the ones given)."""
    parsed = fmt.read(source, path="t")  # type: ignore[attr-defined]
    document = segment(parsed, lang="en", splitter=sentence_starts)
    given = translations or {u.text: pseudo_translate(u.text) for u in document.units}
    target = Target(lang, "en", rtl=cldr.is_rtl(lang), date_text="12 janvier 2016")
    out, fallbacks = render(document, given, target=target, fmt=fmt)  # type: ignore[arg-type]
    assert not fallbacks
    return out


def identity(source: str, fmt: object = html) -> str:
    parsed = fmt.read(source, path="t")  # type: ignore[attr-defined]
    document = segment(parsed, lang="en", splitter=sentence_starts)
    target = Target("en", "en")
    out, _ = render(document, {u.text: u.text for u in document.units}, target=target, fmt=fmt)  # type: ignore[arg-type]
    return out


def test_a_time_element_is_written_from_its_own_date() -> None:
    # Defect 1: every date field was rendered from the release's date (12 January).
    source = page('<p>Meeting on <time datetime="2016-01-25">25 January 2016</time>.</p>')
    assert '<time datetime="2016-01-25">25 janvier 2016</time>' in variant(source, "fr")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2016-03", "mars 2016"),
        ("2016", "2016"),
        ("2016-01-25T09:30+01:00", "25 janvier 2016"),
        ("2016-W04", "week 4"),  # not an instant relay can write: kept as written
    ],
)
def test_a_time_element_keeps_its_precision(value: str, written: str) -> None:
    source = page(f'<p>On <time datetime="{value}">week 4</time>.</p>')
    out = variant(source, "fr")
    shown = re.search(r"<time[^>]*>(.*?)</time>", out)
    assert shown is not None and shown.group(1).startswith(written)
    if "T" in value:
        assert "09:30" in shown.group(1)


def test_an_unreadable_time_value_is_reported_by_the_source_checks(tmp_path: Path) -> None:
    from relay.checks.source import time_value

    document = HERE / "html" / "07-time.html"
    root = tmp_path / "project"
    published(document, root)
    project = open_project(root)
    from relay.sources.discovery import discover

    [release] = discover(project).releases
    findings = list(time_value(release, document.read_text("utf-8")))
    assert len(findings) == 1 and "2016-W04" in findings[0].message


def test_a_variant_never_keeps_the_source_direction() -> None:
    source = (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><title>ت</title></head>'
        '<body dir="rtl"><p>مرحبا.</p></body></html>'
    )
    parsed = html.read(source, path="t")
    document = segment(parsed, lang="ar", splitter=sentence_starts)
    given = {u.text: pseudo_translate(u.text) for u in document.units}
    out, _ = render(document, given, target=Target("fr", "ar"), fmt=html)
    assert '<html lang="fr">' in out and "<body>" in out and "rtl" not in out
    assert identity(source) == source


def test_an_inner_direction_follows_the_variant_where_it_states_the_sources() -> None:
    # An inner dir="rtl" of an Arabic release stated the source's direction, and stayed in
    # the French variant; dir="ltr" around an English name marks another script: it stays.
    source = (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><title>ت</title></head><body>'
        '<div dir="rtl"><p dir=RTL>مرحبا <span dir="ltr">John Smith</span>.</p>'
        '<bdo dir="rtl">مرحبا.</bdo><p translate="no" dir="rtl">اسم</p>'
        '<p dir="auto">مرحبا.</p></div></body></html>'
    )
    document = segment(html.read(source, path="t"), lang="ar", splitter=sentence_starts)
    given = {u.text: pseudo_translate(u.text) for u in document.units}
    out, _ = render(document, given, target=Target("fr", "ar"), fmt=html)
    assert '<div dir="ltr"><p dir="ltr">' in out and '<span dir="ltr">' in out
    assert '<bdo dir="ltr">' in out
    assert '<p translate="no" dir="rtl">اسم</p>' in out  # kept: not translated
    assert '<p dir="auto">' in out
    # A variant in the source's direction keeps every dir as written.
    same, _ = render(document, given, target=Target("he", "ar", rtl=True), fmt=html)
    assert "<p dir=RTL>" in same and '<bdo dir="rtl">' in same
    assert identity(source) == source


def test_an_inner_direction_of_a_left_to_right_source_follows_a_right_to_left_variant() -> None:
    source = page('<p dir="ltr">Welcome, <span dir="rtl" lang="he">שלום</span>.</p>')
    out = variant(source, "ar")
    assert '<p dir="rtl">' in out and '<span dir="rtl" lang="he">' in out


TEXT_HEAD = "Title: T\nDate: 2016-01-12\n\n"


@pytest.mark.parametrize(
    "source",
    [
        TEXT_HEAD + "Further information:\nJean Rodriguez\nTel.: +41 22 917 44 44\n",
        TEXT_HEAD + "* lower speed limits\n* safer crossings\n",
        TEXT_HEAD + "Country    Deaths\nSweden     270\nGeorgia    514\n",
    ],
    ids=["contact block", "bullets", "indented table"],
)
def test_text_lines_are_kept(source: str) -> None:
    # Defect 2: a block's lines were published as one line.
    out = variant(source, "fr", text)
    assert len(out.splitlines()) == len(source.splitlines()) + 1  # "Language: fr" added
    assert identity(source, text) == source


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom.html", page("<p>Hello world.</p>")),
        ("bom.md", "---\ntitle: Hello\ndate: 2016-01-12\n---\n\nHello world.\n"),
        ("bom.txt", TEXT_HEAD + "Hello world.\n"),
        ("bom-crlf.txt", (TEXT_HEAD + "Hello world.\n").replace("\n", "\r\n")),
    ],
)
def test_a_byte_order_mark_is_kept(tmp_path: Path, name: str, content: str) -> None:
    # The source was decoded without its UTF-8 byte-order mark, and published without it.
    document = tmp_path / name
    document.write_bytes(codecs.BOM_UTF8 + content.encode("utf-8"))
    source, pseudo = published(document, tmp_path / "project")
    assert without_alternates(source) == document.read_bytes()
    assert pseudo.startswith(codecs.BOM_UTF8) and not pseudo[3:].startswith(codecs.BOM_UTF8)
    assert b"Hello world" not in pseudo and "ŵ" in pseudo.decode("utf-8")  # translated


def test_a_crlf_text_keeps_its_line_endings() -> None:
    source = "Title: T\r\nDate: 2016-01-12\r\n\r\nFirst line\r\nsecond line.\r\n"
    out = variant(source, "fr", text)
    assert out.count("\r\n") == source.count("\r\n") + 1 and "\n" not in out.replace("\r\n", "")
    assert identity(source, text) == source


def test_pre_lines_are_kept() -> None:
    source = page("<pre>Monday     Opening\nTuesday    Round table\n</pre>")
    out = variant(source, "fr")
    pre = re.search(r"<pre>(.*?)</pre>", out, re.DOTALL)
    assert pre is not None and pre.group(1).count("\n") == 2


@pytest.mark.parametrize(
    ("source", "fmt", "unit"),
    [
        (
            page("<pre>Monday     Opening of the session\nTuesday  \tRound  table</pre>"),
            html,
            "Monday<1/>Opening of the session<2/>Tuesday<3/>Round<4/>table",
        ),
        (
            page("<pre><b>Room</b>   <i>XVII</i>   Palais des Nations</pre>"),
            html,
            "<1>Room</1><2/><3>XVII</3><4/>Palais des Nations",
        ),
        (
            TEXT_HEAD + "Contact:  Jean Rodriguez\nTel.:     +41 22 917 44 44\n",
            text,
            "Contact:<1/>Jean Rodriguez<2/>Tel.:<3/>+41 22 917 44 44",
        ),
    ],
    ids=["pre columns", "pre between markup", "text contact block"],
)
def test_spaces_that_lay_out_lines_are_kept(source: str, fmt: object, unit: str) -> None:
    # A run of spaces (or a tab) inside a <pre> line or a plain-text line is layout: it was
    # folded to one space in the unit and in every translated variant.
    assert unit in units(source, fmt)
    out = variant(source, "fr", fmt)
    if fmt is html:
        before = re.search(r"<pre>(.*?)</pre>", source, re.DOTALL)
        after = re.search(r"<pre>(.*?)</pre>", out, re.DOTALL)
        assert before is not None and after is not None
        source_run, variant_run = before.group(1), after.group(1)
    else:
        source_run, variant_run = source.split("\n\n", 1)[1], out.split("\n\n", 1)[1]
    assert spacing(variant_run) == spacing(source_run)
    words = [english_words(re.sub(r"<[^>]*>", " ", run)) for run in (source_run, variant_run)]
    assert not words[0] & words[1], "words left untranslated"
    assert identity(source, fmt) == source


def test_one_space_in_pre_is_no_placeholder() -> None:
    assert "Round table on trade" in units(page("<pre>Round table on trade</pre>"))


@pytest.mark.parametrize(
    "inline",
    ["<code>pip install x</code>", '<img src="x.png" alt="">', "<!-- note -->"],
    ids=["code", "img", "comment"],
)
def test_markup_does_not_split_a_sentence(inline: str) -> None:
    # Defect 4: the markup counted as empty text, so the line breaks around it made a blank
    # line, and the splitter cut the sentence in two.
    source = page(f"<p>To install the tool, run\n{inline}\nin a terminal.</p>")
    assert len([u for u in units(source) if u != "T"]) == 1


def test_notranslate_class_is_kept() -> None:
    source = page(
        '<p class="notranslate">Keep me.</p>'
        '<p>Translate <span class="notranslate">Brand</span> me.</p>'
    )
    assert units(source) == ["T", "Translate <1/> me."]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="description" content="A short summary.">',
        '<meta property="og:title" content="A title for sharing">',
        '<meta property="og:description" content="A description for sharing.">',
        '<meta name="twitter:title" content="A title for Twitter">',
        '<meta name="twitter:description" content="A description for Twitter.">',
        '<meta property="og:image:alt" content="Cars in a traffic jam">',
        '<meta name="twitter:image:alt" content="Cars in a traffic jam">',
    ],
)
def test_shown_meta_content_is_translated(meta: str) -> None:
    out = variant(page("<p>x</p>", head=f"<title>T</title>\n{meta}"), "fr")
    value = re.search(r'content="([^"]*)"', meta)
    assert value is not None and value.group(1) not in out


def test_every_statement_of_the_language_is_the_variants() -> None:
    head = (
        '<title>T</title>\n<meta property="og:locale" content="en_GB">\n'
        '<meta http-equiv="content-language" content="en">'
    )
    source = page("<p>Hi.</p>", head=head).replace("<html ", '<html xml:lang="en" ')
    out = variant(source, "pt-BR")
    assert '<html xml:lang="pt-BR" lang="pt-BR">' in out
    assert 'content="pt_BR"' in out and 'content="pt-BR"' in out
    assert identity(source) == source


@pytest.mark.parametrize(
    "meta",
    [
        '<meta itemprop="inLanguage" content="en">',
        '<meta name="DC.language" content="en-GB">',
        '<meta property="dcterms:language" content="en">',
        '<meta name="language" content="EN">',
    ],
)
def test_microdata_and_dublin_core_state_the_variants_language(meta: str) -> None:
    """Search engines read a page's language from these as from ``lang``: each said "en" in
    every variant."""
    source = page("<p>Hi.</p>", head=f"<title>T</title>\n{meta}")
    out = variant(source, "pt-BR")
    assert 'content="pt-BR"' in out and 'content="en' not in out.lower()
    assert identity(source) == source


def test_front_matter_states_the_variants_language_as_lang_does() -> None:
    """A site generator's ``locale`` (its og:locale) and a ``language`` said English in every
    variant; one that names another language is kept."""
    from relay.sources.formats import markdown

    source = (
        "---\ntitle: Roads\ndate: 2026-01-01\nlocale: en_US\nlanguage: 'en'\n"
        "inLanguage: de\n---\n\nText.\n"
    )
    out = variant(source, "pt-BR", fmt=markdown)
    assert '\nlocale: "pt_BR"\n' in out and '\nlanguage: "pt-BR"\n' in out
    assert "\ninLanguage: de\n" in out
    assert identity(source, fmt=markdown) == source


def test_a_meta_stating_another_language_is_kept() -> None:
    # The language of a quoted work, not of the page: kept, as a lang="de" inside the page is.
    meta = '<meta itemprop="inLanguage" content="de">'
    source = page("<p>Hi.</p>", head=f"<title>T</title>\n{meta}")
    assert 'content="de"' in variant(source, "fr")


def test_translate_yes_inside_translate_no_is_translated() -> None:
    source = page('<div translate="no"><p>Keep.</p><p translate="yes">Translate.</p></div>')
    assert units(source) == ["T", "Translate."]
    assert identity(source) == source


@pytest.mark.parametrize(
    "head",
    [
        "<noscript><p>Enable scripts.</p></noscript>",
        '<noscript><img src="pixel.gif" alt="Tracking pixel"></noscript>',
    ],
)
def test_noscript_is_never_a_unit(head: str) -> None:
    assert units(page("<p>Hi.</p>", head=f"<title>T</title>\n{head}")) == ["T", "Hi."]


def test_what_an_object_shows_when_it_cannot_be_shown_is_a_unit() -> None:
    source = page(
        '<object data="chart.svg" type="image/svg+xml" title="Chart of road deaths">'
        '<param name="mode" value="static"><p>Road deaths fell by a third.</p></object>'
    )
    assert units(source) == ["Chart of road deaths", "T", "Road deaths fell by a third."]
    assert identity(source) == source


def test_wbr_is_void() -> None:
    assert units(page("<p>Trans<wbr>european network.</p>")) == ["T", "Trans<1/>european network."]


def test_trailing_line_breaks_stay_outside_the_unit() -> None:
    assert units(page("<p>We face new challenges.<br><br></p>")) == ["T", "We face new challenges."]


@pytest.mark.parametrize(
    "body",
    [
        "<p>A&nbsp;b &eacute; &#233; &copy; <B CLASS=x>bold</B></p>",
        "<p>Progress is <b>uneven <i>between</b> rural</i> areas.",
        "<p align='center'>Single quotes <a href=/x>and bare values</a>.</p>",
    ],
    ids=["entities", "misnested", "quoting"],
)
def test_the_source_comes_back_byte_for_byte(body: str) -> None:
    source = page(body)
    assert identity(source) == source


def test_misnesting_is_reported() -> None:
    repairs = html.normalisations(page("<p><b>a <i>b</b> c</i></p>"), path="t")
    assert [r.line for r in repairs] == [7, 7]


def test_deep_nesting_is_an_error_not_a_loss() -> None:
    # From #15: a paragraph nested deeper than libxml2 reads vanished from every variant.
    deep = "<div>" * 300 + "<p>Deep paragraph.</p>" + "</div>" * 300
    with pytest.raises(SourceError) as caught:
        html.read(page(deep), path="deep.html")
    assert "deep.html" in caught.value.message and caught.value.line == 7


def test_nesting_that_relay_reads_keeps_the_deep_paragraph() -> None:
    deep = "<div>" * 200 + "<p>Deep paragraph.</p>" + "</div>" * 200
    assert "Deep paragraph." in units(page(deep))


def test_a_huge_attribute_is_kept() -> None:
    # From #15: a 20 MB title attribute was published as <p title></p>, its text gone.
    title = "word " * 4_000_000
    source = page(f'<p title="{title}">Text.</p>')
    assert identity(source) == source
    assert any(len(u) > 10_000_000 for u in units(source))


def test_cdata_is_an_error() -> None:
    with pytest.raises(SourceError) as caught:
        html.read(page("<p><![CDATA[ x ]]></p>"), path="c.html")
    assert caught.value.line == 7


def test_a_charset_that_is_not_utf8_is_an_error() -> None:
    with pytest.raises(SourceError) as caught:
        html.read(
            page("<p>x</p>", head='<meta charset="windows-1251"><title>T</title>'), path="w.html"
        )
    assert "windows-1251" in caught.value.message and caught.value.line == 4


def test_extract_reports_the_catalog_translator_sees(tmp_path: Path) -> None:
    """The pseudo catalog of the dense document holds one unit for the code sentence."""
    root = tmp_path / "project"
    published(HERE / "html" / "06-inline-dense.html", root)
    catalog = load_catalog(root / "locales" / PSEUDO / "06-inline-dense.po")
    assert catalog is not None
    msgids = {entry.msgid for entry in catalog.entries}
    assert "To install the tool, run <1/> in a terminal." in msgids
    assert "We face new challenges." in msgids


_SOUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<div>",
            "</div>",
            "<li>",
            "<ul>",
            "</ul>",
            "<br>",
            "<br/>",
            "<wbr>",
            "<img alt='A map' src=x>",
            "<a href=/x title=T>",
            "</a>",
            "<!-- c -->",
            "<code>",
            "</code>",
            "<span class=notranslate>",
            "</span>",
            "&nbsp;",
            "&amp;",
            "&#233;",
            "&bogus;",
            "& ",
            "<",
            ">",
            "\n",
            "  ",
            "One. ",
            "Two words",
            " three.",
            "<time datetime=2016-01-25>",
            "</time>",
            "<pre>",
            "</pre>",
            "<td>",
            "<table>",
            "</table>",
            "<P CLASS=x>",
            "<3",
            "</>",
            "<!x>",
            "<?pi?>",
        ]
    ),
    max_size=30,
).map("".join)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(_SOUP)
def test_any_tag_soup_comes_back_byte_for_byte(body: str) -> None:
    source = page(body)
    try:
        parsed = html.read(source, path="t.html")
    except SourceError:
        return
    assert source_text(parsed) == source
    assert identity(source) == source
    variant(source, "fr")  # and a translation keeps every placeholder
