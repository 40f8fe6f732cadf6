"""``relay notes``: the translators' notes and queries import kept, listed and resolved."""

from __future__ import annotations

from typing import Annotated

import typer

from relay.cli.common import JsonOption, fail_on_errors, out, print_json, project_of, settings
from relay.runtime.lock import project_lock

app = typer.Typer(
    help="Translators' notes and queries: list the open ones, resolve them.",
    no_args_is_help=True,
)


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the open notes of every release and language."""
    from relay.exchange.notes import project_notes

    notes, errors = project_notes(project_of(ctx))
    if as_json:
        body = [
            {
                "release": note.slug,
                "lang": note.lang,
                "unit": note.unit,
                "number": note.number,
                "source": note.source,
                "note": note.text,
            }
            for note in notes
        ]
        print_json({"notes": body})
        fail_on_errors(errors)
        return
    for note in notes:
        out.print(
            f"{note.slug} [{note.lang}] {note.unit} #{note.number} {note.source!r}: {note.text}"
        )
    if not notes and not settings(ctx).quiet:
        out.print("no open translator notes")
    fail_on_errors(errors)


@app.command("resolve")
def resolve_command(
    ctx: typer.Context,
    release: Annotated[str, typer.Argument(help="The release slug.", show_default=False)],
    lang: Annotated[str, typer.Argument(help="The language.", show_default=False)],
    unit: Annotated[str, typer.Argument(help="The unit id (or source).", show_default=False)],
    number: Annotated[
        int | None, typer.Option("--number", help="Only the unit's N-th open note.")
    ] = None,
) -> None:
    """Mark a unit's open notes resolved (kept in the catalog, no longer listed or exported)."""
    from relay.exchange.notes import resolve

    with project_lock(project_of(ctx)) as project:
        done = resolve(project, release, lang, unit, number)
    if not settings(ctx).quiet:
        out.print(f"resolved {done} note{'' if done == 1 else 's'} of {release} [{lang}] {unit}")
