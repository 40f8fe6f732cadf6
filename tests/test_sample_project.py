"""The repository's own sample project: its translations are complete, sound and current."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from support.tools import gettext

from relay.catalogs.po import load_catalog
from relay.core.placeholders import problems, strip
from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish

REPO = Path(__file__).resolve().parents[1]
CATALOGS = sorted((REPO / "locales").glob("*/*.po"))


def test_every_release_is_translated_into_every_language() -> None:
    project = open_project(REPO)
    slugs = {path.stem for path in (REPO / "locales" / "templates").glob("*.pot")}
    assert len(slugs) >= 3
    for lang in project.config.target_langs:
        assert {path.stem for path in (REPO / "locales" / lang).glob("*.po")} == slugs


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_catalog_is_complete_and_its_placeholders_sound(path: Path) -> None:
    catalog = load_catalog(path)
    assert catalog is not None
    for entry in catalog.active:
        assert entry.translated, f"not translated: {entry.msgid!r}"
        codes = re.findall(r"</?\d+/?>", entry.msgid)
        assert sorted(codes) == sorted(re.findall(r"</?\d+/?>", entry.msgstr)), entry.msgid
        assert entry.msgstr != entry.msgid or not re.search(r"[a-z]{4}", strip(entry.msgid))


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.parent.name == "fr"], ids=lambda p: p.name
)
def test_french_typography(path: Path) -> None:
    catalog = load_catalog(path)
    assert catalog is not None
    for entry in catalog.active:
        text = strip(entry.msgstr)
        # A no-break space (or narrow one) before high punctuation, never a plain space.
        assert not re.search(r" [:;!?»]", text), text
        assert not re.search(r"\S[;!?]", re.sub(r"https?://\S+", "", text)), text
        assert not re.search(r"«[^\u00a0\u202f]", text), text
        assert "'" not in text, f"straight apostrophe: {text}"


@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if p.parent.name == "ru"], ids=lambda p: p.name
)
def test_russian_quotes(path: Path) -> None:
    catalog = load_catalog(path)
    assert catalog is not None
    for entry in catalog.active:
        text = strip(entry.msgstr)
        assert '"' not in text and "“" not in text[:1], f"use « » in Russian: {text}"


@pytest.mark.parametrize(
    "path", sorted((REPO / "locales").rglob("*.po*")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_gettext_accepts_and_keeps_every_byte(path: Path) -> None:
    subprocess.run([gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)
    again = subprocess.run([gettext("msgcat"), str(path)], check=True, capture_output=True).stdout
    assert again == path.read_bytes()


def test_catalogs_are_up_to_date_with_the_sources(sample_project: Path) -> None:
    report = extract(open_project(sample_project))
    assert not report.errors
    assert [str(change.path) for change in report.written] == []


def test_every_variant_publishes_and_parses_as_html5(sample_project: Path) -> None:
    report = publish(open_project(sample_project))
    assert not report.errors
    assert all(variant.published for variant in report.variants), [
        (v.slug, v.lang, v.reasons) for v in report.variants if not v.published
    ]
    manifest = json.loads((sample_project / "public" / "manifest.json").read_text("utf-8"))
    assert len(manifest["releases"]) == 3
    for page in (sample_project / "public").glob("*/*.html"):
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(page.read_bytes())
        lang = page.parent.name
        assert f'<html lang="{lang}">' in page.read_text("utf-8")


def test_published_russian_page_has_the_russian_date(sample_project: Path) -> None:
    publish(open_project(sample_project))
    page = (sample_project / "public/ru/2013-04-23-kazakhstan-innovation.html").read_text()
    assert "23 апреля 2013\u202fг." in page


def test_placeholders_of_the_sample_translations_pass_relay_rules() -> None:
    for path in CATALOGS:
        catalog = load_catalog(path)
        assert catalog is not None
        template = load_catalog(REPO / "locales" / "templates" / f"{path.stem}.pot")
        assert template is not None
        for entry in catalog.active:
            from relay.core.model import Code

            codes = tuple(
                Code(int(n), "empty" if slash else "pair", ())
                for n, slash in re.findall(r"<(\d+)(/?)>", entry.msgid)
            )
            assert problems(entry.msgstr, codes) == [], entry.msgid


def test_the_repository_project_is_up_to_date(tmp_path: Path) -> None:
    """A fresh clone's main job changes no committed file: catalogs, templates and the slug
    record are what extract writes (the README's demo would otherwise dirty the checkout)."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("sources", "locales"):
        shutil.copytree(REPO / name, root / name)
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy(REPO / name, root / name)
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*") if p.is_file()}
    checked = subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(root), "extract", "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    subprocess.run([sys.executable, "-m", "relay", "-C", str(root), "-q", "extract"], check=True)
    after = {p: p.read_bytes() for p in (root / "locales").rglob("*") if p.is_file()}
    assert after == before
