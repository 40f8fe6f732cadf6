"""A site generator's template tag written in a Markdown release's text (a Hugo shortcode
``{{< figure … >}}`` or ``{{% notice %}}``, a Liquid or Jinja tag ``{% include … %}``, an
expression ``{{ site.title }}``) is markup: one placeholder, written back as the source has it.

Before, it was text in the unit: translators were sent ``{{< figure src="/img/dam.jpg" … >}}``
to translate, and the pseudo-locale published ``{{< ƒîîĝüüŕéé šŕç="/îîɱĝ/ðááɱ.ĵþĝ" … >}}``,
an image that does not exist and a shortcode the site cannot build; and a link to one
(``[the report]({{< ref "report.md" >}})``, a link for Hugo) was text whose brackets every
variant escaped. What such a tag writes on
the page is kept in the source language: ``relay check --source`` names its strings that read
as text (``source-kept-text``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.markdown_units import FRONT, body_units

from relay.checks.engine import check_project
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.run import publish

SLUG = "2026-12-02-harbour"


units = body_units


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Read the {{< ref "report.md" >}} today.\n', ["Read the <1/> today."]),
        ("See {{% param site.title %}} and {{ site.title }}.\n", ["See <1/> and <2/>."]),
        ('Thanks {% include name.html who="the donors" %} again.\n', ["Thanks <1/> again."]),
        # Markdown inside a tag is the tag's: no emphasis, link or escape of its own.
        ('A {{< figure caption="*dark* [x](y) \\_" >}} here.\n', ["A <1/> here."]),
        ('A {{< figure\n  src="/img/dam.jpg" >}} here.\n', ["A <1/> here."]),
        # A tag alone is no unit; in a code span it is the code's; unclosed, it is text.
        ('{{< figure src="/img/dam.jpg" >}}\n\nThe dam.\n', ["The dam."]),
        ("Write `{{ site.title }}` in a page.\n", ["Write <1/> in a page."]),
        ("An unclosed {{ tag and {% another here.\n", ["An unclosed {{ tag and {% another here."]),
        ("A set {1, 2} of {a}.\n", ["A set {1, 2} of {a}."]),
        # A tag as a link's or image's destination: a link, as Hugo reads it.
        ('Read [the report]({{< ref "r.md" >}}) today.\n', ["Read <1>the report</1> today."]),
        (
            'See [the annex]({{< relref "a.md" >}} "The annex in full").\n',
            ["The annex in full", "See <1>the annex</1>."],
        ),
        ('![A dam at dusk]({{< resource "dam.jpg" >}})\n', ["A dam at dusk"]),
        (
            'See [the annex].\n\n[the annex]: {{< ref "a.md" >}} "The annex in full"\n',
            ["See <1>the annex</1>.", "The annex in full"],
        ),
    ],
)
def test_a_template_tag_is_one_placeholder(body: str, expected: list[str]) -> None:
    assert units(body) == expected


BODY = (
    "Ministers met in Geneva to discuss water.\n\n"
    '{{< figure src="/img/dam.jpg" caption="The dam on the river near the city" >}}\n\n'
    'Read the {{< ref "report.md" >}} or {{% notice "Important notice for all readers" %}}.\n'
    '\nSee [the annex]({{< ref "annex.md" >}}) too.\n'
)


def test_tags_are_published_as_written_and_their_text_is_named(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    (root / "sources" / f"{SLUG}.md").write_text(FRONT + BODY, "utf-8")
    extract(open_project(root))
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC))
    page = (root / "public" / "qps" / f"{SLUG}.md").read_text("utf-8")
    for tag in (
        '{{< figure src="/img/dam.jpg" caption="The dam on the river near the city" >}}',
        '{{< ref "report.md" >}}',
        '{{% notice "Important notice for all readers" %}}',
    ):
        assert tag in page
    linked = next(line for line in page.splitlines() if "annex.md" in line)
    # The pseudo-locale's own brackets around the unit are escaped; the link's are not.
    assert ']({{< ref "annex.md" >}})' in linked and "\\]({{<" not in linked, linked
    report = check_project(open_project(root), source=True)
    kept = [(f.location, f.message) for f in report.findings if f.check == "source-kept-text"]
    assert [location for location, _ in kept] == [f"sources/{SLUG}.md:8", f"sources/{SLUG}.md:10"]
    assert "“caption”" in kept[0][1] and "The dam on the river" in kept[0][1]
    assert "a string" in kept[1][1] and "Important notice" in kept[1][1]
    assert not any("report.md" in message or "/img/" in message for _, message in kept)
