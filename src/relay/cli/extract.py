"""``relay extract``: sources to templates and catalogs; prints what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.text import Text

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
)
from relay.runtime.lock import project_lock

if TYPE_CHECKING:
    from relay.extract.run import ExtractReport


def extract_command(
    ctx: typer.Context,
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Read sources/ and update locales/templates/*.pot and locales/<lang>/*.po."""
    from relay.extract.run import extract

    with project_lock(project_of(ctx)) as project:
        report = extract(project, releases or [])
    _print_extract(report, settings(ctx))
    fail_on_errors(report.errors)


def _print_extract(report: ExtractReport, settings: Settings) -> None:
    for conflict in report.conflicts:
        err.print(Text("warning:", style="yellow"), f"memory conflict: {conflict}")
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
        f"{len(report.releases)} releases, {len(report.changes)} catalogs: "
        f"{written} written, {len(report.changes) - written} unchanged"
    )
