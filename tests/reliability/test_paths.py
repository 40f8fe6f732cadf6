"""Paths: nothing a source, a returned file or a configuration says can write outside the project.

Release slugs (from metadata and from file names), language tags (configuration, source
metadata, returned files), the release and file names inside returned files, and links in
the project's folders are tried with ``../``, absolute paths, NUL bytes, Windows reserved
names and over-long names. Every attempt is refused with relay's error, and the folder around
the project (a sentinel file beside it) and every catalog are left as they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support.reliability import in_process, record, run_relay, snapshot

from relay.core.errors import RelayError
from relay.core.project import open_project
from relay.exchange.handoff import import_files

EVIL_SLUGS = [
    "../escaped",
    "../../escaped",
    "/tmp/escaped",
    "/etc/passwd",
    "a/../../escaped",
    "nul\x00byte",
    "con",
    "aux",
    "nul",
    "com1",
    "lpt9",
    "prn",
    "x" * 300,
    "a" * 101,
    ".hidden",
    "-dash",
    "UPPER",
    "sp ace",
    "dots..",
    "back\\slash",
]
FORMATS = {
    ".txt": "Title: Evil\nSlug: {slug}\n\nSome text.\n",
    ".md": '---\ntitle: "Evil"\nslug: "{slug}"\n---\n\nSome text.\n',
    ".html": (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Evil</title>\n'
        '<meta name="slug" content="{slug}">\n</head>\n<body>\n<p>Some text.</p>\n</body>\n'
        "</html>\n"
    ),
}


def _outside(root: Path) -> dict[str, bytes]:
    """Everything beside the project (the folder holding it), as a check that nothing lands."""
    return {
        str(path): path.read_bytes() if path.is_file() else b""
        for path in sorted(root.parent.rglob("*"))
        if root not in path.parents and path != root
    }


def test_slugs_cannot_name_files_outside_their_folder(sample_project: Path) -> None:
    root = sample_project
    (root.parent / "sentinel.txt").write_text("untouched", "utf-8")
    in_process(root, "extract")
    outside, locales = _outside(root), snapshot(root, ("locales",))
    tried = 0
    for number, slug in enumerate(EVIL_SLUGS):
        for suffix, template in FORMATS.items():
            source = root / "sources" / f"2099-01-01-evil-{number}{suffix}"
            source.write_text(template.replace("{slug}", slug), "utf-8")
            tried += 1
    result = run_relay(root, "extract")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == tried, result.stderr  # every one refused, by name and line
    assert all("2099-01-01-evil-" in line for line in errors)
    assert snapshot(root, ("locales",)) == locales  # the good releases: nothing to change
    assert _outside(root) == outside
    published = run_relay(root, "publish")
    assert published.returncode == 2
    assert {p.parent.name for p in (root / "public").rglob("*.*") if p.is_file()} <= {
        "en",
        "fr",
        "ru",
        "public",
    }
    assert _outside(root) == outside
    record("paths", {"evil_slugs": len(EVIL_SLUGS), "evil_slug_sources_refused": tried})


@pytest.mark.parametrize(
    "stem", ["con", "aux", "nul", "prn", "com1", "lpt1", "a" * 101, "-x", "Upper"]
)
def test_file_names_that_are_no_usable_slug_are_refused(sample_project: Path, stem: str) -> None:
    (sample_project / "sources" / f"{stem}.txt").write_text("Title: T\n\nText.\n", "utf-8")
    project = open_project(sample_project)
    from relay.sources.discovery import discover

    found = discover(project)
    assert stem not in {release.slug for release in found.releases}
    assert any(f"{stem}.txt" in error.message for error in found.errors)


EVIL_LANGS = ["../x", "/etc", "fr/../../x", "fr\x00", "con", "nul", "en-" + "a" * 300, "x" * 300]


@pytest.mark.parametrize("lang", EVIL_LANGS)
def test_language_tags_in_the_configuration_are_refused(sample_project: Path, lang: str) -> None:
    config = sample_project / "relay.toml"
    escaped = lang.replace("\x00", "\\u0000")
    config.write_text(f'source-lang = "en"\ntarget-langs = ["fr", "{escaped}"]\n', "utf-8")
    with pytest.raises(RelayError, match="is not a language tag CLDR knows"):
        open_project(sample_project)


@pytest.mark.parametrize("lang", [*EVIL_LANGS, "aux", "prn", "com1"])
def test_language_tags_in_source_metadata_are_refused(sample_project: Path, lang: str) -> None:
    root = sample_project
    source = root / "sources" / "2099-01-01-lang.md"
    quoted = lang.replace("\x00", "\\0")
    source.write_text(f'---\ntitle: "T"\nlang: "{quoted}"\n---\n\nText.\n', "utf-8")
    project = open_project(root)
    from relay.sources.discovery import discover

    found = discover(project)
    assert "2099-01-01-lang" not in {release.slug for release in found.releases}
    assert any("2099-01-01-lang.md" in error.message for error in found.errors)


def _returned(root: Path, *, original: str, release: str | None, lang: str) -> Path:
    note = f'<note from="relay">release: {release}</note>' if release else ""
    text = (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        f'<file original="{original}" source-language="en" target-language="{lang}"'
        f' datatype="plaintext" tool-id="relay"><header><tool tool-id="relay" tool-name="relay"/>'
        f"{note}</header><body><trans-unit id='u1'><source>Some text.</source>"
        "<target>Du texte.</target></trans-unit></body></file></xliff>"
    )
    path = root / f"returned-{abs(hash((original, release, lang)))}.xlf"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("original", "release", "lang"),
    [
        ("../../etc/passwd", None, "fr"),
        ("/etc/passwd", None, "fr"),
        ("sources/../../../etc/passwd", "../../etc/passwd", "fr"),
        ("sources/2015-10-05-road-safety.txt", None, "../../etc"),
        ("sources/2015-10-05-road-safety.txt", None, "fr/../../../x"),
        ("x", "/etc/passwd", "fr"),
        ("x", "2015-10-05-road-safety/../../../x", "fr"),
        ("x", "con", "fr"),
        ("x", "a" * 300, "fr"),
    ],
)
def test_returned_files_name_no_path(
    sample_project: Path, original: str, release: str | None, lang: str
) -> None:
    root = sample_project
    (root.parent / "sentinel.txt").write_text("untouched", "utf-8")
    outside, locales = _outside(root), snapshot(root, ("locales",))
    path = _returned(root, original=original, release=release, lang=lang)
    report = import_files(open_project(root), [path])
    assert not report.files
    assert len(report.errors) == 1
    assert snapshot(root, ("locales",)) == locales
    assert _outside(root) == outside


def test_a_returned_file_with_a_nul_in_its_name_is_refused(sample_project: Path) -> None:
    report = import_files(open_project(sample_project), [Path("returned\x00.xlf")])
    assert len(report.errors) == 1 and not report.files


def _link_out(root: Path, name: str, target: Path) -> None:
    path = root / name
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=target.is_dir())


@pytest.mark.parametrize(
    ("link", "command"),
    [
        ("public", "publish"),
        ("public/fr", "publish"),
        ("locales", "extract"),
        ("locales/ru", "extract"),
        ("locales/fr/2015-10-05-road-safety.po", "extract"),
        ("sources", "extract"),
        (".relay-cache", "extract"),
    ],
)
def test_links_out_of_the_project_are_refused(
    sample_project: Path, tmp_path: Path, link: str, command: str
) -> None:
    root = sample_project
    in_process(root, "extract")
    in_process(root, "publish")
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "victim.po").write_text("precious", "utf-8")
    (outside / "sub" / "victim.html").write_text("precious", "utf-8")
    target = outside / "victim.po" if link.endswith(".po") else outside
    if link == "sources":
        for source in (root / "sources").iterdir():
            os.replace(source, outside / source.name)
    _link_out(root, link, target)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    result = run_relay(root, command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "outside the project" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    record("paths", {f"link_out_{link.replace('/', '_')}": "refused"})


def test_a_link_inside_the_project_is_fine(sample_project: Path) -> None:
    root = sample_project
    (root / "site").mkdir()
    (root / "public").symlink_to(root / "site", target_is_directory=True)
    result = run_relay(root, "publish")
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "manifest.json").is_file()
