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
        ('<time datetime="14:30">4:30 p.m.</time>', "time"),
        ('<time datetime="2016-01-12T10:00+01:00">12 January 2016 at 11:00 CET</time>', "time"),
        ('<time datetime="2016-01-12T10:00+01:00">12 January 2016, 10:00 CEST</time>', "time zone"),
        ('<time datetime="2016-01-12">Wednesday, 12 January</time>', "weekday"),
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
        '<time datetime="14:30">2:30 p.m.</time>',
        '<time datetime="2016-01-12T10:00+01:00">Tuesday, 12 January 2016, 10 a.m. CET</time>',
        '<time datetime="2016-01-12T10:00+01:00">12 January 2016, 10:00 EST</time>',
        '<time datetime="2016-01-12T10:00+01:00">12 January 2016, 10:00–12:00</time>',
        '<time datetime="2016-01-12">12 January 2016, 16:00</time>',
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


@pytest.mark.parametrize(
    ("text", "value", "lang", "part"),
    [
        ("4 pm", "16:30", "en", "time"),
        ("16.30", "16:30", "en", None),
        ("14 h 30", "14:30", "fr", None),
        ("12 a.m.", "00:00", "en", None),
        ("10.12.2016, 14:00", "2016-12-10T14:00", "ru", None),
        ("10 décembre 2026, 10:00 UTC+01:00", "2026-12-10T10:00+01:00", "fr", None),
        ("10 décembre 2026, 10:00 UTC+02:00", "2026-12-10T10:00+01:00", "fr", "time zone"),
        ("10:00 GMT", "2026-12-10T10:00Z", "en", None),
        ("10:00 +02:00", "2026-12-10T10:00+01:00", "en", "time zone"),
        ("11:00 +02:00", "2026-12-10T10:00+01:00", "en", None),
        ("3 p.m. CET", "2026-12-10T14:00Z", "en", None),
        ("3 p.m. CEST", "2026-12-10T14:00Z", "en", "time zone"),
        ("jeudi 11 décembre 2026", "2026-12-11", "fr", "weekday"),
        ("в четверг, 11 декабря", "2026-12-11", "ru", "weekday"),
        ("в пятницу, 11 декабря", "2026-12-11", "ru", None),
    ],
)
def test_times_weekdays_and_zones_are_compared(
    text: str, value: str, lang: str, part: str | None
) -> None:
    assert disagreement(text, value, lang) == part
