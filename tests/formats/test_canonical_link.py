"""A page's ``<link rel="canonical">`` names the page search engines index for it. Kept as the
source wrote it, every translation named the source-language page, and search engines, taking
it for a copy of that page, left it out. The variant's own names the variant (relative, as the
links to its siblings are); one naming another page (the original of a republished text) is
kept, and the source's variant keeps the source's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import html5lib
import pytest

from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.publish.run import publish
from relay.sources.blocks import source_text
from relay.sources.formats import html

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)


def _page(links: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>Roads</title>\n<meta name="date" content="2026-12-01">\n{links}</head>\n'
        "<body>\n<p>Ministers agree on safer roads.</p>\n</body>\n</html>\n"
    )


def _canonicals(path: Path) -> list[str]:
    tree = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    return [
        link.get("href") or ""
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]


@pytest.mark.parametrize(
    "address",
    [
        "https://unece.org/press/2026-12-01-roads.html",
        "https://unece.org/en/press/2026-12-01-roads/",
        "/press/2026-12-01-roads?utm_source=feed#top",
    ],
)
def test_a_canonical_naming_the_release_names_each_variant(tmp_path: Path, address: str) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    source = _page(f'<link rel="canonical" href="{address}">\n')
    (root / "sources" / "2026-12-01-roads.html").write_text(source, "utf-8")
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=NOW)
    public = root / "public"
    assert _canonicals(public / "qps" / "2026-12-01-roads.html") == ["../qps/2026-12-01-roads.html"]
    assert _canonicals(public / "en" / "2026-12-01-roads.html") == [address]
    assert source_text(html.read(source, path="2026-12-01-roads.html")) == source


def test_a_canonical_naming_another_page_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    source = _page('<link rel="canonical" href="https://news.example/original-story">\n')
    (root / "sources" / "2026-12-01-roads.html").write_text(source, "utf-8")
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=NOW)
    published = root / "public" / "qps" / "2026-12-01-roads.html"
    assert _canonicals(published) == ["https://news.example/original-story"]
