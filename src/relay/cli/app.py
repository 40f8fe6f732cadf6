"""The ``relay`` command: wires options to the pipeline and prints its reports.

Every command calls one function of :mod:`relay.extract.run` or :mod:`relay.publish.run` and
renders what it returns. :class:`relay.core.errors.RelayError` becomes one line and a hint, with
exit code 2, here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from relay import __version__
from relay.cli import check as cli_check
from relay.cli import tm as cli_memory
from relay.core.errors import RelayError, UsageError
from relay.core.project import Project, init_project, open_project
from relay.extract.run import ExtractReport, extract
from relay.report.status import StatusRow, status
from relay.runtime.files import write_atomic
from relay.runtime.lock import folder_lock, project_lock

if TYPE_CHECKING:
    # Imported where their commands run: every command would otherwise pay for the checks,
    # the exchange formats and the report (a third of starting relay), extract included.
    from relay.exchange.handoff import ImportReport
    from relay.publish.run import PublishReport
    from relay.report.html import ReportRow

app = typer.Typer(
    name="relay",
    help="Translation workflow pipeline for multilingual press releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Print only errors.")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Print more.")]
ReleaseArgs = Annotated[
    list[str] | None, typer.Argument(help="Release slugs (default: all).", show_default=False)
]


@dataclass
class Settings:
    project_dir: Path
    quiet: bool
    verbose: bool


def _settings(ctx: typer.Context) -> Settings:
    """The global options, with a command's own -q/-v (given after its name) on top."""
    settings: Settings = ctx.ensure_object(Settings)
    return Settings(
        settings.project_dir,
        settings.quiet or bool(ctx.params.get("quiet")),
        settings.verbose or bool(ctx.params.get("verbose")),
    )


def _project(ctx: typer.Context) -> Project:
    return open_project(_settings(ctx).project_dir)


# Release titles, file names and translations are data: never read them as rich markup.
out_console = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    project: Annotated[
        Path, typer.Option("-C", "--project", help="Run as if started in this folder.")
    ] = Path("."),
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Print more.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        out_console.print(f"relay {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out_console.print(ctx.get_help())
        raise typer.Exit(2)
    ctx.obj = Settings(project, quiet, verbose)


@app.command()
def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the new project.")],
    source_lang: Annotated[str, typer.Option("--source-lang", help="Language of the sources.")],
    target_lang: Annotated[
        list[str], typer.Option("--target-lang", help="A language to translate into (repeat).")
    ],
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Make a new, empty relay project."""
    with folder_lock(directory):
        project = init_project(directory, source_lang=source_lang, target_langs=target_lang)
    if not _settings(ctx).quiet:
        out_console.print(f"Created a relay project in {project.root}")
        out_console.print(
            f"Put releases in {project.sources_dir} and run: relay -C {directory} extract"
        )


@app.command("extract")
def extract_command(
    ctx: typer.Context,
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Read sources/ and update locales/templates/*.pot and locales/<lang>/*.po."""
    with project_lock(_project(ctx)) as project:
        report = extract(project, releases or [])
    _print_extract(report, _settings(ctx))
    _fail_on_errors(report.errors)


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
            out_console.print(f"{verb} {change.path}{detail}")
    written = len(report.written)
    out_console.print(
        f"{len(report.releases)} releases, {len(report.changes)} catalogs: "
        f"{written} written, {len(report.changes) - written} unchanged"
    )


@app.command("status")
def status_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Only this language.")] = None,
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show every release × language: words done, memory, QA findings, gate, embargo."""
    project = _project(ctx)
    from relay.report.status import overview

    rows, errors = status(project, releases or [], lang or [])
    states = {(row.slug, row.lang): row for row in overview(project)[0]}
    if as_json:
        body = {"status": [_status_json(row, states[(row.slug, row.lang)]) for row in rows]}
        out_console.print_json(json.dumps(body))
    else:
        _print_status(rows, states)
    _fail_on_errors(errors)


def _status_json(row: StatusRow, state: ReportRow) -> dict[str, object]:
    c = row.counts
    return {
        "release": row.slug,
        "lang": row.lang,
        "units": {
            "total": c.total,
            "translated": c.translated,
            "fuzzy": c.fuzzy,
            "untranslated": c.untranslated,
        },
        "words": {
            "total": c.words,
            "translated": c.translated_words,
            "fuzzy": c.fuzzy_words,
            "untranslated": c.untranslated_words,
            "memory": getattr(row, "memory_words", 0),
        },
        "percent": c.percent,
        "complete": c.complete,
        "qa": {"errors": state.errors, "warnings": state.warnings},
        "gate": state.gate,
        "reasons": list(state.reasons),
        "embargo": state.embargo.isoformat() if state.embargo else None,
    }


def _print_status(rows: list[StatusRow], states: dict[tuple[str, str], ReportRow]) -> None:
    columns = ("release", "lang", "done", "fuzzy", "to do", "memory", "%", "QA", "gate")
    cells = []
    for row in rows:
        c = row.counts
        state = states[(row.slug, row.lang)]
        qa = f"{state.errors}E {state.warnings}W" if state.errors or state.warnings else "-"
        gate = state.gate
        if state.gate == "embargoed" and state.embargo is not None:
            gate = f"embargoed until {state.embargo:%Y-%m-%d %H:%M %z}"
        cells.append(
            (
                row.slug,
                row.lang,
                str(c.translated_words),
                str(c.fuzzy_words),
                str(c.untranslated_words),
                str(getattr(row, "memory_words", 0)),
                f"{c.percent:.0f}%",
                qa,
                gate,
                "green" if c.complete else "yellow" if c.percent >= 50 else "red",
                "red" if state.errors else "yellow" if state.warnings else "",
                {"published": "green", "blocked": "red"}.get(state.gate, "blue"),
            )
        )
    if not out_console.is_terminal:
        # Piped: plain aligned columns, nothing a script has to strip.
        widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
        for line in (columns, *(r[:9] for r in cells)):
            out_console.print(
                "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=False)).rstrip()
            )
        return
    table = Table(title="Translation status (words)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(
            column,
            justify="left" if column in {"release", "lang", "gate"} else "right",
            no_wrap=column != "release",
            overflow="fold",
        )
    for *values, done_style, qa_style, gate_style in cells:
        table.add_row(
            *values[:6],
            Text(values[6], style=done_style),
            Text(values[7], style=qa_style),
            Text(values[8], style=gate_style),
        )
    out_console.print(table)


@app.command("report")
def report_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Where to write the page.")] = Path(
        "relay-report.html"
    ),
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write one self-contained HTML page: the status matrix and every release side by side."""
    project = _project(ctx)
    from relay.report.html import render_report
    from relay.report.status import overview

    rows, releases = overview(project)
    page = render_report(rows, releases, generated_for=project.root.name)
    write_atomic(out, page.encode("utf-8"))
    if not _settings(ctx).quiet:
        out_console.print(f"wrote {out}")


@app.command("pseudo")
def pseudo_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", help="The pseudo-locale (qps).")] = "qps",
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Fill a pseudo-locale's catalogs: accented, 30% longer, bracketed, placeholders intact."""
    with project_lock(_project(ctx)) as project:
        from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs

        written = pseudo_translate_catalogs(project, lang=lang, slugs=releases or [])
    if not _settings(ctx).quiet:
        for path in written:
            out_console.print(f"pseudo-translated {path}")
        out_console.print(f"{len(written)} catalogs written; publish them with relay publish")


@app.command("publish")
def publish_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be written; write nothing.")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Publish as if it were this time (ISO 8601, with zone)."),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write complete variants to public/<lang>/<slug>.<ext> and public/manifest.json."""
    project = _project(ctx)
    with project_lock(project):
        from relay.publish.run import publish

        report = publish(project, dry_run=dry_run, now=_moment(now))
    if as_json:
        out_console.print_json(json.dumps(_publish_json(report, dry_run)))
    elif not _settings(ctx).quiet:
        _print_publish(report, project, dry_run)
    _fail_on_errors(report.errors)


def _moment(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError(f"--now {text!r} has no time zone", hint="e.g. 2013-04-23T10:00+02:00")
    return moment


def _publish_json(report: PublishReport, dry_run: bool) -> dict[str, object]:
    return {
        "dry_run": dry_run,
        "manifest": report.manifest_action,
        "variants": [
            {
                "release": v.slug,
                "lang": v.lang,
                "status": "published" if v.published else "blocked",
                "gate": v.gate,
                "action": v.action,
                "path": str(v.path) if v.path else None,
                "fallback_units": v.fallback_units,
                "reasons": list(v.reasons),
            }
            for v in report.variants
        ],
        "feeds": report.feeds,
    }


def _print_publish(report: PublishReport, project: Project, dry_run: bool) -> None:
    would = "would be " if dry_run else ""
    for variant in report.variants:
        if variant.published:
            fallback = (
                f" ({variant.fallback_units} units in the source language)"
                if variant.fallback_units
                else ""
            )
            line = f"{variant.lang:<6} {variant.slug}: {would}{variant.action}{fallback}"
            out_console.print(line)
        else:
            withdrawn = f" ({would}withdrawn)" if variant.action == "withdrawn" else ""
            out_console.print(f"{variant.lang:<6} {variant.slug}: {variant.gate}{withdrawn}")
            for reason in variant.reasons:
                out_console.print(f"         - {reason}")
    for lang, action in report.feeds.items():
        if action != "unchanged":
            out_console.print(f"{lang:<6} feed.xml: {would}{action}")
    published = sum(1 for v in report.variants if v.published)
    out_console.print(
        f"{published} of {len(report.variants)} variants published; "
        f"manifest {would}{report.manifest_action}: {project.public_dir / 'manifest.json'}"
    )


@app.command("export")
def export_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", help="Target language to export.")],
    fmt: Annotated[
        str, typer.Option("--format", help="po, xliff (XLIFF 1.2) or xliff2 (XLIFF 2.0).")
    ] = "po",
    release: Annotated[
        list[str] | None, typer.Option("--release", help="Only this release (repeat).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default outbox/).")
    ] = None,
    untranslated_only: Annotated[
        bool, typer.Option("--untranslated-only", help="Only units not yet translated.")
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write one file per release for translators: outbox/<lang>/<slug>.po or .xlf."""
    from relay.exchange.handoff import export_packages

    files, errors = export_packages(
        _project(ctx),
        lang=lang,
        fmt=fmt,
        slugs=release or [],
        out=out,
        untranslated_only=untranslated_only,
    )
    if not _settings(ctx).quiet:
        for exported in files:
            state = "written" if exported.written else "unchanged"
            out_console.print(f"{exported.path} ({exported.units} units, {state})")
    _fail_on_errors(errors)


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Returned PO or XLIFF files.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report; change nothing.")] = False,
    as_json: JsonOption = False,
    prefer_theirs: Annotated[
        bool, typer.Option("--prefer-theirs", help="In a conflict, take the translator's.")
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Merge translators' files back into the catalogs, reporting every unit that was not."""
    with project_lock(_project(ctx)) as project:
        from relay.exchange.handoff import import_files

        report = import_files(project, files, dry_run=dry_run, prefer_theirs=prefer_theirs)
    if as_json:
        out_console.print_json(json.dumps(_import_json(report, dry_run)))
    elif not _settings(ctx).quiet:
        _print_import(report, dry_run, _settings(ctx).verbose)
    _fail_on_errors(report.errors)


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
                "units": [
                    {"id": o.unit, "outcome": o.kind, "source": o.source, "detail": o.detail}
                    for o in imported.outcomes
                ],
            }
            for imported in report.files
        ],
        "errors": [error.message for error in report.errors],
    }


def _print_import(report: ImportReport, dry_run: bool, verbose: bool) -> None:
    for imported in report.files:
        counts = ", ".join(f"{n} {kind}" for kind, n in imported.counts.items())
        would = " (dry run, nothing written)" if dry_run else ""
        out_console.print(f"{imported.path}: {imported.slug} [{imported.lang}] {counts}{would}")
        if imported.stale_export:
            out_console.print("  the source has changed since this file was exported")
        for outcome in imported.outcomes:
            if outcome.kind in {"applied", "unchanged"} and not verbose:
                continue
            detail = f": {outcome.detail}" if outcome.detail else ""
            source = outcome.source if len(outcome.source) < 70 else outcome.source[:69] + "…"
            out_console.print(f"  {outcome.kind:<9} {outcome.unit} {source!r}{detail}")


def _fail_on_errors(errors: list[RelayError]) -> None:
    for error in errors:
        _print_error(error)
    if errors:
        raise typer.Exit(2)


def _print_error(error: RelayError) -> None:
    err.print(Text("error:", style="bold red"), error.message)
    if error.hint:
        err.print(f"  hint: {error.hint}")


cli_check.register(
    app, project_of=_project, out=out_console, err=err, fail_on_errors=_fail_on_errors
)
cli_memory.register(
    app, project_of=_project, out=out_console, err=err, fail_on_errors=_fail_on_errors
)


def main() -> None:
    """Run the CLI: every error is one line and a hint, with exit code 2, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except RelayError as error:
        _print_error(error)
        sys.exit(error.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as error:
        # typer's own (vendored click) usage errors: a bad option, a missing argument.
        if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
            raise
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "relay"
        message = error.format_message()
        if message:  # empty when the help was shown instead of running nothing
            err.print(Text("error:", style="bold red"), message)
            err.print(f"  hint: see '{command} --help'")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
