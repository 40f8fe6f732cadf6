"""relay tm export / import / stats / rebuild, through typer's runner."""

from __future__ import annotations

from pathlib import Path

from translate.storage import tmx as toolkit_tmx
from typer.testing import CliRunner

from relay.cli import app as cli
from relay.core.errors import CatalogError

runner = CliRunner()


def test_export_then_import_round_trip(sample_project: Path, tmp_path: Path) -> None:
    exported = tmp_path / "press office.tmx"
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "export", str(exported)])
    assert result.exit_code == 0, result.output
    units = len(toolkit_tmx.tmxfile(exported.read_bytes()).units)
    assert f"{units} translation units (fr, ru)" in result.output
    result = runner.invoke(
        cli.app, ["-C", str(sample_project), "tm", "export", str(exported), "--lang", "ru"]
    )
    assert result.exit_code == 0 and "(ru)" in result.output
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert "locales/memory/press-office.tmx (origin tmx:press-office)" in result.output
    assert f"{units // 2} units: {units // 2} used (ru {units // 2})" in result.output
    assert (sample_project / "locales" / "memory" / "press-office.tmx").is_file()


def test_stats_and_rebuild(sample_project: Path) -> None:
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "stats"])
    assert result.exit_code == 0, result.output
    assert "6 files (6 read, 0 unchanged, 0 removed)" in result.output
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "stats"])
    assert "6 files (0 read, 6 unchanged, 0 removed)" in result.output
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "rebuild"])
    assert "6 files (6 read, 0 unchanged, 0 removed)" in result.output
    assert "  fr: " in result.output and "  ru: " in result.output


def test_a_hostile_import_fails_and_copies_nothing(sample_project: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "evil.tmx"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header/><body/></tmx>\n'
    )
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "import", str(hostile)])
    assert result.exit_code != 0
    assert isinstance(result.exception, CatalogError)
    assert "DOCTYPE" in result.exception.message
    assert not (sample_project / "locales" / "memory").exists()


def test_fill_reports_what_memory_filled(sample_project: Path) -> None:
    (sample_project / "sources" / "2016-05-01-notice.txt").write_text(
        "Title: Notice\nDate: 2016-05-01\n\nInformation Unit\n\nFax: +41 (0) 22 917 05 05\n"
    )
    result = runner.invoke(cli.app, ["-C", str(sample_project), "tm", "fill"])
    assert result.exit_code == 0, result.output
    assert "filled 2 units of " in result.output and "2016-05-01-notice.po" in result.output
    assert "4 units filled from memory, 0 conflicts" in result.output
