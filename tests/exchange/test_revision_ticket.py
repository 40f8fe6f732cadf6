"""A file says it was exported for revision; relay now checks that it was.

A returned file takes its units only as far as it was sent for, and its header said what that
was (``X-Relay-Step: revision``, an XLIFF note or metadata). A translator who wrote that line
into the file sent for translation had every unit taken as revised, and a ``require =
"revised"`` gate passed with no reviser. A file exported for revision now carries a ticket, an
HMAC of its release and language under a key only the coordinator's project holds
(``relay.exchange.tickets``); a file without the right one is taken as a translation, and the
import says why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relay.catalogs.catalog import level_of
from relay.catalogs.po import load_catalog
from relay.cli.app import app

runner = CliRunner()
SLUG = "2014-03-12-water-cooperation"
EXTENSIONS = {"po": ".po", "xliff": ".xlf", "xliff2": ".xlf"}


def _relay(project: Path, *args: str) -> str:
    result = runner.invoke(app, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _export(project: Path, fmt: str, *step: str) -> Path:
    out = project / ("revision" if step else "translation")
    _relay(project, "export", "--lang", "fr", "--release", SLUG, "--format", fmt,
           "--out", str(out), *step)  # fmt: skip
    return out / "fr" / f"{SLUG}{EXTENSIONS[fmt]}"


def _say_revision(path: Path, fmt: str) -> None:
    """Write into a file sent for translation what a revision's file says of itself."""
    text = path.read_text("utf-8")
    if fmt == "po":
        step = '"X-Relay-Step: revision\\n"\n'
        text = text.replace('"Language: fr\\n"\n', '"Language: fr\\n"\n' + step)
    elif fmt == "xliff":
        text = re.sub(r"(<header>)", r'\1<note from="relay">step: revision</note>', text)
    else:
        text = text.replace(
            '<mda:meta type="generator">relay</mda:meta>',
            '<mda:meta type="generator">relay</mda:meta><mda:meta type="step">revision</mda:meta>',
        )
    assert "revision" in text
    path.write_text(text, "utf-8")


def _level(project: Path) -> str:
    catalog = load_catalog(project / "locales" / "fr" / f"{SLUG}.po")
    assert catalog is not None
    return level_of(catalog)


def _gate(project: Path) -> str:
    publish = json.loads(_relay(project, "publish", "--json", "--dry-run"))
    return next(
        variant["gate"]
        for variant in publish["variants"]
        if variant["release"] == SLUG and variant["lang"] == "fr"
    )


@pytest.fixture
def project(sample_project: Path) -> Path:
    config = sample_project / "relay.toml"
    config.write_text(config.read_text() + '[gates]\nfr = { require = "revised" }\n')
    _relay(sample_project, "extract")
    assert _level(sample_project) == "translated"
    return sample_project


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2"])
def test_a_file_sent_for_translation_that_says_revision_revises_nothing(
    project: Path, fmt: str
) -> None:
    path = _export(project, fmt)
    _say_revision(path, fmt)
    said = _relay(project, "import", str(path))
    assert "the file says it was exported for revision, but it carries no ticket" in said
    assert _level(project) == "translated"
    assert _gate(project) == "blocked"


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2"])
def test_the_file_exported_for_revision_revises(project: Path, fmt: str) -> None:
    path = _export(project, fmt, "--for", "revision")
    first = path.read_bytes()
    assert _export(project, fmt, "--for", "revision").read_bytes() == first  # no byte changes
    said = _relay(project, "import", str(path))
    assert "exported for revision, but" not in said
    assert _level(project) == "revised"
    assert _gate(project) == "published"


def test_another_files_ticket_or_a_made_up_one_is_not_taken(project: Path) -> None:
    revision = _export(project, "po", "--for", "revision").read_text("utf-8")
    ticket = re.search(r"X-Relay-Ticket: ([0-9a-f]+)", revision)
    assert ticket is not None
    # The ticket of the same release's Russian file: written into the French one.
    _relay(project, "export", "--lang", "ru", "--release", SLUG, "--for", "revision")
    russian = (project / "outbox" / "ru" / f"{SLUG}.po").read_text("utf-8")
    other = re.search(r"X-Relay-Ticket: ([0-9a-f]+)", russian)
    assert other is not None and other.group(1) != ticket.group(1)
    path = project / "revision" / "fr" / f"{SLUG}.po"
    for forged in (other.group(1), "0" * 32):
        path.write_text(revision.replace(ticket.group(1), forged), "utf-8")
        said = _relay(project, "import", str(path))
        assert "its ticket is not the one relay gave the file" in said
        assert _level(project) == "translated"


def test_without_the_projects_key_a_revision_is_taken_as_the_coordinator_says(
    project: Path,
) -> None:
    path = _export(project, "po", "--for", "revision")
    (project / ".relay-cache" / "revision-key").unlink()
    said = _relay(project, "import", str(path))
    assert "this project holds no revision key" in said
    assert "relay import --state revised" in said
    assert _level(project) == "translated"
    _relay(project, "import", "--state", "revised", str(path))
    assert _level(project) == "revised"
