"""The relay command, through typer's runner and as the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.tools import gettext
from typer.testing import CliRunner

from relay.cli.app import app
from relay.core.project import open_project

runner = CliRunner()


def relay(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("relay")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "relay"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False)


def test_init_makes_a_project(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["init", str(tmp_path / "new"), "--source-lang", "en", "--target-lang", "fr"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "relay.toml").read_text() == (
        'source-lang = "en"\ntarget-langs = ["fr"]\nfeed-id = "urn:relay:new"\n'
    )
    assert (tmp_path / "new" / "sources").is_dir()


def test_init_fixes_the_feeds_ids_as_a_valid_iri(tmp_path: Path) -> None:
    # The folder's name, percent-encoded where an IRI cannot hold it: a later move or clone of
    # the project into another folder publishes the same feeds.
    folder = tmp_path / "press office \u00e9t\u00e9"
    result = runner.invoke(app, ["init", str(folder), "--source-lang", "en", "--target-lang", "fr"])
    assert result.exit_code == 0, result.output
    assert open_project(folder).config.feed_id == "urn:relay:press%20office%20%C3%A9t%C3%A9"


def test_init_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = relay("init", str(tmp_path / "x"), "--source-lang", "en", "--target-lang", "xx-nope")
    assert result.returncode == 2
    assert "is not a language tag CLDR knows" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_status_publish(sample_project: Path) -> None:
    result = runner.invoke(app, ["-C", str(sample_project), "extract"])
    assert result.exit_code == 0, result.output
    assert "3 releases, 9 catalogs" in result.output
    result = runner.invoke(app, ["-C", str(sample_project), "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["status"]
    assert {row["lang"] for row in rows} == {"fr", "ru"}
    result = runner.invoke(app, ["-C", str(sample_project), "publish", "--json", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["dry_run"] is True


def test_project_is_found_from_a_subfolder(sample_project: Path) -> None:
    result = relay("-C", str(sample_project / "sources"), "extract")
    assert result.returncode == 0, result.stderr
    assert (sample_project / "locales" / "templates").is_dir()


def test_missing_project_is_one_line_and_a_hint(tmp_path: Path) -> None:
    result = relay("-C", str(tmp_path), "status")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: no relay project in")
    assert lines[1].strip().startswith("hint:")


def test_unknown_release_is_a_usage_error(sample_project: Path) -> None:
    result = relay("-C", str(sample_project), "extract", "no-such-release")
    assert result.returncode == 2
    assert "no release 'no-such-release'" in result.stderr


def test_bad_option_exits_2(sample_project: Path) -> None:
    result = relay("-C", str(sample_project), "publish", "--frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_broken_source_exits_2_but_extracts_the_rest(sample_project: Path) -> None:
    (sample_project / "sources" / "bad.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n")
    result = relay("-C", str(sample_project), "extract")
    assert result.returncode == 2
    assert "sources/bad.md:" in result.stderr
    assert "3 releases" in result.stdout


def test_real_command_writes_catalogs_msgfmt_accepts(sample_project: Path) -> None:
    assert relay("-C", str(sample_project), "extract").returncode == 0
    for path in (sample_project / "locales").rglob("*.po"):
        subprocess.run([gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("command", ["extract", "status", "publish", "check", "export"])
def test_every_command_takes_quiet_and_verbose(sample_project: Path, command: str) -> None:
    args = ["--lang", "fr"] if command == "export" else []
    result = relay("-C", str(sample_project), command, *args, "-q")
    assert result.returncode in {0, 1}, result.stderr
    assert relay("-C", str(sample_project), command, *args, "--verbose").returncode in {0, 1}


def test_usage_errors_are_one_line_and_a_hint(sample_project: Path) -> None:
    result = relay("-C", str(sample_project), "import")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: Missing argument 'files'.",
        "  hint: see 'relay import --help'",
    ]


def test_help_shows_no_value_after_a_flag() -> None:
    """A flag takes no value, so the help shows none (typer 0.2x printed ``<bool>``)."""
    result = subprocess.run(
        [sys.executable, "-m", "relay", "--help"], capture_output=True, text=True, check=False
    )
    assert "--quiet" in result.stdout and "<bool>" not in result.stdout
    assert "<path>" in result.stdout  # an option that takes a value still says which
    check_help = subprocess.run(
        [sys.executable, "-m", "relay", "check", "--help"], capture_output=True, text=True
    )
    assert "--source" in check_help.stdout and "<bool>" not in check_help.stdout


def test_a_language_without_sentence_rules_is_said_once(tmp_path: Path) -> None:
    """init, extract and status --json say when relay has no sentence rules for a language
    (a Japanese paragraph is split by the generic rules), and never for one it knows."""
    project = tmp_path / "sw"
    init = subprocess.run(
        [sys.executable, "-m", "relay", "init", str(project), "--source-lang", "sw",
         "--target-lang", "fr"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert init.stderr.count("no sentence rules of its own for 'sw'") == 1
    (project / "sources" / "2020-01-01-habari.txt").write_text(
        "Title: Habari\nDate: 2020-01-01\n\nMaji ni uhai. Tunza mazingira.\n", "utf-8"
    )
    extract = subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(project), "extract"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert extract.returncode == 0, extract.stderr
    assert extract.stderr.count("no sentence rules of its own for 'sw'") == 1
    status = subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(project), "status", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    segmentation = json.loads(status.stdout)["segmentation"]
    assert segmentation["source_lang"] == "sw" and segmentation["own_rules"] is False
    assert "generic rules" in segmentation["notice"]
    known = subprocess.run(
        [sys.executable, "-m", "relay", "init", str(tmp_path / "ja"), "--source-lang", "ja",
         "--target-lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert known.returncode == 0 and "sentence rules" not in known.stderr


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["check"], "check"),
        (["-q", "publish", "--dry-run"], "publish"),
        (["-C", "some/where", "-v", "status", "--json"], "status"),
        (["--project=x", "-Cy", "--quiet", "tm", "fill"], "tm"),
        (["-C", "check", "extract"], "extract"),  # "check" is -C's folder here
        (["--version"], None),
        (["--help"], None),
        (["-q"], None),
        ([], None),
        (["chekc"], None),  # unknown: the whole command says so, and lists the others
        (["-C"], None),
    ],
)
def test_the_command_asked_for_is_found_past_the_global_options(
    argv: list[str], name: str | None
) -> None:
    from relay.cli.app import asked

    assert asked(argv) == name


@pytest.mark.parametrize("name", ["init", "extract", "status", "publish", "import", "check", "tm"])
def test_a_command_built_alone_says_what_it_says_among_all(name: str) -> None:
    """The console script builds only the command asked for (typer reads every command's
    signature at each start): its help and its usage errors are the same."""
    from relay.cli.app import build

    alone = build([name])
    for args in ([name, "--help"], [name, "--no-such-option"]):
        among, by_itself = runner.invoke(app, args), runner.invoke(alone, args)
        assert (by_itself.exit_code, by_itself.output) == (among.exit_code, among.output)


def test_the_console_script_runs_the_command_asked_and_lists_all_for_help() -> None:
    listed = relay("--help")
    assert listed.returncode == 0
    assert all(name in listed.stdout for name in ("extract", "publish", "merge-driver", "notes"))
    typo = relay("chekc")
    assert typo.returncode == 2 and "No such command" in typo.stderr
    assert relay("check", "--help").stdout == runner.invoke(app, ["check", "--help"]).output
