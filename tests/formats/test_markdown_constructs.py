"""Markdown as people write it, and translations that try to make markup of their own.

Each release is read, cut into units, and published with translations; the published
variant is parsed by markdown-it (the parser relay reads with, with raw HTML) and its link,
image, HTML and footnote tokens compared with the source's. A translation may change words,
never the structure: no new link, image, reference definition, HTML element or script.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from relay.checks import REGISTRY, Context, Translation
from relay.core.errors import ProjectError
from relay.core.model import Document, Target
from relay.core.placeholders import problems
from relay.core.project import open_project
from relay.publish.render import render
from relay.sources.blocks import source_text
from relay.sources.discovery import discover
from relay.sources.formats import markdown
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

FR = Target("fr", "en")


def document(text: str, **options: object) -> Document:
    parsed = markdown.read(text, path="release.md", **options)  # type: ignore[arg-type]
    return segment(parsed, lang="en", splitter=sentence_starts)


def texts(text: str, **options: object) -> list[str]:
    return [unit.text for unit in document(text, **options).units]


def publish(text: str, translations: Mapping[str, str]) -> str:
    doc = document(text)
    published, fallbacks = render(doc, translations, target=FR, fmt=markdown)
    assert not fallbacks, fallbacks
    return published


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(footnote_plugin, inline=False).use(deflist_plugin)


def flat(text: str) -> list[Token]:
    out: list[Token] = []
    for token in parser().parse(text):
        out.append(token)
        out.extend(token.children or ())
    return out


TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.DOTALL)
STRUCTURAL = {"link_open", "image", "html_inline", "html_block", "footnote_ref", "code_inline"}


def structure(text: str) -> list[tuple[str, object]]:
    """The tokens a translation may not add or change: links, images, HTML, footnotes."""
    found: list[tuple[str, object]] = []
    for token in flat(text):
        if token.type in STRUCTURAL:
            attrs = {k: v for k, v in token.attrs.items() if k not in ("alt", "title")}
            shown: object = token.content if token.type == "code_inline" else ""
            if token.type.startswith("html"):  # its tags, not its text
                shown = TAG.findall(token.content)
            found.append((token.type, (sorted(attrs.items()), shown, token.meta.get("label"))))
        elif token.nesting != 0 or token.type in ("fence", "code_block", "hr"):
            found.append((token.type, token.content if token.type == "fence" else ""))
    return found


# #13: constructs read as text


def test_footnote_reference_and_definition_keep_their_id() -> None:
    text = "The Convention was adopted.[^1]\n\n[^1]: Signed in Helsinki in 1992.\n"
    assert texts(text) == ["The Convention was adopted.<1/>", "Signed in Helsinki in 1992."]
    published = publish(
        text,
        {
            "The Convention was adopted.<1/>": "La Convention a été adoptée.<1/>",
            "Signed in Helsinki in 1992.": "Signée à Helsinki en 1992.",
        },
    )
    assert published == ("La Convention a été adoptée.[^1]\n\n[^1]: Signée à Helsinki en 1992.\n")
    assert structure(published) == structure(text)


def test_task_list_boxes_stay_boxes() -> None:
    text = "- [ ] Register for the meeting\n- [x] Read the *report*\n"
    assert texts(text) == ["Register for the meeting", "Read the <1>report</1>"]
    published = publish(
        text,
        {
            "Register for the meeting": "S’inscrire à la réunion",
            "Read the <1>report</1>": "Lire le <1>rapport</1>",
        },
    )
    assert published == "- [ ] S’inscrire à la réunion\n- [x] Lire le *rapport*\n"


def test_image_alt_and_title_link_and_reference_titles_are_translated() -> None:
    text = (
        '![A signing ceremony](x.jpg "Photo: UNECE")\n\n'
        'Read [the text](http://unece.org/t "The Convention") and the [report].\n\n'
        '[report]: http://unece.org/r "Annual report"\n'
    )
    units = texts(text)
    for wanted in ("A signing ceremony", "Photo: UNECE", "The Convention", "Annual report"):
        assert wanted in units
    translations = {
        "A signing ceremony": "Une cérémonie de signature",
        "Photo: UNECE": 'Photo : CEE-ONU "officielle"',
        "The Convention": "La Convention",
        "Annual report": "Rapport annuel",
        "Read <1>the text</1> and the <2>report</2>.": (
            "Lisez <1>le texte</1> et le <2>rapport</2>."
        ),
    }
    published = publish(text, translations)
    # The shortcut reference link keeps its label, so it still resolves.
    assert published == (
        '![Une cérémonie de signature](x.jpg "Photo : CEE-ONU \\"officielle\\"")\n\n'
        'Lisez [le texte](http://unece.org/t "La Convention") et le [rapport][report].\n\n'
        '[report]: http://unece.org/r "Rapport annuel"\n'
    )
    tokens = flat(published)
    (image,) = [token for token in tokens if token.type == "image"]
    assert image.attrs["title"] == 'Photo : CEE-ONU "officielle"'
    assert image.content == "Une cérémonie de signature"
    titles = [token.attrs.get("title") for token in tokens if token.type == "link_open"]
    assert titles == ["La Convention", "Rapport annuel"]
    assert structure(published) == structure(text)


def test_html_blocks_are_translated_through_the_html_reader() -> None:
    text = (
        "<details>\n<summary>More about the <em>treaty</em></summary>\n\n"
        "It has 41 Parties.\n\n</details>\n\n"
        '<div class="note">\n<p>Prices & fees apply.</p>\n</div>\n'
    )
    units = texts(text)
    assert "More about the <1>treaty</1>" in units
    assert "Prices & fees apply." in units
    published = publish(
        text,
        {
            "More about the <1>treaty</1>": "Plus sur le <1>traité</1> <script>",
            "It has 41 Parties.": "Elle compte 41 Parties.",
            "Prices & fees apply.": "Des frais <b>s’appliquent</b>.\n\n[x]: //evil",
        },
    )
    assert "<summary>Plus sur le <em>traité</em> &lt;script&gt;</summary>" in published
    assert "Des frais &lt;b&gt;s’appliquent&lt;/b&gt;.  [x]: //evil" in published
    assert structure(published) == structure(text)


def test_front_matter_fields_from_configuration() -> None:
    text = (
        '---\ntitle: "Water"\ndescription: Ministers meet.\nsummary: >\n  Short.\n'
        "author: Ann\n---\n\nBody.\n"
    )
    assert texts(text) == ["Water", "Ministers meet.", "Short.", "Body."]
    assert texts(text, front_matter_keys=("title", "author")) == ["Water", "Ann", "Body."]
    published = publish(
        text,
        {"Water": "Eau", "Ministers meet.": "Les ministres: se réunissent", "Short.": "Bref.",
         "Body.": "Corps."},
    )  # fmt: skip
    assert published.startswith(
        '---\ntitle: "Eau"\ndescription: "Les ministres: se réunissent"\nsummary: "Bref."\n'
    )


@pytest.mark.parametrize(
    "keywords",
    [
        "keywords: [roads, 'safety: first']\n",
        "keywords:\n  - roads\n  - 'safety: first'\n",
        "keywords:\n- roads\n- >-\n  safety: first\n",
    ],
)
def test_a_list_in_the_front_matter_is_translated_item_by_item(keywords: str) -> None:
    # A site generator writes them in <meta name="keywords">: a list was kept in English.
    text = f"---\ntitle: Water\n{keywords}date: 2026-01-05\n---\n\nBody.\n"
    assert texts(text) == ["Water", "roads", "safety: first", "Body."]
    published = publish(
        text,
        {"Water": "Eau", "roads": "routes, ponts", "safety: first": "sécurité [d’abord]",
         "Body.": "Corps."},
    )  # fmt: skip
    front = published.split("---\n")[1]
    assert yaml.safe_load(front)["keywords"] == ["routes, ponts", "sécurité [d’abord]"]
    assert yaml.safe_load(front)["date"] == dt.date(2026, 1, 5)


def test_a_list_that_is_not_text_is_kept() -> None:
    text = "---\ntitle: Water\nkeywords: [1, {a: b}, [c]]\n---\n\nBody.\n"
    assert texts(text) == ["Water", "Body."]


def test_a_sentence_boundary_is_not_hidden_by_an_escape() -> None:
    text = "See `ECE/1`. Prices are in US\\$. Contact us today.\n"
    assert texts(text) == ["See <1/>.", "Prices are in US$.", "Contact us today."]
    doc = document(text)
    assert markdown.escape("US$", "text") == "US$"
    published, _ = render(doc, {u.text: u.text for u in doc.units}, target=FR, fmt=markdown)
    assert published == text


def test_code_spans_and_fences_are_never_units() -> None:
    text = "Run `relay extract` now.\n\n```\nprint('hello world')\n```\n"
    assert texts(text) == ["Run <1/> now."]


# #15: translations that try to add markup


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Contact [press] today.", "Contactez <1>press</1>(//evil.example/x) aujourd’hui."),
        ("Read [press] now.", "Lisez !<1>l’annexe</1> maintenant."),
        ("The [report] is out.", "<1>report</1>: //evil.example/phish"),
        ("The [report] is out.", "<1>report</1>:\t//evil.example/phish"),
        ("Contact [press] today.", "Contactez <1>press</1>[report] aujourd’hui."),
        ("Contact [press] today.", "<1>press</1> <http://evil.example> <img src=x>"),
        ("Contact [press] today.", "Contactez <1>press</1>\n\n[press]: //evil.example"),
    ],
)
def test_a_translation_makes_no_link_image_or_definition(source: str, translation: str) -> None:
    text = f"{source}\n\nSee the [report] and [press].\n\n[report]: http://a.org/r\n[press]: http://a.org/p\n"
    doc = document(text)
    translations = {unit.text: unit.text for unit in doc.units}
    translations[doc.units[0].text] = translation
    published, fallbacks = render(doc, translations, target=FR, fmt=markdown)
    assert not fallbacks
    assert structure(published) == structure(text)
    hrefs = [t.attrs["href"] for t in flat(published) if t.type == "link_open"]
    assert hrefs == [t.attrs["href"] for t in flat(text) if t.type == "link_open"]


def test_script_content_is_never_a_unit() -> None:
    text = 'Read this <script>document.title = "Hello world";</script> now.\n'
    (unit,) = document(text).units
    assert unit.text == "Read this <1/> now."
    published = publish(text, {unit.text: "Lisez ceci <1/> maintenant."})
    assert '<script>document.title = "Hello world";</script>' in published
    # A script that does not end in its paragraph: the paragraph is kept as written.
    assert texts('Text <script>var a = "More"; and more\n') == []


def test_inline_html_tags_keep_their_order() -> None:
    text = 'A <span class="x">red</span> word.\n'
    (unit,) = document(text).units
    assert unit.text == "A <1>red</1> word."
    assert problems("Un </1>mot<1> rouge.", unit.codes)
    doc = document(text)
    published, fallbacks = render(doc, {unit.text: "Un </1>mot<1> rouge."}, target=FR, fmt=markdown)
    assert fallbacks and published == text


def test_crossing_placeholders_are_refused() -> None:
    text = "A *b [c](http://x)* d.\n"
    (unit,) = document(text).units
    assert unit.text == "A <1>b <2>c</2></1> d."
    assert problems("A <1>b <2>c</1></2> d.", unit.codes)
    assert problems("A </1>b<1> <2>c</2> d.", unit.codes)
    assert not problems("A <2>c</2> <1>b</1> d.", unit.codes)


@pytest.mark.parametrize(
    "added",
    [
        "//evil.example/x",
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "mailto:phish@evil.example",
        "evil.example/x",
    ],
)
def test_the_urls_check_sees_every_url_form(added: str) -> None:
    item = Translation("r", "fr", "en", "u1", "Contact us today.", f"Contactez-nous {added}")
    assert list(REGISTRY["urls"].run(item, Context(())))


def test_front_matter_keys_come_from_the_project(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "release.md").write_text(
        "---\ntitle: Water\ndescription: Ministers meet.\nauthor: Ann\n---\n\nBody.\n", "utf-8"
    )
    config = 'source-lang = "en"\ntarget-langs = ["fr"]\n'
    (tmp_path / "relay.toml").write_text(config, "utf-8")
    project = open_project(tmp_path)
    assert project.config.markdown_front_matter_keys == (
        "title",
        "description",
        "summary",
        "keywords",
    )
    (release,) = discover(project).releases
    assert [unit.text for unit in release.document.units] == ["Water", "Ministers meet.", "Body."]
    (tmp_path / "relay.toml").write_text(
        config + '[markdown]\nfront-matter-keys = ["author"]\n', "utf-8"
    )
    (release,) = discover(open_project(tmp_path)).releases
    assert [unit.text for unit in release.document.units] == ["Ann", "Body."]


@pytest.mark.parametrize(
    "table",
    ['[markdown]\nfront-matter-keys = "title"\n', "[markdown]\nkeys = []\n", "markdown = 1\n"],
)
def test_front_matter_keys_are_checked(tmp_path: Path, table: str) -> None:
    config = 'source-lang = "en"\ntarget-langs = ["fr"]\n' + table
    (tmp_path / "relay.toml").write_text(config, "utf-8")
    with pytest.raises(ProjectError, match=r"\[markdown\]"):
        open_project(tmp_path)


def test_text_in_an_html_blocks_script_or_comment_is_not_taken_for_its_text() -> None:
    text = '<div>\n<script>var a = "More";</script><!-- More --><p title="More">More</p>\n</div>\n'
    published = publish(text, {"More": "Plus"})
    assert published == (
        '<div>\n<script>var a = "More";</script><!-- More --><p title="Plus">Plus</p>\n</div>\n'
    )


def test_nested_footnote_definitions_read_back_as_written() -> None:
    # The footnote plugin leaves a blockquote_close without its open here.
    text = "[^1]: >[^1]: ''[^1]: >`c`"
    assert source_text(markdown.read(text, path="release.md")) == text


def test_a_shortcut_reference_that_is_the_whole_unit_keeps_its_label() -> None:
    text = "- [Annual report]\n- [Annual report][]\n\n[annual report]: http://a.org/r\n"
    assert texts(text) == ["Annual report", "Annual report"]
    published = publish(text, {"Annual report": "Rapport annuel"})
    assert published == (
        "- [Rapport annuel][Annual report]\n- [Rapport annuel][Annual report]\n\n"
        "[annual report]: http://a.org/r\n"
    )
    assert structure(published) == structure(text)
    identity, _ = render(
        document(text), {"Annual report": "Annual report"}, target=FR, fmt=markdown
    )
    assert identity == text
