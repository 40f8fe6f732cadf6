"""Placeholders in coded text, and source text that only looks like one."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import lxml.html
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from support.tools import gettext

from relay.core.model import Code, Document, Target
from relay.core.placeholders import Tag, literal, problems, strip, tokenize
from relay.core.project import open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.render import render
from relay.publish.run import publish
from relay.sources.formats import SourceFormat, html, markdown, text
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

LINK = Code(1, "pair", ("<a>",), ("</a>",), "a")
EM = Code(2, "pair", ("<em>",), ("</em>",), "em")
BREAK = Code(3, "empty", ("<br>",), (), "br")
CODES = (LINK, EM, BREAK)


def test_reordered_placeholders_are_fine() -> None:
    assert problems("<2>b</2> <3/> <1>a</1>", CODES) == []


def test_nested_placeholders_are_fine() -> None:
    assert problems("<1><2>a</2></1><3/>", CODES) == []


def test_missing_placeholder() -> None:
    assert problems("<1>a</1> <3/>", CODES) == ["placeholder <2>…</2> is missing"]


def test_duplicated_placeholder() -> None:
    found = problems("<1>a</1> <2>b</2> <3/><3/>", CODES)
    assert found == ["placeholder <3/> appears 2 times"]


def test_badly_nested_placeholders() -> None:
    found = problems("<1><2>a</1></2><3/>", CODES)
    assert "placeholder </1> closes across <2>" in found


def test_invented_placeholder_and_wrong_kind() -> None:
    found = problems("<1>a</1> <2>b</2> <3/> <4/> <1/>", CODES)
    assert "placeholder <4/> is not in the source" in found
    assert "placeholder <1/> is not in the source" in found


def test_unclosed_pair() -> None:
    assert "placeholder </1> is missing" in problems("<1>a <2>b</2><3/>", CODES)


def test_markup_typed_by_hand_is_text() -> None:
    tokens = tokenize("<script>alert(1)</script> <b>x</b>")
    assert all(isinstance(token, str) for token in tokens)


@given(st.text())
def test_tokenize_keeps_every_character(text: str) -> None:
    assert "".join(str(token) for token in tokenize(text)) == text


def test_strip_keeps_the_text() -> None:
    assert strip("Le <1>rapport</1> du <2/>CEE-ONU") == "Le rapport du CEE-ONU"


# Source text shaped like a placeholder: never read as one, written back as text.


def _page(body: str, head: str = "<title>T</title>") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _document(source: str, fmt: SourceFormat) -> Document:
    return segment(fmt.read(source, path="release"), lang="en", splitter=sentence_starts)


def _translated(document: Document) -> dict[str, str]:
    """Each unit "translated": its words upper-cased, its placeholders kept."""
    return {
        unit.text: "".join(
            str(token) if isinstance(token, Tag) else token.upper() for token in tokenize(unit.text)
        )
        for unit in document.units
    }


_TEXT_HEAD = "Title: T\nDate: 2016-01-12\n\n"


@pytest.mark.parametrize(
    ("fmt", "source", "shown", "written"),
    [
        (html, _page("<p>We &lt;3&gt; Geneva.</p>"), "<3>", "WE &lt;3&gt; GENEVA."),
        (html, _page("<p>We &#60;3&#62; Geneva.</p>"), "<3>", "WE &lt;3&gt; GENEVA."),
        (html, _page("<p>Write <1> and <b>this</b>.</p>"), "<1>", "WRITE &lt;1&gt; AND <b>THIS"),
        (
            html,
            _page('<p>An <img src="x.png" alt="We &lt;3&gt; it"> image.</p>'),
            "<3>",
            '"WE &lt;3&gt; IT"',
        ),
        (
            html,
            _page("<p>x</p>", "<title>We &lt;2/&gt; it</title>"),
            "<2/>",
            "<title>WE &lt;2/&gt; IT</title>",
        ),
        (markdown, "# T\n\nWe &lt;3&gt; Geneva.\n", "<3>", "WE \\<3> GENEVA."),
        (markdown, "# T\n\nWrite \\<1> and *this*.\n", "<1>", "WRITE \\<1> AND *THIS*."),
        (markdown, "# T\n\nWrite <2/> here.\n", "<2/>", "WRITE \\<2/> HERE."),
        (markdown, "---\ndescription: We <3> it\n---\n\n# T\n", "<3>", 'description: "WE <3> IT"'),
        (markdown, '# T\n\nSee [it](http://a.org "We <3> it").\n', "<3>", '"WE <3> IT"'),
        (text, _TEXT_HEAD + "We <3> Geneva.\n", "<3>", "WE <3> GENEVA."),
        (text, "Title: We <1/> it\nDate: 2016-01-12\n\nText.\n", "<1/>", "Title: WE <1/> IT"),
    ],
)
def test_text_shaped_like_a_placeholder_is_text(
    fmt: SourceFormat, source: str, shown: str, written: str
) -> None:
    document = _document(source, fmt)
    [unit] = [unit for unit in document.units if any(literal(c) for c in unit.codes)]
    [code] = [code for code in unit.codes if literal(code)]
    assert literal(code) == shown and code.kind == "empty"
    assert f"<{code.id}/>" in unit.text and shown not in unit.text.replace(f"<{code.id}/>", "")
    assert problems(unit.text, unit.codes) == []
    # A translation that keeps the placeholder writes the text back, escaped for its place.
    out, fallbacks = render(document, _translated(document), target=Target("fr", "en"), fmt=fmt)
    assert not fallbacks, [fallback.reason for fallback in fallbacks]
    assert written in out
    # Untranslated, and translated by itself, the source comes back byte for byte.
    same = {unit.text: unit.text for unit in document.units}
    assert render(document, same, target=Target("en", "en"), fmt=fmt)[0] == source
    assert render(document, {}, target=Target("en", "en"), fmt=fmt)[0] == source


def test_an_attribute_with_placeholder_shaped_text_stays_one_value() -> None:
    source = _page('<p><img src="x.png" alt="We &lt;3&gt; it &amp; <1/> too"> Text.</p>')
    document = _document(source, html)
    out, _ = render(document, _translated(document), target=Target("fr", "en"), fmt=html)
    image = lxml.html.fromstring(out).find(".//img")
    assert image is not None and image.get("alt") == "WE <3> IT & <1/> TOO"


def test_front_matter_with_placeholder_shaped_text_stays_yaml() -> None:
    source = "---\ntitle: 'We <3> it'\ndescription: We <1> it\n---\n\n# T\n"
    document = _document(source, markdown)
    out, _ = render(document, _translated(document), target=Target("fr", "en"), fmt=markdown)
    front = yaml.safe_load(out.split("---")[1])
    assert front["title"] == "WE <3> IT" and front["description"] == "WE <1> IT"


def test_a_translation_that_types_the_text_instead_of_the_placeholder_is_refused() -> None:
    document = _document(_page("<p>We &lt;3&gt; Geneva.</p>"), html)
    unit = document.units[-1]
    assert unit.text == "We <1/> Geneva."
    wrong = problems("Nous <3> Genève.", unit.codes)
    assert "placeholder <3> is not in the source" in wrong
    assert "placeholder <1/> is missing" in wrong


def test_text_that_is_only_placeholder_shaped_is_no_unit() -> None:
    document = _document(_page("<p>&lt;3&gt;</p><p>Hi.</p>"), html)
    assert [unit.text for unit in document.units] == ["T", "Hi."]


def test_placeholder_shaped_text_goes_through_the_pipeline(tmp_path: Path) -> None:
    """Extracted, pseudo-translated and published: catalogs msgfmt accepts, the text kept."""
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["qps"]\n', encoding="utf-8"
    )
    (root / "sources" / "love.html").write_text(
        _page("<p>We &lt;3&gt; Geneva &amp; <b>Lyon</b>.</p>"), encoding="utf-8"
    )
    (root / "sources" / "tags.md").write_text(
        "# Tags\n\nWrite \\<1> and &lt;2/&gt; in *text*.\n", encoding="utf-8"
    )
    (root / "sources" / "plain.txt").write_text(
        _TEXT_HEAD + "Type <1> or </2> to start.\n", encoding="utf-8"
    )
    project = open_project(root)
    assert not extract(project).errors
    pseudo_translate_catalogs(project, lang="qps", slugs=[])
    for path in sorted((root / "locales").rglob("*.po*")):
        check = subprocess.run(
            [gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr
    report = publish(project, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert all(variant.published for variant in report.variants), report
    public = root / "public" / "qps"
    assert "&lt;3&gt;" in (public / "love.html").read_text("utf-8")
    assert "\\<1>" in (public / "tags.md").read_text("utf-8")
    assert "<1>" in (public / "plain.txt").read_text("utf-8")
    assert "</2>" in (public / "plain.txt").read_text("utf-8")
