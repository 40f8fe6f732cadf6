"""A new release with a careful French translation typed with plain spaces (the repository's
2016-01-12-eurorap, no glossary): no error, no warning; nothing at all after --fix; every
seeded mistake still found, once, saying what to write."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from relay.checks.engine import check_project
from relay.checks.fixing import fix_catalogs
from relay.core.project import open_project

SLUG = "2016-01-12-eurorap"


def as_typed(root: Path) -> Path:
    """Make the French catalog's no-break spaces plain ones, as a translator types them."""
    return as_typed_file(root / "locales" / "fr" / f"{SLUG}.po")


def counts(root: Path) -> tuple[int, int, int]:
    report = check_project(open_project(root), langs=["fr"], slugs=[SLUG])
    return report.count("error"), report.count("warning"), report.count("info")


def test_a_careful_translation_gives_no_warning_and_nothing_after_fix(demo_project: Path) -> None:
    path = as_typed(demo_project)
    errors, warnings, info = counts(demo_project)
    assert (errors, warnings) == (0, 0)
    assert info == 9  # one fixable-typography finding per unit with plain spaces
    fixed = fix_catalogs(open_project(demo_project), ["fr"], [SLUG])
    assert sum(len(unit.changes) for unit in fixed) == 14
    assert counts(demo_project) == (0, 0, 0)
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    again = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
    assert again == path.read_bytes()
    assert fix_catalogs(open_project(demo_project), ["fr"], [SLUG]) == []  # idempotent


def test_every_seeded_mistake_is_found_once(demo_project: Path) -> None:
    path = demo_project / "locales" / "fr" / f"{SLUG}.po"
    text = path.read_text("utf-8")
    for old, new in [
        ("Quelque 85\u202f000", "Quelque 58\u202f000"),  # a changed number
        ("région en 2014.", "région en 2013."),  # a changed year
        ("du programme <1/>, a", "du programme EuroRAP, a"),  # a dropped placeholder
        ("2,4 milliards", "2.4 milliards"),  # the English number format
        ("Pour en savoir plus\u00a0:", "Pour en savoir plus:"),  # French spacing
    ]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    report = check_project(open_project(demo_project), langs=["fr"], slugs=[SLUG])
    found = sorted((f.check, f.message) for f in report.findings)
    assert found == [
        ("fixable-typography", "1 typography fix to make (no-break space before “:”): relay"
         " check --fix makes it"),
        ("number-format", "“2.4” is written the English way; in French: 2,4"),
        ("number-value", "number “2014” became “2013”: write 2014"),
        ("number-value", "number “85,000” became “58\u202f000”: write 85\u202f000"),
        ("placeholders", "placeholder <1/> is missing: put it back where the source has it"
         " (the comment says what it stands for)"),
    ]  # fmt: skip


def test_import_with_fix_typography_fixes_what_it_imported(demo_project: Path) -> None:
    from typer.testing import CliRunner

    from relay.cli.app import app

    runner = CliRunner()
    out = demo_project / "outbox"
    exported = runner.invoke(
        app,
        ["-C", str(demo_project), "export", "--lang", "fr", "--release", SLUG, "--out", str(out)],
    )
    assert exported.exit_code == 0, exported.output
    returned = as_typed_file(out / "fr" / f"{SLUG}.po")
    result = runner.invoke(
        app, ["-C", str(demo_project), "import", str(returned), "--fix-typography"]
    )
    assert result.exit_code == 0, result.output
    assert "typography: 14 fixes in 9 units" in result.output
    assert counts(demo_project) == (0, 0, 0)


def as_typed_file(path: Path) -> Path:
    """Make a PO file's no-break spaces in translations plain ones."""
    text = path.read_text("utf-8")
    lines = [
        re.sub("[\u00a0\u202f]", " ", line) if line.startswith(("msgstr", '"')) else line
        for line in text.split("\n")
    ]
    path.write_text("\n".join(lines), "utf-8")
    return path
