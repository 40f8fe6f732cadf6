"""A page states its own absolute address for link previews (``og:url``, ``twitter:url``) and
for structured data (microdata's ``url``). Kept as the source wrote it, every translation said
it was the source-language page: a share of the French page showed, and counted for, the
English one. Where the project says where ``public/`` is served (``public-url``), each variant
states its own address; where it does not, relay knows none, and the tag is left out of the
variants (a link preview then takes the address it read the page at). One naming another page
is kept, and the source's variant keeps the source's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import html5lib
import pytest

from relay.core.errors import ProjectError
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.publish.run import publish
from relay.sources.blocks import source_text
from relay.sources.formats import html

NOW = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
SLUG = "2026-12-01-roads"


def _page(head: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>Roads</title>\n<meta name="date" content="2026-12-01">\n{head}</head>\n'
        "<body>\n<p>Ministers agree on safer roads.</p>\n</body>\n</html>\n"
    )


def _addresses(path: Path) -> dict[str, str]:
    tree = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    found = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.endswith("url"):
            found[key] = meta.get("content") or ""
    return found


def _published(tmp_path: Path, head: str, setting: str = "") -> Path:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    if setting:
        with (root / "relay.toml").open("a", encoding="utf-8") as config:
            config.write(setting)
    source = _page(head)
    (root / "sources" / f"{SLUG}.html").write_text(source, "utf-8")
    assert source_text(html.read(source, path=f"{SLUG}.html")) == source
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=NOW)
    return root / "public"


HEAD = (
    f'<meta property="og:url" content="https://unece.org/press/{SLUG}.html">\n'
    f'<meta name="twitter:url" content="https://unece.org/press/{SLUG}/?utm_source=x">\n'
    '<meta property="og:title" content="Roads">\n'
)


@pytest.mark.parametrize("base", ["https://press.unece.org/", "https://unece.org/press"])
def test_each_variant_states_its_own_address(tmp_path: Path, base: str) -> None:
    public = _published(tmp_path, HEAD, f'public-url = "{base}"\n')
    own = base.rstrip("/") + f"/qps/{SLUG}.html"
    assert _addresses(public / "qps" / f"{SLUG}.html") == {"og:url": own, "twitter:url": own}
    assert _addresses(public / "en" / f"{SLUG}.html") == {
        "og:url": f"https://unece.org/press/{SLUG}.html",
        "twitter:url": f"https://unece.org/press/{SLUG}/?utm_source=x",
    }


def test_without_a_public_url_the_variants_state_no_address(tmp_path: Path) -> None:
    public = _published(tmp_path, HEAD + f'<meta itemprop="url" content="/press/{SLUG}.html">\n')
    variant = public / "qps" / f"{SLUG}.html"
    assert _addresses(variant) == {}
    text = variant.read_text("utf-8")
    assert "unece.org" not in text
    assert '<meta property="og:title" content="[' in text  # the rest of the head is there
    assert len(_addresses(public / "en" / f"{SLUG}.html")) == 3


def test_an_address_of_another_page_is_kept(tmp_path: Path) -> None:
    head = (
        '<meta property="og:url" content="https://news.example/original-story">\n'
        '<meta itemprop="url" content="https://unece.org/">\n'
    )
    public = _published(tmp_path, head, 'public-url = "https://press.unece.org/"\n')
    assert _addresses(public / "qps" / f"{SLUG}.html") == {
        "og:url": "https://news.example/original-story",
        "url": "https://unece.org/",
    }


def test_an_address_marked_not_to_be_translated_is_kept(tmp_path: Path) -> None:
    head = f'<meta property="og:url" translate="no" content="https://unece.org/{SLUG}.html">\n'
    public = _published(tmp_path, head)
    assert _addresses(public / "qps" / f"{SLUG}.html") == {
        "og:url": f"https://unece.org/{SLUG}.html"
    }


@pytest.mark.parametrize(
    "value",
    ['"ftp://unece.org/"', '"/press/"', '"https://unece.org/press?x=1"', "3", '"https://"'],
)
def test_a_public_url_that_is_no_address_is_refused(tmp_path: Path, value: str) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["fr"])
    with (root / "relay.toml").open("a", encoding="utf-8") as config:
        config.write(f"public-url = {value}\n")
    with pytest.raises(ProjectError, match="'public-url' must be"):
        open_project(root)


LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Roads",'
    f' "url": "https://unece.org/press/{SLUG}.html",'
    f' "mainEntityOfPage": {{"@type": "WebPage", "@id": "https://unece.org/press/{SLUG}/"}},'
    ' "publisher": {"@type": "Organization", "url": "https://unece.org/",'
    ' "logo": {"@type": "ImageObject", "url": "https://unece.org/logo.png"}}}</script>\n'
)


def _structured(path: Path) -> dict[str, object]:
    tree = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    (script,) = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    data = json.loads(script.text or "")
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("setting", "own"),
    [
        ('public-url = "https://press.unece.org/"\n', f"https://press.unece.org/qps/{SLUG}.html"),
        ("", f"../qps/{SLUG}.html"),  # no address known: the relative link, as the canonical's
    ],
)
def test_structured_data_names_the_variants_own_page(
    tmp_path: Path, setting: str, own: str
) -> None:
    public = _published(tmp_path, LD, setting)
    data = _structured(public / "qps" / f"{SLUG}.html")
    assert data["url"] == own
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": own}
    assert data["publisher"] == {
        "@type": "Organization",
        "url": "https://unece.org/",
        "logo": {"@type": "ImageObject", "url": "https://unece.org/logo.png"},
    }
    source = _structured(public / "en" / f"{SLUG}.html")
    assert source["url"] == f"https://unece.org/press/{SLUG}.html"


def test_structured_data_in_markdown_names_the_variants_own_page(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    with (root / "relay.toml").open("a", encoding="utf-8") as config:
        config.write('public-url = "https://press.unece.org/"\n')
    source = f"---\ntitle: Roads\ndate: 2026-12-01\n---\n\n{LD}\nMinisters agree on safer roads.\n"
    (root / "sources" / f"{SLUG}.md").write_text(source, "utf-8")
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=NOW)
    published = (root / "public" / "qps" / f"{SLUG}.md").read_text("utf-8")
    script = published.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(script)["url"] == f"https://press.unece.org/qps/{SLUG}.md"


def _links(path: Path) -> dict[str, str]:
    tree = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    return {
        link.get("hreflang") or link.get("rel") or "": link.get("href") or ""
        for link in tree.iter("link")
    }


def test_with_public_url_the_links_between_variants_are_written_in_full(tmp_path: Path) -> None:
    # Search engines ask hreflang links to be absolute; relay wrote them relative even where
    # the project says where public/ is served.
    head = f'<link rel="canonical" href="https://unece.org/press/{SLUG}.html">\n'
    public = _published(tmp_path, head, 'public-url = "https://press.unece.org/"\n')
    links = _links(public / "qps" / f"{SLUG}.html")
    assert links == {
        "canonical": f"https://press.unece.org/qps/{SLUG}.html",
        "en": f"https://press.unece.org/en/{SLUG}.html",
        "qps": f"https://press.unece.org/qps/{SLUG}.html",
    }
    english = _links(public / "en" / f"{SLUG}.html")
    assert english["qps"] == f"https://press.unece.org/qps/{SLUG}.html"


def test_a_base_href_without_public_url_blocks_the_release(tmp_path: Path) -> None:
    # <base href="https://unece.org/press/">: a browser reads "../qps/<slug>.html" against
    # it, https://unece.org/qps/<slug>.html, a page that does not exist; the canonical link
    # told search engines the variant was that page.
    head = '<base href="https://unece.org/press/">\n'
    public = _published(tmp_path, head)
    assert not (public / "qps" / f"{SLUG}.html").exists()
    assert not (public / "en" / f"{SLUG}.html").exists()
    manifest = json.loads((public / "manifest.json").read_text("utf-8"))
    reasons = [
        reason
        for release in manifest["releases"]
        for variant in release["variants"]
        for reason in variant.get("reasons", ())
    ]
    assert reasons and all("<base href>" in r and "public-url" in r for r in reasons), reasons
    # With public-url, every link relay writes is absolute: published.
    public = _published(tmp_path / "again", head, 'public-url = "https://press.unece.org/"\n')
    links = _links(public / "qps" / f"{SLUG}.html")
    assert links["qps"] == f"https://press.unece.org/qps/{SLUG}.html"


@pytest.mark.parametrize(
    "head",
    [
        '<!-- was: <base href="https://unece.org/press/"> -->\n',
        "<script>var old = '<base href=\"https://unece.org/press/\">';</script>\n",
        '<template><base href="https://unece.org/press/"></template>\n',
    ],
)
def test_a_base_href_that_is_only_text_blocks_nothing(tmp_path: Path, head: str) -> None:
    # In a comment, a script or a template, "<base href" sets no base: a browser reads the
    # relative links against the page's own address. Every variant of the release was blocked.
    public = _published(tmp_path, head)
    assert (public / "qps" / f"{SLUG}.html").exists() and (public / "en" / f"{SLUG}.html").exists()
    assert _links(public / "qps" / f"{SLUG}.html")["qps"] == f"../qps/{SLUG}.html"
