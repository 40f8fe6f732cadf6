"""Markup injection through translations: no vector of xss_vectors.txt reaches the website.

Every vector is placed in translations of units of the HTML and the Markdown sample releases
(before and after the translator's text, in every kind of unit: title, headings, paragraphs,
list items, link text, ``title`` attributes, front matter), in rounds so that each vector
meets each unit. The quality checks are switched off, so that what is proven is relay's
writer, not its gate: every variant is published. The published output is parsed by an HTML5
parser (html5lib; Markdown is first rendered by markdown-it in CommonMark mode with raw HTML
allowed, as a site generator would), and the set of elements, of (element, attribute) pairs
and of URLs in it must be a subset of the source variant's. The Markdown front matter must
still read as YAML, its title being exactly the translation.

A vector that would break a unit's placeholders (relay's own ``<1>`` syntax) cannot be
published at all: the gate blocks the variant. Those are counted apart.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import html5lib
import yaml
from markdown_it import MarkdownIt
from support.reliability import REPO, SUITE, record

from relay.catalogs.po import read_po, write_po
from relay.checks import REGISTRY
from relay.core.project import open_project
from relay.publish.run import publish
from relay.sources.discovery import discover

VECTORS = [
    line
    for line in (SUITE / "xss_vectors.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
RELEASES = {"2013-04-23-kazakhstan-innovation": ".html", "2014-03-12-water-cooperation": ".md"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset",
    "longdesc", "usemap", "manifest", "ping", "lowsrc", "dynsrc", "codebase", "archive",
    "{http://www.w3.org/1999/xlink}href",
}  # fmt: skip


def _project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    for slug, suffix in RELEASES.items():
        shutil.copy(REPO / "sources" / f"{slug}{suffix}", root / "sources")
        if suffix == ".html":
            _add_structured_data(root / "sources" / f"{slug}{suffix}")
        (root / "locales" / "fr").mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "locales" / "fr" / f"{slug}.po", root / "locales" / "fr")
    checks = "".join(f'"{check}" = "off"\n' for check in REGISTRY)
    (root / "relay.toml").write_text(
        f'source-lang = "en"\ntarget-langs = ["fr"]\n[checks]\n{checks}', "utf-8"
    )
    return root


def _add_structured_data(page: Path) -> None:
    """Give the HTML release JSON-LD whose headline is its title: the title's translation,
    vectors and all, is then also written as a JSON string inside a script."""
    text = page.read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    assert title is not None
    data = {"@type": "NewsArticle", "headline": html.unescape(" ".join(title.group(1).split()))}
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>\n'
    page.write_text(text.replace("</head>", script + "</head>", 1), "utf-8")


def _structured_data(path: Path) -> list[Any]:
    """The JSON-LD of a published page, read as a search engine reads it."""
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', path.read_text("utf-8"), re.DOTALL
    )
    return [json.loads(item) for item in found]


def test_no_vector_adds_markup(tmp_path: Path) -> None:
    project = open_project(_project(tmp_path / "project"))
    releases = {release.slug: release for release in discover(project).releases}
    originals = {slug: (project.catalog_path("fr", slug)).read_bytes() for slug in releases}
    units = {slug: len(release.document.units) for slug, release in releases.items()}
    rounds = -(-len(VECTORS) // min(units.values())) + 2
    placed: dict[str, set[str]] = {vector: set() for vector in VECTORS}
    blocked: dict[str, int] = {vector: 0 for vector in VECTORS}
    problems: list[str] = []
    for round_ in range(rounds):
        for slug, release in releases.items():
            catalog = read_po(originals[slug], path=slug)
            codes = {unit.text: unit.codes for unit in release.document.units}
            entries = []
            position = 0
            for entry in catalog.entries:
                if entry.obsolete or entry.msgid not in codes:
                    entries.append(entry)
                    continue
                # Round after round, each unit takes the next vectors: every vector meets
                # units of both releases, before and after the translator's text.
                vector = VECTORS[(round_ * units[slug] + position) % len(VECTORS)]
                before = (round_ + position) % 2
                position += 1
                text = f"{vector} {entry.msgstr}" if before else f"{entry.msgstr} {vector}"
                if _placeholder_problems(text, codes[entry.msgid]):
                    blocked[vector] += 1
                    entries.append(entry)
                    continue
                placed[vector].add(f"{RELEASES[slug]}:{entry.notes[0] if entry.notes else ''}")
                entries.append(entry.with_(msgstr=text, fuzzy=False))
            catalog.entries = entries
            project.catalog_path("fr", slug).write_bytes(write_po(catalog))
        report = publish(project)
        for variant in report.variants:
            if not variant.published:
                problems.append(f"round {round_}: {variant.slug} [{variant.lang}] blocked")
        for slug, suffix in RELEASES.items():
            if suffix == ".html":  # the script still one, still JSON, its headline the title's
                try:
                    (data,) = _structured_data(project.public_dir / "fr" / f"{slug}{suffix}")
                except ValueError as error:  # a script ended early, or two where one was
                    problems.append(f"round {round_}: {slug}: structured data broken: {error}")
                    continue
                if data["headline"] == releases[slug].document.metadata.title:
                    problems.append(f"round {round_}: {slug}: the headline is not translated")
            source = _markup(project.public_dir / "en" / f"{slug}{suffix}")
            translated = _markup(project.public_dir / "fr" / f"{slug}{suffix}")
            for kind, found in zip(("element", "attribute", "URL"), translated, strict=True):
                extra = found - source[("element", "attribute", "URL").index(kind)]
                problems.extend(f"round {round_}: {slug}: new {kind} {item!r}" for item in extra)
    assert not problems, "\n".join(problems[:30])
    assert all(placed[vector] for vector in VECTORS if not blocked[vector])
    in_both = sum(
        any(c.startswith(".html") for c in contexts) and any(c.startswith(".md") for c in contexts)
        for contexts in placed.values()
    )
    record(
        "xss",
        {
            "vectors": len(VECTORS),
            "vectors_published_and_inert": sum(bool(contexts) for contexts in placed.values()),
            "vectors_in_both_html_and_markdown": in_both,
            "placements": sum(len(contexts) for contexts in placed.values()),
            "rounds": rounds,
            "placements_blocked_for_broken_placeholders": sum(blocked.values()),
            "vectors_never_publishable": sorted(v for v in VECTORS if not placed[v]),
            "new_elements_attributes_or_urls": 0,
        },
    )


def _placeholder_problems(text: str, codes: Any) -> list[str]:
    from relay.core.placeholders import problems

    return problems(text, codes)


def _markup(path: Path) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """The elements, (element, attribute) pairs and URLs of a published file, as a browser sees."""
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        front, body = _front_matter(text)
        # A title that broke out of its YAML string would add keys or lose its text.
        assert set(front) <= {"title", "date", "slug", "lang"}, f"{path}: {sorted(front)}"
        assert isinstance(front["title"], str), f"{path}: the front matter lost its title"
        text = MarkdownIt("commonmark", {"html": True}).render(body)
    tree = html5lib.parse(text, namespaceHTMLElements=True)
    elements, attributes, urls = set(), set(), set()
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        elements.add(tag)
        for name, value in element.attrib.items():
            attributes.add((tag, name))
            if name in URL_ATTRIBUTES or name.startswith("on"):
                urls.add(value.strip())
    return elements, attributes, urls


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_the_comparison_sees_injected_markup(tmp_path: Path) -> None:
    """The check above would fail if escaping failed: it sees what an injection adds."""
    clean, dirty = tmp_path / "a.html", tmp_path / "b.html"
    clean.write_text("<p title='x'>Hello <a href='https://unece.org'>UNECE</a></p>", "utf-8")
    dirty.write_text(
        "<p title='x'>Hello <a href='https://unece.org' onclick='x()'>UNECE</a>"
        "<svg><a href='javascript:alert(1)'>x</a></svg></p>",
        "utf-8",
    )
    source, injected = _markup(clean), _markup(dirty)
    assert injected[0] - source[0]  # <svg>, and its <a>
    assert injected[1] - source[1]  # onclick
    assert injected[2] - source[2] == {"javascript:alert(1)", "x()"}
