"""``relay report``: the status matrix and every release side by side, as one HTML page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from relay.cli.common import (
    QuietOption,
    VerboseOption,
    fail_on_errors,
    out,
    project_of,
    settings,
)
from relay.runtime.files import write_atomic


def report_command(
    ctx: typer.Context,
    page_path: Annotated[Path, typer.Option("--out", help="Where to write the page.")] = Path(
        "relay-report.html"
    ),
    since: Annotated[
        str | None,
        typer.Option("--since", help="Count revisions from this day (YYYY-MM-DD).", metavar="DAY"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Count revisions up to this day (YYYY-MM-DD).", metavar="DAY"),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write one self-contained HTML page: the status matrix, what revisers changed per
    translator, and every release side by side."""
    for day in (since, until):
        if day is not None:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise typer.BadParameter(f"{day!r} is not a day like 2026-12-01") from None
    project = project_of(ctx)
    from relay.report.html import render_report
    from relay.report.status import overview

    view = overview(project)
    page = render_report(
        view.rows, view.releases, generated_for=project.root.name, since=since, until=until
    )
    write_atomic(page_path, page.encode("utf-8"))
    if not settings(ctx).quiet:
        out.print(f"wrote {page_path}")
    fail_on_errors(view.errors)
