"""``relay export``: one file per release for translators (PO, XLIFF 1.2 or 2.0)."""

from __future__ import annotations

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


def export_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", help="Target language to export.")],
    fmt: Annotated[
        str, typer.Option("--format", help="po, xliff (XLIFF 1.2) or xliff2 (XLIFF 2.0).")
    ] = "po",
    release: Annotated[
        list[str] | None, typer.Option("--release", help="Only this release (repeat).")
    ] = None,
    folder: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default outbox/).")
    ] = None,
    untranslated_only: Annotated[
        bool, typer.Option("--untranslated-only", help="Only units not yet translated.")
    ] = False,
    step: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="revision: the translated units, for a reviser (they come back revised).",
        ),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write one file per release for translators: outbox/<lang>/<slug>.po or .xlf."""
    from relay.exchange.handoff import export_packages

    files, errors = export_packages(
        project_of(ctx),
        lang=lang,
        fmt=fmt,
        slugs=release or [],
        out=folder,
        untranslated_only=untranslated_only,
        step=step,
    )
    if not settings(ctx).quiet:
        for exported in files:
            state = "written" if exported.written else "unchanged"
            out.print(f"{exported.path} ({exported.units} units, {state})")
    fail_on_errors(errors)
