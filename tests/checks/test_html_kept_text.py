"""An HTML release holds text a reader is shown that no unit holds: a ``data-*`` attribute a
script shows as a tooltip, a ``<textarea>``'s text, a style sheet's ``content`` string. Each
was published in English in every translation and nothing said so. ``relay check --source``
now says so (``source-kept-text``); ``[html] translate-attributes`` has the attributes a
project names translated, like HTML's own ``title``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import html5lib
import pytest

from relay.checks.engine import check_project
from relay.core.errors import ProjectError
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.run import publish

SOURCE = """<!DOCTYPE html>
<html lang="en">
<head><title>Harbour works begin</title>
<style>
.note::before { content: "Note: "; }
.quote::before { content: "\\201C"; }
body { font-family: "Open Sans", sans-serif; }
</style>
</head>
<body>
<p data-tooltip="Click to read the full report" data-id="x-42" data-track="hero banner">Read.</p>
<p data-config='{"a": "b c d"}' data-href="https://unece.org/a b c">Links.</p>
<form><textarea name="c">Write your comment here.</textarea></form>
<p style='--a: 1; content: "See below"'>Styled.</p>
<div translate="no"><p data-tooltip="A name kept on purpose">Kept.</p></div>
</body>
</html>
"""


def _project(tmp_path: Path, html: str = "") -> Path:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    if html:
        with (root / "relay.toml").open("a", encoding="utf-8") as config:
            config.write(f"[html]\n{html}\n")
    (root / "sources" / "2026-12-02-quay.html").write_text(SOURCE, "utf-8")
    return root


def _kept(root: Path) -> list[tuple[str, str]]:
    report = check_project(open_project(root), source=True)
    return [
        (finding.location, finding.message)
        for finding in report.findings
        if finding.check == "source-kept-text"
    ]


def test_text_an_html_page_keeps_in_english_is_reported(tmp_path: Path) -> None:
    found = _kept(_project(tmp_path))
    assert [location for location, _ in found] == [
        "sources/2026-12-02-quay.html:4",
        "sources/2026-12-02-quay.html:11",
        "sources/2026-12-02-quay.html:13",
        "sources/2026-12-02-quay.html:14",
    ]
    messages = [message for _, message in found]
    assert "“Note:”" in messages[0] and "CSS content" in messages[0]
    assert 'add "data-tooltip" to [html] translate-attributes' in messages[1]
    assert "<textarea>" in messages[2] and "placeholder" in messages[2]
    assert "“See below”" in messages[3]
    joined = " ".join(messages)
    # Data is not text: an id, a two-word tracking label, JSON, an address, a font's name, a
    # quotation mark; nor is what the source marks translate="no".
    for data in ("x-42", "hero banner", "b c d", "unece.org", "Open Sans", "201C", "on purpose"):
        assert data not in joined


def test_an_attribute_the_project_names_is_translated_and_published(tmp_path: Path) -> None:
    root = _project(tmp_path, 'translate-attributes = ["data-tooltip", "DATA-Track"]')
    assert not any("data-tooltip" in message for _, message in _kept(root))
    extract(open_project(root))
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    published = (root / "public" / "qps" / "2026-12-02-quay.html").read_text("utf-8")
    tree = html5lib.parse(published, namespaceHTMLElements=False)
    tooltips = [p.get("data-tooltip") for p in tree.iter("p") if p.get("data-tooltip")]
    assert len(tooltips) == 2
    assert re.fullmatch(r"\[.+\]", tooltips[0]) and "Click" not in tooltips[0]
    assert tooltips[1] == "A name kept on purpose"  # translate="no" wins
    track = next(p.get("data-track") for p in tree.iter("p") if p.get("data-track"))
    assert track.startswith("[") and track.endswith("]")
    # What the project did not name is kept, byte for byte.
    assert 'data-id="x-42"' in published
    assert 'data-config=\'{"a": "b c d"}\'' in published


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ('translate-attributes = ["href"]', "'href'"),
        ('translate-attributes = ["onclick"]', "'onclick'"),
        ('translate-attributes = ["class"]', "'class'"),
        ('translate-attributes = ["data tooltip"]', "attribute names"),
        ('translate-attributes = "data-tooltip"', "attribute names"),
    ],
)
def test_a_setting_that_would_break_the_page_is_refused(
    tmp_path: Path, setting: str, named: str
) -> None:
    root = _project(tmp_path, setting)
    with pytest.raises(ProjectError, match=re.escape(named)):
        open_project(root)


def test_the_html_written_in_markdown_is_looked_through_too(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    (root / "sources" / "2026-12-02-quay.md").write_text(
        "---\ntitle: Harbour works\ndate: 2026-12-02\n---\n\nThe quay opens.\n\n<div>\n"
        '<p data-hint="Press here to open the report">Open.</p>\n'
        "<textarea>Type your question here</textarea>\n</div>\n\n"
        'Inline <span data-note="A note for all readers" data-id="n-1">x</span> here, and'
        ' <span translate="no">kept</span> and <span translate="no">kept</span> words.\n',
        "utf-8",
    )
    report = check_project(open_project(root), source=True)
    found = [(f.check, f.location, f.message) for f in report.findings]
    kept = [(where, message) for check, where, message in found if check == "source-kept-text"]
    assert [where for where, _ in kept] == [
        "sources/2026-12-02-quay.md:9",
        "sources/2026-12-02-quay.md:10",
        "sources/2026-12-02-quay.md:13",
    ]
    assert '"data-hint"' in kept[0][1] and "<textarea>" in kept[1][1]
    assert '"data-note"' in kept[2][1]
    # "and <1/> and": the kept words stand between them, no word is repeated.
    assert not [check for check, _, _ in found if check == "source-repeated-word"]


def _page(body: str, head: str = "") -> str:
    """A release page: a title, ``head`` inside the head, a first paragraph, then ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n'
        f"<head><title>Harbour works begin</title>{head}</head>\n"
        f"<body>\n<p>The harbour works begin in May.</p>\n{body}</body>\n</html>\n"
    )


def _with_page(tmp_path: Path, page: str, html: str = "") -> Path:
    """A project (``html``: its ``[html]`` settings) whose one release is ``page``."""
    root = _project(tmp_path, html)
    (root / "sources" / "2026-12-02-quay.html").write_text(page, "utf-8")
    return root


NOSCRIPT = _page(
    "<noscript><p>Please enable <b>scripts</b> to see the map &amp; its legend.</p></noscript>\n"
    '<noscript><img src="pixel.gif" alt=""><!-- a tracking pixel, no words --></noscript>\n'
    '<noscript translate="no"><p>Kept as it is on purpose here.</p></noscript>\n',
    head='\n<noscript><link rel="stylesheet" href="plain.css"></noscript>\n',
)


def test_the_text_of_a_noscript_is_reported_not_its_markup(tmp_path: Path) -> None:
    # A <noscript>'s content is kept as written (site furniture, issue #13), and a reader
    # whose browser runs no script is shown its text in English in every variant.
    found = _kept(_with_page(tmp_path, NOSCRIPT))
    assert [location for location, _ in found] == ["sources/2026-12-02-quay.html:8"]
    message = found[0][1]
    assert "<noscript>" in message and "“Please enable scripts to see the map & its legend.”" in (
        message
    )
    assert 'translate="no"' in message


INPUTS = _page(
    "<form>\n"
    '<input type="text" value="Enter your city here please">\n'
    '<input value="Your home town &amp; country">\n'
    '<input type="email" value="name@example.org">\n'
    '<input type="hidden" value="a token sent with the form">\n'
    '<input type="submit" value="Send the form now">\n'
    '<input type="search" value="ab">\n'
    "</form>\n"
)


def test_the_value_of_a_text_input_is_reported(tmp_path: Path) -> None:
    # Shown in the box as the page opens, and sent with the form: kept as written, as a
    # textarea's text is (a button's value is its label, translated; a hidden one is data).
    found = _kept(_with_page(tmp_path, INPUTS))
    assert [location for location, _ in found] == [
        "sources/2026-12-02-quay.html:7",
        "sources/2026-12-02-quay.html:8",
    ]
    assert "“Enter your city here please”" in found[0][1] and "placeholder" in found[0][1]
    assert "“Your home town & country”" in found[1][1]


CLASSED = _page(
    '<div class="legal"><p data-tooltip="Binding in English only, on purpose">Legal.</p>\n'
    "<noscript>Scripts are not needed for the legal text.</noscript></div>\n"
    '<p data-tooltip="Click to read the full report">Read.</p>\n'
)


def test_what_a_class_the_project_keeps_holds_is_not_reported(tmp_path: Path) -> None:
    # [html] no-translate-classes marks the element never translated, as translate="no"
    # does: what it holds is kept on purpose, in the HTML of a page and of a Markdown release.
    root = _with_page(tmp_path, CLASSED, 'no-translate-classes = ["legal"]')
    markdown = (
        "---\ntitle: Quay\ndate: 2026-12-03\n---\n\nThe quay opens.\n\n"
        + (CLASSED.split("<body>\n", 1)[1].split("</body>", 1)[0])
    )
    (root / "sources" / "2026-12-03-quay.md").write_text(markdown, "utf-8")
    found = _kept(root)
    assert [location for location, _ in found] == [
        "sources/2026-12-02-quay.html:8",
        "sources/2026-12-03-quay.md:11",
    ], found
    assert all("Click to read" in message for _, message in found)
