"""Hostile sources and translators: nothing under embargo leaks, no slug is taken over, one bad
file stops nothing, and ``public/`` holds only what the manifest lists.

Each test builds on a copy of the sample project and runs relay's own functions (and, where a
traceback is the failure, the real command line).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.reliability import child_env

from relay.checks.engine import check_project
from relay.core.errors import CatalogError, SourceError
from relay.core.metadata import MAX_SOURCE_BYTES, MAX_UNIT_CHARS
from relay.core.project import open_project
from relay.exchange.handoff import export_packages, import_files
from relay.extract.run import extract
from relay.publish.run import publish
from relay.sources.discovery import discover

NOW = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
FUTURE = "2099-01-01T09:00:00+00:00"
HTML = "2013-04-23-kazakhstan-innovation"
MD = "2014-03-12-water-cooperation"
TXT = "2015-10-05-road-safety"
SECRET = "The secret merger of Alpha Holdings and Beta Industries closes on Friday."


def _manifest(root: Path) -> dict:
    return json.loads((root / "public" / "manifest.json").read_text("utf-8"))


def _public_files(root: Path) -> set[str]:
    return {
        path.relative_to(root / "public").as_posix()
        for path in (root / "public").rglob("*")
        if path.is_file()
    }


def _listed(root: Path) -> set[str]:
    return {
        variant["path"]
        for release in _manifest(root)["releases"]
        for variant in release["variants"]
        if variant["path"]
    }


def _embargoed_source(root: Path, *, embargo_line: str = f"embargo: {FUTURE}") -> Path:
    source = root / "sources" / "2026-01-05-a-merger.md"
    source.write_text(
        f"---\ntitle: Alpha and Beta merge\ndate: 2026-01-05\n{embargo_line}\n---\n\n"
        f"# Alpha and Beta merge\n\n{SECRET}\n",
        "utf-8",
    )
    return source


def _translate_everything(root: Path, slug: str) -> None:
    for lang in ("fr", "ru"):
        path = root / "locales" / lang / f"{slug}.po"
        text = path.read_text("utf-8")
        text = text.replace('msgstr ""\n\n', 'msgstr "Traduit."\n\n')
        text = text.replace('msgstr ""\n#', 'msgstr "Traduit."\n#')
        if text.endswith('msgstr ""\n'):
            text = text[: -len('msgstr ""\n')] + 'msgstr "Traduit."\n'
        path.write_text(text.replace("#, fuzzy\n", ""), "utf-8")


# -- embargo: nothing leaks ----------------------------------------------------------------


def test_an_embargoed_release_is_not_in_the_manifest_or_the_feeds(sample_project: Path) -> None:
    _embargoed_source(sample_project)
    project = open_project(sample_project)
    extract(project)
    _translate_everything(sample_project, "2026-01-05-a-merger")
    report = publish(project, now=NOW)
    assert {v.gate for v in report.variants if v.slug == "2026-01-05-a-merger"} == {"embargoed"}
    public = [p.read_text("utf-8") for p in (sample_project / "public").rglob("*") if p.is_file()]
    for text in public:
        for leak in ("a-merger", "Alpha", "secret merger", "2026-01-05-a-merger.md"):
            assert leak not in text
    sha = (
        __import__("hashlib")
        .sha256((sample_project / "sources" / "2026-01-05-a-merger.md").read_bytes())
        .hexdigest()
    )
    assert sha not in (sample_project / "public" / "manifest.json").read_text("utf-8")
    # At its time it appears, everywhere.
    report = publish(project, now=dt.datetime(2099, 1, 2, tzinfo=dt.UTC))
    assert "2026-01-05-a-merger" in {r["slug"] for r in _manifest(sample_project)["releases"]}


def test_a_release_still_under_embargo_stays_out_when_the_others_are_joined(
    sample_project: Path,
) -> None:
    """A second publish while the embargo holds, with another release changed, joins the
    unchanged releases' kept manifest and feed texts: the embargoed one is in none of them."""
    _embargoed_source(sample_project)
    project = open_project(sample_project)
    extract(project)
    _translate_everything(sample_project, "2026-01-05-a-merger")
    publish(project, now=NOW)
    other = sample_project / "locales" / "fr" / f"{HTML}.po"
    other.write_bytes(other.read_bytes() + b"\n")  # changed bytes: decided again
    report = publish(project, now=NOW + dt.timedelta(hours=1))
    assert {v.gate for v in report.variants if v.slug == "2026-01-05-a-merger"} == {"embargoed"}
    assert report.manifest_action == "unchanged"  # joined, and the same as the first run's
    for path in (sample_project / "public").rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert "a-merger" not in text and "Alpha" not in text, path


def _translate_the_secret(root: Path) -> Path:
    """Translate the merger's secret sentence in its French catalog; give the catalog."""
    fr = root / "locales" / "fr" / "2026-01-05-a-merger.po"
    fr.write_text(
        fr.read_text("utf-8").replace(
            f'"{SECRET}"\nmsgstr ""', f'"{SECRET}"\nmsgstr "La fusion secrète."'
        ),
        "utf-8",
    )
    return fr


def _exported_other(root: Path, folder: str) -> str:
    """Export the other release's French as XLIFF (with memory's matches); give its text."""
    exported, _ = export_packages(
        open_project(root), lang="fr", fmt="xliff", slugs=["2026-01-06-other"], out=root / folder
    )
    return exported[0].path.read_text("utf-8")


def test_memory_lends_nothing_from_an_embargoed_release(sample_project: Path) -> None:
    _embargoed_source(sample_project)
    project = open_project(sample_project)
    extract(project)
    fr = _translate_the_secret(sample_project)
    assert "La fusion secrète." in fr.read_text("utf-8")
    # Another release says the same, and something like it.
    other = sample_project / "sources" / "2026-01-06-other.md"
    similar = SECRET.replace("Friday", "Monday")
    other.write_text(
        f"---\ntitle: Other\ndate: 2026-01-06\n---\n\n# Other\n\n{SECRET}\n\n{similar}\n", "utf-8"
    )
    extract(open_project(sample_project))
    catalog = (sample_project / "locales" / "fr" / "2026-01-06-other.po").read_text("utf-8")
    assert "La fusion secrète." not in catalog
    assert "a-merger" not in catalog
    assert f'#| msgid "{SECRET}"' not in catalog
    data = _exported_other(sample_project, "x")
    assert "a-merger" not in data and "La fusion secrète." not in data


@pytest.mark.parametrize("broken", ["embargo: soon", "embargo: 2099-01-01"])
def test_memory_lends_nothing_from_a_release_whose_source_turned_unreadable(
    sample_project: Path, broken: str
) -> None:
    """Extract knows which releases memory must leave out from its own reading (fail closed:
    a source that cannot be read may be under embargo), even when it read nothing else again."""
    source = _embargoed_source(sample_project, embargo_line="")
    extract(open_project(sample_project))
    _translate_the_secret(sample_project)
    extract(open_project(sample_project))  # every release settled, the translation in memory
    source.write_text(source.read_text("utf-8").replace("date:", f"{broken}\ndate:"), "utf-8")
    other = sample_project / "sources" / "2026-01-06-other.md"
    other.write_text(f"---\ntitle: Other\ndate: 2026-01-06\n---\n\n# Other\n\n{SECRET}\n", "utf-8")
    report = extract(open_project(sample_project))
    assert any("a-merger" in str(getattr(e, "path", "")) for e in report.errors)
    catalog = (sample_project / "locales" / "fr" / "2026-01-06-other.po").read_text("utf-8")
    assert "La fusion secrète." not in catalog
    # Nor do an export's matches, nor the memory an import brings up to date.
    exported, _ = export_packages(
        open_project(sample_project), lang="fr", fmt="xliff", out=sample_project / "x"
    )
    [other_file] = [f for f in exported if f.slug == "2026-01-06-other"]
    assert "La fusion secrète." not in other_file.path.read_text("utf-8")
    import_files(open_project(sample_project), [other_file.path])
    assert "La fusion secrète." not in _exported_other(sample_project, "y")


@pytest.mark.parametrize(
    "line",
    [
        f"Embargo: {FUTURE}",  # capitalised
        f"EMBARGO : {FUTURE}",
        f"' embargo ': {FUTURE}",
    ],
)
def test_an_embargo_key_written_in_any_case_holds_the_release(
    sample_project: Path, line: str
) -> None:
    _embargoed_source(sample_project, embargo_line=line)
    found = discover(open_project(sample_project))
    [release] = [r for r in found.releases if r.slug == "2026-01-05-a-merger"]
    assert release.document.metadata.embargo == dt.datetime.fromisoformat(FUTURE)


@pytest.mark.parametrize(
    "line",
    [
        f"embargoed: {FUTURE}",
        f"embargo-until: {FUTURE}",
        "embargo: next friday",
        "embargo: 2099-01-01T09:00:00",  # no time zone
        "embargo:",
        f"embargo: {FUTURE}\nEmbargo: 2000-01-01T00:00:00+00:00",
    ],
)
def test_an_embargo_relay_cannot_read_is_an_error(sample_project: Path, line: str) -> None:
    _embargoed_source(sample_project, embargo_line=line)
    project = open_project(sample_project)
    found = discover(project)
    assert "2026-01-05-a-merger" not in {r.slug for r in found.releases}
    assert any("a-merger" in str(getattr(e, "path", "")) for e in found.errors)
    publish(project, now=NOW)
    assert not any("a-merger" in name for name in _public_files(sample_project))


def _html(root: Path, head: str, body: str) -> None:
    (root / "sources" / "2026-01-07-html.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Alpha and Beta</title>\n{head}</head>\n<body>\n{body}<p>{SECRET}</p>\n"
        "</body>\n</html>\n",
        "utf-8",
    )


def test_an_embargo_meta_after_text_in_head_still_holds(sample_project: Path) -> None:
    """A browser would move this meta into <body>; relay reads the source as written, so the
    embargo is still read and the release held (fail closed), never published at once."""
    _html(sample_project, f'<p>x</p><meta name="embargo" content="{FUTURE}">\n', "")
    found = discover(open_project(sample_project))
    held = [r for r in found.releases if r.slug == "2026-01-07-html"]
    errors = [e for e in found.errors if "2026-01-07-html" in str(getattr(e, "path", ""))]
    assert errors or held[0].document.metadata.embargo == dt.datetime.fromisoformat(FUTURE)


def test_an_html_embargo_meta_with_spaces_or_capitals_holds(sample_project: Path) -> None:
    _html(sample_project, f'<meta name="Embargo " content="{FUTURE}">\n', "")
    found = discover(open_project(sample_project))
    [release] = [r for r in found.releases if r.slug == "2026-01-07-html"]
    assert release.document.metadata.embargo == dt.datetime.fromisoformat(FUTURE)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("", f'<meta name="embargo" content="{FUTURE}">\n'),
        (f'<meta name="embargo-until" content="{FUTURE}">\n', ""),
        ('<meta name="embargo" content="soon">\n', ""),
    ],
)
def test_a_misplaced_or_unknown_html_embargo_is_an_error(
    sample_project: Path, head: str, body: str
) -> None:
    _html(sample_project, head, body)
    found = discover(open_project(sample_project))
    assert "2026-01-07-html" not in {r.slug for r in found.releases}
    assert any("2026-01-07-html" in str(getattr(e, "path", "")) for e in found.errors)


# -- a slug belongs to its first source ------------------------------------------------------


def test_a_new_source_cannot_take_over_a_release(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    publish(project, now=NOW)
    shutil.rmtree(sample_project / ".relay-cache")  # what a fresh clone has
    before_public = {
        name: (sample_project / "public" / name).read_bytes()
        for name in _public_files(sample_project)
    }
    before_catalogs = {
        path: path.read_bytes() for path in (sample_project / "locales").rglob("*.po")
    }
    impostor = sample_project / "sources" / "0000-impostor.md"
    impostor.write_text(
        f"---\ntitle: Impostor\ndate: 2013-04-23\nslug: {HTML}\n---\n\n# Impostor\n\nFake.\n",
        "utf-8",
    )
    project = open_project(sample_project)
    report = extract(project)
    messages = [str(error) for error in report.errors]
    assert any(
        "0000-impostor.md" in str(getattr(e, "path", "")) and f"{HTML}.html" in str(e)
        for e in report.errors
    ), messages
    for path, data in before_catalogs.items():
        assert path.read_bytes() == data, path
    published = publish(project, now=NOW)
    assert any("0000-impostor.md" in str(getattr(e, "path", "")) for e in published.errors)
    for name, data in before_public.items():
        assert (sample_project / "public" / name).read_bytes() == data, name
    [entry] = [r for r in _manifest(sample_project)["releases"] if r["slug"] == HTML]
    assert entry["source"]["path"] == f"sources/{HTML}.html"


# -- one bad file stops nothing --------------------------------------------------------------


def test_a_lone_surrogate_is_reported_and_the_rest_goes_on(sample_project: Path) -> None:
    project = open_project(sample_project)
    publish(project, now=NOW)
    (sample_project / "sources" / "2026-01-08-bad.md").write_text(
        '---\ntitle: "Bad \\ud800 title"\ndate: 2026-01-08\n---\n\nText.\n', "utf-8"
    )
    for command in (["extract"], ["status"], ["publish", "--now", "2026-01-05T10:00Z"]):
        result = subprocess.run(
            [sys.executable, "-m", "relay", "-C", str(sample_project), *command],
            capture_output=True,
            text=True,
            env=child_env(),
            timeout=300,
        )
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert "2026-01-08-bad.md" in result.stdout + result.stderr, command
    manifest = (sample_project / "public" / "manifest.json").read_text("utf-8")
    assert '"updating"' not in manifest
    assert {r["slug"] for r in _manifest(sample_project)["releases"]} == {HTML, MD, TXT}


def test_a_failed_publish_leaves_no_variant_updating(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = open_project(sample_project)
    publish(project, now=NOW)
    catalog = sample_project / "locales" / "fr" / f"{TXT}.po"
    catalog.write_text(catalog.read_text("utf-8").replace("Genève", "Geneve"), "utf-8")
    import relay.publish.run as run

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(run, "_write_variants", broken)
    with pytest.raises(OSError):
        publish(project, now=NOW)
    assert '"updating"' not in (sample_project / "public" / "manifest.json").read_text("utf-8")


def test_yaml_aliases_are_refused_at_once(sample_project: Path) -> None:
    laughs = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for level in range(1, 10):
        refs = ",".join([f"*{chr(96 + level)}"] * 9)
        laughs.append(f"{chr(97 + level)}: &{chr(97 + level)} [{refs}]")
    (sample_project / "sources" / "2026-01-09-laughs.md").write_text(
        "---\n" + "\n".join(laughs) + "\ntitle: Laughs\n---\n\nText.\n", "utf-8"
    )
    started = time.perf_counter()
    found = discover(open_project(sample_project))
    assert time.perf_counter() - started < 30
    [error] = [e for e in found.errors if "laughs" in str(getattr(e, "path", ""))]
    assert "anchors or aliases" in str(error)


def test_deep_front_matter_is_refused(sample_project: Path) -> None:
    deep = "x: " + "[" * 200 + "]" * 200
    (sample_project / "sources" / "2026-01-09-deep.md").write_text(
        f"---\n{deep}\n---\n\nText.\n", "utf-8"
    )
    found = discover(open_project(sample_project))
    assert any("deeper" in str(e) for e in found.errors)


def test_a_source_over_the_size_limit_is_refused(sample_project: Path) -> None:
    big = sample_project / "sources" / "2026-01-10-big.txt"
    big.write_text("Title: Big\n\n" + "Word. " * (MAX_SOURCE_BYTES // 6 + 10), "utf-8")
    found = discover(open_project(sample_project))
    assert any("larger than" in str(e) for e in found.errors)
    assert {r.slug for r in found.releases} == {HTML, MD, TXT}


def test_a_returned_file_with_a_huge_translation_is_refused(sample_project: Path) -> None:
    project = open_project(sample_project)
    [exported], _ = export_packages(
        project, lang="fr", fmt="po", slugs=[TXT], out=sample_project / "out"
    )
    text = exported.path.read_text("utf-8")
    first = text.index('msgstr "', text.index("msgid", text.index("\n\n")))
    huge = 'msgstr "' + "x" * (MAX_UNIT_CHARS + 1)
    exported.path.write_text(text[:first] + huge + text[first + len('msgstr "') :], "utf-8")
    before = (sample_project / "locales" / "fr" / f"{TXT}.po").read_bytes()
    report = import_files(project, [exported.path])
    assert any(str(MAX_UNIT_CHARS) in str(e) for e in report.errors), report.errors
    assert (sample_project / "locales" / "fr" / f"{TXT}.po").read_bytes() == before


def test_a_catalog_with_a_huge_translation_blocks_only_itself(sample_project: Path) -> None:
    catalog = sample_project / "locales" / "fr" / f"{TXT}.po"
    text = catalog.read_text("utf-8")
    at = text.index('msgstr "', text.index("\n\n")) + len('msgstr "')
    catalog.write_text(text[:at] + "y" * (MAX_UNIT_CHARS + 1) + text[at:], "utf-8")
    started = time.perf_counter()
    report = publish(open_project(sample_project), now=NOW)
    assert time.perf_counter() - started < 120
    [variant] = [v for v in report.variants if v.slug == TXT and v.lang == "fr"]
    assert not variant.published
    assert any(str(MAX_UNIT_CHARS) in str(e) for e in report.errors)
    assert all(v.published for v in report.variants if v.slug != TXT or v.lang != "fr")


def test_check_refuses_the_catalog_publishing_refuses(sample_project: Path) -> None:
    """A hand-edited catalog with a translation longer than any unit relay reads: ``relay
    check`` says so, naming the file, and fails as publishing would; the others are checked."""
    catalog = sample_project / "locales" / "fr" / f"{TXT}.po"
    text = catalog.read_text("utf-8")
    at = text.index('msgstr "', text.index("\n\n")) + len('msgstr "')
    clean = check_project(open_project(sample_project))
    catalog.write_text(text[:at] + "y" * (MAX_UNIT_CHARS + 1) + text[at:], "utf-8")
    report = check_project(open_project(sample_project))
    [error] = report.errors
    assert isinstance(error, CatalogError)
    assert str(MAX_UNIT_CHARS) in str(error) and error.path == str(catalog)
    assert report.catalogs == clean.catalogs - 1  # only that one is left out
    done = subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(sample_project), "check", "-q"],
        capture_output=True, text=True, env=child_env(), check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"error: {catalog}: a translation of " in done.stderr
    assert f"characters, more than the {MAX_UNIT_CHARS} relay reads" in done.stderr


# -- public/ holds only what the manifest lists ----------------------------------------------


def test_public_holds_only_what_the_manifest_lists(sample_project: Path) -> None:
    project = open_project(sample_project)
    publish(project, now=NOW)
    assert (sample_project / "public" / "ru" / "feed.xml").is_file()
    # Russian loses every variant; French loses one; a source is removed.
    for path in (sample_project / "locales" / "ru").glob("*.po"):
        path.write_text(path.read_text("utf-8").replace("#, fuzzy\n", ""), "utf-8")
        lines = path.read_text("utf-8").split("\n\n")
        lines[1] = lines[1].rsplit("msgstr", 1)[0] + 'msgstr ""'
        path.write_text("\n\n".join(lines), "utf-8")
    (sample_project / "sources" / f"{MD}.md").unlink()
    publish(open_project(sample_project), now=NOW)
    assert not (sample_project / "public" / "ru" / "feed.xml").exists()
    assert not (sample_project / "public" / ".withdrawn").exists()
    pages = {name for name in _public_files(sample_project) if not name.endswith(".xml")}
    pages.discard("manifest.json")
    assert pages == _listed(sample_project)
    assert not any(MD in name for name in _public_files(sample_project))
    assert (sample_project / ".relay-cache" / "withdrawn" / "ru" / f"{TXT}.txt").is_file()


def test_a_surrogate_in_a_title_is_a_source_error() -> None:
    from relay.sources.formats import markdown

    with pytest.raises(SourceError, match="surrogate"):
        markdown.read('---\ntitle: "Bad \\ud800 title"\n---\n\nText.\n', path="x.md")


def test_a_slug_given_up_by_its_owner_is_free_again(sample_project: Path) -> None:
    project = open_project(sample_project)
    extract(project)
    source = sample_project / "sources" / f"{MD}.md"
    source.write_text(source.read_text("utf-8").replace(f"slug: {MD}", "slug: renamed"), "utf-8")
    extract(open_project(sample_project))
    recorded = json.loads((sample_project / "locales" / "slugs.json").read_text("utf-8"))
    assert recorded["slugs"]["renamed"] == f"sources/{MD}.md"
    assert MD not in recorded["slugs"]


def test_html_nested_past_the_parser_limit_is_refused_not_cut() -> None:
    from relay.sources.formats import html

    depth = 300
    doc = (
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        + "<div>" * depth
        + "deep text"
        + "</div>" * depth
        + "<p>after</p></body></html>"
    )
    with pytest.raises(SourceError, match="deeper than"):
        html.read(doc, path="deep.html")
