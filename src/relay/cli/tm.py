"""The ``relay tm`` commands: translation memory in and out as TMX, and its index.

Wires options to :mod:`relay.memory.store` (``export_memory``, ``import_memory``,
``memory_stats``) and to :func:`relay.extract.run.extract` (``tm fill``), and prints what they
return; :data:`app` is the ``tm`` group the ``relay`` command adds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relay.cli.common import err, fail_on_errors, out, project_of, settings, styled
from relay.runtime.lock import project_lock

if TYPE_CHECKING:  # memory and extract are imported when a tm command runs: others start faster
    from relay.extract.run import ExtractReport
    from relay.memory.store import MemoryStats

TmxFile = Annotated[Path, typer.Argument(help="A TMX file.", show_default=False)]
ReleaseArgs = Annotated[
    list[str] | None, typer.Argument(help="Release slugs (default: all).", show_default=False)
]


app = typer.Typer(
    help="Translation memory: exchange it as TMX, rebuild or count its index.",
    no_args_is_help=True,
)


@app.command("export")
def export_command(
    ctx: typer.Context,
    file: TmxFile,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", help="Only this language (repeat).")
    ] = None,
) -> None:
    """Write the project's memory (every release, every language) as TMX 1.4b."""
    from relay.memory.store import export_memory

    exported, errors = export_memory(project_of(ctx), file, lang or [])
    if not settings(ctx).quiet:
        verb = "wrote" if exported.written else "unchanged"
        langs = ", ".join(exported.langs)
        out.print(f"{verb} {exported.path}: {exported.units} translation units ({langs})")
    fail_on_errors(errors)


@app.command("import")
def import_command(ctx: typer.Context, file: TmxFile) -> None:
    """Take a TMX file from a CAT tool into memory (kept in locales/memory/)."""
    with project_lock(project_of(ctx)) as project:
        from relay.memory.store import import_memory

        imported = import_memory(project, file)
    if settings(ctx).quiet:
        return
    verb = "replaced" if imported.replaced else "imported" if imported.written else "unchanged"
    by_lang = ", ".join(f"{lang} {count}" for lang, count in imported.by_lang.items())
    out.print(f"{verb} {imported.path} (origin {imported.origin})")
    out.print(
        f"{_units(imported.units)}: {imported.used} used ({by_lang}), "
        f"{imported.skipped} skipped (not in the project's languages)"
    )
    out.print("relay extract uses it for new units; relay tm fill also for older ones.")


@app.command("fill")
def fill_command(ctx: typer.Context, releases: ReleaseArgs = None) -> None:
    """Extract, and fill from memory every untranslated unit, not only new ones."""
    with project_lock(project_of(ctx)) as project:
        from relay.extract.run import extract

        report = extract(project, releases or [], refill=True)
    print_memory_report(report, quiet=settings(ctx).quiet)
    fail_on_errors(report.errors)


@app.command("stats")
def stats_command(ctx: typer.Context) -> None:
    """Bring the memory index up to date and say what it holds."""
    from relay.memory.store import memory_stats

    _print_stats(memory_stats(project_of(ctx)), ctx)


@app.command("rebuild")
def rebuild_command(ctx: typer.Context) -> None:
    """Throw the memory index away and build it again from locales/ (loses nothing)."""
    with project_lock(project_of(ctx)) as project:
        from relay.memory.store import memory_stats

        stats = memory_stats(project, rebuild=True)
    _print_stats(stats, ctx)


def print_memory_report(report: ExtractReport, *, quiet: bool) -> None:
    """Print what memory did during an extract: conflicts (always), then fills."""
    for conflict in report.conflicts:
        err.print(styled("warning:", "yellow"), f"memory conflict: {conflict}")
    if quiet:
        return
    for change in report.changes:
        if change.summary and change.summary.from_memory:
            out.print(f"filled {_units(change.summary.from_memory)} of {change.path} from memory")
    conflicts = len(report.conflicts)
    out.print(
        f"{_units(report.from_memory)} filled from memory, "
        f"{conflicts} conflict{'' if conflicts == 1 else 's'}"
    )


def _units(count: int) -> str:
    return f"{count} unit{'' if count == 1 else 's'}"


def _print_stats(stats: MemoryStats, ctx: typer.Context) -> None:
    for _, error in stats.synced.errors:
        err.print(styled("warning:", "yellow"), error.message)
    if settings(ctx).quiet:
        return
    synced = stats.synced
    out.print(
        f"{stats.cache}: {stats.files} files ({len(synced.read)} read, {synced.unchanged} "
        f"unchanged, {len(synced.removed)} removed)"
    )
    out.print(
        f"{stats.units} translation units, {stats.translations} distinct translations "
        f"of {stats.sources} source texts"
    )
    for lang, count in stats.by_lang.items():
        out.print(f"  {lang}: {count} units")
