"""An embargo relay would not read must stop its release, never publish it at once: front matter
below a blank line or written in TOML, an embargo nested under another key, and a release whose
text says it is under embargo ("EMBARGOED UNTIL …") while its metadata gives none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relay.cli.app import app
from relay.core.errors import SourceError
from relay.core.metadata import refuse_stated_embargo
from relay.sources.formats import markdown

NOW = "2026-12-07T12:00:00+00:00"


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        (
            '\n---\ntitle: "Merger"\nembargo: 2099-01-01T10:00:00+01:00\n---\n\nText.\n',
            2,
            "below a blank line",
        ),
        (
            '\r\n \r\n---\r\ntitle: "Merger"\r\n---\r\n\r\nText.\r\n',
            3,
            "below a blank line",
        ),
        ('+++\ntitle = "Merger"\nembargo = 2099-01-01T10:00:00+01:00\n+++\n\nText.\n', 1, "TOML"),
        (
            '---\ntitle: "Merger"\nparams:\n  embargo: 2099-01-01T10:00:00+01:00\n---\n\nText.\n',
            4,
            "nested",
        ),
        (
            '---\ntitle: "Merger"\nrelease:\n  - when:\n      embargo_until: 2099-01-01\n---\n',
            5,
            "nested",
        ),
    ],
)
def test_front_matter_relay_would_not_read_is_refused(source: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as caught:
        markdown.read(source, path="m.md")
    assert caught.value.line == line and words in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "\n---\n\nA release that opens with a rule.\n",  # a rule, not front matter
        "---\ntitle: Trade\nparams:\n  region: Europe\n---\n\nText.\n",
        "---\ntitle: Trade\n---\n\n# Embargo on arms exports lifted\n\nThe embargo ended.\n",
    ],
)
def test_what_only_looks_like_it_is_read(source: str) -> None:
    assert markdown.read(source, path="m.md").metadata.embargo is None


NOTICES = [
    "**EMBARGOED UNTIL 10:00 CET, 12 March 2030**",
    "Embargo: 12 March 2030, 10:00 CET",
    "*Under embargo until further notice*",
    "Not for publication before 12:00 GMT on 12 March 2030.",
    # As wire services write it.
    "FOR RELEASE ON 12 MARCH 2030 AT 00:01 CET",
    "For release at 00:01 GMT on Thursday 12 March 2030",
    "Not to be published or broadcast before 12 March 2030",
    "For publication on 12 March 2030 at 00:01 CET",
    "Strictly confidential until 12 March 2030",
    "Do not publish before 12 March 2030",
    "HOLD UNTIL 10:00 CET, 12 March 2030",
    "Release date: 12 March 2030, 00:01 CET",
]


@pytest.mark.parametrize(
    "text",
    [
        "FOR IMMEDIATE RELEASE",
        "Release date: 12 March 2030",
        "Embargo on arms exports lifted",
        "For release notes, see the annex.",
        "Confidential data was shared until 2020.",
    ],
)
def test_what_says_no_embargo_is_read_as_text(text: str) -> None:
    refuse_stated_embargo([(text, 1)], path="x")


@pytest.mark.parametrize(
    ("fmt", "body"),
    [
        ("md", '---\ntitle: "Merger"\ndate: 2026-12-01\n---\n\n'
               "<!-- embargo: 2030-03-12T00:01:00+01:00 -->\n\nAlpha buys Beta.\n"),
        ("html", '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Merger</title>\n'
                 '<meta name="date" content="2026-12-01">\n</head>\n<body>\n'
                 "<!--\n  EMBARGOED UNTIL 12 March 2030\n-->\n<p>Alpha buys Beta.</p>\n"
                 "</body>\n</html>\n"),
    ],
)  # fmt: skip
def test_an_embargo_in_a_comment_stops_the_release(
    empty_project: Path, fmt: str, body: str
) -> None:
    """A comment is a note for people: relay does not read its time, and publishing at once
    would break it (the comment itself is in every variant's file)."""
    (empty_project / "sources" / f"2026-12-01-merger.{fmt}").write_text(body, encoding="utf-8")
    runner = CliRunner()
    extracted = runner.invoke(app, ["--project", str(empty_project), "extract"])
    assert extracted.exit_code == 2, extracted.output
    line = 6 if fmt == "md" else 8
    assert f"2026-12-01-merger.{fmt}:{line}:" in extracted.output
    assert "comment that states an embargo" in extracted.output
    runner.invoke(app, ["--project", str(empty_project), "publish", "--now", NOW])
    assert not list((empty_project / "public").rglob("2026-12-01-merger.*"))


def test_a_comment_naming_the_embargo_the_metadata_gives_is_kept(empty_project: Path) -> None:
    (empty_project / "sources" / "2026-12-01-merger.md").write_text(
        '---\ntitle: "Merger"\ndate: 2026-12-01\nembargo: 2026-12-02T10:00:00+01:00\n---\n\n'
        "<!-- embargo: 2 December, 10:00 -->\n\nAlpha buys Beta. <!-- layout: wide -->\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["--project", str(empty_project), "extract"]).exit_code == 0


@pytest.mark.parametrize("notice", NOTICES)
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_a_release_saying_it_is_under_embargo_is_not_published(
    empty_project: Path, fmt: str, notice: str
) -> None:
    plain = notice.strip("*")
    body = {
        "md": f'---\ntitle: "Merger"\ndate: 2026-12-01\n---\n\n{notice}\n\nAlpha buys Beta.\n',
        "html": (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Merger</title>\n'
            '<meta name="date" content="2026-12-01">\n</head>\n<body>\n'
            f"<p><strong>{plain}</strong></p>\n<p>Alpha buys Beta.</p>\n</body>\n</html>\n"
        ),
        "txt": f"Title: Merger\nDate: 2026-12-01\n\n{plain}\n\nAlpha buys Beta.\n",
    }[fmt]
    (empty_project / "sources" / f"2026-12-01-merger.{fmt}").write_text(body, encoding="utf-8")
    runner = CliRunner()
    extracted = runner.invoke(app, ["--project", str(empty_project), "extract"])
    assert extracted.exit_code == 2, extracted.output
    assert f"2026-12-01-merger.{fmt}:" in extracted.output
    assert "under embargo" in extracted.output
    runner.invoke(app, ["--project", str(empty_project), "publish", "--now", NOW])
    manifest = empty_project / "public" / "manifest.json"
    if manifest.exists():
        assert json.loads(manifest.read_text("utf-8"))["releases"] == []
    assert not list((empty_project / "public").rglob("2026-12-01-merger.*"))


def test_the_notice_is_published_with_an_embargo_in_the_metadata(empty_project: Path) -> None:
    """With the embargo given, the notice is the source's text: published once it is over."""
    (empty_project / "sources" / "2026-12-01-merger.md").write_text(
        '---\ntitle: "Merger"\ndate: 2026-12-01\nembargo: 2026-12-02T10:00:00+01:00\n---\n\n'
        "**EMBARGOED UNTIL 10:00 CET, 2 December 2026**\n\nAlpha buys Beta.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    project = ["--project", str(empty_project)]
    assert runner.invoke(app, [*project, "extract"]).exit_code == 0
    before = dt.datetime(2026, 12, 1, tzinfo=dt.UTC).isoformat()
    runner.invoke(app, [*project, "publish", "--now", before])
    assert not (empty_project / "public" / "en" / "2026-12-01-merger.md").exists()
    runner.invoke(app, [*project, "publish", "--now", NOW])
    published = empty_project / "public" / "en" / "2026-12-01-merger.md"
    assert "EMBARGOED UNTIL" in published.read_text("utf-8")
