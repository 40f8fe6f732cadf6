"""A plain-text header written with line breaks relay does not end a line at (a lone CR, as
classic Mac tools write, or U+2028) must not swallow its Embargo: line into the title and
publish the release at once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from relay.core.errors import SourceError
from relay.core.project import open_project
from relay.publish.run import publish
from relay.sources.formats import text

EMBARGOED = (
    "Title: Secret merger{nl}Date: 2026-12-01{nl}Embargo: 2030-01-01T10:00:00+01:00{nl}{nl}"
    "The merger is secret.{nl}"
)


@pytest.mark.parametrize("nl", ["\r", "\u2028", "\x0c"])
def test_header_with_other_line_breaks_is_refused(nl: str) -> None:
    with pytest.raises(SourceError) as caught:
        text.read(EMBARGOED.format(nl=nl), path="cr.txt")
    assert caught.value.line == 1


def test_crlf_header_is_still_read() -> None:
    parsed = text.read(EMBARGOED.format(nl="\r\n"), path="crlf.txt")
    assert parsed.metadata.title == "Secret merger"
    assert parsed.metadata.embargo is not None


def test_cr_only_embargoed_release_is_not_published(empty_project: Path) -> None:
    source = empty_project / "sources" / "merger.txt"
    source.write_bytes(EMBARGOED.format(nl="\r").encode("utf-8"))
    publish(open_project(empty_project), now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    manifest = json.loads((empty_project / "public" / "manifest.json").read_text("utf-8"))
    assert manifest["releases"] == []
    assert not (empty_project / "public" / "en" / "merger.txt").exists()
    feed = empty_project / "public" / "en" / "feed.xml"
    assert not feed.exists() or b"merger" not in feed.read_bytes()


@pytest.mark.parametrize(
    "body",
    [
        "Embargo: 2030-01-01T10:00:00+01:00\n\nThe merger is secret.\n",
        "The merger is secret.\nEMBARGOED UNTIL: 2030-01-01 10:00 CET\n",
    ],
)
def test_an_embargo_below_the_header_is_refused(body: str) -> None:
    source = f"Title: Secret merger\nDate: 2026-12-01\n\n{body}"
    with pytest.raises(SourceError):
        text.read(source, path="e.txt")


def test_a_sentence_about_an_embargo_is_read() -> None:
    source = "Title: Trade\nDate: 2026-12-01\n\nThe embargo: 2030-01-01 is its end.\n"
    assert text.read(source, path="t.txt").metadata.embargo is None
