"""``relay extract``: sources to templates and catalogs; prints what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relay.cli.common import (
    QuietOption,
    ReleaseArgs,
    Settings,
    VerboseOption,
    err,
    fail_on_errors,
    out,
    project_of,
    settings,
    styled,
)
from relay.core.wording import counted
from relay.runtime.lock import project_lock

if TYPE_CHECKING:
    from relay.extract.run import ExtractReport


def extract_command(
    ctx: typer.Context,
    releases: ReleaseArgs = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list what would change and exit 1 if anything would.",
        ),
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Read sources/ and update locales/templates/*.pot and locales/<lang>/*.po."""
    from relay.extract.run import extract

    if check:
        # No lock: taking it would make .relay-cache/lock, and a check writes nothing.
        report = extract(project_of(ctx), releases or [], check=True)
        _print_check(report, settings(ctx))
        fail_on_errors(report.errors)
        if report.written:
            raise typer.Exit(1)
        return
    with project_lock(project_of(ctx)) as project:
        report = extract(project, releases or [])
    _print_extract(report, settings(ctx))
    fail_on_errors(report.errors)


def _print_check(report: ExtractReport, settings: Settings) -> None:
    """As ``ruff format --check``: each file that would change, then a count."""
    if settings.quiet:
        return
    for change in report.changes:
        if change.written or settings.verbose:
            out.print(f"{'would update' if change.written else 'up to date'} {change.path}")
    count = len(report.written)
    if count:
        out.print(
            f"{count} of {counted(len(report.changes), 'catalog')} would be updated;"
            " run 'relay extract'"
        )
    else:
        out.print(f"{counted(len(report.changes), 'catalog')} up to date with sources/")


def _print_extract(report: ExtractReport, settings: Settings) -> None:
    for conflict in report.conflicts:
        err.print(styled("warning:", "yellow"), f"memory conflict: {conflict}")
    for notice in report.notices:
        err.print(styled("note:", "cyan"), notice)
    if settings.quiet:
        return
    for change in report.changes:
        if change.written or settings.verbose:
            verb = "updated" if change.written else "unchanged"
            detail = ""
            if change.summary and change.written:
                s = change.summary
                detail = (
                    f" ({s.kept} kept, {s.added} new, {s.fuzzy} fuzzy, {s.obsoleted} obsolete,"
                    f" {s.from_memory} from memory)"
                )
            out.print(f"{verb} {change.path}{detail}")
    written = len(report.written)
    out.print(
        f"{counted(len(report.releases), 'release')}, {counted(len(report.changes), 'catalog')}: "
        f"{written} written, {len(report.changes) - written} unchanged"
    )
