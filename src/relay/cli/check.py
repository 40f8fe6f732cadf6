"""The ``relay check`` command: options in, findings out (text, JSON or SARIF), exit codes.

Wires :func:`relay.checks.engine.check_project` to the command line. Exit code 1 when an
error-level finding remains (after suppressions), 2 when something could not be read, 0 otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, Annotated

import typer

from relay import __version__
from relay.cli.common import (
    err,
    fail_on_errors,
    out,
    print_json,
    printable,
    project_of,
    settings,
    styled,
)
from relay.core.wording import counted
from relay.runtime.lock import project_lock

if TYPE_CHECKING:  # the checks are imported when the command runs: other commands start faster
    from rich.console import Console
    from rich.text import Text

    from relay.checks import Finding
    from relay.checks.engine import CheckReport
    from relay.checks.fixing import FixedUnit
    from relay.core.project import Project

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# What rich's Text strips (BEL, BS, VT, FF, CR: rich.control.strip_control_codes), for the
# lines written without rich; rich is not imported for them.
_RICH_STRIPS = dict.fromkeys((7, 8, 11, 12, 13))
FORMATS = ("text", "json", "sarif")


def check_command(
    ctx: typer.Context,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", help="Only this language (repeat).")
    ] = None,
    release: Annotated[
        list[str] | None, typer.Option("--release", help="Only this release (repeat).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    output: Annotated[
        str, typer.Option("--format", help="text, json or sarif (SARIF 2.1.0 for CI).")
    ] = "text",
    source: Annotated[
        bool, typer.Option("--source", help="Check the source releases instead.")
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Print more.")] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="First apply the safe typography fixes of each language, and list them."
        ),
    ] = False,
) -> None:
    """Check translations (or sources) and say exactly what is wrong, unit by unit."""
    if output not in FORMATS:
        err.print(styled("error:", "bold red"), f"--format is one of {FORMATS}")
        raise typer.Exit(2)
    project = project_of(ctx)
    from relay.checks import REGISTRY
    from relay.checks.engine import check_project
    from relay.checks.sarif import to_sarif

    if fix and not source:
        print_fixes(fix_project(project, lang or [], release or []), err)
    quiet, verbose = settings(ctx).quiet, settings(ctx).verbose  # global -q/-v too
    text = not as_json and output == "text"
    report = check_project(
        project, langs=lang or [], slugs=release or [], source=source,
        only="error" if quiet and text else None,
    )  # fmt: skip
    if as_json or output == "json":
        print_json(as_data(report))
    elif output == "sarif":
        log = to_sarif(
            report.findings, REGISTRY, root_uri=project.root.as_uri(), version=__version__
        )
        print_json(log)
    else:
        render(report, out, quiet=quiet, verbose=verbose, source=source)
    fail_on_errors(report.errors)
    if report.count("error"):
        raise typer.Exit(1)


def fix_project(project: Project, langs: list[str], slugs: list[str]) -> list[FixedUnit]:
    """Apply the typography fixes under the project lock (catalogs are written)."""
    from relay.checks.fixing import fix_catalogs

    with project_lock(project) as locked:
        return fix_catalogs(locked, langs, slugs)


def print_fixes(fixed: list[FixedUnit], console: Console) -> None:
    """List each fixed unit and its changes, then how many (on ``console``)."""
    for item in fixed:
        console.print(f"fixed {item.path.name} [{item.lang}] unit {item.unit}")
        for change in item.changes:
            console.print(f"    {change.reason}: “{_visible(change.after.strip())}”")
    changes = sum(len(item.changes) for item in fixed)
    console.print(f"typography: {changes} fixes in {len(fixed)} units")


def as_data(report: CheckReport) -> dict[str, object]:
    """Give a report as JSON-ready data: a summary, and every finding with its suppression."""
    from relay.checks.suppression import comment_for

    return {
        "summary": summary(report),
        "findings": [
            {**finding.as_dict(), "suppress_with": f"# {comment_for(finding)}"}
            for finding in report.findings
        ],
    }


def summary(report: CheckReport) -> dict[str, int]:
    return {
        "catalogs": report.catalogs,
        "units": report.units,
        "errors": report.count("error"),
        "warnings": report.count("warning"),
        "info": report.count("info"),
        "suppressed": report.suppressed,
    }


def render(report: CheckReport, out: Console, *, quiet: bool, verbose: bool, source: bool) -> None:
    """Print findings grouped by release, language and unit, then a one-line summary.

    On a terminal each line is styled; piped (CI, a file), the lines are written as plain text
    in one go: printing tens of thousands of findings one rich call at a time cost seconds, and
    more than checking them when nothing has changed."""
    findings = report.findings
    if quiet and not (
        findings.counted("error", False) or (verbose and findings.counted("error", True))
    ):
        return  # -q with no error to show: nothing to print, and rich is not imported for it
    lines = _lines(report, quiet=quiet, verbose=verbose, source=source, terminal=out.is_terminal)
    if out.is_terminal:
        for line in lines:
            out.print(line)
        return
    while batch := list(itertools.islice(lines, 4096)):  # streamed: memory stays flat
        # Not styled: plain strings, shown as the console shows them.
        out.file.write("".join(f"{printable(str(line))}\n" for line in batch))
    out.file.flush()


def _lines(
    report: CheckReport, *, quiet: bool, verbose: bool, source: bool, terminal: bool = True
) -> Iterator[str | Text]:
    shown: Iterable[Finding]
    if quiet:  # only the releases that hold an error are unpacked
        errors = report.findings.of_severity("error")
        shown = errors if verbose else (finding for finding in errors if not finding.suppressed)
    else:
        shown = report.findings if verbose else report.active  # streamed
    for (slug, lang), group in groupby(shown, key=lambda f: (f.slug, f.lang)):
        yield _assemble(terminal, (slug, "bold"), f" · {lang or 'source'}")
        for _, unit_findings in groupby(group, key=lambda f: (f.unit, f.location)):
            yield from _unit_lines(list(unit_findings), source=source, terminal=terminal)
        yield ""
    if quiet:
        return
    counts = summary(report)
    what = "source unit" if source else "unit"
    where = "" if source else f"{counted(counts['catalogs'], 'catalog')}, "
    suppressed = f" ({counts['suppressed']} suppressed)" if counts["suppressed"] else ""
    yield (
        f"{where}{counted(counts['units'], what)}: {counted(counts['errors'], 'error')}, "
        f"{counted(counts['warnings'], 'warning')}, {counts['info']} info{suppressed}"
    )


def _assemble(terminal: bool, *parts: str | tuple[str, str]) -> str | Text:
    """``Text.assemble(*parts)``, or (not on a ``terminal``: piped) the plain text it holds,
    made without it: a check of an untranslated archive prints a million lines."""
    if terminal:
        from rich.text import Text

        return Text.assemble(*parts)
    # As rich's Text keeps it: without the control codes it strips.
    return "".join(part if isinstance(part, str) else part[0] for part in parts).translate(
        _RICH_STRIPS
    )


def _unit_lines(
    findings: list[Finding], *, source: bool, terminal: bool = True
) -> Iterator[str | Text]:
    from relay.checks.suppression import comment_for

    first = findings[0]
    where = " · ".join(
        part
        for part in (f"unit {first.unit}" if first.unit else "", first.location,
                     first.source_location)
        if part
    )  # fmt: skip
    yield f"  {where}"
    if first.source:
        yield f"    source  {_visible(first.source)}"
    if first.lang is not None:
        yield f"    target  {_visible(first.target) or '(empty)'}"
    for finding in findings:
        style = STYLES[finding.severity]
        mark = " (suppressed)" if finding.suppressed else ""
        yield _assemble(
            terminal,
            "    ",
            (f"{finding.severity:<7}", style),
            f" {finding.check:<24} {finding.message}{mark}",
        )
        if not source and not finding.suppressed and finding.lang is not None:
            hint = f"    {'':<7} {'to suppress:':<24} # {comment_for(finding)}"
            yield _assemble(terminal, (hint, "dim"))


def _visible(text: str) -> str:
    """Show the spaces typography checks talk about: no-break ⍽, narrow no-break ⸱."""
    return text.replace("\u00a0", "⍽").replace("\u202f", "⸱").replace("\t", "⇥")
