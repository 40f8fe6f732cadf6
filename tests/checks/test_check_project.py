"""relay check on real projects: the sample is clean, the seed's source quirks are found, and
error-level findings gate publishing until fixed or suppressed (API and CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relay.catalogs.po import load_catalog, write_po
from relay.checks.engine import check_project
from relay.checks.gate import blocking_findings
from relay.checks.suppression import comment_for
from relay.cli.app import app
from relay.core.project import open_project
from relay.publish.run import publish
from relay.sources.discovery import discover

REPO = Path(__file__).resolve().parents[2]
SEED = "2013-04-23-kazakhstan-innovation"
runner = CliRunner()


@pytest.fixture
def project_dir(glossary_project: Path) -> Path:
    """The sample project with the repository's glossary configured."""
    return glossary_project


def break_date(root: Path) -> Path:
    """Seed one error in the French seed release: 19 April 2013 becomes 19 avril 2012."""
    path = root / "locales" / "fr" / f"{SEED}.po"
    path.write_bytes(path.read_bytes().replace(b"19 avril 2013", b"19 avril 2012"))
    return path


def test_the_repository_translations_have_no_error_level_finding() -> None:
    project = open_project(REPO)
    from dataclasses import replace

    from relay.core.project import Project

    with_glossary = Project(REPO, replace(project.config, glossary="glossary.csv"))
    report = check_project(with_glossary)
    assert report.catalogs == 8 and report.units > 200
    assert [f for f in report.active if f.severity == "error"] == []
    assert report.count("warning") == 0


def test_the_seed_names_mr_issekeshev_two_ways(project_dir: Path) -> None:
    report = check_project(open_project(project_dir), source=True)
    [variant] = [f for f in report.findings if f.check == "source-name-variants"]
    assert "Ishekeshev" in variant.message and "Issekeshev" in variant.message
    assert variant.location == f"sources/{SEED}.html:17"
    checks = {f.check for f in report.findings}
    assert {"source-spelling", "source-whitespace"} <= checks


def test_an_error_blocks_publishing_and_the_manifest_names_the_finding(project_dir: Path) -> None:
    break_date(project_dir)
    project = open_project(project_dir)
    report = publish(project)
    [variant] = [v for v in report.variants if v.slug == SEED and v.lang == "fr"]
    assert not variant.published
    assert any(r.startswith("date-value: unit 1b94cefa04") for r in variant.reasons)
    manifest = json.loads((project_dir / "public" / "manifest.json").read_text("utf-8"))
    [release] = [r for r in manifest["releases"] if r["slug"] == SEED]
    [fr] = [v for v in release["variants"] if v["lang"] == "fr"]
    assert fr["status"] == "blocked"
    assert "“19 April 2013” became “19 avril 2012”" in fr["reasons"][0]
    assert all(v["status"] == "published" for v in release["variants"] if v["lang"] != "fr")


def test_a_fix_unblocks_publishing(project_dir: Path) -> None:
    path = break_date(project_dir)
    project = open_project(project_dir)
    assert not _variant(publish(project), "fr").published
    path.write_bytes(path.read_bytes().replace(b"19 avril 2012", b"19 avril 2013"))
    assert _variant(publish(project), "fr").published


def test_a_suppression_unblocks_publishing_until_the_text_changes(project_dir: Path) -> None:
    path = break_date(project_dir)
    project = open_project(project_dir)
    release = next(r for r in discover(project).releases if r.slug == SEED)
    catalog = load_catalog(path)
    assert catalog is not None
    [finding] = blocking_findings(project, release, "fr", {"fr": catalog})
    catalog.entries = [
        e.with_(comments=(*e.comments, comment_for(finding))) if e.id == finding.unit else e
        for e in catalog.entries
    ]
    path.write_bytes(write_po(catalog))
    assert _variant(publish(project), "fr").published
    # The translation changes: the suppression lapses and the gate closes again.
    path.write_bytes(path.read_bytes().replace(b"19 avril 2012", b"19 avril 2011"))
    assert not _variant(publish(project), "fr").published
    report = check_project(project, langs=["fr"], slugs=[SEED])
    assert "suppression-lapsed" in {f.check for f in report.findings}


def test_configured_severity_turns_a_check_off_or_into_an_error(project_dir: Path) -> None:
    break_date(project_dir)
    config = project_dir / "relay.toml"
    config.write_text(config.read_text("utf-8") + '[checks]\ndate-value = "warning"\n', "utf-8")
    assert _variant(publish(open_project(project_dir)), "fr").published


def _variant(report, lang: str):
    return next(v for v in report.variants if v.slug == SEED and v.lang == lang)


# Through the command line.


def test_check_on_the_samples_is_clean(project_dir: Path) -> None:
    result = runner.invoke(app, ["-C", str(project_dir), "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_check_shows_source_target_and_what_is_wrong_and_exits_1(project_dir: Path) -> None:
    break_date(project_dir)
    result = runner.invoke(app, ["-C", str(project_dir), "check", "--lang", "fr"])
    assert result.exit_code == 1, result.output
    assert f"{SEED} · fr" in result.output
    assert "source  The seminar organized" in result.output
    assert "target  Le séminaire organisé à Astana le 19 avril 2012" in result.output
    assert "date-value" in result.output and "“19 April 2013” became" in result.output
    assert "# relay-ignore: date-value " in result.output


def test_check_json(project_dir: Path) -> None:
    break_date(project_dir)
    result = runner.invoke(app, ["-C", str(project_dir), "check", "--json", "--release", SEED])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"]["errors"] == 1
    [finding] = [f for f in data["findings"] if f["severity"] == "error"]
    assert finding["check"] == "date-value" and finding["lang"] == "fr"
    assert finding["location"].startswith(f"locales/fr/{SEED}.po:")
    assert finding["suppress_with"].startswith("# relay-ignore: date-value ")


def test_check_source_finds_the_name_spelt_two_ways(project_dir: Path) -> None:
    result = runner.invoke(app, ["-C", str(project_dir), "check", "--source"])
    assert result.exit_code == 0, result.output
    assert "“Ishekeshev” (line 17) and “Issekeshev” (line 15)" in result.output


def test_publish_through_the_cli_is_blocked_then_unblocked_by_a_suppression(
    project_dir: Path,
) -> None:
    path = break_date(project_dir)
    result = runner.invoke(app, ["-C", str(project_dir), "publish"])
    assert "fr     2013-04-23-kazakhstan-innovation: blocked" in result.output
    assert "date-value: unit 1b94cefa04" in result.output
    checked = runner.invoke(app, ["-C", str(project_dir), "check", "--json", "--lang", "fr"])
    [finding] = [f for f in json.loads(checked.output)["findings"] if f["severity"] == "error"]
    text = path.read_text("utf-8").replace(
        "#. id: 1b94cefa04", f"{finding['suppress_with']}\n#. id: 1b94cefa04"
    )
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["-C", str(project_dir), "check", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "(1 suppressed)" in result.output
    result = runner.invoke(app, ["-C", str(project_dir), "publish"])
    assert "fr     2013-04-23-kazakhstan-innovation: written" in result.output


def test_unknown_check_in_configuration_is_a_usage_error(project_dir: Path) -> None:
    config = project_dir / "relay.toml"
    config.write_text(config.read_text("utf-8") + '[checks]\nno-such-check = "off"\n', "utf-8")
    result = runner.invoke(app, ["-C", str(project_dir), "check"])
    assert result.exit_code != 0
