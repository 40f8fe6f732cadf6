"""A heading's attribute list (``## Results {#results .wide}``: Pandoc, kramdown, Hugo's
Goldmark, markdown-it-attrs) is markup, kept as written: its id is what links to the heading.

Before, it was part of the heading's unit: the pseudo-locale published ``{#ŵááţééŕ-îîð}``,
and a translator who translated it broke every link to the heading in that language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.markdown_units import FRONT, body_units

from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.extract.run import extract
from relay.publish.run import publish

units = body_units


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Water and roads {#water}\n", ["Water and roads"]),
        ("## Water and roads   {#water .wide data-x=1}  \n", ["Water and roads"]),
        ("## Water and roads {: #water}\n", ["Water and roads"]),
        ("## Water and roads {.unnumbered}\n", ["Water and roads"]),
        ("## Water and roads {-}\n", ["Water and roads"]),
        ("Water and roads {#water}\n---------------\n", ["Water and roads"]),
        ("## *Water* and roads {#water}\n", ["<1>Water</1> and roads"]),
        ("## Water and roads {#water} ##\n", ["Water and roads"]),
        # Not an attribute list: words in braces, a brace glued to a word, a paragraph's.
        ("## Water {and roads}\n", ["Water {and roads}"]),
        ("## Water and roads{#water}\n", ["Water and roads{#water}"]),
        ("Water and roads {#water}\n", ["Water and roads {#water}"]),
    ],
)
def test_a_headings_attribute_list_is_markup(body: str, expected: list[str]) -> None:
    assert units(body) == expected


def test_the_id_is_published_as_written(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    body = "Read [the results](#results).\n\n## Results of the survey {#results}\n\nAll done.\n"
    (root / "sources" / "2026-12-02-harbour.md").write_text(FRONT + body, "utf-8")
    extract(open_project(root))
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC))
    page = (root / "public" / "qps" / "2026-12-02-harbour.md").read_text("utf-8")
    heading = next(line for line in page.splitlines() if line.startswith("## "))
    assert heading.endswith("] {#results}") and "Results" not in heading, heading
