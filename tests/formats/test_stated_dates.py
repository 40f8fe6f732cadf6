"""A ``<time>`` whose text names another date than its ``datetime`` is refused: every
translation writes the datetime's date, the source page shows the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from relay.cli.app import app
from relay.sources.stated_dates import disagreement

HTML = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Roads</title>\n'
    '<meta name="date" content="2016-01-12">\n</head>\n<body>\n'
    "<p>Published: {time}</p>\n<p>Roads are safer.</p>\n</body>\n</html>\n"
)
MARKDOWN = '---\ntitle: "Roads"\ndate: 2016-01-12\n---\n\n<p>Published: {time}</p>\n\nRoads.\n'


@pytest.mark.parametrize(
    ("time", "part"),
    [
        ('<time datetime="2015-01-12">12 January 2016</time>', "year"),
        ('<time datetime="2016-02-12">12 January 2016</time>', "month"),
        ('<time datetime="2016-01-13">12&nbsp;January 2016</time>', "day"),
        ('<time datetime="2016-01-12T10:00+01:00">January 21, 2016, 10:00</time>', "day"),
    ],
)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_time_saying_another_date_is_refused(
    empty_project: Path, fmt: str, time: str, part: str
) -> None:
    body = (HTML if fmt == "html" else MARKDOWN).format(time=time)
    (empty_project / "sources" / f"2016-01-12-roads.{fmt}").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(app, ["--project", str(empty_project), "extract"])
    assert result.exit_code == 2, result.output
    line = 8 if fmt == "html" else 6
    assert f"2016-01-12-roads.{fmt}:{line}:" in result.output
    assert f"another {part}" in result.output
    assert not (empty_project / "locales" / "fr" / "2016-01-12-roads.po").exists()


@pytest.mark.parametrize(
    "time",
    [
        '<time datetime="2016-01-12">12 January 2016</time>',
        '<time datetime="2016-01-12">January 12, 2016</time>',
        '<time datetime="2016-01-12T10:00+01:00">12 January 2016, 10:00 CET</time>',
        '<time datetime="2016-01">January 2016</time>',
        '<time datetime="2016-01-12">today</time>',
        '<time datetime="2016-01-12">Tuesday</time>',
    ],
)
def test_a_time_saying_its_date_is_read(empty_project: Path, time: str) -> None:
    (empty_project / "sources" / "2016-01-12-roads.html").write_text(
        HTML.format(time=time), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["--project", str(empty_project), "extract"])
    assert result.exit_code == 0, result.output


def test_dates_are_read_in_the_sources_language() -> None:
    assert disagreement("23 апреля 2013 г.", "2013-05-23", "ru") == "month"
    assert disagreement("23 апреля 2013 г.", "2013-04-23", "ru") is None
    assert disagreement("le 3 mars 2016", "2016-03-03", "fr") is None
