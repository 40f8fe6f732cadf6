"""Extract, translate every unit by itself, publish: the source comes back byte for byte."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from relay.core.model import Target
from relay.core.project import open_project
from relay.publish.render import render
from relay.sources.discovery import format_for, read_release

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(
    path for path in (REPO / "sources").iterdir() if format_for(path) and path.stem != "README"
)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_every_sample_comes_back(path: Path) -> None:
    project = open_project(REPO)
    release = read_release(project, path, PurePosixPath("sources", path.name))
    identity = {unit.text: unit.text for unit in release.document.units}
    text, fallbacks = render(
        release.document,
        identity,
        target=Target("en", "en"),
        fmt=format_for(path),
    )
    assert not fallbacks
    assert text.encode("utf-8") == path.read_bytes()


def test_there_is_a_sample_of_every_format() -> None:
    assert {format_for(path).NAME for path in SAMPLES} == {"html", "markdown", "text"}
