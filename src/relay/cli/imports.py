"""``relay import``: translators' files merged back into the catalogs, unit by unit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relay.cli.common import (
    JsonOption,
    QuietOption,
    VerboseOption,
    fail_on_errors,
    out,
    print_json,
    project_of,
    settings,
)
from relay.runtime.lock import project_lock

if TYPE_CHECKING:
    from relay.exchange.handoff import ImportReport


def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Returned PO or XLIFF files.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report; change nothing.")] = False,
    as_json: JsonOption = False,
    prefer_theirs: Annotated[
        bool, typer.Option("--prefer-theirs", help="In a conflict, take the translator's.")
    ] = False,
    accept_lang: Annotated[
        list[str] | None,
        typer.Option(
            "--accept-lang",
            help="Take files tagged with this variant (fr-CA) into its language's catalog.",
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option("--by", help="Who translated, revised or approved (else the file says)."),
    ] = "",
    reached: Annotated[
        str | None,
        typer.Option(
            "--state", help="revised or approved: the step these files' done units reached."
        ),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    fix_typography: Annotated[
        bool,
        typer.Option(
            "--fix-typography", help="Then apply the safe typography fixes to what was imported."
        ),
    ] = False,
) -> None:
    """Merge translators' files back into the catalogs, reporting every unit that was not."""
    fixed = []
    with project_lock(project_of(ctx)) as project:
        from relay.exchange.handoff import import_files

        report = import_files(
            project,
            files,
            dry_run=dry_run,
            prefer_theirs=prefer_theirs,
            accept_langs=accept_lang or (),
            by=by,
            reached=reached,
            # JSON and -v name every unit; otherwise only those worth showing are kept.
            every_outcome=as_json or settings(ctx).verbose,
        )
        if fix_typography and not dry_run:
            from relay.checks.fixing import fix_catalogs

            for imported in report.files:
                fixed += fix_catalogs(project, [imported.lang], [imported.slug])
    if as_json:
        print_json(_import_json(report, dry_run))
    elif not settings(ctx).quiet:
        _print_import(report, dry_run, settings(ctx).verbose)
        if fix_typography and not dry_run:
            from relay.cli.check import print_fixes

            print_fixes(fixed, out)
    fail_on_errors(report.errors)


def _import_json(report: ImportReport, dry_run: bool) -> dict[str, object]:
    return {
        "dry_run": dry_run,
        "files": [
            {
                "path": str(imported.path),
                "format": imported.format,
                "release": imported.slug,
                "lang": imported.lang,
                "written": imported.written,
                "exported_from_older_source": imported.stale_export,
                "summary": imported.counts,
                "needs_review": imported.review,
                "notes": imported.notes,
                "remarks": list(imported.remarks),
                "units": [
                    {
                        "id": o.unit,
                        "outcome": o.kind,
                        "source": o.source,
                        "detail": o.detail,
                        "needs_review": o.review,
                        "notes": o.notes,
                    }
                    for o in imported.outcomes
                ],
            }
            for imported in report.files
        ],
        "errors": [error.message for error in report.errors],
    }


def _print_import(report: ImportReport, dry_run: bool, verbose: bool) -> None:
    from relay.exchange.handoff import worth_showing

    for imported in report.files:
        parts = []
        for kind, n in imported.counts.items():
            review = (
                f" ({imported.review} need{'s' if imported.review == 1 else ''} review)"
                if kind == "applied" and imported.review
                else ""
            )
            parts.append(f"{n} {kind}{review}")
        if imported.notes:
            parts.append(f"{imported.notes} translator note{'' if imported.notes == 1 else 's'}")
        counts = ", ".join(parts)
        would = " (dry run, nothing written)" if dry_run else ""
        out.print(f"{imported.path}: {imported.slug} [{imported.lang}] {counts}{would}")
        for remark in imported.remarks:
            out.print(f"  {remark}")
        if imported.stale_export:
            out.print("  the source has changed since this file was exported")
        for outcome in imported.outcomes:
            if not verbose and not worth_showing(outcome):
                continue
            detail = f": {outcome.detail}" if outcome.detail else ""
            if outcome.notes:
                detail += f" ({outcome.notes} translator note{'' if outcome.notes == 1 else 's'})"
            source = outcome.source if len(outcome.source) < 70 else outcome.source[:69] + "…"
            out.print(f"  {outcome.kind:<9} {outcome.unit} {source!r}{detail}")
