"""A Markdown release's front matter holds text a site shows (Jekyll's ``excerpt``, a theme's
``subtitle``, an ``image``'s ``alt``) that relay keeps as written unless ``[markdown]
front-matter-keys`` names it: in English in every translation, and nothing said so. ``relay
check --source`` now says so (``source-kept-text``), naming the key to add, nested ones by
their path ("image.alt"), which ``front-matter-keys`` takes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from relay.checks.engine import check_project
from relay.core.project import init_project, open_project
from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs
from relay.publish.run import publish

SOURCE = (
    "---\ntitle: Harbour works begin\ndate: 2026-12-02\nsubtitle: A new quay for the port\n"
    "excerpt: >-\n  Works begin this\n  winter\nimage:\n  path: images/quay-at-night.png\n"
    "  alt: The new quay at night\nlayout: press release page\nauthor: Eva Maria Molnar\n"
    "tags: [port works, new quay here]\nredirect_from: /old/harbour works begin\n"
    "teaser_url: https://unece.org/press/harbour works\nbadge: New\n---\n\nThe quay opens.\n"
)


def _project(tmp_path: Path, keys: str = "") -> Path:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["qps"])
    if keys:
        with (root / "relay.toml").open("a", encoding="utf-8") as config:
            config.write(f"[markdown]\nfront-matter-keys = {keys}\n")
    (root / "sources" / "2026-12-02-quay.md").write_text(SOURCE, "utf-8")
    return root


def _kept(root: Path) -> list[tuple[str, str]]:
    report = check_project(open_project(root), source=True)
    return [
        (finding.location, finding.message)
        for finding in report.findings
        if finding.check == "source-kept-text"
    ]


def test_text_the_front_matter_keeps_in_english_is_reported(tmp_path: Path) -> None:
    found = _kept(_project(tmp_path))
    where = [location for location, _ in found]
    assert where == [
        "sources/2026-12-02-quay.md:4",
        "sources/2026-12-02-quay.md:5",
        "sources/2026-12-02-quay.md:10",
    ]
    messages = " ".join(message for _, message in found)
    for key in ("subtitle", "excerpt", "image.alt"):
        assert f'add "{key}" to [markdown] front-matter-keys' in messages
    # Data (a layout, an author, tags, addresses, a short label) is not text to report.
    for data in ("layout", "author", "tags", "redirect_from", "teaser_url", "badge"):
        assert f"“{data}”" not in messages


def test_the_keys_it_names_are_translated_nested_ones_by_their_path(tmp_path: Path) -> None:
    keys = '["title", "subtitle", "excerpt", "image.alt"]'
    root = _project(tmp_path, keys)
    assert _kept(root) == []
    pseudo_translate_catalogs(open_project(root), lang="qps")
    publish(open_project(root), now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    published = (root / "public" / "qps" / "2026-12-02-quay.md").read_text("utf-8")
    front = yaml.safe_load(published.split("---\n")[1])
    for value in (front["subtitle"], front["excerpt"], front["image"]["alt"]):
        assert value.startswith("[") and value.endswith("]"), value
    assert front["image"]["path"] == "images/quay-at-night.png"
    assert front["layout"] == "press release page"
